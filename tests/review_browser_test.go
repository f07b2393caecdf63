package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/shared/analysis"
	"motionlab/shared/kinematics"
	"motionlab/shared/measure"
	"motionlab/shared/pose"
	"motionlab/tests/testenv"
)

// marks are the yellow squares drawn into the measure test's clip, centred
// on these source pixels: A–B is 240 px, the angle at B is 90°.
var marks = [3][2]float64{{40, 40}, {280, 40}, {280, 220}}

// TestReviewDesk (issue 21, items 3, 4 and 6) in Chromium: on a real run
// with marks drawn at known pixels, the measure tool gives 240 px in
// metres with the analysis's scale and 90° for the right angle, snaps to a
// keypoint, saves (the API and the JSON export carry them); the
// kinematics panel shows at the shown frame exactly what shared/kinematics
// computes from raw_data; a 13 s clip trimmed to 8 s in the upload page
// (and cropped) uploads an 8 s file. Screenshots at 1280 and 360 px; at 360 no page is
// wider than the screen.
func TestReviewDesk(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	id := upload202(t, c, markedClip(t), map[string]string{"height": "170"})
	c.waitDone(t, id, 3*time.Minute)

	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/analyses/"+id)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the video and the measure tool", `document.querySelector("#video")?.readyState >= 2 && !!document.querySelector("#measure-distance") && !!document.querySelector("#kin-table")`, 90*time.Second)
	const frame = 10
	raw, fps := rawData(t, c, id)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(v => { v.pause(); v.currentTime = %g; })(document.querySelector("#video"))`, (frame+0.25)/fps))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "frame 10 shown", fmt.Sprintf(`document.querySelector("#frame").textContent.startsWith("Frame %d ")`, frame), 10*time.Second)

	people, angs := raw.People()
	calc := calculatedOf(t, c, id)
	ppm, _ := measure.PixelsPerMetre(&calc, people, analysis.Defaults())
	if ppm <= 0 {
		t.Fatal("the analysis has no scale")
	}
	snapped := checkMeasures(t, ctx, ppm, people[frame])
	checkSaved(t, c, id, ppm, snapped)
	checkKinematics(t, ctx, kinematics.Compute(people, angs, fps, ppm), frame)
	screenshot(t, ctx, "review-results-1280.png")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	checkFitsNow(t, ctx, "results with the measure tool and kinematics", 360)
	screenshot(t, ctx, "review-results-360.png")

	checkTrimUpload(t, ctx, c, s.URL)
}

// markedClip is the real run with three 9-px yellow squares at marks.
func markedClip(t *testing.T) string {
	t.Helper()
	var boxes []string
	for _, m := range marks {
		boxes = append(boxes, fmt.Sprintf("drawbox=x=%.0f:y=%.0f:w=9:h=9:color=yellow:t=fill", m[0]-4, m[1]-4))
	}
	out := filepath.Join(t.TempDir(), "marked.mp4")
	if b, err := exec.Command("ffmpeg", "-v", "error", "-i", testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"),
		"-vf", strings.Join(boxes, ","), "-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", out).CombinedOutput(); err != nil {
		t.Fatalf("draw the marks (ffmpeg): %v %s", err, b)
	}
	return out
}

func rawData(t *testing.T, c apiClient, id string) (analysis.RawData, float64) {
	t.Helper()
	resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results/raw_data", nil, "")
	var raw analysis.RawData
	if err := json.Unmarshal(b, &raw); err != nil || resp.StatusCode != 200 || raw.Info.FPS <= 0 {
		t.Fatalf("raw_data: %d %v", resp.StatusCode, err)
	}
	return raw, raw.Info.FPS
}

// clickVideo clicks the overlay at source pixel (x, y).
func clickVideo(t *testing.T, ctx context.Context, x, y float64) {
	t.Helper()
	// Scroll the point to the middle of the screen, then click it.
	pos, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => { const o = document.querySelector("#overlay"), v = document.querySelector("#video");
		const at = r => [r.left + %g / v.videoWidth * r.width, r.top + %g / v.videoHeight * r.height];
		window.scrollBy(0, at(o.getBoundingClientRect())[1] - innerHeight / 2);
		return at(o.getBoundingClientRect()); })()`, x, y)))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(pos[0], pos[1])); err != nil {
		t.Fatal(err)
	}
}

