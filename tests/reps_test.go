package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/shared/analysis"
	"motionlab/shared/lift"
	"motionlab/shared/pose"
	"motionlab/shared/track"
	"motionlab/tests/testenv"
)

// analysedSquat cuts the back-squat clip to the API's 10 s (8.3–18.2 s:
// two repetitions, bottoms near frames 71 and 271 of the cut; the second
// ends with the clip, so the detector does not count it) and analyses it
// as a squat with c; it returns the analysis's id, its calculated_data,
// track and parameters.
func analysedSquat(t *testing.T, c apiClient) (string, analysis.Result, track.Track, analysis.Params) {
	t.Helper()
	clip := filepath.Join(t.TempDir(), "squat.mp4")
	out, err := exec.Command("ffmpeg", "-v", "error", "-ss", "8.3", "-t", "9.9", "-i", testenv.Data(t, "videos/backsquat_side_rohanx01_squat.mp4"),
		"-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", clip).CombinedOutput()
	if err != nil {
		t.Fatalf("cut the squat clip: %v %s", err, out)
	}
	id := upload202(t, c, clip, map[string]string{"activity": "lift", "exercise": "squat", "height": "175"})
	c.waitDone(t, id, 4*time.Minute)
	calc := calculatedOf(t, c, id)
	if calc.Lift == nil || calc.Lift.Count < 1 {
		t.Fatalf("the squat's analysis %+v: the test needs a repetition", calc.Lift)
	}
	tr, p := trackOf(t, c, id)
	return id, calc, tr, p
}

// TestEditRepsAPI: PUT /v1/analyses/{id}/events with reps on a real squat
// (the first bottom moved three frames, the second repetition, which the
// detector did not count, added) stores exactly what the server's code
// (analysis.RecalculateReps) gives for the same repetitions, each marked
// detected or edited beside the detector's originals; bad repetitions,
// contacts for a lift and another key's edit are refused with their
// codes; the lift-analysis route and the CSV/TRC exports carry the edit.
func TestEditRepsAPI(t *testing.T) {
	_, a, b := twoOwners(t, "--rate-per-minute", "6000")
	id, before, tr, params := analysedSquat(t, a)
	base := "/v1/analyses/" + id
	detected := analysis.LiftReps(&before)
	n := len(tr.Frames)

	want := slices.Clone(detected)
	want[0].BottomFrame += 3
	want = append(want, missedRep(t, tr, want[len(want)-1]))
	body, _ := json.Marshal(analysis.EventsEdit{Reps: want})

	resp, out := b.do(t, http.MethodPut, base+"/events", bytes.NewReader(body), "application/json")
	wantError(t, "another key's PUT events", resp, out, 404, "not_found")
	for _, tc := range []struct{ what, body string }{
		{"contacts for a lift", `{"contacts":[{"foot":"left","contact_frame":3,"toe_off_frame":9}]}`},
		{"flights for a lift", `{"flights":[{"takeoff_frame":3,"landing_frame":9}]}`},
		{"no repetition", `{"reps":[]}`},
		{"bottom after the end", `{"reps":[{"start_frame":10,"bottom_frame":40,"end_frame":30}]}`},
		{"end past the clip", fmt.Sprintf(`{"reps":[{"start_frame":10,"bottom_frame":40,"end_frame":%d}]}`, n)},
		{"overlapping", `{"reps":[{"start_frame":10,"bottom_frame":40,"end_frame":80},{"start_frame":70,"bottom_frame":90,"end_frame":120}]}`},
	} {
		resp, out := a.do(t, http.MethodPut, base+"/events", strings.NewReader(tc.body), "application/json")
		wantError(t, tc.what, resp, out, 422, "invalid_events")
	}
	if after := calculatedOf(t, a, id); after.Events != nil {
		t.Fatalf("a refused edit was stored: %+v", after.Events)
	}

	resp, out = a.do(t, http.MethodPut, base+"/events", bytes.NewReader(body), "application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("PUT reps: %d %s", resp.StatusCode, out)
	}
	exp, err := analysis.RecalculateReps(tr, params, want)
	if err != nil {
		t.Fatalf("the server's code on the edited repetitions: %v", err)
	}
	saved := calculatedOf(t, a, id)
	ev := saved.Events
	if ev == nil || len(ev.Reps) != len(want) || len(ev.DetectedReps) != len(detected) || ev.EditedBy == "" {
		t.Fatalf("saved events %+v", ev)
	}
	for i, r := range ev.Reps {
		if r.RepFrames != want[i] || r.Source != analysis.SourceEdited {
			t.Errorf("saved rep %d %+v, want %+v edited", i, r, want[i])
		}
	}
	for i, r := range ev.DetectedReps {
		if r.RepFrames != detected[i] || r.Source != analysis.SourceDetected {
			t.Errorf("kept detected rep %d %+v, want %+v", i, r, detected[i])
		}
	}
	sv, e := saved, *exp
	sv.Events, e.Events = nil, nil
	x, _ := json.Marshal(sv)
	y, _ := json.Marshal(e)
	if !bytes.Equal(x, y) {
		t.Errorf("stored calculated_data differs from the server's code on the same repetitions:\n%s\nwant\n%s", x, y)
	}
	r0 := saved.Lift.Reps[0]
	if r0.EccentricS != float64(want[0].BottomFrame-want[0].StartFrame)/tr.FPS || r0.Confidence != 1 {
		t.Errorf("moved rep %+v: want an eccentric phase of %d frames, confidence 1", r0, want[0].BottomFrame-want[0].StartFrame)
	}
	if saved.Lift.Eccentric.Mean == before.Lift.Eccentric.Mean {
		t.Error("the edit did not change the mean eccentric time; it tests nothing")
	}

	resp, out = a.do(t, http.MethodGet, "/weightlifting/sessions/"+id+"/lift-analysis/", nil, "")
	var la struct {
		RepCount int `json:"rep_count"`
	}
	if json.Unmarshal(out, &la); resp.StatusCode != 200 || la.RepCount != len(want) {
		t.Errorf("lift-analysis: %d, %d reps", resp.StatusCode, la.RepCount)
	}
	resp, out = a.do(t, http.MethodGet, "/weightlifting/sessions/"+id+"/export/?format=csv", nil, "")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if resp.StatusCode != 200 || !strings.HasSuffix(lines[0], ",rep") {
		t.Fatalf("csv: %d, header ends %q", resp.StatusCode, lines[0][max(0, len(lines[0])-40):])
	}
	cell := func(i int) string { row := strings.Split(lines[1+i], ","); return row[len(row)-1] }
	if got := cell(want[0].BottomFrame); got != "edited bottom" {
		t.Errorf("csv frame %d: %q, want the edited bottom", want[0].BottomFrame, got)
	}
	if got := cell(want[1].StartFrame - 1); got != "" {
		t.Errorf("csv frame %d, before the added rep: %q", want[1].StartFrame-1, got)
	}
	resp, out = a.do(t, http.MethodGet, "/weightlifting/sessions/"+id+"/export/?format=trc", nil, "")
	first, _, _ := strings.Cut(string(out), "\n")
	w := fmt.Sprintf("\treps=%d-%d-%d:edited", want[0].StartFrame, want[0].BottomFrame, want[0].EndFrame)
	if resp.StatusCode != 200 || !strings.Contains(first, w) {
		t.Errorf("trc: %d, first line %q, want %q", resp.StatusCode, first, w)
	}
	t.Logf("detected %v; edited %v: eccentric %.3f → %.3f s", detected, want, before.Lift.Eccentric.Mean, saved.Lift.Eccentric.Mean)
}

