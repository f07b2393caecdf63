package tests

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestVitalsPage: the PWA's camera-vitals page in Chromium: choose a face
// video with a 72 bpm pulse, follow the measurement, read the heart-rate
// card and see the pulse waveform.
func TestVitalsPage(t *testing.T) {
	video := faceVideo(t, 72, 15, true)
	s := startServer(t, "--rate-per-minute", "6000")
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/vitals")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the app running", `!document.getElementById("app-wasm-loader") && !!document.querySelector("#face-video")`, 30*time.Second)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#face-video", []string{video})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "vitals cards", `document.querySelectorAll(".metric .value").length >= 5`, 2*time.Minute)
	hr, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".metric .value").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	var bpm float64
	if _, err := fmt.Sscan(hr, &bpm); err != nil || math.Abs(bpm-72) > 3 {
		t.Errorf("heart-rate card %q: want 72 ± 3 bpm", hr)
	}
	if !evalBool(t, ctx, "pulse chart", `document.querySelectorAll("#pulse-chart polyline").length >= 1`) {
		t.Error("no pulse waveform")
	}
	screenshot(t, ctx, "vitals-page.png")
}
