// Package store keeps MotionLab's metadata (API keys, analyses) in SQLite
// and its files (uploads, results) in a blob folder. The job queue (River)
// shares the same database so that an analysis row and its job commit in
// one transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite"
)

// ErrNotFound is returned for a missing (or not owned) row.
var ErrNotFound = errors.New("not found")

// Store is the SQLite database plus the blob folder.
type Store struct {
	DB    *sql.DB
	Blobs *Blobs
}

const schema = `
CREATE TABLE IF NOT EXISTS api_keys (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,   -- sha256 of the key; the key itself is never stored
	prefix     TEXT NOT NULL,          -- first characters, to recognise a key in listings
	credits    INTEGER,                -- NULL = unlimited
	callback_url TEXT,                 -- default webhook of the key's analyses
	allowed_origins TEXT,              -- space-separated origins that may embed MotionLab with this key
	created_at TEXT NOT NULL,
	revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS analyses (
	id          TEXT PRIMARY KEY,
	key_id      TEXT NOT NULL REFERENCES api_keys(id),
	status      TEXT NOT NULL,         -- pending | analyzing | success | failed
	percentage  REAL NOT NULL DEFAULT 0,
	params      TEXT NOT NULL,         -- JSON of the request's parameters
	video       TEXT NOT NULL,         -- blob name of the upload
	filename    TEXT NOT NULL,
	result      TEXT,                  -- blob name of raw_data JSON
	calculated  TEXT,                  -- blob name of calculated_data JSON (NULL: none for this activity)
	track       TEXT,                  -- blob name of the athlete's cleaned keypoint track JSON
	annotated   TEXT,                  -- blob name of the annotated MP4 once rendered
	fps         REAL,                  -- processing rate while analyzing
	eta         REAL,                  -- estimated seconds left while analyzing
	thumbnail   TEXT,                  -- blob name of the JPEG thumbnail
	error       TEXT,
	source      TEXT,                  -- server (video uploaded) | browser (keypoints computed in the browser); NULL = server
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS analyses_key ON analyses(key_id, created_at);
`

// Open opens (creating if needed) the database and blob folder under dir.
// The pragmas are the ones DESIGN.md found to work with River: WAL, a busy
// timeout, and immediate transactions on a single connection.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	dsn := "file:" + filepath.Join(dir, "motionlab.db") +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("create schema: %w", err)
	}
	if _, err := db.ExecContext(ctx, scanSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("create scan schema: %w", err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate schema: %w", err)
	}
	blobs, err := NewBlobs(filepath.Join(dir, "blobs"))
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{DB: db, Blobs: blobs}, nil
}

// migrate adds the columns later versions introduced to a database an
// earlier version created.
func migrate(ctx context.Context, db *sql.DB) error {
	for _, c := range []struct{ table, col string }{
		{"analyses", "calculated TEXT"}, {"analyses", "track TEXT"}, {"analyses", "annotated TEXT"},
		{"analyses", "fps REAL"}, {"analyses", "eta REAL"}, {"analyses", "source TEXT"},
		{"api_keys", "allowed_origins TEXT"},
	} {
		name, _, _ := strings.Cut(c.col, " ")
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?`, c.table, name).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			// table and col come from the list above, never from input.
			if _, err := db.ExecContext(ctx, `ALTER TABLE `+c.table+` ADD COLUMN `+c.col); err != nil {
				return fmt.Errorf("add column %s.%s: %w", c.table, name, err)
			}
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.DB.Close() }
