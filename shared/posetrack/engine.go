package posetrack

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
)

// Engine runs the pose pipeline on one set of models. Not safe for
// concurrent use; make one Engine per worker.
type Engine struct {
	m       Models
	anchors []blazepose.Anchor
	// helpers run the landmark model for more tracked people at once (see
	// Tracker.Next); their detector is never used.
	helpers []*Engine
	// MinPresence is the landmark model's pose score below which a
	// candidate is dropped (MediaPipe uses 0.5).
	MinPresence float32
	// MinScore is the detection threshold (MediaPipe's default 0.5).
	MinScore float32
	// BystanderEvery is Track's landmark rate for bystanders, in frames
	// (see Tracker.BystanderEvery; 1: everyone every frame).
	BystanderEvery int
	// DetectAlongside: the models may run the detector while the
	// landmark model runs (separate sessions with their own buffers, as on
	// the server; onnxruntime-web runs one session at a time). The
	// tracker then runs a frame's scheduled detection beside its landmark
	// runs; the results are the same.
	DetectAlongside bool
	// jitter: see SetJitter.
	jitter float32
}

// detection is a detector run under way (Engine.detectAsync).
type detection struct {
	done chan struct{}
	dets []blazepose.Detection
	err  error
}

// detectAsync starts detectSquare on each square, one after the other on
// one goroutine (the detector is one session); each detection is ready
// when its own run ends.
func (e *Engine) detectAsync(img *frame.RGB, squares [][3]float32) []*detection {
	ds := make([]*detection, len(squares))
	for k := range ds {
		ds[k] = &detection{done: make(chan struct{})}
	}
	go func() {
		for k, sq := range squares {
			ds[k].dets, ds[k].err = e.detectSquare(img, sq[0], sq[1], sq[2])
			close(ds[k].done)
		}
	}()
	return ds
}

// wait is the detections once the run ends, or the first of err (from the
// work done meanwhile) and the run's error. It always waits: the run
// reads the frame and the detector's buffers until it ends.
func (d *detection) wait(err error) ([]blazepose.Detection, error) {
	<-d.done
	if err != nil {
		return nil, err
	}
	return d.dets, d.err
}

// NewEngine wraps loaded models.
func NewEngine(m Models) *Engine {
	return &Engine{
		m:              m,
		anchors:        blazepose.GenerateAnchors(blazepose.PoseDetectorAnchors),
		MinPresence:    0.5,
		MinScore:       blazepose.DetectorMinScore,
		BystanderEvery: BystanderEvery,
	}
}

// Close frees the models, the helpers' too.
func (e *Engine) Close() {
	for _, h := range e.helpers {
		h.Close()
	}
	e.m.Close()
}

// AddHelper gives the engine a second set of models (its own session and
// buffers) to run landmark models in parallel on: while several people are
// tracked, their landmark runs share the engines. Results are the same as
// with one engine; only the time changes.
func (e *Engine) AddHelper(m Models) {
	h := NewEngine(m)
	h.jitter = e.jitter
	e.helpers = append(e.helpers, h)
}

// SetJitter makes every landmark run scale the model's x outputs by 1+j
// and its y outputs by 1−j (in crop pixels, before they are mapped into
// the image): with j = 1e-6, about a ten-thousandth of a pixel, less than
// another CPU's kernels change (`motionlab validate --jitter`). It shows
// how far rounding alone moves a video's tracking and the events found in
// it. 0, the default, changes nothing.
func (e *Engine) SetJitter(j float32) {
	e.jitter = j
	for _, h := range e.helpers {
		h.jitter = j
	}
}

// Detect finds people in img: the whole image is letterboxed into the
// 224×224 input (aspect kept, black borders), as MediaPipe does.
// Detections are in normalized image coordinates, best first.
func (e *Engine) Detect(img *frame.RGB) ([]blazepose.Detection, error) {
	sq := wholeSquare(img)
	return e.detectSquare(img, sq[0], sq[1], sq[2])
}

// wholeSquare is the square (x, y, side) that letterboxes the whole frame.
func wholeSquare(img *frame.RGB) [3]float32 {
	side := float32(max(img.W, img.H))
	return [3]float32{(float32(img.W) - side) / 2, (float32(img.H) - side) / 2, side}
}

