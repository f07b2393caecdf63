package tests

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"motionlab/shared/analysis"
	"motionlab/tests/testenv"
)

// setStorage writes the app's local-storage settings (JSON values, as
// go-app stores them) and reloads so the app reads them.
func setStorage(t testing.TB, ctx context.Context, kv map[string]string) {
	t.Helper()
	var js strings.Builder
	for k, v := range kv {
		b, _ := json.Marshal(v)
		js.WriteString("localStorage.setItem(" + strconv.Quote(k) + "," + strconv.Quote(string(b)) + ");")
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](js.String())); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
}

// analyseInApp picks the video on the upload page, presses Analyze and
// waits for the results page; it returns the analysis id.
func analyseInApp(t testing.TB, ctx context.Context, video string, timeout time.Duration) string {
	t.Helper()
	waitFor(t, ctx, "the app running", `document.querySelector("#submit")?.textContent === "Analyze"`, 30*time.Second)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#video", []string{video})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the upload button", `!document.querySelector("#submit").disabled`, 30*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click("#submit")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the results page", `location.pathname.startsWith("/analyses/")`, timeout)
	path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(path, "/analyses/")
}

func calculatedOf(t *testing.T, c apiClient, id string) analysis.Result {
	t.Helper()
	resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results/calculated_data", nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("calculated_data of %s: %d %s", id, resp.StatusCode, b)
	}
	var r analysis.Result
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestInBrowserInferenceMatchesServer runs the Sports2D demo through the
// pose model in Chromium (onnxruntime-web, WASM backend, forced by the
// app's setting), saves the keypoints, and compares the metrics with the
// server's own analysis of the same file.
func TestInBrowserInferenceMatchesServer(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	video := testenv.Data(t, "videos/sports2d_demo.mp4")
	serverID := upload202(t, c, video, map[string]string{"activity": "running"})

	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	setStorage(t, ctx, map[string]string{"motionlab.where": "device", "motionlab.backends": "wasm"})
	start := time.Now()
	id := analyseInApp(t, ctx, video, 3*time.Minute)
	t.Logf("in-browser analysis and save: %v", time.Since(start).Round(100*time.Millisecond))
	waitFor(t, ctx, "the path note", `!!document.querySelector("#path-note")`, 30*time.Second)
	note, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#path-note").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("results page: %s", note)
	m := regexp.MustCompile(`Ran on this device: (\w+) backend, (\d+) thread\(s\), ([\d.]+) frames/s, frames by (\w+)`).FindStringSubmatch(note)
	if m == nil || m[1] != "wasm" || m[4] != "WebCodecs" {
		t.Fatalf("path note %q: want the wasm backend, frames decoded by WebCodecs (the VP9 clip)", note)
	}
	// Chromium's software decoder gives I420 planes, which the page reads
	// as they are (a ninth of the copy of having them converted to RGBA).
	if !strings.Contains(note, "WebCodecs (I420 planes)") {
		t.Errorf("path note %q: the frames were not read as the decoder's I420 planes", note)
	}
	fps, _ := strconv.ParseFloat(m[3], 64)
	t.Logf("in-browser speed: %.1f frames/s on %s thread(s) (1768×994, wasm)", fps, m[2])
	// The note counts the landmark-model runs (the browser's main cost):
	// at least one a frame of the clip's 230 while someone is tracked.
	if r := regexp.MustCompile(`(\d+) landmark runs`).FindStringSubmatch(note); r == nil {
		t.Errorf("path note %q: no landmark-run count", note)
	} else if n, _ := strconv.Atoi(r[1]); n < 200 {
		t.Errorf("path note %q: %d landmark runs for 230 frames", note, n)
	}
	// Going back for the walker reads the clip again to where she was
	// found (frame 60); the way back over her one-frame loss at 174 (the
	// server's tracking; the browser's decoder gives other pixels) comes
	// from the frames the Lookback held, not from reading to it again.
	if r := regexp.MustCompile(`(\d+) frames read again`).FindStringSubmatch(note); r == nil {
		t.Errorf("path note %q: no count of the frames read again", note)
	} else if n, _ := strconv.Atoi(r[1]); n < 30 || n > 100 {
		t.Errorf("path note %q: %d frames read again, want the walker's first way back's (to frame 60) only", note, n)
	}
	// The browser computed the metrics itself too (same shared code).
	here := regexp.MustCompile(`; (\d+) steps, cadence ([\d.]+)/min`).FindStringSubmatch(note)
	if here == nil {
		t.Fatalf("path note %q: no metrics computed in the browser", note)
	}
	waitFor(t, ctx, "metric cards", `document.querySelectorAll(".metric .value").length >= 8`, time.Minute)
	if !evalBool(t, ctx, "source note", `document.querySelector("#source")?.textContent.includes("Analysed in this browser")`) {
		t.Error("the results page does not say the analysis ran in the browser")
	}
	screenshot(t, ctx, "inbrowser-results.png")

	c.waitDone(t, serverID, 3*time.Minute)
	_, sb := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
	if !strings.Contains(string(sb), `"source":"browser"`) {
		t.Errorf("browser analysis results %s: want source browser", sb)
	}
	local, remote := calculatedOf(t, c, id), calculatedOf(t, c, serverID)
	if local.Result == nil || remote.Result == nil || local.Result.SideView == nil || remote.Result.SideView == nil {
		t.Fatalf("missing side-view metrics: browser %+v server %+v", local.Result, remote.Result)
	}
	lm, rm := local.Result.SideView.Metrics, remote.Result.SideView.Metrics
	t.Logf("browser: %d steps, cadence %.1f; server: %d steps, cadence %.1f", len(lm.Steps), lm.Cadence, len(rm.Steps), rm.Cadence)
	if len(lm.Steps) != len(rm.Steps) {
		t.Errorf("browser found %d steps, server %d", len(lm.Steps), len(rm.Steps))
	}
	if here[1] != strconv.Itoa(len(lm.Steps)) || here[2] != strconv.FormatFloat(math.Round(lm.Cadence*10)/10, 'f', 1, 64) {
		t.Errorf("metrics computed in the browser (%s steps, cadence %s) differ from the server's on the saved keypoints (%d, %.1f)",
			here[1], here[2], len(lm.Steps), lm.Cadence)
	}
	if math.Abs(lm.Cadence-rm.Cadence) > 0.01*rm.Cadence {
		t.Errorf("cadence: browser %.2f, server %.2f (over 1%% apart)", lm.Cadence, rm.Cadence)
	}
}

