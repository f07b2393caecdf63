package app

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/advice"
	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/jump"
	"motionlab/shared/lift"
	"motionlab/shared/pose"
	"motionlab/shared/running"
	"motionlab/shared/sprint"
	"motionlab/shared/stats"
	"motionlab/shared/stream"
)

// ResultPage follows an analysis until it ends, then shows the video with
// the skeleton over it, the metrics, the steps, angle charts, advice and
// exports.
type ResultPage struct {
	app.Compo

	id      string
	status  stream.StatusEvent
	problem string
	needKey bool
	since   time.Time

	res      analysis.Results
	frames   [][]pose.Keypoint // per frame, nil where the athlete is not seen
	angles   []map[string]float64
	fps      float64
	duration float64
	showAnno bool

	video, canvas app.Value
	onFrame       app.Func
	onKey         app.Func // review keys (keys.go)
	drawn         int

	meas measureState // measure tool (measure.go)
	kin  kinState     // kinematics panel (kinematics.go)
	ed   eventEdit    // the contacts being edited (events.go)
	cal  calibration  // the calibration line being drawn (calibrate.go)
	tim  timingState  // sprint timing (timing.go)
}

// params are the analysis's parameters (empty until the results are read,
// or where the server could not read them).
func (r *ResultPage) params() analysis.Params {
	if r.res.Params == nil {
		return analysis.Params{}
	}
	return *r.res.Params
}

// lang is the analysis's language (English when unknown).
func (r *ResultPage) lang() string {
	if l := r.params().Language; l != "" {
		return l
	}
	return "en"
}

func (r *ResultPage) OnNav(ctx app.Context) {
	r.id = strings.TrimPrefix(ctx.Page().URL().Path, "/analyses/")
	r.since = time.Now()
	r.ed, r.cal, r.tim = eventEdit{}, calibration{}, timingState{}
	r.load(ctx)
}

func (r *ResultPage) OnDismount() {
	r.stopKeys()
	if r.meas.onClick != nil {
		r.meas.onClick.Release()
		r.meas.onClick = nil
	}
	if r.onFrame != nil {
		r.onFrame.Release()
		r.onFrame = nil
	}
}

// load reads the results; while the analysis runs it follows its events
// (so a reload resumes the progress display) and loads again at the end.
func (r *ResultPage) load(ctx app.Context) {
	if lr, ok := localResults[r.id]; ok {
		r.show(ctx, lr.res, lr.raw, nil)
		return
	}
	ctx.Async(func() {
		var res analysis.Results
		code, err := getJSON(ctx, "/v1/analyses/"+r.id+"/results", &res)
		if err == nil && res.Status == "success" {
			var raw analysis.RawData
			_, err = getJSON(ctx, "/v1/analyses/"+r.id+"/results/raw_data", &raw)
			ctx.Dispatch(func(ctx app.Context) { r.show(ctx, res, raw, err) })
			return
		}
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err == errNeedKey:
				r.needKey = true
			case err != nil && code != http.StatusAccepted:
				r.problem = err.Error()
			default:
				r.status = stream.StatusEvent{Status: res.Status}
				r.follow(ctx)
			}
		})
	})
}

func (r *ResultPage) follow(ctx app.Context) {
	ctx.Async(func() {
		err := followEvents(ctx, r.id, func(ev stream.StatusEvent) {
			ctx.Dispatch(func(ctx app.Context) { r.status = ev })
		})
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case r.status.Status == "failed":
				r.problem = "The analysis failed: " + r.status.Error
			case err != nil && r.status.Status != "success":
				// The stream broke (server restart, network): try again shortly.
				ctx.After(2*time.Second, func(ctx app.Context) { r.load(ctx) })
			default:
				r.load(ctx)
			}
		})
	})
}

func (r *ResultPage) show(ctx app.Context, res analysis.Results, raw analysis.RawData, err error) {
	if err != nil {
		r.problem = "Could not read the results: " + err.Error()
		return
	}
	r.res, r.fps, r.duration = res, raw.Info.FPS, raw.Info.Duration
	people, angles := raw.People()
	r.frames, r.angles = make([][]pose.Keypoint, len(people)), angles
	for i, p := range people {
		if p != nil {
			r.frames[i] = p.Keypoints
		}
	}
	r.status.Status = "success"
	r.loadReview(ctx, people, raw.Info.FPS)
	r.loadTiming(ctx)
	ctx.Defer(r.attach)
}

