package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/shared/analysis"
	"motionlab/tests/testenv"
)

// The test frame's geometry: two red marks 400 px apart drawn with ffmpeg
// into the Sports2D run (480×352), called 2 m: 200 px/m.
const (
	markY, markX1, markX2 = 320, 40, 440
	markMetres            = 2.0
)

// TestCalibrationLineInBrowser: the coach taps the two marks on the paused
// frame (the taps land on them), types their exact pixels and the length,
// and the page, the stored analysis and the server's code agree on the
// scale (200 px/m) and the metres it gives; the results page says where
// the scale comes from before and after. Bad lines are refused with
// invalid_calibration. Screenshots at 1280 and 360 px.
func TestCalibrationLineInBrowser(t *testing.T) {
	needWebApp(t)
	clip := calibrationClip(t)
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	checkUploadRefusesLine(t, c, clip)
	id := upload202(t, c, clip, map[string]string{"height": "170"})
	c.waitDone(t, id, 3*time.Minute)
	byHeight := calculatedOf(t, c, id)

	ctx := browser(t)
	run := runner(t, ctx)
	run("open the results", chromedp.Navigate(s.URL+"/analyses/"+id))
	waitFor(t, ctx, "the video and the scale", `document.querySelector("#video")?.readyState >= 2 && !!document.querySelector("#calibrate")`, 90*time.Second)
	checkShown(t, ctx, "scale before", `document.querySelector("#scale-source").textContent`,
		fmt.Sprintf("Scale: from height 170 cm (%.1f px/m)", byHeight.Scale.PixelsPerMetre))
	if !evalBool(t, ctx, "the marks on the frame", fmt.Sprintf(`(() => { const v = document.querySelector("#video"), c = document.createElement("canvas");
		c.width = v.videoWidth; c.height = v.videoHeight; const g = c.getContext("2d"); g.drawImage(v, 0, 0);
		return [[%d, %d], [%d, %d]].every(([x, y]) => { const p = g.getImageData(x, y, 1, 1).data; return p[0] > 150 && p[1] < 90 && p[2] < 90; }); })()`, markX1, markY, markX2, markY)) {
		t.Fatal("the test frame does not show the red marks where they were drawn")
	}
	run("calibrate", chromedp.Click("#calibrate"))
	waitFor(t, ctx, "the keypoints", `!!document.querySelector("#cal-save") && !document.querySelector("#cal-save").disabled`, 30*time.Second)
	for _, x := range []int{markX1, markX2} {
		sx, sy := screenPoint(t, ctx, x, markY)
		run("tap the mark", chromedp.MouseClickXY(sx, sy))
	}
	// The app fills the fields when it handles the tap, after the click returns.
	waitFor(t, ctx, "the second tap in the fields", `+document.querySelector("#cal-x2").value > 0`, 10*time.Second)
	var tapped [4]float64
	for i, id := range []string{"#cal-x1", "#cal-y1", "#cal-x2", "#cal-y2"} {
		tapped[i] = evalFloat(t, ctx, fmt.Sprintf(`+document.querySelector(%q).value`, id))
	}
	want := [4]float64{markX1, markY, markX2, markY}
	for i := range tapped {
		if math.Abs(tapped[i]-want[i]) > 2 {
			t.Errorf("tap %d landed at %v px, the mark is at %v", i/2+1, tapped[i], want[i])
		}
	}
	// The taps are as exact as a finger; the fields take the exact pixels.
	for i, id := range []string{"#cal-x1", "#cal-y1", "#cal-x2", "#cal-y2", "#cal-length"} {
		v := markMetres
		if i < 4 {
			v = want[i]
		}
		run("type "+id, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(e => { e.value = "%g"; e.dispatchEvent(new Event("input", {bubbles: true})); })(document.querySelector(%q))`, v, id)))
	}
	screenshot(t, ctx, "calibration-line-1280.png")
	run("apply", chromedp.Click("#cal-save"))
	waitFor(t, ctx, "saved", `document.querySelector("#cal-status")?.textContent.startsWith("Saved")`, 30*time.Second)
	checkShown(t, ctx, "scale after", `document.querySelector("#scale-source").textContent`, "Scale: calibrated: 2.00 m line (200.0 px/m)")
	checkCalibrated(t, c, id, byHeight)
	checkShown(t, ctx, "speed card", `[...document.querySelectorAll(".metric")].find(e => e.querySelector(".label").textContent == "Speed").querySelector(".value").textContent`,
		fmt.Sprintf("%.1f", calculatedOf(t, c, id).SideView.Metrics.Speed))
	screenshot(t, ctx, "calibration-saved-1280.png")
	run("phone", chromedp.EmulateViewport(360, 800))
	checkFitsNow(t, ctx, "results with the scale", 360)
	screenshot(t, ctx, "calibration-saved-360.png")
}

// calibrationClip is the run with two red 9×9 marks centred markX2−markX1 px
// apart on row markY, drawn by ffmpeg.
func calibrationClip(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		needTool(t, "ffmpeg is not installed: %v", err)
	}
	out := filepath.Join(t.TempDir(), "marked.mp4")
	box := func(x int) string { return fmt.Sprintf("drawbox=x=%d:y=%d:w=9:h=9:color=red:t=fill", x-4, markY-4) }
	cmd := exec.Command("ffmpeg", "-v", "error", "-i", testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"),
		"-vf", box(markX1)+","+box(markX2), "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", "-an", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, b)
	}
	return out
}

// screenPoint is where source pixel (x, y) of the video is on the page.
func screenPoint(t *testing.T, ctx context.Context, x, y int) (float64, float64) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const c = document.querySelector("#overlay"), r = c.getBoundingClientRect(), v = document.querySelector("#video");
		c.scrollIntoView({block: "center"}); const q = c.getBoundingClientRect();
		return [q.left + (%d + 0.5) * q.width / v.videoWidth, q.top + (%d + 0.5) * q.height / v.videoHeight]; })()`, x, y)
	p, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](js))
	if err != nil || len(p) != 2 {
		t.Fatalf("screen point: %v", err)
	}
	return p[0], p[1]
}