// TestBrokenModelFallsBackToServer: in auto mode a model that cannot load
// hands the video to the server, the page says so, and the analysis ends.
func TestBrokenModelFallsBackToServer(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000")
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	setStorage(t, ctx, map[string]string{"motionlab.where": "auto", "motionlab.models": "/web/no-such-models/"})
	id := analyseInApp(t, ctx, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), 2*time.Minute)
	waitFor(t, ctx, "metric cards", `document.querySelectorAll(".metric .value").length >= 4`, 3*time.Minute)
	note, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#path-note")?.textContent || ""`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "Sent to the server") || !strings.Contains(note, "HTTP 404") {
		t.Errorf("path note %q: want the server fallback and the model's 404", note)
	}
	_, b := apiClient{url: s.URL}.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
	if !strings.Contains(string(b), `"source":"server"`) {
		t.Errorf("results %s: want source server", b)
	}
}

// TestUnsavedBrowserAnalysisShowsLocally: when the keypoints cannot be
// saved (the request is blocked, as when the network drops), the results
// computed in the browser still show, marked as unsaved.
func TestUnsavedBrowserAnalysisShowsLocally(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000")
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	setStorage(t, ctx, map[string]string{"motionlab.where": "device", "motionlab.backends": "wasm"})
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{
		URLPatterns: []*network.BlockPattern{{URLPattern: s.URL + "/v1/analyses/keypoints", Block: true}},
	}); err != nil {
		t.Fatal(err)
	}
	id := analyseInApp(t, ctx, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), 2*time.Minute)
	waitFor(t, ctx, "metric cards", `document.querySelectorAll(".metric .value").length >= 4`, time.Minute)
	note, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#path-note")?.textContent || ""`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "Not saved") || !strings.Contains(note, "steps") {
		t.Errorf("path note %q: want the local metrics, marked not saved", note)
	}
	resp, _ := apiClient{url: s.URL}.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("the unsaved analysis %s is on the server (%d)", id, resp.StatusCode)
	}
}

// TestInBrowserH264MatchesServer: an H.264 clip (the overground runner)
// decoded by WebCodecs from its sample table gives the browser the steps
// and cadence the server finds in the same file.
func TestInBrowserH264MatchesServer(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	video := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	serverID := upload202(t, c, video, map[string]string{"activity": "running"})
	ctx := browser(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	setStorage(t, ctx, map[string]string{"motionlab.where": "device", "motionlab.backends": "wasm"})
	id := analyseInApp(t, ctx, video, 3*time.Minute)
	waitFor(t, ctx, "the path note", `!!document.querySelector("#path-note")`, 30*time.Second)
	note, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#path-note").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "frames by WebCodecs") {
		t.Fatalf("path note %q: want frames decoded by WebCodecs", note)
	}
	c.waitDone(t, serverID, 3*time.Minute)
	local, remote := calculatedOf(t, c, id), calculatedOf(t, c, serverID)
	if local.Result == nil || remote.Result == nil || local.Result.SideView == nil || remote.Result.SideView == nil {
		t.Fatalf("missing side-view metrics: browser %+v server %+v", local.Result, remote.Result)
	}
	lm, rm := local.Result.SideView.Metrics, remote.Result.SideView.Metrics
	t.Logf("%s; browser: %d steps, cadence %.1f; server: %d steps, cadence %.1f", note, len(lm.Steps), lm.Cadence, len(rm.Steps), rm.Cadence)
	if len(rm.Steps) == 0 || len(lm.Steps) != len(rm.Steps) || math.Abs(lm.Cadence-rm.Cadence) > 0.01*rm.Cadence {
		t.Errorf("browser %d steps at %.2f/min, server %d at %.2f/min", len(lm.Steps), lm.Cadence, len(rm.Steps), rm.Cadence)
	}
}

// TestInBrowserFollowsAPanningCamera: the browser estimates the camera's
// motion itself (shared/camera) where the analysis reads it, so a sprint
// filmed by a camera that pans after the runner is timed against the
// ground as on the server. Without it the browser found none of the
// panning sprint's 50 annotated contacts (the stance foot moves in the
// picture at the camera's speed) and called it a standing start at 13.8 s.
// Both the browser's and the server's analysis of the same copy are scored
// against the hand annotation.
func TestInBrowserFollowsAPanningCamera(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	// The upload limit is 10 s: 9.9 s from the keyframe at frame 159
	// (5.48 s), the stream copied (the same pixels on every machine; a
	// re-encode differs with the CPU), the sprinter running throughout.
	const first = 159
	video := filepath.Join(t.TempDir(), "pan.mp4")
	if b, err := exec.Command("ffmpeg", "-v", "error", "-ss", "5.482759", "-i", testenv.Data(t, "videos/sprint_side_pan_sports2d_demo2.mp4"),
		"-t", "9.9", "-an", "-c:v", "copy", video).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, b)
	}
	serverID := upload202(t, c, video, map[string]string{"activity": "sprint"})
	ctx := browser(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	setStorage(t, ctx, map[string]string{"motionlab.where": "device", "motionlab.backends": "wasm"})
	waitFor(t, ctx, "the app running", `document.querySelector("#submit")?.textContent === "Analyze"`, 30*time.Second)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`(s => { s.value = "sprint"; s.dispatchEvent(new Event("change", {bubbles: true})); })(document.querySelector("#activity"))`)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	id := analyseInApp(t, ctx, video, 4*time.Minute)
	t.Logf("in-browser analysis of the panning sprint: %v", time.Since(start).Round(100*time.Millisecond))
	c.waitDone(t, serverID, 4*time.Minute)
	local, remote := calculatedOf(t, c, id), calculatedOf(t, c, serverID)
	if local.Activity != "sprint" || local.Sprint == nil || remote.Sprint == nil {
		t.Fatalf("want two sprint analyses: browser %q %+v, server %+v", local.Activity, local.Sprint, remote.Sprint)
	}
	lr, rr := local.Sprint.Result, remote.Sprint.Result
	// Both scored against the hand annotation over the copied frames.
	set, fps := panSprintTruth(t, first, 287)
	lc, rc := sprintContacts(set, fps, lr), sprintContacts(set, fps, rr)
	t.Logf("contacts found/annotated (+invented): browser %d/%d (+%d), top %.2f m/s, start %+v; server %d/%d (+%d), top %.2f m/s, start %+v",
		lc.Found, lc.Truth, lc.Invented, lr.MaxSpeedMS, lr.Start, rc.Found, rc.Truth, rc.Invented, rr.MaxSpeedMS, rr.Start)
	if lc.Found < rc.Found-2 || lc.Found < lc.Truth*2/3 || lc.Invented > rc.Invented+1 {
		t.Errorf("browser: %d of %d annotated contacts found (+%d invented); server %d (+%d)", lc.Found, lc.Truth, lc.Invented, rc.Found, rc.Invented)
	}
	if lr.MaxSpeedMS < 7 || lr.MaxSpeedMS > 12 {
		t.Errorf("browser: top speed %.2f m/s, not a sprinter's (7–12)", lr.MaxSpeedMS)
	}
}
