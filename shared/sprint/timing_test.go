package sprint

import (
	"math"
	"testing"
)

// accelerating is a synthetic sprint at fps: still until frame start, then
// constant acceleration a (m/s²). CoMX is what a panning camera would
// give (the picture's position, here always 0), so only the ground speed
// can time it.
func accelerating(n, start int, fps, a float64) []Frame {
	fs := make([]Frame, n)
	for i := range fs {
		t := math.Max(0, float64(i-start)/fps)
		fs[i] = Frame{Index: i, T: float64(i) / fps, SpeedX: a * t}
	}
	return fs
}

// at is when constant acceleration a from rest covers d metres.
func at(d, a float64) float64 { return math.Sqrt(2 * d / a) }

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.5f, want %.5f (±%g)", what, got, want, tol)
	}
}

func TestSplitsStaticStart(t *testing.T) {
	const fps, a, start = 100.0, 4.0, 30
	// 4 s of running covers 32 m: zones 0–10, 10–20, 20–30.
	tm := Splits(accelerating(30+400+1, start, fps, a), fps, start, StaticStart, 10)
	if len(tm.Splits) != 3 {
		t.Fatalf("%d splits, want 3: %+v", len(tm.Splits), tm)
	}
	near(t, "covered", tm.CoveredM, 32, 1e-6)
	near(t, "time 0", tm.ZeroS, 0.3, 1e-9)
	// Linear interpolation of a quadratic between frames 0.01 s apart
	// misses by at most a·dt²/8 metres, well under a millisecond here.
	for i, sp := range tm.Splits {
		from, to := 10*float64(i), 10*float64(i+1)
		if sp.FromM != from || sp.ToM != to {
			t.Errorf("split %d is %v–%v m", i, sp.FromM, sp.ToM)
		}
		near(t, "crossing", sp.EndS, at(to, a), 1e-3)
		near(t, "split", sp.SplitS, at(to, a)-at(from, a), 1e-3)
		near(t, "speed", sp.SpeedMS, 10/(at(to, a)-at(from, a)), 0.01)
	}
}

func TestSplitsFlyingStart(t *testing.T) {
	const fps, a = 50.0, 3.0
	// Moving from frame 0 (a flying start proposes the first frame): the
	// first 10 m are the run-up, time 0 is crossing 10 m.
	fs := accelerating(5*50+1, 0, fps, a) // 5 s: 37.5 m
	mode, frame := ProposedStart(&Result{Start: Start{Kind: "flying"}, Frames: fs})
	if mode != FlyingStart || frame != 0 {
		t.Fatalf("proposed %s at %d", mode, frame)
	}
	tm := Splits(fs, fps, frame, mode, 10)
	if len(tm.Splits) != 2 {
		t.Fatalf("%d splits, want 10–20 and 20–30: %+v", len(tm.Splits), tm)
	}
	near(t, "time 0", tm.ZeroS, at(10, a), 2e-3)
	// From rest exactly at the clip's first frame, its speed 0 reads as
	// unknown (speeds) and takes the next frame's: a·dt²/2 = 0.6 mm more.
	near(t, "covered", tm.CoveredM, 37.5, 1e-3)
	for i, sp := range tm.Splits {
		from, to := 10*float64(i+1), 10*float64(i+2)
		if sp.FromM != from || sp.ToM != to {
			t.Errorf("split %d is %v–%v m", i, sp.FromM, sp.ToM)
		}
		near(t, "entry", sp.AtS, at(from, a)-at(10, a), 2e-3)
		near(t, "split", sp.SplitS, at(to, a)-at(from, a), 2e-3)
	}
}

// A constant speed is exact under linear interpolation: crossings fall
// between frames and must come out to the sub-frame.
func TestSplitsSubFrame(t *testing.T) {
	const fps = 30.0
	fs := make([]Frame, 61)
	for i := range fs {
		fs[i] = Frame{Index: i, SpeedX: 7}
	}
	tm := Splits(fs, fps, 0, StaticStart, 5) // 2 s at 7 m/s: 14 m, zones 0–5, 5–10
	if len(tm.Splits) != 2 {
		t.Fatalf("%+v", tm)
	}
	near(t, "first", tm.Splits[0].SplitS, 5.0/7, 1e-9)
	near(t, "second end", tm.Splits[1].EndS, 10.0/7, 1e-9)
	near(t, "speed", tm.Splits[1].SpeedMS, 7, 1e-9)
	near(t, "covered", tm.CoveredM, 14, 1e-9)
}

// The athlete unseen at the start frame: its position is interpolated
// from the frames around it, and crossings before the next seen frame
// still count.
func TestSplitsGap(t *testing.T) {
	var fs []Frame
	for i := 0; i <= 60; i++ {
		if i != 10 && i != 11 {
			fs = append(fs, Frame{Index: i, SpeedX: 6})
		}
	}
	tm := Splits(fs, 30, 10, StaticStart, 4) // 50 frames at 6 m/s: 10 m
	if len(tm.Splits) != 2 {
		t.Fatalf("%+v", tm)
	}
	near(t, "split", tm.Splits[0].SplitS, 4.0/6, 1e-9)
	near(t, "covered", tm.CoveredM, 10, 1e-9)
}

func TestSplitsNothing(t *testing.T) {
	if tm := Splits(nil, 30, 0, StaticStart, 10); len(tm.Splits) != 0 {
		t.Errorf("no frames: %+v", tm)
	}
	fs := accelerating(31, 0, 30, 2) // 1 m in the clip
	if tm := Splits(fs, 30, 0, StaticStart, 10); len(tm.Splits) != 0 || math.Abs(tm.CoveredM-1) > 0.01 {
		t.Errorf("short clip: %+v", tm)
	}
	if tm := Splits(fs, 30, 0, FlyingStart, 10); len(tm.Splits) != 0 || tm.CoveredM == 0 {
		t.Errorf("flying, never reaching the first line: %+v", tm)
	}
}

// Analyze leaves SpeedX 0 where it has no central difference (the clip's
// ends, beside a gap): those frames must not stall the position.
func TestSplitsEdgeSpeeds(t *testing.T) {
	var fs []Frame
	for i := 0; i <= 60; i++ {
		if i == 30 {
			continue // unseen: frames 29 and 31 have no speed
		}
		v := 6.0
		if i == 0 || i == 29 || i == 31 || i == 60 {
			v = 0
		}
		fs = append(fs, Frame{Index: i, SpeedX: v})
	}
	tm := Splits(fs, 30, 0, StaticStart, 5) // 2 s at 6 m/s: 12 m
	if len(tm.Splits) != 2 {
		t.Fatalf("%+v", tm)
	}
	near(t, "covered", tm.CoveredM, 12, 1e-9)
	near(t, "second end", tm.Splits[1].EndS, 10.0/6, 1e-9)
}
