package tests

// End-to-end tests of issue 18's hardening: hostile input, stuck jobs,
// SSRF and resource limits, each against the real server binary.

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"motionlab/server/store"
	"motionlab/tests/testenv"
)

// finalStatus polls an analysis until it succeeds or fails and returns
// its status and the last body.
func (c apiClient) finalStatus(t *testing.T, id string, timeout time.Duration) (string, []byte) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, b := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
		var s struct{ Status, Code string }
		json.Unmarshal(b, &s)
		switch {
		case resp.StatusCode == 200 && s.Status == "success":
			return "success", b
		case resp.StatusCode == 400 && s.Code == "analysis_failed":
			return "failed", b
		case resp.StatusCode == 200 || resp.StatusCode == 202 || resp.StatusCode == 429:
		default:
			t.Fatalf("results of %s: %d %s", id, resp.StatusCode, b)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("analysis %s neither succeeded nor failed within %s", id, timeout)
	return "", nil
}

// keyID finds the id of a key from its secret.
func keyID(t *testing.T, st *store.Store, secret string) string {
	t.Helper()
	k, _, err := st.KeyByHash(context.Background(), store.HashKey(secret))
	if err != nil {
		t.Fatal(err)
	}
	return k.ID
}

// TestHostileNonFiniteParams: NaN or infinite numbers and paces the
// analysis would refuse are 422 invalid_input naming the field, and
// nothing is queued (before: 202, a row stuck in analyzing, the results
// endpoint panicking and 32 such rows locking out every key).
func TestHostileNonFiniteParams(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data, "--credits", "3")
	s := startServer(t, "--data", data)
	c := apiClient{s.URL, "Bearer " + key}
	clip := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	for _, f := range []struct{ field, value string }{
		{"height", "NaN"}, {"height", "nan"}, {"weight", "NaN"}, {"leg_length", "NaN"},
		{"height", "Inf"}, {"weight", "-Inf"}, {"height", "+Inf"},
		{"pace", "00:30"}, {"pace", "99:59"}, {"pace", "1:59"},
	} {
		fields := map[string]string{f.field: f.value}
		if f.field == "pace" {
			fields["treadmill"] = "true"
		}
		resp, body := c.uploadFile(t, clip, fields)
		e := wantError(t, f.field+"="+f.value, resp, body, 422, "invalid_input")
		if len(e.Errors) == 0 || e.Errors[0].Location != "form."+f.field {
			t.Errorf("%s=%s: the error does not name the field: %s", f.field, f.value, body)
		}
	}
	// Nothing was queued and no credit was spent: three good uploads pass.
	_, body := c.do(t, http.MethodGet, "/v1/analyses", nil, "")
	var list struct{ Total int }
	json.Unmarshal(body, &list)
	if list.Total != 0 {
		t.Errorf("%d analyses exist after refused uploads", list.Total)
	}
	for _, pace := range []string{"2:00", "20:00", "04:30"} {
		upload202(t, c, clip, map[string]string{"treadmill": "true", "pace": pace, "height": "180.5"})
	}
}

// TestHostileLastAttemptMarksFailed: a job that times out on its last
// attempt marks the analysis failed with a reason and fires the webhook
// (before: the row stayed pending forever and counted towards the queue).
func TestHostileLastAttemptMarksFailed(t *testing.T) {
	hooks := make(chan []byte, 4)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hooks <- b
	}))
	defer recv.Close()
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data, "--job-timeout", "1s", "--job-attempts", "1", "--allow-private-webhooks")
	c := apiClient{s.URL, "Bearer " + key}
	// 230 frames at 1768×994: far more than a second of work.
	id := upload202(t, c, testenv.Data(t, "videos/sports2d_demo.mp4"), map[string]string{"callback_url": recv.URL + "/hook"})
	status, body := c.finalStatus(t, id, 90*time.Second)
	var e apiError
	json.Unmarshal(body, &e)
	if status != "failed" || !strings.Contains(e.Detail, "longer than") {
		t.Fatalf("status %s %s, want failed with the time limit as the reason", status, body)
	}
	select {
	case b := <-hooks:
		var ev struct{ Event, ID, Error string }
		json.Unmarshal(b, &ev)
		if ev.Event != "analysis.failed" || ev.ID != id || ev.Error == "" {
			t.Errorf("webhook %s", b)
		}
	case <-time.After(30 * time.Second):
		t.Error("no webhook for the failed analysis")
	}
}

