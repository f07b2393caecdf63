package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"motionlab/shared/stream"
	"motionlab/tests/testenv"
)

// server is a running motionlab serve process.
type server struct {
	URL  string
	cmd  *exec.Cmd
	logs *bytes.Buffer
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer runs the real binary and waits until /health answers 200.
func startServer(t testing.TB, args ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(binary, append([]string{"serve", "--addr", addr, "--data", t.TempDir(),
		"--public", filepath.Join(testenv.Root(t), "public")}, args...)...)
	cmd.Dir = testenv.Root(t)
	cmd.Env = append(os.Environ(), "MOTIONLAB_MODELS="+testenv.ModelsDir(t), "MOTIONLAB_ORT_LIB="+testenv.RuntimeLib(t))
	s := &server{URL: "http://" + addr, cmd: cmd, logs: &bytes.Buffer{}}
	cmd.Stdout, cmd.Stderr = s.logs, s.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("server log:\n%s", s.logs.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	sawNotReady := false
	for time.Now().Before(deadline) {
		select {
		case <-done:
			t.Fatalf("server exited before it was healthy:\n%s", s.logs.String())
		default:
		}
		resp, err := http.Get(s.URL + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
			if resp.StatusCode == http.StatusServiceUnavailable {
				sawNotReady = true
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server not healthy after 60 s (saw 503: %v)", sawNotReady)
	return nil
}

// event is any SSE event of /infer/video.
type event struct {
	Type        string
	Frame       int
	Total       int
	Pct         float64
	FPS         float64
	Elapsed     float64
	ETA         float64
	FrameWidth  int `json:"frame_width"`
	FrameHeight int `json:"frame_height"`
	TotalFrames int `json:"total_frames"`
	NKpts       int `json:"n_kpts"`
	Frames      [][]float64
	Code        string
	Message     string
}

func postVideo(t *testing.T, url, name string, body io.Reader) *http.Response {
	t.Helper()
	form, ctype := multipartBody("file", name, body, nil)
	resp, err := http.Post(url+"/infer/video", ctype, form)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// readEvents parses a text/event-stream of unnamed events (SprintLab's
// clients read only `data:` lines).
func readEvents(t *testing.T, r io.Reader) []event {
	t.Helper()
	var events []event
	err := stream.Read(r, func(m stream.Message) error {
		if m.Event != "" {
			return fmt.Errorf("event named %q: SprintLab's stream has data lines only", m.Event)
		}
		var e event
		if err := json.Unmarshal(m.Data, &e); err != nil {
			return fmt.Errorf("event %q: %w", m.Data[:min(len(m.Data), 200)], err)
		}
		events = append(events, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func probeFrames(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var n int
	fmt.Sscan(strings.TrimSpace(string(out)), &n)
	return n
}

func inferFile(t *testing.T, s *server, path string) []event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	resp := postVideo(t, s.URL, filepath.Base(path), f)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	return readEvents(t, resp.Body)
}

// checkStream asserts the SprintLab contract and returns the result.
func checkStream(t *testing.T, events []event, frames int) event {
	t.Helper()
	var progress []event
	var results []event
	for _, e := range events {
		switch e.Type {
		case "progress":
			progress = append(progress, e)
		case "result":
			results = append(results, e)
		default:
			t.Fatalf("unexpected event %q: %s", e.Type, e.Message)
		}
	}
	if len(results) != 1 {
		t.Fatalf("%d result events", len(results))
	}
	if len(progress) != frames {
		t.Errorf("%d progress events, want one per frame (%d)", len(progress), frames)
	}
	for i, p := range progress {
		if p.Frame != i || p.Total != frames {
			t.Fatalf("progress %d: frame %d total %d (want %d, %d)", i, p.Frame, p.Total, i, frames)
		}
	}
	if last := progress[len(progress)-1]; last.Pct != 100 || last.ETA != 0 || last.FPS <= 0 {
		t.Errorf("last progress %+v", last)
	}
	r := results[0]
	if r.TotalFrames != frames || len(r.Frames) != frames || r.NKpts != 133 {
		t.Fatalf("result: total_frames %d, %d frames, n_kpts %d (want %d frames, 133)", r.TotalFrames, len(r.Frames), r.NKpts, frames)
	}
	for i, f := range r.Frames {
		if len(f) != 133*6 {
			t.Fatalf("frame %d has %d floats, want 798", i, len(f))
		}
	}
	return r
}

// kp returns COCO-WholeBody point i of a flat frame.
func kp(f []float64, i int) (x, y, score float64) { return f[3*i], f[3*i+1], f[3*i+2] }

func TestInferVideoSports2D(t *testing.T) {
	s := startServer(t)
	path := testenv.Data(t, "videos/sports2d_demo.mp4")
	frames := probeFrames(t, path)
	r := checkStream(t, inferFile(t, s, path), frames)
	if r.FrameWidth != 1768 || r.FrameHeight != 994 || r.FPS < 29 || r.FPS > 31 {
		t.Errorf("video %dx%d @ %.2f fps", r.FrameWidth, r.FrameHeight, r.FPS)
	}
	// The walking man: COCO 11/12 hips, 13/14 knees, 15/16 ankles.
	visible, ordered := 0, 0
	var ankleX []float64
	for _, f := range r.Frames {
		_, hy, hs := kp(f, 11)
		_, ky, ks := kp(f, 13)
		ax, ay, as := kp(f, 15)
		_, hy2, _ := kp(f, 12)
		_, ky2, _ := kp(f, 14)
		ax2, ay2, _ := kp(f, 16)
		if hs < 0.35 || ks < 0.35 || as < 0.35 {
			continue
		}
		visible++
		if (hy+hy2)/2 < (ky+ky2)/2 && (ky+ky2)/2 < (ay+ay2)/2 {
			ordered++
		}
		ankleX = append(ankleX, (ax+ax2)/2)
	}
	t.Logf("subject visible in %d/%d frames, hips>knees>ankles in %d", visible, frames, ordered)
	if visible < frames/2 {
		t.Fatalf("subject visible in only %d of %d frames", visible, frames)
	}
	if float64(ordered) < 0.9*float64(visible) {
		t.Errorf("hips above knees above ankles in %d of %d visible frames (< 90%%)", ordered, visible)
	}
	// He walks across the frame: the ankles move one way overall.
	n := len(ankleX)
	first, last := mean(ankleX[:n/5]), mean(ankleX[n-n/5:])
	if d := last - first; d*d < 200*200 {
		t.Errorf("ankles moved %.0f px across the clip, want a clear direction (> 200 px)", d)
	}
}

func TestInferVideoPortraitPose2Sim(t *testing.T) {
	s := startServer(t)
	path := testenv.Data(t, "videos/pose2sim_cam01.mp4")
	frames := probeFrames(t, path)
	r := checkStream(t, inferFile(t, s, path), frames)
	if r.FrameWidth != 1080 || r.FrameHeight != 1920 {
		t.Errorf("portrait video reported as %dx%d", r.FrameWidth, r.FrameHeight)
	}
	found := 0
	for _, f := range r.Frames {
		if _, _, s := kp(f, 11); s >= 0.35 {
			found++
		}
	}
	if found < frames*8/10 {
		t.Errorf("subject found in %d of %d frames", found, frames)
	}
}

func TestInferVideoBadInputsKeepServing(t *testing.T) {
	s := startServer(t)
	src := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	whole, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		body []byte
	}{
		{"truncated.mp4", whole[:len(whole)/3]},
		{"notes.mp4", []byte("this is a text file, not a video\n")},
		{"empty.mp4", nil},
	}
	for _, c := range cases {
		resp := postVideo(t, s.URL, c.name, bytes.NewReader(c.body))
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			events := readEvents(t, bytes.NewReader(body))
			last := events[len(events)-1]
			if last.Type == "result" {
				// A truncated MP4 may still decode its first part: then the
				// result must cover only what was decodable.
				if c.name != "truncated.mp4" || last.TotalFrames == 0 {
					t.Errorf("%s: got a result", c.name)
				}
				t.Logf("%s: decoded %d frames", c.name, last.TotalFrames)
				continue
			}
			if last.Type != "error" || last.Code == "" || last.Message == "" {
				t.Errorf("%s: stream ends with %+v, want an error event with code and message", c.name, last)
			}
			t.Logf("%s: error event %s: %s", c.name, last.Code, last.Message)
			continue
		}
		var e struct{ Code, Detail string }
		if err := json.Unmarshal(body, &e); err != nil || e.Code == "" || e.Detail == "" {
			t.Errorf("%s: status %d body %s: want a JSON error with code and detail", c.name, resp.StatusCode, body)
		}
		t.Logf("%s: %d %s: %s", c.name, resp.StatusCode, e.Code, e.Detail)
	}
	// Still serving: a real video goes through.
	checkStream(t, inferFile(t, s, src), probeFrames(t, src))
}

func TestOpenAPIAndDocs(t *testing.T) {
	s := startServer(t)
	resp, err := http.Get(s.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]any
	}
	json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	for path, method := range map[string]string{"/health": "get", "/infer/video": "post"} {
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("openapi.json lacks %s %s", method, path)
		}
	}
	for _, p := range []string{"/docs", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css"} {
		resp, err := http.Get(s.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(b) < 100 {
			t.Errorf("%s: %d, %d bytes", p, resp.StatusCode, len(b))
		}
		if p == "/docs" && (bytes.Contains(b, []byte("https://")) || !bytes.Contains(b, []byte("/docs/swagger-ui-bundle.js"))) {
			t.Errorf("/docs must load its UI locally:\n%s", b)
		}
	}
	// CORS is open so a frontend on another origin can call the API.
	req, _ := http.NewRequest(http.MethodOptions, s.URL+"/infer/video", nil)
	req.Header.Set("Origin", "http://localhost:5173")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("preflight Access-Control-Allow-Origin %q", got)
	}
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func TestInferVideoOversizeUploadIs413(t *testing.T) {
	s := startServer(t, "--max-upload-mb", "1")
	// 3 MB of zeros streamed without a Content-Length: the server must stop
	// reading at the limit rather than buffer the body.
	resp := postVideo(t, s.URL, "big.mp4", io.LimitReader(zeroReader{}, 3<<20))
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var e struct{ Code, Detail string }
	json.Unmarshal(body, &e)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || e.Code != "file_too_large" {
		t.Fatalf("status %d body %s, want 413 file_too_large", resp.StatusCode, body)
	}
	// Still serving.
	src := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	checkStream(t, inferFile(t, s, src), probeFrames(t, src))
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// twoOwners starts a server (with args) and makes two API keys: a and b
// call it as two different owners.
func twoOwners(t *testing.T, args ...string) (*server, apiClient, apiClient) {
	t.Helper()
	data := t.TempDir()
	keyA, keyB := createKey(t, data), createKey(t, data)
	s := startServer(t, append([]string{"--data", data}, args...)...)
	return s, apiClient{s.URL, "Bearer " + keyA}, apiClient{s.URL, "Bearer " + keyB}
}
