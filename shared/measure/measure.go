// Package measure is the results page's measure tool: distances and
// three-point angles drawn on a paused frame, in source-video pixels,
// snapped to the athlete's keypoints when a click lands close to one.
// The web app computes them as they are drawn; the server recomputes them
// from the points when they are saved, so stored values never come from
// the client's arithmetic.
package measure

import (
	"errors"
	"fmt"
	"math"

	"motionlab/shared/analysis"
	"motionlab/shared/angles"
	"motionlab/shared/gait"
	"motionlab/shared/pose"
)

// Kinds of measurement.
const (
	Distance = "distance" // two points
	Angle    = "angle"    // three points, the vertex in the middle
)

// Max is how many measurements an analysis keeps.
const Max = 100

// SnapRadius is how close (source pixels) a click must be to a keypoint
// to land on it.
const SnapRadius = 8.0

// Point is a point on the frame in source-video pixels; Keypoint names
// the athlete's keypoint it snapped to, if any.
type Point struct {
	X        float64 `json:"x" minimum:"-100000" maximum:"100000"`
	Y        float64 `json:"y" minimum:"-100000" maximum:"100000"`
	Keypoint string  `json:"keypoint,omitempty" maxLength:"40" doc:"the athlete's keypoint this point snapped to"`
}

// Measurement is one distance or angle drawn on a frame.
type Measurement struct {
	Kind    string   `json:"kind" enum:"distance,angle"`
	Frame   int      `json:"frame" minimum:"0" doc:"the frame it was drawn on (from 0)"`
	Points  []Point  `json:"points" minItems:"2" maxItems:"3" doc:"2 points for a distance; 3 for an angle (the vertex in the middle)"`
	Label   string   `json:"label,omitempty" maxLength:"80"`
	Pixels  float64  `json:"pixels,omitempty" readOnly:"true" doc:"a distance's length in source pixels (computed)"`
	Metres  *float64 `json:"metres,omitempty" readOnly:"true" doc:"a distance in metres, when the analysis has a scale (computed)"`
	Degrees float64  `json:"degrees,omitempty" readOnly:"true" doc:"an angle in degrees, 0–180 (computed)"`
}

// Snap moves p onto the nearest keypoint of kps seen with visibility ≥
// 0.5 within radius pixels, and names it; otherwise p is unchanged.
func Snap(p Point, kps []pose.Keypoint, radius float64) Point {
	best, bestD := -1, radius
	for i, k := range kps {
		if i >= len(pose.BlazePose33.Points) || k.Visibility < 0.5 {
			continue
		}
		if d := math.Hypot(float64(k.X)-p.X, float64(k.Y)-p.Y); d <= bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return p
	}
	return Point{X: float64(kps[best].X), Y: float64(kps[best].Y), Keypoint: pose.BlazePose33.Points[best].Name}
}

// Compute fills m's values from its points; ppm is the scale in pixels
// per metre (≤ 0: no metres).
func (m *Measurement) Compute(ppm float64) error {
	v := func(p Point) angles.Vec { return angles.Vec{X: p.X, Y: p.Y} }
	m.Pixels, m.Metres, m.Degrees = 0, nil, 0
	switch {
	case m.Kind == Distance && len(m.Points) == 2:
		m.Pixels = v(m.Points[1]).Sub(v(m.Points[0])).Len()
		if ppm > 0 {
			metres := m.Pixels / ppm
			m.Metres = &metres
		}
	case m.Kind == Angle && len(m.Points) == 3:
		m.Degrees = angles.Interior(v(m.Points[0]), v(m.Points[1]), v(m.Points[2]))
		if math.IsNaN(m.Degrees) {
			return errors.New("an angle's arms need a length: two of its points coincide")
		}
	default:
		return fmt.Errorf("a %s takes %d points, not %d", m.Kind, map[string]int{Distance: 2, Angle: 3}[m.Kind], len(m.Points))
	}
	return nil
}

// ComputeAll checks and computes a list to be stored: at most Max, each
// on a frame of the clip (frames long).
func ComputeAll(ms []Measurement, frames int, ppm float64) error {
	if len(ms) > Max {
		return fmt.Errorf("at most %d measurements, not %d", Max, len(ms))
	}
	for i := range ms {
		if ms[i].Frame < 0 || ms[i].Frame >= frames {
			return fmt.Errorf("measurement %d: frame %d is not in the clip (0–%d)", i+1, ms[i].Frame, frames-1)
		}
		if err := ms[i].Compute(ppm); err != nil {
			return fmt.Errorf("measurement %d: %w", i+1, err)
		}
	}
	return nil
}

// PixelsPerMetre is the analysis's scale and where it comes from: the
// one the analysis stored (a calibration line's when p has one, else the
// athlete's height); for an analysis stored before it kept one, the
// running or sprint analysis's own, else the athlete's height in pixels
// over p's height (as the .trc export does); 0 when there is none.
func PixelsPerMetre(calc *analysis.Result, frames []*pose.Person, p analysis.Params) (float64, string) {
	src := "the athlete's height"
	if p.Calibrated() {
		src = "the calibration line"
	}
	switch {
	case calc != nil && calc.PixelsPerMetre > 0:
		return calc.PixelsPerMetre, src
	case calc != nil && calc.Result != nil && calc.Result.Scale.PixelsPerMetre > 0:
		return calc.Result.Scale.PixelsPerMetre, src
	case calc != nil && calc.Sprint != nil && calc.Sprint.PixelsPerM > 0:
		return calc.Sprint.PixelsPerM, src
	}
	if bh := gait.BodyHeightPixels(frames); bh > 0 && p.HeightM() > 0 {
		return bh / p.HeightM(), "the athlete's height"
	}
	return 0, ""
}
