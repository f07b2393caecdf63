package track_test

import (
	"math"
	"testing"

	"motionlab/shared/pose"
	"motionlab/shared/track"
	"motionlab/tests/testenv"
)

// readRaw reads a real raw track of testdata (see testdata/raw_gen.go):
// its frames and the clip frame it starts at.
func readRaw(t *testing.T, name string) (track.Track, int) {
	t.Helper()
	var d struct {
		FPS    float64        `json:"fps"`
		First  int            `json:"first"`
		Frames []*pose.Person `json:"frames"`
	}
	testenv.GzipJSON(t, "testdata/"+name, &d)
	return track.Track{FPS: d.FPS, Frames: d.Frames}, d.First
}

// TestStandingFootKeepsItsLabel: the Demo4 walker's right foot stands at
// x ≈ 1100–1150 over frames 38–61 (hand annotation) while the left swings
// past it and lands at 57, and the model draws the standing foot under
// the left label in 9 of the 14 frames 46–59. With the camera's motion
// known (a fixed camera here), the right heel stays on the standing foot
// from 40 to 59; from the motion alone it does not (the legs' labels are
// consistent along the swing, but with the wrong foot standing), and the
// frame where the model drew both legs between the feet (60) is marked
// unseen.
func TestStandingFootKeepsItsLabel(t *testing.T) {
	onStance := func(tr track.Track, first int) (off []int) {
		for i := 40; i <= 59; i++ {
			if h := tr.Frames[i-first].Keypoints[pose.RightHeel]; math.Abs(float64(h.X)-1135) > 40 {
				off = append(off, i)
			}
		}
		return off
	}
	tr, first := readRaw(t, "walk_raw.json.gz")
	track.FixLegSwaps(&tr)
	if off := onStance(tr, first); len(off) < 5 {
		t.Fatalf("without the camera the right heel left the standing foot in frames %v only: the test no longer shows the problem", off)
	}

	tr, first = readRaw(t, "walk_raw.json.gz")
	tr.Camera = make([]track.Motion, len(tr.Frames))
	for i := range tr.Camera {
		tr.Camera[i] = track.Identity
	}
	track.FixLegSwaps(&tr)
	if off := onStance(tr, first); len(off) > 0 {
		t.Errorf("the right heel is off the standing foot in frames %v", off)
	}
	for _, j := range []int{pose.LeftAnkle, pose.RightAnkle, pose.LeftHeel, pose.RightHeel, pose.LeftFootIndex, pose.RightFootIndex} {
		if v := tr.Frames[60-first].Keypoints[j].Visibility; v != 0 {
			t.Errorf("frame 60: keypoint %d visibility %.2f, want 0 (both legs drawn between the feet)", j, v)
		}
	}
	if v := tr.Frames[58-first].Keypoints[pose.RightHeel].Visibility; v == 0 {
		t.Error("frame 58: the right heel marked unseen")
	}
}
