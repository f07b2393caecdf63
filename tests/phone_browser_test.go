package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/tests/testenv"
)

// appPage is one page of the PWA as the layout test opens it: where, what
// shows that it has rendered its content, how many status badges it must
// show (so that "every badge fits" cannot pass on a page without any),
// and what else must hold at every width (empty: nothing).
type appPage struct {
	name, path, ready string
	badges            int
	also              string
}

// badgeBesideValue: in every coaching row the status badge shares a line
// with the metric's value (a table row on a desktop, a card on a phone).
const badgeBesideValue = `[...document.querySelectorAll("#coaching tr[data-metric]")].every(tr => {
	const v = tr.querySelector("td.value").getBoundingClientRect(), b = tr.querySelector(".badge").getBoundingClientRect();
	return b.top < v.bottom && b.bottom > v.top; })`

// fitProblems lists, in words, what does not fit the viewport's width: a
// document wider than the window, a status badge outside [0, innerWidth],
// a visible element past either edge, or a box that scrolls sideways
// inside the page (a table in an overflow-x wrapper keeps the document
// narrow while its last columns stay out of sight).
const fitProblems = `(() => {
	const w = window.innerWidth, out = [];
	const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().replace(/\s+/g, ".") : "");
	if (document.documentElement.scrollWidth > w) out.push("document " + document.documentElement.scrollWidth + " px wide");
	for (const b of document.querySelectorAll(".badge, .status")) {
		const r = b.getBoundingClientRect();
		if (r.left < 0 || r.right > w) out.push("badge " + JSON.stringify(b.textContent) + " at " + Math.round(r.left) + "–" + Math.round(r.right) + " px");
	}
	for (const e of document.querySelectorAll("body *")) {
		const r = e.getBoundingClientRect();
		if (r.width > 0 && r.height > 0 && (r.left < -0.5 || r.right > w + 0.5)) out.push(name(e) + " at " + Math.round(r.left) + "–" + Math.round(r.right) + " px");
		const s = getComputedStyle(e);
		if ((s.overflowX === "auto" || s.overflowX === "scroll") && e.scrollWidth > e.clientWidth + 1) out.push(name(e) + " scrolls sideways (" + e.scrollWidth + " px in " + e.clientWidth + ")");
	}
	return out.slice(0, 12);
})()`

// TestEveryPageFitsPhone: real analyses (the overground run as a run,
// twice, and as a sprint; two squats cut from the squat clip as a lift),
// then every page of the app — upload, the results of each activity with
// tables, history, compare, vitals and the embed page — at 1280 and
// 360 px: no page is wider than the window, nothing scrolls sideways
// inside it, and every status badge lies within the screen. Screenshots
// of each page at both widths go to the artifacts folder.
func TestEveryPageFitsPhone(t *testing.T) {
	needWebApp(t)
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	c := apiClient{s.URL, "Bearer " + key}
	ids := phoneAnalyses(t, c)
	token := embedToken(t, c)

	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/history")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the app running", `!document.getElementById("app-wasm-loader")`, 60*time.Second)
	setStorage(t, ctx, map[string]string{"motionlab.key": key})

	embed := url.Values{"token": {token}, "activity": {"running"}, "inference": {"server"}}
	pages := []appPage{
		{"upload", "/", `document.querySelector("#submit")?.textContent === "Analyze"`, 0, ""},
		{"results-run", "/analyses/" + ids["run"], `document.querySelectorAll("#coaching tr[data-metric]").length >= 10 && document.querySelectorAll("table.steps:not(.coaching) tbody tr").length >= 2`, 20, badgeBesideValue},
		{"results-sprint", "/analyses/" + ids["sprint"], `document.querySelectorAll(".results table.steps tbody tr").length >= 2`, 0, ""},
		{"results-lift", "/analyses/" + ids["lift"], `document.querySelectorAll(".results table.steps tbody tr").length >= 1`, 0, ""},
		{"history", "/history", `document.querySelectorAll(".history li").length >= 4`, 4, ""},
		{"compare", "/compare?a=" + ids["run"] + "&b=" + ids["run2"], `document.querySelectorAll("#compare-table tbody tr").length >= 10`, 10, ""},
		{"vitals", "/vitals", `!!document.querySelector("#face-video")`, 0, ""},
		{"embed", "/embed?" + embed.Encode(), `!!document.querySelector("#file") && !document.querySelector("#file").disabled`, 0, ""},
	}
	for _, width := range []int64{1280, 360} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			checkFits(t, ctx, s.URL, p, width)
		}
	}
}

// checkFits opens one page at one width, waits for its content, checks
// the fit and leaves a screenshot.
func checkFits(t *testing.T, ctx context.Context, base string, p appPage, width int64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+p.path)); err != nil {
		t.Fatalf("%s: %v", p.name, err)
	}
	waitFor(t, ctx, p.name+" rendered", `!document.getElementById("app-wasm-loader") && `+p.ready, 90*time.Second)
	time.Sleep(300 * time.Millisecond) // let layout settle after the last render
	checkFitsNow(t, ctx, p.name, width)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".badge, .status").length`))
	if err != nil {
		t.Fatal(err)
	}
	if n < p.badges {
		t.Errorf("%s at %d px: %d status badges, want at least %d", p.name, width, n, p.badges)
	}
	if p.also != "" && !evalBool(t, ctx, p.name, p.also) {
		t.Errorf("%s at %d px: not true: %s", p.name, width, p.also)
	}
	screenshot(t, ctx, fmt.Sprintf("phone-%s-%d.png", p.name, width))
}

// checkFitsNow fails the test when the page as it is does not fit width.
func checkFitsNow(t *testing.T, ctx context.Context, name string, width int64) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fitProblems))
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("%s at %d px does not fit the screen:\n  %s", name, width, strings.Join(problems, "\n  "))
	}
}

// phoneAnalyses uploads the analyses the layout test shows, all before
// waiting for any (the server works on them together), and returns their
// ids by name.
func phoneAnalyses(t *testing.T, c apiClient) map[string]string {
	t.Helper()
	run := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	// The squat clip lasts 20 s; the API takes 10: cut 8.3–18.2 s (two reps).
	squat := filepath.Join(t.TempDir(), "squat.mp4")
	out, err := exec.Command("ffmpeg", "-v", "error", "-ss", "8.3", "-t", "9.9", "-i", testenv.Data(t, "videos/backsquat_side_rohanx01_squat.mp4"),
		"-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", squat).CombinedOutput()
	if err != nil {
		t.Fatalf("cut the squat clip (ffmpeg): %v %s", err, out)
	}
	uploads := map[string]struct {
		video  string
		fields map[string]string
	}{
		"run":    {run, map[string]string{"height": "170", "sex": "female"}},
		"run2":   {run, map[string]string{"height": "175", "sex": "female"}},
		"sprint": {run, map[string]string{"activity": "sprint", "height": "168"}},
		"lift":   {squat, map[string]string{"activity": "lift", "exercise": "squat", "height": "175"}},
	}
	ids := map[string]string{}
	for name, u := range uploads {
		ids[name] = upload202(t, c, u.video, u.fields)
	}
	for _, id := range ids {
		c.waitDone(t, id, 4*time.Minute)
	}
	return ids
}

// embedToken mints an embed token for the key, as a partner site would.
func embedToken(t *testing.T, c apiClient) string {
	t.Helper()
	resp, b := c.do(t, http.MethodPost, "/v1/embed/tokens", strings.NewReader(`{"ttl_seconds": 600}`), "application/json")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("embed token: %d %s", resp.StatusCode, b)
	}
	var tok struct{ Token string }
	json.Unmarshal(b, &tok)
	return tok.Token
}
