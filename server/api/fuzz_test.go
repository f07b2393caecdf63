package api

// Go native fuzz targets for the API's untrusted input (issue 18):
// multipart framing, analysis parameters and keypoint JSON. Plain
// `go test` runs their seed corpora; `go test -fuzz=FuzzX -fuzztime=30s
// ./server/api` explores.

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"motionlab/server/store"
	"motionlab/shared/analysis"
	"motionlab/shared/gait/gaittest"
	"motionlab/shared/running"
	"motionlab/shared/track"
	"motionlab/tests/testenv"
)

// unlimited lifts the per-key budgets: fuzzing sends thousands of requests.
func unlimited(c *Config) { c.RatePerMinute, c.CostlyPerMinute, c.MaxInflight = 1<<30, 1<<30, 1<<30 }

// fakeQueue accepts every analysis (the fuzz targets test the API's
// checks, not the workers).
type fakeQueue struct {
	mu  sync.Mutex
	got []*store.Analysis
}

func (q *fakeQueue) Submit(_ context.Context, a *store.Analysis) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.got = append(q.got, a)
	return nil
}
func (q *fakeQueue) RequestRender(context.Context, string) error           { return nil }
func (q *fakeQueue) RequestRerender(context.Context, string, string) error { return nil }
func (q *fakeQueue) SubmitScan(context.Context, string, string) error      { return nil }
func (q *fakeQueue) Stop(context.Context) error                            { return nil }
func (q *fakeQueue) last() *store.Analysis {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.got[len(q.got)-1]
}
func (q *fakeQueue) count() int { q.mu.Lock(); defer q.mu.Unlock(); return len(q.got) }
func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// checkAnswer fails on a 5xx, or an error without a machine code.
func checkAnswer(t *testing.T, what string, w *httptest.ResponseRecorder) {
	t.Helper()
	if w.Code >= 500 && w.Code != http.StatusServiceUnavailable {
		t.Fatalf("%s: %d %s", what, w.Code, w.Body.Bytes())
	}
	if w.Code >= 400 {
		var e struct{ Code string }
		if json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Code == "" {
			t.Fatalf("%s: %d without a code: %s", what, w.Code, w.Body.Bytes())
		}
	}
}

func readData(f *testing.F, name string) []byte {
	b, err := os.ReadFile(testenv.Data(f, name))
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzMultipartForm: any body under any multipart content type is
// answered with a code, and the form's temp files are removed.
func FuzzMultipartForm(f *testing.F) {
	tmp := f.TempDir()
	f.Setenv("TMPDIR", tmp)
	clip := readData(f, "videos/run_side_overground_sports2d_demo3.mp4")
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.SetBoundary("fuzzboundary")
	mw.WriteField("height", "180")
	fw, _ := mw.CreateFormFile("video", "clip.mp4")
	fw.Write(clip)
	mw.Close()
	f.Add(b.Bytes(), "multipart/form-data; boundary=fuzzboundary", uint8(0))
	f.Add(b.Bytes()[:len(b.Bytes())/2], "Multipart/Form-Data; boundary=fuzzboundary", uint8(1))
	f.Add([]byte("--fuzzboundary--\r\n"), "multipart/form-data; boundary=fuzzboundary", uint8(2))
	f.Add([]byte{}, "multipart/form-data", uint8(0))
	ts := newTestServerWith(f, true, unlimited)
	routes := []string{"/v1/analyses", "/v1/images", "/infer/video", "/v1/scan-session/sess_20261124131830_a1b2c3/video"}
	h := ts.Handler()
	f.Fuzz(func(t *testing.T, body []byte, ctype string, route uint8) {
		req := httptest.NewRequest(http.MethodPost, routes[int(route)%len(routes)], bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		checkAnswer(t, "POST "+req.URL.Path, serve(h, req))
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Fatalf("temp files left: %v", left)
		}
	})
}

// FuzzAnalysisParams: whatever the form's fields say, an upload is either
// refused with a code or queued with parameters that are valid JSON,
// finite, and a pace the analysis accepts.
func FuzzAnalysisParams(f *testing.F) {
	clip := readData(f, "videos/run_side_overground_sports2d_demo3.mp4")
	for _, s := range [][8]string{
		{"180", "70", "", "", "running", "en", "false", ""},
		{"NaN", "70", "", "", "running", "en", "false", ""},
		{"170", "Inf", "92", "04:30", "running", "fr", "true", ""},
		{"1e400", "-1", "NaN", "99:59", "jump", "xx", "maybe", "http://127.0.0.1/x"},
		{"", "", "", "2:00", "lift", "de", "true", "https://partner.example/hook"},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7])
	}
	ts := newTestServerWith(f, true, unlimited)
	q := &fakeQueue{}
	ts.queue = q
	ts.ready.Store(true)
	h := ts.Handler()
	f.Fuzz(func(t *testing.T, height, weight, leg, pace, activity, language, treadmill, callback string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, v := range map[string]string{"height": height, "weight": weight, "leg_length": leg, "pace": pace,
			"activity": activity, "language": language, "treadmill": treadmill, "callback_url": callback} {
			if v != "" {
				mw.WriteField(k, v)
			}
		}
		fw, _ := mw.CreateFormFile("video", "clip.mp4")
		fw.Write(clip)
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/v1/analyses", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		before := q.count()
		w := serve(h, req)
		checkAnswer(t, "upload", w)
		if w.Code != http.StatusAccepted {
			if q.count() != before {
				t.Fatalf("%d, but an analysis was queued", w.Code)
			}
			return
		}
		var p analysis.Params
		if err := json.Unmarshal(q.last().Params, &p); err != nil {
			t.Fatalf("queued params %q: %v", q.last().Params, err)
		}
		for _, v := range []float64{p.Height, p.Weight, p.LegLength} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("queued a non-finite number: %+v", p)
			}
		}
		if p.Pace != "" {
			if _, err := running.ParsePace(p.Pace); err != nil {
				t.Fatalf("queued pace %q the analysis refuses: %v", p.Pace, err)
			}
		}
		ts.files.Remove(q.last().Video)
	})
}

// FuzzKeypointsJSON: any body on /v1/analyses/keypoints is answered
// without a server error or a panic.
func FuzzKeypointsJSON(f *testing.F) {
	frames, _ := gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: 30, Duration: 4, Dir: 1}.Frames(0.2)
	good, err := json.Marshal(map[string]any{"activity": "running", "height": 175, "track": track.Track{FPS: 30, Width: 1280, Height: 720, Frames: frames}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(bytes.Replace(good, []byte(`"fps":30`), []byte(`"fps":1e308`), 1))
	f.Add([]byte(`{"track":{"fps":30,"width":640,"height":480,"frames":[null]}}`))
	f.Add([]byte(strings.Repeat("[", 1000)))
	ts := newTestServerWith(f, true, unlimited)
	h := ts.Handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/v1/analyses/keypoints", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		checkAnswer(t, "keypoints", serve(h, req))
	})
}