// tileAspect: a photo at least this much longer than it is wide (or wider
// than tall) is also searched in the two squares at its ends (detectTiled).
const tileAspect = 1.2

// detectTiled is Detect, and in a picture longer than tileAspect also the
// detector on the two squares at its ends (the left and right of a
// landscape frame), which show it a person 1.8 times larger in 16:9:
// letterboxed whole, a person a third of a 1080p frame's height is 45 px
// in the detector's input and often missed (the Sports2D demo's walker, in
// full view at frames 45–56, is not found at all; in the right-hand square
// she scores 0.95–0.98). The squares add the detections that overlap none
// found before (Estimate ranks the people it confirms). A photo has one look at its people; a
// video keeps Detect (MediaPipe's), as the tracker's choices depend on
// who is found when: on the validation clips, the squares in video found
// the walker's contact at 60–83 but cost two sprint contacts and the
// walker's timing (ACCURACY.md, eighth session).
func (e *Engine) detectTiled(img *frame.RGB) ([]blazepose.Detection, error) {
	w, h := float32(img.W), float32(img.H)
	long, short := max(w, h), min(w, h)
	dets, err := e.Detect(img)
	if err != nil || long < tileAspect*short {
		return dets, err
	}
	for _, corner := range [][2]float32{{0, 0}, {w - short, h - short}} {
		more, err := e.detectSquare(img, corner[0], corner[1], short)
		if err != nil {
			return nil, err
		}
		for _, d := range more {
			if !overlapsAny(d, dets) {
				dets = append(dets, d)
			}
		}
	}
	return dets, nil
}

// overlapsAny reports whether d is someone already in dets (their boxes
// overlap by more than the detector's NMS threshold).
func overlapsAny(d blazepose.Detection, dets []blazepose.Detection) bool {
	for _, o := range dets {
		if blazepose.IoU(d, o) > blazepose.NMSMinSuppressionThreshold {
			return true
		}
	}
	return false
}

// detectSquare runs the detector on the square of img with top-left
// corner (x, y) and the given side in pixels (outside the image reads
// black): Detect's letterbox is the square centred on the whole image, and
// a smaller one around where someone was lost shows the detector a small
// person larger. Detections are in normalized image coordinates.
func (e *Engine) detectSquare(img *frame.RGB, x, y, side float32) ([]blazepose.Detection, error) {
	s := side / DetectorSize
	a := frame.Affine{s, 0, x, 0, s, y}
	frame.Warp(e.m.DetectorInput(), img, a, DetectorSize, DetectorSize, 2.0/255, -1)
	boxes, scores, err := e.m.RunDetector()
	if err != nil {
		return nil, fmt.Errorf("pose detector: %w", err)
	}
	// The square's normalized coordinates → the image's, as a letterbox
	// removal: (u − Left) / (1 − Left − Right) = (x + u·side) / W.
	w, h := float32(img.W), float32(img.H)
	lb := blazepose.Letterbox{Left: -x / side, Top: -y / side, Right: 1 - (w-x)/side, Bottom: 1 - (h-y)/side}
	return blazepose.DecodeDetections(boxes, scores, e.anchors, lb, e.MinScore), nil
}

// Estimate finds every person in a still image, most prominent first (see
// Rank), the detector run on the whole picture and its ends (detectTiled).
// For each detection the landmark model runs on the detector's ROI,
// then on the ROI those landmarks give (as tracking would on the next
// frame), and finally on a grid of 27 ROIs around that one (scale ±8%,
// rotation ±0.16 rad, shift ±8% of its side) whose per-coordinate median
// is the answer. The model is sensitive to the exact crop where limbs
// overlap (on COCO 872 one ROI step moves an ankle by 100 px); the median
// of nearby crops is stable. Video tracking runs one pass per frame.
func (e *Engine) Estimate(img *frame.RGB) ([]pose.Person, error) {
	dets, err := e.detectTiled(img)
	if err != nil {
		return nil, err
	}
	var people []pose.Person
	for _, d := range dets {
		lm, err := e.Landmarks(img, blazepose.ROIFromDetection(d, img.W, img.H))
		if err != nil {
			return nil, err
		}
		if lm.Score < e.MinPresence {
			continue
		}
		roi := lm.NextROI(img.W, img.H)
		if lm, err = e.Landmarks(img, roi); err != nil {
			return nil, err
		}
		if lm.Score < e.MinPresence {
			continue
		}
		p, err := e.ensemble(img, roi)
		if err != nil {
			return nil, err
		}
		p.DetectorScore = d.Score
		if !duplicate(people, p) {
			people = append(people, p)
		}
	}
	Rank(people, img.W, img.H)
	return people, nil
}

