// Command motionlab is MotionLab's server and command-line tool.
package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
)

// exitError carries a specific exit code out of a subcommand.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func main() {
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		limitMallocArenas()
	}
	root := &cobra.Command{
		Use:           "motionlab",
		Short:         "Video biomechanics: pose keypoints, sport metrics, annotated video",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(poseCmd(), serveCmd(), analyzeCmd(), keysCmd(), assetsCmd(), validateCmd())
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "motionlab:", err)
		var ee *exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		os.Exit(1)
	}
}

func init() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}