func readout(t *testing.T, ctx context.Context) float64 {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#measure-result").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(regexp.MustCompile(`^-?[0-9.]+`).FindString(s), 64)
	if err != nil {
		t.Fatalf("measure readout %q: %v", s, err)
	}
	return v
}

// checkMeasures draws A–B (no snapping), the angle A–B–C and a distance
// from near a keypoint (snapping); it returns where the snapped point
// should be.
func checkMeasures(t *testing.T, ctx context.Context, ppm float64, kps *pose.Person) measure.Point {
	t.Helper()
	tap := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}
	tap("#measure-snap") // off: the marks are not keypoints
	tap("#measure-distance")
	clickVideo(t, ctx, marks[0][0], marks[0][1])
	clickVideo(t, ctx, marks[1][0], marks[1][1])
	waitFor(t, ctx, "the distance", `document.querySelector("#measure-result").textContent.includes(" m ")`, 5*time.Second)
	// One source pixel of click rounding at each end at most.
	if got, want := readout(t, ctx), 240/ppm; math.Abs(got-want) > 2/ppm+0.0005 {
		t.Errorf("A–B = %.4f m, want %.4f (240 px at %.1f px/m)", got, want, ppm)
	}
	tap("#measure-angle")
	for _, m := range marks {
		clickVideo(t, ctx, m[0], m[1])
	}
	waitFor(t, ctx, "the angle", `document.querySelector("#measure-result").textContent.includes("°")`, 5*time.Second)
	if got := readout(t, ctx); math.Abs(got-90) > 0.6 {
		t.Errorf("angle A–B–C = %.2f°, want 90", got)
	}
	// Snapping: 3 px off the left knee lands on the keypoint Snap picks.
	tap("#measure-snap")
	tap("#measure-distance")
	k := kps.Keypoints[pose.LeftKnee]
	clickVideo(t, ctx, float64(k.X)+3, float64(k.Y)+2)
	clickVideo(t, ctx, marks[2][0], marks[2][1])
	tap("#measure-save")
	waitFor(t, ctx, "saved", `document.querySelector("#measure-saved").textContent.startsWith("Saved 3")`, 10*time.Second)
	return measure.Snap(measure.Point{X: float64(k.X) + 3, Y: float64(k.Y) + 2}, kps.Keypoints, measure.SnapRadius)
}

// checkSaved reads the measurements back from the API and the export.
func checkSaved(t *testing.T, c apiClient, id string, ppm float64, snapWant measure.Point) {
	t.Helper()
	var body struct{ Measurements []measure.Measurement }
	resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/measurements", nil, "")
	if err := json.Unmarshal(b, &body); err != nil || resp.StatusCode != 200 || len(body.Measurements) != 3 {
		t.Fatalf("measurements: %d %s", resp.StatusCode, b)
	}
	ms := body.Measurements
	if ms[0].Metres == nil || math.Abs(*ms[0].Metres-240/ppm) > 2/ppm+0.0005 || math.Abs(ms[1].Degrees-90) > 0.6 {
		t.Errorf("stored: %+v", ms[:2])
	}
	if p := ms[2].Points[0]; snapWant.Keypoint == "" || p.Keypoint != snapWant.Keypoint || p.X != snapWant.X || p.Y != snapWant.Y {
		t.Errorf("snapped point %+v, want %+v", p, snapWant)
	}
	var exp struct{ Measurements []measure.Measurement }
	resp, b = c.do(t, http.MethodGet, "/running/sessions/"+id+"/export/?format=json", nil, "")
	if err := json.Unmarshal(b, &exp); err != nil || resp.StatusCode != 200 || len(exp.Measurements) != 3 {
		t.Errorf("JSON export: %d, %d measurements", resp.StatusCode, len(exp.Measurements))
	}
	// Someone else's key does not see them (ownership): covered by
	// s.analysis for every /v1/analyses/{id} route.
}

