// Package pose holds MotionLab's canonical keypoint types: one person's
// keypoints in source-image pixels plus world (metric) points, and the
// layouts that name them. It is the contract between the server, the
// browser and every metric.
package pose

// DefaultHeightM is the athlete's height, in metres, that sets the scale
// from pixels to metres when the request does not give it.
const DefaultHeightM = 1.70

// Keypoint is one 2D landmark in source-video pixels (after rotation).
// Z is depth on the same pixel scale, relative to the hips (smaller is
// nearer the camera). Visibility and Presence are probabilities in [0,1].
type Keypoint struct {
	X          float32 `json:"x"`
	Y          float32 `json:"y"`
	Z          float32 `json:"z"`
	Visibility float32 `json:"visibility"`
	Presence   float32 `json:"presence"`
}

// Point3 is a world landmark in metres, origin between the hips, y down.
type Point3 struct {
	X float32 `json:"x"`
	Y float32 `json:"y"`
	Z float32 `json:"z"`
}

// Box is an axis-aligned box in source pixels.
type Box struct {
	X1 float32 `json:"x1"`
	Y1 float32 `json:"y1"`
	X2 float32 `json:"x2"`
	Y2 float32 `json:"y2"`
}

// Area of the box in square pixels.
func (b Box) Area() float32 { return max(b.X2-b.X1, 0) * max(b.Y2-b.Y1, 0) }

// Person is one detected person in one frame.
type Person struct {
	// Score is the landmark model's pose-presence probability.
	Score float32 `json:"score"`
	// DetectorScore is the person detector's score for the detection the
	// person came from (0 when the ROI came from tracking).
	DetectorScore float32 `json:"detector_score"`
	// Box bounds the keypoints (body points only).
	Box       Box        `json:"box"`
	Keypoints []Keypoint `json:"keypoints"`
	World     []Point3   `json:"world,omitempty"`
}

// Height is the vertical extent of the person's keypoints in pixels: a
// scale for tolerances, not a body height estimate.
func (p *Person) Height() float32 { return p.Box.Y2 - p.Box.Y1 }

// BoundingBox returns the box around the first n keypoints.
func BoundingBox(kps []Keypoint) Box {
	if len(kps) == 0 {
		return Box{}
	}
	b := Box{X1: kps[0].X, Y1: kps[0].Y, X2: kps[0].X, Y2: kps[0].Y}
	for _, k := range kps[1:] {
		b.X1, b.Y1 = min(b.X1, k.X), min(b.Y1, k.Y)
		b.X2, b.Y2 = max(b.X2, k.X), max(b.Y2, k.Y)
	}
	return b
}
