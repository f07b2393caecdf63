package gait

import (
	"slices"
	"testing"
)

// TestDoubtHalvesWhatTheGaitRulesOut: contacts either side of a flight in a
// walk, of an overlap in a run, and a foot landing again at once are
// doubted (confidence halved); contacts the gait allows keep theirs.
func TestDoubtHalvesWhatTheGaitRulesOut(t *testing.T) {
	c := func(f Foot, on, off int) Contact { return Contact{Foot: f, Contact: on, ToeOff: off, Confidence: 0.9} }
	for _, tc := range []struct {
		name     string
		walk     bool
		contacts []Contact
		doubted  []int
		why      string
	}{
		{"a walk, double support every step", true,
			[]Contact{c(RightFoot, 38, 62), c(LeftFoot, 57, 77), c(RightFoot, 73, 93), c(LeftFoot, 89, 108)}, nil, ""},
		// The Demo4 walker's toe-off of 73–92 found at 87: a "flight" before
		// the left foot's 89.
		{"a walk with a flight", true,
			[]Contact{c(RightFoot, 38, 62), c(LeftFoot, 57, 77), c(RightFoot, 73, 88), c(LeftFoot, 89, 108)}, []int{2, 3}, DoubtNoDoubleSupport},
		{"a run, a flight every step", false,
			[]Contact{c(LeftFoot, 10, 13), c(RightFoot, 16, 19), c(LeftFoot, 22, 25)}, nil, ""},
		{"a run with an overlap", false,
			[]Contact{c(LeftFoot, 10, 13), c(RightFoot, 12, 19), c(LeftFoot, 22, 25)}, []int{0, 1}, DoubtOverlap},
		// One foot landing three frames after it left: no leg swings that
		// fast (the Demo4 walker's invented 225–233 before 236).
		{"a foot that lands again at once", true,
			[]Contact{c(RightFoot, 211, 231), c(LeftFoot, 225, 234), c(LeftFoot, 237, 248), c(RightFoot, 243, 263)}, []int{1, 2}, DoubtLandsAgain},
		// A missed contact between two of one foot's a stride apart says
		// nothing of their timing.
		{"a contact missed between", false,
			[]Contact{c(RightFoot, 195, 199), c(RightFoot, 207, 209), c(LeftFoot, 213, 215), c(RightFoot, 219, 222)}, nil, ""},
		{"out of order", false,
			[]Contact{c(LeftFoot, 22, 25), c(RightFoot, 12, 19), c(LeftFoot, 10, 13)}, []int{1, 2}, DoubtOverlap},
	} {
		cs := slices.Clone(tc.contacts)
		Doubt(cs, tc.walk)
		for i := range cs {
			want, why := 0.9, ""
			if slices.Contains(tc.doubted, i) {
				want, why = 0.45, tc.why
			}
			if cs[i].Confidence != want || cs[i].Doubt != why {
				t.Errorf("%s: contact %d (%d–%d) confidence %.2f (%q), want %.2f (%q)", tc.name, i, cs[i].Contact, cs[i].ToeOff, cs[i].Confidence, cs[i].Doubt, want, why)
			}
		}
	}
	Doubt(nil, true) // nothing to doubt, no panic
}
