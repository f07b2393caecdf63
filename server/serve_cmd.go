package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rs/cors"
	"github.com/spf13/cobra"

	"motionlab/server/api"
	"motionlab/server/config"
	"motionlab/server/inference"
	"motionlab/server/jobs"
	"motionlab/server/metrics"
	"motionlab/server/store"
)

// developmentKey decides how requests without a key are treated. With no
// API keys at all, a loopback-only server runs in development mode: such
// requests act as a built-in local key. Any other address without keys is
// refused, so a server is never exposed without authentication.
func developmentKey(ctx context.Context, st *store.Store, addr string) (*store.Key, error) {
	n, err := st.CountKeys(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %q: %w", addr, err)
	}
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("no API keys exist and --addr %s is not loopback: create one with `motionlab keys create --name NAME --data DIR`, or bind to 127.0.0.1", addr)
	}
	slog.Warn("development mode: no API keys exist, requests without a key are accepted (loopback only)")
	return st.DevKey(ctx)
}

func serveCmd() *cobra.Command {
	var cfg config.Serve
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the HTTP API, the web app and the job workers (or one role of them)",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return serve(cfg) },
	}
	config.AddFlags(cmd.Flags(), cfg.Settings())
	return cmd
}

// serve runs one serve process with its role until SIGINT or SIGTERM.
func serve(cfg config.Serve) error {
	setLogger(cfg.LogFormat)
	if err := cfg.Check(); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := store.OpenWith(ctx, store.Options{DataDir: cfg.DataDir, DB: cfg.DB, Blobs: cfg.Blobs, APIOnly: cfg.Role == config.RoleAPI})
	if err != nil {
		return err
	}
	defer st.Close()
	secrets, err := st.LoadSecrets(ctx)
	if err != nil {
		return err
	}
	metrics.RegisterQueue(st.DB)
	slog.Info("store", "role", cfg.Role, "db", st.DB.Dialect.String(), "blobs", fmt.Sprintf("%T", st.Blobs))
	if cfg.AllowPrivateWebhooks {
		slog.Warn("--allow-private-webhooks: webhooks may reach loopback and private addresses (development only)")
	}
	if cfg.Role == config.RoleWorker {
		return runWorker(ctx, st, cfg, secrets)
	}
	if cfg.Role == config.RoleAll {
		sweepBlobs(ctx, st) // one process on SQLite: nothing is mid-upload yet
	}
	devKey, err := developmentKey(ctx, st, cfg.Addr)
	if err != nil {
		return err
	}
	acfg := apiConfig(cfg, st, secrets, devKey)
	if ch := st.Changes(); ch != nil {
		go ch.Run(ctx)
		acfg.Changes = ch
	}
	srv, err := api.New(acfg)
	if err != nil {
		return err
	}
	defer func() {
		c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Close(c)
	}()
	return listen(ctx, cfg, srv)
}

// queueOptions are the job queue's settings.
func queueOptions(cfg config.Serve) jobs.Options {
	return jobs.Options{JobTimeout: cfg.JobTimeout, RescueAfter: cfg.RescueAfter, MaxQueue: cfg.MaxQueue, MaxQueuePerKey: cfg.MaxQueuePerKey,
		MaxAttempts: cfg.JobAttempts, SweepEvery: cfg.SweepEvery, AllowPrivateWebhooks: cfg.AllowPrivateWebhooks}
}

// apiConfig is the HTTP API's configuration: the settings, the store and
// a queue made once the models are loaded (workers run on the pool).
func apiConfig(cfg config.Serve, st *store.Store, secrets *store.Secrets, devKey *store.Key) api.Config {
	return api.Config{
		Meta:  st,
		Files: st.Blobs,
		NewQueue: func(ctx context.Context, pool *inference.Pool) (api.Queue, error) {
			q, err := jobs.New(ctx, st, pool, secrets, queueOptions(cfg))
			if err != nil {
				return nil, err
			}
			return q, q.Start(ctx)
		},
		PublicDir:            cfg.PublicDir,
		Engine:               cfg.Engine(),
		Slots:                cfg.Slots,
		MaxUpload:            cfg.MaxUpload(),
		AllowPrivateWebhooks: cfg.AllowPrivateWebhooks,
		RatePerMinute:        cfg.RatePerMinute,
		CostlyPerMinute:      cfg.CostlyPerMinute,
		MaxInflight:          cfg.MaxInflightPerKey,
		MediaTTL:             cfg.MediaTTL(),
		DevKey:               devKey,
		Secrets:              secrets,
		APIOnly:              cfg.Role == config.RoleAPI,
	}
}

