package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/measure"
)

// The measure tool (issue 21, item 3): on the paused frame, click two
// points for a distance or three for an angle (the vertex second). A click
// within measure.SnapRadius source pixels of a seen keypoint lands on it,
// unless snapping is off. Measurements are saved with the analysis.

// measureState is the measure tool's part of the results page.
type measureState struct {
	mode     string          // "", measure.Distance or measure.Angle
	noSnap   bool            // snapping is on unless the user turns it off
	points   []measure.Point // the measurement being drawn
	list     []measure.Measurement
	ppm      float64 // pixels per metre; 0: no metres
	scaleSrc string
	readout  string // the last measurement's value
	saveNote string
	onClick  app.Func
}

// loadMeasurements reads the saved measurements (an analysis kept only in
// this tab has none on the server).
func (r *ResultPage) loadMeasurements(ctx app.Context) {
	if _, local := localResults[r.id]; local {
		return
	}
	ctx.Async(func() {
		var body struct {
			Measurements []measure.Measurement `json:"measurements"`
		}
		if _, err := getJSON(ctx, "/v1/analyses/"+r.id+"/measurements", &body); err == nil {
			ctx.Dispatch(func(ctx app.Context) { r.meas.list = body.Measurements })
		}
	})
}

// attachMeasure listens for clicks on the overlay (it takes them only in
// a measuring mode: see .overlay.measuring in the CSS).
func (r *ResultPage) attachMeasure(ctx app.Context) {
	if r.meas.onClick != nil {
		r.canvas.Call("removeEventListener", "click", r.meas.onClick)
		r.meas.onClick.Release()
	}
	r.meas.onClick = app.FuncOf(func(this app.Value, args []app.Value) any {
		x, y := r.videoPoint(args[0])
		ctx.Dispatch(func(ctx app.Context) { r.addPoint(x, y) })
		return nil
	})
	r.canvas.Call("addEventListener", "click", r.meas.onClick)
	r.canvas.Get("classList").Call("toggle", "measuring", r.meas.mode != "")
}

// videoPoint converts a click to source-video pixels: the canvas covers
// the video exactly and the video keeps its aspect ratio (width 100 %,
// height auto).
func (r *ResultPage) videoPoint(e app.Value) (float64, float64) {
	rect := r.canvas.Call("getBoundingClientRect")
	w, h := r.video.Get("videoWidth").Float(), r.video.Get("videoHeight").Float()
	x := (e.Get("clientX").Float() - rect.Get("left").Float()) / rect.Get("width").Float() * w
	y := (e.Get("clientY").Float() - rect.Get("top").Float()) / rect.Get("height").Float() * h
	return x, y
}

func (r *ResultPage) setMode(mode string) {
	if r.meas.mode == mode {
		mode = "" // a second press ends measuring
	}
	r.meas.mode, r.meas.points = mode, nil
	if r.canvas.Truthy() {
		r.canvas.Get("classList").Call("toggle", "measuring", mode != "")
	}
	if mode != "" && r.video.Truthy() {
		r.video.Call("pause")
	}
	r.draw(r.drawn)
}

// addPoint adds a clicked point; the last one completes a measurement.
func (r *ResultPage) addPoint(x, y float64) {
	if r.meas.mode == "" {
		return
	}
	p := measure.Point{X: x, Y: y}
	if !r.meas.noSnap && r.drawn >= 0 && r.drawn < len(r.frames) {
		p = measure.Snap(p, r.frames[r.drawn], measure.SnapRadius)
	}
	r.meas.points = append(r.meas.points, p)
	need := map[string]int{measure.Distance: 2, measure.Angle: 3}[r.meas.mode]
	if len(r.meas.points) == need {
		m := measure.Measurement{Kind: r.meas.mode, Frame: r.drawn, Points: r.meas.points}
		if err := m.Compute(r.meas.ppm); err != nil {
			r.meas.readout = err.Error()
		} else {
			r.meas.list = append(r.meas.list, m)
			r.meas.readout = measureText(m)
			r.meas.saveNote = "Not saved yet."
		}
		r.meas.points = nil
	}
	r.draw(r.drawn)
}

// measureText is a measurement's value with its unit.
func measureText(m measure.Measurement) string {
	if m.Kind == measure.Angle {
		return fmt.Sprintf("%.1f°", m.Degrees)
	}
	if m.Metres != nil {
		return fmt.Sprintf("%.3f m (%.1f px)", *m.Metres, m.Pixels)
	}
	return fmt.Sprintf("%.1f px (no scale)", m.Pixels)
}

