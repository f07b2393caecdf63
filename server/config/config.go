// Package config reads every setting of the motionlab command in one place:
// each has a flag, an environment variable and a default.
package config

import (
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"motionlab/server/inference"
)

// Inference holds the pose-engine settings shared by every subcommand.
type Inference struct {
	ModelsDir string
	Library   string
	Model     string
	Device    string
	Threads   int
	// LandmarkEngines: landmark sessions per engine, run in parallel on
	// the people of a frame (and a photo's crops).
	LandmarkEngines int
}

// Env returns the environment variable key, or def when unset.
func Env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// EnvInt returns the environment variable key as an int, or def.
func EnvInt(key string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return v
	}
	return def
}

// EnvBool returns the environment variable key as a bool ("1", "true"),
// or def.
func EnvBool(key string, def bool) bool {
	if v, err := strconv.ParseBool(os.Getenv(key)); err == nil {
		return v
	}
	return def
}

// EnvDuration returns the environment variable key as a duration
// ("90s", "5m"), or def.
func EnvDuration(key string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(key)); err == nil {
		return v
	}
	return def
}

// AddInferenceFlags registers the engine flags on fs.
func AddInferenceFlags(fs *pflag.FlagSet, c *Inference) {
	fs.StringVar(&c.ModelsDir, "models", Env("MOTIONLAB_MODELS", filepath.Join(".cache", "models")), "folder of converted models [MOTIONLAB_MODELS]")
	fs.StringVar(&c.Library, "ort-lib", Env("MOTIONLAB_ORT_LIB", filepath.Join(".cache", "lib", "libonnxruntime.so.1")), "ONNX Runtime shared library [MOTIONLAB_ORT_LIB]")
	fs.StringVar(&c.Model, "model", Env("MOTIONLAB_MODEL", "full"), "landmark model: lite, full or heavy [MOTIONLAB_MODEL]")
	fs.StringVar(&c.Device, "device", Env("MOTIONLAB_DEVICE", "cpu"), "cpu or cuda [MOTIONLAB_DEVICE]")
	fs.IntVar(&c.Threads, "threads", EnvInt("MOTIONLAB_THREADS", 0), "ONNX Runtime threads per session; 0 = auto: all cores for a photo, 1 per engine for video (the decoder takes another core) [MOTIONLAB_THREADS]")
	fs.IntVar(&c.LandmarkEngines, "landmark-engines", EnvInt("MOTIONLAB_LANDMARK_ENGINES", 1), "landmark-model sessions per engine, run in parallel on the people of a frame and a photo's crops; each extra one holds the model again (~30 MB for full) [MOTIONLAB_LANDMARK_ENGINES]")
}

// Engine converts the settings to the inference package's config.
func (c Inference) Engine() inference.Config {
	return inference.Config{
		ModelsDir: c.ModelsDir,
		Model:     c.Model,
		Options:   inference.Options{Library: c.Library, Device: c.Device, Threads: c.Threads, LandmarkEngines: c.LandmarkEngines},
	}
}
