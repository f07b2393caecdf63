package analysis

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"motionlab/shared/gait"
	"motionlab/shared/gait/gaittest"
	"motionlab/shared/running"
	"motionlab/shared/track"
)

func runnerTrack(t *testing.T) (track.Track, Params, *Result) {
	t.Helper()
	rn := gaittest.Runner{Cadence: 170, Contact: 0.22, Speed: 4, FPS: 60, Duration: 4, Dir: 1, Reach: 0.3}
	frames, _ := rn.Frames(0.1)
	tr := track.Track{Frames: frames, FPS: rn.FPS}
	req := Params{Activity: Running, AnalysisType: running.SideViewType, Height: 175, Weight: 70, Language: "en"}
	r, err := Calculate(tr, req)
	if err != nil {
		t.Fatal(err)
	}
	return tr, req, r
}

// The detector's own contacts, given back, give the same calculated_data:
// an edit that changes nothing changes no number.
func TestRecalculateSameContacts(t *testing.T) {
	tr, req, r := runnerTrack(t)
	again, err := Recalculate(tr, req, DetectedContacts(r))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Errorf("recalculated from the detected contacts:\n%s\nwant\n%s", b, a)
	}
}

// Moving a touchdown two frames earlier lengthens that contact by two
// frames; deleting a contact removes its step.
func TestRecalculateEdited(t *testing.T) {
	tr, req, r := runnerTrack(t)
	cs := Confirmed(DetectedContacts(r), DetectedContacts(r))
	n := len(cs)
	cs[1].Contact -= 2
	edited := Confirmed(cs, DetectedContacts(r))
	got, err := Recalculate(tr, req, edited)
	if err != nil {
		t.Fatal(err)
	}
	want := r.SideView.Metrics.Steps[1].ContactTime + 2/tr.FPS
	if ct := got.SideView.Metrics.Steps[1].ContactTime; math.Abs(ct-want) > 1e-9 {
		t.Errorf("contact time %.4f s, want %.4f", ct, want)
	}
	if edited[1].Confidence != 1 || edited[0].Confidence != r.SideView.Metrics.Steps[0].Confidence {
		t.Errorf("confidences %v %v", edited[0].Confidence, edited[1].Confidence)
	}
	got, err = Recalculate(tr, req, append(edited[:2:2], edited[3:]...))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.SideView.Metrics.Steps) != n-1 || got.Outcome.Count != n-1 {
		t.Errorf("%d steps after deleting one of %d", len(got.SideView.Metrics.Steps), n)
	}
	ev := NewEvents(edited, DetectedContacts(r), "coach", time.Unix(0, 0))
	if ev.Contacts[1].Source != SourceEdited || ev.Contacts[0].Source != SourceDetected || len(ev.Detected) != n {
		t.Errorf("events %+v", ev)
	}
}

func TestCheckContacts(t *testing.T) {
	tr, _, r := runnerTrack(t)
	ok := DetectedContacts(r)
	if err := CheckContacts(ok, tr); err != nil {
		t.Fatalf("detected contacts refused: %v", err)
	}
	c := ok[0]
	for name, cs := range map[string][]gait.Contact{
		"foot":      {{Foot: "middle", Contact: 1, ToeOff: 5}},
		"negative":  {{Foot: gait.LeftFoot, Contact: -1, ToeOff: 5}},
		"past end":  {{Foot: gait.LeftFoot, Contact: 1, ToeOff: len(tr.Frames)}},
		"backwards": {{Foot: gait.LeftFoot, Contact: 9, ToeOff: 5}},
		"order":     {ok[1], ok[0]},
		"overlap":   {c, {Foot: c.Foot, Contact: c.Contact + 1, ToeOff: c.ToeOff + 5}},
		"too many":  make([]gait.Contact, MaxContacts+1),
	} {
		if err := CheckContacts(cs, tr); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Recalculate(tr, Params{Activity: Jump}, ok); err != ErrEventsUnsupported {
		t.Errorf("jump: %v", err)
	}
}

// A sprint's own contacts (with the detector's confidence, kept beside
// the flagged steps') give back the same sprint.
func TestRecalculateSprintSameContacts(t *testing.T) {
	tr, req, _ := runnerTrack(t)
	req.Activity = Sprint
	r, err := Calculate(tr, req)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Recalculate(tr, req, DetectedContacts(r))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(again)
	if len(r.Sprint.Contacts) == 0 || string(a) != string(b) {
		t.Errorf("recalculated sprint:\n%s\nwant\n%s", b, a)
	}
}

// A coach's contacts may put both feet down at the same frame (a
// double-footed landing, or a slip of the mouse): the sprint steps between
// them have no duration, and the result must still be a number everywhere
// (JSON has no infinity).
func TestRecalculateSprintSimultaneousContacts(t *testing.T) {
	tr, req, r := runnerTrack(t)
	req.Activity = Sprint
	cs := DetectedContacts(r)
	if len(cs) < 3 {
		t.Fatalf("%d contacts detected", len(cs))
	}
	other := gait.LeftFoot
	if cs[0].Foot == gait.LeftFoot {
		other = gait.RightFoot
	}
	both := []gait.Contact{cs[0], {Foot: other, Contact: cs[0].Contact, ToeOff: cs[0].ToeOff - 1}}
	both = append(both, cs[2:]...)
	got, err := Recalculate(tr, req, both)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(got); err != nil {
		t.Fatalf("the recalculated sprint is not JSON: %v", err)
	}
	if st := got.Sprint.Steps[0]; st.StepFrequency != 0 {
		t.Errorf("a step of no duration: frequency %v Hz, want none (0)", st.StepFrequency)
	}
}