// saveMeasurements sends the list; the server answers with its own values.
func (r *ResultPage) saveMeasurements(ctx app.Context) {
	list := r.meas.list
	if list == nil {
		list = []measure.Measurement{}
	}
	r.meas.saveNote = "Saving…"
	ctx.Async(func() {
		b, _ := json.Marshal(map[string]any{"measurements": list})
		var body struct {
			Measurements []measure.Measurement `json:"measurements"`
		}
		req, err := request(ctx, http.MethodPut, "/v1/analyses/"+r.id+"/measurements", bytes.NewReader(b))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			_, err = do(req, &body)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				r.meas.saveNote = "Not saved: " + err.Error()
				return
			}
			r.meas.list, r.meas.saveNote = body.Measurements, fmt.Sprintf("Saved %d measurement(s) with the analysis; they are in the JSON export.", len(body.Measurements))
		})
	})
}

// drawMeasures draws the measurements of frame i and the one in progress.
func (r *ResultPage) drawMeasures(c app.Value, i int) {
	w := r.video.Get("videoWidth").Float()
	lw := math.Max(2, w/400)
	c.Set("lineWidth", lw)
	c.Set("strokeStyle", "#facc15")
	c.Set("fillStyle", "#facc15")
	line := func(ps []measure.Point) {
		c.Call("beginPath")
		for j, p := range ps {
			if j == 0 {
				c.Call("moveTo", p.X, p.Y)
			} else {
				c.Call("lineTo", p.X, p.Y)
			}
		}
		c.Call("stroke")
		for _, p := range ps {
			c.Call("beginPath")
			c.Call("arc", p.X, p.Y, lw*2, 0, 2*math.Pi)
			c.Call("fill")
		}
	}
	for _, m := range r.meas.list {
		if m.Frame == i {
			line(m.Points)
		}
	}
	line(r.meas.points)
}

// renderMeasure is the measure tool's section.
func (r *ResultPage) renderMeasure() app.UI {
	btn := func(id, mode, text string) app.UI {
		b := app.Button().ID(id).Class("quiet").Text(text).Aria("pressed", r.meas.mode == mode).
			OnClick(func(ctx app.Context, e app.Event) { r.setMode(mode) })
		if r.meas.mode == mode {
			b = b.Class("active")
		}
		return b
	}
	hint := "Pause on a frame, then choose Distance or Angle."
	switch r.meas.mode {
	case measure.Distance:
		hint = fmt.Sprintf("Click two points on the frame (%d/2).", len(r.meas.points))
	case measure.Angle:
		hint = fmt.Sprintf("Click three points, the vertex second (%d/3).", len(r.meas.points))
	}
	scale := "No scale: distances in pixels."
	if r.meas.ppm > 0 {
		scale = fmt.Sprintf("Scale %.1f px/m, from %s.", r.meas.ppm, r.meas.scaleSrc)
	}
	return app.Section().ID("measure").Class("measure").Body(
		app.H2().Text("Measure"),
		app.Div().Class("row").Body(
			btn("measure-distance", measure.Distance, "Distance"),
			btn("measure-angle", measure.Angle, "Angle"),
			app.Div().Class("field check").Body(
				app.Input().ID("measure-snap").Type("checkbox").Checked(!r.meas.noSnap).
					OnChange(func(ctx app.Context, e app.Event) { r.meas.noSnap = !ctx.JSSrc().Get("checked").Bool() }),
				app.Label().For("measure-snap").Text("Snap to keypoints")),
		),
		app.P().ID("measure-hint").Class("note").Aria("live", "polite").Text(hint+" "+scale),
		app.P().ID("measure-result").Class("value").Text(r.meas.readout),
		app.Ul().ID("measurements").Class("measurements").Body(app.Range(r.meas.list).Slice(func(i int) app.UI {
			m := r.meas.list[i]
			return app.Li().Body(
				// The frame rides on the element (see seekLink).
				app.Button().Class("link").Text(fmt.Sprintf("%d. %s", i+1, m.Kind)).DataSet("frame", m.Frame).OnClick(func(ctx app.Context, e app.Event) {
					if f, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("frame").String()); err == nil {
						r.toFrame(f)
					}
				}),
				app.Span().Class("measure-value").Text(" "+measureText(m)+" · frame "+strconv.Itoa(m.Frame)+" "),
				app.Button().Class("quiet").Text("×").Aria("label", fmt.Sprintf("Delete measurement %d", i+1)).OnClick(func(ctx app.Context, e app.Event) {
					r.meas.list = append(r.meas.list[:i:i], r.meas.list[i+1:]...)
					r.meas.saveNote = "Not saved yet."
					r.draw(r.drawn)
				}))
		})),
		app.If(!isLocal(r.id), func() app.UI {
			return app.Div().Class("row").Body(
				app.Button().ID("measure-save").Text("Save measurements").OnClick(func(ctx app.Context, e app.Event) { r.saveMeasurements(ctx) }),
				app.Span().ID("measure-saved").Class("note").Text(r.meas.saveNote))
		}),
	)
}

func isLocal(id string) bool { _, ok := localResults[id]; return ok }
