package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/track"
)

// Calibration line (issue 21, item 2): on the paused frame the coach taps
// the two ends of something of known length (lane width, a measured mark)
// and types the length; the page is recomputed in the browser with that
// scale instead of the athlete's height, and saved with the analysis.

// calibration is the line being drawn.
type calibration struct {
	on      bool
	pts     []string // x1, y1, x2, y2 as typed or tapped, source pixels
	n       int      // points tapped so far (0–2)
	length  string   // metres, as typed
	track   *track.Track
	busy    bool
	status  string
	problem string
}

// startCalibration pauses the video and waits for two taps; the line
// starts from the saved one, if any.
func (r *ResultPage) startCalibration(ctx app.Context) {
	p := r.params()
	r.cal = calibration{on: true, pts: make([]string, 4), status: "Tap both ends of something whose length you know, then type its length."}
	if p.Calibrated() {
		for i, v := range []float64{p.CalibrationX1, p.CalibrationY1, p.CalibrationX2, p.CalibrationY2} {
			r.cal.pts[i] = strconv.FormatFloat(v, 'f', -1, 64)
		}
		r.cal.n, r.cal.length = 2, strconv.FormatFloat(p.CalibrationM, 'f', -1, 64)
	}
	if r.video.Truthy() {
		r.video.Call("pause")
	}
	r.drawing(true)
	ctx.Async(func() {
		var t track.Track
		_, err := getJSON(ctx, "/v1/analyses/"+r.id+"/results/track", &t)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				r.cal.problem = "Could not read the keypoints: " + err.Error()
				return
			}
			r.cal.track = &t
		})
	})
	r.draw(r.drawn)
}

// drawing lets the overlay take taps (or gives them back to the video's
// controls). The class is toggled on the element, like the measure tool's,
// so neither tool's re-render drops the other's.
func (r *ResultPage) drawing(on bool) {
	if r.canvas.Truthy() {
		r.canvas.Get("classList").Call("toggle", "drawing", on)
	}
}

// tap puts the next end of the line at the tapped point of the frame.
func (r *ResultPage) tap(ctx app.Context, e app.Event) {
	rect := ctx.JSSrc().Call("getBoundingClientRect")
	w, h := r.video.Get("videoWidth").Float(), r.video.Get("videoHeight").Float()
	x := (e.Get("clientX").Float() - rect.Get("left").Float()) / rect.Get("width").Float() * w
	y := (e.Get("clientY").Float() - rect.Get("top").Float()) / rect.Get("height").Float() * h
	i := 0
	if r.cal.n == 1 {
		i = 2
	}
	r.cal.pts[i], r.cal.pts[i+1] = f1(x), f1(y)
	r.cal.n = i/2 + 1
	r.draw(r.drawn)
}

// line is the calibration as typed; ok is false until it parses.
func (r *ResultPage) line() (analysis.Calibration, bool) {
	var v [5]float64
	for i, s := range append(r.cal.pts, r.cal.length) {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return analysis.Calibration{}, false
		}
		v[i] = x
	}
	return analysis.Calibration{X1: v[0], Y1: v[1], X2: v[2], Y2: v[3], LengthM: v[4]}, true
}

// drawCalibration draws the line being drawn on the overlay context c.
func (r *ResultPage) drawCalibration(c app.Value, w int) {
	if !r.cal.on {
		return
	}
	var v [4]float64
	for i := range 4 {
		v[i], _ = strconv.ParseFloat(r.cal.pts[i], 64)
	}
	lw := math.Max(2, float64(w)/400)
	c.Set("strokeStyle", "#facc15")
	c.Set("fillStyle", "#facc15")
	c.Set("lineWidth", lw)
	if r.cal.n == 2 {
		c.Call("beginPath")
		c.Call("moveTo", v[0], v[1])
		c.Call("lineTo", v[2], v[3])
		c.Call("stroke")
	}
	for i := 0; i < 2*r.cal.n; i += 2 {
		c.Call("beginPath")
		c.Call("arc", v[i], v[i+1], 2*lw, 0, 2*math.Pi)
		c.Call("fill")
	}
}

