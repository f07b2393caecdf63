package tests

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"motionlab/tests/testenv"
)

// createKey runs `motionlab keys create` and returns the key (last line).
func createKey(t *testing.T, data string, extra ...string) string {
	t.Helper()
	out, err := exec.Command(binary, append([]string{"keys", "create", "--name", "e2e", "--data", data}, extra...)...).Output()
	if err != nil {
		t.Fatalf("keys create: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	key := lines[len(lines)-1]
	if !strings.HasPrefix(key, "ml_") {
		t.Fatalf("last line %q is not a key", key)
	}
	return key
}

type apiClient struct {
	url, auth string
}

func (c apiClient) do(t *testing.T, method, path string, body io.Reader, ctype string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, c.url+path, body)
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, b
}

// upload posts a video (streamed from r) with form fields.
// multipartBody streams a multipart form: the fields, then r as the file
// field named field (so a large body is never held in memory).
func multipartBody(field, name string, r io.Reader, fields map[string]string) (io.Reader, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		var err error
		for k, v := range fields {
			if err == nil {
				err = mw.WriteField(k, v)
			}
		}
		if err == nil {
			var fw io.Writer
			if fw, err = mw.CreateFormFile(field, name); err == nil {
				_, err = io.Copy(fw, r)
			}
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, mw.FormDataContentType()
}

func (c apiClient) upload(t *testing.T, name string, r io.Reader, fields map[string]string) (*http.Response, []byte) {
	t.Helper()
	body, ctype := multipartBody("video", name, r, fields)
	return c.do(t, http.MethodPost, "/v1/analyses", body, ctype)
}

func (c apiClient) uploadFile(t *testing.T, path string, fields map[string]string) (*http.Response, []byte) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return c.upload(t, filepath.Base(path), f, fields)
}

type apiError struct {
	Status int
	Code   string
	Detail string
	Reason string
	Errors []struct{ Location string }
}

func wantError(t *testing.T, what string, resp *http.Response, body []byte, status int, code string) apiError {
	t.Helper()
	var e apiError
	json.Unmarshal(body, &e)
	if resp.StatusCode != status || e.Code != code || e.Detail == "" {
		t.Errorf("%s: %d %s, want %d with code %q and a detail", what, resp.StatusCode, body, status, code)
	}
	return e
}

type statusBody struct {
	ID         string
	Status     string
	Percentage float64
}

// waitDone polls results until success or failure, checking each status's HTTP code.
func (c apiClient) waitDone(t *testing.T, id string, timeout time.Duration) statusBody {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
		var s statusBody
		json.Unmarshal(b, &s)
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			// Polling faster than the key's budget: wait as told.
			after, _ := time.ParseDuration(resp.Header.Get("Retry-After") + "s")
			time.Sleep(after)
		case resp.StatusCode == 200 && s.Status == "pending":
		case resp.StatusCode == 202 && s.Status == "analyzing":
		case resp.StatusCode == 200 && s.Status == "success":
			return s
		case resp.StatusCode == 400:
			t.Fatalf("analysis failed: %s", b)
		default:
			t.Fatalf("results: %d %s", resp.StatusCode, b)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("analysis %s not done after %s", id, timeout)
	return statusBody{}
}

func TestAnalysesLifecycleWithKeys(t *testing.T) {
	data := t.TempDir()
	keyA, keyB := createKey(t, data), createKey(t, data)
	s := startServer(t, "--data", data)
	a := apiClient{s.URL, "Bearer " + keyA}
	b := apiClient{s.URL, "API-KEY " + keyB}

	resp, body := apiClient{url: s.URL}.do(t, http.MethodGet, "/v1/analyses", nil, "")
	wantError(t, "no key", resp, body, 401, "unauthorized")
	resp, body = apiClient{s.URL, "Bearer ml_wrong"}.do(t, http.MethodGet, "/v1/analyses", nil, "")
	wantError(t, "wrong key", resp, body, 401, "unauthorized")

	path := testenv.Data(t, "videos/sports2d_demo.mp4")
	resp, body = a.uploadFile(t, path, map[string]string{"height": "180", "analysis_type": "side_view"})
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("upload response lacks %s", h)
		}
	}
	var created statusBody
	json.Unmarshal(body, &created)
	if len(created.ID) != 32 || created.Status != "pending" {
		t.Fatalf("created %s", body)
	}
	// Before success the data endpoints say not_completed (or the job is already done).
	resp, body = a.do(t, http.MethodGet, "/v1/analyses/"+created.ID+"/results/raw_data", nil, "")
	if resp.StatusCode != 200 {
		wantError(t, "raw_data early", resp, body, 400, "not_completed")
	}
	// Another key cannot see it; unknown ids are 404.
	resp, body = b.do(t, http.MethodGet, "/v1/analyses/"+created.ID+"/results", nil, "")
	wantError(t, "other key", resp, body, 404, "not_found")
	resp, body = a.do(t, http.MethodGet, "/v1/analyses/"+strings.Repeat("0", 32)+"/results/raw_data", nil, "")
	wantError(t, "unknown id", resp, body, 404, "not_found")

	a.waitDone(t, created.ID, 2*time.Minute)
	resp, body = a.do(t, http.MethodGet, "/v1/analyses/"+created.ID+"/results/raw_data", nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("raw_data: %d %s", resp.StatusCode, body)
	}
	var raw struct {
		VideoInputInformation struct {
			Width, Height int
			FPS, Duration float64
			Frames        int
		} `json:"video_input_information"`
		Frames map[string]map[string]struct{ X, Y, Z, Visibility float64 }
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	vi := raw.VideoInputInformation
	if vi.Width != 1768 || vi.Height != 994 || vi.Frames != 230 || vi.Duration < 7.6 || vi.Duration > 7.7 {
		t.Errorf("video_input_information %+v", vi)
	}
	if len(raw.Frames) != 230 {
		t.Fatalf("%d frames", len(raw.Frames))
	}
	seen := 0
	for i := 0; i < 230; i++ {
		f, ok := raw.Frames[fmt.Sprint(i)]
		if !ok {
			t.Fatalf("frame %d missing", i)
		}
		if f != nil {
			seen++
			if _, ok := f["left_knee"]; !ok || len(f) != 33 {
				t.Fatalf("frame %d has %d landmarks", i, len(f))
			}
		}
	}
	if seen < 100 {
		t.Errorf("athlete seen in %d frames", seen)
	}
	var list struct {
		Items []statusBody
		Total int
	}
	_, body = a.do(t, http.MethodGet, "/v1/analyses?page=1&page_size=10", nil, "")
	json.Unmarshal(body, &list)
	if list.Total != 1 || len(list.Items) != 1 || list.Items[0].Status != "success" {
		t.Errorf("key A's list: %s", body)
	}
	_, body = b.do(t, http.MethodGet, "/v1/analyses", nil, "")
	json.Unmarshal(body, &list)
	if list.Total != 0 {
		t.Errorf("key B sees %d analyses", list.Total)
	}
}

