package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	q := `UPDATE analyses SET status = ?, error = ? WHERE id = ? AND (? = '' OR key_id = ?)`
	if got := rebind(SQLite, q); got != q {
		t.Errorf("sqlite changed the query: %s", got)
	}
	want := `UPDATE analyses SET status = $1, error = $2 WHERE id = $3 AND ($4 = '' OR key_id = $5)`
	if got := rebind(Postgres, q); got != want {
		t.Errorf("postgres: %s", got)
	}
}

func TestDerivedNameIsStableAndValid(t *testing.T) {
	a, b := DerivedName("abc", "raw_data", ".json"), DerivedName("abc", "raw_data", ".json")
	if a != b || !blobName.MatchString(a) {
		t.Errorf("derived names %q %q", a, b)
	}
	if DerivedName("abc", "track", ".json") == a || DerivedName("abd", "raw_data", ".json") == a {
		t.Error("different analyses or labels share a name")
	}
}

// TestMigrateUpgradesAnOldDatabase: a database made by the first version
// (analyses without the later columns) gains every column of the schema,
// and keeps its rows.
func TestMigrateUpgradesAnOldDatabase(t *testing.T) {
	dir := t.TempDir()
	old, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "motionlab.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, credits INTEGER, created_at TEXT NOT NULL, revoked_at TEXT)`,
		`CREATE TABLE analyses (id TEXT PRIMARY KEY, key_id TEXT NOT NULL REFERENCES api_keys(id), status TEXT NOT NULL, percentage REAL NOT NULL DEFAULT 0, params TEXT NOT NULL, video TEXT NOT NULL, filename TEXT NOT NULL, result TEXT, thumbnail TEXT, error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
		`INSERT INTO api_keys VALUES ('k', 'old', 'h', 'ml_x', NULL, '2026-01-01T00:00:00Z', NULL)`,
		`INSERT INTO analyses (id, key_id, status, params, video, filename, created_at, updated_at) VALUES ('a', 'k', 'success', '{}', 'v.mp4', 'v.mp4', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	ctx := context.Background()
	for range 2 { // a second start finds nothing to do
		st, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			for _, col := range tb.columns {
				name, _, _ := strings.Cut(col, " ")
				tx, _ := st.DB.BeginTx(ctx, nil)
				ok, err := hasColumn(ctx, tx, tb.name, name)
				tx.Rollback()
				if err != nil || !ok {
					t.Errorf("%s.%s missing after migration (%v)", tb.name, name, err)
				}
			}
		}
		a, err := st.Analysis(ctx, "k", "a")
		if err != nil || a.Status != Success || a.Source != SourceServer {
			t.Errorf("old row after migration: %+v, %v", a, err)
		}
		st.Close()
	}
}
