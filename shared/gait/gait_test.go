package gait

import (
	"math"
	"testing"

	"motionlab/shared/gait/gaittest"
	"motionlab/shared/track"
)

func TestSyntheticRunnerRecovered(t *testing.T) {
	for _, fps := range []float64{30, 60, 120, 240} {
		for _, dir := range []float64{1, -1} {
			for _, treadmill := range []bool{false, true} {
				r := gaittest.Runner{Cadence: 172, Contact: 0.24, Speed: 3.6, FPS: fps, Duration: 4, Noise: 1, Dir: dir, Treadmill: treadmill, DropEvery: 13}
				raw, _ := r.Frames(0.1)
				clean := track.Clean(track.Track{FPS: fps, Frames: raw}, track.DefaultOptions)
				m := Analyze(clean.Frames, Options{FPS: fps, HeightM: gaittest.HeightM, Treadmill: treadmill, BeltSpeed: 3.6})
				name := map[bool]string{true: "treadmill", false: "overground"}[treadmill]
				step := 60 / r.Cadence
				if math.Abs(m.Cadence-r.Cadence)/r.Cadence > 0.01 {
					t.Errorf("%v fps dir %v %s: cadence %.1f, want %.0f ±1%%", fps, dir, name, m.Cadence, r.Cadence)
				}
				// Within one frame at every rate.
				frame := 1 / fps
				if math.Abs(m.ContactTime.Mean-r.Contact) > frame {
					t.Errorf("%v fps dir %v %s: contact %.3f s, want %.3f ± %.3f", fps, dir, name, m.ContactTime.Mean, r.Contact, frame)
				}
				if want := step - r.Contact; math.Abs(m.FlightTime.Mean-want) > frame {
					t.Errorf("%v fps dir %v %s: flight %.3f s, want %.3f ± %.3f", fps, dir, name, m.FlightTime.Mean, want, frame)
				}
				if math.Abs(m.Speed-3.6) > 0.2 {
					t.Errorf("%v fps dir %v %s: speed %.2f m/s, want 3.6", fps, dir, name, m.Speed)
				}
				if m.StepTime.N < 8 {
					t.Errorf("%v fps dir %v %s: %d steps in 4 s", fps, dir, name, m.StepTime.N)
				}
			}
		}
	}
}

func TestStandingStillHasNoContacts(t *testing.T) {
	r := gaittest.Runner{Cadence: 172, Contact: 0.24, Speed: 0, FPS: 30, Duration: 2, Noise: 1, Dir: 1}
	raw, _ := r.Frames(0.1)
	clean := track.Clean(track.Track{FPS: 30, Frames: raw}, track.DefaultOptions)
	// Speed 0: the feet lift in place but nothing moves over the ground.
	if c := Contacts(clean.Frames, 30, 0.3); len(c) != 0 {
		t.Errorf("standing runner: %d contacts %v", len(c), c)
	}
	if Contacts(nil, 30, 0.3) != nil {
		t.Error("no frames must give no contacts")
	}
}

func TestSingleSupport(t *testing.T) {
	cs := []Contact{
		{Foot: LeftFoot, Contact: 10, ToeOff: 14, Confidence: 0.8},
		{Foot: RightFoot, Contact: 11, ToeOff: 14, Confidence: 0.3}, // the same stance on the other leg
		{Foot: RightFoot, Contact: 20, ToeOff: 24, Confidence: 0.5},
		{Foot: LeftFoot, Contact: 23, ToeOff: 27, Confidence: 0.6}, // overlaps by 1 of 4: a real next step
		{Foot: RightFoot, Contact: 33, ToeOff: 36, Confidence: 0.4},
		{Foot: LeftFoot, Contact: 33, ToeOff: 37, Confidence: 0.4}, // tie: the longer stays
	}
	got := SingleSupport(cs)
	want := []Contact{cs[0], cs[2], cs[3], cs[5]}
	if len(got) != len(want) {
		t.Fatalf("got %d contacts %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("contact %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
