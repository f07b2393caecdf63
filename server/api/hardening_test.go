package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/metrics"
	"motionlab/server/store"
	"motionlab/shared/upload"
)

// testServer is the API on a real SQLite store in a temp folder, without
// models (never Start-ed: not ready), behind the same middleware as
// `serve`. dev: keyless requests act as the development key.
type testServer struct {
	*Server
	st   *store.Store
	dev  *store.Key
	data string
	http *httptest.Server
}

func newTestServer(t testing.TB, dev bool) *testServer { return newTestServerWith(t, dev, nil) }

func newTestServerWith(t testing.TB, dev bool, edit func(*Config)) *testServer {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	st, err := store.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	secrets, err := st.LoadSecrets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{st: st, data: data}
	cfg := Config{Meta: st, Files: st.Blobs, PublicDir: t.TempDir(), Secrets: secrets}
	if dev {
		if ts.dev, err = st.DevKey(ctx); err != nil {
			t.Fatal(err)
		}
		cfg.DevKey = ts.dev
	}
	if edit != nil {
		edit(&cfg)
	}
	if ts.Server, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	return ts
}

func (ts *testServer) start(t *testing.T) string {
	ts.http = httptest.NewServer(ts.Handler())
	t.Cleanup(ts.http.Close)
	return ts.http.URL
}

func do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	return do(t, req)
}

// TestAuthFailsClosed: an operation that does not declare itself public
// needs a key, wherever its path is; the public ones still answer
// without one.
func TestAuthFailsClosed(t *testing.T) {
	ts := newTestServer(t, false)
	huma.Register(ts.api, huma.Operation{OperationID: "new-report", Method: http.MethodGet, Path: "/admin/report"},
		func(context.Context, *struct{}) (*struct{ Body string }, error) {
			return &struct{ Body string }{"secret"}, nil
		})
	url := ts.start(t)
	for path, want := range map[string]int{
		"/admin/report":       401,
		"/v1/analyses":        401,
		"/v1/no-such-thing":   401,
		"/health":             503, // public, not ready
		"/openapi.json":       200,
		"/":                   200, // the web app
		"/media/x.mp4?sig=no": 403, // public, but the signature is checked
	} {
		resp, body := get(t, url+path)
		if resp.StatusCode != want {
			t.Errorf("GET %s without a key: %d %s, want %d", path, resp.StatusCode, body[:min(len(body), 200)], want)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, url+"/", strings.NewReader("x"))
	if resp, _ := do(t, req); resp.StatusCode != 401 {
		t.Errorf("POST / without a key: %d, want 401 (only the app's GET pages are public)", resp.StatusCode)
	}
}

// TestUnknownMethodsAreOther: made-up methods share one "other" label, so
// they cannot add Prometheus series without bound.
func TestUnknownMethodsAreOther(t *testing.T) {
	ts := newTestServer(t, false)
	url := ts.start(t)
	for i := range 20 {
		req, _ := http.NewRequest(fmt.Sprintf("BREW%d", i), url+"/health", nil)
		do(t, req)
	}
	families, err := metrics.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	other := 0
	for _, f := range families {
		if f.GetName() != "motionlab_http_request_duration_seconds" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() != "method" {
					continue
				}
				switch v := l.GetValue(); {
				case strings.HasPrefix(v, "BREW"):
					t.Errorf("series with method %q", v)
				case v == "other":
					other++
				}
			}
		}
	}
	if other == 0 {
		t.Error("no series with method \"other\"")
	}
}