// attach hooks the canvas to the video once both are in the DOM: each
// presented frame (requestVideoFrameCallback, or timeupdate/seeked where
// the browser lacks it) redraws the skeleton of exactly that frame.
func (r *ResultPage) attach(ctx app.Context) {
	doc := app.Window().Get("document")
	r.video, r.canvas = doc.Call("getElementById", "video"), doc.Call("getElementById", "overlay")
	if !r.video.Truthy() || !r.canvas.Truthy() {
		return
	}
	if r.onFrame != nil {
		r.onFrame.Release()
	}
	rvfc := r.video.Get("requestVideoFrameCallback").Truthy()
	r.onFrame = app.FuncOf(func(this app.Value, args []app.Value) any {
		t := r.video.Get("currentTime").Float()
		if rvfc && len(args) > 1 && args[1].Truthy() {
			t = args[1].Get("mediaTime").Float()
			r.video.Call("requestVideoFrameCallback", r.onFrame)
		}
		r.draw(int(math.Round(t * r.fps)))
		return nil
	})
	if rvfc {
		r.video.Call("requestVideoFrameCallback", r.onFrame)
	} else {
		r.video.Call("addEventListener", "timeupdate", r.onFrame)
	}
	for _, ev := range []string{"seeked", "loadeddata"} {
		r.video.Call("addEventListener", ev, r.onFrame)
	}
	r.attachMeasure(ctx)
	r.listenKeys()
	r.draw(0)
}

var sideColor = map[pose.Side]string{pose.Left: "#ff8c00", pose.Right: "#00aaff", pose.Centre: "#ffffff"}

// draw paints frame i's skeleton on the canvas, in video pixels.
func (r *ResultPage) draw(i int) {
	if !r.canvas.Truthy() {
		return
	}
	w, h := r.video.Get("videoWidth").Int(), r.video.Get("videoHeight").Int()
	if w == 0 {
		return
	}
	if r.canvas.Get("width").Int() != w {
		r.canvas.Set("width", w)
		r.canvas.Set("height", h)
	}
	c := r.canvas.Call("getContext", "2d")
	c.Call("clearRect", 0, 0, w, h)
	r.drawn = i
	defer r.drawReview(c, i)
	r.showFrame(i)
	defer r.drawCalibration(c, w)
	if i < 0 || i >= len(r.frames) || r.frames[i] == nil {
		return
	}
	k := r.frames[i]
	lw := math.Max(2, float64(max(w, h))/350)
	c.Set("lineWidth", lw)
	c.Set("lineCap", "round")
	l := &pose.BlazePose33
	for _, e := range l.Edges {
		a, b := k[e[0]], k[e[1]]
		if a.Visibility < 0.5 || b.Visibility < 0.5 {
			continue
		}
		side := l.Points[e[1]].Side
		if l.Points[e[0]].Side != side {
			side = pose.Centre
		}
		c.Set("strokeStyle", sideColor[side])
		c.Call("beginPath")
		c.Call("moveTo", a.X, a.Y)
		c.Call("lineTo", b.X, b.Y)
		c.Call("stroke")
	}
	for j, p := range k {
		if p.Visibility < 0.5 || j > pose.RightFootIndex {
			continue
		}
		c.Set("fillStyle", sideColor[l.Points[j].Side])
		c.Call("beginPath")
		c.Call("arc", p.X, p.Y, lw*1.4, 0, 2*math.Pi)
		c.Call("fill")
	}
}

// seekLink is a link that shows the video at t seconds. The time rides
// on the element: go-app keeps an element's handler when the same code
// sets it again (it compares the functions, not what they hold), so once
// a list changed (an edit) a handler closing over its item would show the
// item that element held first.
func (r *ResultPage) seekLink(text string, t float64) app.HTMLButton {
	return app.Button().Class("link").Text(text).DataSet("seek", strconv.FormatFloat(t, 'g', -1, 64)).
		OnClick(func(ctx app.Context, e app.Event) {
			if t, err := strconv.ParseFloat(ctx.JSSrc().Get("dataset").Get("seek").String(), 64); err == nil {
				r.seek(t)
			}
		})
}

func (r *ResultPage) seek(t float64) {
	if r.video != nil && r.video.Truthy() {
		r.video.Set("currentTime", t)
	}
}

