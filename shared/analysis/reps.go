package analysis

import (
	"slices"
	"time"

	"motionlab/shared/lift"
	"motionlab/shared/track"
)

// A lift's events are its repetitions: a coach moves a start, turn
// (bottom) or end frame, deletes a repetition or adds one, and the set is
// measured again by lift.Edited, in the browser while editing and on the
// server when the edit is saved.

// RepEvent is one repetition in use, with where it comes from.
type RepEvent struct {
	lift.RepFrames
	Source string `json:"source" enum:"detected,edited" doc:"detected: as the detector found it; edited: moved or added by a coach"`
}

// RepsEditable reports whether an analysis with these parameters has
// repetitions a coach can edit.
func RepsEditable(p Params) bool { return p.Activity == Lift }

// RecalculateReps is Calculate from the given repetitions instead of the
// detected ones (see lift.Edited). The repetitions must pass
// lift.CheckReps.
func RecalculateReps(t track.Track, req Params, reps []lift.RepFrames) (*Result, error) {
	if !RepsEditable(req) {
		return nil, ErrEventsUnsupported
	}
	lang := req.Language
	if lang == "" {
		lang = "en"
	}
	r, err := lift.Edited(t.Frames, lift.Options{FPS: t.FPS, HeightM: req.HeightM(), Exercise: lift.Exercise(req.Exercise)}, reps)
	if err != nil {
		return nil, err
	}
	res, err := liftResult(r, lang)
	return withScale(res, err, t, req)
}

// LiftReps are the frames of a lift result's repetitions (nil for other
// results).
func LiftReps(r *Result) []lift.RepFrames {
	if r == nil || r.Lift == nil {
		return nil
	}
	return lift.Frames(r.Lift.Result)
}

// OriginalReps are the detector's repetitions of a lift result, edited
// or not.
func OriginalReps(r *Result) []lift.RepFrames {
	if r == nil || r.Events == nil {
		return LiftReps(r)
	}
	out := make([]lift.RepFrames, 0, len(r.Events.DetectedReps))
	for _, f := range r.Events.DetectedReps {
		out = append(out, f.RepFrames)
	}
	return out
}

// RepsInUse are the repetitions a lift result was computed from, each
// with its source.
func RepsInUse(r *Result) []RepEvent {
	orig := OriginalReps(r)
	var out []RepEvent
	for _, f := range LiftReps(r) {
		src := SourceDetected
		if r.Events != nil && !slices.Contains(orig, f) {
			src = SourceEdited
		}
		out = append(out, RepEvent{RepFrames: f, Source: src})
	}
	return out
}

// NewRepEvents records an edit of repetitions: each given one is
// "detected" where it has exactly the frames of one of the detector's
// and "edited" otherwise.
func NewRepEvents(given, detected []lift.RepFrames, by string, at time.Time) *Events {
	e := &Events{Contacts: []Contact{}, Detected: []Contact{}, Reps: []RepEvent{}, DetectedReps: []RepEvent{}, EditedBy: by, EditedAt: at.UTC()}
	for _, f := range detected {
		e.DetectedReps = append(e.DetectedReps, RepEvent{RepFrames: f, Source: SourceDetected})
	}
	for _, f := range given {
		src := SourceEdited
		if slices.Contains(detected, f) {
			src = SourceDetected
		}
		e.Reps = append(e.Reps, RepEvent{RepFrames: f, Source: src})
	}
	return e
}