func evalFloat(t *testing.T, ctx context.Context, js string) float64 {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// checkCalibrated: the stored analysis keeps the line, its scale is the
// line's, and its metres are the server's code's with that line.
func checkCalibrated(t *testing.T, c apiClient, id string, byHeight analysis.Result) {
	t.Helper()
	tr, p := trackOf(t, c, id)
	if !p.Calibrated() || p.CalibrationX1 != markX1 || p.CalibrationX2 != markX2 || p.CalibrationY1 != markY || p.CalibrationM != markMetres {
		t.Fatalf("stored params %+v", p)
	}
	got := calculatedOf(t, c, id)
	if got.Scale.PixelsPerMetre != 200 || got.Scale.Source != "calibration_line" {
		t.Errorf("scale %+v, want 200 px/m from the line", got.Scale)
	}
	want, err := analysis.Calculate(tr, p)
	if err != nil {
		t.Fatal(err)
	}
	gm, wm := got.SideView.Metrics, want.SideView.Metrics
	if gm.Speed != wm.Speed || gm.StepLength != wm.StepLength {
		t.Errorf("speed %v, step length %+v; the server's code gives %v, %+v", gm.Speed, gm.StepLength, wm.Speed, wm.StepLength)
	}
	// Metres scale with the pixels per metre.
	ratio := byHeight.SideView.Metrics.PixelsPerMetre / 200
	if hm := byHeight.SideView.Metrics.Speed; math.Abs(gm.Speed-hm*ratio) > 1e-9 {
		t.Errorf("speed %v m/s with the line; from the height %v m/s at %v px/m gives %v", gm.Speed, hm, byHeight.SideView.Metrics.PixelsPerMetre, hm*ratio)
	}
	for _, tc := range []struct {
		what, body string
	}{
		{"outside the frame", `{"x1": 40, "y1": 320, "x2": 481, "y2": 320, "length_m": 2}`},
		{"one point", `{"x1": 40, "y1": 320, "x2": 40, "y2": 320, "length_m": 2}`},
	} {
		resp, b := c.do(t, http.MethodPut, "/v1/analyses/"+id+"/calibration", strings.NewReader(tc.body), "application/json")
		if resp.StatusCode != 422 || !strings.Contains(string(b), "invalid_calibration") {
			t.Errorf("%s: %d %s", tc.what, resp.StatusCode, b)
		}
	}
}

// checkUploadRefusesLine: an upload whose line is outside the video's
// frame, or has no length, is refused before it is queued.
func checkUploadRefusesLine(t *testing.T, c apiClient, clip string) {
	t.Helper()
	for what, f := range map[string]map[string]string{
		"outside the frame": {"calibration_x1": "40", "calibration_y1": "320", "calibration_x2": "900", "calibration_y2": "320", "calibration_m": "2"},
		"no length":         {"calibration_x1": "40", "calibration_y1": "320", "calibration_x2": "440", "calibration_y2": "320"},
	} {
		resp, b := c.uploadFile(t, clip, f)
		var e struct {
			Code string `json:"code"`
		}
		json.Unmarshal(b, &e)
		if resp.StatusCode != 422 || e.Code != "invalid_calibration" {
			t.Errorf("upload with a line %s: %d %s", what, resp.StatusCode, b)
		}
	}
}
