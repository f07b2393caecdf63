// Package angles computes 2D joint and segment angles from keypoints in
// image coordinates (x right, y down). Everything is in degrees. Sagittal
// angles are reported the way coaches and the running literature read
// them: flexion is positive, 0 is a straight joint.
package angles

import (
	"math"

	"motionlab/shared/pose"
)

// Vec is a 2D point or vector in image pixels.
type Vec struct{ X, Y float64 }

// Of reads a keypoint as a Vec.
func Of(k pose.Keypoint) Vec { return Vec{float64(k.X), float64(k.Y)} }

// Mid is the midpoint of two keypoints.
func Mid(a, b pose.Keypoint) Vec { return Vec{float64(a.X+b.X) / 2, float64(a.Y+b.Y) / 2} }

// Sub is a − b.
func (a Vec) Sub(b Vec) Vec { return Vec{a.X - b.X, a.Y - b.Y} }

// Len is the vector's length.
func (a Vec) Len() float64 { return math.Hypot(a.X, a.Y) }

// Interior is the angle at b between the segments b→a and b→c, in
// [0, 180]: 180 for a straight limb. NaN when a segment has no length.
func Interior(a, b, c Vec) float64 {
	u, v := a.Sub(b), c.Sub(b)
	nu, nv := u.Len(), v.Len()
	if nu == 0 || nv == 0 {
		return math.NaN()
	}
	cos := (u.X*v.X + u.Y*v.Y) / (nu * nv)
	return math.Acos(math.Max(-1, math.Min(1, cos))) * 180 / math.Pi
}

// Flexion is 180 − Interior: 0 for a straight joint.
func Flexion(a, b, c Vec) float64 { return 180 - Interior(a, b, c) }

// FromVertical is the signed angle of the segment from→to against the
// image's upward vertical, in (−180, 180]: positive when to lies in the
// direction dir (+1 image right, −1 image left) of from. With dir the
// runner's direction of travel, a trunk leaning forward is positive.
func FromVertical(from, to Vec, dir float64) float64 {
	d := to.Sub(from)
	return math.Atan2(dir*d.X, -d.Y) * 180 / math.Pi
}

// FromHorizontal is the signed angle of the segment from→to against the
// horizontal pointing in direction dir, in (−180, 180]: positive when to
// is above from (image y smaller).
func FromHorizontal(from, to Vec, dir float64) float64 {
	d := to.Sub(from)
	return math.Atan2(-d.Y, dir*d.X) * 180 / math.Pi
}

// Visible reports whether every keypoint index is seen with at least min
// visibility in p.
func Visible(p *pose.Person, min float32, idx ...int) bool {
	if p == nil {
		return false
	}
	for _, i := range idx {
		if i >= len(p.Keypoints) || p.Keypoints[i].Visibility < min {
			return false
		}
	}
	return true
}
