package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/shared/analysis"
	"motionlab/shared/jump"
	"motionlab/shared/track"
	"motionlab/tests/testenv"
)

// A jump's flights are edited like a run's contacts (issue 21, item 1):
// on the Sports2D demo (four jumping-jack flights on a box), the coach
// moves a landing, deletes a flight and adds one; the jumps are measured
// again by the same shared code in the browser and on the server.

// analysedJump analyses the Sports2D demo as a jump with c and returns
// the finished analysis's id, its calculated_data and its track and
// parameters.
func analysedJump(t *testing.T, c apiClient) (string, analysis.Result, track.Track, analysis.Params) {
	t.Helper()
	id := upload202(t, c, testenv.Data(t, "videos/sports2d_demo.mp4"), map[string]string{"activity": "jump", "height": "178"})
	c.waitDone(t, id, 4*time.Minute)
	calc := calculatedOf(t, c, id)
	if calc.Jump == nil || calc.Jump.Count < 3 {
		t.Fatalf("the demo's jump analysis %+v: the test needs three flights", calc.Jump)
	}
	tr, p := trackOf(t, c, id)
	return id, calc, tr, p
}

// TestEditFlightsAPI: PUT /v1/analyses/{id}/events with flights on a real
// jump analysis stores exactly what the server's code
// (analysis.RecalculateFlights) gives for the same flights, marks each
// flight detected or edited beside the detector's originals, refuses bad
// flights, contacts for a jump and another key's edit with their codes,
// and the sessions route and the CSV/TRC exports carry the edited flights.
func TestEditFlightsAPI(t *testing.T) {
	_, a, b := twoOwners(t, "--rate-per-minute", "6000")
	id, before, tr, params := analysedJump(t, a)
	base := "/v1/analyses/" + id
	detected := analysis.JumpFlights(&before)
	n := len(tr.Frames)

	want := slices.Clone(detected)
	want[0].LandingFrame += 2        // moved
	want = slices.Delete(want, 2, 3) // deleted
	added := jump.Flight{TakeoffFrame: detected[2].TakeoffFrame + 1, LandingFrame: detected[2].LandingFrame + 1}
	want = slices.Insert(want, 2, added) // added
	body, _ := json.Marshal(analysis.EventsEdit{Flights: want})

	resp, out := b.do(t, http.MethodPut, base+"/events", bytes.NewReader(body), "application/json")
	wantError(t, "another key's PUT events", resp, out, 404, "not_found")
	for _, tc := range []struct{ what, body string }{
		{"contacts for a jump", `{"contacts":[{"foot":"left","contact_frame":3,"toe_off_frame":9}]}`},
		{"no frame in the air", `{"flights":[{"takeoff_frame":11,"landing_frame":12}]}`},
		{"landing past the clip", fmt.Sprintf(`{"flights":[{"takeoff_frame":11,"landing_frame":%d}]}`, n)},
		{"overlapping", `{"flights":[{"takeoff_frame":11,"landing_frame":20},{"takeoff_frame":15,"landing_frame":25}]}`},
		{"longer than any jump", `{"flights":[{"takeoff_frame":11,"landing_frame":60}]}`},
	} {
		resp, out := a.do(t, http.MethodPut, base+"/events", strings.NewReader(tc.body), "application/json")
		wantError(t, tc.what, resp, out, 422, "invalid_events")
	}
	resp, out = a.do(t, http.MethodPut, base+"/calibration", strings.NewReader(`{"x1":40,"y1":320,"x2":440,"y2":320,"length_m":2}`), "application/json")
	wantError(t, "a calibration line on a jump", resp, out, 422, "events_not_supported")
	if after := calculatedOf(t, a, id); after.Events != nil {
		t.Fatalf("a refused edit was stored: %+v", after.Events)
	}

	resp, out = a.do(t, http.MethodPut, base+"/events", bytes.NewReader(body), "application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("PUT flights: %d %s", resp.StatusCode, out)
	}
	exp, err := analysis.RecalculateFlights(tr, params, want)
	if err != nil {
		t.Fatalf("the server's code on the edited flights: %v", err)
	}
	saved := calculatedOf(t, a, id)
	checkSavedFlights(t, &saved, exp, want, detected, editedSources(len(want)))
	if j := saved.Jump.Jumps[0]; j.FlightTimeS != float64(want[0].LandingFrame-want[0].TakeoffFrame-1)/tr.FPS || j.Confidence != 1 {
		t.Errorf("moved flight %+v: want %d frames in the air, confidence 1", j, want[0].LandingFrame-want[0].TakeoffFrame-1)
	}
	if saved.Jump.FlightTime.Mean == before.Jump.FlightTime.Mean {
		t.Error("the edit did not change the mean flight time; it tests nothing")
	}
	resp, out = a.do(t, http.MethodGet, "/jumping/sessions/"+id+"/", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(string(out), `"source":"edited"`) {
		t.Errorf("jumping session: %d, no edited flight in it", resp.StatusCode)
	}
	checkFlightExports(t, a, id, saved.Events.Flights)
	t.Logf("detected %v; edited %v: flight times %v → %v s", detected, want, flightTimes(before.Jump.Jumps), flightTimes(saved.Jump.Jumps))
}

// TestEditFlightsInBrowser: on the demo's jump results page the coach
// moves the first landing two frames later (two taps), deletes the third
// flight and adds one at the shown frame; the page's jump count, best and
// mean heights and mean flight time are then exactly what the server's
// code gives for the same flights, and the saved analysis carries them
// with source edited. Screenshots at 1280 and 360 px.
func TestEditFlightsInBrowser(t *testing.T) {
	needWebApp(t)
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	id, before, tr, params := analysedJump(t, c)
	detected := analysis.JumpFlights(&before)

	ctx := browser(t)
	run := runner(t, ctx)
	run("open the results", chromedp.Navigate(s.URL+"/analyses/"+id))
	waitFor(t, ctx, "the flight timeline", `document.querySelector("#video")?.readyState >= 2 && !!document.querySelector("#edit-contacts")`, 90*time.Second)
	if n := evalInt(t, ctx, `document.querySelectorAll("#timeline .bar.flight").length`); n != len(detected) {
		t.Fatalf("the timeline shows %d flights, the server found %d", n, len(detected))
	}
	checkShown(t, ctx, "edit button", `document.querySelector("#edit-contacts").textContent`, "Edit flights")
	// Each height with what a frame of flight time is worth.
	j0 := before.Jump.Jumps[0]
	checkShown(t, ctx, "first jump's height", `document.querySelector("ul.history li span").textContent.split(" · ")[0]`,
		fmt.Sprintf("%.0f ± %.0f cm", 100*j0.HeightFlightM, 100*j0.HeightMarginM))
	run("start editing", chromedp.Click("#edit-contacts"))
	waitFor(t, ctx, "the editor", `document.querySelector("#edit-status")?.textContent.startsWith("Drag")`, 30*time.Second)

	// The first flight's landing two frames later.
	run("select flight 0", chromedp.Click("#contact-0"))
	waitFor(t, ctx, "the selection", `!document.querySelector("#to-plus").disabled`, 10*time.Second)
	want := slices.Clone(detected)
	for range 2 {
		run("landing +1", chromedp.Click("#to-plus"))
		want[0].LandingFrame++
		waitFor(t, ctx, "the moved landing", fmt.Sprintf(`document.querySelector("#contact-0").dataset.toeOff == "%d"`, want[0].LandingFrame), 10*time.Second)
	}
	// Delete the third flight, then add one a frame later at the shown
	// frame (as long as the median flight: the app's default).
	run("select flight 2", chromedp.Click("#contact-2"))
	waitFor(t, ctx, "the selection", `document.querySelector("#contact-2").classList.contains("selected") && !document.querySelector("#delete-contact").disabled`, 10*time.Second)
	run("delete", chromedp.Click("#delete-contact"))
	waitFor(t, ctx, "the deletion", fmt.Sprintf(`document.querySelectorAll("#timeline .bar").length == %d`, len(want)-1), 10*time.Second)
	gone := want[2]
	want = slices.Delete(want, 2, 3)
	at := gone.TakeoffFrame + 1
	run("show the frame", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(v => { v.pause(); v.currentTime = %g; })(document.querySelector("#video"))`, (float64(at)+0.25)/tr.FPS)))
	waitFor(t, ctx, "the frame", fmt.Sprintf(`document.querySelector("#frame").textContent.startsWith("Frame %d ")`, at), 10*time.Second)
	run("add", chromedp.Click("#add-contact"))
	waitFor(t, ctx, "the added flight", fmt.Sprintf(`[...document.querySelectorAll("#timeline .bar")].some(b => b.dataset.contact == "%d")`, at), 10*time.Second)

	var lengths []int
	for _, f := range want {
		lengths = append(lengths, f.LandingFrame-f.TakeoffFrame)
	}
	slices.Sort(lengths)
	want = slices.Insert(want, 2, jump.Flight{TakeoffFrame: at, LandingFrame: at + lengths[len(lengths)/2]})
	var shown []jump.Flight
	for _, c := range timelineContacts(t, ctx) {
		shown = append(shown, jump.Flight{TakeoffFrame: c.Contact, LandingFrame: c.ToeOff})
	}
	if !slices.Equal(shown, want) {
		t.Fatalf("the timeline shows %v, want %v", shown, want)
	}
	exp, err := analysis.RecalculateFlights(tr, params, want)
	if err != nil {
		t.Fatalf("the server's code on the edited flights: %v", err)
	}
	j := exp.Jump
	if j.FlightTime.Mean == before.Jump.FlightTime.Mean {
		t.Fatal("the edit did not change the mean flight time; it tests nothing")
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	checkShown(t, ctx, "jumps", `document.querySelector("#edit-summary").dataset.jumps`, strconv.Itoa(j.Count))
	checkShown(t, ctx, "best height", `document.querySelector("#edit-summary").dataset.bestHeight`, g(j.Best.HeightFlightM))
	checkShown(t, ctx, "mean height", `document.querySelector("#edit-summary").dataset.meanHeight`, g(j.Height.Mean))
	checkShown(t, ctx, "mean flight", `document.querySelector("#edit-summary").dataset.meanFlight`, g(j.FlightTime.Mean))
	checkShown(t, ctx, "mean flight card", `[...document.querySelectorAll(".metric")].find(e => e.querySelector(".label").textContent == "Flight").querySelector(".value").textContent`,
		strconv.FormatFloat(1000*j.FlightTime.Mean, 'f', 0, 64))
	// The edited list's third jump (the added one) seeks to its own
	// take-off, not to the deleted flight's that its row showed before.
	run("show jump 3", chromedp.Click("ul.history li:nth-child(3) button.link"))
	seek := fmt.Sprintf(`Math.abs(document.querySelector("#video").currentTime - %g) < 1e-4`, j.Jumps[2].TakeoffS)
	waitFor(t, ctx, "the added jump's take-off", seek, 10*time.Second)
	screenshot(t, ctx, "flights-edited-1280.png")

	run("save", chromedp.Click("#save-events"))
	waitFor(t, ctx, "saved", `document.querySelector("#edit-status").textContent.startsWith("Saved")`, 30*time.Second)
	saved := calculatedOf(t, c, id)
	checkSavedFlights(t, &saved, exp, want, detected, editedSources(len(want)))
	checkFlightExports(t, c, id, saved.Events.Flights)

	run("phone", chromedp.EmulateViewport(360, 800))
	checkFitsNow(t, ctx, "results with the flight editor", 360)
	screenshot(t, ctx, "flights-edited-360.png")
}

// editedSources is what the flights edit of the tests leaves: the first
// flight moved, the second kept, the third added, the others kept.
func editedSources(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = analysis.SourceDetected
	}
	s[0], s[2] = analysis.SourceEdited, analysis.SourceEdited
	return s
}

// checkSavedFlights: the stored calculated_data is the server's code on
// the edited flights, each flight with its source, the detector's kept.
func checkSavedFlights(t *testing.T, saved, exp *analysis.Result, want, detected []jump.Flight, sources []string) {
	t.Helper()
	ev := saved.Events
	if ev == nil || len(ev.Flights) != len(want) || len(ev.DetectedFlights) != len(detected) || ev.EditedAt.IsZero() {
		t.Fatalf("saved events %+v", ev)
	}
	for i, f := range ev.Flights {
		if f.Flight != want[i] || f.Source != sources[i] {
			t.Errorf("saved flight %d %+v, want %+v %s", i, f, want[i], sources[i])
		}
	}
	for i, f := range ev.DetectedFlights {
		if f.Flight != detected[i] || f.Source != analysis.SourceDetected {
			t.Errorf("kept detected flight %d %+v, want %+v", i, f, detected[i])
		}
	}
	s, e := *saved, *exp // their events differ only in when
	s.Events, e.Events = nil, nil
	a, _ := json.Marshal(s)
	b, _ := json.Marshal(e)
	if !bytes.Equal(a, b) {
		t.Errorf("stored calculated_data differs from the server's code on the same flights:\n%s\nwant\n%s", a, b)
	}
}

// checkFlightExports: the CSV marks the frames in the air with their
// flight's source, the TRC names the flights on its first line.
func checkFlightExports(t *testing.T, c apiClient, id string, fs []analysis.FlightEvent) {
	t.Helper()
	resp, b := c.do(t, http.MethodGet, "/jumping/sessions/"+id+"/export/?format=csv", nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("csv: %d %s", resp.StatusCode, b)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if !strings.HasSuffix(lines[0], ",flight") {
		t.Fatalf("csv header ends %q", lines[0][max(0, len(lines[0])-40):])
	}
	cell := func(i int) string {
		row := strings.Split(lines[1+i], ",")
		return row[len(row)-1]
	}
	for _, f := range fs {
		if got := cell(f.TakeoffFrame); got != "" {
			t.Errorf("csv take-off frame %d: flight %q, want none (a foot is on the ground)", f.TakeoffFrame, got)
		}
		for i := f.TakeoffFrame + 1; i < f.LandingFrame; i++ {
			if got := cell(i); got != f.Source {
				t.Errorf("csv frame %d: flight %q, want %q", i, got, f.Source)
			}
		}
		if got := cell(f.LandingFrame); got != "" {
			t.Errorf("csv landing frame %d: flight %q, want none", f.LandingFrame, got)
		}
	}
	resp, b = c.do(t, http.MethodGet, "/jumping/sessions/"+id+"/export/?format=trc", nil, "")
	first, _, _ := strings.Cut(string(b), "\n")
	want := fmt.Sprintf("%d-%d:%s", fs[0].TakeoffFrame, fs[0].LandingFrame, fs[0].Source)
	if resp.StatusCode != 200 || !strings.Contains(first, "\tflights="+want) || !strings.Contains(first, ":edited") {
		t.Errorf("trc: %d, first line %q, want flights=%s…", resp.StatusCode, first, want)
	}
}

func flightTimes(js []jump.Jump) []float64 {
	var out []float64
	for _, j := range js {
		out = append(out, float64(int(j.FlightTimeS*1000))/1000)
	}
	return out
}