// TestHostileSweeperFailsOrphans: rows whose job is gone are failed at
// start-up and by the periodic sweep, so they stop counting towards the
// queue cap (before: every upload got 429 queue_full until someone
// edited the database).
func TestHostileSweeperFailsOrphans(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	ctx := context.Background()
	// The server's database: SQLite in data, or MOTIONLAB_DB (PostgreSQL
	// in TestHostileOnPostgresS3).
	st, err := store.OpenWith(ctx, store.Options{DataDir: data, DB: os.Getenv("MOTIONLAB_DB")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kid := keyID(t, st, key)
	orphan := func() string {
		a := &store.Analysis{ID: store.NewID(), KeyID: kid, Params: json.RawMessage(`{}`), Video: store.NewID() + ".mp4", Filename: "lost.mp4"}
		if err := store.InsertAnalysisTx(ctx, st.DB, a); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	before := orphan() // left by a crash before this start: no job at all
	s := startServer(t, "--data", data, "--max-queue", "1", "--sweep-every", "1s")
	c := apiClient{s.URL, "Bearer " + key}
	if status, body := c.finalStatus(t, before, 20*time.Second); status != "failed" || !strings.Contains(string(body), "interrupted") {
		t.Errorf("orphan from before the start: %s %s", status, body)
	}
	during := orphan()
	if status, _ := c.finalStatus(t, during, 20*time.Second); status != "failed" {
		t.Errorf("orphan made while running: %s", status)
	}
	// The queue (cap 1) is free again.
	upload202(t, c, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), nil)
}

// TestHostilePerKeyQueueCap: one key cannot fill the queue for others.
func TestHostilePerKeyQueueCap(t *testing.T) {
	data := t.TempDir()
	keyA, keyB := createKey(t, data), createKey(t, data)
	s := startServer(t, "--data", data, "--max-queue-per-key", "1")
	a, b := apiClient{s.URL, "Bearer " + keyA}, apiClient{s.URL, "Bearer " + keyB}
	long := testenv.Data(t, "videos/sports2d_demo.mp4")
	first := upload202(t, a, long, nil)
	resp, body := a.uploadFile(t, long, nil)
	wantError(t, "key A's second analysis", resp, body, 429, "key_queue_full")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	upload202(t, b, long, nil) // another key still gets in
	a.waitDone(t, first, 2*time.Minute)
	upload202(t, a, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), nil)
}

// TestHostileWebhookSSRF: without --allow-private-webhooks a callback on
// a non-public address is refused at upload when it is a literal, and at
// delivery when a name resolves there (before: the server posted to
// loopback, the metadata service, anything).
func TestHostileWebhookSSRF(t *testing.T) {
	var mu sync.Mutex
	hits := 0
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
	}))
	defer recv.Close()
	port := recv.URL[strings.LastIndexByte(recv.URL, ':')+1:]
	data := t.TempDir()
	key := createKey(t, data)
	// keys create accepts any http(s) URL; the name resolves to loopback.
	named := createKey(t, data, "--callback-url", "http://localhost:"+port+"/default")
	s := startServer(t, "--data", data)
	c := apiClient{s.URL, "Bearer " + key}
	clip := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	for _, u := range []string{recv.URL + "/hook", "http://[::1]:" + port + "/hook", "http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/hook", "http://localhost:" + port + "/hook", "http://0.0.0.0:" + port + "/"} {
		resp, body := c.uploadFile(t, clip, map[string]string{"callback_url": u})
		wantError(t, "callback "+u, resp, body, 422, "invalid_callback_url")
	}
	n := apiClient{s.URL, "Bearer " + named}
	id := upload202(t, n, clip, nil)
	n.waitDone(t, id, time.Minute)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(s.logs.String(), "webhook refused") {
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if hits != 0 || !strings.Contains(s.logs.String(), "webhook refused") {
		t.Errorf("receiver on loopback hit %d times; log says refused: %v", hits, strings.Contains(s.logs.String(), "webhook refused"))
	}
}

// ffmpegVideo makes a small test video with ffmpeg's lavfi source.
func ffmpegVideo(t *testing.T, name string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-v", "error", "-y"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", name, err, b)
	}
	return out
}

