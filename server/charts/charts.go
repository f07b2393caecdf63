// Package charts renders analysis plots as PNG with gonum/plot: the bar
// path of a lift and joint angles over time, for the sessions API's
// lift analysis.
package charts

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"motionlab/shared/lift"
)

var (
	left  = color.RGBA{255, 140, 0, 255}
	right = color.RGBA{0, 140, 220, 255}
	grey  = color.RGBA{120, 120, 120, 255}
)

// png renders p at w×h centimetres, 96 dpi.
func png(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))}
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// BarPath plots the bar proxy's path (wrists), side on, in centimetres,
// with a vertical reference line through its start.
func BarPath(r lift.Result) ([]byte, error) {
	p := plot.New()
	p.Title.Text = "Bar path (wrists)"
	p.X.Label.Text = "horizontal (cm)"
	p.Y.Label.Text = "vertical (cm)"
	pts := make(plotter.XYs, 0, len(r.BarPath))
	for _, b := range r.BarPath {
		pts = append(pts, plotter.XY{X: 100 * b.X, Y: 100 * b.Y})
	}
	if len(pts) < 2 {
		return nil, fmt.Errorf("bar path: %d points", len(pts))
	}
	line, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	line.Color, line.Width = right, vg.Points(2)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for _, q := range pts {
		ymin, ymax = math.Min(ymin, q.Y), math.Max(ymax, q.Y)
	}
	ref, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: ymin}, {X: 0, Y: ymax}})
	ref.Color, ref.Dashes = grey, []vg.Length{vg.Points(4), vg.Points(4)}
	p.Add(plotter.NewGrid(), ref, line)
	// Equal axes, so drift reads at its true size against the lift.
	half := math.Max((ymax-ymin)/2, 10)
	p.X.Min, p.X.Max = -half, half
	return png(p, 12*vg.Centimeter, 14*vg.Centimeter)
}

// Series is one angle over time.
type Series struct {
	Name   string
	Left   bool
	T, Deg []float64
}

// Angles plots joint angles over time with each repetition's bottom
// marked.
func Angles(title string, series []Series, bottoms []float64) ([]byte, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "time (s)"
	p.Y.Label.Text = "angle (°)"
	p.Add(plotter.NewGrid())
	n := 0
	for _, s := range series {
		pts := make(plotter.XYs, 0, len(s.T))
		for i := range s.T {
			pts = append(pts, plotter.XY{X: s.T[i], Y: s.Deg[i]})
		}
		if len(pts) < 2 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Width, l.Color = vg.Points(1.5), right
		if s.Left {
			l.Color = left
		}
		p.Add(l)
		p.Legend.Add(s.Name, l)
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("angles: no series")
	}
	for _, b := range bottoms {
		m, _ := plotter.NewLine(plotter.XYs{{X: b, Y: 0}, {X: b, Y: 180}})
		m.Color, m.Dashes = grey, []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(m)
	}
	p.Y.Min, p.Y.Max = 0, 180
	p.Legend.Top = true
	return png(p, 18*vg.Centimeter, 9*vg.Centimeter)
}
