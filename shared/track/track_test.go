package track

import (
	"math"
	"testing"

	"motionlab/shared/pose"
)

// walker makes a synthetic side-view walker: legs swing in antiphase.
func walker(n int, fps float64) Track {
	t := Track{FPS: fps}
	for i := 0; i < n; i++ {
		ph := 2 * math.Pi * 1.5 * float64(i) / fps
		kps := make([]pose.Keypoint, pose.NumBlazePose)
		for k := range kps {
			kps[k] = pose.Keypoint{X: 100 + float32(i), Y: 100, Visibility: 1}
		}
		set := func(k int, dx, y float64) {
			kps[k] = pose.Keypoint{X: 100 + float32(i) + float32(dx), Y: float32(y), Visibility: 1}
		}
		for _, s := range []struct {
			sign float64
			hip  int
			knee int
			ank  int
			heel int
			toe  int
		}{{1, pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.LeftHeel, pose.LeftFootIndex}, {-1, pose.RightHip, pose.RightKnee, pose.RightAnkle, pose.RightHeel, pose.RightFootIndex}} {
			sw := 40 * s.sign * math.Sin(ph)
			set(s.hip, 0, 200)
			set(s.knee, sw/2, 300)
			set(s.ank, sw, 400)
			set(s.heel, sw-8, 405)
			set(s.toe, sw+20, 410)
		}
		p := &pose.Person{Keypoints: kps}
		t.Frames = append(t.Frames, p)
	}
	return t
}

func TestFixLegSwapsUndoesAnInjectedSwap(t *testing.T) {
	tr := walker(60, 30)
	// Frame 5 (legs furthest apart): swap the model's labels.
	k := tr.Frames[5].Keypoints
	wantL := k[pose.LeftAnkle]
	for _, pr := range legPairs {
		k[pr[0]], k[pr[1]] = k[pr[1]], k[pr[0]]
	}
	if n := FixLegSwaps(&tr); n != 1 {
		t.Fatalf("fixed %d frames, want 1", n)
	}
	if got := tr.Frames[5].Keypoints[pose.LeftAnkle]; got != wantL {
		t.Errorf("left ankle after fix %+v, want %+v", got, wantL)
	}
}

func TestCleanFillsShortGapMarksLongGap(t *testing.T) {
	tr := walker(90, 30)
	tr.Frames[20], tr.Frames[21] = nil, nil // 2 frames: filled
	for i := 50; i < 70; i++ {              // 20 frames: left empty
		tr.Frames[i] = nil
	}
	c := Clean(tr, DefaultOptions)
	if c.Frames[20] == nil || c.Frames[21] == nil {
		t.Fatal("2-frame gap not filled")
	}
	wantX := 100 + 20.0
	if got := float64(c.Frames[20].Keypoints[pose.Nose].X); math.Abs(got-wantX) > 1 {
		t.Errorf("interpolated nose x %.2f, want %.2f", got, wantX)
	}
	for i := 50; i < 70; i++ {
		if c.Frames[i] != nil {
			t.Fatalf("frame %d in a 20-frame gap was invented", i)
		}
	}
	if tr.Frames[20] != nil {
		t.Error("Clean modified its input")
	}
}

func TestCleanRemovesJitter(t *testing.T) {
	tr := walker(120, 60)
	raw := walker(120, 60)
	for i, p := range tr.Frames {
		j := float32(3)
		if i%2 == 0 {
			j = -3
		}
		p.Keypoints[pose.Nose].Y += j
	}
	c := Clean(tr, DefaultOptions)
	var worst float64
	for i := 10; i < 110; i++ {
		worst = math.Max(worst, math.Abs(float64(c.Frames[i].Keypoints[pose.Nose].Y-raw.Frames[i].Keypoints[pose.Nose].Y)))
	}
	if worst > 0.5 {
		t.Errorf("±3 px frame-to-frame jitter leaves %.2f px, want ≤ 0.5", worst)
	}
}

func TestCleanHidesKeypointsAtThePictureEdge(t *testing.T) {
	frames := make([]*pose.Person, 10)
	for i := range frames {
		kp := make([]pose.Keypoint, pose.NumBlazePose)
		for k := range kp {
			kp[k] = pose.Keypoint{X: 500, Y: 300, Visibility: 0.9}
		}
		kp[pose.RightHeel].X = 995 // within 2 % of a 1000 px wide picture
		kp[pose.LeftHeel].X = 1010 // outside it
		frames[i] = &pose.Person{Keypoints: kp}
	}
	c := Clean(Track{FPS: 30, Frames: frames, Width: 1000, Height: 600}, DefaultOptions)
	for i, p := range c.Frames {
		if v := p.Keypoints[pose.RightHeel].Visibility; v != 0 {
			t.Errorf("frame %d: heel at the edge has visibility %v, want 0", i, v)
		}
		if v := p.Keypoints[pose.LeftHeel].Visibility; v != 0 {
			t.Errorf("frame %d: heel outside the picture has visibility %v, want 0", i, v)
		}
		if v := p.Keypoints[pose.Nose].Visibility; v < 0.8 {
			t.Errorf("frame %d: nose in the picture lost its visibility (%v)", i, v)
		}
	}
	// Unknown picture size: nothing is hidden.
	c = Clean(Track{FPS: 30, Frames: frames}, DefaultOptions)
	if v := c.Frames[5].Keypoints[pose.LeftHeel].Visibility; v < 0.8 {
		t.Errorf("without a picture size the heel lost its visibility (%v)", v)
	}
}

// A cut-off at or above half the frame rate (8 Hz at 15 fps) leaves the
// track as it was: the samples hold nothing above it to remove.
func TestCleanCutoffAboveNyquistKeepsSamples(t *testing.T) {
	tr := walker(60, 15)
	for i, p := range tr.Frames {
		if i%2 == 0 {
			p.Keypoints[pose.LeftHeel].X += 3 // frame-to-frame jitter
		}
	}
	c := Clean(tr, DefaultOptions)
	for i := range tr.Frames {
		for _, k := range []int{pose.LeftHeel, pose.RightFootIndex} {
			if a, b := tr.Frames[i].Keypoints[k], c.Frames[i].Keypoints[k]; a.X != b.X || a.Y != b.Y {
				t.Fatalf("frame %d point %d moved from %v,%v to %v,%v", i, k, a.X, a.Y, b.X, b.Y)
			}
		}
	}
	// Below it the jitter is smoothed.
	o := DefaultOptions
	o.Cutoff = 5
	c = Clean(tr, o)
	if a, b := tr.Frames[30].Keypoints[pose.LeftHeel], c.Frames[30].Keypoints[pose.LeftHeel]; math.Abs(float64(a.X-b.X)) < 0.5 {
		t.Errorf("a 5 Hz cut-off at 15 fps left the heel's jitter: %v → %v", a.X, b.X)
	}
}
