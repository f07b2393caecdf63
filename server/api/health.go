package api

import (
	"context"
	"math"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

type healthOutput struct {
	Body struct {
		Status    string    `json:"status" example:"ok" doc:"ok once the models are loaded and warm"`
		Service   string    `json:"service" example:"motionlab"`
		Timestamp time.Time `json:"timestamp"`
		FrameMS   float64   `json:"frame_ms,omitempty" example:"31.5" doc:"measured milliseconds to track one person through one frame here (absent on API-only processes); the web app compares its own speed with it"`
		Waiting   int       `json:"waiting" doc:"analyses pending or running"`
	}
}

func (s *Server) registerHealth() {
	huma.Register(s.api, s.publicOperation(huma.Operation{
		OperationID: "health",
		Method:      http.MethodGet,
		Path:        "/health",
		Summary:     "Readiness probe",
		Description: "Answers 503 until the pose models are loaded and warmed up, then 200. Frontends poll it before enabling uploads.",
		Tags:        []string{"SprintLab"},
		Errors:      []int{http.StatusServiceUnavailable},
	}), func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		if !s.ready.Load() {
			return nil, NewError(http.StatusServiceUnavailable, "not_ready", "models are loading; retry shortly")
		}
		out := &healthOutput{}
		out.Body.Status, out.Body.Service, out.Body.Timestamp = "ok", "motionlab", time.Now().UTC()
		if s.pool != nil {
			out.Body.FrameMS = math.Round(s.pool.FrameMS()*10) / 10
		}
		if n, err := s.meta.Unfinished(ctx); err == nil {
			out.Body.Waiting = n
		}
		return out, nil
	})
}
