package tests

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/shared/stats"
	"motionlab/tests/testenv"
)

// BenchmarkInBrowser analyses the Sports2D demo in headless Chromium
// (WASM backend, the app's own runner) with frames decoded by WebCodecs,
// and right after it runs the peer, MediaPipe's own PoseLandmarker, on the
// same clip (runPeer): the pair is timed back to back, so that the box's
// load drifts as little as possible between the two, and each iteration
// gives one app/peer ratio (make bench-browser runs three and reports
// their median). The app's fallback, frames grabbed by seeking a <video>,
// runs once, for the WebCodecs/seek ratio.
func BenchmarkInBrowser(b *testing.B) {
	s := startServer(b, "--rate-per-minute", "6000")
	video := testenv.Data(b, "videos/sports2d_demo.mp4")
	app := func(decoder string) float64 {
		ctx := browser(b)
		if _, err := chromedp.Run(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
			b.Fatal(err)
		}
		setStorage(b, ctx, map[string]string{"motionlab.where": "device", "motionlab.backends": "wasm", "motionlab.decoder": decoder})
		analyseInApp(b, ctx, video, 10*time.Minute)
		waitFor(b, ctx, "the path note", `!!document.querySelector("#path-note")`, 30*time.Second)
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#path-note").textContent`))
		if err != nil {
			b.Fatal(err)
		}
		m := pathNote.FindStringSubmatch(text)
		if m == nil {
			b.Fatalf("path note %q", text)
		}
		if want := map[string]string{"webcodecs": "WebCodecs", "seek": "seeking"}[decoder]; m[2] != want {
			b.Fatalf("asked for %s, the note says frames by %s", decoder, m[2])
		}
		f, _ := strconv.ParseFloat(m[1], 64)
		return f
	}
	var webcodecs, peer, ratios []float64
	for b.Loop() {
		w := app("webcodecs")
		p := runPeer(b, video)
		b.Logf("in-browser: %.1f frames/s (WebCodecs), peer (MediaPipe tasks-vision PoseLandmarker, CPU): %.1f frames/s, pose in %d of %d frames: %.2f×", w, p.FPS, p.Found, p.Frames, w/p.FPS)
		webcodecs, peer, ratios = append(webcodecs, w), append(peer, p.FPS), append(ratios, w/p.FPS)
	}
	seek := app("seek")
	b.Logf("in-browser, frames by seeking: %.1f frames/s", seek)
	b.ReportMetric(stats.Median(webcodecs), "webcodecs-frames/s")
	b.ReportMetric(seek, "seek-frames/s")
	b.ReportMetric(stats.Median(peer), "peer-frames/s")
	b.ReportMetric(stats.Median(webcodecs)/seek, "webcodecs/seek")
	b.ReportMetric(stats.Median(ratios), "webcodecs/peer")
}

// pathNote is the results page's note on how the analysis ran.
var pathNote = regexp.MustCompile(`([\d.]+) frames/s, frames by (\w+)`)
