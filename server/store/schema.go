package store

import (
	"context"
	"fmt"
	"strings"
)

// The schema's single source of truth, for SQLite and PostgreSQL alike.
// Column types are the ones both engines accept with the same meaning
// (TEXT, BIGINT, DOUBLE PRECISION; times are RFC 3339 text). Migration is
// declarative: each table is created when missing and each column added
// when missing, so a database any earlier version created catches up.
// A column added after a table first shipped must be nullable or have a
// default (ALTER TABLE ADD COLUMN on a table with rows needs one).
type table struct {
	name    string
	columns []string // "name TYPE constraints"
	indexes []string // CREATE INDEX IF NOT EXISTS statements
}

var tables = []table{
	{name: "api_keys", columns: []string{
		"id TEXT PRIMARY KEY",
		"name TEXT NOT NULL",
		"hash TEXT NOT NULL UNIQUE", // sha256 of the key; the key itself is never stored
		"prefix TEXT NOT NULL",      // first characters, to recognise a key in listings
		"credits BIGINT",            // NULL = unlimited
		"callback_url TEXT",         // default webhook of the key's analyses
		"created_at TEXT NOT NULL",
		"revoked_at TEXT",
		"allowed_origins TEXT",   // origins that may embed the app with this key
		"webhook_version BIGINT", // generation of the key's webhook secret (NULL = 0); rotating adds one
	}},
	{name: "analyses", columns: []string{
		"id TEXT PRIMARY KEY",
		"key_id TEXT NOT NULL REFERENCES api_keys(id)",
		"status TEXT NOT NULL", // pending | analyzing | success | failed
		"percentage DOUBLE PRECISION NOT NULL DEFAULT 0",
		"params TEXT NOT NULL", // JSON of the request's parameters
		"video TEXT NOT NULL",  // blob name of the upload
		"filename TEXT NOT NULL",
		"result TEXT",          // blob name of raw_data JSON
		"calculated TEXT",      // blob name of calculated_data JSON (NULL: none for this activity)
		"track TEXT",           // blob name of the athlete's cleaned keypoint track JSON
		"annotated TEXT",       // blob name of the annotated MP4 once rendered
		"fps DOUBLE PRECISION", // processing rate while analyzing
		"eta DOUBLE PRECISION", // estimated seconds left while analyzing
		"thumbnail TEXT",       // blob name of the JPEG thumbnail
		"error TEXT",
		"reason TEXT", // machine-readable code of a failure that found nothing to measure
		"created_at TEXT NOT NULL",
		"updated_at TEXT NOT NULL",
		"source TEXT", // server | browser (where the keypoints were computed)
	}, indexes: []string{
		"CREATE INDEX IF NOT EXISTS analyses_key ON analyses(key_id, created_at)",
		"CREATE INDEX IF NOT EXISTS analyses_status ON analyses(status)",
	}},
	{name: "scan_sessions", columns: []string{
		"id TEXT PRIMARY KEY",
		"key_id TEXT NOT NULL REFERENCES api_keys(id)",
		"status TEXT NOT NULL", // pending | processing | completed | failed
		"video TEXT",           // blob name of the upload
		"vitals TEXT",          // JSON of the vitals once completed
		"error TEXT",
		"processing_ms BIGINT",
		"created_at TEXT NOT NULL",
		"updated_at TEXT NOT NULL",
		"expires_at TEXT NOT NULL",
	}, indexes: []string{
		"CREATE INDEX IF NOT EXISTS scan_sessions_key ON scan_sessions(key_id, created_at)",
	}},
	// settings holds values every process of a deployment must share
	// (the signing key on PostgreSQL).
	{name: "settings", columns: []string{
		"name TEXT PRIMARY KEY",
		"value TEXT NOT NULL",
	}},
}

// migrateLock serialises migrations of processes starting together on
// PostgreSQL (concurrent CREATE TABLE IF NOT EXISTS can fail there).
const migrateLock = 0x6d6c6162 // "mlab"

// Migrate brings the database's schema up to date.
func Migrate(ctx context.Context, db *DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if db.Dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, migrateLock); err != nil {
			return fmt.Errorf("lock for migration: %w", err)
		}
	}
	for _, t := range tables {
		// Table, column and index names come from the list above, never from input.
		if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+t.name+" (\n\t"+strings.Join(t.columns, ",\n\t")+"\n)"); err != nil {
			return fmt.Errorf("create table %s: %w", t.name, err)
		}
		for _, col := range t.columns {
			name, _, _ := strings.Cut(col, " ")
			ok, err := hasColumn(ctx, tx, t.name, name)
			if err != nil {
				return fmt.Errorf("inspect %s.%s: %w", t.name, name, err)
			}
			if !ok {
				if _, err := tx.ExecContext(ctx, "ALTER TABLE "+t.name+" ADD COLUMN "+col); err != nil {
					return fmt.Errorf("add column %s.%s: %w", t.name, name, err)
				}
			}
		}
		for _, ix := range t.indexes {
			if _, err := tx.ExecContext(ctx, ix); err != nil {
				return fmt.Errorf("index on %s: %w", t.name, err)
			}
		}
	}
	return tx.Commit()
}

func hasColumn(ctx context.Context, tx *Tx, tableName, column string) (bool, error) {
	var n int
	var err error
	if tx.Dialect == Postgres {
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?`, tableName, column).Scan(&n)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, tableName, column).Scan(&n)
	}
	return n > 0, err
}
