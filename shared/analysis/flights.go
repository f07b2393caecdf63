package analysis

import (
	"slices"
	"time"

	"motionlab/shared/jump"
	"motionlab/shared/track"
)

// A jump analysis's events are its flights: a coach moves a take-off or a
// landing, deletes a flight or adds one, and the jumps are measured again
// by jump.Edited, in the browser while editing and on the server when the
// edit is saved.

// FlightEvent is one flight in use, with where it comes from.
type FlightEvent struct {
	jump.Flight
	Source string `json:"source" enum:"detected,edited" doc:"detected: as the detector found it; edited: moved or added by a coach"`
}

// FlightsEditable reports whether an analysis with these parameters has
// flights a coach can edit.
func FlightsEditable(p Params) bool { return p.Activity == Jump }

// EventsEditable reports whether an analysis has events a coach can edit
// (contacts, flights or repetitions).
func EventsEditable(p Params) bool { return Editable(p) || FlightsEditable(p) || RepsEditable(p) }

// RecalculateFlights is Calculate from the given flights instead of the
// detected ones (see jump.Edited). The flights must pass jump.CheckFlights.
func RecalculateFlights(t track.Track, req Params, flights []jump.Flight) (*Result, error) {
	if !FlightsEditable(req) {
		return nil, ErrEventsUnsupported
	}
	lang := req.Language
	if lang == "" {
		lang = "en"
	}
	r, err := jump.Edited(t.Frames, jump.Options{FPS: t.FPS, HeightM: req.HeightM()}, flights)
	if err != nil {
		return nil, err
	}
	res, err := jumpResult(r, lang, t.FPS)
	return withScale(res, err, t, req)
}

// JumpFlights are the flights of a jump result's counted jumps (nil
// for other results).
func JumpFlights(r *Result) []jump.Flight {
	if r == nil || r.Jump == nil {
		return nil
	}
	return jump.Flights(r.Jump.Result)
}

// FlightsInUse are the flights a jump result was computed from (its
// jumps' frames: a coach's edit, or the detector's), each with its source.
func FlightsInUse(r *Result) []FlightEvent {
	orig := OriginalFlights(r)
	var out []FlightEvent
	for _, f := range JumpFlights(r) {
		src := SourceDetected
		if r.Events != nil && !slices.Contains(orig, f) {
			src = SourceEdited
		}
		out = append(out, FlightEvent{Flight: f, Source: src})
	}
	return out
}

// OriginalFlights are the detector's flights of a jump result, edited or
// not.
func OriginalFlights(r *Result) []jump.Flight {
	if r == nil || r.Events == nil {
		return JumpFlights(r)
	}
	out := make([]jump.Flight, 0, len(r.Events.DetectedFlights))
	for _, f := range r.Events.DetectedFlights {
		out = append(out, f.Flight)
	}
	return out
}

// NewFlightEvents records an edit of flights: each given flight is
// "detected" where it has exactly the frames of one of the detector's and
// "edited" otherwise.
func NewFlightEvents(given, detected []jump.Flight, by string, at time.Time) *Events {
	e := &Events{Contacts: []Contact{}, Detected: []Contact{}, Flights: []FlightEvent{}, DetectedFlights: []FlightEvent{}, EditedBy: by, EditedAt: at.UTC()}
	for _, f := range detected {
		e.DetectedFlights = append(e.DetectedFlights, FlightEvent{Flight: f, Source: SourceDetected})
	}
	for _, f := range given {
		src := SourceEdited
		if slices.Contains(detected, f) {
			src = SourceDetected
		}
		e.Flights = append(e.Flights, FlightEvent{Flight: f, Source: src})
	}
	return e
}