func TestAnalysesBadInputs(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	broke := createKey(t, data, "--credits", "0")
	s := startServer(t, "--data", data)
	c := apiClient{s.URL, "Bearer " + key}
	clip := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")

	resp, body := c.upload(t, "big.mp4", io.LimitReader(zeroReader{}, 31<<20), nil)
	wantError(t, "31 MB", resp, body, 413, "file_too_large")
	resp, body = c.upload(t, "notes.txt", strings.NewReader("hello"), nil)
	wantError(t, ".txt", resp, body, 400, "invalid_file_type")
	resp, body = c.upload(t, "notes.mp4", strings.NewReader("this is text, not a video"), nil)
	wantError(t, "text as .mp4", resp, body, 422, "invalid_video")
	resp, body = c.uploadFile(t, testenv.Data(t, "videos/walk_side_sports2d_demo4.mp4"), nil)
	wantError(t, "13.4 s", resp, body, 400, "video_too_long")
	resp, body = c.uploadFile(t, clip, map[string]string{"treadmill": "true"})
	wantError(t, "treadmill without pace", resp, body, 400, "pace_required")
	resp, body = c.uploadFile(t, clip, map[string]string{"activity": "jump"})
	wantError(t, "jump without height", resp, body, 400, "jump_analysis_missing_height")
	resp, body = c.uploadFile(t, clip, map[string]string{"activity": "lift", "exercise": "curl"})
	wantError(t, "exercise=curl", resp, body, 422, "invalid_input")
	for field, bad := range map[string]string{"language": "xx", "analysis_type": "top_view", "height": "20", "pace": "5m30"} {
		resp, body = c.uploadFile(t, clip, map[string]string{field: bad})
		e := wantError(t, field+"="+bad, resp, body, 422, "invalid_input")
		if len(e.Errors) == 0 || e.Errors[0].Location != "form."+field {
			t.Errorf("%s=%s: error does not name the field: %s", field, bad, body)
		}
	}
	resp, body = apiClient{s.URL, "Bearer " + broke}.uploadFile(t, clip, nil)
	wantError(t, "no credits", resp, body, 402, "insufficient_credits")

	// Still serving, and a good upload goes through.
	resp, body = c.uploadFile(t, clip, map[string]string{"treadmill": "true", "pace": "5:30", "language": "fr"})
	if resp.StatusCode != 202 {
		t.Fatalf("good upload after bad ones: %d %s", resp.StatusCode, body)
	}
	var created statusBody
	json.Unmarshal(body, &created)
	c.waitDone(t, created.ID, time.Minute)
}

