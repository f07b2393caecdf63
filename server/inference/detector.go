package inference

import (
	"motionlab/shared/blazepose"
	"motionlab/shared/posetrack"
)

// DetectorSize is the side of the person detector's square input.
const DetectorSize = posetrack.DetectorSize

// Detector is a session of MediaPipe's pose (person) detector. Not safe
// for concurrent use.
type Detector struct {
	s *session
}

// NewDetector opens the converted pose_detection model.
func NewDetector(path string, o Options) (*Detector, error) {
	n := int64(len(blazepose.GenerateAnchors(blazepose.PoseDetectorAnchors)))
	s, err := newSession(path,
		tensorSpec{"input_1", []int64{1, DetectorSize, DetectorSize, 3}},
		[]tensorSpec{
			{"Identity", []int64{1, n, 12}},
			{"Identity_1", []int64{1, n, 1}},
		}, o)
	if err != nil {
		return nil, err
	}
	return &Detector{s: s}, nil
}

// Close frees the session.
func (d *Detector) Close() { d.s.destroy() }
