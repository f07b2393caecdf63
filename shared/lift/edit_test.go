package lift

import (
	"encoding/json"
	"math"
	"testing"
)

// TestEditedReps: the detected repetitions given back are the detected
// result; a moved bottom, a deleted repetition and an added one are timed
// from their frames and the summaries follow.
func TestEditedReps(t *testing.T) {
	const fps = 30.0
	ph, at := squatSession(3, 1.6, 1.1)
	s := synth{fps: fps, noise: 1.5, dir: 1, phases: ph, repAt: at, pose: squatPose(0.18, 38, 0, 0), seed: 3}
	frames, _ := s.frames()
	o := Options{FPS: fps, Exercise: Squat, HeightM: synthH}
	det, err := Analyze(frames, o)
	if err != nil || det.Count != 3 {
		t.Fatalf("%d reps detected, %v", det.Count, err)
	}
	same, err := Edited(frames, o, Frames(det))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := json.Marshal(det)
	y, _ := json.Marshal(same)
	if string(x) != string(y) {
		t.Errorf("the detected repetitions given back:\n%s\nwant\n%s", y, x)
	}

	fs := Frames(det)
	fs[0].BottomFrame += 3                                                                                              // moved
	fs = append(fs[:1], fs[2])                                                                                          // the second deleted
	added := RepFrames{StartFrame: fs[1].EndFrame + 2, BottomFrame: fs[1].EndFrame + 20, EndFrame: fs[1].EndFrame + 40} // added
	if added.EndFrame >= len(frames) {
		t.Fatalf("no room for a repetition at %+v in %d frames", added, len(frames))
	}
	fs = append(fs, added)
	r, err := Edited(frames, o, fs)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != len(fs) {
		t.Fatalf("%d reps, want %d", r.Count, len(fs))
	}
	m := r.Reps[0]
	if m.EccentricS != float64(fs[0].BottomFrame-fs[0].StartFrame)/fps || m.ConcentricS != float64(fs[0].EndFrame-fs[0].BottomFrame)/fps ||
		m.Confidence != 1 || m.DepthDeltaM == nil || !(m.RangeOfMotionM > 0) {
		t.Errorf("moved rep %+v", m)
	}
	if k := r.Reps[1]; k.Index != 2 || k.EccentricS != det.Reps[2].EccentricS || k.Confidence != det.Reps[2].Confidence {
		t.Errorf("kept rep %+v, was %+v", k, det.Reps[2])
	}
	var sum float64
	for _, rp := range r.Reps {
		sum += rp.EccentricS
	}
	if math.Abs(r.Eccentric.Mean-sum/float64(r.Count)) > 1e-9 {
		t.Errorf("eccentric mean %.4f, want %.4f", r.Eccentric.Mean, sum/float64(r.Count))
	}

	for name, bad := range map[string][]RepFrames{
		"none":              {},
		"bottom after end":  {{StartFrame: 10, BottomFrame: 30, EndFrame: 20}},
		"past the clip":     {{StartFrame: 10, BottomFrame: 20, EndFrame: len(frames)}},
		"overlapping":       {{StartFrame: 10, BottomFrame: 20, EndFrame: 30}, {StartFrame: 25, BottomFrame: 35, EndFrame: 45}},
		"start before zero": {{StartFrame: -1, BottomFrame: 20, EndFrame: 30}},
	} {
		if _, err := Edited(frames, o, bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
