package validation

import (
	"slices"
	"testing"
)

func TestCompareContacts(t *testing.T) {
	set := Set{Activity: "running", Window: [2]int{0, 100}, Contacts: []Contact{
		{Foot: "left", Touchdown: 0, ToeOff: 6, Uncertain: true}, // cut by the clip's start: optional
		{Foot: "right", Touchdown: 10, ToeOff: 17},
		{Foot: "left", Touchdown: 20, ToeOff: 27},
		{Foot: "right", Touchdown: 30, ToeOff: 37},
		{Foot: "left", Touchdown: 40, ToeOff: 47, Uncertain: true}, // counted, not timed
	}}
	det := Detected{Contacts: []Contact{
		{Foot: "right", Touchdown: 11, ToeOff: 17}, // +1, 0
		{Foot: "right", Touchdown: 19, ToeOff: 29}, // −1, +2, wrong foot
		{Foot: "left", Touchdown: 41, ToeOff: 46},
		{Foot: "left", Touchdown: 60, ToeOff: 65},   // invented
		{Foot: "left", Touchdown: 200, ToeOff: 205}, // outside the window: not judged
	}, ContactTimeS: 0.25}
	s := Compare(set, 30, det)
	if s.Contacts != (Count{Truth: 4, Found: 3, Missed: 1, Invented: 1}) {
		t.Errorf("counts %+v", s.Contacts)
	}
	if s.Touchdown.N != 2 || s.Touchdown.Within1 != 2 || s.Touchdown.Worst != 1 {
		t.Errorf("touchdown errors %+v", s.Touchdown)
	}
	if s.ToeOff.N != 2 || s.ToeOff.Within1 != 1 || s.ToeOff.Within2 != 2 || s.ToeOff.Worst != 2 {
		t.Errorf("toe-off errors %+v", s.ToeOff)
	}
	if s.FootLabels != 2 {
		t.Errorf("foot labels right %d, want 2", s.FootLabels)
	}
	if got := s.StepFrequency.Truth; got < 2.99 || got > 3.01 {
		t.Errorf("truth step frequency %v, want 3 Hz", got)
	}
	// Frames in the air between one foot's toe-off and the other's
	// touchdown: 3, 2, 2 and 2 (the optional contact counts here).
	if got := s.MeanFlightMS.Truth; got < 74.9 || got > 75.1 {
		t.Errorf("truth flight %v ms, want 75", got)
	}
}

// TestTrustSortsByConfidence: contacts timed by the annotation and
// invented ones are sorted by the analysis's confidence into sure and
// unsure, each counted wrong when invented or an event is over a frame off.
func TestTrustSortsByConfidence(t *testing.T) {
	set := Set{Activity: "running", Window: [2]int{0, 100}, Contacts: []Contact{
		{Foot: "right", Touchdown: 10, ToeOff: 17},
		{Foot: "left", Touchdown: 20, ToeOff: 27},
		{Foot: "right", Touchdown: 30, ToeOff: 37},
		{Foot: "left", Touchdown: 40, ToeOff: 47, Uncertain: true}, // not timed: not judged
		{Foot: "right", Touchdown: 50, ToeOff: 57},
	}}
	det := Detected{Sure: 0.6, Contacts: []Contact{
		{Foot: "right", Touchdown: 11, ToeOff: 18, Confidence: 0.9}, // sure, right
		{Foot: "left", Touchdown: 20, ToeOff: 24, Confidence: 0.8},  // sure, toe-off 3 early
		{Foot: "right", Touchdown: 32, ToeOff: 37, Confidence: 0.5}, // unsure, touchdown 2 late
		{Foot: "left", Touchdown: 41, ToeOff: 47, Confidence: 0.9},  // uncertain truth
		{Foot: "right", Touchdown: 50, ToeOff: 56, Confidence: 0.3}, // unsure, right
		{Foot: "left", Touchdown: 70, ToeOff: 75, Confidence: 0.7},  // sure, invented
	}}
	s := Compare(set, 30, det)
	if want := (Trust{Sure: 3, SureWrong: 2, Unsure: 2, UnsureWrong: 1}); s.Trust != want {
		t.Errorf("trust %+v, want %+v", s.Trust, want)
	}
	if tot := Total([]Score{s, s}); tot.Trust != (Trust{Sure: 6, SureWrong: 4, Unsure: 4, UnsureWrong: 2}) {
		t.Errorf("total trust %+v", tot.Trust)
	}
	fl := FloorOf(Report{Sets: []Score{s}}).Sets["/running"]
	if fl.SureRight != 1 || fl.SureWrong != 2 {
		t.Errorf("floor sure right %d, wrong %d; want 1 and 2", fl.SureRight, fl.SureWrong)
	}
}

