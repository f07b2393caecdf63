package api

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"regexp"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/sse"

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
	sse.Register(s.api, huma.Operation{
		OperationID: "analysis-events",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/{id}/events",
		Summary:     "Progress of an analysis as Server-Sent Events",
		Description: "One `data: {json}` status event whenever status or percentage changes, ending after `success` or `failed`.",
		Tags:        []string{"Analyses"},
		Errors:      []int{401, 404},
		Middlewares: huma.Middlewares{s.eventsOf},
	}, map[string]any{"message": stream.StatusEvent{}}, s.streamStatus) // "message": data lines only
}

type streamedKey struct{}

// analysisID is idInput's pattern.
var analysisID = regexp.MustCompile(func() string {
	f, _ := reflect.TypeFor[idInput]().FieldByName("ID")
	return f.Tag.Get("pattern")
}())

// eventsOf looks the analysis up before the stream starts, so that an
// unknown id is a 404 (an SSE handler can only send events), and hands it
// to streamStatus. A malformed id goes on to Huma's validation (422).
func (s *Server) eventsOf(ctx huma.Context, next func(huma.Context)) {
	id := ctx.Param("id")
	if !analysisID.MatchString(id) {
		next(ctx)
		return
	}
	a, err := s.analysis(ctx.Context(), id)
	var e *Error
	switch {
	case errors.As(err, &e):
		huma.WriteErr(s.api, ctx, e.Status, e.Detail)
	case err != nil:
		huma.WriteErr(s.api, ctx, http.StatusInternalServerError, "unexpected error occurred", err)
	default:
		ctx.SetHeader("Cache-Control", "no-cache")
		next(huma.WithValue(ctx, streamedKey{}, a))
	}
}

// streamStatus sends the analysis's status whenever it changes, until it
// succeeds or fails.
func (s *Server) streamStatus(ctx context.Context, in *idInput, send sse.Sender) {
	keyID := ctx.Value(streamedKey{}).(*store.Analysis).KeyID
	var last stream.StatusEvent
	poll := eventsPoll
	var changed <-chan struct{}
	if s.cfg.Changes != nil {
		// NOTIFY wakes the stream; the slow poll only covers a LISTEN
		// connection that is reconnecting.
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
			if send.Data(ev) != nil {
				return // the client is gone
			}
			last = ev
		}
		if a.Status == store.Success || a.Status == store.Failed {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-changed:
		}
	}
}
