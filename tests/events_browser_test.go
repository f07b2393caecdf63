package tests

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/shared/advice"
	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/track"
)

// TestEditContactsInBrowser: on a real run's results page the coach moves
// one touchdown two frames later (two taps), drags its toe-off two frames
// later, deletes one contact and adds one; the
// page's contact time, step frequency and every coaching value are then
// exactly what the server's code (analysis.Recalculate) gives for the
// same contacts. Saved, the server's calculated_data carries the same
// numbers and the contacts with source edited (the detector's kept
// beside them), and the CSV and TRC exports mark them. Screenshots at
// 1280 and 360 px.
func TestEditContactsInBrowser(t *testing.T) {
	s, c, id := analysedRun(t, map[string]string{"height": "170"})
	before := calculatedOf(t, c, id)
	detected := analysis.DetectedContacts(&before)
	if len(detected) < 3 {
		t.Fatalf("the run has %d contacts; the test needs three", len(detected))
	}
	tr, params := trackOf(t, c, id)

	ctx := browser(t)
	run := runner(t, ctx)
	run("open the results", chromedp.Navigate(s.URL+"/analyses/"+id))
	waitFor(t, ctx, "the contact timeline", `document.querySelector("#video")?.readyState >= 2 && !!document.querySelector("#edit-contacts")`, 90*time.Second)
	if n := evalInt(t, ctx, `document.querySelectorAll("#timeline .bar").length`); n != len(detected) {
		t.Fatalf("the timeline shows %d contacts, the server found %d", n, len(detected))
	}
	// Her flights last about 0.08 s, under three frames at 30 fps: the
	// page says so above the figures, as the server words it.
	if cv := before.Outcome.Caveats; len(cv) != 1 || cv[0].Code != analysis.CaveatCoarseTiming {
		t.Errorf("caveats %+v, want coarse_timing", cv)
	} else {
		checkShown(t, ctx, "caveat", `document.querySelector("#caveats .caveat[data-code=coarse_timing]")?.textContent`, cv[0].Message)
	}
	run("start editing", chromedp.Click("#edit-contacts"))
	waitFor(t, ctx, "the editor", `document.querySelector("#edit-status")?.textContent.startsWith("Drag")`, 30*time.Second)

	// Move contact 1's touchdown two frames later.
	// The nudge buttons are disabled until the app has rendered the
	// selection, and each tap re-renders: wait for each before the next
	// (a click on a still-disabled button is lost).
	run("select contact 1", chromedp.Click("#contact-1"))
	waitFor(t, ctx, "the selection", `!document.querySelector("#td-plus").disabled`, 10*time.Second)
	want := append([]gait.Contact(nil), detected...)
	for range 2 {
		run("touchdown +1", chromedp.Click("#td-plus"))
		want[1].Contact++
		waitFor(t, ctx, "the nudged touchdown", fmt.Sprintf(`document.querySelector("#contact-1").dataset.contact == "%d"`, want[1].Contact), 10*time.Second)
	}
	// Drag its toe-off edge two frames later.
	hx, hy, per := handlePoint(t, ctx, "toe_off")
	run("drag the toe-off", chromedp.DragAndDropXY(hx, hy, hx+2*per, hy, 8))
	want[1].ToeOff += 2
	waitFor(t, ctx, "the dragged toe-off", fmt.Sprintf(`document.querySelector("#contact-1").dataset.toeOff == "%d"`, want[1].ToeOff), 10*time.Second)
	// Delete the last contact and add one of the same foot a few frames
	// later.
	last := len(want) - 1
	run("select the last contact", chromedp.Click(fmt.Sprintf("#contact-%d", last)))
	waitFor(t, ctx, "the selection", fmt.Sprintf(`document.querySelector("#contact-%d").classList.contains("selected") && !document.querySelector("#delete-contact").disabled`, last), 10*time.Second)
	run("delete", chromedp.Click("#delete-contact"))
	waitFor(t, ctx, "the deletion", fmt.Sprintf(`document.querySelectorAll("#timeline .bar").length == %d`, last), 10*time.Second)
	gone := want[last]
	want = want[:last]
	at := addAt(t, tr, gone, want)
	run("show the frame", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(v => { v.pause(); v.currentTime = %g; })(document.querySelector("#video"))`, (float64(at)+0.25)/tr.FPS)))
	waitFor(t, ctx, "the frame", fmt.Sprintf(`document.querySelector("#frame").textContent.startsWith("Frame %d ")`, at), 10*time.Second)
	run("choose the foot", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(s => { s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); })(document.querySelector("#add-foot"))`, gone.Foot)))
	run("add", chromedp.Click("#add-contact"))
	waitFor(t, ctx, "the added contact", fmt.Sprintf(`[...document.querySelectorAll("#timeline .bar")].some(b => b.dataset.contact == "%d" && b.dataset.foot == %q)`, at, gone.Foot), 10*time.Second)

	shown := timelineContacts(t, ctx)
	added := addedContact(t, shown, want)
	if added.Foot != gone.Foot || added.Contact != at {
		t.Fatalf("added %+v, want the %s foot at frame %d", added, gone.Foot, at)
	}
	want = shown
	exp, err := analysis.Recalculate(tr, params, analysis.Confirmed(want, detected))
	if err != nil {
		t.Fatalf("the server's code on the edited contacts: %v", err)
	}
	m := exp.SideView.Metrics
	if m.ContactTime.Mean == before.SideView.Metrics.ContactTime.Mean && m.Cadence == before.SideView.Metrics.Cadence {
		t.Fatal("the edit changed neither contact time nor step frequency; it tests nothing")
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	checkShown(t, ctx, "contact time", `document.querySelector("#edit-summary").dataset.contactTime`, g(m.ContactTime.Mean))
	checkShown(t, ctx, "step frequency", `document.querySelector("#edit-summary").dataset.stepFrequency`, g(m.Cadence/60))
	checkShown(t, ctx, "cadence card", `[...document.querySelectorAll(".metric")].find(e => e.querySelector(".label").textContent == "Cadence").querySelector(".value").textContent`, strconv.FormatFloat(m.Cadence, 'f', 0, 64))
	for _, cm := range exp.Coaching.Metrics {
		v := "–"
		if cm.Value != nil {
			v = strconv.FormatFloat(*cm.Value, 'f', 1, 64) + " " + cm.Unit
		}
		checkShown(t, ctx, "coaching "+cm.ID, fmt.Sprintf(`document.querySelector('#coaching tr[data-metric=%q] .value').textContent`, cm.ID), v)
	}
	screenshot(t, ctx, "events-edited-1280.png")

	run("save", chromedp.Click("#save-events"))
	waitFor(t, ctx, "saved", `document.querySelector("#edit-status").textContent.startsWith("Saved")`, 30*time.Second)
	saved := calculatedOf(t, c, id)
	checkSavedEvents(t, &saved, exp, want, detected)
	checkRefused(t, c, id, len(tr.Frames))
	checkRerendered(t, c, id)
	checkExports(t, c, id, saved.Events)

	run("phone", chromedp.EmulateViewport(360, 800))
	checkFitsNow(t, ctx, "results with the contact editor", 360)
	screenshot(t, ctx, "events-edited-360.png")
	checkFlaggedStepShown(t, ctx, s.URL, c, id, want)
}

