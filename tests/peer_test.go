package tests

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/models"
	"motionlab/models/mptask"
	"motionlab/shared/mp4"
	"motionlab/tests/testenv"
)

// peerResult is what tests/peer/peer.mjs reports.
type peerResult struct {
	State  string  `json:"state"`
	Error  string  `json:"error"`
	Frames int     `json:"frames"`
	Found  int     `json:"found"`
	FPS    float64 `json:"fps"`
	// Hips is the pose's hip centre in pixels in each frame (nil: none).
	Hips [][]float64 `json:"hips"`
}

// runPeer analyses video in headless Chromium with MediaPipe's own
// PoseLandmarker (npm @mediapipe/tasks-vision, CPU delegate) running the
// BlazePose detector and full landmark model that MotionLab converts,
// bundled as a .task by models/mptask, on frames decoded by WebCodecs.
func runPeer(t testing.TB, video string) peerResult {
	t.Helper()
	h, err := peerHandler(t, video)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ctx := browser(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the peer's analysis", `window.peer && window.peer.state !== "loading"`, 10*time.Minute)
	r, err := chromedp.Run(ctx, chromedp.Evaluate[peerResult](`window.peer`))
	if err != nil {
		t.Fatal(err)
	}
	if r.State != "done" {
		t.Fatalf("the peer failed: %s", r.Error)
	}
	return r
}

// peerHandler serves the peer's page, the tasks-vision runtime out of its
// pinned npm tarball, the .task, the clip and its sample table.
func peerHandler(t testing.TB, video string) (http.Handler, error) {
	root := testenv.Root(t)
	tarball := os.Getenv("MOTIONLAB_TASKS_VISION")
	if tarball == "" {
		tarball = filepath.Join(root, ".cache", "npm", "mediapipe-tasks-vision-1.1.0.tgz")
	}
	tgz, err := os.ReadFile(tarball)
	if err != nil {
		return nil, fmt.Errorf("tasks-vision tarball (make bench-browser fetches it): %w", err)
	}
	runtime, err := models.Untar(tgz)
	if err != nil {
		return nil, err
	}
	src := testenv.PoseSources(t)
	task, err := mptask.PoseLandmarker(src["pose_detection"], src["pose_landmark_full"])
	if err != nil {
		return nil, err
	}
	clip, err := os.ReadFile(video)
	if err != nil {
		return nil, err
	}
	dec, err := mp4.ReadDecoding(clip)
	if err != nil {
		return nil, err
	}
	samples := make([][5]int64, len(dec.Samples))
	for i, s := range dec.Samples {
		key := int64(0)
		if s.Key {
			key = 1
		}
		samples[i] = [5]int64{int64(s.Offset), int64(s.Size), key, s.Time, s.Duration}
	}
	decoding, err := json.Marshal(map[string]any{"codec": dec.Codec, "description": dec.Description, "width": dec.Width, "height": dec.Height, "samples": samples})
	if err != nil {
		return nil, err
	}
	script, err := os.ReadFile(filepath.Join(root, "tests", "peer", "peer.mjs"))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"/":                     []byte(`<!doctype html><title>peer</title><script type="module" src="/peer.mjs"></script>`),
		"/peer.mjs":             script,
		"/pose_landmarker.task": task,
		"/clip.mp4":             clip,
		"/decoding.json":        decoding,
	}
	for name, b := range runtime {
		if rest, ok := strings.CutPrefix(name, "package/"); ok {
			files["/tasks/"+rest] = b
		}
	}
	types := map[string]string{".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", "": "text/html"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if ct, ok := types[path.Ext(r.URL.Path)]; ok {
			w.Header().Set("Content-Type", ct)
		}
		w.Write(b)
	}), nil
}

// TestPeerAgreesWithServer: the benchmark's peer runs the bundle the
// metadata writer made, and where it and the server's /infer/video both
// see the walker, their hip centres agree to 2 % of the picture's height
// (a wrong input normalization would put the peer's points elsewhere).
func TestPeerAgreesWithServer(t *testing.T) {
	video := testenv.Data(t, "videos/walk_side_sports2d_demo4.mp4")
	p := runPeer(t, video)
	s := startServer(t)
	r := checkStream(t, inferFile(t, s, video), probeFrames(t, video))
	t.Logf("peer: %d frames, pose in %d, %.1f frames/s", p.Frames, p.Found, p.FPS)
	if p.Frames != len(r.Frames) {
		t.Fatalf("peer analysed %d frames, the server %d", p.Frames, len(r.Frames))
	}
	var dists []float64
	for i, f := range r.Frames {
		lx, ly, ls := kp(f, 11)
		rx, ry, rs := kp(f, 12)
		if p.Hips[i] == nil || ls < 0.35 || rs < 0.35 {
			continue
		}
		dists = append(dists, math.Hypot((lx+rx)/2-p.Hips[i][0], (ly+ry)/2-p.Hips[i][1])/float64(r.FrameHeight))
	}
	slices.Sort(dists)
	if len(dists) < len(r.Frames)/2 {
		t.Fatalf("both see the walker in %d of %d frames", len(dists), len(r.Frames))
	}
	med := dists[len(dists)/2]
	t.Logf("hip centres in %d frames: median %.2f %%, 90th percentile %.2f %% of the height", len(dists), 100*med, 100*dists[len(dists)*9/10])
	if med > 0.02 {
		t.Errorf("median hip-centre distance %.1f %% of the height, want ≤ 2 %%", 100*med)
	}
}
