// Package api is MotionLab's HTTP API: typed Huma operations on net/http,
// described by the OpenAPI document at /openapi.json with a local docs
// page at /docs.
package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/klauspost/compress/gzhttp"

	"motionlab/server/inference"
	"motionlab/server/store"
)

// Config is what the API needs from the command line.
type Config struct {
	Meta      Metadata
	Files     Files
	NewQueue  QueueFactory
	PublicDir string // static files (docs UI assets)
	Engine    inference.Config
	// Slots is how many videos are analysed at once (one engine each).
	Slots int
	// MaxUpload caps a /infer/video upload's size in bytes.
	MaxUpload int64
	// InferTimeout bounds one /infer/video stream (default 10 minutes).
	InferTimeout time.Duration
	// AllowPrivateWebhooks accepts callback URLs on loopback and private
	// addresses (development and tests; --allow-private-webhooks).
	AllowPrivateWebhooks bool
	// RatePerMinute is each key's request budget.
	RatePerMinute int
	// CostlyPerMinute is each key's budget of requests that spend no
	// credit but do work or write files (/infer/video, /v1/images,
	// keypoint analyses, vitals sessions and uploads); default 30.
	CostlyPerMinute int
	// MaxInflight is how many /infer/video and /v1/images requests of one
	// key may be in progress at once (default 2).
	MaxInflight int
	// MediaTTL is how long a signed media link works (default an hour).
	MediaTTL time.Duration
	// Secrets sign webhooks and media links.
	Secrets *store.Secrets
	// DevKey, when set, is the identity of requests without a key
	// (development mode: no keys exist and the server is loopback-only).
	DevKey *store.Key
	// APIOnly is the api role: no models are loaded (workers run the
	// jobs); /infer/video and /v1/images answer 503 there.
	APIOnly bool
	// Changes wakes event streams when an analysis changes (PostgreSQL
	// LISTEN/NOTIFY); nil means polling the row (SQLite).
	Changes ChangeFeed
}

// Server holds the API's state.
type Server struct {
	cfg    Config
	api    huma.API
	mux    *http.ServeMux
	meta   Metadata
	files  Files
	devKey *store.Key
	limits *limiter
	// costly and inflight bound the requests that spend no credit.
	costly   *bucket
	inflight *inflight
	secrets  *store.Secrets
	// public holds the routes (ServeMux patterns) that need no key.
	public map[string]bool
	// Set by Start before ready flips to true.
	ready atomic.Bool
	pool  *inference.Pool
	queue Queue
	// compress wraps the handler with zstd/gzip response compression.
	compress func(http.Handler) http.HandlerFunc
}

