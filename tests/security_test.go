package tests

// End-to-end tests of issue 18's tenant isolation and durability items:
// CORS, development mode, deletion racing the render job, scan uploads
// racing each other, and the blob folder swept at start.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"motionlab/tests/testenv"
)

// TestSecurityCORSOnlyForSprintLab: only /health and /infer/video answer
// other origins (SprintLab's contract); another site's page cannot read
// the analyses API, and in development mode (no keys) it is refused.
func TestSecurityCORSOnlyForSprintLab(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data)
	preflight := func(path string) string {
		req, _ := http.NewRequest(http.MethodOptions, s.URL+path, nil)
		req.Header.Set("Origin", "https://attacker.example")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Access-Control-Allow-Origin")
	}
	if got := preflight("/infer/video"); got != "*" {
		t.Errorf("/infer/video preflight: Access-Control-Allow-Origin %q, want *", got)
	}
	for _, p := range []string{"/v1/analyses", "/v1/images", "/v1/embed/tokens"} {
		if got := preflight(p); got != "" {
			t.Errorf("%s preflight: Access-Control-Allow-Origin %q, want none", p, got)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/v1/analyses", nil)
	req.Header.Set("Origin", "https://attacker.example")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); resp.StatusCode != 200 || got != "" {
		t.Errorf("GET /v1/analyses from another origin: %d, Access-Control-Allow-Origin %q", resp.StatusCode, got)
	}

	// Development mode: another page, or another name for this host.
	dev := startServer(t)
	for _, c := range []struct{ host, origin string }{{"", "https://attacker.example"}, {"rebind.attacker.example", ""}} {
		req, _ := http.NewRequest(http.MethodGet, dev.URL+"/v1/analyses", nil)
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		if c.host != "" {
			req.Host = c.host
		}
		resp, body := apiClient{}.doReq(t, req)
		wantError(t, "development mode, Host "+c.host+" Origin "+c.origin, resp, body, 403, "not_local")
	}
	if resp, body := (apiClient{url: dev.URL}).do(t, http.MethodGet, "/v1/analyses", nil, ""); resp.StatusCode != 200 {
		t.Errorf("development mode from localhost: %d %s", resp.StatusCode, body)
	}
}

func (apiClient) doReq(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp, []byte(b.String())
}

// blobFiles lists the data folder's blobs.
func blobFiles(t *testing.T, data string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(data, "blobs", "*"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestSecurityDeleteDuringRender: an analysis deleted while its annotated
// video is being drawn leaves no file behind (before: the render job
// wrote the video of a deleted analysis).
func TestSecurityDeleteDuringRender(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data)
	c := apiClient{s.URL, "Bearer " + key}
	id := upload202(t, c, testenv.Data(t, "videos/sports2d_demo.mp4"), nil)
	c.waitDone(t, id, 2*time.Minute)
	// The render job starts at success and takes seconds: delete now.
	if resp, body := c.do(t, http.MethodDelete, "/v1/analyses/"+id, nil, ""); resp.StatusCode != 204 {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	// Wait for the render job to finish what it was drawing.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(s.logs.String(), "dropping its annotated video") {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second)
	if left := blobFiles(t, data); len(left) > 0 {
		t.Errorf("files left after the analysis was deleted: %v", left)
	}
}

// TestSecurityScanUploadsRace: two uploads to one scan session at once:
// one is accepted, the other gets 409 (before: both passed the status
// check and the first video was orphaned).
func TestSecurityScanUploadsRace(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	c := apiClient{s.URL, "Bearer " + key}
	resp, body := c.do(t, http.MethodPost, "/v1/scan-session", nil, "")
	if resp.StatusCode != 201 {
		t.Fatalf("create session: %d %s", resp.StatusCode, body)
	}
	var sc struct {
		SessionID string `json:"session_id"`
	}
	json.Unmarshal(body, &sc)
	// A long video keeps the first upload's job busy while the second lands.
	path := testenv.Data(t, "videos/sports2d_demo.mp4")
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := os.Open(path)
			if err != nil {
				t.Error(err)
				return
			}
			defer f.Close()
			form, ctype := multipartBody("file", "face.mp4", f, nil)
			resp, body := c.do(t, http.MethodPost, "/v1/scan-session/"+sc.SessionID+"/video", form, ctype)
			codes[i] = resp.StatusCode
			if resp.StatusCode != 202 {
				wantError(t, "second upload", resp, body, 409, "scan_processing")
			}
		}()
	}
	wg.Wait()
	if !(codes[0] == 202 && codes[1] == 409 || codes[0] == 409 && codes[1] == 202) {
		t.Errorf("concurrent uploads answered %v, want one 202 and one 409", codes)
	}
	if n := len(blobFiles(t, data)); n != 1 {
		t.Errorf("%d videos stored for one session, want 1", n)
	}
}

