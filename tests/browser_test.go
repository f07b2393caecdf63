package tests

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"motionlab/shared/advice"
	"motionlab/tests/testenv"
)

// artifactsDir is where browser screenshots go: $ARTIFACTS, or
// tests/artifacts (git-ignored).
func artifactsDir(t *testing.T) string {
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(testenv.Root(t), "tests", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser starts Debian's headless Chromium (never a downloaded one).
func browser(t testing.TB) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed (make setup installs Debian's chromium): %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// Page errors and console warnings are kept and logged if the test
	// fails: a failing browser test should say why.
	var mu sync.Mutex
	var console []string
	listen := chromedp.WithListener(func(ev any) {
		var line string
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type != runtime.ConsoleAPICalledTypeError && e.Type != runtime.ConsoleAPICalledTypeWarning {
				return
			}
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			line = fmt.Sprintf("console %s: %s", e.Type, strings.Join(parts, " "))
		case *runtime.EventExceptionThrown:
			line = fmt.Sprintf("page exception: %s %v", e.ExceptionDetails.Text, e.ExceptionDetails.Exception)
		default:
			return
		}
		mu.Lock()
		console = append(console, line)
		mu.Unlock()
	})
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if t.Failed() && len(console) > 0 {
			t.Logf("browser console:\n%s", strings.Join(console, "\n"))
		}
	})
	ctx, cancel2 := chromedp.NewContext(actx, listen)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 6*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(artifactsDir(t), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

func evalBool(t testing.TB, ctx context.Context, what, js string) bool {
	t.Helper()
	// Any value, or a promise of one, read as a boolean.
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Promise.resolve("+js+").then(v => !!v)", chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return ok
}

// waitFor polls a JS condition.
func waitFor(t testing.TB, ctx context.Context, what, js string, timeout time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(timeout); ; {
		if evalBool(t, ctx, what, js) {
			return
		}
		if time.Now().After(deadline) {
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			t.Fatalf("timed out waiting for %s; the page says:\n%s", what, text)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// TestWebAppAnalysis: the real server and the real app in Chromium: upload
// the Sports2D demo, follow the analysis, check the results page (metric
// numbers, the skeleton drawn over the video, the chart), screenshot it at
// desktop and phone widths, then stop the server and reload: the service
// worker still shows the app shell.
func TestWebAppAnalysis(t *testing.T) {
	needWebApp(t)
	s := startServer(t, "--rate-per-minute", "6000")
	ctx := browser(t)
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	// The page is pre-rendered; the button says "Warming up…" until the
	// app runs in the browser and /health answers 200.
	waitFor(t, ctx, "the app running", `document.querySelector("#submit")?.textContent === "Analyze"`, 30*time.Second)
	t.Logf("time to interactive (app running, server healthy): %v", time.Since(start).Round(10*time.Millisecond))
	if evalBool(t, ctx, "button state", `!document.querySelector("#submit").disabled`) {
		t.Error("the upload button is enabled before a file is chosen")
	}
	// A file the API would refuse is refused here with the API's words.
	bad := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(bad, []byte("not a video"), 0o644)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#video", []string{bad})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the file-type message", `(document.querySelector(".error")||{}).textContent?.includes("unsupported file type")`, 10*time.Second)
	video := testenv.Data(t, "videos/sports2d_demo.mp4")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#video", []string{video})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "duration read from the video", `document.querySelector(".drop span").textContent.includes(" s")`, 20*time.Second)
	waitFor(t, ctx, "the upload button", `!document.querySelector("#submit").disabled`, 30*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click("#submit")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the results page", `location.pathname.startsWith("/analyses/")`, 60*time.Second)
	waitFor(t, ctx, "metric cards", `document.querySelectorAll(".metric .value").length >= 8`, 3*time.Minute)
	values, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".metric .value")].map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	numbers := 0
	for _, v := range values {
		var f float64
		if _, err := fmt.Sscan(v, &f); err == nil {
			numbers++
		}
	}
	if numbers < 6 {
		t.Errorf("metric cards %q: want numbers", values)
	}
	if !evalBool(t, ctx, "chart", `document.querySelectorAll("#angle-chart polyline").length >= 2`) {
		t.Error("no angle chart")
	}
	// Seek to a frame where she is in view: the canvas gets the skeleton.
	waitFor(t, ctx, "video metadata", `document.querySelector("#video").readyState >= 1`, 30*time.Second)
	chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#video").currentTime = 3.4`))
	waitFor(t, ctx, "skeleton drawn on the canvas", `(() => {
		const c = document.querySelector("#overlay"); if (!c.width) return false;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
		return n > 500; })()`, 20*time.Second)
	screenshot(t, ctx, "webapp-results-desktop.png")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if evalBool(t, ctx, "no horizontal scroll at 360 px", `document.documentElement.scrollWidth > 370`) {
		t.Error("the page scrolls sideways at 360 px")
	}
	screenshot(t, ctx, "webapp-results-360.png")

	// PWA: a valid manifest, a registered service worker, and the app
	// shell from its cache once the server is gone.
	if !evalBool(t, ctx, "manifest", `fetch("/manifest.webmanifest").then(r => r.json()).then(m =>
		m.name && m.start_url && m.display === "standalone" &&
		["192x192", "512x512"].every(s => m.icons.some(i => i.sizes === s)))`) {
		t.Error("the web manifest lacks name, start_url, standalone display or 192/512 icons")
	}
	waitFor(t, ctx, "service worker", `navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))`, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/history")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "history list", `document.querySelectorAll(".history li").length >= 1`, 30*time.Second)
	s.cmd.Process.Kill()
	time.Sleep(300 * time.Millisecond)
	// The start page comes from the service worker's cache; moving within
	// the app needs no server.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatalf("offline start page: %v", err)
	}
	waitFor(t, ctx, "app shell offline", `!!document.querySelector(".brand") && !!document.querySelector("#video")`, 30*time.Second)
	// Once app.wasm runs (its loader is gone) go-app handles the link in
	// the page; the page may still re-render, so click by script, again
	// until the history page shows.
	waitFor(t, ctx, "in-app navigation to history", `!document.getElementById("app-wasm-loader") &&
		(location.pathname === "/history" || (document.querySelector('nav a[href="/history"]').click(), false))`, 30*time.Second)
	waitFor(t, ctx, "cached history offline", `document.querySelectorAll(".history li").length >= 1`, 30*time.Second)
	waitFor(t, ctx, "the offline note", `document.body.innerText.includes("Offline")`, 30*time.Second)
	screenshot(t, ctx, "webapp-history-offline-360.png")
}

// needWebApp fails the test when the web app is not built.
func needWebApp(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(testenv.Root(t), "public", "web", "app.wasm.br")); err != nil {
		t.Fatalf("the web app is not built (make wasm): %v", err)
	}
}

// runner returns a function that runs chromedp actions in ctx and fails
// the test, saying what it was doing, when one fails.
func runner(t *testing.T, ctx context.Context) func(what string, actions ...chromedp.Action[chromedp.Void]) {
	return func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// analysedRun starts a server for a browser test (polling is not under
// test: a high rate limit) and analyses the overground run clip with
// fields; it returns the server, a client and the finished analysis's id.
func analysedRun(t *testing.T, fields map[string]string) (*server, apiClient, string) {
	t.Helper()
	needWebApp(t)
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	id := upload202(t, c, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), fields)
	c.waitDone(t, id, 3*time.Minute)
	return s, c, id
}

// The results page of an analysis that found nothing (a man standing
// still, analysed as a run and as a sprint) says so in the request's
// language, shows no metric as a number, no score and no advice, and
// never calls anything good.
func TestWebAppNothingFound(t *testing.T) {
	needWebApp(t)
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	clip := standingClip(t)
	ctx := browser(t)
	run := runner(t, ctx)
	for _, tc := range []struct{ activity, lang string }{{"running", "de"}, {"sprint", "fr"}} {
		id := upload202(t, c, clip, map[string]string{"activity": tc.activity, "language": tc.lang, "height": "175"})
		c.waitDone(t, id, 3*time.Minute)
		run("open the results", chromedp.Navigate(s.URL+"/analyses/"+id))
		want := advice.Label(tc.lang, "reason.no_contact")
		waitFor(t, ctx, tc.activity+": the outcome", `document.querySelector("#outcome-message")?.textContent === `+strconv.Quote(want), 60*time.Second)
		if !evalBool(t, ctx, "the count", `document.querySelector("#outcome .metric .value")?.textContent === "0"`) {
			t.Errorf("%s: the outcome does not show the count 0", tc.activity)
		}
		if !evalBool(t, ctx, "the advice section's reason", `document.querySelector("#outcome-reason")?.textContent.startsWith(`+strconv.Quote(want)+`)`) {
			t.Errorf("%s: the advice section does not say why", tc.activity)
		}
		if evalBool(t, ctx, "advice items", `document.querySelectorAll(".advice li").length > 0`) {
			t.Errorf("%s: advice shown for nothing", tc.activity)
		}
		values, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".metric")].filter(e => !e.closest("#outcome")).map(e => e.textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			if strings.Contains(v, "Score") || strings.Contains(v, "Ground contact") && !strings.Contains(v, "–") {
				t.Errorf("%s: metric card %q for nothing measured", tc.activity, v)
			}
		}
		good, err := advice.RecommendFor(tc.activity, tc.lang, nil, 5) // what "nothing to improve" says
		if err != nil {
			t.Fatal(err)
		}
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		for _, g := range good {
			if strings.Contains(body, g.Title) {
				t.Errorf("%s: the page says %q with nothing found", tc.activity, g.Title)
			}
		}
		screenshot(t, ctx, "webapp-nothing-found-"+tc.activity+".png")
	}
}
