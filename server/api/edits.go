package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/jump"
	"motionlab/shared/lift"
	"motionlab/shared/track"
)

// maxEventsBody bounds an edit's body: MaxContacts contacts of ~80 bytes
// each, with room for whitespace.
const maxEventsBody = 64 << 10

type eventsInput struct {
	ID   string `path:"id" pattern:"^[0-9a-f]{32}$" doc:"analysis id"`
	Body analysis.EventsEdit
}

type eventsOutput struct {
	Body *analysis.Result
}

func (s *Server) registerEdits() {
	huma.Register(s.api, huma.Operation{
		OperationID:  "put-analysis-events",
		Method:       http.MethodPut,
		Path:         "/v1/analyses/{id}/events",
		Summary:      "Correct an analysis's events (ground contacts, flights or repetitions)",
		Description:  "A coach's corrected ground contacts (moved touchdowns or toe-offs, added or deleted contacts) replace the detected ones: calculated_data is recomputed from them with the same code as the analysis (and the web app), keeps the detector's originals under `events.detected` and marks each contact `source: detected|edited` with who saved it and when, and the annotated video is drawn again. Side-view running and sprint: `contacts`; jump: `flights` (take-off and landing frames; jump heights and flight times are measured again, kept under `events.flights` and `events.detected_flights`); lift: `reps` (start, bottom and end frames; phases, range of motion and posture measured again, kept under `events.reps` and `events.detected_reps`); back-view running: 422 `events_not_supported`. Events of another kind (flights for a run, contacts for a jump), none or more than 50 reps, events outside the clip, overlapping, out of order, on frames where the athlete is not seen or more than 200 contacts or 50 flights, a flight without a frame in the air or longer than 1.2 s: 422 `invalid_events`. Body over 64 KB: 413. Not finished: 400 `not_completed`; an edit saved meanwhile: 409 `edit_conflict` (read and retry).",
		Tags:         []string{"Analyses"},
		MaxBodyBytes: maxEventsBody,
		Errors:       []int{400, 401, 404, 409, 413, 422},
	}, s.putEvents)

	huma.Register(s.api, huma.Operation{
		OperationID:  "put-analysis-calibration",
		Method:       http.MethodPut,
		Path:         "/v1/analyses/{id}/calibration",
		Summary:      "Set an analysis's calibration line",
		Description:  "Two points in source-video pixels and the real distance between them set the pixels-per-metre scale instead of the athlete's height (`length_m` 0 removes the line). calculated_data is recomputed from the contacts in use (a coach's edit included), the parameters keep the line (`calibration_x1` … `calibration_m`), and the annotated video is drawn again. Side-view running and sprint only (422 `events_not_supported`); not finite, a point outside the frame, the same point twice: 422 `invalid_calibration`. Not finished: 400 `not_completed`; changed meanwhile: 409 `edit_conflict`.",
		Tags:         []string{"Analyses"},
		MaxBodyBytes: 4 << 10,
		Errors:       []int{400, 401, 404, 409, 422},
	}, s.putCalibration)

	huma.Register(s.api, huma.Operation{
		OperationID: "get-analysis-track",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/{id}/results/track",
		Summary:     "The athlete's cleaned track",
		Description: "The cleaned keypoint track the metrics are computed from: {fps, width, height, frames, camera}, one entry per frame (null where the athlete is not seen), 33 BlazePose keypoints each in source pixels. The web app recomputes the metrics from it while a coach edits the events. 400 `not_completed` before success; 404 `not_available` where none was kept.",
		Tags:        []string{"Analyses"},
		Errors:      []int{400, 401, 404},
	}, s.getTrack)
}