// multipartRequest streams a form with one file of size bytes.
func multipartRequest(t *testing.T, url, field, name string, size int64, ctype func(string) string) *http.Request {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, err := mw.CreateFormFile(field, name)
		if err == nil {
			_, err = io.Copy(fw, io.LimitReader(zeros{}, size))
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, url, pr)
	req.Header.Set("Content-Type", ctype(mw.FormDataContentType()))
	return req
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func apiCode(body []byte) string {
	var e struct{ Code string }
	json.Unmarshal(body, &e)
	return e.Code
}

// TestUploadCapsAreExact: the cap applies to the file part itself (not
// the file plus the form's slack), whatever the case of the media type,
// and the form's temp files are gone after every request.
func TestUploadCapsAreExact(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ts := newTestServer(t, true)
	url := ts.start(t) + "/v1/analyses"
	same := func(s string) string { return s }
	mixed := func(s string) string { return strings.Replace(s, "multipart/form-data", "Multipart/Form-Data", 1) }
	for _, c := range []struct {
		what  string
		size  int64
		ctype func(string) string
		want  int
		code  string
	}{
		{"40 MB, mixed-case media type", 40 << 20, mixed, 413, upload.CodeTooLarge},
		{"30 MiB + 1 byte", upload.MaxBytes + 1, same, 413, upload.CodeTooLarge},
		{"30 MiB + 40 KB, mixed case", upload.MaxBytes + 40<<10, mixed, 413, upload.CodeTooLarge},
		// At the cap the upload reaches the handler, which is not ready.
		{"30 MiB exactly", upload.MaxBytes, same, 503, "not_ready"},
		{"1 MB, mixed case", 1 << 20, mixed, 503, "not_ready"},
	} {
		resp, body := do(t, multipartRequest(t, url, "video", "run.mp4", c.size, c.ctype))
		if resp.StatusCode != c.want || apiCode(body) != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.what, resp.StatusCode, body, c.want, c.code)
		}
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "*"))
	if len(left) > 0 {
		t.Errorf("temp files left behind: %v", left)
	}
	// A body on a route without uploads is capped too.
	req, _ := http.NewRequest(http.MethodPost, ts.http.URL+"/v1/embed/tokens", io.LimitReader(zeros{}, 40<<20))
	req.Header.Set("Content-Type", "application/json")
	if resp, body := do(t, req); resp.StatusCode != 413 {
		t.Errorf("40 MB JSON body: %d %s, want 413", resp.StatusCode, body[:min(200, len(body))])
	}
}

// TestInternalErrorsHideDetails: a 500 says only that it happened and
// which request it was; the details (here a server path) go to the log
// with the same request id.
func TestInternalErrorsHideDetails(t *testing.T) {
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	ts := newTestServer(t, true)
	url := ts.start(t)
	// A finished analysis whose calculated data blob is missing.
	a := &store.Analysis{ID: store.NewID(), KeyID: ts.dev.ID, Params: json.RawMessage(`{}`), Filename: "run.mp4"}
	if err := ts.st.InsertBrowserAnalysis(context.Background(), a, store.Outputs{Result: store.NewID() + ".json", Calculated: store.NewID() + ".json"}); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, url+"/v1/analyses/"+a.ID+"/results")
	var e struct {
		Code      string
		RequestID string `json:"request_id"`
	}
	json.Unmarshal(body, &e)
	id := resp.Header.Get(requestIDHeader)
	if resp.StatusCode != 500 || e.Code != "internal_error" || e.RequestID == "" || e.RequestID != id {
		t.Errorf("%d %s (X-Request-Id %s), want 500 internal_error with the request id", resp.StatusCode, body, id)
	}
	if bytes.Contains(body, []byte(ts.data)) || bytes.Contains(body, []byte("no such file")) {
		t.Errorf("the answer leaks details: %s", body)
	}
	if !strings.Contains(logs.String(), "request="+id) || !strings.Contains(logs.String(), "no such file") {
		t.Errorf("the details are not logged with the request id:\n%s", logs.String())
	}
}

