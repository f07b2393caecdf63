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
	"syscall"
	"time"

	"github.com/rs/cors"
	"github.com/spf13/cobra"

	"motionlab/server/api"
	"motionlab/server/config"
	"motionlab/server/inference"
	"motionlab/server/jobs"
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
	var (
		icfg       config.Inference
		addr       string
		dataDir    string
		publicDir  string
		slots      int
		maxMB      int
		maxQueue   int
		ratePerMin int
		mediaTTL   int
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the HTTP API (and, later, the web app)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			st, err := store.Open(ctx, dataDir)
			if err != nil {
				return err
			}
			defer st.Close()
			secrets, err := store.LoadSecrets(dataDir)
			if err != nil {
				return err
			}
			devKey, err := developmentKey(ctx, st, addr)
			if err != nil {
				return err
			}
			srv, err := api.New(api.Config{
				Meta:  st,
				Files: st.Blobs,
				NewQueue: func(ctx context.Context, pool *inference.Pool) (api.Queue, error) {
					q, err := jobs.New(ctx, st, pool, secrets.Webhook)
					if err != nil {
						return nil, err
					}
					return q, q.Start(ctx)
				},
				PublicDir:     publicDir,
				Engine:        icfg.Engine(),
				Slots:         slots,
				MaxUpload:     int64(maxMB) << 20,
				MaxQueue:      maxQueue,
				RatePerMinute: ratePerMin,
				MediaTTL:      time.Duration(mediaTTL) * time.Second,
				DevKey:        devKey,
				Secrets:       secrets,
			})
			if err != nil {
				return err
			}
			defer func() {
				c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				srv.Close(c)
			}()

			// Any origin may call the API from a browser (SprintLab's
			// frontend runs on its own origin); credentials are not cookies.
			handler := cors.New(cors.Options{
				AllowedOrigins: []string{"*"},
				AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodDelete},
				AllowedHeaders: []string{"Authorization", "Content-Type"},
			}).Handler(srv.Handler())
			hs := &http.Server{Addr: addr, Handler: handler, ReadHeaderTimeout: 10 * time.Second}

			loadErr := make(chan error, 1)
			go func() { loadErr <- srv.Start(ctx) }()
			serveErr := make(chan error, 1)
			go func() { serveErr <- hs.ListenAndServe() }()
			slog.Info("listening", "addr", addr, "data", dataDir)

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
	f.StringVar(&addr, "addr", config.Env("MOTIONLAB_ADDR", "127.0.0.1:8000"), "listen address [MOTIONLAB_ADDR]")
	f.StringVar(&dataDir, "data", config.Env("MOTIONLAB_DATA", "data"), "folder for everything the server stores [MOTIONLAB_DATA]")
	f.StringVar(&publicDir, "public", config.Env("MOTIONLAB_PUBLIC", "public"), "static files folder [MOTIONLAB_PUBLIC]")
	f.IntVar(&slots, "slots", config.EnvInt("MOTIONLAB_SLOTS", 1), "videos analysed at once, one pose engine each [MOTIONLAB_SLOTS]")
	f.IntVar(&maxQueue, "max-queue", config.EnvInt("MOTIONLAB_MAX_QUEUE", 32), "analyses waiting or running before uploads get 429 [MOTIONLAB_MAX_QUEUE]")
	f.IntVar(&ratePerMin, "rate-per-minute", config.EnvInt("MOTIONLAB_RATE_PER_MINUTE", 120), "requests per minute per API key [MOTIONLAB_RATE_PER_MINUTE]")
	f.IntVar(&mediaTTL, "media-ttl", config.EnvInt("MOTIONLAB_MEDIA_TTL", 3600), "seconds a signed media link works [MOTIONLAB_MEDIA_TTL]")
	f.IntVar(&maxMB, "max-upload-mb", config.EnvInt("MOTIONLAB_MAX_UPLOAD_MB", 200), "largest accepted upload in MB [MOTIONLAB_MAX_UPLOAD_MB]")
	return cmd
}