func (s *Server) putEvents(ctx context.Context, in *eventsInput) (*eventsOutput, error) {
	a, p, tr, old, err := s.editable(ctx, in.ID, analysis.EventsEditable)
	if err != nil {
		return nil, err
	}
	var r *analysis.Result
	b := in.Body
	switch {
	case analysis.FlightsEditable(p):
		if len(b.Contacts) > 0 || len(b.Reps) > 0 {
			return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", "a jump analysis's events are its flights: send flights, not contacts or reps")
		}
		r, err = editedFlights(tr, p, old, b.Flights, editor(keyFrom(ctx)))
	case analysis.RepsEditable(p):
		if len(b.Contacts) > 0 || len(b.Flights) > 0 {
			return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", "a lift analysis's events are its repetitions: send reps, not contacts or flights")
		}
		r, err = editedReps(tr, p, old, b.Reps, editor(keyFrom(ctx)))
	default:
		if len(b.Flights) > 0 || len(b.Reps) > 0 {
			return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", "a running or sprint analysis's events are its ground contacts: send contacts, not flights or reps")
		}
		r, err = editedResult(tr, p, old, b.GaitContacts(), editor(keyFrom(ctx)))
	}
	if err != nil {
		return nil, err
	}
	if err := s.saveEdit(ctx, a, r, nil); err != nil {
		return nil, err
	}
	return &eventsOutput{Body: r}, nil
}

type calibrationInput struct {
	ID   string `path:"id" pattern:"^[0-9a-f]{32}$" doc:"analysis id"`
	Body analysis.Calibration
}

// putCalibration recomputes an analysis with a calibration line (or
// without one) from the contacts in use, a coach's edit included.
func (s *Server) putCalibration(ctx context.Context, in *calibrationInput) (*eventsOutput, error) {
	a, p, tr, old, err := s.editable(ctx, in.ID, analysis.Editable)
	if err != nil {
		return nil, err
	}
	p = p.WithCalibration(in.Body)
	if err := checkParams(&p, "body"); err != nil {
		return nil, err
	}
	if err := p.CheckCalibration(tr.Width, tr.Height); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_calibration", err.Error())
	}
	var r *analysis.Result
	if old.Events != nil {
		cs := make([]gait.Contact, 0, len(old.Events.Contacts))
		for _, c := range old.Events.Contacts {
			cs = append(cs, c.Contact)
		}
		if r, err = analysis.Recalculate(tr, p, cs); err == nil {
			r.Events = old.Events
		}
	} else {
		r, err = analysis.Calculate(tr, p)
	}
	if err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_calibration", "the metrics cannot be computed with this line: "+err.Error())
	}
	params, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode params: %w", err)
	}
	if err := s.saveEdit(ctx, a, r, params); err != nil {
		return nil, err
	}
	return &eventsOutput{Body: r}, nil
}

// editable reads what an edit of a finished analysis whose parameters
// pass ok needs: the analysis, its parameters, its track and
// calculated_data.
func (s *Server) editable(ctx context.Context, id string, ok func(analysis.Params) bool) (*store.Analysis, analysis.Params, track.Track, *analysis.Result, error) {
	var tr track.Track
	a, err := s.analysis(ctx, id)
	if err != nil {
		return nil, analysis.Params{}, tr, nil, err
	}
	if a.Status != store.Success {
		return nil, analysis.Params{}, tr, nil, NewError(http.StatusBadRequest, "not_completed", fmt.Sprintf("the analysis is %s; it can be edited once it succeeds", a.Status))
	}
	p, read := storedParams(a)
	if !read || !ok(p) || a.Track == "" || a.Calculated == "" {
		return nil, p, tr, nil, NewError(http.StatusUnprocessableEntity, "events_not_supported", analysis.ErrEventsUnsupported.Error())
	}
	if err := s.readBlob(ctx, a.Track, &tr); err != nil {
		return nil, p, tr, nil, err
	}
	old, err := s.calculated(ctx, a)
	return a, p, tr, old, err
}

// editedResult recomputes calculated_data from a coach's contacts; the
// detector's originals are kept from the first edit on.
func editedResult(tr track.Track, p analysis.Params, old *analysis.Result, given []gait.Contact, by string) (*analysis.Result, error) {
	detected := analysis.DetectedContacts(old)
	if old.Events != nil {
		detected = detected[:0]
		for _, c := range old.Events.Detected {
			detected = append(detected, c.Contact)
		}
	}
	if err := analysis.CheckContacts(given, tr); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", err.Error())
	}
	contacts := analysis.Confirmed(given, detected)
	r, err := analysis.Recalculate(tr, p, contacts)
	if err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", "the metrics cannot be computed from these contacts: "+err.Error())
	}
	r.Events = analysis.NewEvents(contacts, detected, by, time.Now())
	return r, nil
}