// TestUnreadableParamsDoNotBreakResults: a row whose params are not JSON
// (an older version stored "" for NaN heights) still answers.
func TestUnreadableParamsDoNotBreakResults(t *testing.T) {
	ts := newTestServer(t, true)
	url := ts.start(t)
	a := &store.Analysis{ID: store.NewID(), KeyID: ts.dev.ID, Params: json.RawMessage(""), Video: store.NewID() + ".mp4", Filename: "run.mp4"}
	if err := store.InsertAnalysisTx(context.Background(), ts.st.DB, a); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, url+"/v1/analyses/"+a.ID+"/results")
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"params":null`)) {
		t.Errorf("%d %s, want 200 with params null", resp.StatusCode, body)
	}
}

// TestPageHasAMaximum: an enormous page is refused up front (an offset
// that overflows is a 500 on PostgreSQL).
func TestPageHasAMaximum(t *testing.T) {
	ts := newTestServer(t, true)
	url := ts.start(t)
	for q, want := range map[string]int{"page=100000": 200, "page=100001": 422, "page=9223372036854775807": 422, "page=0": 422} {
		if resp, body := get(t, url+"/v1/analyses?"+q); resp.StatusCode != want {
			t.Errorf("%s: %d %s, want %d", q, resp.StatusCode, body, want)
		}
	}
}

// TestInferRefusesBeforeTheStream: while the models load, /infer/video
// answers 503 with a code, not a 200 whose stream carries the error.
func TestInferRefusesBeforeTheStream(t *testing.T) {
	ts := newTestServer(t, true)
	url := ts.start(t)
	resp, body := do(t, multipartRequest(t, url+"/infer/video", "file", "clip.mp4", 1000, func(s string) string { return s }))
	if resp.StatusCode != 503 || apiCode(body) != "not_ready" {
		t.Errorf("%d %s, want 503 not_ready", resp.StatusCode, body)
	}
}

// TestDevModeAnswersOnlyLocalRequests: without keys, requests act as the
// development key only when addressed to localhost from a local page, so
// neither DNS rebinding nor another site's page can use it.
func TestDevModeAnswersOnlyLocalRequests(t *testing.T) {
	ts := newTestServer(t, true)
	url := ts.start(t)
	for _, c := range []struct {
		host, origin string
		want         int
	}{
		{"", "", 200},
		{"localhost:8000", "", 200},
		{"", "http://127.0.0.1:8000", 200},
		{"", "http://localhost:5173", 200},
		{"rebound.attacker.example:8000", "", 403},
		{"", "https://attacker.example", 403},
		{"", "null", 403},
	} {
		req, _ := http.NewRequest(http.MethodGet, url+"/v1/analyses", nil)
		if c.host != "" {
			req.Host = c.host
		}
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		if resp, body := do(t, req); resp.StatusCode != c.want {
			t.Errorf("Host %q Origin %q: %d %s, want %d", c.host, c.origin, resp.StatusCode, body, c.want)
		}
	}
}

// TestFreeOperationsAreBoundedPerKey: requests that spend no credit
// (keypoint analyses, photos, /infer/video, vitals) have a budget of
// their own per key, and at most MaxInflight synchronous inferences run
// for one key at once.
func TestFreeOperationsAreBoundedPerKey(t *testing.T) {
	ts := newTestServerWith(t, true, func(c *Config) { c.CostlyPerMinute = 3 })
	url := ts.start(t)
	for i := range 4 {
		req, _ := http.NewRequest(http.MethodPost, url+"/v1/analyses/keypoints", strings.NewReader(`{"track":{}}`))
		req.Header.Set("Content-Type", "application/json")
		resp, body := do(t, req)
		if i < 3 && resp.StatusCode == 429 || i == 3 && (resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "") {
			t.Errorf("keypoints request %d: %d %s", i+1, resp.StatusCode, body)
		}
	}
	// Other operations are not charged to that budget.
	if resp, body := get(t, url+"/v1/analyses"); resp.StatusCode != 200 {
		t.Errorf("list after the costly budget is spent: %d %s", resp.StatusCode, body)
	}
	f := &inflight{max: 2, keys: map[string]int{}}
	r1, ok1 := f.acquire("a")
	_, ok2 := f.acquire("a")
	_, ok3 := f.acquire("a")
	_, okB := f.acquire("b")
	if !ok1 || !ok2 || ok3 || !okB {
		t.Fatalf("acquire: %v %v %v %v, want true true false true", ok1, ok2, ok3, okB)
	}
	r1()
	if _, ok := f.acquire("a"); !ok {
		t.Error("a slot was not released")
	}
}
