// Package metrics is MotionLab's Prometheus instrumentation (the official
// client library): HTTP latency by route, per-frame inference latency,
// frames processed, and queue depth and jobs by state read from River's
// table at scrape time, so every process reports the deployment's queue.
package metrics

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds this process's series (plus Go and process collectors).
var Registry = prometheus.NewRegistry()

var (
	// HTTPDuration is labelled by the ServeMux pattern, never the raw
	// path, so ids do not explode the series count.
	HTTPDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "motionlab_http_request_duration_seconds",
		Help:    "HTTP request latency by route pattern, method and status code.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route", "method", "code"})

	// InferenceSeconds is the time the pose tracker takes per frame
	// (detection when it runs, landmarks), measured between frame callbacks
	// of the pipeline while decoding runs ahead in its own goroutine.
	InferenceSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "motionlab_inference_seconds",
		Help:    "Pose inference latency per video frame.",
		Buckets: []float64{.002, .005, .01, .02, .03, .05, .075, .1, .2, .5, 1},
	})

	// FramesProcessed counts analysed frames; rate() of it is frames/s.
	FramesProcessed = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "motionlab_frames_processed_total",
		Help: "Video frames analysed by this process.",
	})

	// FramesPerSecond is the processing rate of this process's latest
	// analysis (0 when idle).
	FramesPerSecond = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "motionlab_frames_per_second",
		Help: "Processing rate of the analysis this process ran last, frames per second (0 when idle).",
	})

	// JobsDone counts jobs this process finished, by kind and outcome.
	JobsDone = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "motionlab_jobs_finished_total",
		Help: "Jobs this process ran to an end, by kind and outcome (ok, error).",
	}, []string{"kind", "outcome"})
)

func init() {
	Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		HTTPDuration, InferenceSeconds, FramesProcessed, FramesPerSecond, JobsDone)
}

// Handler serves the registry in the Prometheus text format.
func Handler() http.Handler {
	return promhttp.HandlerFor(Registry, promhttp.HandlerOpts{Registry: Registry})
}

// Querier is a database that can be asked for River's job counts.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// jobStates are River's job states; each is reported, zero included, so
// dashboards see a series even before a job reaches it.
var jobStates = []string{"available", "cancelled", "completed", "discarded", "pending", "retryable", "running", "scheduled"}

// waiting are the states of jobs that still have to run.
var waiting = map[string]bool{"available": true, "pending": true, "retryable": true, "scheduled": true}

type queueCollector struct {
	db    Querier
	depth *prometheus.Desc
	jobs  *prometheus.Desc
}

// RegisterQueue reports motionlab_queue_depth{queue} and
// motionlab_jobs{state} from River's river_job table at each scrape.
func RegisterQueue(db Querier) {
	Registry.MustRegister(&queueCollector{
		db:    db,
		depth: prometheus.NewDesc("motionlab_queue_depth", "Jobs waiting to run (available, scheduled, retryable, pending), by queue.", []string{"queue"}, nil),
		jobs:  prometheus.NewDesc("motionlab_jobs", "Jobs in River's table by state.", []string{"state"}, nil),
	})
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.depth
	ch <- c.jobs
}

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	rows, err := c.db.QueryContext(ctx, `SELECT queue, state, count(*) FROM river_job GROUP BY queue, state`)
	if err != nil {
		slog.Warn("metrics: count jobs", "err", err)
		return
	}
	defer rows.Close()
	byState := map[string]float64{}
	depth := map[string]float64{"default": 0}
	for rows.Next() {
		var queue, state string
		var n float64
		if err := rows.Scan(&queue, &state, &n); err != nil {
			slog.Warn("metrics: count jobs", "err", err)
			return
		}
		byState[state] += n
		if waiting[state] {
			depth[queue] += n
		}
	}
	for _, s := range jobStates {
		ch <- prometheus.MustNewConstMetric(c.jobs, prometheus.GaugeValue, byState[s], s)
	}
	for q, n := range depth {
		ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, n, q)
	}
}
