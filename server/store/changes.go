package store

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// changeChannel is the PostgreSQL NOTIFY channel that carries the id of an
// analysis whose row changed (progress, success, failure, rendering).
const changeChannel = "motionlab_analysis"

// NotifyChange tells every API process that analysis id changed. Inside a
// transaction PostgreSQL delivers it at commit; on SQLite (one process)
// readers poll instead, so this does nothing.
func NotifyChange(ctx context.Context, db DBTX, id string) error {
	if db.SQLDialect() != Postgres {
		return nil
	}
	_, err := db.ExecContext(ctx, `SELECT pg_notify(?, ?)`, changeChannel, id)
	return err
}

// Changes fans PostgreSQL notifications out to the event streams of one
// API process: one LISTEN connection per process, however many streams.
type Changes struct {
	dsn  string
	mu   sync.Mutex
	subs map[string]map[chan struct{}]struct{}
}

// Changes returns the store's notification hub, or nil on SQLite (where
// event streams poll the row).
func (s *Store) Changes() *Changes {
	if s.DB.Dialect != Postgres {
		return nil
	}
	return &Changes{dsn: s.DSN, subs: map[string]map[chan struct{}]struct{}{}}
}

// Subscribe returns a channel that receives a value (coalesced) whenever
// analysis id changes, and a function that ends the subscription.
func (c *Changes) Subscribe(id string) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	c.mu.Lock()
	if c.subs[id] == nil {
		c.subs[id] = map[chan struct{}]struct{}{}
	}
	c.subs[id][ch] = struct{}{}
	c.mu.Unlock()
	return ch, func() {
		c.mu.Lock()
		delete(c.subs[id], ch)
		if len(c.subs[id]) == 0 {
			delete(c.subs, id)
		}
		c.mu.Unlock()
	}
}

func (c *Changes) wake(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for sid, set := range c.subs {
		if id != "" && sid != id {
			continue
		}
		for ch := range set {
			select {
			case ch <- struct{}{}:
			default: // a wake-up is already pending
			}
		}
	}
}

// Run listens until ctx ends, reconnecting after errors. After each
// (re)connection every subscriber is woken, since notifications sent while
// disconnected are lost and streams must re-read their rows.
func (c *Changes) Run(ctx context.Context) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := c.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		slog.Warn("postgres LISTEN connection lost; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

func (c *Changes) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, c.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+changeChannel); err != nil {
		return err
	}
	c.wake("")
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		c.wake(n.Payload)
	}
}
