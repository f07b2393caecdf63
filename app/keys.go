package app

import (
	"fmt"
	"math"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Frame-accurate review (issue 21, item 7), the way SprintLab and video
// editors do it: ← / → one frame, space play / pause, [ / ] previous / next
// contact. The same actions are buttons under the video, for touch.

// keysHelp is the help line under the buttons; it names every key.
const keysHelp = "Keys: ← → one frame · space play / pause · [ ] previous / next contact"

// eventFrames are the frames [ and ] jump between, in order: touchdowns of
// a run or sprint, take-offs and landings of jumps, starts of lift reps.
func (r *ResultPage) eventFrames() []int {
	calc := r.res.Biomechanical
	if calc == nil {
		return nil
	}
	var fs []int
	switch {
	case calc.Sprint != nil:
		for _, st := range calc.Sprint.Steps {
			fs = append(fs, st.ContactFrame)
		}
	case calc.Jump != nil:
		for _, j := range calc.Jump.Jumps {
			fs = append(fs, j.TakeoffFrame, j.LandingFrame)
		}
	case calc.Lift != nil:
		for _, rp := range calc.Lift.Reps {
			fs = append(fs, rp.StartFrame)
		}
	case calc.Result != nil && calc.Result.SideView != nil:
		for _, s := range calc.Result.Metrics.Steps {
			fs = append(fs, s.Contact.Contact)
		}
	}
	slices.Sort(fs)
	return fs
}

// frame is the frame the video shows (the one the skeleton is drawn for).
func (r *ResultPage) frame() int {
	return int(math.Round(r.video.Get("currentTime").Float() * r.fps))
}

// toFrame pauses on frame k. It seeks a quarter frame past k's start so
// that rounding errors in the browser's time never show frame k−1.
func (r *ResultPage) toFrame(k int) {
	if !r.video.Truthy() || r.fps <= 0 {
		return
	}
	k = max(0, min(k, len(r.frames)-1))
	r.video.Call("pause")
	r.video.Set("currentTime", (float64(k)+0.25)/r.fps)
}

// nextEvent is the first event frame after the shown frame (dir 1) or the
// last before it (dir −1); ok is false when there is none that way.
func (r *ResultPage) nextEvent(dir int) (int, bool) {
	fs, cur := r.eventFrames(), r.frame()
	if dir < 0 {
		slices.Reverse(fs)
	}
	for _, f := range fs {
		if (f-cur)*dir > 0 {
			return f, true
		}
	}
	return 0, false
}

func (r *ResultPage) jumpEvent(dir int) {
	if f, ok := r.nextEvent(dir); ok && r.video.Truthy() {
		r.toFrame(f)
	}
}

func (r *ResultPage) stepFrame(d int) {
	if r.video.Truthy() {
		r.toFrame(r.frame() + d)
	}
}

func (r *ResultPage) togglePlay() {
	if !r.video.Truthy() {
		return
	}
	if r.video.Get("paused").Bool() {
		r.video.Call("play")
	} else {
		r.video.Call("pause")
	}
}

// listenKeys handles the review keys on the whole page (capture phase, so
// the video's own controls do not also act on them), except while typing
// in a form field, with a modifier held (browser shortcuts), or for space
// on a focused button or link outside the review buttons, which space
// activates (after tapping "›", space should still play, not step again).
func (r *ResultPage) listenKeys() {
	if r.onKey != nil {
		return
	}
	r.onKey = app.FuncOf(func(this app.Value, args []app.Value) any {
		e := args[0]
		target, key := e.Get("target"), e.Get("key").String()
		tag := target.Get("tagName").String()
		control := (tag == "BUTTON" || tag == "A") && !target.Call("closest", ".transport").Truthy()
		if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() ||
			tag == "INPUT" || tag == "SELECT" || tag == "TEXTAREA" || (key == " " && control) {
			return nil
		}
		if r.onReviewKey(key) {
			e.Call("preventDefault")
		}
		return nil
	})
	app.Window().Call("addEventListener", "keydown", r.onKey, true)
}

// onReviewKey acts on one key; false when it is not a review key.
func (r *ResultPage) onReviewKey(key string) bool {
	switch key {
	case "ArrowLeft":
		r.stepFrame(-1)
	case "ArrowRight":
		r.stepFrame(1)
	case " ":
		r.togglePlay()
	case "[":
		r.jumpEvent(-1)
	case "]":
		r.jumpEvent(1)
	default:
		return false
	}
	return true
}

func (r *ResultPage) stopKeys() {
	if r.onKey != nil {
		app.Window().Call("removeEventListener", "keydown", r.onKey, true)
		r.onKey.Release()
		r.onKey = nil
	}
}

// frameText names the shown frame as the exports number it (from 0).
func (r *ResultPage) frameText(i int) string {
	return fmt.Sprintf("Frame %d / %d", i, max(0, len(r.frames)-1))
}

// showFrame writes the frame number without a re-render: draw runs for
// every presented frame while the video plays.
func (r *ResultPage) showFrame(i int) {
	if el := app.Window().Get("document").Call("getElementById", "frame"); el.Truthy() {
		el.Set("textContent", r.frameText(i))
	}
}

// renderTransport is the row of review buttons and the keys' help line.
func (r *ResultPage) renderTransport() app.UI {
	btn := func(id, text, label string, act func()) app.UI {
		return app.Button().ID(id).Class("quiet").Text(text).Aria("label", label).Title(label).
			OnClick(func(ctx app.Context, e app.Event) { act() })
	}
	return app.Div().Class("transport").Body(
		app.Div().Class("row").Role("toolbar").Aria("label", "frame by frame").Body(
			app.Div().Body(
				btn("prev-contact", "«", "Previous contact ([)", func() { r.jumpEvent(-1) }),
				btn("prev-frame", "‹", "One frame back (←)", func() { r.stepFrame(-1) }),
				btn("play", "Play / pause", "Play or pause (space)", r.togglePlay),
				btn("next-frame", "›", "One frame forward (→)", func() { r.stepFrame(1) }),
				btn("next-contact", "»", "Next contact (])", func() { r.jumpEvent(1) }),
			),
			app.Span().ID("frame").Class("muted").Aria("live", "off").Text(r.frameText(r.drawn)),
		),
		app.P().ID("keys-help").Class("note").Text(keysHelp),
	)
}
