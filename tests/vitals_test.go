package tests

import (
	"encoding/json"
	"image"
	"image/draw"
	_ "image/png"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"motionlab/tests/testenv"
)

// faceVideo writes a lossless H.264 video of the astronaut portrait (a
// real face photo) for dur seconds at fps whose colour carries a pulse at
// bpm (0: none) mostly in green, breathing at rpm modulating brightness,
// sensor noise and small random head motion (periodic motion in the
// breathing band would read as breathing: see docs/metrics.md). face=false
// uses a flat grey frame.
func faceVideo(t *testing.T, bpm, rpm float64, face bool) string {
	t.Helper()
	const fps, dur = 30.0, 15.0
	f, err := os.Open(testenv.Data(t, "images/astronaut.png"))
	if err != nil {
		t.Fatal(err)
	}
	src, _, err := image.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b := src.Bounds()
	base := image.NewRGBA(b)
	draw.Draw(base, b, src, b.Min, draw.Src)
	if !face {
		for i := range base.Pix {
			base.Pix[i] = 128
		}
	}
	w, h := b.Dx(), b.Dy()
	out := filepath.Join(t.TempDir(), "face.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", strconv.Itoa(w)+"x"+strconv.Itoa(h),
		"-r", "30", "-i", "-", "-c:v", "libx264", "-preset", "veryfast", "-qp", "0", "-pix_fmt", "yuv444p", out)
	stdin, _ := cmd.StdinPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 9))
	frame := make([]byte, 3*w*h)
	sway := 0.0
	for i := 0; i < int(fps*dur); i++ {
		tt := float64(i) / fps
		ph := 2 * math.Pi * bpm / 60 * tt
		pulse := 0.0
		if bpm > 0 {
			pulse = math.Sin(ph) + 0.3*math.Sin(2*ph+0.8) // systolic peak + dicrotic harmonic
		}
		breath := math.Sin(2 * math.Pi * rpm / 60 * tt)
		gain := [3]float64{1 + 0.0015*pulse, 1 + 0.006*pulse, 1 + 0.001*pulse}
		light := 1 + 0.004*breath + 0.01*tt/dur // breathing and a slow illumination drift
		// Small head motion: a slow random wander of up to ±1.5 px.
		sway = 0.97*sway + 0.03*rng.NormFloat64()*4
		dx := int(math.Round(math.Max(-1.5, math.Min(1.5, sway))))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				sx := min(max(x-dx, 0), w-1)
				p := base.Pix[y*base.Stride+4*sx:]
				for c := 0; c < 3; c++ {
					v := float64(p[c])*gain[c]*light + rng.NormFloat64()*1.0
					frame[3*(y*w+x)+c] = uint8(min(max(math.Round(v), 0), 255))
				}
			}
		}
		if _, err := stdin.Write(frame); err != nil {
			t.Fatal(err)
		}
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("ffmpeg: %v", err)
	}
	return out
}

type vitalsBody struct {
	Status    string `json:"status"`
	SessionID string `json:"session_id"`
	Error     string `json:"error"`
	Vitals    *struct {
		HeartRate       float64  `json:"heart_rate"`
		RespiratoryRate float64  `json:"respiratory_rate"`
		HRV             *float64 `json:"hrv"`
		BloodPressure   *string  `json:"blood_pressure"`
		Confidence      float64  `json:"confidence"`
		ProcessingMS    int64    `json:"processing_time_ms"`
		Quality         struct {
			SNR, Stability, Periodicity float64
		} `json:"signal_quality"`
	} `json:"vitals"`
}

func (c apiClient) postScanVideo(t *testing.T, id, name string, r io.Reader) (*http.Response, []byte) {
	t.Helper()
	body, ctype := multipartBody("file", name, r, nil)
	return c.do(t, http.MethodPost, "/v1/scan-session/"+id+"/video", body, ctype)
}