// ensembleSpread is the relative size of the ROI grid Estimate medians over.
const ensembleSpread = 0.08

func (e *Engine) ensemble(img *frame.RGB, base blazepose.Rect) (pose.Person, error) {
	var rois []blazepose.Rect
	for _, ds := range []float32{-1, 0, 1} {
		for _, dr := range []float32{-1, 0, 1} {
			for _, dx := range []float32{-1, 0, 1} {
				roi := base
				roi.Width *= 1 + ds*ensembleSpread
				roi.Height *= 1 + ds*ensembleSpread
				roi.Rotation += 2 * dr * ensembleSpread
				roi.XCenter += dx * ensembleSpread * base.Width
				rois = append(rois, roi)
			}
		}
	}
	runs, err := e.LandmarksAll(img, rois)
	if err != nil {
		return pose.Person{}, err
	}
	out := &Landmarks{Keypoints: make([]pose.Keypoint, pose.NumBlazePose), World: make([]pose.Point3, pose.NumBlazePose)}
	vals := make([]float32, len(runs))
	median := func(get func(*Landmarks) float32) float32 {
		for i, r := range runs {
			vals[i] = get(r)
		}
		slices.Sort(vals)
		return vals[len(vals)/2]
	}
	out.Score = median(func(l *Landmarks) float32 { return l.Score })
	for j := range out.Keypoints {
		out.Keypoints[j] = pose.Keypoint{
			X:          median(func(l *Landmarks) float32 { return l.Keypoints[j].X }),
			Y:          median(func(l *Landmarks) float32 { return l.Keypoints[j].Y }),
			Z:          median(func(l *Landmarks) float32 { return l.Keypoints[j].Z }),
			Visibility: median(func(l *Landmarks) float32 { return l.Keypoints[j].Visibility }),
			Presence:   median(func(l *Landmarks) float32 { return l.Keypoints[j].Presence }),
		}
		out.World[j] = pose.Point3{
			X: median(func(l *Landmarks) float32 { return l.World[j].X }),
			Y: median(func(l *Landmarks) float32 { return l.World[j].Y }),
			Z: median(func(l *Landmarks) float32 { return l.World[j].Z }),
		}
	}
	return out.Person(), nil
}

// Landmarks runs the landmark model on one rotated ROI.
func (e *Engine) Landmarks(img *frame.RGB, roi blazepose.Rect) (*Landmarks, error) {
	a := RectAffine(roi, LandmarkSize)
	return e.landmarks(img, a, a)
}

// landmarksShrunk is Landmarks on a shrunk region of a frame, roi and the
// result in the frame's pixels.
func (e *Engine) landmarksShrunk(s *frame.Shrunk, roi blazepose.Rect) (*Landmarks, error) {
	a := RectAffine(roi, LandmarkSize)
	return e.landmarks(&s.RGB, s.Within(a), a)
}

// landmarks runs the landmark model on the crop of img that sample maps
// out, its results mapped back to image pixels by a.
func (e *Engine) landmarks(img *frame.RGB, sample, a frame.Affine) (*Landmarks, error) {
	frame.Warp(e.m.LandmarkInput(), img, sample, LandmarkSize, LandmarkSize, 1.0/255, 0)
	raw, score, world, err := e.m.RunLandmarks()
	if err != nil {
		return nil, fmt.Errorf("landmark model: %w", err)
	}
	if e.jitter != 0 {
		for i := 0; i+1 < len(raw); i += landmarkValues {
			raw[i] *= 1 + e.jitter
			raw[i+1] *= 1 - e.jitter
		}
	}
	return DecodeLandmarks(raw, score, world, a), nil
}