// TestSecurityBlobFolderSweptAtStart: half-written parts and files no row
// refers to, left by a crash, are removed when the server starts.
func TestSecurityBlobFolderSweptAtStart(t *testing.T) {
	data := t.TempDir()
	blobs := filepath.Join(data, "blobs")
	os.MkdirAll(blobs, 0o750)
	orphan := filepath.Join(blobs, strings.Repeat("ab", 16)+".mp4")
	part := filepath.Join(blobs, strings.Repeat("cd", 16)+".json.12345.part")
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{orphan, part} {
		if err := os.WriteFile(p, []byte("left by a crash"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	startServer(t, "--data", data)
	if left := blobFiles(t, data); len(left) > 0 {
		t.Errorf("left after start: %v", left)
	}
}

// keyWebhookSecret runs `motionlab keys webhook-secret` for a key.
func keyWebhookSecret(t *testing.T, data, key string, extra ...string) string {
	t.Helper()
	out, err := exec.Command(binary, append([]string{"keys", "webhook-secret", key[:10], "--data", data}, extra...)...).Output()
	if err != nil {
		t.Fatalf("keys webhook-secret: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// verifies tells whether an X-MotionLab-Signature header verifies body
// under secret.
func verifies(sig string, body []byte, secret string) bool {
	var ts, v1 string
	for _, part := range strings.Split(sig, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			v1 = v
		}
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "." + string(body)))
	return hmac.Equal([]byte(v1), []byte(hex.EncodeToString(m.Sum(nil))))
}

// TestSecurityWebhookSecretPerKey: webhooks are signed with the
// analysis's key's own secret, so partner B's secret cannot verify (or
// forge) partner A's events; rotating changes the secret.
func TestSecurityWebhookSecretPerKey(t *testing.T) {
	type hook struct {
		sig  string
		body []byte
	}
	hooks := make(chan hook, 4)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hooks <- hook{r.Header.Get("X-MotionLab-Signature"), b}
	}))
	defer recv.Close()
	data := t.TempDir()
	keyA, keyB := createKey(t, data), createKey(t, data)
	secretA, secretB := keyWebhookSecret(t, data, keyA), keyWebhookSecret(t, data, keyB)
	if secretA == secretB {
		t.Fatal("two keys share a webhook secret")
	}
	if out, err := exec.Command(binary, "keys", "webhook-secret", "--data", data).CombinedOutput(); err == nil {
		t.Errorf("webhook-secret without a key printed %s", out)
	}
	rotated := keyWebhookSecret(t, data, keyA, "--rotate")
	if rotated == secretA || keyWebhookSecret(t, data, keyA) != rotated || keyWebhookSecret(t, data, keyB) != secretB {
		t.Fatal("rotation changed the wrong secrets")
	}
	s := startServer(t, "--data", data, "--allow-private-webhooks")
	a := apiClient{s.URL, "Bearer " + keyA}
	upload202(t, a, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), map[string]string{"callback_url": recv.URL + "/hook"})
	select {
	case h := <-hooks:
		if !verifies(h.sig, h.body, rotated) {
			t.Errorf("signature %s does not verify under key A's (rotated) secret", h.sig)
		}
		if verifies(h.sig, h.body, secretB) || verifies(h.sig, h.body, secretA) {
			t.Errorf("signature verifies under key B's secret or A's old one")
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no webhook")
	}
}
