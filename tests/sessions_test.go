package tests

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"motionlab/shared/export"
	"motionlab/shared/running"
	"motionlab/tests/testenv"
)

// TestSessionsAndExports: seed 001's session paths and the exports, after
// a real analysis of the Sports2D demo, with two keys.
func TestSessionsAndExports(t *testing.T) {
	data := t.TempDir()
	keyA, keyB := createKey(t, data), createKey(t, data)
	s := startServer(t, "--data", data, "--media-ttl", "4", "--rate-per-minute", "6000")
	a := apiClient{s.URL, "API-KEY " + keyA}
	b := apiClient{s.URL, "Bearer " + keyB}
	src := testenv.Data(t, "videos/sports2d_demo.mp4")
	id := upload202(t, a, src, nil)
	a.waitDone(t, id, 3*time.Minute)

	resp, body := a.do(t, "GET", "/running/sessions/"+id+"/", nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("running session: %d %s", resp.StatusCode, body)
	}
	var sess struct {
		SessionID        string                      `json:"session_id"`
		Activity         string                      `json:"activity"`
		AnalyzedVideoURL *string                     `json:"analyzed_video_url"`
		VideoURL         string                      `json:"video_url"`
		CreatedAt        struct{ Date, Time string } `json:"created_at"`
		FPS              float64
		Timestamps       []float64
		Angles           map[string][]*float64
		Metrics          *running.Result
		ExportURL        string `json:"export_url"`
	}
	if err := json.Unmarshal(body, &sess); err != nil {
		t.Fatal(err)
	}
	if sess.SessionID != id || sess.Activity != "running" || sess.VideoURL == "" || sess.FPS != 30 || len(sess.Timestamps) != 230 {
		t.Errorf("session: id %s activity %s video %q fps %v, %d timestamps", sess.SessionID, sess.Activity, sess.VideoURL, sess.FPS, len(sess.Timestamps))
	}
	if !regexp.MustCompile(`^\d\d/\d\d/\d{4}$`).MatchString(sess.CreatedAt.Date) || !regexp.MustCompile(`^\d\d:\d\d [AP]M$`).MatchString(sess.CreatedAt.Time) {
		t.Errorf("created_at %+v, want MM/DD/YYYY and hh:mm AM", sess.CreatedAt)
	}
	if k := sess.Angles["left_knee"]; len(k) != 230 || k[0] != nil || k[100] == nil {
		t.Errorf("left_knee series: %d values, frame 0 %v (not seen), frame 100 %v (seen)", len(k), k[0], k[100])
	}
	if sess.Metrics == nil || sess.Metrics.SideView == nil || len(sess.Metrics.Metrics.Steps) == 0 {
		t.Errorf("session metrics missing")
	}

	// Ownership and families.
	for _, c := range []struct {
		who  apiClient
		path string
		want int
	}{
		{b, "/running/sessions/" + id + "/", 404},
		{a, "/jumping/sessions/" + id + "/", 404},
		{a, "/weightlifting/sessions/" + id + "/export/", 404},
		{apiClient{s.URL, ""}, "/running/sessions/" + id + "/", 401},
		{b, "/sessions/" + id + "/analyzed-video/", 404},
		{a, "/running/sessions/00000000000000000000000000000000/", 404},
	} {
		if r, body := c.who.do(t, "GET", c.path, nil, ""); r.StatusCode != c.want {
			t.Errorf("%s: %d %s, want %d", c.path, r.StatusCode, body, c.want)
		}
	}

	// The analyzed video: ready (rendered after the analysis) or made on request.
	var videoURL string
	for _, path := range []string{"/sessions/" + id + "/analyzed-video/", "/session-management/sessions/" + id + "/analyzed-video/"} {
		for deadline := time.Now().Add(90 * time.Second); ; {
			r, body := a.do(t, "GET", path, nil, "")
			var av struct {
				Status           string
				AnalyzedVideoURL string `json:"analyzed_video_url"`
			}
			json.Unmarshal(body, &av)
			if r.StatusCode == 200 && av.Status == "ready" && strings.HasPrefix(av.AnalyzedVideoURL, "/media/") {
				videoURL = av.AnalyzedVideoURL
				break
			}
			if r.StatusCode != 202 || time.Now().After(deadline) {
				t.Fatalf("%s: %d %s", path, r.StatusCode, body)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	_, body = a.do(t, "GET", "/running/sessions/"+id+"/export/", nil, "")
	var ex struct {
		Layout    []string
		Keypoints [][][3]float64
		Angles    map[string][]*float64
		Metrics   *running.Result
	}
	if err := json.Unmarshal(body, &ex); err != nil || len(ex.Keypoints) != 230 || len(ex.Layout) != 33 || ex.Metrics == nil {
		t.Fatalf("json export: %v, %d frames, %d names", err, len(ex.Keypoints), len(ex.Layout))
	}
	knee := ex.Keypoints[100][25] // left_knee
	checkAnnotatedVideoAt(t, a, videoURL, src, 100, knee[0], knee[1])

	// CSV: one row per frame, keypoint and angle columns, values as in JSON.
	resp, body = a.do(t, "GET", "/running/sessions/"+id+"/export/?format=csv", nil, "")
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if resp.StatusCode != 200 || err != nil || len(rows) != 231 {
		t.Fatalf("csv: %d, %v, %d rows", resp.StatusCode, err, len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if _, ok := col["left_knee_x"]; !ok || col["left_knee"] == 0 {
		t.Fatalf("csv header lacks left_knee_x or the left_knee angle: %v", rows[0][:5])
	}
	if got := rows[101][col["left_knee_x"]]; math.Abs(atof(t, got)-knee[0]) > 0.01 {
		t.Errorf("csv frame 100 left_knee_x %s, json %v", got, knee[0])
	}

	// TRC and MOT parse back; .mot angles equal the JSON angles.
	resp, body = a.do(t, "GET", "/running/sessions/"+id+"/export/?format=trc", nil, "")
	markers, trc, err := export.ReadTRC(bytes.NewReader(body))
	if resp.StatusCode != 200 || err != nil || len(markers) != 33 || len(trc) != 230 {
		t.Fatalf("trc: %d, %v, %d markers, %d rows", resp.StatusCode, err, len(markers), len(trc))
	}
	resp, body = a.do(t, "GET", "/running/sessions/"+id+"/export/?format=mot", nil, "")
	names, times, values, err := export.ReadMOT(bytes.NewReader(body))
	if resp.StatusCode != 200 || err != nil || len(times) != 230 {
		t.Fatalf("mot: %d, %v, %d rows", resp.StatusCode, err, len(times))
	}
	for j, n := range names {
		series := ex.Angles[n]
		for i, v := range values {
			want := math.NaN()
			if series != nil && series[i] != nil {
				want = *series[i]
			}
			if math.IsNaN(want) != math.IsNaN(v[j]) || !math.IsNaN(want) && math.Abs(want-v[j]) > 0.01 {
				t.Fatalf("mot %s frame %d = %v, json %v", n, i, v[j], want)
			}
		}
	}
	if r, body := a.do(t, "GET", "/running/sessions/"+id+"/export/?format=xls", nil, ""); r.StatusCode != 422 {
		t.Errorf("format=xls: %d %s", r.StatusCode, body)
	}

	// Compression: zstd when asked.
	req, _ := http.NewRequest("GET", s.URL+"/running/sessions/"+id+"/export/?format=csv", nil)
	req.Header.Set("Authorization", "API-KEY "+keyA)
	req.Header.Set("Accept-Encoding", "zstd")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.Header.Get("Content-Encoding") != "zstd" {
		t.Errorf("csv export with Accept-Encoding zstd: Content-Encoding %q", r.Header.Get("Content-Encoding"))
	}

	// Signed links expire (--media-ttl 4 s).
	time.Sleep(5 * time.Second)
	r2, body := apiClient{url: s.URL}.do(t, "GET", videoURL, nil, "")
	wantError(t, "expired link", r2, body, 403, "link_expired")
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return f
}
