// Command motionlab is MotionLab's server and command-line tool.
package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"

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
	tightenGC()
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

// gcPercent is the Go heap's growth between collections (GOGC). Decoded
// frames are most of the heap while a video is tracked (7 buffers of
// 6 MB at 1080p, held for the whole video), and Go's default of 100 let
// the heap grow to twice that before collecting: the server peaked at
// 383–401 MB over make bench's runs, 367 MB at 50. The heap's other
// allocations are few and short-lived, so the extra collections cost no
// measurable time (nine in the whole bench run at 100).
const gcPercent = 50

// tightenGC sets gcPercent unless GOGC says otherwise.
func tightenGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
}

func init() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}