func (r *ResultPage) Render() app.UI {
	return page("", r.needKey, func(string) { r.needKey = false; r.problem = "" },
		app.H1().Text("Analysis"),
		app.If(r.problem != "", func() app.UI { return app.P().Class("error").Role("alert").Text(r.problem) }),
		app.If(r.problem == "" && r.status.Status != "success", func() app.UI { return r.renderProgress() }),
		app.If(r.status.Status == "success", func() app.UI { return r.renderResults() }),
	)
}

func (r *ResultPage) renderProgress() app.UI {
	s := r.status
	label := "Waiting for a processing slot…"
	if s.Status == "analyzing" {
		label = fmt.Sprintf("Analyzing: %.0f%%", s.Percentage)
		if s.FPS > 0 {
			label += fmt.Sprintf(" — %.0f frames/s, about %.0f s left", s.FPS, s.ETA)
		}
	}
	if s.Status == "" {
		label = "Loading…"
	}
	return app.Section().Class("card").Aria("live", "polite").Body(
		app.P().ID("progress-label").Text(label),
		app.Progress().Max(100).Value(s.Percentage).Aria("labelledby", "progress-label"),
	)
}

func (r *ResultPage) renderResults() app.UI {
	calc := r.res.Biomechanical
	var res *running.Result
	if calc != nil {
		res = calc.Result
	}
	src := r.res.VideoURL
	if src == "" {
		src = localVideos[r.id] // analysed in this browser: the file is still here
	}
	if r.showAnno && r.res.AnnotatedURL != "" {
		src = r.res.AnnotatedURL
	}
	return app.Div().Class("results").Body(
		app.If(r.res.Source == "browser", func() app.UI {
			return app.P().ID("source").Class("note").Text(browserNote(src != ""))
		}),
		app.If(pathNotes[r.id] != "", func() app.UI { return app.P().ID("path-note").Class("note").Text(pathNotes[r.id]) }),
		app.Div().Class("player").Hidden(src == "").Body(
			app.Video().ID("video").Src(src).Controls(true).Muted(true).Attr("playsinline", true).Preload("auto").Aria("label", "your video"),
			app.Canvas().ID("overlay").Class("overlay").Hidden(r.showAnno).Aria("hidden", true).
				OnClick(func(ctx app.Context, e app.Event) {
					if r.cal.on {
						r.tap(ctx, e)
					}
				}),
		),
		app.If(src != "", r.renderTransport),
		app.If(src != "", r.renderMeasure),
		app.If(r.res.AnnotatedURL != "", func() app.UI {
			return app.Div().Class("field check").Body(
				app.Input().ID("annotated").Type("checkbox").Checked(r.showAnno).OnChange(func(ctx app.Context, e app.Event) {
					r.showAnno = ctx.JSSrc().Get("checked").Bool()
					ctx.Defer(r.attach)
				}),
				app.Label().For("annotated").Text("Show the annotated video (angles and foot contacts drawn in)"))
		}),
		app.If(calc != nil && !calc.Judged(), func() app.UI { return renderOutcome(calc) }),
		app.If(calc != nil && len(calc.Outcome.Caveats) > 0, func() app.UI { return renderCaveats(calc.Outcome.Caveats) }),
		r.renderScale(),
		r.renderEvents(),
		app.If(res != nil && res.SideView != nil, func() app.UI { return r.renderSide(res) }),
		app.If(res != nil && res.BackView != nil, func() app.UI { return r.renderBack(res) }),
		app.If(calc != nil && calc.Coaching != nil, func() app.UI { return r.coachingCard(calc.Coaching) }),
		app.If(calc != nil && calc.Sprint != nil, func() app.UI { return r.renderSprint(calc.Sprint) }),
		app.If(calc != nil && calc.Sprint != nil, func() app.UI { return r.renderTiming(calc.Sprint.Result) }),
		app.If(calc != nil && calc.Jump != nil, func() app.UI { return r.renderJump(calc.Jump) }),
		app.If(calc != nil && calc.Lift != nil, func() app.UI { return r.renderLift(calc.Lift) }),
		r.renderChart(),
		r.renderKinematics(),
		app.If(calc != nil, func() app.UI { return renderAdvice(calc) }),
		r.renderExports(),
	)
}

type card struct{ label, value, unit string }

func dash(ok bool, s string) string {
	if !ok {
		return "–"
	}
	return s
}