func TestCompareFlightsAndReps(t *testing.T) {
	set := Set{Activity: "jump", Window: [2]int{0, 300}, Flights: []Flight{
		{Takeoff: 10, Landing: 21}, {Takeoff: 50, Landing: 60}, {Takeoff: 200, Landing: -1, Uncertain: true},
	}, Reps: []Rep{{Start: 100, Bottom: 120, End: 140}}}
	det := Detected{
		Flights: []Flight{{Takeoff: 10, Landing: 22, FlightTimeS: 10.4 / 30}, {Takeoff: 80, Landing: 90}},
		Reps:    []Rep{{Start: 98, Bottom: 122, End: 141}},
	}
	s := Compare(set, 30, det)
	if s.Jumps != (Count{Truth: 2, Found: 1, Missed: 1, Invented: 1}) {
		t.Errorf("jumps %+v", s.Jumps)
	}
	if s.FlightTime.N != 1 || s.FlightTime.Worst < 0.39 || s.FlightTime.Worst > 0.41 {
		t.Errorf("flight time error %+v, want 0.4 frames", s.FlightTime)
	}
	if s.Reps != (Count{Truth: 1, Found: 1}) || s.RepBottom.Worst != 2 {
		t.Errorf("reps %+v %+v", s.Reps, s.RepBottom)
	}
}

func TestCompareVariant(t *testing.T) {
	orig := Detected{Contacts: []Contact{{Touchdown: 10, ToeOff: 17}, {Touchdown: 20, ToeOff: 27}, {Touchdown: 30, ToeOff: 37}}}
	// At 15 fps: frame k is at k/15 s. One contact split in two, one gone.
	half := Detected{Contacts: []Contact{{Touchdown: 5, ToeOff: 8}, {Touchdown: 10, ToeOff: 10}, {Touchdown: 12, ToeOff: 13}}}
	c := CompareVariant(orig, 30, half, 15)
	if c.Events != (Count{Truth: 3, Found: 2, Missed: 1, Invented: 1}) {
		t.Errorf("events %+v", c.Events)
	}
	// The larger half of the split contact is the match: it starts two
	// 15 fps frames late.
	if c.Start.N != 2 || c.Start.Within1 != 1 || c.Start.Worst < 1.99 || c.Start.Worst > 2.01 {
		t.Errorf("start errors %+v", c.Start)
	}
}

// An event exactly one frame off counts as within one frame, whatever
// the rounding of frame/fps in seconds.
func TestCompareVariantOneFrame(t *testing.T) {
	var orig, moved Detected
	for k := 0; k < 450; k += 10 {
		orig.Contacts = append(orig.Contacts, Contact{Touchdown: k, ToeOff: k + 3})
		moved.Contacts = append(moved.Contacts, Contact{Touchdown: k + 1, ToeOff: k + 4})
	}
	c := CompareVariant(orig, 30, moved, 30)
	if c.Start.Within1 != c.Start.N || c.End.Within1 != c.End.N {
		t.Errorf("one-frame errors counted as more: start %+v end %+v", c.Start, c.End)
	}
}

func TestParse(t *testing.T) {
	if _, err := Parse([]byte(`{"clip":"a.mp4","fps":30,"frames":10,"sets":[{"contacts":[{"touchdown":5,"toe_off":3}]}]}`)); err == nil {
		t.Error("a contact ending before it starts was accepted")
	}
	f, err := Parse([]byte(`{"clip":"a.mp4","fps":30,"frames":10,"sets":[{"activity":"running"}]}`))
	if err != nil || f.Sets[0].Window != [2]int{0, 9} {
		t.Errorf("default window: %v %+v", err, f)
	}
}

