package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Dialect is the SQL engine behind a DB. Queries are written once with
// `?` placeholders; on PostgreSQL they are rebound to $1, $2, … so every
// store function runs unchanged on both engines.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is the metadata database. Its methods shadow *sql.DB's to rebind
// placeholders; the embedded *sql.DB is still there for River's driver.
type DB struct {
	*sql.DB
	Dialect Dialect
}

// Tx is a transaction on DB. River inserts jobs in Tx.Tx so an analysis
// row and its job commit together on either engine.
type Tx struct {
	*sql.Tx
	Dialect Dialect
}

// DBTX is a database or a transaction. Raw *sql.DB and *sql.Tx do not
// satisfy it (no Dialect), so a query cannot skip rebinding by accident.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	SQLDialect() Dialect
}

// SQLDialect tells which engine runs the queries.
func (db *DB) SQLDialect() Dialect { return db.Dialect }

// SQLDialect tells which engine runs the queries.
func (tx *Tx) SQLDialect() Dialect { return tx.Dialect }

func (db *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.DB.ExecContext(ctx, rebind(db.Dialect, q), args...)
}

func (db *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return db.DB.QueryRowContext(ctx, rebind(db.Dialect, q), args...)
}

func (db *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.DB.QueryContext(ctx, rebind(db.Dialect, q), args...)
}

// BeginTx starts a transaction that rebinds like DB.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := db.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, Dialect: db.Dialect}, nil
}

func (tx *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.Tx.ExecContext(ctx, rebind(tx.Dialect, q), args...)
}

func (tx *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.Tx.QueryRowContext(ctx, rebind(tx.Dialect, q), args...)
}

func (tx *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.Tx.QueryContext(ctx, rebind(tx.Dialect, q), args...)
}

// rebind turns `?` into PostgreSQL's numbered placeholders. MotionLab's
// queries have no `?` inside string literals, so a plain scan is enough.
func rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
