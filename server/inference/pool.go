package inference

import (
	"context"
	"fmt"
)

// Pool holds one warmed Engine per inference slot; a video borrows one for
// its whole run.
type Pool struct {
	engines chan *Engine
	size    int
}

// NewPool loads and warms n engines.
func NewPool(ctx context.Context, cfg Config, n int) (*Pool, error) {
	p := &Pool{engines: make(chan *Engine, n), size: n}
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			p.Close()
			return nil, err
		}
		e, err := NewEngine(cfg)
		if err != nil {
			p.Close()
			return nil, err
		}
		if err := e.Warm(); err != nil {
			e.Close()
			p.Close()
			return nil, fmt.Errorf("warm up: %w", err)
		}
		p.engines <- e
	}
	return p, nil
}

// Size is the number of slots.
func (p *Pool) Size() int { return p.size }

// Acquire waits for a free engine or ctx's end.
func (p *Pool) Acquire(ctx context.Context) (*Engine, error) {
	select {
	case e := <-p.engines:
		return e, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Release returns an engine to the pool.
func (p *Pool) Release(e *Engine) { p.engines <- e }

// Close frees the engines that are idle.
func (p *Pool) Close() {
	for {
		select {
		case e := <-p.engines:
			e.Close()
		default:
			return
		}
	}
}
