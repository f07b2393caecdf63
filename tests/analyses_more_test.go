package tests

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"motionlab/shared/stream"
	"motionlab/tests/testenv"
)

func upload202(t *testing.T, c apiClient, path string, fields map[string]string) string {
	t.Helper()
	resp, body := c.uploadFile(t, path, fields)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	var s statusBody
	json.Unmarshal(body, &s)
	return s.ID
}

// TestWebhookSignedAndRetried: a local receiver answers 500 first, then
// 200; the delivery is retried and every attempt carries a valid signature.
func TestWebhookSignedAndRetried(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	out, err := exec.Command(binary, "keys", "webhook-secret", key[:10], "--data", data).Output() // the key's own secret, by prefix
	if err != nil {
		t.Fatal(err)
	}
	secret := strings.TrimSpace(string(out))

	type delivery struct {
		body []byte
		sig  string
	}
	var mu sync.Mutex
	var got []delivery
	done := make(chan struct{})
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, delivery{b, r.Header.Get("X-MotionLab-Signature")})
		if len(got) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
		close(done)
	}))
	defer recv.Close()

	// The receiver is on loopback: development mode for webhooks.
	s := startServer(t, "--data", data, "--allow-private-webhooks")
	c := apiClient{s.URL, "Bearer " + key}
	id := upload202(t, c, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), map[string]string{"callback_url": recv.URL + "/hook"})
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("webhook not delivered twice in 60 s (%d attempts)", len(got))
	}
	mu.Lock()
	defer mu.Unlock()
	for i, d := range got {
		var ts, v1 string
		for _, part := range strings.Split(d.sig, ",") {
			k, v, _ := strings.Cut(part, "=")
			switch k {
			case "t":
				ts = v
			case "v1":
				v1 = v
			}
		}
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ts + "." + string(d.body)))
		if want := hex.EncodeToString(m.Sum(nil)); !hmac.Equal([]byte(v1), []byte(want)) {
			t.Errorf("attempt %d: signature %q does not verify", i+1, d.sig)
		}
		var ev struct{ Event, ID, Status string }
		json.Unmarshal(d.body, &ev)
		if ev.ID != id || ev.Status != "success" || ev.Event != "analysis.succeeded" {
			t.Errorf("attempt %d: body %s", i+1, d.body)
		}
	}
	// A bad callback URL is refused up front.
	resp, body := c.uploadFile(t, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), map[string]string{"callback_url": "ftp://example/x"})
	wantError(t, "ftp callback", resp, body, 422, "invalid_callback_url")
}

// TestEventsAndSignedMedia: the SSE progress stream ends with success;
// signed links serve the original video and a JPEG thumbnail; a tampered
// link is 403.
func TestEventsAndSignedMedia(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data)
	c := apiClient{s.URL, "Bearer " + key}
	path := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	id := upload202(t, c, path, nil)

	req, _ := http.NewRequest(http.MethodGet, s.URL+"/v1/analyses/"+id+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var statuses []string
	last := -1.0
	err = stream.Read(resp.Body, func(m stream.Message) error {
		var ev stream.StatusEvent
		if err := json.Unmarshal(m.Data, &ev); err != nil {
			return err
		}
		if ev.Percentage < last {
			t.Errorf("percentage went back from %.1f to %.1f", last, ev.Percentage)
		}
		last = ev.Percentage
		statuses = append(statuses, ev.Status)
		return nil
	})
	resp.Body.Close()
	if err != nil {
		t.Fatalf("event stream: %v", err)
	}
	if len(statuses) == 0 || statuses[len(statuses)-1] != "success" {
		t.Fatalf("event stream statuses %v, want to end with success", statuses)
	}

	_, body := c.do(t, http.MethodGet, "/v1/analyses/"+id+"/results", nil, "")
	var res struct {
		VideoURL     string `json:"video_url"`
		ThumbnailURL string `json:"thumbnail_url"`
	}
	json.Unmarshal(body, &res)
	if res.VideoURL == "" || res.ThumbnailURL == "" {
		t.Fatalf("results lack media links: %s", body)
	}
	orig, _ := os.ReadFile(path)
	r, video := apiClient{url: s.URL}.do(t, http.MethodGet, res.VideoURL, nil, "")
	if r.StatusCode != 200 || !bytes.Equal(video, orig) {
		t.Errorf("video link: %d, %d bytes (want the %d uploaded)", r.StatusCode, len(video), len(orig))
	}
	r, jpg := apiClient{url: s.URL}.do(t, http.MethodGet, res.ThumbnailURL, nil, "")
	if r.StatusCode != 200 || !bytes.HasPrefix(jpg, []byte{0xff, 0xd8, 0xff}) {
		t.Errorf("thumbnail link: %d, not a JPEG", r.StatusCode)
	}
	tampered := strings.Replace(res.VideoURL, "sig=", "sig=0", 1)
	r, body = apiClient{url: s.URL}.do(t, http.MethodGet, tampered, nil, "")
	wantError(t, "tampered link", r, body, 403, "invalid_signature")
}