// LandmarksAll runs the landmark model on every ROI: ROI k on engine k
// mod the engines (this one and its helpers), the engines in parallel.
// Each run depends only on its own ROI, so the answer is the same in any
// order and with any number of helpers.
func (e *Engine) LandmarksAll(img *frame.RGB, rois []blazepose.Rect) ([]*Landmarks, error) {
	n := min(1+len(e.helpers), len(rois))
	out := make([]*Landmarks, len(rois))
	errs := make([]error, n)
	run := func(w int) {
		on := e
		if w > 0 {
			on = e.helpers[w-1]
		}
		for k := w; k < len(rois); k += n {
			if out[k], errs[w] = on.Landmarks(img, rois[k]); errs[w] != nil {
				return
			}
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(w)
		}()
	}
	if n > 0 {
		run(0)
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// RectAffine maps continuous crop coordinates [0,size]² onto the rotated
// rectangle r (image pixels; MediaPipe's rotation convention).
func RectAffine(r blazepose.Rect, size int) frame.Affine {
	c, s := float32(math.Cos(float64(r.Rotation))), float32(math.Sin(float64(r.Rotation)))
	sx, sy := r.Width/float32(size), r.Height/float32(size)
	// x = cx + c·(u·sx − w/2) − s·(v·sy − h/2); y = cy + s·(u·sx − w/2) + c·(v·sy − h/2)
	return frame.Affine{
		c * sx, -s * sy, r.XCenter - c*r.Width/2 + s*r.Height/2,
		s * sx, c * sy, r.YCenter - s*r.Width/2 - c*r.Height/2,
	}
}

// NextROI is the tracking ROI these landmarks give for the next frame.
func (l *Landmarks) NextROI(w, h int) blazepose.Rect {
	pts := make([]blazepose.Point, 0, pose.NumBlazePose+2)
	for _, k := range l.Keypoints {
		pts = append(pts, blazepose.Point{X: k.X, Y: k.Y})
	}
	for _, k := range l.Aux {
		pts = append(pts, blazepose.Point{X: k.X, Y: k.Y})
	}
	return blazepose.ROIFromLandmarks(pts, w, h)
}

// Person converts model output to the canonical person type.
func (l *Landmarks) Person() pose.Person {
	return pose.Person{
		Score:     l.Score,
		Box:       pose.BoundingBox(l.Keypoints),
		Keypoints: l.Keypoints,
		World:     l.World,
	}
}

// duplicate reports whether p is the same person as one already found
// (two detections of one body give heavily overlapping keypoint boxes).
func duplicate(people []pose.Person, p pose.Person) bool {
	for _, q := range people {
		if sameBody(q.Box, p.Box) {
			return true
		}
	}
	return false
}

// sameBody reports whether two keypoint boxes are one body: two
// detections, or two tracks, of one person overlap heavily.
func sameBody(a, b pose.Box) bool { return iou(a, b) > 0.5 }

func iou(a, b pose.Box) float32 {
	inter := pose.Box{X1: max(a.X1, b.X1), Y1: max(a.Y1, b.Y1), X2: min(a.X2, b.X2), Y2: min(a.Y2, b.Y2)}.Area()
	u := a.Area() + b.Area() - inter
	if u <= 0 {
		return 0
	}
	return inter / u
}

// Rank orders people by prominence, the subject first: the area of the
// keypoint box times a centrality weight that falls linearly from 1 at the
// image centre to 0.25 at a corner. So the largest person wins unless a
// slightly larger one stands at the edge of the frame.
func Rank(people []pose.Person, w, h int) {
	score := func(p pose.Person) float64 {
		return prominence(float64(p.Box.X1+p.Box.X2)/2, float64(p.Box.Y1+p.Box.Y2)/2, float64(p.Box.Area()), w, h)
	}
	sort.SliceStable(people, func(i, j int) bool { return score(people[i]) > score(people[j]) })
}

// prominence is area × centrality for a box centred at (cx, cy).
func prominence(cx, cy, area float64, w, h int) float64 {
	d := math.Hypot(cx-float64(w)/2, cy-float64(h)/2) / math.Hypot(float64(w)/2, float64(h)/2)
	return area * (1 - 0.75*math.Min(d, 1))
}

// Warm runs both models once on a blank frame, so the first real request
// does not pay ONNX Runtime's first-run allocation cost.
func (e *Engine) Warm() error {
	img := &frame.RGB{W: 64, H: 64, Stride: 192, Pix: make([]byte, 64*64*3)}
	if _, err := e.Detect(img); err != nil {
		return err
	}
	_, err := e.Landmarks(img, blazepose.Rect{XCenter: 32, YCenter: 32, Width: 64, Height: 64})
	return err
}