func styleCard(st running.RunningStyles) card {
	if st.Gait == "walking" {
		return card{"Gait", "Walking", "both feet share the ground"}
	}
	return card{"Running style", st.Label, f0(st.Confidence) + " % confidence"}
}

func cards(cs []card) app.UI {
	return app.Div().Class("cards").Body(app.Range(cs).Slice(func(i int) app.UI {
		return app.Div().Class("metric").Body(
			app.Span().Class("label").Text(cs[i].label),
			app.Span().Class("value").Text(cs[i].value),
			app.Span().Class("unit").Text(cs[i].unit),
		)
	}))
}

func f0(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }
func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
func f2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

func (r *ResultPage) renderSide(res *running.Result) app.UI {
	m := res.Metrics
	strike := res.FootLanding.Label
	if strike == "" {
		strike = res.FootLanding.Dominant
	}
	return app.Section().Body(
		app.H2().Text("Metrics"),
		cards([]card{
			{"Score", score(res.TotalScore), "/ 100"},
			{"Cadence", f0(m.Cadence), "steps/min"},
			{"Ground contact", f0(1000 * m.ContactTime.Mean), "ms"},
			{"Flight time", f0(1000 * m.FlightTime.Mean), "ms"},
			{"Step length", f2(m.StepLength.Mean), "m"},
			{"Speed", f1(m.Speed), "m/s · " + m.Pace + " /km"},
			{"Duty factor", f0(100 * m.DutyFactor.Mean), "%"},
			{"Overstride", f1(res.Overstride.AngleDeg.Mean), "° at contact"},
			{"Foot strike", strike, ""},
			{"Vertical oscillation", f1(m.VerticalOscillation.Mean), "cm"},
			styleCard(res.RunningStyles),
		}),
		app.H2().Text("Steps"),
		stackTable(app.Table().ID("steps").Body(
			stepCols.head(),
			app.TBody().Body(app.Range(m.Steps).Slice(func(i int) app.UI { return r.stepRow(i, m.Steps[i]) })),
		)),
		lowConfidenceNote(res.Language, uncertain(m.Steps, gait.Step.ShownConfidence)),
	)
}

var stepCols = columns{"#", "Foot", "Contact (s)", "Contact (ms)", "Flight (ms)", "Step (m)"}

// stepRow is step i of a run; its number seeks the video to its contact.
func (r *ResultPage) stepRow(i int, s gait.Step) app.UI {
	c := stepCols
	return confidenceRow(r.lang(), s.ShownConfidence(), s.Doubt).Body(
		c.cell(0).Body(r.seekLink(strconv.Itoa(i+1), s.ContactAt).Aria("label", fmt.Sprintf("Show step %d", i+1))),
		c.cell(1).Text(string(s.Foot)), c.cell(2).Text(f2(s.ContactAt)),
		c.cell(3).Class("value").Text(f0(1000*s.ContactTime)), c.cell(4).Text(dash(s.StepTime > 0, f0(1000*s.FlightTime))),
		c.cell(5).Text(dash(s.StepLength > 0, f2(s.StepLength))),
	)
}

// confidenceRow is a steps-table row, marked uncertain (≈, muted, with a
// tooltip in the analysis's language) when its contact's confidence is
// under gait.LowConfidence; the tooltip says why where the gait doubted
// the contact (gait.Doubt: advice's doubt.CODE labels).
func confidenceRow(lang string, confidence float64, doubt string) app.HTMLTr {
	tr := app.Tr()
	if confidence < gait.LowConfidence {
		tr = tr.Class("uncertain").Title(lowConfidenceTip(lang, confidence, doubt))
	}
	return tr
}

// lowConfidenceTip is the tooltip of an uncertain row: the confidence and,
// where the gait doubted the contact, why.
func lowConfidenceTip(lang string, confidence float64, doubt string) string {
	tip := fmt.Sprintf("%s (%.0f%%)", advice.Label(lang, "reason.low_confidence"), 100*confidence)
	if doubt != "" {
		tip += " " + advice.Label(lang, "doubt."+doubt)
	}
	return tip
}

// uncertain counts the items whose confidence is under gait.LowConfidence.
func uncertain[T any](items []T, confidence func(T) float64) int {
	n := 0
	for _, it := range items {
		if confidence(it) < gait.LowConfidence {
			n++
		}
	}
	return n
}

