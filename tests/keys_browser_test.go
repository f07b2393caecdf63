package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestResultsReviewKeys: on a real run's results page, ] and [ go to the
// next and previous contact the server found (its contact frames), → and
// ← step one frame, space plays and pauses, the help line names the keys;
// at 360 px the same actions are buttons a thumb can tap, and the page
// still fits. Screenshots at 1280 and 360 px.
func TestResultsReviewKeys(t *testing.T) {
	s, c, id := analysedRun(t, map[string]string{"height": "170"})
	contacts, fps := contactFrames(t, c, id)
	if len(contacts) < 2 {
		t.Fatalf("the run has %d contacts; the test needs two", len(contacts))
	}

	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/analyses/"+id)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the video and the review buttons", `document.querySelector("#video")?.readyState >= 2 && !!document.querySelector("#next-contact")`, 90*time.Second)
	if !evalBool(t, ctx, "help line", `["←", "→", "space", "[", "]"].every(k => document.querySelector("#keys-help").textContent.includes(k))`) {
		t.Error("the help line does not name every key")
	}
	at := func(what string, frame int) {
		t.Helper()
		waitFor(t, ctx, fmt.Sprintf("%s: frame %d", what, frame), fmt.Sprintf(`(() => { const v = document.querySelector("#video");
			return !v.seeking && v.paused && Math.round(v.currentTime * %g) === %d && document.querySelector("#frame").textContent.startsWith("Frame %d "); })()`, fps, frame, frame), 10*time.Second)
	}
	key := func(k string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatal(err)
		}
	}
	key("]")
	at("] from the start", contacts[0])
	key("]")
	at("] again", contacts[1])
	key("[")
	at("[ back", contacts[0])
	key(kb.ArrowRight)
	at("→", contacts[0]+1)
	key(kb.ArrowLeft)
	key(kb.ArrowLeft)
	at("← twice", contacts[0]-1)
	key(" ")
	waitFor(t, ctx, "space plays", `!document.querySelector("#video").paused`, 5*time.Second)
	key(" ")
	waitFor(t, ctx, "space pauses", `document.querySelector("#video").paused`, 5*time.Second)
	screenshot(t, ctx, "keys-results-1280.png")

	// A phone: the same actions by tapping, and the page still fits.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800)); err != nil {
		t.Fatal(err)
	}
	tap := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
			t.Fatalf("tap %s: %v", sel, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(v => { v.pause(); v.currentTime = 0; })(document.querySelector("#video"))`)); err != nil {
		t.Fatal(err)
	}
	at("back to the start", 0)
	tap("#next-contact")
	at("» tapped", contacts[0])
	tap("#next-frame")
	at("› tapped", contacts[0]+1)
	tap("#next-contact")
	at("» tapped again", contacts[1])
	tap("#prev-frame")
	at("‹ tapped", contacts[1]-1)
	tap("#prev-contact")
	at("« tapped", contacts[0])
	// Space on a focused review button still plays (it does not press it).
	key(" ")
	waitFor(t, ctx, "space after a tap plays", `!document.querySelector("#video").paused`, 5*time.Second)
	tap("#play")
	waitFor(t, ctx, "play / pause tapped", `document.querySelector("#video").paused`, 5*time.Second)
	checkFitsNow(t, ctx, "results with review buttons", 360)
	screenshot(t, ctx, "keys-results-360.png")
}

// contactFrames are a side-view run's contact frames and the clip's frame
// rate, from the API.
func contactFrames(t *testing.T, c apiClient, id string) ([]int, float64) {
	t.Helper()
	calc := calculatedOf(t, c, id)
	if calc.Result == nil || calc.Result.SideView == nil {
		t.Fatalf("analysis %s has no side view", id)
	}
	var frames []int
	for _, s := range calc.Result.Metrics.Steps {
		frames = append(frames, s.Contact.Contact)
	}
	slices.Sort(frames)
	resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results/raw_data", nil, "")
	var raw struct {
		Info struct {
			FPS float64 `json:"fps"`
		} `json:"video_input_information"`
	}
	if err := json.Unmarshal(b, &raw); err != nil || resp.StatusCode != 200 || raw.Info.FPS <= 0 {
		t.Fatalf("raw_data: %d %v", resp.StatusCode, err)
	}
	return frames, raw.Info.FPS
}