// checkFlaggedStepShown: contacts saved with one of them a single frame
// long (67 ms at most at 30 fps: no human step, gait.StepFlags) are
// analysed with that step flagged, and the results page shows its row as
// uncertain and counts it in the low-confidence note.
func checkFlaggedStepShown(t *testing.T, ctx context.Context, url string, c apiClient, id string, want []gait.Contact) {
	t.Helper()
	cs := slices.Clone(want)
	k := len(cs) / 2
	cs[k].ToeOff = cs[k].Contact + 1
	type contact struct {
		Foot    gait.Foot `json:"foot"`
		Contact int       `json:"contact_frame"`
		ToeOff  int       `json:"toe_off_frame"`
	}
	var body struct {
		Contacts []contact `json:"contacts"`
	}
	for _, x := range cs {
		body.Contacts = append(body.Contacts, contact{x.Foot, x.Contact, x.ToeOff})
	}
	b, _ := json.Marshal(body)
	resp, out := c.do(t, http.MethodPut, "/v1/analyses/"+id+"/events", bytes.NewReader(b), "application/json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT events with a 1-frame contact: %d %s", resp.StatusCode, out)
	}
	saved := calculatedOf(t, c, id)
	st := saved.SideView.Metrics.Steps[k]
	if !slices.Equal(st.Flags, []string{gait.FlagShort}) || st.ShownConfidence() >= gait.LowConfidence {
		t.Fatalf("step %d of a 1-frame contact: flags %v, shown confidence %.2f", k+1, st.Flags, st.ShownConfidence())
	}
	uncertain := 0
	for _, s := range saved.SideView.Metrics.Steps {
		if s.ShownConfidence() < gait.LowConfidence {
			uncertain++
		}
	}
	runner(t, ctx)("reload the results", chromedp.Navigate(url+"/analyses/"+id), chromedp.Reload())
	waitFor(t, ctx, "the steps table", `document.querySelectorAll("#steps tbody tr").length > 0 && !!document.querySelector("#low-confidence")`, 60*time.Second)
	checkShown(t, ctx, "the flagged step's row marked uncertain", fmt.Sprintf(`String(document.querySelectorAll("#steps tbody tr")[%d].classList.contains("uncertain"))`, k), "true")
	checkShown(t, ctx, "low-confidence note", `document.querySelector("#low-confidence")?.textContent.match(/\((\d+)\)/)?.[1]`, strconv.Itoa(uncertain))
	// The row's tooltip says so in the analysis's language, with the
	// gait's reason where it doubted the contact.
	lang := cmp.Or(saved.Language, "en")
	tip := fmt.Sprintf("%s (%.0f%%)", advice.Label(lang, "reason.low_confidence"), 100*st.ShownConfidence())
	if st.Doubt != "" {
		tip += " " + advice.Label(lang, "doubt."+st.Doubt)
	}
	checkShown(t, ctx, "the flagged step's tooltip", fmt.Sprintf(`document.querySelectorAll("#steps tbody tr")[%d].title`, k), tip)
}

