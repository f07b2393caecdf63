package inference

import (
	"context"
	"fmt"
	"time"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
)

// Pool holds one warmed Engine per inference slot; a video borrows one for
// its whole run.
type Pool struct {
	engines chan *Engine
	size    int
	frameMS float64
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
		if i == 0 {
			if p.frameMS, err = frameCost(e); err != nil {
				e.Close()
				p.Close()
				return nil, fmt.Errorf("time the models: %w", err)
			}
		}
		p.engines <- e
	}
	return p, nil
}

// FrameMS is the measured cost of tracking one person through one frame,
// in milliseconds: what the browser compares its own speed with.
func (p *Pool) FrameMS() float64 { return p.frameMS }

// frameCost times the models on a blank 1280×720 frame: three landmark
// runs and one detection, the detector counted at the tracker's rate of
// twice a second at 30 fps.
func frameCost(e *Engine) (float64, error) {
	img := &frame.RGB{W: 1280, H: 720, Stride: 3 * 1280, Pix: make([]byte, 3*1280*720)}
	roi := blazepose.Rect{XCenter: 640, YCenter: 360, Width: 500, Height: 500}
	start := time.Now()
	for range 3 {
		if _, err := e.Landmarks(img, roi); err != nil {
			return 0, err
		}
	}
	lm := time.Since(start).Seconds() * 1000 / 3
	start = time.Now()
	if _, err := e.Detect(img); err != nil {
		return 0, err
	}
	return lm + time.Since(start).Seconds()*1000/15, nil
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
