package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/track"
)

// Editable events (issue 21, item 1): the timeline shows every ground
// contact as a bar; the coach drags an edge (or nudges it a frame at a
// time), deletes a contact or adds one at the shown frame, and the whole
// page (metrics, coaching, advice, chart) is recomputed in the browser by
// analysis.Recalculate, the code the server runs when the edit is saved.

// eventEdit is the editor's state.
type eventEdit struct {
	on       bool
	track    *track.Track // the cleaned track the metrics come from
	contacts []span       // the events being edited, in frame order
	detected []span       // the detector's originals
	saved    *analysis.Result
	sel      int    // selected contact, −1 for none
	drag     string // "", "contact" or "toe_off": the edge being dragged
	foot     gait.Foot
	dirty    bool
	busy     bool
	status   string
	problem  string
}

// startEdit loads the track and opens the editor on the contacts in use.
func (r *ResultPage) startEdit(ctx app.Context) {
	calc := r.res.Biomechanical
	r.ed = eventEdit{on: true, busy: true, sel: -1, foot: gait.LeftFoot, saved: calc, status: "Loading the keypoints…"}
	r.ed.contacts = contactSpans(analysis.DetectedContacts(calc))
	r.ed.detected = r.ed.contacts
	switch {
	case r.flightsMode():
		r.ed.foot = flightLane
		r.ed.contacts = flightSpans(analysis.JumpFlights(calc))
		r.ed.detected = flightSpans(analysis.OriginalFlights(calc))
	case r.repsMode():
		r.ed.foot = repLane
		r.ed.contacts = repSpans(analysis.LiftReps(calc))
		r.ed.detected = repSpans(analysis.OriginalReps(calc))
	case calc.Events != nil:
		var cs, ds []gait.Contact
		for _, c := range calc.Events.Contacts {
			cs = append(cs, c.Contact)
		}
		for _, c := range calc.Events.Detected {
			ds = append(ds, c.Contact)
		}
		r.ed.contacts, r.ed.detected = contactSpans(cs), contactSpans(ds)
	}
	ctx.Async(func() {
		var t track.Track
		_, err := getJSON(ctx, "/v1/analyses/"+r.id+"/results/track", &t)
		ctx.Dispatch(func(ctx app.Context) {
			r.ed.busy = false
			if err != nil {
				r.ed.problem, r.ed.status = "Could not read the keypoints: "+err.Error(), ""
				return
			}
			r.ed.track, r.ed.status = &t, "Drag a bar's edge, or select a "+r.eventNoun()+" and nudge it a frame at a time."
		})
	})
}

// change applies f to the contacts, keeps them in frame order (the
// selection follows its contact) and recomputes the page.
func (r *ResultPage) change(f func(cs []span) []span) {
	var selected *span
	cs := f(slices.Clone(r.ed.contacts))
	if r.ed.sel >= 0 && r.ed.sel < len(cs) {
		c := cs[r.ed.sel]
		selected = &c
	}
	slices.SortStableFunc(cs, func(a, b span) int { return a.From - b.From })
	r.ed.sel = -1
	if selected != nil {
		r.ed.sel = slices.Index(cs, *selected)
	}
	r.ed.contacts, r.ed.dirty = cs, true
	r.recompute()
}

// recompute shows the metrics of the edited contacts, or why there are
// none (the previous numbers stay until the contacts make sense again).
func (r *ResultPage) recompute() {
	if r.ed.track == nil {
		return
	}
	if r.flightsMode() {
		fs := spanFlights(r.ed.contacts)
		calc, err := analysis.RecalculateFlights(*r.ed.track, r.params(), fs)
		if err != nil {
			r.ed.problem = "These flights cannot be measured: " + err.Error()
			return
		}
		calc.Events = analysis.NewFlightEvents(fs, spanFlights(r.ed.detected), "", time.Now())
		r.res.Biomechanical, r.ed.problem = calc, ""
		r.ed.status = fmt.Sprintf("%d flights, %d edited — not saved yet.", len(fs), edited(calc.Events))
		return
	}
	if r.repsMode() {
		rs := spanReps(r.ed.contacts)
		calc, err := analysis.RecalculateReps(*r.ed.track, r.params(), rs)
		if err != nil {
			r.ed.problem = "These repetitions cannot be measured: " + err.Error()
			return
		}
		calc.Events = analysis.NewRepEvents(rs, spanReps(r.ed.detected), "", time.Now())
		r.res.Biomechanical, r.ed.problem = calc, ""
		r.ed.status = fmt.Sprintf("%d repetitions, %d edited — not saved yet.", len(rs), edited(calc.Events))
		return
	}
	detected := spanContacts(r.ed.detected)
	cs := analysis.Confirmed(spanContacts(r.ed.contacts), detected)
	calc, err := analysis.Recalculate(*r.ed.track, r.params(), cs)
	if err != nil {
		r.ed.problem = "These contacts cannot be measured: " + err.Error()
		return
	}
	calc.Events = analysis.NewEvents(cs, detected, "", time.Now())
	r.res.Biomechanical, r.ed.problem = calc, ""
	r.ed.status = fmt.Sprintf("%d contacts, %d edited — not saved yet.", len(cs), edited(calc.Events))
}

// edited counts the edited contacts, flights and repetitions.
func edited(e *analysis.Events) int {
	n := 0
	for _, c := range e.Contacts {
		if c.Source == analysis.SourceEdited {
			n++
		}
	}
	for _, f := range e.Flights {
		if f.Source == analysis.SourceEdited {
			n++
		}
	}
	for _, rp := range e.Reps {
		if rp.Source == analysis.SourceEdited {
			n++
		}
	}
	return n
}

// nudge moves the selected contact's touchdown or toe-off by d frames.
func (r *ResultPage) nudge(edge string, d int) {
	i := r.ed.sel
	if i < 0 || i >= len(r.ed.contacts) {
		return
	}
	r.change(func(cs []span) []span {
		setEdge(&cs[i], edge, edgeFrame(cs[i], edge)+d, len(r.frames))
		return cs
	})
}

// edgeFrame is the frame of one edge: "contact" (a contact's touchdown,
// a flight's take-off, a repetition's start), "toe_off" (toe-off,
// landing, end) or "bottom" (a repetition's turn).
func edgeFrame(c span, edge string) int {
	switch edge {
	case "toe_off":
		return c.To
	case "bottom":
		return c.Mid
	}
	return c.From
}

// setEdge moves one edge to frame f, keeping the contact at least one
// frame long (a flight two: one frame in the air; a repetition's turn
// strictly inside it) and inside the clip's n frames.
func setEdge(c *span, edge string, f, n int) {
	least := 1
	switch c.Lane {
	case flightLane, repLane:
		least = 2
	}
	switch {
	case edge == "bottom" && c.Lane == repLane:
		c.Mid = max(c.From+1, min(f, c.To-1))
	case edge == "toe_off":
		c.To = max(c.From+least, c.Mid+1, min(f, n-1))
	default:
		c.From = max(0, min(f, c.To-least))
		if c.Lane == repLane {
			c.From = min(c.From, c.Mid-1)
		}
	}
}

// addContact adds a contact of the chosen foot at the shown frame, as
// long as the median contact (or 0.2 s).
func (r *ResultPage) addContact() {
	k := r.drawn
	if r.video.Truthy() {
		k = r.frame()
	}
	c := r.newSpan(k)
	r.change(func(cs []span) []span {
		r.ed.sel = len(cs)
		return append(cs, c)
	})
}

func (r *ResultPage) deleteContact() {
	i := r.ed.sel
	if i < 0 || i >= len(r.ed.contacts) {
		return
	}
	r.change(func(cs []span) []span {
		r.ed.sel = -1
		return slices.Delete(cs, i, i+1)
	})
}

// discard goes back to the saved analysis.
func (r *ResultPage) discard() {
	r.res.Biomechanical = r.ed.saved
	r.ed = eventEdit{sel: -1}
}

// save sends the contacts to the server, which recomputes and stores
// calculated_data and draws the annotated video again.
func (r *ResultPage) save(ctx app.Context) {
	edit := analysis.NewEventsEdit(spanContacts(r.ed.contacts))
	switch {
	case r.flightsMode():
		edit = analysis.EventsEdit{Flights: spanFlights(r.ed.contacts)}
	case r.repsMode():
		edit = analysis.EventsEdit{Reps: spanReps(r.ed.contacts)}
	}
	body, err := json.Marshal(edit)
	if err != nil {
		r.ed.problem = err.Error()
		return
	}
	r.ed.busy, r.ed.status = true, "Saving…"
	ctx.Async(func() {
		var calc analysis.Result
		req, err := request(ctx, http.MethodPut, "/v1/analyses/"+r.id+"/events", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			_, err = do(req, &calc)
		}
		ctx.Dispatch(func(ctx app.Context) {
			r.ed.busy = false
			if err != nil {
				r.ed.problem, r.ed.status = "Not saved: "+err.Error(), ""
				return
			}
			r.res.Biomechanical, r.ed.saved, r.ed.dirty = &calc, &calc, false
			r.res.AnnotatedURL, r.showAnno = "", false // it showed the old contacts
			r.ed.status = fmt.Sprintf("Saved: %d %ss, %d edited. The annotated video is being drawn again.", len(calc.Events.Contacts)+len(calc.Events.Flights)+len(calc.Events.Reps), r.eventNoun(), edited(calc.Events))
		})
	})
}

// renderEvents is the timeline of contacts with the editing controls.
func (r *ResultPage) renderEvents() app.UI {
	calc := r.res.Biomechanical
	if calc == nil || r.res.Params == nil || !analysis.EventsEditable(r.params()) || len(r.frames) == 0 {
		return app.Text("")
	}
	cs := r.ed.contacts
	if !r.ed.on {
		cs = r.shownSpans()
	}
	title, edit := "Contacts", "Edit contacts"
	switch {
	case r.flightsMode():
		title, edit = "Flights", "Edit flights"
	case r.repsMode():
		title, edit = "Repetitions", "Edit repetitions"
	}
	return app.Section().ID("events").Class("events").Body(
		app.H2().Text(title),
		r.timeline(cs, calc.Events),
		// Hidden, not removed, while editing: the track arrives through
		// this button's context, which must stay mounted.
		app.Button().ID("edit-contacts").Class("quiet").Text(edit).Hidden(r.ed.on).Style("display", map[bool]string{true: "none", false: ""}[r.ed.on]).
			OnClick(func(ctx app.Context, e app.Event) { r.startEdit(ctx) }),
		app.If(r.ed.on, r.renderEditControls),
		r.editSummary(calc),
	)
}

// editSummary carries the shown numbers at full precision, for checks.
func (r *ResultPage) editSummary(calc *analysis.Result) app.UI {
	var ct, freq float64
	switch {
	case calc.Sprint != nil:
		ct, freq = calc.Sprint.ContactTime.Mean, calc.Sprint.StepFrequency.Mean
	case calc.Result != nil && calc.SideView != nil:
		ct, freq = calc.SideView.Metrics.ContactTime.Mean, calc.SideView.Metrics.Cadence/60
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	if l := calc.Lift; l != nil {
		return app.Data().ID("edit-summary").Value(strconv.Itoa(l.Count)).DataSet("reps", l.Count).DataSet("eccentric", g(l.Eccentric.Mean)).
			DataSet("concentric", g(l.Concentric.Mean)).DataSet("range", g(l.RangeOfMotion.Mean)).Text("")
	}
	if j := calc.Jump; j != nil {
		var best float64
		if j.Best != nil {
			best = j.Best.HeightFlightM
		}
		return app.Data().ID("edit-summary").Value(strconv.Itoa(j.Count)).DataSet("jumps", j.Count).DataSet("best-height", g(best)).
			DataSet("mean-height", g(j.Height.Mean)).DataSet("mean-flight", g(j.FlightTime.Mean)).Text("")
	}
	return app.Data().ID("edit-summary").Value(g(ct)).DataSet("contact-time", g(ct)).DataSet("step-frequency", g(freq)).Text("")
}

// timeline draws the contacts: left foot on top, right below, the shown
// frame as a line; bars of edited contacts are marked.
func (r *ResultPage) timeline(cs []span, ev *analysis.Events) app.UI {
	n := float64(len(r.frames))
	const h = 40.0
	// The selected bar's handles go after every bar: go-app keeps an
	// element's click handler when the same code sets it again, so a bar
	// must stay at the place of the same index (inserted after the
	// selected bar, they moved the bars behind it onto the places, and the
	// handlers, of others: a tap on flight 2 selected flight 4).
	var els, handles []app.UI
	for i, c := range cs {
		y := 4.0
		switch c.Lane {
		case gait.RightFoot:
			y = 22
		case flightLane, repLane:
			y = 13
		}
		cls := "bar " + string(c.Lane)
		if r.ed.on && i == r.ed.sel {
			cls += " selected"
		}
		if src := contactSource(c, cs, ev, r.ed); src == analysis.SourceEdited {
			cls += " edited"
		}
		w := float64(c.To - c.From)
		bar := svg("rect").ID(fmt.Sprintf("contact-%d", i)).Class(cls).Attr("x", c.From).Attr("y", y).Attr("width", w).Attr("height", 14).
			DataSet("foot", string(c.Lane)).DataSet("contact", c.From).DataSet("toe-off", c.To).
			OnClick(func(ctx app.Context, e app.Event) { r.selectContact(i) })
		edges := []string{"contact", "toe_off"}
		if c.Lane == repLane {
			bar = bar.DataSet("bottom", c.Mid)
			edges = append(edges, "bottom")
			els = append(els, bar, svg("line").Class("turn").Attr("x1", c.Mid).Attr("x2", c.Mid).Attr("y1", y).Attr("y2", y+14))
		} else {
			els = append(els, bar)
		}
		if r.ed.on && i == r.ed.sel {
			hw := math.Max(1, n/120)
			for _, edge := range edges {
				x := float64(edgeFrame(c, edge)) - hw/2
				handles = append(handles, svg("rect").ID("handle-"+edge).Class("handle").Attr("x", x).Attr("y", y-2).Attr("width", hw).Attr("height", 18).
					On("pointerdown", func(ctx app.Context, e app.Event) {
						r.ed.drag = edge
						ctx.JSSrc().Call("setPointerCapture", e.Get("pointerId"))
					}).
					On("pointermove", func(ctx app.Context, e app.Event) { r.dragTo(ctx, e) }).
					On("pointerup", func(ctx app.Context, e app.Event) { r.endDrag() }))
			}
		}
	}
	els = append(els, handles...)
	cur := float64(min(r.drawn, len(r.frames)-1))
	els = append(els, svg("line").Attr("x1", cur).Attr("x2", cur).Attr("y1", 0).Attr("y2", h).Attr("stroke", "#e2e8f0").Attr("stroke-width", math.Max(0.5, n/600)))
	return svg("svg").ID("timeline").Class("timeline").Attr("viewBox", fmt.Sprintf("0 0 %.0f %.0f", n, h)).Attr("preserveAspectRatio", "none").
		Attr("role", "img").Attr("aria-label", r.timelineLabel()).Body(els...)
}

// contactSource is where contact c comes from: the saved events say so,
// and while editing it is edited unless it is one of the detector's.
func contactSource(c span, cs []span, ev *analysis.Events, ed eventEdit) string {
	if ed.on {
		if slices.ContainsFunc(ed.detected, c.same) {
			return analysis.SourceDetected
		}
		return analysis.SourceEdited
	}
	if ev == nil {
		return analysis.SourceDetected
	}
	for _, f := range ev.Flights {
		if c.same(span{Lane: flightLane, From: f.TakeoffFrame, To: f.LandingFrame, Mid: -1}) {
			return f.Source
		}
	}
	for _, rp := range ev.Reps {
		if c.same(span{Lane: repLane, From: rp.StartFrame, Mid: rp.BottomFrame, To: rp.EndFrame}) {
			return rp.Source
		}
	}
	for _, e := range ev.Contacts {
		if c.same(span{Lane: e.Foot, From: e.Contact.Contact, To: e.ToeOff, Mid: -1}) {
			return e.Source
		}
	}
	return analysis.SourceDetected
}

// selectContact selects contact i (while editing) and shows its touchdown.
func (r *ResultPage) selectContact(i int) {
	if r.ed.on {
		r.ed.sel = i
	}
	cs := r.ed.contacts
	if !r.ed.on {
		cs = r.shownSpans()
	}
	if i < len(cs) {
		r.toFrame(cs[i].From)
	}
}

// dragTo moves the dragged edge to the frame under the pointer; the
// metrics follow when it is let go.
func (r *ResultPage) dragTo(ctx app.Context, e app.Event) {
	i := r.ed.sel
	if r.ed.drag == "" || i < 0 || i >= len(r.ed.contacts) {
		return
	}
	svgEl := app.Window().Get("document").Call("getElementById", "timeline")
	rect := svgEl.Call("getBoundingClientRect")
	frac := (e.Get("clientX").Float() - rect.Get("left").Float()) / rect.Get("width").Float()
	f := int(math.Round(frac * float64(len(r.frames))))
	setEdge(&r.ed.contacts[i], r.ed.drag, f, len(r.frames))
}

func (r *ResultPage) endDrag() {
	if r.ed.drag == "" {
		return
	}
	r.ed.drag = ""
	r.change(func(cs []span) []span { return cs })
}

func (r *ResultPage) renderEditControls() app.UI {
	btn := func(id, text, label string, disabled bool, act func(ctx app.Context)) app.UI {
		return app.Button().ID(id).Class("quiet").Text(text).Title(label).Aria("label", label).Disabled(disabled || r.ed.busy || r.ed.track == nil).
			OnClick(func(ctx app.Context, e app.Event) { act(ctx) })
	}
	none := r.ed.sel < 0
	// A flight's edges are its take-off and landing frames, a
	// repetition's its start and end, with its turn (bottom) between.
	start, end, noun := "touchdown", "toe-off", r.eventNoun()
	switch {
	case r.flightsMode():
		start, end = "take-off", "landing"
	case r.repsMode():
		start, end = "start", "end"
	}
	up := strings.ToUpper(start[:1]) + start[1:]
	upEnd := strings.ToUpper(end[:1]) + end[1:]
	return app.Div().Class("edit-controls").Body(
		app.Div().Class("transport").Body(
			btn("td-minus", "◂ "+start, up+" one frame earlier", none, func(app.Context) { r.nudge("contact", -1) }),
			btn("td-plus", start+" ▸", up+" one frame later", none, func(app.Context) { r.nudge("contact", 1) }),
			btn("to-minus", "◂ "+end, upEnd+" one frame earlier", none, func(app.Context) { r.nudge("toe_off", -1) }),
			btn("to-plus", end+" ▸", upEnd+" one frame later", none, func(app.Context) { r.nudge("toe_off", 1) }),
			btn("delete-contact", "Delete", "Delete the selected "+noun, none, func(app.Context) { r.deleteContact() }),
		),
		app.If(r.repsMode(), func() app.UI {
			return app.Div().Class("transport").Body(
				btn("bt-minus", "◂ bottom", "Bottom (the turn) one frame earlier", none, func(app.Context) { r.nudge("bottom", -1) }),
				btn("bt-plus", "bottom ▸", "Bottom (the turn) one frame later", none, func(app.Context) { r.nudge("bottom", 1) }),
			)
		}),
		app.Div().Class("transport").Body(
			app.Select().ID("add-foot").Hidden(!analysis.Editable(r.params())).Aria("label", "foot of the contact to add").OnChange(func(ctx app.Context, e app.Event) {
				r.ed.foot = gait.Foot(ctx.JSSrc().Get("value").String())
			}).Body(
				app.Option().Value("left").Selected(r.ed.foot == gait.LeftFoot).Text("left foot"),
				app.Option().Value("right").Selected(r.ed.foot == gait.RightFoot).Text("right foot"),
			),
			btn("add-contact", "Add "+noun+" here", "Add a "+noun+" at the shown frame", false, func(app.Context) { r.addContact() }),
			btn("save-events", "Save", "Save the "+noun+"s: the server recomputes and keeps the detector's", !r.ed.dirty || r.ed.problem != "", r.save),
			btn("discard-events", "Discard", "Back to the saved "+noun+"s", false, func(app.Context) { r.discard() }),
		),
		app.P().ID("edit-status").Class("note").Aria("live", "polite").Text(r.ed.status),
		app.If(r.ed.problem != "", func() app.UI { return app.P().ID("edit-problem").Class("error").Role("alert").Text(r.ed.problem) }),
	)
}
