package analysis

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"motionlab/shared/jump"
	"motionlab/shared/lift"
	"motionlab/shared/track"
)

// A jump's or a lift's events: each given one is detected where it has
// exactly a detected one's frames; the result's events in use read back
// with the same sources, also after a JSON round trip; other activities'
// results are refused.
func TestFlightAndRepEvents(t *testing.T) {
	det := []jump.Flight{{TakeoffFrame: 11, LandingFrame: 20}, {TakeoffFrame: 29, LandingFrame: 37}}
	given := []jump.Flight{{TakeoffFrame: 11, LandingFrame: 22}, {TakeoffFrame: 29, LandingFrame: 37}}
	e := NewFlightEvents(given, det, "coach", time.Unix(0, 0))
	if e.Flights[0].Source != SourceEdited || e.Flights[1].Source != SourceDetected || len(e.DetectedFlights) != 2 || e.EditedBy != "coach" {
		t.Errorf("flight events %+v", e)
	}
	r := &Result{Activity: Jump, Jump: &JumpResult{Result: jump.Result{Jumps: []jump.Jump{
		{TakeoffFrame: 11, LandingFrame: 22}, {TakeoffFrame: 29, LandingFrame: 37}}}}, Events: e}
	var back Result
	b, _ := json.Marshal(r)
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for _, res := range []*Result{r, &back} {
		in := FlightsInUse(res)
		if len(in) != 2 || in[0].Source != SourceEdited || in[1].Source != SourceDetected {
			t.Errorf("flights in use %+v", in)
		}
	}

	dr := []lift.RepFrames{{StartFrame: 4, BottomFrame: 68, EndFrame: 90}}
	gr := []lift.RepFrames{{StartFrame: 4, BottomFrame: 68, EndFrame: 90}, {StartFrame: 204, BottomFrame: 271, EndFrame: 290}}
	re := NewRepEvents(gr, dr, "", time.Unix(0, 0))
	if re.Reps[0].Source != SourceDetected || re.Reps[1].Source != SourceEdited || len(re.DetectedReps) != 1 {
		t.Errorf("rep events %+v", re)
	}

	if _, err := RecalculateFlights(track.Track{}, Params{Activity: Running}, given); !errors.Is(err, ErrEventsUnsupported) {
		t.Errorf("flights of a run: %v", err)
	}
	if _, err := RecalculateReps(track.Track{}, Params{Activity: Jump}, gr); !errors.Is(err, ErrEventsUnsupported) {
		t.Errorf("repetitions of a jump: %v", err)
	}
	for _, c := range []struct {
		p                       Params
		flights, reps, contacts bool
	}{
		{Params{Activity: Jump}, true, false, false},
		{Params{Activity: Lift}, false, true, false},
		{Params{Activity: Sprint}, false, false, true},
		{Params{Activity: Running, AnalysisType: "back_view"}, false, false, false},
	} {
		if FlightsEditable(c.p) != c.flights || RepsEditable(c.p) != c.reps || Editable(c.p) != c.contacts || EventsEditable(c.p) != (c.flights || c.reps || c.contacts) {
			t.Errorf("%+v: editable flights %v reps %v contacts %v", c.p, FlightsEditable(c.p), RepsEditable(c.p), Editable(c.p))
		}
	}
}