// trackOf is an analysis's cleaned track and parameters, from the API.
func trackOf(t *testing.T, c apiClient, id string) (track.Track, analysis.Params) {
	t.Helper()
	var tr track.Track
	resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results/track", nil, "")
	if err := json.Unmarshal(b, &tr); err != nil || resp.StatusCode != 200 {
		t.Fatalf("track: %d %v", resp.StatusCode, err)
	}
	var res analysis.Results
	resp, b = c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
	if err := json.Unmarshal(b, &res); err != nil || resp.StatusCode != 200 || res.Params == nil {
		t.Fatalf("results: %d %v", resp.StatusCode, err)
	}
	return tr, *res.Params
}

func evalInt(t *testing.T, ctx context.Context, js string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func checkShown(t *testing.T, ctx context.Context, what, js, want string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if strings.TrimSpace(got) != want {
		t.Errorf("%s: the page shows %q, the server's code gives %q", what, got, want)
	}
}

// timelineContacts are the contacts the timeline draws, in order.
func timelineContacts(t *testing.T, ctx context.Context) []gait.Contact {
	t.Helper()
	js := `JSON.stringify([...document.querySelectorAll("#timeline .bar")].map(b => ({foot: b.dataset.foot, contact_frame: +b.dataset.contact, toe_off_frame: +b.dataset.toeOff})))`
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatal(err)
	}
	var cs []gait.Contact
	if err := json.Unmarshal([]byte(s), &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// addedContact is the one contact of shown that is not in want; the
// others must be want's, in order.
func addedContact(t *testing.T, shown, want []gait.Contact) gait.Contact {
	t.Helper()
	if len(shown) != len(want)+1 {
		t.Fatalf("the timeline shows %d contacts, want %d", len(shown), len(want)+1)
	}
	var added gait.Contact
	j := 0
	for _, c := range shown {
		if j < len(want) && c.Foot == want[j].Foot && c.Contact == want[j].Contact && c.ToeOff == want[j].ToeOff {
			j++
			continue
		}
		added = c
	}
	if j != len(want) {
		t.Fatalf("the timeline shows %+v; want %+v plus one", shown, want)
	}
	return added
}

// checkSavedEvents: the stored calculated_data is the server's code on the
// edited contacts, with each contact's source and the detector's kept.
func checkSavedEvents(t *testing.T, saved, exp *analysis.Result, want, detected []gait.Contact) {
	t.Helper()
	ev := saved.Events
	if ev == nil || len(ev.Contacts) != len(want) || len(ev.Detected) != len(detected) || ev.EditedAt.IsZero() {
		t.Fatalf("saved events %+v", ev)
	}
	edited := 0
	for i, c := range ev.Contacts {
		if c.Foot != want[i].Foot || c.Contact.Contact != want[i].Contact || c.ToeOff != want[i].ToeOff {
			t.Errorf("saved contact %d %+v, want %+v", i, c.Contact, want[i])
		}
		if c.Source == analysis.SourceEdited {
			edited++
		}
	}
	if edited != 2 { // the moved one and the added one
		t.Errorf("%d contacts marked edited, want 2", edited)
	}
	s, e := *saved, *exp // their events differ only in when
	s.Events, e.Events = nil, nil
	a, _ := json.Marshal(s)
	b, _ := json.Marshal(e)
	if !bytes.Equal(a, b) {
		t.Errorf("stored calculated_data differs from the server's code on the same contacts:\n%s\nwant\n%s", a, b)
	}
}

// checkExports: the CSV marks each frame's contact source, the TRC names
// the contacts on its first line.
func checkExports(t *testing.T, c apiClient, id string, ev *analysis.Events) {
	t.Helper()
	resp, b := c.do(t, http.MethodGet, "/running/sessions/"+id+"/export/?format=csv", nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("csv: %d %s", resp.StatusCode, b)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if !strings.HasSuffix(lines[0], ",left_contact,right_contact") {
		t.Fatalf("csv header ends %q", lines[0][max(0, len(lines[0])-40):])
	}
	for _, e := range ev.Contacts {
		row := strings.Split(lines[1+e.Contact.Contact], ",")
		col := len(row) - 2
		if e.Foot == gait.RightFoot {
			col++
		}
		if row[col] != e.Source {
			t.Errorf("csv frame %d %s contact: %q, want %q", e.Contact.Contact, e.Foot, row[col], e.Source)
		}
	}
	resp, b = c.do(t, http.MethodGet, "/running/sessions/"+id+"/export/?format=trc", nil, "")
	first, _, _ := strings.Cut(string(b), "\n")
	if resp.StatusCode != 200 || !strings.Contains(first, "\tcontacts=") || !strings.Contains(first, ":edited") {
		t.Errorf("trc: %d, first line %q", resp.StatusCode, first)
	}
}

// checkRefused: edits the analysis cannot be measured from are refused
// with a code, and nothing changes.
func checkRefused(t *testing.T, c apiClient, id string, frames int) {
	t.Helper()
	put := func(path, body string) (int, string) {
		resp, b := c.do(t, http.MethodPut, path, strings.NewReader(body), "application/json")
		var e struct {
			Code string `json:"code"`
		}
		json.Unmarshal(b, &e)
		return resp.StatusCode, e.Code
	}
	for _, tc := range []struct {
		what, path, body string
		status           int
		code             string
	}{
		{"toe-off past the clip", "/v1/analyses/" + id + "/events", fmt.Sprintf(`{"contacts":[{"foot":"left","contact_frame":3,"toe_off_frame":%d}]}`, frames), 422, "invalid_events"},
		{"unknown foot", "/v1/analyses/" + id + "/events", `{"contacts":[{"foot":"middle","contact_frame":3,"toe_off_frame":9}]}`, 422, ""},
		{"too large", "/v1/analyses/" + id + "/events", `{"contacts":[` + strings.Repeat(`{"foot":"left","contact_frame":3,"toe_off_frame":9},`, 2000) + `{}]}`, 413, ""},
		{"another analysis", "/v1/analyses/" + strings.Repeat("0", 32) + "/events", `{"contacts":[]}`, 404, "not_found"},
	} {
		if status, code := put(tc.path, tc.body); status != tc.status || (tc.code != "" && code != tc.code) {
			t.Errorf("%s: %d %q, want %d %q", tc.what, status, code, tc.status, tc.code)
		}
	}
}

// addAt is a frame a few after gone's touchdown where a contact as long
// as the app makes it (the median of the others) starts and ends with
// the athlete in view.
func addAt(t *testing.T, tr track.Track, gone gait.Contact, others []gait.Contact) int {
	t.Helper()
	var ds []int
	for _, c := range others {
		ds = append(ds, c.ToeOff-c.Contact)
	}
	slices.Sort(ds)
	long := ds[len(ds)/2]
	for at := gone.Contact + 3; at > gone.Contact-4; at-- {
		if at != gone.Contact && at >= 0 && at+long < len(tr.Frames) && tr.Frames[at] != nil && tr.Frames[at+long] != nil {
			return at
		}
	}
	t.Fatalf("no frame near %d to add a contact of %d frames", gone.Contact, long)
	return 0
}

// handlePoint is the screen point of the selected contact's edge handle
// and the width of one frame on the timeline, in CSS pixels.
func handlePoint(t *testing.T, ctx context.Context, edge string) (x, y, perFrame float64) {
	t.Helper()
	p, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => { const tl = document.querySelector("#timeline");
		tl.scrollIntoView({block: "center"});
		const h = document.querySelector("#handle-%s").getBoundingClientRect(), r = tl.getBoundingClientRect();
		return [h.left + h.width / 2, h.top + h.height / 2, r.width / tl.viewBox.baseVal.width]; })()`, edge)))
	if err != nil || len(p) != 3 {
		t.Fatalf("handle %s: %v", edge, err)
	}
	return p[0], p[1], p[2]
}

// checkRerendered: the annotated video, forgotten when the edit was saved
// (it showed the detector's contacts), is drawn again.
func checkRerendered(t *testing.T, c apiClient, id string) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		var res analysis.Results
		_, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
		if json.Unmarshal(b, &res) == nil && res.AnnotatedURL != "" {
			resp, _ := c.do(t, http.MethodGet, strings.TrimPrefix(res.AnnotatedURL, c.url), nil, "")
			if resp.StatusCode != 200 {
				t.Errorf("the new annotated video: %d", resp.StatusCode)
			}
			return
		}
	}
	t.Error("the annotated video was not drawn again after the edit")
}
