package tests

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"motionlab/shared/analysis"
	"motionlab/shared/measure"
	"motionlab/tests/testenv"
)

// TestMeasurementsAPI: the measure tool's route keeps a key's
// measurements with its analysis, computes their values itself (metres
// with the analysis's scale), refuses bad or oversized lists, hides them
// from other keys and puts them in the JSON export.
func TestMeasurementsAPI(t *testing.T) {
	data := t.TempDir()
	keyA, keyB := createKey(t, data), createKey(t, data)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	a, b := apiClient{s.URL, "Bearer " + keyA}, apiClient{s.URL, "Bearer " + keyB}
	id := upload202(t, a, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), map[string]string{"height": "170"})
	a.waitDone(t, id, 3*time.Minute)
	path := "/v1/analyses/" + id + "/measurements"

	resp, body := a.do(t, http.MethodGet, path, nil, "")
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"measurements":[]`) {
		t.Fatalf("before any: %d %s", resp.StatusCode, body)
	}
	// The client's own values are ignored: the server computes them.
	put := `{"measurements":[{"kind":"distance","frame":3,"points":[{"x":0,"y":0},{"x":300,"y":400}],"pixels":1},
		{"kind":"angle","frame":4,"points":[{"x":0,"y":0},{"x":300,"y":0},{"x":300,"y":400}],"degrees":1}]}`
	resp, body = a.do(t, http.MethodPut, path, strings.NewReader(put), "application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("put: %d %s", resp.StatusCode, body)
	}
	raw, fps := rawData(t, a, id)
	people, _ := raw.People()
	calc := calculatedOf(t, a, id)
	ppm, _ := measure.PixelsPerMetre(&calc, people, analysis.Defaults())
	var got struct{ Measurements []measure.Measurement }
	resp, body = a.do(t, http.MethodGet, path, nil, "")
	if err := json.Unmarshal(body, &got); err != nil || len(got.Measurements) != 2 || fps <= 0 {
		t.Fatalf("get: %d %s", resp.StatusCode, body)
	}
	d, g := got.Measurements[0], got.Measurements[1]
	if d.Pixels != 500 || d.Metres == nil || math.Abs(*d.Metres-500/ppm) > 1e-9 || math.Abs(g.Degrees-90) > 1e-9 {
		t.Errorf("stored values: %+v %+v (scale %.1f px/m)", d, g, ppm)
	}

	for name, c := range map[string]struct {
		body   string
		status int
	}{
		"two points for an angle":    {`{"measurements":[{"kind":"angle","frame":0,"points":[{"x":0,"y":0},{"x":1,"y":0}]}]}`, 422},
		"a frame past the end":       {`{"measurements":[{"kind":"distance","frame":100000,"points":[{"x":0,"y":0},{"x":1,"y":0}]}]}`, 422},
		"points far off the picture": {`{"measurements":[{"kind":"distance","frame":0,"points":[{"x":-1e308,"y":0},{"x":1e308,"y":0}]}]}`, 422},
		"an unknown kind":            {`{"measurements":[{"kind":"area","frame":0,"points":[{"x":0,"y":0},{"x":1,"y":0}]}]}`, 422},
		"over 100":                   {`{"measurements":[` + strings.Repeat(`{"kind":"distance","frame":0,"points":[{"x":0,"y":0},{"x":1,"y":0}]},`, 100) + `{"kind":"distance","frame":0,"points":[{"x":0,"y":0},{"x":1,"y":0}]}]}`, 422},
		"over 64 KB":                 {fmt.Sprintf(`{"measurements":[{"kind":"distance","frame":0,"label":"%s","points":[{"x":0,"y":0},{"x":1,"y":0}]}]}`, strings.Repeat("x", 70<<10)), 413},
	} {
		if resp, body := a.do(t, http.MethodPut, path, strings.NewReader(c.body), "application/json"); resp.StatusCode != c.status {
			t.Errorf("%s: %d %s, want %d", name, resp.StatusCode, body, c.status)
		}
	}
	if resp, body := b.do(t, http.MethodGet, path, nil, ""); resp.StatusCode != 404 {
		t.Errorf("another key reads: %d %s", resp.StatusCode, body)
	}
	if resp, body := b.do(t, http.MethodPut, path, strings.NewReader(`{"measurements":[]}`), "application/json"); resp.StatusCode != 404 {
		t.Errorf("another key writes: %d %s", resp.StatusCode, body)
	}
	var exp struct{ Measurements []measure.Measurement }
	resp, body = a.do(t, http.MethodGet, "/running/sessions/"+id+"/export/?format=json", nil, "")
	if err := json.Unmarshal(body, &exp); err != nil || resp.StatusCode != 200 || len(exp.Measurements) != 2 {
		t.Errorf("JSON export: %d, %d measurements", resp.StatusCode, len(exp.Measurements))
	}
	// The CSV export: one column per measurement, its value (metres with
	// the scale, degrees) on the row of its frame.
	resp, body = a.do(t, http.MethodGet, "/running/sessions/"+id+"/export/?format=csv", nil, "")
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || resp.StatusCode != 200 || len(rows) < 6 {
		t.Fatalf("CSV export: %d %v", resp.StatusCode, err)
	}
	h := rows[0]
	if h[len(h)-2] != "measure_1_distance_m" || h[len(h)-1] != "measure_2_angle_deg" {
		t.Fatalf("CSV header ends %v", h[len(h)-2:])
	}
	cell := func(frame, back int) string { r := rows[1+frame]; return r[len(r)-back] }
	if v, err := strconv.ParseFloat(cell(3, 2), 64); err != nil || math.Abs(v-*d.Metres) > 1e-4 || cell(4, 2) != "" {
		t.Errorf("CSV distance: frame 3 %q, frame 4 %q, want %.4f m on frame 3 only", cell(3, 2), cell(4, 2), *d.Metres)
	}
	if cell(4, 1) != "90" || cell(3, 1) != "" {
		t.Errorf("CSV angle: frame 4 %q, frame 3 %q, want 90 on frame 4 only", cell(4, 1), cell(3, 1))
	}
}
