// Package api is MotionLab's HTTP API: typed Huma operations on net/http,
// described by the OpenAPI document at /openapi.json with a local docs
// page at /docs.
package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"motionlab/server/inference"
)

// Config is what the API needs from the command line.
type Config struct {
	DataDir   string // uploads and results live under it
	PublicDir string // static files (docs UI assets)
	Engine    inference.Config
	// Slots is how many videos are analysed at once (one engine each).
	Slots int
	// MaxUpload caps an upload's size in bytes.
	MaxUpload int64
}

// Server holds the API's state.
type Server struct {
	cfg     Config
	api     huma.API
	mux     *http.ServeMux
	ready   atomic.Bool
	engines chan *inference.Engine
	uploads string
}

// New builds the server. Models load in the background (Start); until
// they are warm, /health answers 503.
func New(cfg Config) (*Server, error) {
	if cfg.Slots <= 0 {
		cfg.Slots = 1
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 200 << 20
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), engines: make(chan *inference.Engine, cfg.Slots)}
	s.uploads = filepath.Join(cfg.DataDir, "uploads")
	if err := os.MkdirAll(s.uploads, 0o750); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	hc := huma.DefaultConfig("MotionLab API", "0.1.0")
	hc.Info.Description = "Video biomechanics: pose keypoints, sport metrics and annotated video from a phone video."
	hc.DocsPath = "" // Huma's page loads its UI from a CDN; /docs is served locally.
	s.api = humago.New(s.mux, hc)
	s.registerHealth()
	s.registerInfer()
	s.registerDocs()
	return s, nil
}

// Start loads one engine per slot and warms each with a run, then marks
// the server ready. It returns the first error, or ctx's when cancelled.
func (s *Server) Start(ctx context.Context) error {
	for i := 0; i < s.cfg.Slots; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		e, err := inference.NewEngine(s.cfg.Engine)
		if err != nil {
			return err
		}
		if err := e.Warm(); err != nil {
			e.Close()
			return fmt.Errorf("warm up: %w", err)
		}
		s.engines <- e
	}
	s.ready.Store(true)
	slog.Info("models loaded", "slots", s.cfg.Slots, "model", s.cfg.Engine.Model)
	return nil
}

// Close frees the engines that are idle.
func (s *Server) Close() {
	for {
		select {
		case e := <-s.engines:
			e.Close()
		default:
			return
		}
	}
}

// Handler is the whole HTTP surface.
func (s *Server) Handler() http.Handler { return s.limitUploads(s.mux) }

// acquire waits for a free engine or the request's end.
func (s *Server) acquire(ctx context.Context) (*inference.Engine, error) {
	select {
	case e := <-s.engines:
		return e, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Server) release(e *inference.Engine) { s.engines <- e }