// lowConfidenceNote says, in the analysis's language, that the n marked
// values are uncertain; nothing when n is 0.
func lowConfidenceNote(lang string, n int) app.UI {
	if n == 0 {
		return app.Text("")
	}
	return app.P().ID("low-confidence").Class("note").Text(fmt.Sprintf("≈ %s (%d)", advice.Label(lang, "reason.low_confidence"), n))
}

func (r *ResultPage) renderBack(res *running.Result) app.UI {
	c := columns{"Stance mean", "Left", "Right"}
	row := func(name string, l, rt *stats.Stat) app.UI {
		v := func(s *stats.Stat) string {
			if s == nil || s.N == 0 {
				return "–"
			}
			return f1(s.Mean) + "°"
		}
		return app.Tr().Body(app.Th().Scope("row").Text(name), c.cell(1).Text(v(l)), c.cell(2).Text(v(rt)))
	}
	g := res.GaitCycle
	return app.Section().Body(
		app.H2().Text("Back view"),
		cards([]card{{"Score", score(res.TotalScore), "/ 100"}, {"Cadence", f0(res.BackView.Cadence), "steps/min"}, {"Stances", strconv.Itoa(len(res.BackView.Steps)), ""}}),
		stackTable(app.Table().ID("back-view").Body(
			c.head(),
			app.TBody().Body(
				row("Pelvic drop", g.Left.PelvicDrop, g.Right.PelvicDrop),
				row("Hip adduction", g.Left.HipAdduction, g.Right.HipAdduction),
				row("Knee adduction", g.Left.KneeAdduction, g.Right.KneeAdduction),
				row("Pronation", g.Left.Pronation, g.Right.Pronation),
			))),
	)
}

// renderChart draws knee and hip angles over time as SVG; a click seeks
// the video to that moment.
func (r *ResultPage) renderChart() app.UI {
	const w, h = 600.0, 180.0
	series := []struct{ key, color, label string }{
		{"left_knee", "#ff8c00", "left knee"}, {"right_knee", "#00aaff", "right knee"},
		{"left_hip", "#ffd27f", "left hip"}, {"right_hip", "#7fd4ff", "right hip"},
	}
	n := len(r.angles)
	if n < 2 {
		return app.Text("")
	}
	lo, hi := -30.0, 150.0
	x := func(i int) float64 { return w * float64(i) / float64(n-1) }
	y := func(v float64) float64 { return h - h*(v-lo)/(hi-lo) }
	var lines []app.UI
	for _, s := range series {
		var pts []string
		var segs []string
		for i, a := range r.angles {
			v, ok := a[s.key]
			if !ok {
				if len(pts) > 1 {
					segs = append(segs, strings.Join(pts, " "))
				}
				pts = nil
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(v)))
		}
		if len(pts) > 1 {
			segs = append(segs, strings.Join(pts, " "))
		}
		for _, p := range segs {
			lines = append(lines, svg("polyline").Attr("points", p).Attr("fill", "none").Attr("stroke", s.color).Attr("stroke-width", "2").Class("series").Attr("data-series", s.key))
		}
	}
	for _, g := range []float64{0, 45, 90, 135} {
		lines = append(lines, svg("line").Attr("x1", 0).Attr("x2", w).Attr("y1", y(g)).Attr("y2", y(g)).Attr("stroke", "#334155").Attr("stroke-width", "1"),
			svg("text").Attr("x", 2).Attr("y", y(g)-2).Attr("fill", "#94a3b8").Attr("font-size", "10").Text(f0(g)+"°"))
	}
	cursor := x(min(r.drawn, n-1))
	lines = append(lines, svg("line").Attr("x1", cursor).Attr("x2", cursor).Attr("y1", 0).Attr("y2", h).Attr("stroke", "#e2e8f0").Attr("stroke-width", "1"))
	legend := make([]app.UI, 0, len(series))
	for _, s := range series {
		legend = append(legend, app.Span().Class("key").Style("--c", s.color).Text(s.label))
	}
	return app.Section().Body(
		app.H2().Text("Joint angles"),
		svg("svg").ID("angle-chart").Attr("viewBox", fmt.Sprintf("0 0 %.0f %.0f", w, h)).Attr("role", "img").
			Attr("aria-label", "knee and hip flexion over time; click to jump the video there").Class("chart").
			OnClick(func(ctx app.Context, e app.Event) {
				rect := ctx.JSSrc().Call("getBoundingClientRect")
				frac := (e.Get("clientX").Float() - rect.Get("left").Float()) / rect.Get("width").Float()
				r.seek(math.Max(0, math.Min(1, frac)) * r.duration)
			}).Body(lines...),
		app.P().Class("legend").Body(legend...),
	)
}