// sweepBlobs removes orphan and half-written blobs.
func sweepBlobs(ctx context.Context, st *store.Store) {
	if removed, err := st.SweepBlobs(ctx, time.Minute); err != nil {
		slog.Warn("sweep blob folder", "err", err)
	} else if len(removed) > 0 {
		slog.Info("removed orphan and half-written blobs", "count", len(removed))
	}
}

// listen serves srv (and /metrics) on the settings' address while its
// models load, until ctx ends; then it shuts down gracefully.
func listen(ctx context.Context, cfg config.Serve, srv *api.Server) error {
	root := http.NewServeMux()
	root.Handle("GET /metrics", metrics.Handler())
	root.Handle("/", withCORS(srv.Handler()))
	// Headers are small and quick; bodies (uploads of up to
	// --max-upload-mb) may take long on slow links, so only idle
	// connections get a further timeout.
	hs := &http.Server{Addr: cfg.Addr, Handler: root, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: maxHeaderBytes, IdleTimeout: 2 * time.Minute}

	loadErr := make(chan error, 1)
	go func() { loadErr <- srv.Start(ctx) }()
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.ListenAndServe() }()
	slog.Info("listening", "addr", cfg.Addr, "data", cfg.DataDir, "role", cfg.Role)

	select {
	case err := <-loadErr:
		if err != nil && ctx.Err() == nil {
			hs.Close()
			return fmt.Errorf("load models: %w", err)
		}
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	select {
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(shutdown)
}

// maxHeaderBytes caps a request's header block (Go's default is 1 MB);
// larger ones get 431.
const maxHeaderBytes = 64 << 10

// corsPaths are the routes any origin may call from a browser: SprintLab's
// contract (its frontend runs on its own origin). The rest of the API is
// same-origin: the web app is served from here, and partners call it from
// their servers with a secret key.
var corsPaths = map[string]bool{"/health": true, "/infer/video": true}

// withCORS opens corsPaths to every origin and leaves the rest without
// CORS headers, so another site's page cannot read the API's answers.
func withCORS(h http.Handler) http.Handler {
	open := cors.New(cors.Options{
		AllowedOrigins: []string{"*"},
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Authorization", "Content-Type"},
	}).Handler(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if corsPaths[r.URL.Path] {
			open.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// setLogger makes slog the process's structured logger (json for log
// collectors, text for people).
func setLogger(format string) {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, opts)
	if format == "json" {
		h = slog.NewJSONHandler(os.Stderr, opts)
	}
	slog.SetDefault(slog.New(h))
}

// runWorker is the worker role: engines and job workers, and an HTTP
// listener with only /health (503 until the models are warm) and /metrics.
func runWorker(ctx context.Context, st *store.Store, cfg config.Serve, secrets *store.Secrets) error {
	var ready atomic.Bool
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler())
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"status":"loading","service":"motionlab-worker"}`)
			return
		}
		fmt.Fprintf(w, `{"status":"ok","service":"motionlab-worker","timestamp":%q}`, time.Now().UTC().Format(time.RFC3339))
	})
	hs := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.ListenAndServe() }()
	slog.Info("worker: health and metrics", "addr", cfg.Addr)
	defer func() {
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(c)
	}()

	slots := max(1, cfg.Slots)
	pool, err := inference.NewPool(ctx, cfg.Engine(), slots)
	if err != nil {
		return fmt.Errorf("load models: %w", err)
	}
	defer pool.Close()
	q, err := jobs.New(ctx, st, pool, secrets, queueOptions(cfg))
	if err != nil {
		return err
	}
	if err := q.Start(ctx); err != nil {
		return fmt.Errorf("start workers: %w", err)
	}
	ready.Store(true)
	slog.Info("worker: running jobs", "slots", slots, "model", cfg.Model, "device", cfg.Device)
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		slog.Error("worker: health listener failed", "err", err)
	}
	// Running jobs are cancelled; another worker (or this one, restarted)
	// runs them again.
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return q.Stop(c)
}
