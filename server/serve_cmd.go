package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rs/cors"
	"github.com/spf13/cobra"

	"motionlab/server/api"
	"motionlab/server/config"
)

func serveCmd() *cobra.Command {
	var (
		icfg      config.Inference
		addr      string
		dataDir   string
		publicDir string
		slots     int
		maxMB     int
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the HTTP API (and, later, the web app)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
			srv, err := api.New(api.Config{
				DataDir:   dataDir,
				PublicDir: publicDir,
				Engine:    icfg.Engine(),
				Slots:     slots,
				MaxUpload: int64(maxMB) << 20,
			})
			if err != nil {
				return err
			}
			defer srv.Close()
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()

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
				if err != nil {
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
	f.IntVar(&maxMB, "max-upload-mb", config.EnvInt("MOTIONLAB_MAX_UPLOAD_MB", 200), "largest accepted upload in MB [MOTIONLAB_MAX_UPLOAD_MB]")
	return cmd
}