// scanVideo runs one scan: create, upload, poll until it ends.
func scanVideo(t *testing.T, c apiClient, path string) vitalsBody {
	t.Helper()
	resp, body := c.do(t, http.MethodPost, "/v1/scan-session", nil, "")
	var created struct {
		SessionID string `json:"session_id"`
		Owner     string `json:"owner"`
	}
	json.Unmarshal(body, &created)
	if resp.StatusCode != 201 || !strings.HasPrefix(created.SessionID, "sess_") || created.Owner == "" {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	_, body = c.do(t, http.MethodGet, "/v1/scan-session/"+created.SessionID+"/vitals", nil, "")
	var v vitalsBody
	json.Unmarshal(body, &v)
	if v.Status != "pending" {
		t.Errorf("before upload: %s", body)
	}
	f, _ := os.Open(path)
	defer f.Close()
	resp, body = c.postScanVideo(t, created.SessionID, "face.mp4", f)
	if resp.StatusCode != 202 || !strings.Contains(string(body), `"processing"`) {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	for deadline := time.Now().Add(2 * time.Minute); ; {
		resp, body = c.do(t, http.MethodGet, "/v1/scan-session/"+created.SessionID+"/vitals", nil, "")
		v = vitalsBody{}
		json.Unmarshal(body, &v)
		if resp.StatusCode != 200 {
			t.Fatalf("vitals: %d %s", resp.StatusCode, body)
		}
		if v.Status == "completed" || v.Status == "failed" {
			return v
		}
		if v.Status != "processing" || time.Now().After(deadline) {
			t.Fatalf("vitals: %s", body)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func TestCameraVitals(t *testing.T) {
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	c := apiClient{s.URL, "Bearer " + key}

	v := scanVideo(t, c, faceVideo(t, 72, 15, true))
	if v.Status != "completed" || v.Vitals == nil {
		t.Fatalf("pulsing face: %+v", v)
	}
	if math.Abs(v.Vitals.HeartRate-72) > 2 || math.Abs(v.Vitals.RespiratoryRate-15) > 2 || v.Vitals.Confidence < 0.7 || v.Vitals.BloodPressure != nil {
		t.Errorf("vitals %+v, want 72 bpm, 15/min, confidence ≥ 0.7, no blood pressure", *v.Vitals)
	}
	t.Logf("72 bpm / 15 rpm face: %+v", *v.Vitals)

	v = scanVideo(t, c, faceVideo(t, 0, 15, true))
	if v.Status == "completed" && v.Vitals.Confidence > 0.3 {
		t.Errorf("face without a pulse: confidence %.2f, want ≤ 0.3", v.Vitals.Confidence)
	}

	v = scanVideo(t, c, faceVideo(t, 72, 15, false))
	if v.Status != "failed" || v.Error != "No face detected in video" {
		t.Errorf("no face: %+v", v)
	}

	// Errors: no key, unknown session, oversize and wrong type uploads.
	if r, _ := (apiClient{s.URL, ""}).do(t, http.MethodPost, "/v1/scan-session", nil, ""); r.StatusCode != 401 {
		t.Errorf("no key: %d", r.StatusCode)
	}
	r, body := c.do(t, http.MethodGet, "/v1/scan-session/sess_20260101000000_abcdef/vitals", nil, "")
	wantError(t, "unknown session", r, body, 404, "not_found")
	_, body = c.do(t, http.MethodPost, "/v1/scan-session", nil, "")
	var created struct {
		SessionID string `json:"session_id"`
	}
	json.Unmarshal(body, &created)
	r, body = c.postScanVideo(t, created.SessionID, "big.mp4", io.LimitReader(zeroReader{}, 101<<20))
	wantError(t, "101 MB", r, body, 413, "file_too_large")
	r, body = c.postScanVideo(t, created.SessionID, "notes.txt", strings.NewReader("text"))
	wantError(t, "text file", r, body, 400, "invalid_file_type")
	r, body = c.postScanVideo(t, created.SessionID, "notes.mp4", strings.NewReader("text"))
	wantError(t, "text as mp4", r, body, 422, "invalid_video")
	r, body = (apiClient{s.URL, "Bearer " + createKey(t, data)}).do(t, http.MethodGet, "/v1/scan-session/"+created.SessionID+"/vitals", nil, "")
	wantError(t, "another key's session", r, body, 404, "not_found")
}
