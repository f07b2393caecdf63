package measure

import (
	"math"
	"testing"

	"motionlab/shared/analysis"
	"motionlab/shared/pose"
	"motionlab/shared/sprint"
)

// A 300-400-500 triangle: the hypotenuse is 500 px (5 m at 100 px/m) and
// the angle at the right-angle corner 90°, the one at (0,0) atan(4/3).
func TestDistanceAndAngle(t *testing.T) {
	d := Measurement{Kind: Distance, Points: []Point{{X: 0, Y: 0}, {X: 300, Y: 400}}}
	a := Measurement{Kind: Angle, Points: []Point{{X: 0, Y: 0}, {X: 300, Y: 0}, {X: 300, Y: 400}}}
	b := Measurement{Kind: Angle, Points: []Point{{X: 300, Y: 0}, {X: 0, Y: 0}, {X: 300, Y: 400}}}
	if err := ComputeAll([]Measurement{d, a, b}, 1, 100); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*Measurement{&d, &a, &b} {
		if err := m.Compute(100); err != nil {
			t.Fatal(err)
		}
	}
	if d.Pixels != 500 || d.Metres == nil || *d.Metres != 5 {
		t.Errorf("distance %v px, %v m", d.Pixels, d.Metres)
	}
	if math.Abs(a.Degrees-90) > 1e-9 || math.Abs(b.Degrees-math.Atan2(4, 3)*180/math.Pi) > 1e-9 {
		t.Errorf("angles %v, %v", a.Degrees, b.Degrees)
	}
	if err := d.Compute(0); err != nil || d.Metres != nil {
		t.Errorf("no scale: metres %v, err %v", d.Metres, err)
	}
}

func TestSnap(t *testing.T) {
	kps := make([]pose.Keypoint, 33)
	kps[pose.LeftKnee] = pose.Keypoint{X: 100, Y: 200, Visibility: 0.9}
	kps[pose.RightKnee] = pose.Keypoint{X: 104, Y: 200, Visibility: 0.2} // not seen: never a target
	if p := Snap(Point{X: 105, Y: 203}, kps, SnapRadius); p.X != 100 || p.Y != 200 || p.Keypoint != "left_knee" {
		t.Errorf("near the knee: %+v", p)
	}
	if p := Snap(Point{X: 120, Y: 200}, kps, SnapRadius); p.X != 120 || p.Keypoint != "" {
		t.Errorf("far from the knee: %+v", p)
	}
}

func TestRefused(t *testing.T) {
	for name, ms := range map[string][]Measurement{
		"angle with 2 points": {{Kind: Angle, Points: []Point{{}, {X: 1}}}},
		"coincident arm":      {{Kind: Angle, Points: []Point{{}, {}, {X: 1}}}},
		"frame past the end":  {{Kind: Distance, Frame: 10, Points: []Point{{}, {X: 1}}}},
		"too many":            make([]Measurement, Max+1),
	} {
		if err := ComputeAll(ms, 10, 1); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The scale's source follows the analysis: a calibration line when the
// parameters hold one, else the athlete's height.
func TestPixelsPerMetreSaysWhereTheScaleComesFrom(t *testing.T) {
	calc := &analysis.Result{Sprint: &analysis.SprintResult{Result: &sprint.Result{PixelsPerM: 200}}}
	p := analysis.Defaults()
	if ppm, src := PixelsPerMetre(calc, nil, p); ppm != 200 || src != "the athlete's height" {
		t.Errorf("from height: %v %q", ppm, src)
	}
	p.CalibrationX2, p.CalibrationM = 400, 2
	if ppm, src := PixelsPerMetre(calc, nil, p); ppm != 200 || src != "the calibration line" {
		t.Errorf("calibrated: %v %q", ppm, src)
	}
	if ppm, src := PixelsPerMetre(nil, nil, p); ppm != 0 || src != "" {
		t.Errorf("no scale: %v %q", ppm, src)
	}
}
