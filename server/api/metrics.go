package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"motionlab/server/metrics"
	"motionlab/server/store"
)

// ChangeFeed wakes an analysis's event stream when its row changes.
// *store.Changes (PostgreSQL LISTEN/NOTIFY) implements it.
type ChangeFeed interface {
	Subscribe(id string) (<-chan struct{}, func())
}

// Presigner is a blob store that can hand out time-limited direct links
// (S3); media links then redirect there instead of relaying the bytes.
type Presigner interface {
	PresignGet(ctx context.Context, name string, ttl time.Duration) (string, error)
}

// startAPIOnly readies an api-role process: an insert-only queue, no
// models.
func (s *Server) startAPIOnly(ctx context.Context) error {
	queue, err := s.cfg.NewQueue(ctx, nil)
	if err != nil {
		return fmt.Errorf("open queue: %w", err)
	}
	s.queue = queue
	s.ready.Store(true)
	slog.Info("api role: ready (models are loaded by worker processes)")
	return nil
}

// errNoInference answers the synchronous inference routes on an api-role
// process, which has no models.
func errNoInference() error {
	return NewError(http.StatusServiceUnavailable, "inference_unavailable",
		"this process serves the API only (--role api); send /infer/video and /v1/images to a process run with --role all")
}

// requestIDHeader carries the request id back to the client (and from a
// load balancer that already set one).
const requestIDHeader = "X-Request-Id"

// instrument records each request's latency by route pattern (the mux's
// pattern, so ids in paths do not make new series) and logs it with a
// request id.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(requestIDHeader)
		if id == "" || len(id) > 64 {
			id = store.NewID()[:16]
		}
		w.Header().Set(requestIDHeader, id)
		_, route := s.mux.Handler(r)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		r = r.WithContext(context.WithValue(ctx, routeKey{}, route))
		if route == "" {
			route = "unmatched"
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		method := methodLabel(r.Method)
		metrics.HTTPDuration.WithLabelValues(route, method, strconv.Itoa(rec.status)).Observe(d.Seconds())
		if route != "GET /health" {
			slog.Info("http", "request", id, "method", method, "route", route, "status", rec.status, "ms", d.Milliseconds())
		}
	})
}

// methodLabel is a request method as a metrics label: the standard
// methods as they are, anything else "other", so made-up methods cannot
// create series without bound.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

// statusRecorder remembers the status code; Unwrap keeps Flush and
// ResponseController working for event streams.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