// Only the original's events the annotation credits are judged in a
// variant: an invented one, one matched only with an optional annotated
// contact and one outside the window are left out, with the variant's
// events matched with them; a variant event matched with nothing is still
// extra.
func TestCompareVariantCredited(t *testing.T) {
	set := Set{Activity: "running", Window: [2]int{10, 100}, Contacts: []Contact{
		{Foot: "left", Touchdown: 10, ToeOff: 16, Uncertain: true}, // cut by the window's start: optional
		{Foot: "right", Touchdown: 20, ToeOff: 27},
		{Foot: "left", Touchdown: 40, ToeOff: 47},
		{Foot: "right", Touchdown: 60, ToeOff: 67},
	}}
	orig := Detected{Contacts: []Contact{
		{Touchdown: 0, ToeOff: 5},   // outside the window
		{Touchdown: 11, ToeOff: 16}, // the optional contact
		{Touchdown: 20, ToeOff: 27},
		{Touchdown: 30, ToeOff: 34}, // invented
		{Touchdown: 40, ToeOff: 47},
		{Touchdown: 60, ToeOff: 67},
	}}
	cr := Credit(set, orig)
	if want := []bool{false, false, true, false, true, true}; !slices.Equal(cr.Contacts, want) {
		t.Fatalf("credited %v, want %v", cr.Contacts, want)
	}
	// At 15 fps: every event again (the invented one a frame later)
	// but 40–47, and one new contact at 80–89.
	half := Detected{Contacts: []Contact{
		{Touchdown: 0, ToeOff: 2}, {Touchdown: 6, ToeOff: 8}, {Touchdown: 10, ToeOff: 13},
		{Touchdown: 16, ToeOff: 17}, {Touchdown: 30, ToeOff: 33}, {Touchdown: 40, ToeOff: 43},
	}}
	c := CompareVariantCredited(set, orig, 30, half, 15)
	if c.Events != (Count{Truth: 3, Found: 2, Missed: 1, Invented: 1}) {
		t.Errorf("credited events %+v", c.Events)
	}
	if c.LeftOut != (LeftOut{Original: 3, Variant: 3}) {
		t.Errorf("left out %+v", c.LeftOut)
	}
	if c.All != (Count{Truth: 6, Found: 5, Missed: 1, Invented: 1}) {
		t.Errorf("all events %+v", c.All)
	}
	if c.Start.N != 2 || c.Start.Within1 != 2 || c.End.Within1 != 2 {
		t.Errorf("errors of the credited events only: start %+v end %+v", c.Start, c.End)
	}
	// Without an annotation every event is judged, as before.
	if a := CompareVariant(orig, 30, half, 15); a.Events != c.All || a.LeftOut != (LeftOut{}) {
		t.Errorf("uncredited comparison %+v, left out %+v", a.Events, a.LeftOut)
	}
}

// Credit: a flight without a landing is optional, and so is not credited.
func TestCreditFlights(t *testing.T) {
	set := Set{Activity: "jump", Window: [2]int{0, 300}, Flights: []Flight{
		{Takeoff: 10, Landing: 21}, {Takeoff: 200, Landing: -1, Uncertain: true},
	}}
	det := Detected{Flights: []Flight{{Takeoff: 10, Landing: 22}, {Takeoff: 80, Landing: 90}, {Takeoff: 201, Landing: 230}}}
	if got := Credit(set, det).Flights; !slices.Equal(got, []bool{true, false, false}) {
		t.Errorf("credited flights %v", got)
	}
}

// A 15 fps copy made by ffmpeg's fps filter shows, in its frame k, the
// original's last frame whose time rounds to k: from 29 fps frame 154 is
// the original's 298 (at 10.276 s, not 10.267 s), from 30 fps frame k is
// 2k.
func TestSourceFrame(t *testing.T) {
	for _, c := range []struct {
		k          int
		from, to   float64
		want       int
		firstOf    int // the copy's first frame showing this original frame or a later one
		firstWants int
	}{
		{154, 29, 15, 298, 298, 154}, {175, 29, 15, 339, 340, 176}, {10, 29, 15, 20, 19, 10},
		{77, 30, 15, 154, 155, 78}, {12, 30, 30, 12, 12, 12},
	} {
		if got := SourceFrame(c.k, c.from, c.to); got != c.want {
			t.Errorf("SourceFrame(%d, %v → %v) = %d, want %d", c.k, c.from, c.to, got, c.want)
		}
		if got := (frameMap{c.from, c.to}).first(c.firstOf); got != c.firstWants {
			t.Errorf("first frame of the %v fps copy showing %d or later: %d, want %d", c.to, c.firstOf, got, c.firstWants)
		}
	}
}

// A variant at 15 fps of a 29 fps clip: its frame k stands for the
// original's frames SourceFrame(k) to SourceFrame(k+1) − 1, so a one-frame
// contact one frame early still overlaps the original's, and errors are
// whole frames of the variant against the frames that show the
// original's events. The annotation maps the same way (MapSet).
func TestCompareVariantAcrossRates(t *testing.T) {
	orig := Detected{Contacts: []Contact{{Touchdown: 340, ToeOff: 341}, {Touchdown: 298, ToeOff: 299}}}
	// 175 shows 339 (one of the original's frames early), 154 shows 298.
	v := Detected{Contacts: []Contact{{Touchdown: 175, ToeOff: 175}, {Touchdown: 154, ToeOff: 154}}}
	c := CompareVariant(orig, 29, v, 15)
	if c.Events != (Count{Truth: 2, Found: 2}) {
		t.Fatalf("events %+v", c.Events)
	}
	if c.Start.Within1 != 2 || c.Start.Worst != 1 || c.End.Worst != 1 {
		t.Errorf("start %+v end %+v: want one contact a frame early, one exact", c.Start, c.End)
	}
	set := Set{Activity: "sprint", Window: [2]int{290, 350}, Contacts: []Contact{{Foot: "left", Touchdown: 340, ToeOff: 341}, {Foot: "right", Touchdown: 298, ToeOff: 299}}}
	m := MapSet(set, 29, 15)
	if got := m.Contacts[0]; got.Touchdown != 175 || got.ToeOff != 176 || got.Uncertain {
		t.Errorf("340–341 at 29 fps maps to %d–%d (uncertain %v), want 175–176", got.Touchdown, got.ToeOff, got.Uncertain)
	}
	if s := Compare(m, 15, v); s.Contacts != (Count{Truth: 2, Found: 2}) {
		t.Errorf("variant against the mapped annotation: %+v", s.Contacts)
	}
	// A contact between two frames of the copy is counted, not timed.
	short := Set{Window: [2]int{0, 60}, Contacts: []Contact{{Touchdown: 21, ToeOff: 21}}}
	if got := MapSet(short, 30, 15).Contacts[0]; !got.Uncertain || got.Touchdown != 10 {
		t.Errorf("a one-frame contact at 30 fps frame 21 (between the copy's 10 and 11) maps to %+v, want 10, uncertain", got)
	}
}