// editedFlights recomputes a jump's calculated_data from a coach's
// flights; the detector's originals are kept from the first edit on.
func editedFlights(tr track.Track, p analysis.Params, old *analysis.Result, given []jump.Flight, by string) (*analysis.Result, error) {
	if given == nil {
		given = []jump.Flight{}
	}
	if err := jump.CheckFlights(given, tr.Frames, tr.FPS); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", err.Error())
	}
	r, err := analysis.RecalculateFlights(tr, p, given)
	if err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", "the jumps cannot be measured from these flights: "+err.Error())
	}
	r.Events = analysis.NewFlightEvents(given, analysis.OriginalFlights(old), by, time.Now())
	return r, nil
}

// editedReps recomputes a lift's calculated_data from a coach's
// repetitions; the detector's originals are kept from the first edit on.
func editedReps(tr track.Track, p analysis.Params, old *analysis.Result, given []lift.RepFrames, by string) (*analysis.Result, error) {
	if err := lift.CheckReps(given, tr.Frames); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", err.Error())
	}
	r, err := analysis.RecalculateReps(tr, p, given)
	if err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_events", "the set cannot be measured from these repetitions: "+err.Error())
	}
	r.Events = analysis.NewRepEvents(given, analysis.OriginalReps(old), by, time.Now())
	return r, nil
}

// editor names who saved an edit: the key's name, or its id.
func editor(k *store.Key) string {
	if k == nil {
		return ""
	}
	if k.Name != "" {
		return k.Name
	}
	return k.ID
}

// saveEdit stores the recomputed calculated_data in place of the old
// (and params, when not nil), removes the old blobs and queues the
// annotated video again.
func (s *Server) saveEdit(ctx context.Context, a *store.Analysis, r *analysis.Result, params json.RawMessage) error {
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode calculated data of %s: %w", a.ID, err)
	}
	name, _, err := s.files.Put(bytes.NewReader(body), ".json")
	if err != nil {
		return fmt.Errorf("store calculated data of %s: %w", a.ID, err)
	}
	err = s.meta.SetCalculated(ctx, a.KeyID, a.ID, a.Calculated, name, params)
	if err != nil {
		s.files.Remove(name)
		if errors.Is(err, store.ErrChanged) {
			return NewError(http.StatusConflict, "edit_conflict", "the analysis changed meanwhile (another edit was saved); read it and edit again")
		}
		return err
	}
	for _, b := range []string{a.Calculated, a.Annotated} {
		if b != "" {
			if err := s.files.Remove(b); err != nil {
				slog.Warn("remove replaced blob", "analysis", a.ID, "blob", b, "err", err)
			}
		}
	}
	if a.Video != "" {
		if err := s.queue.RequestRerender(ctx, a.ID, name); err != nil {
			// The edit is saved; the video follows on the next request
			// of the annotated video (sessions' render route).
			slog.Warn("queue the annotated video again", "analysis", a.ID, "err", err)
		}
	}
	return nil
}

// readBlob decodes a JSON blob into v.
func (s *Server) readBlob(ctx context.Context, name string, v any) error {
	f, err := s.files.Open(ctx, name)
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

func (s *Server) getTrack(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
	a, err := s.analysis(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if a.Status != store.Success {
		return nil, NewError(http.StatusBadRequest, "not_completed", fmt.Sprintf("the analysis is %s; its track exists once it succeeds", a.Status))
	}
	if a.Track == "" {
		return nil, NewError(http.StatusNotFound, "not_available", "no track was kept for this analysis")
	}
	f, err := s.files.Open(ctx, a.Track)
	if err != nil {
		return nil, fmt.Errorf("open track of %s: %w", a.ID, err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer f.Close()
		hc.SetHeader("Content-Type", "application/json")
		io.Copy(hc.BodyWriter(), f)
	}}, nil
}
