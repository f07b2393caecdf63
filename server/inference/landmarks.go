package inference

import (
	"fmt"
	"math"

	"motionlab/shared/frame"
	"motionlab/shared/pose"
)

// LandmarkSize is the side of the landmark models' square RGB input.
const LandmarkSize = 256

// landmarkPoints is the number of points the model outputs: the 33 body
// points plus two ROI alignment points used for tracking.
const landmarkPoints = 39

// Landmarker runs one BlazePose landmark model. Not safe for concurrent
// use: make one per worker goroutine.
type Landmarker struct {
	s *session
}

// NewLandmarker opens a landmark model (lite, full or heavy).
func NewLandmarker(path string, o Options) (*Landmarker, error) {
	s, err := newSession(path,
		tensorSpec{"input_1", []int64{1, LandmarkSize, LandmarkSize, 3}},
		[]tensorSpec{
			{"Identity", []int64{1, landmarkPoints * 5}},
			{"Identity_1", []int64{1, 1}},
			{"Identity_4", []int64{1, landmarkPoints * 3}},
		}, o)
	if err != nil {
		return nil, err
	}
	return &Landmarker{s: s}, nil
}

// Close frees the session.
func (l *Landmarker) Close() { l.s.destroy() }

// Input is the model's input buffer (1×256×256×3, RGB in [0,1]).
func (l *Landmarker) Input() []float32 { return l.s.in.GetData() }

// Raw runs the model on whatever Input holds and returns the raw landmark
// tensor (39×5 in crop pixels) and the pose-presence score.
func (l *Landmarker) Raw() ([]float32, float32, error) {
	if err := l.s.run(); err != nil {
		return nil, 0, fmt.Errorf("landmark model: %w", err)
	}
	return l.s.outs[0].GetData(), l.s.outs[1].GetData()[0], nil
}

// Landmarks is one landmark-model result in image coordinates.
type Landmarks struct {
	Score     float32          // pose presence probability
	Keypoints []pose.Keypoint  // 33 body points, source pixels
	Aux       [2]pose.Keypoint // points 33, 34: ROI centre and scale point for tracking
	World     []pose.Point3    // 33 points, metres, rotated into the image frame
}

// Run crops img with the affine a (crop pixels → image) and returns the
// landmarks mapped back to image pixels.
func (l *Landmarker) Run(img *frame.RGB, a frame.Affine) (*Landmarks, error) {
	frame.Warp(l.Input(), img, a, LandmarkSize, LandmarkSize, 1.0/255, 0)
	raw, score, err := l.Raw()
	if err != nil {
		return nil, err
	}
	out := &Landmarks{Score: score, Keypoints: make([]pose.Keypoint, pose.NumBlazePose), World: make([]pose.Point3, pose.NumBlazePose)}
	// Depth is in crop pixels; scale it like x so it stays in image pixels.
	zScale := float32(math.Hypot(float64(a[0]), float64(a[3])))
	for i := 0; i < pose.NumBlazePose+2; i++ {
		r := raw[5*i : 5*i+5]
		x, y := a.Apply(r[0], r[1])
		k := pose.Keypoint{X: x, Y: y, Z: r[2] * zScale, Visibility: sigmoid(r[3]), Presence: sigmoid(r[4])}
		if i < pose.NumBlazePose {
			out.Keypoints[i] = k
		} else {
			out.Aux[i-pose.NumBlazePose] = k
		}
	}
	// World points are in the crop's frame: rotate x, y by the crop's rotation.
	world := l.s.outs[2].GetData()
	c, s := a[0]/zScale, a[3]/zScale
	for i := range out.World {
		wx, wy, wz := world[3*i], world[3*i+1], world[3*i+2]
		out.World[i] = pose.Point3{X: c*wx - s*wy, Y: s*wx + c*wy, Z: wz}
	}
	return out, nil
}

func sigmoid(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }
