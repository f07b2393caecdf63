package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/sprint"
)

// Sprint timing (issue 21, item 5): the analysis proposes the start mode
// and the first-movement frame, the coach moves it a frame at a time and
// confirms it, and the zones' splits are recomputed in the browser by
// sprint.Splits, the function the tests check the table against.

// timingState is the timing card's part of the results page.
type timingState struct {
	ready     bool // mode and frame proposed from the results
	mode      string
	frame     int
	zone      float64 // metres
	confirmed bool
	// Saving: the confirmed start is kept on the server (PUT …/timing)
	// and shown again when the page is opened.
	status  string
	saving  bool
	pending bool // changed while a save was under way: save again
}

// loadTiming reads the start saved with a sprint analysis, if any.
func (r *ResultPage) loadTiming(ctx app.Context) {
	calc := r.res.Biomechanical
	if _, local := localResults[r.id]; local || calc == nil || calc.Sprint == nil {
		return
	}
	ctx.Async(func() {
		var body struct {
			Start sprint.TimingStart `json:"start"`
			Saved bool               `json:"saved"`
		}
		_, err := getJSON(ctx, "/v1/analyses/"+r.id+"/timing", &body)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil || !body.Saved {
				return
			}
			st := body.Start
			r.tim.mode, r.tim.frame, r.tim.zone, r.tim.confirmed, r.tim.ready = st.Mode, st.Frame, st.ZoneM, st.Confirmed, true
			r.tim.status = "Saved with the analysis."
		})
	})
}

// saveTiming keeps the start on the server; a change made while a save
// is under way is saved after it, so the last one wins.
func (r *ResultPage) saveTiming(ctx app.Context) {
	if _, local := localResults[r.id]; local {
		r.tim.status = "Analysed in this browser: the start is not saved on a server."
		return
	}
	if r.tim.saving {
		r.tim.pending = true
		return
	}
	st := sprint.TimingStart{Mode: r.tim.mode, Frame: r.tim.frame, ZoneM: r.tim.zone, Confirmed: r.tim.confirmed}
	body, err := json.Marshal(st)
	if err != nil {
		r.tim.status = "Not saved: " + err.Error()
		return
	}
	r.tim.saving, r.tim.status = true, "Saving…"
	ctx.Async(func() {
		req, err := request(ctx, http.MethodPut, "/v1/analyses/"+r.id+"/timing", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			_, err = do(req, nil)
		}
		ctx.Dispatch(func(ctx app.Context) {
			r.tim.saving = false
			if r.tim.pending {
				r.tim.pending = false
				r.saveTiming(ctx)
				return
			}
			switch {
			case err != nil:
				r.tim.status = "Not saved: " + err.Error()
			case !r.tim.confirmed: // changed since: the saved start stays until it is confirmed
				r.tim.status = unconfirmedNote
			default:
				r.tim.status = "Saved with the analysis."
			}
		})
	})
}

// timing proposes the start once the sprint results are known; the
// coach's choices are kept while the page re-renders.
func (r *ResultPage) timing(s *sprint.Result) *timingState {
	if !r.tim.ready {
		r.tim.mode, r.tim.frame = sprint.ProposedStart(s)
		r.tim.zone, r.tim.ready = 10, true
	}
	return &r.tim
}

// moveStart nudges the start frame by d frames (within the clip) and
// shows that frame, so the coach sees the movement begin.
func (r *ResultPage) moveStart(d int) {
	r.tim.frame = max(0, r.tim.frame+d)
	if n := len(r.frames); n > 0 {
		r.tim.frame = min(r.tim.frame, n-1)
	}
	r.tim.confirmed = false
	r.tim.status = unconfirmedNote
	if r.fps > 0 {
		r.seek((float64(r.tim.frame) + 0.5) / r.fps) // mid-frame: no rounding to the previous one
	}
}

const unconfirmedNote = "Confirm the start to save it with the analysis."

// timingCols: zone, when its lines are crossed, its split and speed.
var timingCols = columns{"Zone (m)", "In (s)", "Out (s)", "Split (s)", "Speed (m/s)"}

func (r *ResultPage) renderTiming(s *sprint.Result) app.UI {
	st := r.timing(s)
	tm := sprint.Splits(s.Frames, r.fps, st.frame, st.mode, st.zone)
	label := "First movement"
	if st.mode == sprint.FlyingStart {
		label = "Run-up starts"
	}
	state := "proposed by the analysis"
	if st.confirmed {
		state = "confirmed"
	}
	return app.Section().ID("timing").Body(
		app.H2().Text("Sprint timing"),
		app.Div().Class("field").Body(
			app.Label().For("timing-mode").Text("Start"),
			app.Select().ID("timing-mode").Body(
				app.Option().Value(sprint.StaticStart).Selected(st.mode == sprint.StaticStart).Text("static (block or standing)"),
				app.Option().Value(sprint.FlyingStart).Selected(st.mode == sprint.FlyingStart).Text("flying"),
			).OnChange(func(ctx app.Context, e app.Event) {
				r.tim.mode, r.tim.confirmed, r.tim.status = ctx.JSSrc().Get("value").String(), false, unconfirmedNote
			}),
		),
		app.P().ID("timing-frame").Text(fmt.Sprintf("%s: frame %d (%s s), %s", label, st.frame, f2(float64(st.frame)/max(r.fps, 1)), state)),
		app.Div().Class("row").Body(
			app.Button().ID("timing-prev").Class("quiet").Text("−1 frame").OnClick(func(ctx app.Context, e app.Event) { r.moveStart(-1) }),
			app.Button().ID("timing-next").Class("quiet").Text("+1 frame").OnClick(func(ctx app.Context, e app.Event) { r.moveStart(1) }),
			app.Button().ID("timing-confirm").Text("Confirm").Disabled(st.confirmed).OnClick(func(ctx app.Context, e app.Event) {
				r.tim.confirmed = true
				r.saveTiming(ctx)
			}),
		),
		app.Div().Class("field").Body(
			app.Label().For("timing-zone").Text("Zone length (m)"),
			app.Input().ID("timing-zone").Type("number").Min(sprint.MinZoneM).Max(sprint.MaxZoneM).Attr("step", "any").Value(strconv.FormatFloat(st.zone, 'f', -1, 64)).
				OnChange(func(ctx app.Context, e app.Event) {
					if z, err := strconv.ParseFloat(ctx.JSSrc().Get("value").String(), 64); err == nil && z >= sprint.MinZoneM && z <= sprint.MaxZoneM {
						r.tim.zone = z
						if r.tim.confirmed {
							r.saveTiming(ctx)
						}
					}
				}),
		),
		app.P().ID("timing-saved").Class("note").Aria("live", "polite").Text(st.status),
		r.timingTable(tm),
		app.P().ID("timing-covered").Class("note").Text(r.timingNote(tm)),
	)
}

func (r *ResultPage) timingTable(tm sprint.Timing) app.UI {
	c := timingCols
	return stackTable(app.Table().ID("timing-splits").Body(
		c.head(),
		app.TBody().Body(app.Range(tm.Splits).Slice(func(i int) app.UI {
			sp := tm.Splits[i]
			return app.Tr().Body(
				c.cell(0).Text(metres(sp.FromM)+"–"+metres(sp.ToM)), c.cell(1).Text(f3(sp.AtS)), c.cell(2).Text(f3(sp.EndS)),
				c.cell(3).Class("value").Text(f3(sp.SplitS)), c.cell(4).Text(f2(sp.SpeedMS)))
		})),
	))
}

// timingNote says how far the clip reaches, so a missing zone is
// explained, and where the metres come from.
func (r *ResultPage) timingNote(tm sprint.Timing) string {
	note := fmt.Sprintf("The clip covers %s m past the start frame; zones beyond it are left out. Time 0 is at %s s in the clip.", f1(tm.CoveredM), f3(tm.ZeroS))
	if r.res.Params != nil {
		note += " Scale: " + r.params().ScaleSource() + "."
	}
	return note
}

// metres labels a zone line: 2.5, not 3 (a zone need not be whole metres).
func metres(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }

func f3(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
