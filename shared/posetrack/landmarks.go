package posetrack

import (
	"math"

	"motionlab/shared/frame"
	"motionlab/shared/pose"
)

// Landmarks is one landmark-model result in image coordinates.
type Landmarks struct {
	Score     float32          // pose presence probability
	Keypoints []pose.Keypoint  // 33 body points, source pixels
	Aux       [2]pose.Keypoint // points 33, 34: ROI centre and scale point for tracking
	World     []pose.Point3    // 33 points, metres, rotated into the image frame
}

// DecodeLandmarks maps the landmark model's raw outputs for a crop made
// with the affine a (crop pixels → image) back to image pixels.
func DecodeLandmarks(raw []float32, score float32, world []float32, a frame.Affine) *Landmarks {
	out := &Landmarks{Score: score, Keypoints: make([]pose.Keypoint, pose.NumBlazePose), World: make([]pose.Point3, pose.NumBlazePose)}
	// Depth is in crop pixels; scale it like x so it stays in image pixels.
	zScale := float32(math.Hypot(float64(a[0]), float64(a[3])))
	for i := 0; i < pose.NumBlazePose+2; i++ {
		r := raw[landmarkValues*i : landmarkValues*(i+1)]
		x, y := a.Apply(r[0], r[1])
		k := pose.Keypoint{X: x, Y: y, Z: r[2] * zScale, Visibility: sigmoid(r[3]), Presence: sigmoid(r[4])}
		if i < pose.NumBlazePose {
			out.Keypoints[i] = k
		} else {
			out.Aux[i-pose.NumBlazePose] = k
		}
	}
	// World points are in the crop's frame: rotate x, y by the crop's rotation.
	c, s := a[0]/zScale, a[3]/zScale
	for i := range out.World {
		wx, wy, wz := world[3*i], world[3*i+1], world[3*i+2]
		out.World[i] = pose.Point3{X: c*wx - s*wy, Y: s*wx + c*wy, Z: wz}
	}
	return out
}

// landmarkValues is the landmark model's values per keypoint: x, y, z in
// crop pixels, then visibility and presence logits.
const landmarkValues = 5

func sigmoid(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }
