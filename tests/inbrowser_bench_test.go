package tests

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/tests/testenv"
)

// BenchmarkInBrowser analyses the Sports2D demo in headless Chromium
// (WASM backend, the app's own runner) with frames decoded by WebCodecs
// and, in the same run, by seeking a <video> (the app's fallback), and
// reports each path's frames/s from the results page, beside the peer:
// MediaPipe's own PoseLandmarker on the same clip (runPeer), and the
// ratio of the app's WebCodecs path to it (make bench-browser).
func BenchmarkInBrowser(b *testing.B) {
	s := startServer(b, "--rate-per-minute", "6000")
	video := testenv.Data(b, "videos/sports2d_demo.mp4")
	note := regexp.MustCompile(`([\d.]+) frames/s, frames by (\w+)`)
	fps := map[string]float64{}
	for b.Loop() {
		for _, decoder := range []string{"webcodecs", "seek"} {
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
			m := note.FindStringSubmatch(text)
			if m == nil {
				b.Fatalf("path note %q", text)
			}
			want := map[string]string{"webcodecs": "WebCodecs", "seek": "seeking"}[decoder]
			if m[2] != want {
				b.Fatalf("asked for %s, the note says frames by %s", decoder, m[2])
			}
			f, _ := strconv.ParseFloat(m[1], 64)
			fps[decoder] += f
		}
		p := runPeer(b, video)
		b.Logf("in-browser: %.1f frames/s (WebCodecs), peer (MediaPipe tasks-vision PoseLandmarker, CPU): %.1f frames/s, pose in %d of %d frames", fps["webcodecs"], p.FPS, p.Found, p.Frames)
		fps["peer"] += p.FPS
	}
	n := float64(b.N)
	b.ReportMetric(fps["webcodecs"]/n, "webcodecs-frames/s")
	b.ReportMetric(fps["seek"]/n, "seek-frames/s")
	b.ReportMetric(fps["peer"]/n, "peer-frames/s")
	b.ReportMetric(fps["webcodecs"]/fps["seek"], "webcodecs/seek")
	b.ReportMetric(fps["webcodecs"]/fps["peer"], "webcodecs/peer")
}
