package kinematics

import (
	"math"
	"testing"

	"motionlab/shared/pose"
)

const fps = 60.0

// A joint swinging θ(t) = 40 + 30 sin(2π·1.5 t): the panel's velocity and
// acceleration are the analytic derivatives (within the filter's 1.5 Hz
// attenuation and the central difference's error, well under 1 %).
func TestJointSineDerivatives(t *testing.T) {
	const f, amp, n = 1.5, 30.0, 240
	w := 2 * math.Pi * f
	angs := make([]map[string]float64, n)
	for i := range angs {
		angs[i] = map[string]float64{"left_knee": 40 + amp*math.Sin(w*float64(i)/fps)}
	}
	p := Compute(make([]*pose.Person, n), angs, fps, 0)
	s := find(t, p, "left_knee")
	if s.Unit != "°" || s.RateUnit != "°/s" || s.AccelUnit != "°/s²" {
		t.Errorf("units %q %q %q", s.Unit, s.RateUnit, s.AccelUnit)
	}
	for i := 20; i < n-20; i++ {
		tt := float64(i) / fps
		v, r, a := s.At(i)
		near(t, "angle", i, v, 40+amp*math.Sin(w*tt), 0.2)
		near(t, "velocity", i, r, amp*w*math.Cos(w*tt), 0.01*amp*w)
		near(t, "acceleration", i, a, -amp*w*w*math.Sin(w*tt), 0.02*amp*w*w)
	}
}

// A rigid body pose translated by x(t) = 100 px + ½·a·t²·ppm: the centre
// of mass's speed is a·t and its acceleration a.
func TestCentreOfMassUniformAcceleration(t *testing.T) {
	const ppm, acc, n = 100.0, 2.0, 120
	frames := make([]*pose.Person, n)
	for i := range frames {
		tt := float64(i) / fps
		frames[i] = standing(100 + 0.5*acc*tt*tt*ppm)
	}
	s := find(t, Compute(frames, make([]map[string]float64, n), fps, ppm), "centre_of_mass")
	for i := 10; i < n-10; i++ {
		v, a, _ := s.At(i)
		near(t, "speed", i, v, acc*float64(i)/fps, 0.01)
		near(t, "acceleration", i, a, acc, 0.05)
	}
}

// A thigh turning at a steady 90 °/s through the ±180° seam of atan2
// differentiates to 90 °/s, not to a 21 600 °/s spike.
func TestSegmentUnwrapped(t *testing.T) {
	const n = 120
	frames := make([]*pose.Person, n)
	for i := range frames {
		a := (150 + 90*float64(i)/fps) * math.Pi / 180
		p := standing(0)
		k := p.Keypoints
		k[pose.LeftKnee].X = k[pose.LeftHip].X + float32(50*math.Cos(a))
		k[pose.LeftKnee].Y = k[pose.LeftHip].Y - float32(50*math.Sin(a))
		frames[i] = p
	}
	s := find(t, Compute(frames, make([]map[string]float64, n), fps, 0), "left_thigh")
	for i := 5; i < n-5; i++ {
		_, r, _ := s.At(i)
		near(t, "thigh velocity", i, r, 90, 0.5)
	}
}

// A gap longer than MaxGap leaves the series unknown there, not invented.
func TestLongGapStaysUnknown(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), 11, 12, 13, 14}
	v, d1, _ := Differentiate(xs, 1)
	if !math.IsNaN(v[7]) || !math.IsNaN(d1[7]) {
		t.Errorf("frame 7 inside a 5-frame gap: %v, %v", v[7], d1[7])
	}
	if math.Abs(d1[2]-1) > 0.05 {
		t.Errorf("slope before the gap %v, want 1", d1[2])
	}
}

func find(t *testing.T, p Panel, name string) Series {
	t.Helper()
	for _, s := range p.Series {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no series %s", name)
	return Series{}
}

func near(t *testing.T, what string, i int, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Fatalf("%s at frame %d = %.4f, want %.4f ± %g", what, i, got, want, tol)
	}
}

// standing is a fully visible upright body with its hips at x.
func standing(x float64) *pose.Person {
	k := make([]pose.Keypoint, 33)
	set := func(i int, dx, y float64) { k[i] = pose.Keypoint{X: float32(x + dx), Y: float32(y), Visibility: 1} }
	set(pose.Nose, 5, 20)
	for _, s := range []struct {
		d                                  float64
		sh, el, wr, ix, hp, kn, an, he, ft int
	}{
		{-3, pose.LeftShoulder, pose.LeftElbow, pose.LeftWrist, pose.LeftIndex, pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.LeftHeel, pose.LeftFootIndex},
		{3, pose.RightShoulder, pose.RightElbow, pose.RightWrist, pose.RightIndex, pose.RightHip, pose.RightKnee, pose.RightAnkle, pose.RightHeel, pose.RightFootIndex},
	} {
		set(s.sh, s.d, 50)
		set(s.el, s.d+5, 80)
		set(s.wr, s.d+10, 105)
		set(s.ix, s.d+12, 112)
		set(s.hp, s.d, 110)
		set(s.kn, s.d+8, 150)
		set(s.an, s.d, 190)
		set(s.he, s.d-5, 195)
		set(s.ft, s.d+12, 198)
	}
	return &pose.Person{Keypoints: k}
}
