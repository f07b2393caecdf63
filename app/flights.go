package app

import (
	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/jump"
)

// A jump's flights are edited in the contact editor (events.go): each
// flight is a bar on its own lane from its take-off frame (the bar's
// start edge) to its landing frame (its end edge), and the page is
// recomputed by analysis.RecalculateFlights, the code the server runs
// when the edit is saved.

// flightLane is the editor's lane of a jump's flights.
const flightLane gait.Foot = "flight"

// flightsMode: the analysis's events are flights (a jump).
func (r *ResultPage) flightsMode() bool { return analysis.FlightsEditable(r.params()) }

// eventNoun names one of the edited events.
func (r *ResultPage) eventNoun() string {
	if r.flightsMode() {
		return "flight"
	}
	return "contact"
}

func (r *ResultPage) timelineLabel() string {
	if r.flightsMode() {
		return "flights over time, from take-off to landing; select one to edit it"
	}
	return "ground contacts over time: left foot above, right below; select one to edit it"
}

// shownSpans are the saved events the timeline shows outside the editor.
func (r *ResultPage) shownSpans() []gait.Contact {
	if r.flightsMode() {
		return flightSpans(analysis.JumpFlights(r.res.Biomechanical))
	}
	return analysis.DetectedContacts(r.res.Biomechanical)
}

// flightSpans are flights as the editor's bars.
func flightSpans(fs []jump.Flight) []gait.Contact {
	cs := make([]gait.Contact, 0, len(fs))
	for _, f := range fs {
		cs = append(cs, gait.Contact{Foot: flightLane, Contact: f.TakeoffFrame, ToeOff: f.LandingFrame})
	}
	return cs
}

// spanFlights are the editor's bars as flights.
func spanFlights(cs []gait.Contact) []jump.Flight {
	fs := make([]jump.Flight, 0, len(cs))
	for _, c := range cs {
		fs = append(fs, jump.Flight{TakeoffFrame: c.Contact, LandingFrame: c.ToeOff})
	}
	return fs
}
