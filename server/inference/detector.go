package inference

import (
	"fmt"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
)

// DetectorSize is the side of the person detector's square input.
const DetectorSize = 224

// Detector runs MediaPipe's pose (person) detector. Not safe for
// concurrent use.
type Detector struct {
	s       *session
	anchors []blazepose.Anchor
	// MinScore is the detection threshold (MediaPipe's default 0.5).
	MinScore float32
}

// NewDetector opens the converted pose_detection model.
func NewDetector(path string, o Options) (*Detector, error) {
	anchors := blazepose.GenerateAnchors(blazepose.PoseDetectorAnchors)
	n := int64(len(anchors))
	s, err := newSession(path,
		tensorSpec{"input_1", []int64{1, DetectorSize, DetectorSize, 3}},
		[]tensorSpec{
			{"Identity", []int64{1, n, 12}},
			{"Identity_1", []int64{1, n, 1}},
		}, o)
	if err != nil {
		return nil, err
	}
	return &Detector{s: s, anchors: anchors, MinScore: blazepose.DetectorMinScore}, nil
}

// Close frees the session.
func (d *Detector) Close() { d.s.destroy() }

// Detect finds people in img: the whole image is letterboxed into the
// 224×224 input (aspect kept, black borders), as MediaPipe does.
// Detections are in normalized image coordinates, best first.
func (d *Detector) Detect(img *frame.RGB) ([]blazepose.Detection, error) {
	side := float32(max(img.W, img.H))
	// Crop pixel → image: a square of side `side` centred on the image.
	s := side / DetectorSize
	a := frame.Affine{s, 0, (float32(img.W) - side) / 2, 0, s, (float32(img.H) - side) / 2}
	frame.Warp(d.s.in.GetData(), img, a, DetectorSize, DetectorSize, 2.0/255, -1)
	if err := d.s.run(); err != nil {
		return nil, fmt.Errorf("pose detector: %w", err)
	}
	lb := blazepose.LetterboxFor(img.W, img.H)
	return blazepose.DecodeDetections(d.s.outs[0].GetData(), d.s.outs[1].GetData(), d.anchors, lb, d.MinScore), nil
}
