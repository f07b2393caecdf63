package tests

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/tests/testenv"
)

// TestExactTrimReencodes: a 13 s clip whose only keyframes are at 0 and
// 10 s (a keyframe cut would start at 0), with B-frames, cut to 3–11 s in
// the upload page: the app re-encodes it with WebCodecs from exactly 3 s
// and says so, and the server gets 8 s — 240 frames, the first of them the
// source's frame 90 (each frame carries its number, mod 50, as the grey
// level of a square). Then a VP9 clip cropped in the page is re-encoded at
// the crop's size.
func TestExactTrimReencodes(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "sparse13.mp4")
	walk := testenv.Data(t, "videos/walk_side_sports2d_demo4.mp4")
	mark := "geq=lum='if(lt(X,32)*lt(Y,32),16+4*mod(N,50),lum(X,Y))':cb='cb(X,Y)':cr='cr(X,Y)'"
	if b, err := exec.Command("ffmpeg", "-v", "error", "-i", walk, "-i", walk, "-filter_complex",
		"[0:v][1:v]concat=n=2:v=1,scale=640:-2,fps=30,"+mark+"[v]", "-map", "[v]", "-t", "13",
		"-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-g", "300", "-keyint_min", "300", "-sc_threshold", "0", "-bf", "2", long).CombinedOutput(); err != nil {
		t.Fatalf("make the 13 s clip (ffmpeg): %v %s", err, b)
	}
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	ctx := browser(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the upload page", `document.querySelector("#submit")?.textContent === "Analyze"`, 90*time.Second)
	if _, err := chromedp.Run(ctx, chromedp.SetUploadFiles("#video", []string{long})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the trim fields", `document.querySelector("#trim")?.open && !!document.querySelector("#trim-start")`, 20*time.Second)
	for sel, v := range map[string]string{"#trim-start": "3", "#trim-end": "11"} {
		if err := chromedp.Do(ctx, chromedp.SetValue(sel, v),
			chromedp.Evaluate[chromedp.Void](`document.querySelector("`+sel+`").dispatchEvent(new Event("change"))`)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Click("#trim-apply")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the cut", `!!document.querySelector("#trim-done") || !!document.querySelector("#trim-problem")`, 2*time.Minute)
	note, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("#trim-done") || document.querySelector("#trim-problem")).textContent`))
	if !strings.Contains(note, "Cut exactly and re-encoded (H.264) on this device: 8.0 s kept, 3.0–11.0 s") {
		t.Fatalf("the trim says %q", note)
	}
	screenshot(t, ctx, "trim-exact-1280.png")
	id := submitOnServer(t, ctx)
	c.waitDone(t, id, 4*time.Minute)
	raw, _ := rawData(t, c, id)
	if i := raw.Info; math.Abs(i.Duration-8) > 0.05 || i.Frames != 240 || i.Width != 640 {
		t.Errorf("the server got %.3f s, %d frames, %d×%d; want 8 s, 240 frames, 640 wide", i.Duration, i.Frames, i.Width, i.Height)
	}
	_, body := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
	var res struct {
		VideoURL string `json:"video_url"`
	}
	if err := json.Unmarshal(body, &res); err != nil || res.VideoURL == "" {
		t.Fatalf("results without a video link: %s", body)
	}
	r, video := c.do(t, http.MethodGet, res.VideoURL, nil, "")
	if r.StatusCode != 200 {
		t.Fatalf("video link: %d", r.StatusCode)
	}
	up := filepath.Join(dir, "uploaded.mp4")
	if err := os.WriteFile(up, video, 0o644); err != nil {
		t.Fatal(err)
	}
	checkVP9CropReencodes(t, ctx, c, s.URL)

	// Each uploaded frame's square is closest to the source frame 90 later
	// than to that frame's neighbours.
	for _, k := range []int{0, 1, 239} {
		got := frameMark(t, up, k)
		want, before, after := frameMark(t, long, 90+k), frameMark(t, long, 89+k), frameMark(t, long, 91+k)
		if d := math.Abs(got - want); d >= math.Abs(got-before) || d >= math.Abs(got-after) {
			t.Errorf("uploaded frame %d's mark %.1f; the source's frames %d, %d, %d: %.1f, %.1f, %.1f", k, got, 89+k, 90+k, 91+k, before, want, after)
		}
	}
}

// frameMark is the mean grey level of frame k's top-left square: the test
// clip's frame number (mod 50), some 4–5 levels per frame.
func frameMark(t *testing.T, path string, k int) float64 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-vf", "select=eq(n\\,"+strconv.Itoa(k)+"),crop=16:16:8:8,format=gray",
		"-frames:v", "1", "-f", "rawvideo", "-").Output()
	if err != nil || len(out) != 256 {
		t.Fatalf("frame %d of %s: %v (%d bytes)", k, path, err, len(out))
	}
	sum := 0
	for _, v := range out {
		sum += int(v)
	}
	return float64(sum) / 256
}

// checkVP9CropReencodes crops the Sports2D demo (VP9: no cropping window
// to rewrite) in the upload page: the app re-encodes it as H.264 at the
// crop's size, says so, and the server gets every frame at that size.
func checkVP9CropReencodes(t *testing.T, ctx context.Context, c apiClient, base string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the upload page", `document.querySelector("#submit")?.textContent === "Analyze"`, 90*time.Second)
	if _, err := chromedp.Run(ctx, chromedp.SetUploadFiles("#video", []string{testenv.Data(t, "videos/sports2d_demo.mp4")})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the trim part", `!!document.querySelector("#trim")`, 20*time.Second)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#trim").open = true`), chromedp.Click("#trim-crop")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the crop fields", `!!document.querySelector("#trim-h")`, 5*time.Second)
	for sel, v := range map[string]string{"#trim-x": "100", "#trim-y": "294", "#trim-w": "1600", "#trim-h": "700"} {
		if err := chromedp.Do(ctx, chromedp.SetValue(sel, v),
			chromedp.Evaluate[chromedp.Void](`document.querySelector("`+sel+`").dispatchEvent(new Event("change"))`)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Click("#trim-apply")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the cut", `!!document.querySelector("#trim-done") || !!document.querySelector("#trim-problem")`, 3*time.Minute)
	note, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("#trim-done") || document.querySelector("#trim-problem")).textContent`))
	if !strings.Contains(note, "re-encoded (H.264)") || !strings.Contains(note, "cropped to 1600×700 at (100, 294)") {
		t.Fatalf("the VP9 crop says %q", note)
	}
	id := submitOnServer(t, ctx)
	c.waitDone(t, id, 4*time.Minute)
	raw, _ := rawData(t, c, id)
	if i := raw.Info; i.Frames != 230 || i.Width != 1600 || i.Height != 700 {
		t.Errorf("the server got %d frames of %d×%d; want the demo's 230 at 1600×700", i.Frames, i.Width, i.Height)
	}
}
