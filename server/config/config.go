// Package config holds every setting of the motionlab command in one
// place: each is a typed field, with its flag, its environment variable,
// its default and its doc in one row of a table. A flag beats the
// environment variable, which beats the default.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"motionlab/server/inference"
	"motionlab/server/store"
)

// Setting is one setting: the flag that sets it, the environment variable
// that gives the flag its default, the default when that is unset too,
// and what it does.
type Setting struct {
	Flag    string
	Env     string
	Default any
	Doc     string
	field   any // *string, *int, *bool or *time.Duration
}

// setting ties a row of the table to its field; T keeps the default's
// type the field's.
func setting[T string | int | bool | time.Duration](field *T, flag, env string, def T, doc string) Setting {
	return Setting{Flag: flag, Env: env, Default: def, Doc: doc, field: field}
}

// AddFlags registers settings on fs, each defaulting to its environment
// variable, else its default, and naming the variable in its help.
func AddFlags(fs *pflag.FlagSet, settings []Setting) {
	for _, s := range settings {
		doc := fmt.Sprintf("%s [%s]", s.Doc, s.Env)
		switch f := s.field.(type) {
		case *string:
			fs.StringVar(f, s.Flag, Env(s.Env, s.Default.(string)), doc)
		case *int:
			fs.IntVar(f, s.Flag, EnvInt(s.Env, s.Default.(int)), doc)
		case *bool:
			fs.BoolVar(f, s.Flag, EnvBool(s.Env, s.Default.(bool)), doc)
		case *time.Duration:
			fs.DurationVar(f, s.Flag, EnvDuration(s.Env, s.Default.(time.Duration)), doc)
		default:
			panic(fmt.Sprintf("config: setting %s has a field of type %T", s.Flag, s.field))
		}
	}
}

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

// Settings are the engine's settings.
func (c *Inference) Settings() []Setting {
	return []Setting{
		setting(&c.ModelsDir, "models", "MOTIONLAB_MODELS", filepath.Join(".cache", "models"), "folder of converted models"),
		setting(&c.Library, "ort-lib", "MOTIONLAB_ORT_LIB", filepath.Join(".cache", "lib", "libonnxruntime.so.1"), "ONNX Runtime shared library"),
		setting(&c.Model, "model", "MOTIONLAB_MODEL", "full", "landmark model: lite, full or heavy"),
		setting(&c.Device, "device", "MOTIONLAB_DEVICE", "cpu", "cpu or cuda"),
		setting(&c.Threads, "threads", "MOTIONLAB_THREADS", 0, "ONNX Runtime threads per session; 0 = auto: all cores for a photo, 1 per engine for video (the decoder takes another core)"),
		setting(&c.LandmarkEngines, "landmark-engines", "MOTIONLAB_LANDMARK_ENGINES", 0, "landmark-model sessions per engine, run in parallel on the people of a frame and a photo's crops; each extra one holds the model again (~30 MB for full); 0 = auto: 2 with 2+ cores and 1-thread sessions"),
	}
}

// AddInferenceFlags registers the engine flags on fs.
func AddInferenceFlags(fs *pflag.FlagSet, c *Inference) { AddFlags(fs, c.Settings()) }

// Engine converts the settings to the inference package's config.
func (c Inference) Engine() inference.Config {
	return inference.Config{
		ModelsDir: c.ModelsDir,
		Model:     c.Model,
		Options:   inference.Options{Library: c.Library, Device: c.Device, Threads: c.Threads, LandmarkEngines: c.LandmarkEngines},
	}
}

// Roles of a serve process (Serve.Role).
const (
	RoleAll    = "all"    // API, web app and workers in one process (the default)
	RoleAPI    = "api"    // HTTP API only: never loads models, only queues jobs
	RoleWorker = "worker" // runs jobs; HTTP only for /health and /metrics
)

// Store is where the server keeps what it stores (serve, keys).
type Store struct {
	DataDir string
	DB      string
}

// Settings are the store's settings.
func (c *Store) Settings() []Setting {
	return []Setting{
		setting(&c.DataDir, "data", "MOTIONLAB_DATA", "data", "folder for everything the server stores (with --db and --blobs: the local blob cache)"),
		setting(&c.DB, "db", "MOTIONLAB_DB", "", "metadata and job queue: empty for SQLite in --data, or postgres://USER@HOST:PORT/DB"),
	}
}

// Serve holds the settings of `motionlab serve`.
type Serve struct {
	Inference
	Store
	Addr      string
	PublicDir string
	Role      string
	Blobs     string
	LogFormat string
	// Slots is how many videos are analysed at once, one engine each.
	Slots int
	// Uploads and per-key limits.
	MaxUploadMB       int
	RatePerMinute     int
	CostlyPerMinute   int
	MaxInflightPerKey int
	MediaTTLSeconds   int
	// The job queue.
	MaxQueue             int
	MaxQueuePerKey       int
	JobTimeout           time.Duration
	JobAttempts          int
	SweepEvery           time.Duration
	RescueAfter          time.Duration
	AllowPrivateWebhooks bool
}