// missedRep is the repetition after last that a coach would mark: the
// bottom where the hips are lowest after it, start and end as far from
// the bottom as last's (within the clip's last frame).
func missedRep(t *testing.T, tr track.Track, last lift.RepFrames) lift.RepFrames {
	t.Helper()
	n := len(tr.Frames)
	bottom, low := -1, 0.0
	for i := last.EndFrame + 20; i < n-1; i++ {
		if p := tr.Frames[i]; p != nil {
			if y := float64(p.Keypoints[pose.LeftHip].Y + p.Keypoints[pose.RightHip].Y); bottom < 0 || y > low {
				bottom, low = i, y
			}
		}
	}
	r := lift.RepFrames{StartFrame: max(last.EndFrame, bottom-(last.BottomFrame-last.StartFrame)), BottomFrame: bottom,
		EndFrame: min(n-1, bottom+(last.EndFrame-last.BottomFrame))}
	if bottom < 0 || r.StartFrame >= r.BottomFrame || r.BottomFrame >= r.EndFrame {
		t.Fatalf("no second repetition after %+v in %d frames: %+v", last, n, r)
	}
	return r
}

// TestEditRepsInBrowser: on the squat's results page the coach moves the
// first repetition's bottom three frames later (three taps) and adds the
// repetition the detector did not count at the shown frame; the page's
// repetition count, mean phase times and range of motion are then
// exactly what the server's code gives for the same repetitions, and the
// saved analysis carries them with source edited. Screenshots at 1280
// and 360 px.
func TestEditRepsInBrowser(t *testing.T) {
	needWebApp(t)
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	id, before, tr, params := analysedSquat(t, c)
	detected := analysis.LiftReps(&before)

	ctx := browser(t)
	run := runner(t, ctx)
	run("open the results", chromedp.Navigate(s.URL+"/analyses/"+id))
	waitFor(t, ctx, "the repetition timeline", `document.querySelector("#video")?.readyState >= 2 && !!document.querySelector("#edit-contacts")`, 90*time.Second)
	if n := evalInt(t, ctx, `document.querySelectorAll("#timeline .bar.rep").length`); n != len(detected) {
		t.Fatalf("the timeline shows %d repetitions, the server found %d", n, len(detected))
	}
	checkShown(t, ctx, "edit button", `document.querySelector("#edit-contacts").textContent`, "Edit repetitions")
	run("start editing", chromedp.Click("#edit-contacts"))
	waitFor(t, ctx, "the editor", `document.querySelector("#edit-status")?.textContent.startsWith("Drag")`, 30*time.Second)

	run("select rep 0", chromedp.Click("#contact-0"))
	waitFor(t, ctx, "the selection", `!!document.querySelector("#bt-plus") && !document.querySelector("#bt-plus").disabled`, 10*time.Second)
	want := slices.Clone(detected)
	for range 3 {
		run("bottom +1", chromedp.Click("#bt-plus"))
		want[0].BottomFrame++
		waitFor(t, ctx, "the moved bottom", fmt.Sprintf(`document.querySelector("#contact-0").dataset.bottom == "%d"`, want[0].BottomFrame), 10*time.Second)
	}
	// Add the missed repetition at its start: the app makes it as long as
	// the median repetition, turning where that one turns.
	at := missedRep(t, tr, want[len(want)-1]).StartFrame
	run("show the frame", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(v => { v.pause(); v.currentTime = %g; })(document.querySelector("#video"))`, (float64(at)+0.25)/tr.FPS)))
	waitFor(t, ctx, "the frame", fmt.Sprintf(`document.querySelector("#frame").textContent.startsWith("Frame %d ")`, at), 10*time.Second)
	run("add", chromedp.Click("#add-contact"))
	waitFor(t, ctx, "the added repetition", fmt.Sprintf(`[...document.querySelectorAll("#timeline .bar")].some(b => b.dataset.contact == "%d")`, at), 10*time.Second)

	shown := shownReps(t, ctx)
	if len(shown) != len(want)+1 || !slices.Equal(shown[:len(want)], want) || shown[len(want)].StartFrame != at {
		t.Fatalf("the timeline shows %v, want %v and one from frame %d", shown, want, at)
	}
	want = shown
	exp, err := analysis.RecalculateReps(tr, params, want)
	if err != nil {
		t.Fatalf("the server's code on the edited repetitions: %v", err)
	}
	l := exp.Lift
	if l.Count == before.Lift.Count || l.Eccentric.Mean == before.Lift.Eccentric.Mean {
		t.Fatal("the edit changed neither the count nor the eccentric time; it tests nothing")
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	checkShown(t, ctx, "reps", `document.querySelector("#edit-summary").dataset.reps`, strconv.Itoa(l.Count))
	checkShown(t, ctx, "eccentric", `document.querySelector("#edit-summary").dataset.eccentric`, g(l.Eccentric.Mean))
	checkShown(t, ctx, "concentric", `document.querySelector("#edit-summary").dataset.concentric`, g(l.Concentric.Mean))
	checkShown(t, ctx, "range of motion", `document.querySelector("#edit-summary").dataset.range`, g(l.RangeOfMotion.Mean))
	screenshot(t, ctx, "reps-edited-1280.png")

	run("save", chromedp.Click("#save-events"))
	waitFor(t, ctx, "saved", `document.querySelector("#edit-status").textContent.startsWith("Saved")`, 30*time.Second)
	saved := calculatedOf(t, c, id)
	if ev := saved.Events; ev == nil || len(ev.Reps) != len(want) || ev.Reps[0].Source != analysis.SourceEdited || ev.Reps[1].Source != analysis.SourceEdited ||
		len(ev.DetectedReps) != len(detected) {
		t.Fatalf("saved events %+v", saved.Events)
	}
	sv, e := saved, *exp
	sv.Events, e.Events = nil, nil
	x, _ := json.Marshal(sv)
	y, _ := json.Marshal(e)
	if !bytes.Equal(x, y) {
		t.Errorf("stored calculated_data differs from the server's code on the same repetitions:\n%s\nwant\n%s", x, y)
	}

	run("phone", chromedp.EmulateViewport(360, 800))
	checkFitsNow(t, ctx, "results with the repetition editor", 360)
	screenshot(t, ctx, "reps-edited-360.png")
}

// shownReps are the repetitions the timeline draws, in order.
func shownReps(t *testing.T, ctx context.Context) []lift.RepFrames {
	t.Helper()
	js := `JSON.stringify([...document.querySelectorAll("#timeline .bar")].map(b => ({start_frame: +b.dataset.contact, bottom_frame: +b.dataset.bottom, end_frame: +b.dataset.toeOff})))`
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatal(err)
	}
	var rs []lift.RepFrames
	if err := json.Unmarshal([]byte(s), &rs); err != nil {
		t.Fatal(err)
	}
	return rs
}
