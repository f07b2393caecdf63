package app

import (
	"math"
	"slices"

	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/jump"
	"motionlab/shared/lift"
)

// The event editor (events.go) edits spans on the timeline: a run's
// ground contacts (one lane per foot, touchdown to toe-off), a jump's
// flights (take-off to landing, recomputed by
// analysis.RecalculateFlights) and a lift's repetitions (start to end
// with the turn, the bottom, between; analysis.RecalculateReps), each by
// the code the server runs when the edit is saved.

// span is one event on the timeline.
type span struct {
	Lane     gait.Foot // left or right (a contact), flightLane or repLane
	From, To int       // touchdown / take-off / start, toe-off / landing / end
	Mid      int       // a repetition's turn (bottom); −1 otherwise
	conf     float64   // a contact's confidence
	doubt    string    // and why the gait doubts it (gait.Contact.Doubt)
}

// The lanes of a jump's flights and a lift's repetitions.
const (
	flightLane gait.Foot = "flight"
	repLane    gait.Foot = "rep"
)

// same: the same event (lane and frames).
func (s span) same(o span) bool {
	return s.Lane == o.Lane && s.From == o.From && s.To == o.To && (s.Lane != repLane || s.Mid == o.Mid)
}

// flightsMode: the analysis's events are flights (a jump).
func (r *ResultPage) flightsMode() bool { return analysis.FlightsEditable(r.params()) }

// repsMode: the analysis's events are repetitions (a lift).
func (r *ResultPage) repsMode() bool { return analysis.RepsEditable(r.params()) }

// eventNoun names one of the edited events.
func (r *ResultPage) eventNoun() string {
	switch {
	case r.flightsMode():
		return "flight"
	case r.repsMode():
		return "repetition"
	}
	return "contact"
}

func (r *ResultPage) timelineLabel() string {
	switch {
	case r.flightsMode():
		return "flights over time, from take-off to landing; select one to edit it"
	case r.repsMode():
		return "repetitions over time, from start to end with the bottom marked; select one to edit it"
	}
	return "ground contacts over time: left foot above, right below; select one to edit it"
}

// shownSpans are the saved events the timeline shows outside the editor.
func (r *ResultPage) shownSpans() []span {
	calc := r.res.Biomechanical
	switch {
	case r.flightsMode():
		return flightSpans(analysis.JumpFlights(calc))
	case r.repsMode():
		return repSpans(analysis.LiftReps(calc))
	}
	return contactSpans(analysis.DetectedContacts(calc))
}

// newSpan is the event the editor adds at frame k: a contact of the
// chosen foot, a flight or a repetition as long as the median of those
// there are (else 0.2 s, 0.3 s or 2 s), a repetition turning where the
// median one does.
func (r *ResultPage) newSpan(k int) span {
	long, turn := 0.2, 0.5
	switch {
	case r.flightsMode():
		long = 0.3
	case r.repsMode():
		long, turn = 2, 0.7
	}
	n := int(math.Round(long * r.fps))
	var ds []int
	var ts []float64
	for _, c := range r.ed.contacts {
		ds = append(ds, c.To-c.From)
		if c.Lane == repLane {
			ts = append(ts, float64(c.Mid-c.From)/float64(c.To-c.From))
		}
	}
	if len(ds) > 0 {
		slices.Sort(ds)
		n = ds[len(ds)/2]
	}
	if len(ts) > 0 {
		slices.Sort(ts)
		turn = ts[len(ts)/2]
	}
	s := span{Lane: r.ed.foot, From: k, To: min(k+max(1, n), len(r.frames)-1), Mid: -1}
	if s.Lane == repLane {
		s.Mid = max(s.From+1, min(s.To-1, s.From+int(math.Round(turn*float64(s.To-s.From)))))
	}
	return s
}

// contactSpans are contacts as the editor's bars.
func contactSpans(cs []gait.Contact) []span {
	out := make([]span, 0, len(cs))
	for _, c := range cs {
		out = append(out, span{Lane: c.Foot, From: c.Contact, To: c.ToeOff, Mid: -1, conf: c.Confidence, doubt: c.Doubt})
	}
	return out
}

// spanContacts are the editor's bars as contacts.
func spanContacts(ss []span) []gait.Contact {
	out := make([]gait.Contact, 0, len(ss))
	for _, s := range ss {
		out = append(out, gait.Contact{Foot: s.Lane, Contact: s.From, ToeOff: s.To, Confidence: s.conf, Doubt: s.doubt})
	}
	return out
}

// flightSpans are flights as the editor's bars.
func flightSpans(fs []jump.Flight) []span {
	out := make([]span, 0, len(fs))
	for _, f := range fs {
		out = append(out, span{Lane: flightLane, From: f.TakeoffFrame, To: f.LandingFrame, Mid: -1})
	}
	return out
}

// spanFlights are the editor's bars as flights.
func spanFlights(ss []span) []jump.Flight {
	out := make([]jump.Flight, 0, len(ss))
	for _, s := range ss {
		out = append(out, jump.Flight{TakeoffFrame: s.From, LandingFrame: s.To})
	}
	return out
}

// repSpans are repetitions as the editor's bars.
func repSpans(rs []lift.RepFrames) []span {
	out := make([]span, 0, len(rs))
	for _, rp := range rs {
		out = append(out, span{Lane: repLane, From: rp.StartFrame, Mid: rp.BottomFrame, To: rp.EndFrame})
	}
	return out
}

// spanReps are the editor's bars as repetitions.
func spanReps(ss []span) []lift.RepFrames {
	out := make([]lift.RepFrames, 0, len(ss))
	for _, s := range ss {
		out = append(out, lift.RepFrames{StartFrame: s.From, BottomFrame: s.Mid, EndFrame: s.To})
	}
	return out
}
