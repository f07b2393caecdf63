package analysis

import (
	"math"
	"testing"

	"motionlab/shared/gait"
)

// A calibration line of known length sets the scale: twice the pixels per
// metre halves every distance and speed.
func TestCalibrationLine(t *testing.T) {
	tr, req, r := runnerTrack(t)
	tr.Width, tr.Height = 1920, 1080
	ppm := 2 * gait.BodyHeightPixels(tr.Frames) / req.HeightM()
	req.CalibrationX1, req.CalibrationY1, req.CalibrationX2, req.CalibrationY2 = 100, 900, 100+ppm*1.5, 900
	req.CalibrationM = 1.5
	if got := req.CalibrationPixelsPerMetre(); math.Abs(got-ppm) > 1e-9 {
		t.Fatalf("calibration scale %v px/m, want %v", got, ppm)
	}
	c, err := Calculate(tr, req)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.SideView.Metrics.Speed, r.SideView.Metrics.Speed/2; math.Abs(got-want) > 1e-9 {
		t.Errorf("speed %v m/s with the line, want %v", got, want)
	}
	if c.Scale.Source != "calibration_line" || r.Scale.Source != "" {
		t.Errorf("scale sources %q and %q", c.Scale.Source, r.Scale.Source)
	}
	if s := req.ScaleSource(); s != "calibrated: 1.50 m line" {
		t.Errorf("scale source %q", s)
	}
	if s := (Params{Height: 170}).ScaleSource(); s != "from height 170 cm" {
		t.Errorf("scale source %q", s)
	}
	req.CalibrationX2 = 5000
	if _, err := Calculate(tr, req); err == nil {
		t.Error("a line outside the frame is accepted")
	}
}

func TestCheckCalibration(t *testing.T) {
	ok := Params{Activity: Sprint, CalibrationX1: 10, CalibrationY1: 20, CalibrationX2: 410, CalibrationY2: 20, CalibrationM: 2}
	if err := ok.CheckCalibration(640, 480); err != nil {
		t.Fatalf("a good line is refused: %v", err)
	}
	if err := (Params{}).CheckCalibration(640, 480); err != nil {
		t.Fatalf("no line is refused: %v", err)
	}
	for name, f := range map[string]func(p *Params){
		"no length":      func(p *Params) { p.CalibrationM = 0 },
		"negative":       func(p *Params) { p.CalibrationM = -1 },
		"NaN":            func(p *Params) { p.CalibrationX1 = math.NaN() },
		"infinite":       func(p *Params) { p.CalibrationM = math.Inf(1) },
		"same points":    func(p *Params) { p.CalibrationX2, p.CalibrationY2 = p.CalibrationX1, p.CalibrationY1 },
		"outside":        func(p *Params) { p.CalibrationX2 = 641 },
		"below":          func(p *Params) { p.CalibrationY1 = -1 },
		"jump":           func(p *Params) { p.Activity = Jump },
		"points no line": func(p *Params) { p.CalibrationM = 0; p.CalibrationX1 = 3 },
	} {
		p := ok
		f(&p)
		if err := p.CheckCalibration(640, 480); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
