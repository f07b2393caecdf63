package tests

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"motionlab/shared/analysis"
	"motionlab/tests/testenv"
)

// TestEditEventsAPI: with keys, only the analysis's owner edits its
// contacts or calibration (another key: 404 like an unknown id, for PUT
// and for the track); a saved edit records the key that made it and
// reads back on the results and sessions routes; a calibration keeps the
// edited contacts. Runs on SQLite + folder and in the PostgreSQL + S3 suite.
func TestEditEventsAPI(t *testing.T) {
	_, a, b := twoOwners(t)
	resp, body := a.uploadFile(t, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), map[string]string{"height": "170"})
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	var created statusBody
	json.Unmarshal(body, &created)
	a.waitDone(t, created.ID, 3*time.Minute)
	base := "/v1/analyses/" + created.ID
	detected := analysis.DetectedContacts(ptr(calculatedOf(t, a, created.ID)))
	edit := analysis.NewEventsEdit(detected)
	edit.Contacts[0].ToeOff++
	body, _ = json.Marshal(edit)

	resp, out := b.do(t, http.MethodPut, base+"/events", strings.NewReader(string(body)), "application/json")
	wantError(t, "another key's PUT events", resp, out, 404, "not_found")
	resp, out = b.do(t, http.MethodGet, base+"/results/track", nil, "")
	wantError(t, "another key's track", resp, out, 404, "not_found")
	resp, out = b.do(t, http.MethodPut, base+"/calibration", strings.NewReader(`{"x1":40,"y1":320,"x2":440,"y2":320,"length_m":2}`), "application/json")
	wantError(t, "another key's calibration", resp, out, 404, "not_found")

	resp, out = a.do(t, http.MethodPut, base+"/events", strings.NewReader(string(body)), "application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("PUT events: %d %s", resp.StatusCode, out)
	}
	ev := calculatedOf(t, a, created.ID).Events
	if ev == nil || ev.EditedBy == "" || ev.Contacts[0].Source != analysis.SourceEdited || ev.Contacts[1].Source != analysis.SourceDetected {
		t.Fatalf("stored events %+v", ev)
	}
	resp, out = a.do(t, http.MethodGet, "/running/sessions/"+created.ID+"/", nil, "")
	if resp.StatusCode != 200 || !strings.Contains(string(out), `"source":"edited"`) {
		t.Errorf("session: %d, no edited contact in it", resp.StatusCode)
	}
	resp, out = a.do(t, http.MethodPut, base+"/calibration", strings.NewReader(`{"x1":40,"y1":320,"x2":440,"y2":320,"length_m":2}`), "application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("PUT calibration: %d %s", resp.StatusCode, out)
	}
	calc := calculatedOf(t, a, created.ID)
	if calc.Scale.PixelsPerMetre != 200 || calc.Events == nil || calc.Events.Contacts[0].ToeOff != edit.Contacts[0].ToeOff {
		t.Errorf("after calibrating: scale %+v, events %+v", calc.Scale, calc.Events)
	}
}

func ptr[T any](v T) *T { return &v }
