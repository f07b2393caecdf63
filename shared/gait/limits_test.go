package gait

import (
	"math"
	"slices"
	"testing"

	"motionlab/shared/gait/gaittest"
	"motionlab/shared/track"
)

// TestLimitsAllowAFrameOfRounding: a step is flagged only when no duration
// within a frame of the measured one keeps it within the limits.
func TestLimitsAllowAFrameOfRounding(t *testing.T) {
	for _, c := range []struct {
		name               string
		fps, contact, step float64 // frames
		maxContactS        float64
		want               []string
	}{
		{"2-frame contact at 30 fps (may be 100 ms)", 30, 2, 6, 0.35, nil},
		{"1-frame contact at 30 fps (67 ms at most)", 30, 1, 6, 0.35, []string{FlagShort}},
		{"15-frame contact at 240 fps (67 ms at most)", 240, 15, 48, 0.35, []string{FlagShort}},
		{"11-frame contact at 30 fps (may be 333 ms)", 30, 11, 16, 0.35, nil},
		{"12-frame contact at 30 fps (367 ms at least)", 30, 12, 16, 0.35, []string{FlagLong}},
		{"12-frame contact, no ceiling (running)", 30, 12, 16, 0, nil},
		{"5-frame step at 30 fps (may be 5 Hz)", 30, 2, 5, 0.35, nil},
		{"4-frame step at 30 fps (6 Hz at least)", 30, 2, 4, 0.35, []string{FlagFrequent}},
		{"last step (no next contact)", 30, 3, 0, 0.35, nil},
	} {
		hz := 0.0
		if c.step > 0 {
			hz = c.fps / c.step
		}
		if got := StepFlags(c.contact/c.fps, hz, 1/c.fps, c.maxContactS); !slices.Equal(got, c.want) {
			t.Errorf("%s: flags %v, want %v", c.name, got, c.want)
		}
	}
}

// TestRunningStepsBeyondTheLimits: the running metrics flag what no human
// step can be — a contact a coach marks for one frame at 30 fps (67 ms at
// most), a speed over MaxSpeedMS (here a scale 12 times too small) — show
// such a step as uncertain and leave it out of the means; every other step
// counts as before.
func TestRunningStepsBeyondTheLimits(t *testing.T) {
	r := gaittest.Runner{Cadence: 172, Contact: 0.24, Speed: 3.6, FPS: 30, Duration: 4, Noise: 1, Dir: 1}
	raw, _ := r.Frames(0.1)
	clean := track.Clean(track.Track{FPS: 30, Frames: raw}, track.DefaultOptions)
	o := Options{FPS: 30, HeightM: gaittest.HeightM}
	m := Analyze(clean.Frames, o)
	if len(m.Steps) < 8 || len(m.Flags) != 0 {
		t.Fatalf("%d steps, flags %v", len(m.Steps), m.Flags)
	}
	cs := make([]Contact, len(m.Steps))
	for i, s := range m.Steps {
		if len(s.Flags) != 0 {
			t.Errorf("step %d flagged %v", i, s.Flags)
		}
		cs[i] = s.Contact
	}
	k := len(cs) / 2
	cs[k].ToeOff = cs[k].Contact + 1
	o.Contacts = cs
	edited := Analyze(clean.Frames, o)
	st := edited.Steps[k]
	if !slices.Equal(st.Flags, []string{FlagShort}) || st.ShownConfidence() > FlaggedConfidence || st.Confidence != cs[k].Confidence {
		t.Errorf("1-frame contact: flags %v, shown confidence %.2f (contact's %.2f)", st.Flags, st.ShownConfidence(), st.Confidence)
	}
	if edited.ContactTime.N != m.ContactTime.N-1 || math.Abs(edited.ContactTime.Mean-m.ContactTime.Mean) > 0.01 {
		t.Errorf("mean contact %.3f s over %d, before %.3f s over %d: the flagged step must not count", edited.ContactTime.Mean, edited.ContactTime.N, m.ContactTime.Mean, m.ContactTime.N)
	}
	o.Contacts, o.PixelsPerMetre = nil, m.PixelsPerMetre/12
	fast := Analyze(clean.Frames, o)
	if !slices.Equal(fast.Flags, []string{FlagFast}) {
		t.Errorf("%.1f m/s: flags %v, want %s", fast.Speed, fast.Flags, FlagFast)
	}
}