// TestHostileVideoCaps: an 8K or 300 fps video is refused from its
// container, before any frame is decoded, on both upload routes (before:
// a 98 KB 8K MP4 was accepted and decoding it took over 600 MB).
func TestHostileVideoCaps(t *testing.T) {
	eightK := ffmpegVideo(t, "8k.mp4", "-f", "lavfi", "-i", "color=c=gray:s=7680x4320:r=30", "-frames:v", "2",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
	fast := ffmpegVideo(t, "300fps.mp4", "-f", "lavfi", "-i", "testsrc=s=160x120:r=300", "-frames:v", "30",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data)
	c := apiClient{s.URL, "Bearer " + key}
	before := rss(t, s.cmd.Process.Pid)
	for _, v := range []struct{ path, code string }{{eightK, "video_resolution_too_high"}, {fast, "video_frame_rate_too_high"}} {
		resp, body := c.uploadFile(t, v.path, nil)
		wantError(t, "/v1/analyses "+filepath.Base(v.path), resp, body, 422, v.code)
		f, err := os.Open(v.path)
		if err != nil {
			t.Fatal(err)
		}
		form, ctype := multipartBody("file", filepath.Base(v.path), f, nil)
		resp, body = c.do(t, http.MethodPost, "/infer/video", form, ctype)
		f.Close()
		wantError(t, "/infer/video "+filepath.Base(v.path), resp, body, 422, v.code)
	}
	after := rss(t, s.cmd.Process.Pid)
	t.Logf("server RSS %d MB → %d MB", before>>10, after>>10)
	if after-before > 200<<10 {
		t.Errorf("server memory grew by %d MB refusing the videos", (after-before)>>10)
	}
	_, body := c.do(t, http.MethodGet, "/v1/analyses", nil, "")
	if !strings.Contains(string(body), `"total":0`) {
		t.Errorf("refused videos were queued: %s", body)
	}
}

// TestHostileInferVideoRefusesBeforeStreaming: a file no decoder opens is
// a 422 with a code, not a 200 whose stream ends in an error event (which
// SprintLab's client waits on forever); progress numbers are rounded.
func TestHostileInferVideoRefusesBeforeStreaming(t *testing.T) {
	s := startServer(t)
	resp := postVideo(t, s.URL, "notes.mp4", strings.NewReader("this is a text file, not a video\n"))
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var e struct{ Code, Detail string }
	json.Unmarshal(body, &e)
	if resp.StatusCode != 422 || e.Code != "unreadable_video" || e.Detail == "" {
		t.Errorf("text as a video: %d %s, want 422 unreadable_video", resp.StatusCode, body)
	}
	src := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	events := inferFile(t, s, src)
	checkStream(t, events, probeFrames(t, src))
	rounded := func(x float64, decimals int) bool {
		p := math.Pow(10, float64(decimals))
		return math.Abs(x*p-math.Round(x*p)) < 1e-6
	}
	for _, ev := range events {
		if ev.Type == "progress" && !(rounded(ev.Pct, 1) && rounded(ev.FPS, 1) && rounded(ev.Elapsed, 2) && rounded(ev.ETA, 1)) {
			t.Fatalf("progress not rounded: pct %v fps %v elapsed %v eta %v", ev.Pct, ev.FPS, ev.Elapsed, ev.ETA)
		}
	}
}

// TestHostileOnPostgresS3 runs the tests whose SQL differs by engine (the
// queue caps' count and lock, the sweeper's look into River's table, the
// one failure path) on PostgreSQL + S3.
func TestHostileOnPostgresS3(t *testing.T) {
	pg := startPostgres(t)
	s3 := startS3(t)
	for _, tc := range []struct {
		name string
		run  func(*testing.T)
	}{
		{"NonFiniteParams", TestHostileNonFiniteParams},
		{"LastAttemptMarksFailed", TestHostileLastAttemptMarksFailed},
		{"SweeperFailsOrphans", TestHostileSweeperFailsOrphans},
		{"PerKeyQueueCap", TestHostilePerKeyQueueCap},
	} {
		t.Run(tc.name, func(t *testing.T) {
			backendEnv(t, pg.newDB(t), s3, "hostile")
			tc.run(t)
		})
	}
}
