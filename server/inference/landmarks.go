package inference

import (
	"fmt"

	"motionlab/shared/posetrack"
)

const landmarkPoints = posetrack.LandmarkPoints

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
