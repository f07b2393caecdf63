// Constants in this file come from MediaPipe's
// mediapipe/modules/pose_landmark/pose_detection_to_roi.pbtxt
// (AlignmentPointsRectsCalculator: rotation_vector_start_keypoint_index 0,
// rotation_vector_end_keypoint_index 1, rotation_vector_target_angle_degrees
// 90; RectTransformationCalculator: scale_x = scale_y = 1.25, square_long),
// pose_landmarks_to_roi.pbtxt (same options, applied to the auxiliary
// landmarks 33 and 34 split off in pose_landmark_by_roi_post_processing.pbtxt)
// and pose_landmark_by_roi_cpu.pbtxt (256×256 landmark input). The
// algorithms follow alignment_points_to_rects_calculator.cc,
// detections_to_rects_calculator.cc (ComputeRotation, NormalizeRadians),
// rect_transformation_calculator.cc, image_to_tensor_utils.cc
// (GetRotatedSubRectToRectTransformMatrix, PadRoi) and
// landmark_projection_calculator.cc.

package blazepose

import "math"

// Landmark model and ROI constants.
const (
	// LandmarkInputSize is the side of the landmark model's square input crop.
	LandmarkInputSize = 256
	// ROIScale is the RectTransformationCalculator scale_x = scale_y applied
	// to the alignment rectangle, both from a detection and from landmarks.
	ROIScale = 1.25
	// ROITargetAngleDegrees is rotation_vector_target_angle_degrees: the
	// centre→scale-point vector is rotated to point this way (90° = up).
	ROITargetAngleDegrees = 90
	// LandmarkROICenter and LandmarkROIScale are the indices, in the landmark
	// model's 39-point output, of the two auxiliary alignment points (the
	// counterparts of the detector's keypoints 0 and 1) that give the
	// tracking ROI.
	LandmarkROICenter = 33
	LandmarkROIScale  = 34
)

// Rect is a rotated rectangle in continuous pixel coordinates of the original
// image (see the package doc): centre (XCenter, YCenter), size Width×Height
// before rotation, and Rotation in radians, MediaPipe's convention: a crop
// vector (u, v) lands in the image at R(Rotation)·(u, v) with
// R = [[cos, −sin], [sin, cos]] in the y-down image frame, so a positive
// rotation turns the crop clockwise on screen. Rotation 0 means the crop's up
// is the image's up.
type Rect struct {
	XCenter, YCenter float32
	Width, Height    float32
	Rotation         float32
}

// NormalizeRadians wraps an angle into [−π, π), with MediaPipe's formula
// (computed in double precision as the C++ does).
func NormalizeRadians(a float32) float32 {
	x := float64(a)
	return float32(x - 2*math.Pi*math.Floor((x+math.Pi)/(2*math.Pi)))
}

// alignmentROI is AlignmentPointsRectsCalculator followed by
// RectTransformationCalculator(scale ROIScale, square_long), in pixels:
// centre at c, side 2·|s−c|, rotation that turns c→s to the target angle.
func alignmentROI(c, s Point) Rect {
	dx, dy := s.X-c.X, s.Y-c.Y
	box := float32(math.Sqrt(float64(dx*dx+dy*dy))) * 2
	target := float32(math.Pi * ROITargetAngleDegrees / 180.0)
	// Y is flipped because the image's y axis points down.
	angle := float32(math.Atan2(float64(-dy), float64(dx)))
	rot := NormalizeRadians(target - angle)
	// The alignment rect is box×box in pixels, so square_long keeps it; no
	// shift is configured, so the centre does not move.
	return Rect{XCenter: c.X, YCenter: c.Y, Width: box * ROIScale, Height: box * ROIScale, Rotation: rot}
}

// ROIFromDetection is pose_detection_to_roi.pbtxt: the landmark ROI for a
// detection (normalized to the original image, as DecodeDetections returns
// it) in an imgW×imgH image. Its centre is keypoint 0 (mid-hip), its side
// 2·|kp1 − kp0|·ROIScale (in pixels) and its rotation brings kp0→kp1 to
// point up. A detection with fewer than 2 keypoints gives the zero Rect.
func ROIFromDetection(d Detection, imgW, imgH int) Rect {
	if len(d.Keypoints) <= KeypointFullBodyScale {
		return Rect{}
	}
	w, h := float32(imgW), float32(imgH)
	c := d.Keypoints[KeypointHipCenter]
	s := d.Keypoints[KeypointFullBodyScale]
	return alignmentROI(Point{c.X * w, c.Y * h}, Point{s.X * w, s.Y * h})
}