// Settings are every setting of serve, the engine's and the store's
// included.
func (c *Serve) Settings() []Setting {
	return append(append(c.Inference.Settings(), c.Store.Settings()...),
		setting(&c.Addr, "addr", "MOTIONLAB_ADDR", "127.0.0.1:8000", "listen address (worker role: /health and /metrics only)"),
		setting(&c.PublicDir, "public", "MOTIONLAB_PUBLIC", "public", "static files folder"),
		setting(&c.Role, "role", "MOTIONLAB_ROLE", RoleAll, "all, api (HTTP API, no models) or worker (jobs; HTTP only /health and /metrics)"),
		setting(&c.Blobs, "blobs", "MOTIONLAB_BLOBS", "", "videos and results: empty for --data/blobs, or s3://BUCKET?endpoint=HOST:PORT[&secure=true&region=R&prefix=P] (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"),
		setting(&c.LogFormat, "log-format", "MOTIONLAB_LOG_FORMAT", "text", "text or json"),
		setting(&c.Slots, "slots", "MOTIONLAB_SLOTS", 1, "videos analysed at once, one pose engine each"),
		setting(&c.MaxUploadMB, "max-upload-mb", "MOTIONLAB_MAX_UPLOAD_MB", 200, "largest accepted upload in MB"),
		setting(&c.RatePerMinute, "rate-per-minute", "MOTIONLAB_RATE_PER_MINUTE", 120, "requests per minute per API key"),
		setting(&c.CostlyPerMinute, "costly-per-minute", "MOTIONLAB_COSTLY_PER_MINUTE", 30, "per API key: /infer/video, /v1/images, keypoint analyses and vitals requests a minute (they spend no credit)"),
		setting(&c.MaxInflightPerKey, "max-inflight-per-key", "MOTIONLAB_MAX_INFLIGHT_PER_KEY", 2, "per API key: /infer/video and /v1/images requests in progress at once"),
		setting(&c.MediaTTLSeconds, "media-ttl", "MOTIONLAB_MEDIA_TTL", 3600, "seconds a signed media link works"),
		setting(&c.MaxQueue, "max-queue", "MOTIONLAB_MAX_QUEUE", 32, "analyses waiting or running before uploads get 429"),
		setting(&c.MaxQueuePerKey, "max-queue-per-key", "MOTIONLAB_MAX_QUEUE_PER_KEY", 16, "analyses of one API key waiting or running before its uploads get 429 key_queue_full"),
		setting(&c.JobTimeout, "job-timeout", "MOTIONLAB_JOB_TIMEOUT", 10*time.Minute, "longest an analysis, render or vitals job may run before it is cancelled and retried"),
		setting(&c.JobAttempts, "job-attempts", "MOTIONLAB_JOB_ATTEMPTS", 5, "tries of an analysis, render or vitals job before it fails for good (the analysis is then marked failed)"),
		setting(&c.SweepEvery, "sweep-every", "MOTIONLAB_SWEEP_EVERY", time.Minute, "how often analyses and scans whose job is gone are marked failed (also at start)"),
		setting(&c.RescueAfter, "rescue-after", "MOTIONLAB_RESCUE_AFTER", time.Duration(0), "PostgreSQL: a job still running this long (its worker died) is run again by another worker; must exceed --job-timeout; 0 = job timeout + 1m"),
		setting(&c.AllowPrivateWebhooks, "allow-private-webhooks", "MOTIONLAB_ALLOW_PRIVATE_WEBHOOKS", false, "let webhooks reach loopback, private and link-local addresses (development and tests only)"),
	)
}

// Check refuses settings that cannot run together.
func (c Serve) Check() error {
	if c.Role != RoleAll && c.Role != RoleAPI && c.Role != RoleWorker {
		return fmt.Errorf("--role %q: want all, api or worker", c.Role)
	}
	if c.Role != RoleAll && !store.IsPostgres(c.DB) {
		// SQLite is one process: a second one would requeue the first
		// one's running jobs at its start.
		return fmt.Errorf("--role %s needs a shared database: --db postgres://…", c.Role)
	}
	return nil
}

// MediaTTL is how long a signed media link works.
func (c Serve) MediaTTL() time.Duration { return time.Duration(c.MediaTTLSeconds) * time.Second }

// MaxUpload is the largest accepted upload in bytes.
func (c Serve) MaxUpload() int64 { return int64(c.MaxUploadMB) << 20 }

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
