package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/shared/analysis"
	"motionlab/shared/sprint"
	"motionlab/shared/track"
)

// A sprint's timing start (mode, frame, zone length, confirmed), as the
// coach sets it on the results page, is kept in a blob of its own named
// from the analysis id, like the measurements: saving replaces it and
// deleting the analysis removes it (deleteAnalysis).

type timingBody struct {
	Start  sprint.TimingStart `json:"start"`
	Saved  bool               `json:"saved" doc:"false: nothing saved yet, start is the analysis's proposal"`
	Timing sprint.Timing      `json:"timing" doc:"the zones' splits from this start (sprint.Splits)"`
}

type timingOutput struct {
	Body timingBody
}

type putTimingInput struct {
	ID   string `path:"id" pattern:"^[0-9a-f]{32}$" doc:"analysis id"`
	Body sprint.TimingStart
}

func (s *Server) registerTiming() {
	huma.Register(s.api, huma.Operation{
		OperationID: "get-analysis-timing",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/{id}/timing",
		Summary:     "A sprint's timing start and splits",
		Description: "The coach's saved timing start (`saved: true`) or, before one is saved, the analysis's proposal: mode (static: time 0 at the first movement; flying: at the first zone line), start frame, zone length and whether the frame was confirmed, with the zones' splits and average speeds computed from it. Sprint analyses only (422 `timing_not_supported`); 400 `not_completed` before success.",
		Tags:        []string{"Analyses"},
		Errors:      []int{400, 401, 404, 422},
	}, func(ctx context.Context, in *idInput) (*timingOutput, error) {
		a, r, tr, err := s.timeable(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		st, saved, err := s.savedTiming(ctx, a)
		if err != nil {
			return nil, err
		}
		if saved && st.Check(len(tr.Frames)) != nil {
			// Saved under older, looser limits (a zone under 1 m): not
			// timed again; the coach sees the proposal and may save anew.
			slog.Warn("saved timing start out of limits", "analysis", a.ID, "zone_m", st.ZoneM)
			saved = false
		}
		if !saved {
			st = sprint.Proposed(r.Sprint.Result)
		}
		return &timingOutput{Body: timingBody{Start: st, Saved: saved, Timing: st.Time(r.Sprint.Result, tr.FPS)}}, nil
	})
	huma.Register(s.api, huma.Operation{
		OperationID:  "put-analysis-timing",
		Method:       http.MethodPut,
		Path:         "/v1/analyses/{id}/timing",
		Summary:      "Save a sprint's timing start",
		Description:  "Keeps the coach's start mode, start frame, zone length and whether the frame is confirmed with the analysis (replacing any saved before) and answers with the splits computed from it. A frame outside the clip, a zone length under 1 or over 100 m: 422 `invalid_timing`; not a sprint: 422 `timing_not_supported`; not finished: 400 `not_completed`.",
		Tags:         []string{"Analyses"},
		MaxBodyBytes: 4 << 10,
		Errors:       []int{400, 401, 404, 413, 422},
	}, s.putTiming)
}

func (s *Server) putTiming(ctx context.Context, in *putTimingInput) (*timingOutput, error) {
	a, r, tr, err := s.timeable(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	st := in.Body
	if err := st.Check(len(tr.Frames)); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_timing", err.Error())
	}
	b, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("encode timing of %s: %w", a.ID, err)
	}
	if _, err := s.files.PutAs(timingBlob(a.ID), bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("store timing of %s: %w", a.ID, err)
	}
	return &timingOutput{Body: timingBody{Start: st, Saved: true, Timing: st.Time(r.Sprint.Result, tr.FPS)}}, nil
}

// timeable is the caller's finished sprint analysis with its results and
// track.
func (s *Server) timeable(ctx context.Context, id string) (*store.Analysis, *analysis.Result, *track.Track, error) {
	a, err := s.measurable(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if p, _ := storedParams(a); p.Activity != analysis.Sprint || a.Calculated == "" || a.Track == "" {
		return nil, nil, nil, NewError(http.StatusUnprocessableEntity, "timing_not_supported", "sprint timing is for sprint analyses (activity=sprint)")
	}
	r, err := s.calculated(ctx, a)
	if err != nil {
		return nil, nil, nil, err
	}
	if r.Sprint == nil {
		return nil, nil, nil, NewError(http.StatusUnprocessableEntity, "timing_not_supported", "the analysis has no sprint results to time")
	}
	tr, err := s.track(ctx, a)
	if err != nil {
		return nil, nil, nil, err
	}
	return a, r, tr, nil
}

func timingBlob(id string) string { return store.DerivedName(id, "timing", ".json") }

// savedTiming reads an analysis's saved timing start (saved false: none).
func (s *Server) savedTiming(ctx context.Context, a *store.Analysis) (st sprint.TimingStart, saved bool, err error) {
	f, err := s.files.Open(ctx, timingBlob(a.ID))
	if errors.Is(err, fs.ErrNotExist) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("open timing of %s: %w", a.ID, err)
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(&st); err != nil {
		return st, false, fmt.Errorf("read timing of %s: %w", a.ID, err)
	}
	return st, true, nil
}
