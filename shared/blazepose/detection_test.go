// Expected values derive from MediaPipe's
// mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt (decoding, NMS
// and letterbox options) and tensors_to_detections_calculator.cc,
// non_max_suppression_calculator.cc, detection_letterbox_removal_calculator.cc.

package blazepose

import (
	"math"
	"testing"
)

// rawTensors returns a detector output where every box has a very low score.
func rawTensors() (raw, scores []float32) {
	raw = make([]float32, DetectorNumBoxes*DetectorNumCoords)
	scores = make([]float32, DetectorNumBoxes)
	for i := range scores {
		scores[i] = -10
	}
	return raw, scores
}

// setBox writes one raw box (input pixels, relative to the anchor).
func setBox(raw []float32, i int, vals ...float32) {
	copy(raw[i*DetectorNumCoords:(i+1)*DetectorNumCoords], vals)
}

func sigmoid64(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func TestLetterboxFor(t *testing.T) {
	cases := []struct {
		w, h int
		want Letterbox
	}{
		{640, 480, Letterbox{Top: 0.125, Bottom: 0.125}},
		{480, 640, Letterbox{Left: 0.125, Right: 0.125}},
		{1920, 1080, Letterbox{Top: 0.21875, Bottom: 0.21875}},
		{500, 500, Letterbox{}},
	}
	for _, c := range cases {
		got := LetterboxFor(c.w, c.h)
		if !near(float64(got.Left), float64(c.want.Left), 1e-6) || !near(float64(got.Right), float64(c.want.Right), 1e-6) ||
			!near(float64(got.Top), float64(c.want.Top), 1e-6) || !near(float64(got.Bottom), float64(c.want.Bottom), 1e-6) {
			t.Errorf("LetterboxFor(%d, %d) = %+v, want %+v", c.w, c.h, got, c.want)
		}
	}
}

func TestScoreClipping(t *testing.T) {
	// Clipping at ±100 keeps a hugely negative logit's score a tiny positive
	// number instead of exactly 0, and a huge positive one at 1.
	if got, want := sigmoidScore(-1000), float32(sigmoid64(-100)); got != want || got == 0 {
		t.Errorf("sigmoidScore(-1000) = %g, want %g", got, want)
	}
	if got := sigmoidScore(1000); got != 1 {
		t.Errorf("sigmoidScore(1000) = %g, want 1", got)
	}
	if got := sigmoidScore(0); got != 0.5 {
		t.Errorf("sigmoidScore(0) = %g, want 0.5", got)
	}
}

func TestDecodeSingleBox(t *testing.T) {
	anchors := GenerateAnchors(PoseDetectorAnchors)
	raw, scores := rawTensors()
	const idx = 1778 // stride-16 cell (7, 7): centre (7.5/14, 7.5/14)
	c := 7.5 / 14.0
	// Box centre offset (+22.4, -11.2) px, size 44.8×67.2 px; keypoints.
	setBox(raw, idx, 22.4, -11.2, 44.8, 67.2,
		0, 33.6, // kp0
		0, -56, // kp1
		11.2, 0, // kp2
		-22.4, 22.4) // kp3
	scores[idx] = 3

	dets := DecodeDetections(raw, scores, anchors, LetterboxFor(300, 300), DetectorMinScore)
	if len(dets) != 1 {
		t.Fatalf("got %d detections, want 1", len(dets))
	}
	d := dets[0]
	check := func(name string, got float32, want float64) {
		t.Helper()
		if !near(float64(got), want, 1e-5) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("score", d.Score, sigmoid64(3))
	check("xmin", d.XMin, c+0.1-0.1)
	check("ymin", d.YMin, c-0.05-0.15)
	check("w", d.W, 0.2)
	check("h", d.H, 0.3)
	if len(d.Keypoints) != DetectorNumKeypoints {
		t.Fatalf("got %d keypoints", len(d.Keypoints))
	}
	wantKP := [][2]float64{{c, c + 0.15}, {c, c - 0.25}, {c + 0.05, c}, {c - 0.1, c + 0.1}}
	for k, w := range wantKP {
		check("kp x", d.Keypoints[k].X, w[0])
		check("kp y", d.Keypoints[k].Y, w[1])
	}
}

func TestDecodeRawFilters(t *testing.T) {
	anchors := GenerateAnchors(PoseDetectorAnchors)
	raw, scores := rawTensors()
	// Just below the threshold: dropped.
	scores[10] = float32(math.Log(0.19 / 0.81))
	setBox(raw, 10, 0, 0, 20, 20)
	// Negative height: dropped however high the score.
	scores[20] = 5
	setBox(raw, 20, 0, 0, 20, -5)
	// Just above the threshold: kept.
	scores[30] = float32(math.Log(0.21 / 0.79))
	setBox(raw, 30, 0, 0, 20, 20)
	dets := DecodeRaw(raw, scores, anchors, DetectorMinScore)
	if len(dets) != 1 || !near(float64(dets[0].Score), 0.21, 1e-5) {
		t.Fatalf("got %+v, want only the 0.21 box", dets)
	}
	if DecodeRaw(raw[:100], scores, anchors, DetectorMinScore) != nil {
		t.Errorf("short raw tensor should give nil")
	}
}

func TestWeightedNMS(t *testing.T) {
	kp := func(x, y float32) []Point { return []Point{{x, y}, {x, y - 0.1}} }
	a := Detection{Score: 0.9, XMin: 0.10, YMin: 0.1, W: 0.4, H: 0.4, Keypoints: kp(0.30, 0.3)}
	b := Detection{Score: 0.6, XMin: 0.14, YMin: 0.1, W: 0.44, H: 0.4, Keypoints: kp(0.34, 0.3)} // IoU with a = 0.75
	c := Detection{Score: 0.8, XMin: 0.60, YMin: 0.6, W: 0.2, H: 0.2, Keypoints: kp(0.70, 0.7)}  // far away
	// IoU with a ≈ 0.23 (kept apart) although IoU with b ≈ 0.38: overlap is
	// measured against the cluster's best box only.
	d := Detection{Score: 0.5, XMin: 0.35, YMin: 0.1, W: 0.4, H: 0.4, Keypoints: kp(0.55, 0.3)}

	got := WeightedNMS([]Detection{d, b, c, a}, NMSMinSuppressionThreshold)
	if len(got) != 3 {
		t.Fatalf("got %d detections, want 3: %+v", len(got), got)
	}
	m := got[0]
	if m.Score != 0.9 {
		t.Errorf("merged score = %v, want the best score 0.9", m.Score)
	}
	wsum := 0.9 + 0.6
	wx := (0.10*0.9 + 0.14*0.6) / wsum
	wxmax := (0.50*0.9 + 0.58*0.6) / wsum
	wkx := (0.30*0.9 + 0.34*0.6) / wsum
	if !near(float64(m.XMin), wx, 1e-6) || !near(float64(m.W), wxmax-wx, 1e-6) ||
		!near(float64(m.YMin), 0.1, 1e-6) || !near(float64(m.H), 0.4, 1e-6) {
		t.Errorf("merged box = %+v, want xmin %v w %v", m, wx, wxmax-wx)
	}
	if !near(float64(m.Keypoints[0].X), wkx, 1e-6) || !near(float64(m.Keypoints[1].Y), 0.2, 1e-6) {
		t.Errorf("merged keypoints = %+v, want x %v", m.Keypoints, wkx)
	}
	if got[1].Score != 0.8 || got[1].XMin != 0.6 || got[1].Keypoints[0].X != 0.7 {
		t.Errorf("far detection changed: %+v", got[1])
	}
	if got[2].Score != 0.5 || got[2].XMin != 0.35 {
		t.Errorf("third detection = %+v, want d unchanged", got[2])
	}
	// The input must not be modified.
	if a.Keypoints[0].X != 0.30 {
		t.Errorf("input keypoints modified")
	}
}

func TestDecodeDetectionsMergesNeighbours(t *testing.T) {
	anchors := GenerateAnchors(PoseDetectorAnchors)
	raw, scores := rawTensors()
	// Two anchors of the same stride-16 cell predicting nearly the same box,
	// and one far away in a stride-32 cell.
	setBox(raw, 1778, 0, 0, 40, 80, 0, 20, 0, -40, 0, 0, 0, 0)
	scores[1778] = 2
	setBox(raw, 1779, 4, 0, 40, 80, 4, 20, 4, -40, 0, 0, 0, 0)
	scores[1779] = 1
	setBox(raw, 1960, 0, 0, 30, 30, 0, 10, 0, -10, 0, 0, 0, 0)
	scores[1960] = 4

	dets := DecodeDetections(raw, scores, anchors, Letterbox{}, DetectorMinScore)
	if len(dets) != 2 {
		t.Fatalf("got %d detections, want 2", len(dets))
	}
	if !(dets[0].Score > dets[1].Score) {
		t.Errorf("not sorted by score: %v, %v", dets[0].Score, dets[1].Score)
	}
	if !near(float64(dets[0].XMin), 0.5/7-15.0/224, 1e-6) {
		t.Errorf("far detection xmin = %v", dets[0].XMin)
	}
	s1, s2 := sigmoid64(2), sigmoid64(1)
	c := 7.5 / 14
	wantX := c + (0*s1+4.0/224*s2)/(s1+s2)
	if !near(float64(dets[1].Keypoints[0].X), wantX, 1e-6) || !near(float64(dets[1].Score), s1, 1e-6) {
		t.Errorf("merged detection = %+v, want kp0.x %v score %v", dets[1], wantX, s1)
	}
}

func TestLetterboxRemovalNonSquare(t *testing.T) {
	anchors := GenerateAnchors(PoseDetectorAnchors)
	raw, scores := rawTensors()
	const idx = 1778
	c := 7.5 / 14.0
	setBox(raw, idx, 0, 0, 44.8, 44.8, 0, 22.4, 0, -44.8, 0, 0, 0, 0)
	scores[idx] = 3
	const w, h = 640, 480 // landscape: 12.5% padding top and bottom
	dets := DecodeDetections(raw, scores, anchors, LetterboxFor(w, h), DetectorMinScore)
	if len(dets) != 1 {
		t.Fatalf("got %d detections", len(dets))
	}
	d := dets[0]
	// x unchanged, y = (y − 0.125) / 0.75, heights scaled by 1/0.75.
	if !near(float64(d.XMin), c-0.1, 1e-5) || !near(float64(d.W), 0.2, 1e-5) ||
		!near(float64(d.YMin), (c-0.1-0.125)/0.75, 1e-5) || !near(float64(d.H), 0.2/0.75, 1e-5) {
		t.Errorf("box = %+v", d)
	}
	if !near(float64(d.Keypoints[0].Y), (c+0.1-0.125)/0.75, 1e-5) || !near(float64(d.Keypoints[1].Y), (c-0.2-0.125)/0.75, 1e-5) {
		t.Errorf("keypoints = %+v", d.Keypoints)
	}
	// The same mapping seen as the detector input's rect in image pixels.
	r := DetectorInputRect(w, h)
	x, y := r.ToImage(float32(c)*DetectorInputSize, float32(c+0.1)*DetectorInputSize, DetectorInputSize)
	if !near(float64(x), float64(d.Keypoints[0].X)*w, 1e-3) || !near(float64(y), float64(d.Keypoints[0].Y)*h, 1e-3) {
		t.Errorf("DetectorInputRect maps kp0 to (%v, %v), letterbox removal to (%v, %v)",
			x, y, d.Keypoints[0].X*w, d.Keypoints[0].Y*h)
	}
}
