package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"motionlab/shared/sprint"
	"motionlab/tests/testenv"
)

type timingResponse struct {
	Start  sprint.TimingStart `json:"start"`
	Saved  bool               `json:"saved"`
	Timing sprint.Timing      `json:"timing"`
}

func timingOf(t *testing.T, c apiClient, id string) timingResponse {
	t.Helper()
	resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/timing", nil, "")
	var r timingResponse
	if err := json.Unmarshal(b, &r); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET timing: %d %v %s", resp.StatusCode, err, b)
	}
	return r
}

// TestSprintTimingAPI: a sprint's timing start is the analysis's proposal
// until the owner saves one; a saved start (mode, frame, zone, confirmed)
// is read back with the splits sprint.Splits gives for it; bad starts are
// refused with invalid_timing, a run's timing with timing_not_supported,
// another key's with 404; deleting the analysis removes it.
func TestSprintTimingAPI(t *testing.T) {
	data := t.TempDir()
	keyA, keyB := createKey(t, data), createKey(t, data)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	a, b := apiClient{s.URL, "Bearer " + keyA}, apiClient{s.URL, "Bearer " + keyB}
	clip := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	id := upload202(t, a, clip, map[string]string{"activity": "sprint", "height": "170"})
	run := upload202(t, a, clip, map[string]string{"height": "170"})
	a.waitDone(t, id, 3*time.Minute)
	a.waitDone(t, run, 3*time.Minute)
	res := calculatedOf(t, a, id).Sprint.Result
	fps := fpsOf(t, a, id)
	path := "/v1/analyses/" + id + "/timing"

	got := timingOf(t, a, id)
	if prop := sprint.Proposed(res); got.Saved || got.Start != prop || !reflect.DeepEqual(got.Timing, prop.Time(res, fps)) {
		t.Errorf("before any is saved: %+v, want the proposal %+v", got, prop)
	}
	want := sprint.TimingStart{Mode: sprint.StaticStart, Frame: got.Start.Frame + 2, ZoneM: 1.5, Confirmed: true}
	body, _ := json.Marshal(want)
	resp, out := b.do(t, http.MethodPut, path, strings.NewReader(string(body)), "application/json")
	wantError(t, "another key's PUT", resp, out, 404, "not_found")
	resp, out = b.do(t, http.MethodGet, path, nil, "")
	wantError(t, "another key's GET", resp, out, 404, "not_found")
	resp, out = a.do(t, http.MethodGet, "/v1/analyses/"+run+"/timing", nil, "")
	wantError(t, "a run's timing", resp, out, 422, "timing_not_supported")
	n := len(res.Frames)
	for _, tc := range []struct{ what, body, code string }{
		{"a frame past the clip", fmt.Sprintf(`{"mode":"static","frame":%d,"zone_m":10,"confirmed":true}`, n+100), "invalid_timing"},
		{"a zone of 0 m", `{"mode":"static","frame":3,"zone_m":0,"confirmed":true}`, "invalid_timing"},
		{"a zone of a micrometre (tens of millions of zones to time)", `{"mode":"static","frame":3,"zone_m":1e-6,"confirmed":true}`, "invalid_timing"},
		{"a zone over 100 m", `{"mode":"flying","frame":3,"zone_m":101,"confirmed":false}`, "invalid_timing"},
		{"an unknown mode", `{"mode":"rolling","frame":3,"zone_m":10,"confirmed":true}`, "invalid_input"},
	} {
		resp, out := a.do(t, http.MethodPut, path, strings.NewReader(tc.body), "application/json")
		wantError(t, tc.what, resp, out, 422, tc.code)
	}
	if got := timingOf(t, a, id); got.Saved {
		t.Fatalf("a refused start was saved: %+v", got.Start)
	}

	resp, out = a.do(t, http.MethodPut, path, strings.NewReader(string(body)), "application/json")
	var put timingResponse
	if err := json.Unmarshal(out, &put); err != nil || resp.StatusCode != 200 {
		t.Fatalf("PUT timing: %d %s", resp.StatusCode, out)
	}
	splits := want.Time(res, fps)
	if len(splits.Splits) == 0 {
		t.Fatalf("no zone timed from %+v: %+v", want, splits)
	}
	for what, r := range map[string]timingResponse{"PUT": put, "GET": timingOf(t, a, id)} {
		if !r.Saved || r.Start != want || !reflect.DeepEqual(r.Timing, splits) {
			t.Errorf("%s: %+v, want %+v with %+v", what, r, want, splits)
		}
	}
	if resp, out := a.do(t, http.MethodDelete, "/v1/analyses/"+id, nil, ""); resp.StatusCode >= 300 {
		t.Fatalf("delete: %d %s", resp.StatusCode, out)
	}
	resp, out = a.do(t, http.MethodGet, path, nil, "")
	wantError(t, "a deleted analysis's timing", resp, out, 404, "not_found")
}
