// Package store keeps MotionLab's metadata (API keys, analyses, scans) in
// SQLite (the single-binary default) or PostgreSQL (many processes), and
// its files (uploads, results) in a blob folder or an S3-compatible bucket.
// The job queue (River) shares the database, so an analysis row and its
// job commit in one transaction on either engine.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver, registered as "pgx"
	_ "modernc.org/sqlite"             // pure-Go SQLite driver, registered as "sqlite"
)

// ErrNotFound is returned for a missing (or not owned) row.
var ErrNotFound = errors.New("not found")

// Store is the metadata database plus the blob store.
type Store struct {
	DB    *DB
	Blobs BlobStore
	// DSN is the PostgreSQL connection string ("" on SQLite), for the
	// LISTEN connection of Changes.
	DSN string
	dir string
}

// Options select the back ends. The zero value (beside DataDir) is the
// single-binary default: DataDir/motionlab.db and DataDir/blobs.
type Options struct {
	// DataDir holds the SQLite database, the local blobs and the signing
	// key; with S3 it holds the local blob cache.
	DataDir string
	// DB is "" (SQLite in DataDir) or a postgres:// URL.
	DB string
	// Blobs is "" (DataDir/blobs) or s3://BUCKET?endpoint=HOST:PORT&….
	Blobs string
	// APIOnly: no worker in this process reads what it writes, so with
	// S3 a written blob's local copy is dropped once uploaded.
	APIOnly bool
}

// Open opens (creating if needed) the SQLite database and blob folder
// under dir.
func Open(ctx context.Context, dir string) (*Store, error) {
	return OpenWith(ctx, Options{DataDir: dir})
}

// IsPostgres tells whether a --db value names PostgreSQL.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// OpenWith opens the configured back ends and brings the schema up to date.
func OpenWith(ctx context.Context, o Options) (*Store, error) {
	if err := os.MkdirAll(o.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	var db *DB
	switch {
	case o.DB == "" || o.DB == "sqlite":
		// The pragmas are the ones DESIGN.md found to work with River: WAL,
		// a busy timeout, and immediate transactions on a single connection.
		// synchronous=FULL syncs the WAL at every commit, so an answered
		// upload survives an OS crash or power loss (NORMAL may lose the
		// last commits there).
		dsn := "file:" + filepath.Join(o.DataDir, "motionlab.db") +
			"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_pragma=foreign_keys(ON)&_txlock=immediate"
		sdb, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		sdb.SetMaxOpenConns(1)
		db = &DB{DB: sdb, Dialect: SQLite}
	case IsPostgres(o.DB):
		pdb, err := sql.Open("pgx", o.DB)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pdb.SetMaxOpenConns(16)
		pdb.SetMaxIdleConns(4)
		if err := pdb.PingContext(ctx); err != nil {
			pdb.Close()
			return nil, fmt.Errorf("connect to postgres: %w", err)
		}
		db = &DB{DB: pdb, Dialect: Postgres}
	default:
		return nil, fmt.Errorf("--db %q: want empty (SQLite in the data folder) or postgres://…", o.DB)
	}
	if err := Migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate schema: %w", err)
	}
	var blobs BlobStore
	switch {
	case o.Blobs == "" || o.Blobs == "local":
		b, err := NewBlobs(filepath.Join(o.DataDir, "blobs"))
		if err != nil {
			db.Close()
			return nil, err
		}
		blobs = b
	case strings.HasPrefix(o.Blobs, "s3://"):
		c, err := ParseS3URL(o.Blobs)
		if err == nil {
			var b *S3Blobs
			if b, err = NewS3Blobs(ctx, c, filepath.Join(o.DataDir, "blob-cache")); err == nil {
				b.KeepUploads, blobs = !o.APIOnly, b
			}
		}
		if err != nil {
			db.Close()
			return nil, err
		}
	default:
		db.Close()
		return nil, fmt.Errorf("--blobs %q: want empty (a folder in the data folder) or s3://BUCKET?endpoint=…", o.Blobs)
	}
	st := &Store{DB: db, Blobs: blobs, dir: o.DataDir}
	if db.Dialect == Postgres {
		st.DSN = o.DB
	}
	return st, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.DB.Close() }
