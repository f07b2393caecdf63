package api

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/shared/stats"
	"motionlab/shared/stream"
)

// eventsPoll is how often the stream reads the analysis row on SQLite.
// Progress reaches the row from whichever worker runs the job, so reading
// the database works the same in one process or many; on PostgreSQL a
// NOTIFY from the worker wakes the stream at once (Config.Changes).
const eventsPoll = 200 * time.Millisecond

func (s *Server) registerEvents() {
	schema := s.api.OpenAPI().Components.Schemas.Schema(reflect.TypeOf(stream.StatusEvent{}), true, "")
	huma.Register(s.api, huma.Operation{
		OperationID: "analysis-events",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/{id}/events",
		Summary:     "Progress of an analysis as Server-Sent Events",
		Description: "One `data: {json}` status event whenever status or percentage changes, ending after `success` or `failed`.",
		Tags:        []string{"Analyses"},
		Errors:      []int{401, 404},
		Responses: map[string]*huma.Response{"200": {
			Description: "text/event-stream of status events",
			Content:     map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{Type: "array", Items: schema}}},
		}},
	}, func(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
		a, err := s.analysis(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		keyID := a.KeyID
		return &huma.StreamResponse{Body: func(hc huma.Context) {
			hc.SetHeader("Content-Type", "text/event-stream")
			hc.SetHeader("Cache-Control", "no-cache")
			hc.SetStatus(http.StatusOK)
			w := &sseWriter{w: hc.BodyWriter()}
			ctx := hc.Context()
			var last stream.StatusEvent
			poll := eventsPoll
			var changed <-chan struct{}
			if s.cfg.Changes != nil {
				// NOTIFY wakes the stream; the slow poll only covers a
				// LISTEN connection that is reconnecting.
				ch, cancel := s.cfg.Changes.Subscribe(in.ID)
				defer cancel()
				changed, poll = ch, 2*time.Second
			}
			tick := time.NewTicker(poll)
			defer tick.Stop()
			for {
				a, err := s.meta.Analysis(ctx, keyID, in.ID)
				if err != nil {
					return
				}
				ev := stream.StatusEvent{Type: "status", ID: a.ID, Status: a.Status, Percentage: a.Percentage, FPS: stats.Round(a.FPS, 1), ETA: stats.Round(a.ETA, 1), Error: a.Error}
				if ev != last {
					w.send(ev)
					last = ev
				}
				if w.failed || a.Status == store.Success || a.Status == store.Failed {
					return
				}
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				case <-changed:
				}
			}
		}}, nil
	})
}
