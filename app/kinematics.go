package app

import (
	"fmt"
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/kinematics"
	"motionlab/shared/measure"
	"motionlab/shared/pose"
)

// The kinematics panel (issue 21, item 6): per joint and segment the
// angle, angular velocity and acceleration at the shown frame, and the
// centre of mass's speed and acceleration, each with a sparkline of the
// whole clip whose playhead follows the video. Values come from
// shared/kinematics on raw_data, like the tests compute them.

// kinState is the panel's part of the results page.
type kinState struct {
	panel kinematics.Panel
	show  int // 0 value, 1 rate, 2 acceleration: what the sparklines draw
}

// loadReview prepares the measure tool and the kinematics panel from
// the athlete read from raw_data once the results are shown.
func (r *ResultPage) loadReview(ctx app.Context, people []*pose.Person, fps float64) {
	r.meas.ppm, r.meas.scaleSrc = measure.PixelsPerMetre(r.res.Biomechanical, people, r.params())
	r.kin.panel = kinematics.Compute(people, r.angles, fps, r.meas.ppm)
	r.loadMeasurements(ctx)
}

// drawReview is the measure tool's and the panel's part of drawing frame i.
func (r *ResultPage) drawReview(c app.Value, i int) {
	r.drawMeasures(c, i)
	r.showKinematics(i)
}

// kinRows are the series worth a row: those known on some frame.
func (r *ResultPage) kinRows() []kinematics.Series {
	var out []kinematics.Series
	for _, s := range r.kin.panel.Series {
		for _, v := range s.Value {
			if !math.IsNaN(v) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

func kinLabel(name string) string { return strings.ReplaceAll(name, "_", " ") }

func kinNum(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return f1(v)
}

// renderKinematics is the panel; its numbers and playheads are then kept
// current by showKinematics, without re-rendering, while the video plays.
func (r *ResultPage) renderKinematics() app.UI {
	rows := r.kinRows()
	if len(rows) == 0 {
		return app.Text("")
	}
	c := columns{"Joint / segment", "Angle (°) · speed (m/s)", "Velocity (°/s) · accel. (m/s²)", "Acceleration (°/s²)", "Over the clip"}
	quantity := [][2]string{{"0", "angle / speed"}, {"1", "velocity / acceleration"}, {"2", "angular acceleration"}}
	return app.Section().ID("kinematics").Body(
		app.H2().Text("Kinematics"),
		app.P().Class("note").Text(fmt.Sprintf("At the shown frame, from the track low-passed at %.0f Hz. Joint angles are flexion; segment angles are against the horizontal. Centre of mass: speed (m/s) and acceleration (m/s²).", kinematics.CutoffHz)),
		app.Div().Class("field").Body(
			app.Label().For("kin-show").Text("Sparklines show"),
			app.Select().ID("kin-show").OnChange(func(ctx app.Context, e app.Event) {
				fmt.Sscan(ctx.JSSrc().Get("value").String(), &r.kin.show)
			}).Body(app.Range(quantity).Slice(func(i int) app.UI {
				return app.Option().Value(quantity[i][0]).Text(quantity[i][1]).Selected(i == r.kin.show)
			}))),
		stackTable(app.Table().ID("kin-table").Body(
			c.head(),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI { return r.kinRow(c, rows[i]) })),
		)),
	)
}

func (r *ResultPage) kinRow(c columns, s kinematics.Series) app.UI {
	v, rate, acc := s.At(r.drawn)
	label := kinLabel(s.Name)
	if s.Kind == "com" {
		label = "centre of mass (m/s, m/s²)"
	}
	return app.Tr().ID("kin-"+s.Name).Body(
		app.Th().Scope("row").Text(label),
		c.cell(1).Class("kin-v").Text(kinNum(v)+" "+s.Unit),
		c.cell(2).Class("kin-r").Text(kinNum(rate)+" "+s.RateUnit),
		c.cell(3).Class("kin-a").Text(kinNum(acc)+" "+s.AccelUnit),
		c.cell(4).Body(r.sparkline(s)),
	)
}

// sparkline draws one series of s (chosen by kin.show) over the clip.
func (r *ResultPage) sparkline(s kinematics.Series) app.UI {
	const w, h = 160.0, 32.0
	ys := [][]float64{s.Value, s.Rate, s.Accel}[r.kin.show]
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, y := range ys {
		if !math.IsNaN(y) {
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
	}
	n := len(ys)
	if n < 2 || math.IsInf(lo, 1) {
		return app.Span().Class("muted").Text("–")
	}
	if hi == lo {
		hi = lo + 1
	}
	var pts []string
	for i, y := range ys {
		if !math.IsNaN(y) {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", w*float64(i)/float64(n-1), h-2-(h-4)*(y-lo)/(hi-lo)))
		}
	}
	x := w * float64(max(0, min(r.drawn, n-1))) / float64(n-1)
	return svg("svg").Class("spark").Attr("viewBox", fmt.Sprintf("0 0 %.0f %.0f", w, h)).Attr("role", "img").
		Attr("aria-label", kinLabel(s.Name)+" over the clip").Body(
		svg("polyline").Attr("points", strings.Join(pts, " ")).Attr("fill", "none").Attr("stroke", "#38bdf8").Attr("stroke-width", "1.5"),
		svg("line").Class("playhead").Attr("x1", x).Attr("x2", x).Attr("y1", 0).Attr("y2", h).Attr("stroke", "#f8fafc").Attr("stroke-width", "1"),
	)
}

// showKinematics writes frame i's values and moves the playheads in the
// DOM directly: it runs for every presented frame while the video plays.
func (r *ResultPage) showKinematics(i int) {
	doc := app.Window().Get("document")
	for _, s := range r.kin.panel.Series {
		row := doc.Call("getElementById", "kin-"+s.Name)
		if !row.Truthy() {
			continue
		}
		v, rate, acc := s.At(i)
		for _, cell := range []struct {
			sel, text string
		}{{".kin-v", kinNum(v) + " " + s.Unit}, {".kin-r", kinNum(rate) + " " + s.RateUnit}, {".kin-a", kinNum(acc) + " " + s.AccelUnit}} {
			if el := row.Call("querySelector", cell.sel); el.Truthy() {
				el.Set("textContent", cell.text)
			}
		}
		if ph := row.Call("querySelector", ".playhead"); ph.Truthy() && len(s.Value) > 1 {
			x := fmt.Sprintf("%.1f", 160*float64(max(0, min(i, len(s.Value)-1)))/float64(len(s.Value)-1))
			ph.Call("setAttribute", "x1", x)
			ph.Call("setAttribute", "x2", x)
		}
	}
}
