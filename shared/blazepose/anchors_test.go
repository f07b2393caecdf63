// Expected values derive from MediaPipe's
// mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt
// (SsdAnchorsCalculator options) and ssd_anchors_calculator.cc.

package blazepose

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestPoseDetectorAnchorCount(t *testing.T) {
	a := GenerateAnchors(PoseDetectorAnchors)
	// stride 8: 28×28 cells × 2, stride 16: 14×14 × 2, strides 32×3 merged: 7×7 × 6.
	if len(a) != DetectorNumBoxes || DetectorNumBoxes != 28*28*2+14*14*2+7*7*6 {
		t.Fatalf("got %d anchors, want %d", len(a), DetectorNumBoxes)
	}
}

func TestPoseDetectorAnchorCentres(t *testing.T) {
	a := GenerateAnchors(PoseDetectorAnchors)
	if len(a) != DetectorNumBoxes {
		t.Fatalf("got %d anchors", len(a))
	}
	cases := []struct {
		i      int
		cx, cy float64
	}{
		{0, 0.5 / 28, 0.5 / 28},
		{1, 0.5 / 28, 0.5 / 28}, // second anchor of the same cell
		{2, 1.5 / 28, 0.5 / 28},
		{55, 27.5 / 28, 0.5 / 28},
		{56, 0.5 / 28, 1.5 / 28}, // rows advance after a full row of x
		{1567, 27.5 / 28, 27.5 / 28},
		{1568, 0.5 / 14, 0.5 / 14}, // first stride-16 anchor
		{1778, 7.5 / 14, 7.5 / 14},
		{1959, 13.5 / 14, 13.5 / 14},
		{1960, 0.5 / 7, 0.5 / 7}, // first stride-32 anchor: 6 per cell
		{1965, 0.5 / 7, 0.5 / 7},
		{1966, 1.5 / 7, 0.5 / 7},
		{2253, 6.5 / 7, 6.5 / 7},
	}
	for _, c := range cases {
		got := a[c.i]
		if !near(float64(got.XCenter), c.cx, 1e-6) || !near(float64(got.YCenter), c.cy, 1e-6) {
			t.Errorf("anchor %d centre = (%v, %v), want (%v, %v)", c.i, got.XCenter, got.YCenter, c.cx, c.cy)
		}
		if got.W != 1 || got.H != 1 {
			t.Errorf("anchor %d size = %v×%v, want 1×1 (fixed_anchor_size)", c.i, got.W, got.H)
		}
	}
}

func TestAnchorScalesWithoutFixedSize(t *testing.T) {
	o := PoseDetectorAnchors
	o.FixedAnchorSize = false
	a := GenerateAnchors(o)
	if len(a) != DetectorNumBoxes {
		t.Fatalf("got %d anchors", len(a))
	}
	scale := func(i int) float64 { return 0.1484375 + (0.75-0.1484375)*float64(i)/4 }
	// Layer 0: scale 0, then the interpolated sqrt(s0*s1), aspect 1.
	want := map[int]float64{
		0:    scale(0),
		1:    math.Sqrt(scale(0) * scale(1)),
		1568: scale(1),
		1569: math.Sqrt(scale(1) * scale(2)),
		// Merged stride-32 group: (s2, interp, s3, interp, s4, sqrt(s4*1)).
		1960: scale(2),
		1961: math.Sqrt(scale(2) * scale(3)),
		1962: scale(3),
		1963: math.Sqrt(scale(3) * scale(4)),
		1964: scale(4),
		1965: math.Sqrt(scale(4) * 1.0),
	}
	for i, w := range want {
		if !near(float64(a[i].W), w, 1e-6) || !near(float64(a[i].H), w, 1e-6) {
			t.Errorf("anchor %d size = %v×%v, want %v", i, a[i].W, a[i].H, w)
		}
	}
}

func TestGenerateAnchorsRejectsInconsistentOptions(t *testing.T) {
	o := PoseDetectorAnchors
	o.NumLayers = 4 // five strides
	if a := GenerateAnchors(o); a != nil {
		t.Errorf("got %d anchors for inconsistent options, want nil", len(a))
	}
}
