package main

import (
	"log/slog"
	"os"
	"syscall"
)

// arenaEnv caps glibc's malloc arenas. glibc gives each thread that
// contends for malloc an arena of its own, up to eight per core, and keeps
// what the arenas freed: ONNX Runtime's, OpenCV's and FFmpeg's threads
// together left the server ~50 MB above what two arenas hold (peak RSS
// over /infer/video plus an analysis with its annotated video of the 10 s
// 1080p clip: 412–419 MB → 364–374 MB, make bench). glibc fixes the limit
// when the process's second arena is made, before any Go code runs, so
// mallopt from Go is too late: the variable must be in the environment
// at exec.
const arenaEnv = "MALLOC_ARENA_MAX"

// limitMallocArenas re-executes the server (same PID, same arguments) with
// MALLOC_ARENA_MAX=2 unless the variable is already set.
func limitMallocArenas() {
	if _, set := os.LookupEnv(arenaEnv); set {
		return
	}
	self, err := os.Executable()
	if err != nil {
		return
	}
	env := append(os.Environ(), arenaEnv+"=2")
	err = syscall.Exec(self, os.Args, env)
	slog.Warn("could not re-execute with a malloc arena limit; memory use will be higher", "err", err)
}
