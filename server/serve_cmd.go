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

// Roles of a serve process (--role).
const (
	roleAll    = "all"    // API, web app and workers in one process (the default)
	roleAPI    = "api"    // HTTP API only: never loads models, only queues jobs
	roleWorker = "worker" // runs jobs; HTTP only for /health and /metrics
)

func serveCmd() *cobra.Command {
	var (
		icfg         config.Inference
		addr         string
		dataDir      string
		publicDir    string
		slots        int
		maxMB        int
		maxQueue     int
		maxPerKey    int
		attempts     int
		sweepEvery   time.Duration
		allowPriv    bool
		ratePerMin   int
		costlyPerMin int
		maxInflight  int
		mediaTTL     int
		role         string
		dbURL        string
		blobsURL     string
		jobTimeout   time.Duration
		rescueAfter  time.Duration
		logFormat    string
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the HTTP API, the web app and the job workers (or one role of them)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			setLogger(logFormat)
			if role != roleAll && role != roleAPI && role != roleWorker {
				return fmt.Errorf("--role %q: want all, api or worker", role)
			}
			if role != roleAll && !store.IsPostgres(dbURL) {
				// SQLite is one process: a second one would requeue the
				// first one's running jobs at its start.
				return fmt.Errorf("--role %s needs a shared database: --db postgres://…", role)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			st, err := store.OpenWith(ctx, store.Options{DataDir: dataDir, DB: dbURL, Blobs: blobsURL})
			if err != nil {
				return err
			}
			defer st.Close()
			secrets, err := st.LoadSecrets(ctx)
			if err != nil {
				return err
			}
			metrics.RegisterQueue(st.DB)
			slog.Info("store", "role", role, "db", st.DB.Dialect.String(), "blobs", fmt.Sprintf("%T", st.Blobs))
			qopts := jobs.Options{JobTimeout: jobTimeout, RescueAfter: rescueAfter, MaxQueue: maxQueue, MaxQueuePerKey: maxPerKey,
				MaxAttempts: attempts, SweepEvery: sweepEvery, AllowPrivateWebhooks: allowPriv}
			if allowPriv {
				slog.Warn("--allow-private-webhooks: webhooks may reach loopback and private addresses (development only)")
			}
			if role == roleWorker {
				return runWorker(ctx, st, icfg, slots, addr, secrets, qopts)
			}
			if role == roleAll {
				// One process on SQLite: nothing is mid-upload yet.
				if removed, err := st.SweepBlobs(ctx, time.Minute); err != nil {
					slog.Warn("sweep blob folder", "err", err)
				} else if len(removed) > 0 {
					slog.Info("removed orphan and half-written blobs", "count", len(removed))
				}
			}
			devKey, err := developmentKey(ctx, st, addr)
			if err != nil {
				return err
			}
			cfg := api.Config{
				Meta:  st,
				Files: st.Blobs,
				NewQueue: func(ctx context.Context, pool *inference.Pool) (api.Queue, error) {
					q, err := jobs.New(ctx, st, pool, secrets, qopts)
					if err != nil {
						return nil, err
					}
					return q, q.Start(ctx)
				},
				PublicDir:            publicDir,
				Engine:               icfg.Engine(),
				Slots:                slots,
				MaxUpload:            int64(maxMB) << 20,
				AllowPrivateWebhooks: allowPriv,
				RatePerMinute:        ratePerMin,
				MediaTTL:             time.Duration(mediaTTL) * time.Second,
				DevKey:               devKey,
				Secrets:              secrets,
				APIOnly:              role == roleAPI,
			}
			if ch := st.Changes(); ch != nil {
				go ch.Run(ctx)
				cfg.Changes = ch
			}
			srv, err := api.New(cfg)
			if err != nil {
				return err
			}
			defer func() {
				c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				srv.Close(c)
			}()

			handler := withCORS(srv.Handler())
			root := http.NewServeMux()
			root.Handle("GET /metrics", metrics.Handler())
			root.Handle("/", handler)
			// Headers are small and quick; bodies (uploads of up to
			// --max-upload-mb) may take long on slow links, so only idle
			// connections get a further timeout.
			hs := &http.Server{Addr: addr, Handler: root, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: maxHeaderBytes, IdleTimeout: 2 * time.Minute}

			loadErr := make(chan error, 1)
			go func() { loadErr <- srv.Start(ctx) }()
			serveErr := make(chan error, 1)
			go func() { serveErr <- hs.ListenAndServe() }()
			slog.Info("listening", "addr", addr, "data", dataDir, "role", role)

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
		},
	}
	f := cmd.Flags()
	config.AddInferenceFlags(f, &icfg)
	f.StringVar(&addr, "addr", config.Env("MOTIONLAB_ADDR", "127.0.0.1:8000"), "listen address (worker role: /health and /metrics only) [MOTIONLAB_ADDR]")
	f.StringVar(&dataDir, "data", config.Env("MOTIONLAB_DATA", "data"), "folder for everything the server stores (with --db and --blobs: the local blob cache) [MOTIONLAB_DATA]")
	f.StringVar(&publicDir, "public", config.Env("MOTIONLAB_PUBLIC", "public"), "static files folder [MOTIONLAB_PUBLIC]")
	f.IntVar(&slots, "slots", config.EnvInt("MOTIONLAB_SLOTS", 1), "videos analysed at once, one pose engine each [MOTIONLAB_SLOTS]")
	f.IntVar(&maxQueue, "max-queue", config.EnvInt("MOTIONLAB_MAX_QUEUE", 32), "analyses waiting or running before uploads get 429 [MOTIONLAB_MAX_QUEUE]")
	f.IntVar(&maxPerKey, "max-queue-per-key", config.EnvInt("MOTIONLAB_MAX_QUEUE_PER_KEY", 16), "analyses of one API key waiting or running before its uploads get 429 key_queue_full [MOTIONLAB_MAX_QUEUE_PER_KEY]")
	f.BoolVar(&allowPriv, "allow-private-webhooks", config.EnvBool("MOTIONLAB_ALLOW_PRIVATE_WEBHOOKS", false), "let webhooks reach loopback, private and link-local addresses (development and tests only) [MOTIONLAB_ALLOW_PRIVATE_WEBHOOKS]")
	f.IntVar(&ratePerMin, "rate-per-minute", config.EnvInt("MOTIONLAB_RATE_PER_MINUTE", 120), "requests per minute per API key [MOTIONLAB_RATE_PER_MINUTE]")
	f.IntVar(&costlyPerMin, "costly-per-minute", config.EnvInt("MOTIONLAB_COSTLY_PER_MINUTE", 30), "per API key: /infer/video, /v1/images, keypoint analyses and vitals requests a minute (they spend no credit) [MOTIONLAB_COSTLY_PER_MINUTE]")
	f.IntVar(&maxInflight, "max-inflight-per-key", config.EnvInt("MOTIONLAB_MAX_INFLIGHT_PER_KEY", 2), "per API key: /infer/video and /v1/images requests in progress at once [MOTIONLAB_MAX_INFLIGHT_PER_KEY]")
	f.IntVar(&mediaTTL, "media-ttl", config.EnvInt("MOTIONLAB_MEDIA_TTL", 3600), "seconds a signed media link works [MOTIONLAB_MEDIA_TTL]")
	f.IntVar(&maxMB, "max-upload-mb", config.EnvInt("MOTIONLAB_MAX_UPLOAD_MB", 200), "largest accepted upload in MB [MOTIONLAB_MAX_UPLOAD_MB]")
	f.StringVar(&role, "role", config.Env("MOTIONLAB_ROLE", roleAll), "all, api (HTTP API, no models) or worker (jobs; HTTP only /health and /metrics) [MOTIONLAB_ROLE]")
	f.StringVar(&dbURL, "db", config.Env("MOTIONLAB_DB", ""), "metadata and job queue: empty for SQLite in --data, or postgres://USER@HOST:PORT/DB [MOTIONLAB_DB]")
	f.StringVar(&blobsURL, "blobs", config.Env("MOTIONLAB_BLOBS", ""), "videos and results: empty for --data/blobs, or s3://BUCKET?endpoint=HOST:PORT[&secure=true&region=R&prefix=P] (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) [MOTIONLAB_BLOBS]")
	f.DurationVar(&jobTimeout, "job-timeout", config.EnvDuration("MOTIONLAB_JOB_TIMEOUT", 10*time.Minute), "longest an analysis, render or vitals job may run before it is cancelled and retried [MOTIONLAB_JOB_TIMEOUT]")
	f.IntVar(&attempts, "job-attempts", config.EnvInt("MOTIONLAB_JOB_ATTEMPTS", 5), "tries of an analysis, render or vitals job before it fails for good (the analysis is then marked failed) [MOTIONLAB_JOB_ATTEMPTS]")
	f.DurationVar(&sweepEvery, "sweep-every", config.EnvDuration("MOTIONLAB_SWEEP_EVERY", time.Minute), "how often analyses and scans whose job is gone are marked failed (also at start) [MOTIONLAB_SWEEP_EVERY]")
	f.DurationVar(&rescueAfter, "rescue-after", config.EnvDuration("MOTIONLAB_RESCUE_AFTER", 0), "PostgreSQL: a job still running this long (its worker died) is run again by another worker; must exceed --job-timeout; 0 = job timeout + 1m [MOTIONLAB_RESCUE_AFTER]")
	f.StringVar(&logFormat, "log-format", config.Env("MOTIONLAB_LOG_FORMAT", "text"), "text or json [MOTIONLAB_LOG_FORMAT]")
	return cmd
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
func runWorker(ctx context.Context, st *store.Store, icfg config.Inference, slots int, addr string, secrets *store.Secrets, qopts jobs.Options) error {
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
	hs := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.ListenAndServe() }()
	slog.Info("worker: health and metrics", "addr", addr)
	defer func() {
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(c)
	}()

	if slots <= 0 {
		slots = 1
	}
	pool, err := inference.NewPool(ctx, icfg.Engine(), slots)
	if err != nil {
		return fmt.Errorf("load models: %w", err)
	}
	defer pool.Close()
	q, err := jobs.New(ctx, st, pool, secrets, qopts)
	if err != nil {
		return err
	}
	if err := q.Start(ctx); err != nil {
		return fmt.Errorf("start workers: %w", err)
	}
	ready.Store(true)
	slog.Info("worker: running jobs", "slots", slots, "model", icfg.Model, "device", icfg.Device)
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