// ROIFromLandmarks is pose_landmarks_to_roi.pbtxt: the ROI for the next
// frame from this frame's landmarks, given in image PIXELS (the landmark
// model's output mapped with Rect.ToImage). It needs at least 35 points and
// uses points LandmarkROICenter (33) and LandmarkROIScale (34) with the same
// rule as ROIFromDetection; otherwise it returns the zero Rect. imgW and imgH
// are accepted for symmetry with ROIFromDetection: in pixels the rule does
// not depend on them. (MediaPipe smooths the auxiliary points with its
// landmark filter before this step when smoothing is enabled.)
func ROIFromLandmarks(lm []Point, imgW, imgH int) Rect {
	if len(lm) <= LandmarkROIScale {
		return Rect{}
	}
	return alignmentROI(lm[LandmarkROICenter], lm[LandmarkROIScale])
}

// DetectorInputRect is the (unrotated, square) region of an imgW×imgH image
// that the letterboxed DetectorInputSize input covers: centred, side
// max(imgW, imgH). Its CropAffine(DetectorInputSize) is the sampling map for
// the detector input, and mapping through it is equivalent to
// LetterboxFor(imgW, imgH).Remove.
func DetectorInputRect(imgW, imgH int) Rect {
	side := float32(max(imgW, imgH))
	return Rect{XCenter: float32(imgW) / 2, YCenter: float32(imgH) / 2, Width: side, Height: side}
}

// CropAffine returns the affine map [a, b, c, d, e, f] from continuous
// coordinates (u, v) in a size×size crop of r to continuous image pixel
// coordinates: x = a·u + b·v + c, y = d·u + e·v + f. Crop (0,0) is the
// rect's top-left corner (before rotation), (size,size) its bottom-right.
//
// Sampling convention: crop pixel (i, j) has its centre at (i+0.5, j+0.5);
// to fill it, sample the image bilinearly at pixel-index coordinates
// (x−0.5, y−0.5) where (x, y) is this map applied to (i+0.5, j+0.5). Model
// outputs in crop units (e.g. the 256-px landmarks) are continuous crop
// coordinates and go back through the same map (ToImage). MediaPipe's CPU
// path (OpenCV warpPerspective) instead maps pixel indices to indices with
// the same matrix, i.e. without the two half-pixel terms.
func (r Rect) CropAffine(size int) [6]float32 {
	s := float32(size)
	sin, cos := math.Sincos(float64(r.Rotation))
	cs, sn := float32(cos), float32(sin)
	return [6]float32{
		cs * r.Width / s, -sn * r.Height / s, r.XCenter - 0.5*cs*r.Width + 0.5*sn*r.Height,
		sn * r.Width / s, cs * r.Height / s, r.YCenter - 0.5*sn*r.Width - 0.5*cs*r.Height,
	}
}

// ToImage maps a point in continuous coordinates of a size×size crop of r
// (e.g. a landmark in the model's 256-px output) to continuous image pixel
// coordinates, rotation included: LandmarkProjectionCalculator. It applies
// exactly the matrix CropAffine returns.
func (r Rect) ToImage(u, v float32, size int) (float32, float32) {
	m := r.CropAffine(size)
	return m[0]*u + m[1]*v + m[2], m[3]*u + m[4]*v + m[5]
}

// ToCrop is the inverse of ToImage: it maps image pixel coordinates to
// continuous coordinates in a size×size crop of r. A degenerate rect (zero
// width or height) gives NaN or infinities.
func (r Rect) ToCrop(x, y float32, size int) (float32, float32) {
	sin, cos := math.Sincos(float64(r.Rotation))
	dx, dy := float64(x-r.XCenter), float64(y-r.YCenter)
	lx := cos*dx + sin*dy  // along the crop's u axis, pixels
	ly := -sin*dx + cos*dy // along the crop's v axis, pixels
	s := float64(size)
	return float32((lx/float64(r.Width) + 0.5) * s), float32((ly/float64(r.Height) + 0.5) * s)
}

// Corners returns the rect's corners in image pixels in crop order:
// top-left, top-right, bottom-right, bottom-left (crop (0,0), (1,0), (1,1),
// (0,1)).
func (r Rect) Corners() [4]Point {
	var out [4]Point
	for i, c := range [4][2]float32{{0, 0}, {1, 0}, {1, 1}, {0, 1}} {
		x, y := r.ToImage(c[0], c[1], 1)
		out[i] = Point{x, y}
	}
	return out
}