// TestAnalysisSurvivesKill9: the server is killed mid-analysis; at restart
// the analysis runs again and completes, and the upload is intact.
func TestAnalysisSurvivesKill9(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	path := testenv.Data(t, "videos/sports2d_demo.mp4")
	orig, _ := os.ReadFile(path)
	s := startServer(t, "--data", data)
	c := apiClient{s.URL, "Bearer " + key}
	resp, body := c.uploadFile(t, path, nil)
	if resp.StatusCode != 202 {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	var created statusBody
	json.Unmarshal(body, &created)
	// Wait until it is analyzing, then kill -9.
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+created.ID+"/results", nil, "")
		var st statusBody
		json.Unmarshal(b, &st)
		if resp.StatusCode == 202 && st.Percentage > 0 {
			break
		}
		if st.Status == "success" || time.Now().After(deadline) {
			t.Fatalf("could not catch the analysis running: %s", b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Process.Wait()

	s2 := startServer(t, "--data", data)
	c.url = s2.URL
	c.waitDone(t, created.ID, 2*time.Minute)
	// The upload is byte-for-byte the file that was sent.
	blobs, _ := filepath.Glob(filepath.Join(data, "blobs", "*.mp4"))
	want := sha256.Sum256(orig)
	found := false
	for _, b := range blobs {
		got, _ := os.ReadFile(b)
		if sha256.Sum256(got) == want {
			found = true
		}
	}
	if !found {
		t.Errorf("no intact copy of the upload among %v", blobs)
	}
}

func TestServeRefusesPublicAddressWithoutKeys(t *testing.T) {
	cmd := exec.Command(binary, "serve", "--addr", "0.0.0.0:0", "--data", t.TempDir())
	cmd.Env = append(os.Environ(), "MOTIONLAB_MODELS="+testenv.ModelsDir(t), "MOTIONLAB_ORT_LIB="+testenv.RuntimeLib(t))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil || !strings.Contains(out.String(), "not loopback") {
		t.Errorf("serve on 0.0.0.0 without keys: err %v, output %q", err, out.String())
	}
}

// TestRateLimit: a key with a budget of 5 requests a minute gets 429 with
// Retry-After on the 6th, and the headers count down.
func TestRateLimit(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data, "--rate-per-minute", "5")
	c := apiClient{s.URL, "Bearer " + key}
	for i := 0; i < 5; i++ {
		resp, body := c.do(t, http.MethodGet, "/v1/analyses", nil, "")
		if resp.StatusCode != 200 {
			t.Fatalf("request %d: %d %s", i+1, resp.StatusCode, body)
		}
		if got, want := resp.Header.Get("X-RateLimit-Remaining"), fmt.Sprint(4-i); got != want || resp.Header.Get("X-RateLimit-Limit") != "5" {
			t.Errorf("request %d: remaining %q limit %q, want %s and 5", i+1, got, resp.Header.Get("X-RateLimit-Limit"), want)
		}
	}
	resp, body := c.do(t, http.MethodGet, "/v1/analyses", nil, "")
	wantError(t, "6th request", resp, body, 429, "rate_limited")
	if resp.Header.Get("Retry-After") == "" || resp.Header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("429 headers: %v", resp.Header)
	}
	// Public endpoints are not limited.
	if r, _ := c.do(t, http.MethodGet, "/health", nil, ""); r.StatusCode != 200 {
		t.Errorf("/health after the budget is spent: %d", r.StatusCode)
	}
}