// applyCalibration recomputes the page with the line (from the contacts in
// use) and saves it with the analysis.
func (r *ResultPage) applyCalibration(ctx app.Context) {
	c, ok := r.line()
	if !ok || r.cal.track == nil {
		r.cal.problem = "Give both points and the length in metres."
		return
	}
	p := r.params().WithCalibration(c)
	if err := p.CheckCalibration(r.cal.track.Width, r.cal.track.Height); err != nil {
		r.cal.problem = err.Error()
		return
	}
	calc, err := r.recalculate(p)
	if err != nil {
		r.cal.problem = "The metrics cannot be computed with this line: " + err.Error()
		return
	}
	r.res.Biomechanical, r.res.Params, r.cal.problem = calc, &p, ""
	body, err := json.Marshal(c)
	if err != nil {
		r.cal.problem = err.Error()
		return
	}
	r.cal.busy, r.cal.status = true, "Saving…"
	ctx.Async(func() {
		var saved analysis.Result
		req, err := request(ctx, http.MethodPut, "/v1/analyses/"+r.id+"/calibration", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			_, err = do(req, &saved)
		}
		ctx.Dispatch(func(ctx app.Context) {
			r.cal.busy = false
			if err != nil {
				r.cal.problem, r.cal.status = "Not saved: "+err.Error(), ""
				return
			}
			r.res.Biomechanical = &saved
			r.res.AnnotatedURL, r.showAnno = "", false
			r.cal.status = "Saved: " + p.ScaleSource() + "."
			r.cal.on = false
			r.drawing(false)
			r.draw(r.drawn)
		})
	})
}

// recalculate is the page's analysis with parameters p, from the contacts
// in use: those being edited, a saved edit's, or the detector's.
func (r *ResultPage) recalculate(p analysis.Params) (*analysis.Result, error) {
	calc := r.res.Biomechanical
	var cs []gait.Contact
	switch {
	case r.ed.on:
		cs = analysis.Confirmed(spanContacts(r.ed.contacts), spanContacts(r.ed.detected))
	case calc != nil && calc.Events != nil:
		for _, c := range calc.Events.Contacts {
			cs = append(cs, c.Contact)
		}
	default:
		return analysis.Calculate(*r.cal.track, p)
	}
	out, err := analysis.Recalculate(*r.cal.track, p, cs)
	if err == nil {
		out.Events = calc.Events
	}
	return out, err
}

// renderScale says where metres come from, with the calibration tools.
func (r *ResultPage) renderScale() app.UI {
	if r.res.Params == nil || !analysis.Editable(r.params()) {
		return app.Text("")
	}
	text := "Scale: " + r.params().ScaleSource()
	if calc := r.res.Biomechanical; calc != nil && calc.Result != nil && calc.Scale.PixelsPerMetre > 0 {
		text += fmt.Sprintf(" (%s px/m)", f1(calc.Scale.PixelsPerMetre))
	}
	field := func(id, label string, i int) app.UI {
		return app.Label().Class("cal-field").Body(app.Text(label), app.Input().ID(id).Type("number").Attr("step", "any").Value(r.cal.pts[i]).
			OnInput(func(ctx app.Context, e app.Event) { r.cal.pts[i] = ctx.JSSrc().Get("value").String(); r.draw(r.drawn) }))
	}
	return app.Div().ID("scale").Class("scale").Body(
		app.P().ID("scale-source").Class("note").Text(text),
		app.Button().ID("calibrate").Class("quiet").Text("Calibrate with a line").Style("display", map[bool]string{true: "none", false: ""}[r.cal.on]).
			OnClick(func(ctx app.Context, e app.Event) { r.startCalibration(ctx) }),
		app.If(r.cal.on, func() app.UI {
			return app.Div().Class("cal-controls").Body(
				field("cal-x1", "x₁ ", 0), field("cal-y1", "y₁ ", 1), field("cal-x2", "x₂ ", 2), field("cal-y2", "y₂ ", 3),
				app.Label().Class("cal-field").Body(app.Text("length (m) "), app.Input().ID("cal-length").Type("number").Attr("step", "any").Min(0).Value(r.cal.length).
					OnInput(func(ctx app.Context, e app.Event) { r.cal.length = ctx.JSSrc().Get("value").String() })),
				app.Button().ID("cal-save").Class("quiet").Text("Apply and save").Disabled(r.cal.busy || r.cal.track == nil).OnClick(func(ctx app.Context, e app.Event) { r.applyCalibration(ctx) }),
				app.Button().ID("cal-cancel").Class("quiet").Text("Cancel").OnClick(func(ctx app.Context, e app.Event) { r.cal = calibration{}; r.drawing(false); r.draw(r.drawn) }),
			)
		}),
		app.If(r.cal.status != "", func() app.UI { return app.P().ID("cal-status").Class("note").Aria("live", "polite").Text(r.cal.status) }),
		app.If(r.cal.problem != "", func() app.UI { return app.P().ID("cal-problem").Class("error").Role("alert").Text(r.cal.problem) }),
	)
}