const svgNS = "http://www.w3.org/2000/svg"

// svg makes an SVG element (created in the SVG namespace, or it would not draw).
func svg(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

func recommendations(c *analysis.Result) []advice.Recommendation {
	switch {
	case c.Sprint != nil:
		return c.Sprint.Recommendations
	case c.Jump != nil:
		return c.Jump.Recommendations
	case c.Lift != nil:
		return c.Lift.Recommendations
	case c.Result != nil:
		return c.Result.Recommendations
	}
	return nil
}

func (r *ResultPage) renderSprint(s *analysis.SprintResult) app.UI {
	start := s.Start.Kind
	switch s.Start.Kind {
	case sprint.StartStanding:
		start = fmt.Sprintf("standing, moves at %.2f s", s.Start.T)
		if s.Start.Frame == 0 {
			// sprint.detectStart finds movement from the second frame
			// seen on: frame 0 is a start that never came.
			start = "standing, does not move"
		}
	case sprint.StartNotSeen:
		start = fmt.Sprintf("not seen (run followed from %.2f s)", s.Start.T)
	}
	return app.Section().Body(
		app.H2().Text("Sprint"),
		cards([]card{
			{"Ground contact", mean(s.ContactTime, 1000, f0), "ms"},
			{"Flight time", mean(s.FlightTime, 1000, f0), "ms"},
			{"Step length", mean(s.StepLength, 1, f2), "m"},
			{"Step frequency", mean(s.StepFrequency, 1, f2), "Hz"},
			{"Top speed", f1(s.MaxSpeedMS), "m/s (centre of mass)"},
			{"Foot ahead of CoM", mean(s.FootToCoM, 1, f2), "m at touchdown"},
			{"Start", start, ""},
		}),
		stackTable(app.Table().ID("sprint-steps").Body(
			sprintCols.head(),
			app.TBody().Body(app.Range(s.Steps).Slice(func(i int) app.UI { return r.sprintRow(i, s.Steps[i]) })),
		)),
		lowConfidenceNote(r.lang(), uncertain(s.Steps, func(st sprint.Step) float64 { return st.Confidence })),
	)
}

var sprintCols = columns{"#", "Foot", "Contact (ms)", "Flight (ms)", "Step (m)", "Foot–CoM (m)"}

func (r *ResultPage) sprintRow(i int, st sprint.Step) app.UI {
	c := sprintCols
	return confidenceRow(r.lang(), st.Confidence, st.Doubt).Body(
		c.cell(0).Body(r.seekLink(strconv.Itoa(i+1), st.ContactAtS)),
		c.cell(1).Text(string(st.Foot)), c.cell(2).Class("value").Text(f0(1000*st.ContactTimeS)), c.cell(3).Text(dash(st.StepFrequency > 0, f0(1000*st.FlightTimeS))),
		c.cell(4).Text(dash(st.StepLengthM > 0, f2(st.StepLengthM))), c.cell(5).Text(f2(st.FootToCoMM)))
}

func (r *ResultPage) renderJump(j *analysis.JumpResult) app.UI {
	best := "–"
	if j.Best != nil {
		best = f0(100*j.Best.HeightFlightM) + " ± " + f0(100*j.Best.HeightMarginM)
	}
	if j.Count == 0 {
		// The count (0) and why head the page (renderOutcome); here only
		// the flights that were not counted.
		return app.Section().Body(app.H2().Text("Jumps"),
			app.If(len(j.Discarded) == 0, func() app.UI { return app.P().Class("note").Text("No flight found.") }),
			app.If(len(j.Discarded) > 0, func() app.UI {
				return app.P().Class("note").Text(fmt.Sprintf("%d flight(s) not counted: %s", len(j.Discarded), j.Discarded[0].Detail))
			}))
	}
	return app.Section().Body(
		app.H2().Text("Jumps"),
		cards([]card{{"Jumps", strconv.Itoa(j.Count), ""}, {"Best", best, "cm (flight time)"}, {"Mean", mean(j.Height, 100, f0), "cm"}, {"Flight", mean(j.FlightTime, 1000, f0), "ms mean"}}),
		app.Ul().Class("history").Body(app.Range(j.Jumps).Slice(func(i int) app.UI {
			jp := j.Jumps[i]
			li := app.Li().Class("card row")
			if jp.Confidence < gait.LowConfidence {
				li = li.Class("uncertain").Title(fmt.Sprintf("Low confidence (%.0f%%): check this jump against the video", 100*jp.Confidence))
			}
			timing := ""
			if jp.Timing == jump.TimedByHips {
				// The feet were not seen at take-off or landing.
				timing = " · timed from the hips"
			}
			return li.Body(
				r.seekLink(fmt.Sprintf("Jump %d", jp.Index), jp.TakeoffS),
				app.Span().Text(jumpLine(jp)+timing))
		})),
		app.If(len(j.Discarded) > 0, func() app.UI {
			return app.P().Class("note").Text(fmt.Sprintf("%d flight(s) not counted: %s", len(j.Discarded), j.Discarded[0].Detail))
		}),
	)
}

// jumpLine is one counted jump's height and flight time; a jump that
// landed on another level has no height (jump.summarise).
func jumpLine(jp jump.Jump) string {
	if !jp.LevelChanged {
		return fmt.Sprintf("%.0f ± %.0f cm · %.0f ms", 100*jp.HeightFlightM, 100*jp.HeightMarginM, 1000*jp.FlightTimeS)
	}
	// No distance: where the athlete lands nearer the camera (a flip off
	// a box onto the floor in front of it) the image overstates the drop.
	where := "lower"
	if jp.LevelChange < 0 {
		where = "higher"
	}
	return fmt.Sprintf("landed %s than it took off: no height · %.0f ms in the air", where, 1000*jp.FlightTimeS)
}

func (r *ResultPage) renderLift(l *analysis.LiftResult) app.UI {
	return app.Section().Body(
		app.H2().Text("Lift: "+string(l.Exercise)),
		cards([]card{
			{"Reps", strconv.Itoa(l.Count), ""},
			{"Lowering", mean(l.Eccentric, 1, f1), "s mean"},
			{"Lifting", mean(l.Concentric, 1, f1), "s mean"},
			{"Range of motion", mean(l.RangeOfMotion, 1, f2), "m"},
			{"Bar drift", mean(l.BarPathDev, 100, f0), "cm (wrists)"},
			{"Trunk at bottom", mean(l.TrunkAtBottom, 1, f0), "°"},
		}),
		stackTable(app.Table().ID("reps").Body(
			repCols.head(),
			app.TBody().Body(app.Range(l.Reps).Slice(func(i int) app.UI { return r.repRow(l.Reps[i]) })),
		)),
	)
}

var repCols = columns{"Rep", "Down (s)", "Up (s)", "Depth"}

func (r *ResultPage) repRow(rp lift.Rep) app.UI {
	c := repCols
	depth := "–"
	if rp.BelowParallel != nil {
		depth = map[bool]string{true: "below parallel", false: "above parallel"}[*rp.BelowParallel]
	}
	return confidenceRow(r.lang(), rp.Confidence, "").Body(
		c.cell(0).Body(r.seekLink(strconv.Itoa(rp.Index), float64(rp.StartFrame)/r.fps)),
		c.cell(1).Class("value").Text(f1(rp.EccentricS)), c.cell(2).Text(f1(rp.ConcentricS)), c.cell(3).Text(depth))
}

// score is a total score out of 100, or a dash when nothing was scored.
func score(s *float64) string {
	if s == nil {
		return "–"
	}
	return f0(100 * *s)
}

// mean is a summary's mean times scale, formatted, or a dash when it
// summarises nothing (no step, no repetition): never a 0 that reads as a
// measurement.
func mean(s stats.Stat, scale float64, f func(float64) string) string {
	return dash(s.N > 0, f(scale*s.Mean))
}

// renderOutcome heads the results of an analysis that found nothing to
// judge, whatever the activity: the count (0) and why, in the request's
// language.
func renderOutcome(calc *analysis.Result) app.UI {
	msg := calc.Outcome.Message
	if msg == "" {
		msg = "Nothing was found to measure in this video."
	}
	return app.Section().ID("outcome").Class("card").Body(
		app.H2().Text("Nothing to measure"),
		cards([]card{{outcomeLabel[calc.Activity], "0", "found"}}),
		app.P().ID("outcome-message").Class("note").Text(msg),
	)
}

// renderCaveats says, above the figures, what limits how far they can be
// trusted (a frame rate too low for short contacts), in the request's
// language.
func renderCaveats(cs []analysis.Caveat) app.UI {
	return app.Section().ID("caveats").Class("card").Body(app.Range(cs).Slice(func(i int) app.UI {
		return app.P().Class("note caveat").DataSet("code", cs[i].Code).Text(cs[i].Message)
	}))
}

// outcomeLabel names what each activity counts.
var outcomeLabel = map[string]string{
	analysis.Running: "Steps", "": "Steps", analysis.Sprint: "Ground contacts",
	analysis.Jump: "Jumps", analysis.Lift: "Repetitions",
}

// renderAdvice shows the recommendations; an analysis that found nothing
// to judge says why instead, and never calls the technique good.
func renderAdvice(calc *analysis.Result) app.UI {
	recs := recommendations(calc)
	if !calc.Judged() {
		msg := calc.Outcome.Message
		if msg == "" {
			msg = "Nothing was found to judge."
		}
		return app.Section().Body(app.H2().Text("Advice"),
			app.P().ID("outcome-reason").Class("note").Text(msg+" No advice without something to judge."))
	}
	if len(recs) == 0 {
		return app.Section().Body(app.H2().Text("Advice"),
			app.P().Class("note").Text("This looks like walking: the running advice does not apply. Film a run for coaching."))
	}
	return app.Section().Body(
		app.H2().Text("Advice"),
		app.Ol().Class("advice").Body(app.Range(recs).Slice(func(i int) app.UI {
			rc := recs[i]
			return app.Li().Class("card").Body(
				app.H3().Text(rc.Title),
				app.P().Text(rc.Advice),
				app.If(rc.Cue != "", func() app.UI { return app.P().Body(app.Strong().Text("Cue: "), app.Text(rc.Cue)) }),
				app.If(rc.Drill != "", func() app.UI { return app.P().Body(app.Strong().Text("Drill: "), app.Text(rc.Drill)) }),
			)
		})),
	)
}

// exportURL is the sessions route's export of the shown analysis.
func (r *ResultPage) exportURL(format string) string {
	family := "running"
	switch r.params().Activity {
	case "jump":
		family = "jumping"
	case "lift":
		family = "weightlifting"
	}
	return "/" + family + "/sessions/" + r.id + "/export/?format=" + format
}

// renderExports offers the exports; they are fetched with the key and
// handed to the browser as a download.
func (r *ResultPage) renderExports() app.UI {
	// The analysis is read when a button is pressed: go-app keeps the
	// handlers of the first render, and the page may show another
	// analysis since (see seekLink).
	btn := func(format, label string) app.UI {
		return app.Button().Class("quiet").Text(label).OnClick(func(ctx app.Context, e app.Event) {
			download(ctx, r.exportURL(format), r.id+"."+format)
		})
	}
	return app.Section().Class("exports").Body(
		app.H2().Text("Export"),
		btn("json", "JSON"), btn("csv", "CSV"), btn("trc", "OpenSim .trc"), btn("mot", "OpenSim .mot"),
		app.If(r.res.AnnotatedURL != "", func() app.UI {
			return app.A().Class("button quiet").Href(r.res.AnnotatedURL).Attr("download", r.id+".mp4").Text("Annotated video")
		}),
	)
}

// download fetches path with the key and saves it as name.
func download(ctx app.Context, path, name string) {
	opts := app.Window().Get("Object").New()
	headers := app.Window().Get("Object").New()
	if k := apiKey(ctx); k != "" {
		headers.Set("Authorization", "Bearer "+k)
	}
	opts.Set("headers", headers)
	var onResp, onBlob app.Func
	onBlob = app.FuncOf(func(this app.Value, args []app.Value) any {
		url := app.Window().Get("URL").Call("createObjectURL", args[0])
		a := app.Window().Get("document").Call("createElement", "a")
		a.Set("href", url)
		a.Set("download", name)
		a.Call("click")
		app.Window().Get("URL").Call("revokeObjectURL", url)
		onResp.Release()
		onBlob.Release()
		return nil
	})
	onResp = app.FuncOf(func(this app.Value, args []app.Value) any {
		return args[0].Call("blob").Call("then", onBlob)
	})
	app.Window().Call("fetch", path, opts).Call("then", onResp)
}
