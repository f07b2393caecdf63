package tests

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"motionlab/shared/analysis"
	"motionlab/shared/gait/gaittest"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// TestBrowserKeypointsEndpoint: POST /v1/analyses/keypoints computes the
// metrics from a track with the shared code (same answer as computing them
// here), files a finished analysis with source browser and no video, and
// refuses malformed tracks with specific codes.
func TestBrowserKeypointsEndpoint(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	frames, _ := gaittest.Runner{Cadence: 172, Contact: 0.24, Speed: 3.6, FPS: 60, Duration: 4, Noise: 0.5, Dir: 1}.Frames(0)
	tr := track.Track{FPS: 60, Width: 1920, Height: 1080, Frames: frames}
	post := func(body map[string]any) (*http.Response, []byte) {
		b, _ := json.Marshal(body)
		return c.do(t, http.MethodPost, "/v1/analyses/keypoints", strings.NewReader(string(b)), "application/json")
	}
	resp, b := post(map[string]any{"activity": "running", "height": 180, "filename": "run.mp4", "backend": "wasm", "track": tr})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("keypoints: %d %s", resp.StatusCode, b)
	}
	var created struct{ ID, Status string }
	json.Unmarshal(b, &created)
	if created.Status != "success" {
		t.Errorf("status %q, want success", created.Status)
	}
	_, b = c.do(t, http.MethodGet, "/v1/analyses/"+created.ID+"/results", nil, "")
	var res struct {
		Source string `json:"source"`
	}
	json.Unmarshal(b, &res)
	if res.Source != "browser" || strings.Contains(string(b), `"video_url"`) {
		t.Errorf("results %s: want source browser and no video_url", b)
	}
	got := calculatedOf(t, c, created.ID)
	req := analysis.Defaults()
	req.Height = 180
	want, err := analysis.Calculate(tr, req)
	if err != nil {
		t.Fatal(err)
	}
	gm, wm := got.Result.SideView.Metrics, want.Result.SideView.Metrics
	if len(gm.Steps) != len(wm.Steps) || gm.Cadence != wm.Cadence || len(gm.Steps) < 8 {
		t.Errorf("server: %d steps, cadence %.2f; shared code here: %d steps, cadence %.2f", len(gm.Steps), gm.Cadence, len(wm.Steps), wm.Cadence)
	}
	// No video to annotate: a clear 409, not a job that can never run.
	resp, b = c.do(t, http.MethodGet, "/sessions/"+created.ID+"/analyzed-video/", nil, "")
	wantError(t, "annotate a browser analysis", resp, b, 409, "no_video")

	bad := func(what string, mutate func(m map[string]any), status int, code string) {
		t.Helper()
		m := map[string]any{"activity": "running", "track": tr}
		mutate(m)
		resp, b := post(m)
		wantError(t, what, resp, b, status, code)
	}
	bad("no frames", func(m map[string]any) { m["track"] = track.Track{FPS: 30, Width: 640, Height: 480} }, 422, "invalid_track")
	bad("fps 0", func(m map[string]any) { m["track"] = track.Track{FPS: 0, Width: 640, Height: 480, Frames: frames} }, 422, "invalid_track")
	bad("not a track", func(m map[string]any) { m["track"] = "frames" }, 422, "invalid_track")
	long := track.Track{FPS: 30, Width: 1920, Height: 1080, Frames: append(append(append([]*pose.Person{}, frames...), frames...), frames...)}
	bad("12 s", func(m map[string]any) { m["track"] = long }, 400, "video_too_long")
	short := tr
	short.Frames = append([]*pose.Person(nil), frames...)
	short.Frames[3] = &pose.Person{Keypoints: frames[3].Keypoints[:5]}
	bad("5 keypoints", func(m map[string]any) { m["track"] = short }, 422, "invalid_track")
	// A point no model gives: a million pixels out (the metrics would
	// overflow into values JSON cannot hold), or a visibility of 2.
	far := tr
	far.Frames = append([]*pose.Person(nil), frames...)
	far.Frames[7] = &pose.Person{Keypoints: append([]pose.Keypoint(nil), frames[7].Keypoints...)}
	far.Frames[7].Keypoints[pose.LeftHeel].X = 1e6
	bad("a point a million pixels out", func(m map[string]any) { m["track"] = far }, 422, "invalid_track")
	odd := tr
	odd.Frames = append([]*pose.Person(nil), frames...)
	odd.Frames[9] = &pose.Person{Keypoints: append([]pose.Keypoint(nil), frames[9].Keypoints...)}
	odd.Frames[9].Keypoints[pose.Nose].Visibility = 2
	bad("visibility 2", func(m map[string]any) { m["track"] = odd }, 422, "invalid_track")
	bad("jump without height", func(m map[string]any) { m["activity"] = "jump" }, 400, "jump_analysis_missing_height")

	// The camera's motion (the browser estimates it for running and
	// sprints): read like the server's own, refused where no camera moves
	// so.
	followed, cam := gaittest.Followed(frames, func(int) float32 { return 1 }, func(int) float32 { return 0 })
	moving := track.Track{FPS: 60, Width: 1920, Height: 1080, Frames: followed, Camera: cam}
	resp, b = post(map[string]any{"activity": "running", "height": 180, "track": moving})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("keypoints from a following camera: %d %s", resp.StatusCode, b)
	}
	json.Unmarshal(b, &created)
	got = calculatedOf(t, c, created.ID)
	if want, err = analysis.Calculate(moving, req); err != nil {
		t.Fatal(err)
	}
	gm, wm = got.Result.SideView.Metrics, want.Result.SideView.Metrics
	if len(gm.Steps) != len(wm.Steps) || len(gm.Steps) < 8 || gm.Speed != wm.Speed || math.Abs(gm.Speed-3.6) > 0.4 {
		t.Errorf("following camera: server %d steps at %.2f m/s; shared code here %d at %.2f m/s (the runner ran 3.6)", len(gm.Steps), gm.Speed, len(wm.Steps), wm.Speed)
	}
	withCam := func(edit func(cam []track.Motion) []track.Motion) track.Track {
		x := moving
		x.Camera = edit(append([]track.Motion(nil), cam...))
		return x
	}
	bad("a camera motion short", func(m map[string]any) {
		m["track"] = withCam(func(c []track.Motion) []track.Motion { return c[1:] })
	}, 422, "invalid_track")
	bad("a zoom of 5", func(m map[string]any) {
		m["track"] = withCam(func(c []track.Motion) []track.Motion { c[5] = track.Motion{5, 0, 0, 0}; return c })
	}, 422, "invalid_track")
	bad("a shift of a billion pixels", func(m map[string]any) {
		m["track"] = withCam(func(c []track.Motion) []track.Motion { c[5][2] = 1e9; return c })
	}, 422, "invalid_track")
}