// New builds the server. Models load in Start; until they are warm,
// /health answers 503.
func New(cfg Config) (*Server, error) {
	if cfg.Slots <= 0 {
		cfg.Slots = 1
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 200 << 20
	}
	if cfg.InferTimeout <= 0 {
		cfg.InferTimeout = 10 * time.Minute
	}
	if cfg.RatePerMinute <= 0 {
		cfg.RatePerMinute = 120
	}
	if cfg.CostlyPerMinute <= 0 {
		cfg.CostlyPerMinute = 30
	}
	if cfg.MaxInflight <= 0 {
		cfg.MaxInflight = 2
	}
	if cfg.MediaTTL <= 0 {
		cfg.MediaTTL = time.Hour
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), meta: cfg.Meta, files: cfg.Files, devKey: cfg.DevKey, limits: newLimiter(cfg.RatePerMinute), secrets: cfg.Secrets, public: map[string]bool{},
		costly: newBucket(cfg.CostlyPerMinute), inflight: &inflight{max: cfg.MaxInflight, keys: map[string]int{}}}
	hc := huma.DefaultConfig("MotionLab API", "0.1.0")
	hc.Info.Description = "Video biomechanics: pose keypoints, sport metrics and annotated video from a phone video.\n\n" +
		"Authenticate with `Authorization: Bearer <key>` or `Authorization: API-KEY <key>`. Every response carries " +
		"`X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until the budget is full).\n\n" +
		"Analysis lifecycle: pending → 200, analyzing → 202 with percentage, success → 200, failed → 400."
	hc.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	hc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{"bearer": {Type: "http", Scheme: "bearer"}}
	hc.Security = []map[string][]string{{"bearer": {}}}
	hc.DocsPath = "" // Huma's page loads its UI from a CDN; /docs is served locally.
	hc.Transformers = append(hc.Transformers, sanitize)
	gz, err := gzhttp.NewWrapper(gzhttp.ContentTypeFilter(compressible))
	if err != nil {
		return nil, fmt.Errorf("compression: %w", err)
	}
	s.compress = gz
	s.api = humago.New(s.mux, hc)
	// The API's description is public.
	s.markPublic("GET "+hc.OpenAPIPath+".json", "GET "+hc.OpenAPIPath+"-3.0.json", "GET "+hc.OpenAPIPath+".yaml",
		"GET "+hc.OpenAPIPath+"-3.0.yaml", "GET "+hc.SchemasPath+"/{schema}")
	s.registerHealth()
	s.registerInfer()
	s.registerAnalyses()
	s.registerMeasurements()
	s.registerTiming()
	s.registerTrends()
	s.registerBrowserAnalyses()
	s.documentParams()
	s.registerEmbed()
	s.registerEvents()
	s.registerEdits()
	s.registerImages()
	s.registerSessions()
	s.registerLiftAnalysis()
	s.registerScans()
	s.registerDocs()
	s.mux.HandleFunc("GET /media/{name}", s.serveMedia)
	s.markPublic("GET /media/{name}") // the signature is the credential
	s.registerWebApp()
	return s, nil
}

// Start loads one warmed engine per slot, starts the job workers (which
// re-run analyses a crash interrupted) and marks the server ready.
func (s *Server) Start(ctx context.Context) error {
	if s.cfg.APIOnly {
		return s.startAPIOnly(ctx)
	}
	pool, err := inference.NewPool(ctx, s.cfg.Engine, s.cfg.Slots)
	if err != nil {
		return err
	}
	queue, err := s.cfg.NewQueue(ctx, pool)
	if err != nil {
		pool.Close()
		return fmt.Errorf("start workers: %w", err)
	}
	s.pool, s.queue = pool, queue
	s.ready.Store(true)
	slog.Info("models loaded", "slots", s.cfg.Slots, "model", s.cfg.Engine.Model)
	return nil
}

// Close stops the workers (running jobs are cancelled and retried at the
// next start) and frees the engines.
func (s *Server) Close(ctx context.Context) {
	if !s.ready.Load() {
		return
	}
	if err := s.queue.Stop(ctx); err != nil {
		slog.Warn("stop workers", "err", err)
	}
	if s.pool != nil {
		s.pool.Close()
	}
}

// Handler is the whole HTTP surface. Text responses (JSON, CSV, exports,
// the docs page) are compressed with zstd or gzip as the client accepts;
// event streams, videos and images are not (they are streamed live or
// already compressed).
func (s *Server) Handler() http.Handler {
	return s.instrument(s.compress(s.authenticate(s.limitUploads(s.mux))))
}

// schemaName names OpenAPI schemas. The shared packages reuse short type
// names (Step, Finding, Result in gait, sprint, lift, jump…), so their
// types are named with the package in front: GaitStep, LiftFinding.
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if pkg, ok := strings.CutPrefix(t.PkgPath(), "motionlab/shared/"); ok && t.Name() != "" {
		return strings.ToUpper(pkg[:1]) + pkg[1:] + name
	}
	return name
}

func compressible(ct string) bool {
	for _, p := range []string{"application/json", "application/problem+json", "application/javascript", "text/csv", "text/plain", "text/html", "text/css"} {
		if strings.HasPrefix(ct, p) {
			return true
		}
	}
	return false
}