// checkKinematics compares every row of the panel with shared/kinematics.
func checkKinematics(t *testing.T, ctx context.Context, p kinematics.Panel, frame int) {
	t.Helper()
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][]string](`Object.fromEntries([...document.querySelectorAll("#kin-table tbody tr")].map(tr =>
		[tr.id.slice(4), [".kin-v", ".kin-r", ".kin-a"].map(s => tr.querySelector(s).textContent)]))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) < 10 || shown["centre_of_mass"] == nil || shown["left_knee"] == nil {
		t.Fatalf("kinematics rows: %v", shown)
	}
	num := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	for _, s := range p.Series {
		got, ok := shown[s.Name]
		if !ok {
			continue
		}
		v, r, a := s.At(frame)
		want := []string{num(v) + " " + s.Unit, num(r) + " " + s.RateUnit, num(a) + " " + s.AccelUnit}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s at frame %d: shown %q, computed %q", s.Name, frame, got, want)
		}
	}
	if !strings.HasSuffix(shown["left_knee"][1], "°/s") || !strings.HasSuffix(shown["centre_of_mass"][1], "m/s²") {
		t.Errorf("units: %v %v", shown["left_knee"], shown["centre_of_mass"])
	}
}

// checkTrimUpload cuts a 13 s clip (keyframes every 0.5 s) to 2.5–10.5 s
// and crops it to 576×320 in the upload page, and uploads it: the server
// gets 8 s of that size.
func checkTrimUpload(t *testing.T, ctx context.Context, c apiClient, base string) {
	t.Helper()
	long := filepath.Join(t.TempDir(), "long13.mp4")
	walk := testenv.Data(t, "videos/walk_side_sports2d_demo4.mp4")
	if b, err := exec.Command("ffmpeg", "-v", "error", "-i", walk, "-i", walk, "-filter_complex", "[0:v][1:v]concat=n=2:v=1,scale=640:-2[v]", "-map", "[v]",
		"-t", "13", "-g", "15", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "26", long).CombinedOutput(); err != nil {
		t.Fatalf("make the 13 s clip (ffmpeg): %v %s", err, b)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the upload page", `!!document.querySelector("#video") && !document.querySelector("#submit").disabled || document.querySelector("#submit")?.textContent === "Analyze"`, 90*time.Second)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#video", []string{long})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the trim fields, open for a clip over the limit", `document.querySelector("#trim")?.open && !!document.querySelector("#trim-start")`, 20*time.Second)
	setValue := func(sel, v string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.SetValue(sel, v),
			chromedp.Evaluate[chromedp.Void](`document.querySelector("`+sel+`").dispatchEvent(new Event("change"))`)); err != nil {
			t.Fatal(err)
		}
	}
	setValue("#trim-start", "2.5")
	setValue("#trim-end", "10.5")
	if err := chromedp.Do(ctx, chromedp.Click("#trim-crop")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the crop fields", `!!document.querySelector("#trim-h")`, 5*time.Second)
	for sel, v := range map[string]string{"#trim-x": "64", "#trim-y": "20", "#trim-w": "576", "#trim-h": "320"} {
		setValue(sel, v)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#trim-apply")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the cut", `!!document.querySelector("#trim-done")`, 60*time.Second)
	note, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#trim-done").textContent`))
	if !strings.Contains(note, "8.0 s kept, 2.5–10.5 s, not re-encoded, cropped to 576×320 at (64, 20)") {
		t.Errorf("the trim says %q", note)
	}
	screenshot(t, ctx, "review-trim-1280.png")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	checkFitsNow(t, ctx, "upload with trim", 360)
	screenshot(t, ctx, "review-trim-360.png")
	id := submitOnServer(t, ctx)
	c.waitDone(t, id, 4*time.Minute)
	raw, _ := rawData(t, c, id)
	if i := raw.Info; math.Abs(i.Duration-8) > 0.05 || i.Frames != 240 || i.Width != 576 || i.Height != 320 {
		t.Errorf("the server got %.3f s, %d frames, %d×%d; want 8 s, 240 frames, 576×320", i.Duration, i.Frames, i.Width, i.Height)
	}
}

// submitOnServer sends the upload page's (trimmed) file to the server for
// analysis and returns the analysis id once its page opens.
func submitOnServer(t *testing.T, ctx context.Context) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SetValue("#where", "server"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#where").dispatchEvent(new Event("change", {bubbles: true}))`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the form ready", `!document.querySelector("#submit").disabled`, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click("#submit")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the analysis page", `location.pathname.startsWith("/analyses/")`, 60*time.Second)
	loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	return strings.TrimPrefix(loc, "/analyses/")
}