// TestConcurrentUploadsNoneLost: 20 uploads at once against a queue of 6:
// each is accepted (202) or refused with 429 and Retry-After, and every
// accepted one finishes.
func TestConcurrentUploadsNoneLost(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data, "--max-queue", "6")
	c := apiClient{s.URL, "Bearer " + key}
	path := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	var mu sync.Mutex
	var accepted []string
	refused := 0
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, body := c.uploadFile(t, path, nil)
			mu.Lock()
			defer mu.Unlock()
			switch resp.StatusCode {
			case http.StatusAccepted:
				var st statusBody
				json.Unmarshal(body, &st)
				accepted = append(accepted, st.ID)
			case http.StatusTooManyRequests:
				if resp.Header.Get("Retry-After") == "" {
					t.Errorf("429 without Retry-After: %s", body)
				}
				refused++
			default:
				t.Errorf("upload: %d %s", resp.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d accepted, %d refused", len(accepted), refused)
	if len(accepted)+refused != 20 || len(accepted) == 0 {
		t.Fatalf("%d accepted + %d refused of 20", len(accepted), refused)
	}
	for _, id := range accepted {
		c.waitDone(t, id, 2*time.Minute)
	}
	_, body := c.do(t, http.MethodGet, "/v1/analyses?page_size=100", nil, "")
	var list struct{ Total int }
	json.Unmarshal(body, &list)
	if list.Total != len(accepted) {
		t.Errorf("list has %d analyses, %d were accepted", list.Total, len(accepted))
	}
}

// rss reads a process's resident memory in KB.
func rss(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// TestOversizeUploadIsNotBuffered: a streamed 31 MB upload is refused with
// 413 and the server's memory does not grow by anything like 31 MB.
func TestOversizeUploadIsNotBuffered(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data)
	c := apiClient{s.URL, "Bearer " + key}
	before := rss(t, s.cmd.Process.Pid)
	resp, body := c.upload(t, "big.mp4", io.LimitReader(zeroReader{}, 31<<20), nil)
	wantError(t, "31 MB", resp, body, 413, "file_too_large")
	after := rss(t, s.cmd.Process.Pid)
	t.Logf("server RSS %d KB → %d KB", before, after)
	if after-before > 10<<10 {
		t.Errorf("server memory grew by %d KB on a refused 31 MB upload", after-before)
	}
}

// TestKeyDefaultWebhook: a key created with --callback-url gets webhooks
// for analyses that name none.
func TestKeyDefaultWebhook(t *testing.T) {
	got := make(chan []byte, 4)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer recv.Close()
	data := t.TempDir()
	key := createKey(t, data, "--callback-url", recv.URL+"/default")
	s := startServer(t, "--data", data, "--allow-private-webhooks") // the receiver is on loopback
	id := upload202(t, apiClient{s.URL, "Bearer " + key}, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), nil)
	select {
	case b := <-got:
		var ev struct{ ID, Status string }
		json.Unmarshal(b, &ev)
		if ev.ID != id || ev.Status != "success" {
			t.Errorf("webhook body %s", b)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no webhook to the key's default URL")
	}
	if out, err := exec.Command(binary, "keys", "create", "--name", "x", "--callback-url", "nope", "--data", data).CombinedOutput(); err == nil {
		t.Errorf("keys create accepted a bad callback URL: %s", out)
	}
}