// A detection that overlaps two annotated events by as much goes to the
// closer one (start and end errors summed), whichever comes first.
func TestMatchTieGoesToTheCloser(t *testing.T) {
	truth := []interval{{153, 157}, {149, 150}}
	if got := match(truth, []interval{{150, 153}}); got[0] != -1 || got[1] != 0 {
		t.Errorf("pairs %v: 150–153 should go to 149–150 (errors 1 + 3) over 153–157 (3 + 4)", got)
	}
}

// TestCutKeepsWhatTheCopyShows: the upload variant's annotation is the
// clip's up to its last frame; a contact on the ground at that frame is
// optional, a flight in the air has no landing, an unfinished rep goes.
func TestCutKeepsWhatTheCopyShows(t *testing.T) {
	set := Set{Window: [2]int{5, 400},
		Contacts: []Contact{{Touchdown: 10, ToeOff: 20}, {Touchdown: 280, ToeOff: 295}, {Touchdown: 300, ToeOff: 310}},
		Flights:  []Flight{{Takeoff: 100, Landing: 120}, {Takeoff: 280, Landing: 300}, {Takeoff: 350, Landing: 360}},
		Reps:     []Rep{{Start: 0, Bottom: 50, End: 100}, {Start: 250, Bottom: 280, End: 320}},
	}
	got := Cut(set, 287)
	if got.Window != [2]int{5, 286} {
		t.Errorf("window %v", got.Window)
	}
	if len(got.Contacts) != 2 || got.Contacts[0].Uncertain || !got.Contacts[1].Uncertain {
		t.Errorf("contacts %+v: want the first two, the second optional", got.Contacts)
	}
	if len(got.Flights) != 2 || got.Flights[0].Landing != 120 || got.Flights[1].Landing != -1 {
		t.Errorf("flights %+v", got.Flights)
	}
	if len(got.Reps) != 1 || got.Reps[0].End != 100 {
		t.Errorf("reps %+v", got.Reps)
	}
	if len(set.Contacts) != 3 || set.Contacts[1].Uncertain {
		t.Error("Cut changed its argument")
	}
}

// TestScoreStart: a standing start is right within StartTolerance frames
// of the annotated first movement, a start the analysis did not see is
// unseen (nothing claimed), any other answer wrong; MapSet carries the
// first movement into a copy's frames (the first that shows it).
func TestScoreStart(t *testing.T) {
	truth := Start{Kind: "standing", Frame: 93}
	for _, c := range []struct {
		got  *Start
		want string
	}{
		{&Start{Kind: "standing", Frame: 96}, StartRight},
		{&Start{Kind: "standing", Frame: 89}, StartWrong},
		{&Start{Kind: "flying"}, StartWrong},
		{&Start{Kind: "not_seen", Frame: 95}, StartUnseen},
		{&Start{Kind: "unknown"}, StartUnseen},
		{nil, StartUnseen},
	} {
		if got := scoreStart(truth, c.got).Verdict; got != c.want {
			t.Errorf("found %+v: %s, want %s", c.got, got, c.want)
		}
	}
	set := Set{Activity: "sprint", Window: [2]int{105, 415}, Start: &truth}
	if got := Compare(set, 29, Detected{Start: &Start{Kind: "standing", Frame: 94}}).Start; got == nil || got.Verdict != StartRight {
		t.Errorf("compare: %+v", got)
	}
	// From 29 to 15 frames/s the copy's frame 48 shows the original's 93.
	if m := MapSet(set, 29, 15); m.Start == nil || m.Start.Frame != 48 || set.Start.Frame != 93 {
		t.Errorf("mapped start %+v (original %+v), want frame 48", m.Start, set.Start)
	}
	if m := MapSet(Set{}, 29, 15); m.Start != nil {
		t.Errorf("no start annotated, mapped %+v", m.Start)
	}
}
