// Expected values derive from MediaPipe's
// mediapipe/modules/pose_landmark/pose_detection_to_roi.pbtxt and
// pose_landmarks_to_roi.pbtxt (keypoints 0→1, target angle 90°, scale 1.25,
// square_long), alignment_points_to_rects_calculator.cc,
// detections_to_rects_calculator.cc, rect_transformation_calculator.cc and
// image_to_tensor_utils.cc (GetRotatedSubRectToRectTransformMatrix).

package blazepose

import (
	"math"
	"testing"
)

func TestNormalizeRadians(t *testing.T) {
	cases := []struct{ in, want float64 }{
		{0, 0},
		{1, 1},
		{3 * math.Pi / 2, -math.Pi / 2},
		{-3 * math.Pi / 2, math.Pi / 2},
		{math.Pi, -math.Pi}, // range is [−π, π)
		{7, 7 - 2*math.Pi},
		{-20, -20 + 6*math.Pi},
	}
	for _, c := range cases {
		if got := NormalizeRadians(float32(c.in)); !near(float64(got), c.want, 1e-5) {
			t.Errorf("NormalizeRadians(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// detectionWith makes a detection whose keypoints 0 and 1 are the given
// pixel positions in a w×h image.
func detectionWith(w, h int, kp0, kp1 Point) Detection {
	fw, fh := float32(w), float32(h)
	return Detection{Score: 0.9, Keypoints: []Point{
		{kp0.X / fw, kp0.Y / fh}, {kp1.X / fw, kp1.Y / fh}, {}, {},
	}}
}

func checkRect(t *testing.T, name string, got Rect, cx, cy, side, rot float64) {
	t.Helper()
	if !near(float64(got.XCenter), cx, 1e-3) || !near(float64(got.YCenter), cy, 1e-3) ||
		!near(float64(got.Width), side, 1e-3) || !near(float64(got.Height), side, 1e-3) ||
		!near(float64(got.Rotation), rot, 1e-5) {
		t.Errorf("%s = %+v, want centre (%v, %v) side %v rotation %v", name, got, cx, cy, side, rot)
	}
}

func TestROIFromDetectionUpright(t *testing.T) {
	// Mid-hip at (320, 288), scale point straight above it, 144 px away.
	d := detectionWith(640, 480, Point{320, 288}, Point{320, 144})
	checkRect(t, "upright", ROIFromDetection(d, 640, 480), 320, 288, 2*144*1.25, 0)
}

func TestROIFromDetectionTilted(t *testing.T) {
	const w, h = 1000, 500 // non-square: keypoints scale by W and H separately
	c := Point{500, 250}
	cases := []struct {
		name   string
		kp1    Point
		rot    float64
		length float64
	}{
		{"lying, head right", Point{600, 250}, math.Pi / 2, 100},
		{"lying, head left", Point{400, 250}, -math.Pi / 2, 100},
		{"leaning right 45°", Point{560, 190}, math.Pi / 4, 60 * math.Sqrt2},
		{"upside down", Point{500, 330}, -math.Pi, 80},
	}
	for _, tc := range cases {
		r := ROIFromDetection(detectionWith(w, h, c, tc.kp1), w, h)
		checkRect(t, tc.name, r, 500, 250, 2*tc.length*1.25, tc.rot)
		// The crop's top-middle lies 1.25× beyond the scale point: the crop's
		// "up" points from the hip centre towards keypoint 1.
		x, y := r.ToImage(LandmarkInputSize/2, 0, LandmarkInputSize)
		wx := float64(c.X) + 1.25*float64(tc.kp1.X-c.X)
		wy := float64(c.Y) + 1.25*float64(tc.kp1.Y-c.Y)
		if !near(float64(x), wx, 1e-3) || !near(float64(y), wy, 1e-3) {
			t.Errorf("%s: crop top-middle at (%v, %v), want (%v, %v)", tc.name, x, y, wx, wy)
		}
	}
}

func TestROIFromDetectionTooFewKeypoints(t *testing.T) {
	if r := ROIFromDetection(Detection{Keypoints: []Point{{0.5, 0.5}}}, 100, 100); r != (Rect{}) {
		t.Errorf("got %+v, want zero Rect", r)
	}
}

func TestROIFromLandmarks(t *testing.T) {
	lm := make([]Point, 39)
	for i := range lm {
		lm[i] = Point{float32(i), float32(2 * i)} // decoys
	}
	lm[LandmarkROICenter] = Point{100, 200}
	lm[LandmarkROIScale] = Point{100, 100}
	checkRect(t, "upright", ROIFromLandmarks(lm, 640, 480), 100, 200, 250, 0)
	lm[LandmarkROIScale] = Point{150, 150}
	checkRect(t, "leaning", ROIFromLandmarks(lm, 640, 480), 100, 200, 2*50*math.Sqrt2*1.25, math.Pi/4)
	if r := ROIFromLandmarks(lm[:34], 640, 480); r != (Rect{}) {
		t.Errorf("34 landmarks: got %+v, want zero Rect", r)
	}
}

var testRects = []Rect{
	{XCenter: 320, YCenter: 240, Width: 300, Height: 300, Rotation: 0},
	{XCenter: 100.5, YCenter: 400.25, Width: 512, Height: 512, Rotation: 0.7},
	{XCenter: -50, YCenter: 30, Width: 200, Height: 120, Rotation: -2.5},
	{XCenter: 1000, YCenter: 700, Width: 640, Height: 640, Rotation: math.Pi / 2},
}

func TestToImageGeometry(t *testing.T) {
	// Independent float64 construction: centre + R(θ)·((u/s − ½)W, (v/s − ½)H).
	const s = LandmarkInputSize
	for _, r := range testRects {
		for _, p := range [][2]float64{{0, 0}, {256, 0}, {128, 128}, {10, 200}, {300, -20}} {
			th := float64(r.Rotation)
			lx := (p[0]/s - 0.5) * float64(r.Width)
			ly := (p[1]/s - 0.5) * float64(r.Height)
			wx := float64(r.XCenter) + math.Cos(th)*lx - math.Sin(th)*ly
			wy := float64(r.YCenter) + math.Sin(th)*lx + math.Cos(th)*ly
			x, y := r.ToImage(float32(p[0]), float32(p[1]), s)
			if !near(float64(x), wx, 1e-3) || !near(float64(y), wy, 1e-3) {
				t.Errorf("%+v.ToImage(%v) = (%v, %v), want (%v, %v)", r, p, x, y, wx, wy)
			}
		}
	}
}

func TestToImageRoundTrip(t *testing.T) {
	for _, r := range testRects {
		for _, p := range [][2]float32{{0, 0}, {255.5, 3}, {128, 128}, {17.25, 211.75}, {-30, 300}} {
			x, y := r.ToImage(p[0], p[1], LandmarkInputSize)
			u, v := r.ToCrop(x, y, LandmarkInputSize)
			if !near(float64(u), float64(p[0]), 1e-3) || !near(float64(v), float64(p[1]), 1e-3) {
				t.Errorf("%+v: %v → (%v, %v) → (%v, %v)", r, p, x, y, u, v)
			}
			// And the other way round from image points.
			u, v = r.ToCrop(p[0]+r.XCenter, p[1]+r.YCenter, LandmarkInputSize)
			x, y = r.ToImage(u, v, LandmarkInputSize)
			if !near(float64(x), float64(p[0]+r.XCenter), 1e-3) || !near(float64(y), float64(p[1]+r.YCenter), 1e-3) {
				t.Errorf("%+v: image round trip of %v gave (%v, %v)", r, p, x, y)
			}
		}
	}
}

func TestCropAffineAgreesWithToImage(t *testing.T) {
	for _, r := range testRects {
		for _, size := range []int{1, DetectorInputSize, LandmarkInputSize} {
			m := r.CropAffine(size)
			for _, p := range [][2]float32{{0, 0}, {float32(size), 0}, {0.5, 0.5}, {float32(size) / 3, float32(size) * 0.9}} {
				x, y := r.ToImage(p[0], p[1], size)
				ax, ay := m[0]*p[0]+m[1]*p[1]+m[2], m[3]*p[0]+m[4]*p[1]+m[5]
				if ax != x || ay != y {
					t.Errorf("%+v size %d at %v: affine (%v, %v) ≠ ToImage (%v, %v)", r, size, p, ax, ay, x, y)
				}
			}
		}
		// The crop's centre is the rect's centre; its (0,0) is a corner at
		// half-diagonal distance.
		m := r.CropAffine(LandmarkInputSize)
		cx := m[0]*128 + m[1]*128 + m[2]
		cy := m[3]*128 + m[4]*128 + m[5]
		if !near(float64(cx), float64(r.XCenter), 1e-3) || !near(float64(cy), float64(r.YCenter), 1e-3) {
			t.Errorf("%+v: crop centre maps to (%v, %v)", r, cx, cy)
		}
		dist := math.Hypot(float64(m[2]-r.XCenter), float64(m[5]-r.YCenter))
		if !near(dist, math.Hypot(float64(r.Width), float64(r.Height))/2, 1e-3) {
			t.Errorf("%+v: corner at distance %v from centre", r, dist)
		}
	}
}

func TestCropAffineMatchesMediaPipeMatrix(t *testing.T) {
	// GetRotatedSubRectToRectTransformMatrix maps the unit crop to the
	// normalized image: row 1 = (a·c·g, −b·d·g, ·, (−½a·c + ½b·d + e)·g) with
	// a = width, b = height, c = cos, d = sin, e = centre x, g = 1/imageW.
	const imgW, imgH = 800, 600
	for _, r := range testRects {
		a, b := float64(r.Width), float64(r.Height)
		c, d := math.Cos(float64(r.Rotation)), math.Sin(float64(r.Rotation))
		e, f := float64(r.XCenter), float64(r.YCenter)
		g, h := 1.0/imgW, 1.0/imgH
		mp := [6]float64{a * c * g, -b * d * g, (-0.5*a*c + 0.5*b*d + e) * g,
			a * d * h, b * c * h, (-0.5*b*c - 0.5*a*d + f) * h}
		m := r.CropAffine(1)
		got := [6]float64{float64(m[0]) * g, float64(m[1]) * g, float64(m[2]) * g,
			float64(m[3]) * h, float64(m[4]) * h, float64(m[5]) * h}
		for i := range mp {
			if !near(got[i], mp[i], 1e-6) {
				t.Errorf("%+v: normalized matrix[%d] = %v, MediaPipe %v", r, i, got[i], mp[i])
			}
		}
	}
}

func TestPixelCentreConvention(t *testing.T) {
	// An unrotated 10×10 rect covering image pixels 10..19 sampled into a
	// 10×10 crop: crop pixel (i, j) must sample image pixel index (10+i, 10+j)
	// with the documented rule A(i+0.5, j+0.5) − 0.5.
	r := Rect{XCenter: 15, YCenter: 15, Width: 10, Height: 10}
	m := r.CropAffine(10)
	for i := 0; i < 10; i++ {
		u, v := float32(i)+0.5, float32(9-i)+0.5
		x := m[0]*u + m[1]*v + m[2] - 0.5
		y := m[3]*u + m[4]*v + m[5] - 0.5
		if x != float32(10+i) || y != float32(10+9-i) {
			t.Errorf("crop pixel (%d, %d) samples (%v, %v)", i, 9-i, x, y)
		}
	}
}

func TestCorners(t *testing.T) {
	r := Rect{XCenter: 50, YCenter: 50, Width: 20, Height: 10, Rotation: math.Pi / 2}
	// Rotated 90° clockwise on screen: the crop's top-left goes to the right-top.
	want := [4]Point{{55, 40}, {55, 60}, {45, 60}, {45, 40}}
	got := r.Corners()
	for i := range want {
		if !near(float64(got[i].X), float64(want[i].X), 1e-4) || !near(float64(got[i].Y), float64(want[i].Y), 1e-4) {
			t.Errorf("corner %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestDetectorInputRect(t *testing.T) {
	r := DetectorInputRect(640, 480)
	if r != (Rect{XCenter: 320, YCenter: 240, Width: 640, Height: 640}) {
		t.Errorf("DetectorInputRect(640, 480) = %+v", r)
	}
	// The letterboxed input's top-left pixel corner sits 80 px above the image.
	x, y := r.ToImage(0, 0, DetectorInputSize)
	if x != 0 || y != -80 {
		t.Errorf("input origin maps to (%v, %v), want (0, -80)", x, y)
	}
}
