package inference

import (
	"math"
	"sort"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
)

// Tracker follows one subject through a video, as MediaPipe does: the ROI
// for each frame comes from the previous frame's landmarks, and the person
// detector runs only on the first frame and whenever the pose is lost.
// When it runs again, the detection nearest the subject's last position
// is taken, so the subject stays the same person when others pass.
type Tracker struct {
	e    *Engine
	roi  *blazepose.Rect // ROI for the next frame, nil when lost
	last *pose.Person    // subject's last pose, to re-acquire the same person
	// Detections counts detector runs (for benchmarks and tests).
	Detections int
}

// NewTracker starts tracking with e (one tracker per video).
func (e *Engine) NewTracker() *Tracker { return &Tracker{e: e} }

// Next returns the subject in img, or nil when no person is found.
func (t *Tracker) Next(img *frame.RGB) (*pose.Person, error) {
	if t.roi != nil {
		lm, err := t.e.Landmarks(img, *t.roi)
		if err != nil {
			return nil, err
		}
		if lm.Score >= t.e.MinPresence {
			return t.accept(lm, img, 0), nil
		}
		t.roi = nil
	}
	dets, err := t.e.det.Detect(img)
	t.Detections++
	if err != nil {
		return nil, err
	}
	for _, i := range t.order(dets, img) {
		lm, err := t.e.Landmarks(img, blazepose.ROIFromDetection(dets[i], img.W, img.H))
		if err != nil {
			return nil, err
		}
		if lm.Score >= t.e.MinPresence {
			return t.accept(lm, img, dets[i].Score), nil
		}
	}
	return nil, nil
}

func (t *Tracker) accept(lm *Landmarks, img *frame.RGB, detScore float32) *pose.Person {
	roi := lm.NextROI(img.W, img.H)
	t.roi = &roi
	p := lm.Person()
	p.DetectorScore = detScore
	t.last = &p
	return &p
}

// order lists detections to try: nearest the last subject first when there
// is one, otherwise most prominent first (the same rule as Rank).
func (t *Tracker) order(dets []blazepose.Detection, img *frame.RGB) []int {
	idx := make([]int, len(dets))
	for i := range idx {
		idx[i] = i
	}
	w, h := float64(img.W), float64(img.H)
	key := func(d blazepose.Detection) float64 {
		cx, cy := (float64(d.XMin)+float64(d.W)/2)*w, (float64(d.YMin)+float64(d.H)/2)*h
		if t.last != nil {
			b := t.last.Box
			return math.Hypot(cx-float64(b.X1+b.X2)/2, cy-float64(b.Y1+b.Y2)/2)
		}
		return -prominence(cx, cy, float64(d.W)*w*float64(d.H)*h, img.W, img.H)
	}
	sort.SliceStable(idx, func(a, b int) bool { return key(dets[idx[a]]) < key(dets[idx[b]]) })
	return idx
}
