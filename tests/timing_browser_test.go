package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/shared/analysis"
	"motionlab/shared/sprint"
)

// TestSprintTimingInBrowser: on a real sprint analysis the timing card
// proposes the start the shared code proposes; the coach picks a static
// start, moves the first-movement frame two frames later, confirms it and
// sets a zone length the clip covers at least twice; every cell of the
// splits table is then what sprint.Splits gives for the results' frames,
// and likewise for a flying start. The page fits 360 px. Screenshots at
// 1280 and 360 px.
func TestSprintTimingInBrowser(t *testing.T) {
	s, c, id := analysedRun(t, map[string]string{"activity": "sprint", "height": "170"})
	calc := calculatedOf(t, c, id)
	if calc.Sprint == nil || len(calc.Sprint.Frames) < 10 {
		t.Fatalf("no sprint frames: %+v", calc.Sprint)
	}
	res := calc.Sprint.Result
	fps := fpsOf(t, c, id)
	mode, frame := sprint.ProposedStart(res)

	ctx := browser(t)
	run := runner(t, ctx)
	run("open the results", chromedp.Navigate(s.URL+"/analyses/"+id))
	waitFor(t, ctx, "the timing card", `!!document.querySelector("#timing-frame")`, 90*time.Second)
	checkShown(t, ctx, "proposed mode", `document.querySelector("#timing-mode").value`, mode)
	checkShown(t, ctx, "proposed frame", `document.querySelector("#timing-frame").textContent.match(/frame (\d+)/)[1]`, strconv.Itoa(frame))

	setValue := func(sel, v string) {
		run("set "+sel, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(e => { e.value = %q; e.dispatchEvent(new Event("change", {bubbles: true})); })(document.querySelector(%q))`, v, sel)))
	}
	setValue("#timing-mode", sprint.StaticStart)
	run("+1 frame", chromedp.Click("#timing-next"))
	run("+1 frame", chromedp.Click("#timing-next"))
	frame += 2
	waitFor(t, ctx, "the moved frame", fmt.Sprintf(`document.querySelector("#timing-frame").textContent.includes("frame %d ")`, frame), 10*time.Second)
	run("confirm", chromedp.Click("#timing-confirm"))
	waitFor(t, ctx, "confirmed", `document.querySelector("#timing-frame").textContent.endsWith("confirmed")`, 10*time.Second)

	// A zone the clip covers at least twice (half metres), so the table
	// has rows to check; the default 10 m is beyond a short side clip.
	covered := sprint.Splits(res.Frames, fps, frame, sprint.StaticStart, 10).CoveredM
	zone := math.Floor(covered/3*2) / 2
	if zone < 0.5 {
		t.Fatalf("the clip covers %.2f m past frame %d: nothing to time", covered, frame)
	}
	setValue("#timing-zone", strconv.FormatFloat(zone, 'f', -1, 64))
	static := sprint.Splits(res.Frames, fps, frame, sprint.StaticStart, zone)
	t.Logf("proposed %s start at frame %d; static from frame %d, %g m zones: %+v", mode, frame-2, frame, zone, static)
	checkSplits(t, ctx, static, 2)
	run("show the card", chromedp.ScrollIntoView("#timing"))
	screenshot(t, ctx, "timing-static-1280.png")

	setValue("#timing-mode", sprint.FlyingStart)
	checkSplits(t, ctx, sprint.Splits(res.Frames, fps, frame, sprint.FlyingStart, zone), 1)

	setValue("#timing-mode", sprint.StaticStart)
	run("phone", chromedp.EmulateViewport(360, 800))
	checkFitsNow(t, ctx, "results with sprint timing", 360)
	run("show the card", chromedp.ScrollIntoView("#timing"))
	screenshot(t, ctx, "timing-static-360.png")

	// The confirmed start (confirmed, then its zone changed) is kept on
	// the server; the mode changes after it, not confirmed, are not. A
	// reload shows the kept start and its splits again.
	want := sprint.TimingStart{Mode: sprint.StaticStart, Frame: frame, ZoneM: zone, Confirmed: true}
	waitSavedTiming(t, c, id, want)
	run("reload", chromedp.Reload())
	waitFor(t, ctx, "the kept start", fmt.Sprintf(`document.querySelector("#timing-frame")?.textContent.includes("frame %d ") && document.querySelector("#timing-frame").textContent.endsWith("confirmed") && document.querySelector("#timing-zone").value == %q`,
		frame, strconv.FormatFloat(zone, 'f', -1, 64)), 90*time.Second)
	checkShown(t, ctx, "kept mode", `document.querySelector("#timing-mode").value`, sprint.StaticStart)
	checkShown(t, ctx, "saved note", `document.querySelector("#timing-saved").textContent`, "Saved with the analysis.")
	checkSplits(t, ctx, static, 2)
}

// waitSavedTiming waits until the server keeps want as the analysis's
// timing start (the page saves in the background) and checks the splits
// it answers with against the shared code's.
func waitSavedTiming(t *testing.T, c apiClient, id string, want sprint.TimingStart) {
	t.Helper()
	var got timingResponse
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		got = timingOf(t, c, id)
		if got.Saved && got.Start == want {
			return
		}
	}
	t.Fatalf("the server keeps %+v (saved %v), want %+v", got.Start, got.Saved, want)
}

// fpsOf is the analysed video's frame rate, as the results page reads it.
func fpsOf(t *testing.T, c apiClient, id string) float64 {
	t.Helper()
	resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results/raw_data", nil, "")
	var raw analysis.RawData
	if err := json.Unmarshal(b, &raw); err != nil || resp.StatusCode != 200 || raw.Info.FPS <= 0 {
		t.Fatalf("raw_data: %d %v fps %v", resp.StatusCode, err, raw.Info.FPS)
	}
	return raw.Info.FPS
}

// checkSplits compares the splits table, cell by cell, with want, which
// must have at least that many zones.
func checkSplits(t *testing.T, ctx context.Context, want sprint.Timing, least int) {
	t.Helper()
	if len(want.Splits) < least {
		t.Fatalf("the shared code gives %d zones (%+v); the test needs %d", len(want.Splits), want, least)
	}
	var rows [][]string
	for _, sp := range want.Splits {
		m := func(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }
		f := func(x float64, d int) string { return strconv.FormatFloat(x, 'f', d, 64) }
		rows = append(rows, []string{m(sp.FromM) + "–" + m(sp.ToM), f(sp.AtS, 3), f(sp.EndS, 3), f(sp.SplitS, 3), f(sp.SpeedMS, 2)})
	}
	b, _ := json.Marshal(rows)
	js := fmt.Sprintf(`JSON.stringify([...document.querySelectorAll("#timing-splits tbody tr")].map(r => [...r.cells].map(c => c.textContent.trim()))) == %q`, string(b))
	waitFor(t, ctx, fmt.Sprintf("the %s-start splits %s", want.Mode, b), js, 10*time.Second)
}
