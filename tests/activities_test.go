package tests

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"motionlab/shared/analysis"
	"motionlab/shared/jump"
	"motionlab/shared/pose"
	"motionlab/tests/testenv"
)

// calculated uploads a video with fields, waits for success and returns
// its calculated_data.
func calculated(t *testing.T, c apiClient, video string, fields map[string]string) (string, *analysis.Result) {
	t.Helper()
	id := upload202(t, c, video, fields)
	c.waitDone(t, id, 3*time.Minute)
	resp, body := c.do(t, "GET", "/v1/analyses/"+id+"/results/calculated_data", nil, "")
	var r analysis.Result
	if err := json.Unmarshal(body, &r); err != nil || resp.StatusCode != 200 {
		t.Fatalf("calculated_data %d: %v %s", resp.StatusCode, err, body)
	}
	return id, &r
}

func TestSprintJumpLiftEndToEnd(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000") // polling here is not what is under test
	c := apiClient{s.URL, ""}

	t.Run("sprint", func(t *testing.T) {
		_, r := calculated(t, c, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), map[string]string{"activity": "sprint", "height": "168"})
		sp := r.Sprint
		if r.Activity != "sprint" || sp == nil || r.Result != nil {
			t.Fatalf("activity %q, sprint %v, running sections %v", r.Activity, sp != nil, r.Result != nil)
		}
		// Hand count (running test): contacts at frames 4, 12, 22.
		if len(sp.Steps) < 3 || sp.Start.Kind != "flying" {
			t.Errorf("%d steps, start %+v; want 3 and a flying start (she enters running)", len(sp.Steps), sp.Start)
		}
		checkRange(t, "contact time", sp.ContactTime.Mean, 0.15, 0.35)
		checkRange(t, "step length", sp.StepLength.Mean, 0.9, 1.8)
		checkRange(t, "step frequency", sp.StepFrequency.Mean, 2.5, 4.5)
		checkRange(t, "max CoM speed", sp.MaxSpeedMS, 3, 7)
		checkRange(t, "foot to CoM", sp.FootToCoM.Mean, -0.2, 0.8)
		if len(sp.Frames) < 25 || len(sp.Frames[10].Angles) < 10 || len(sp.Recommendations) == 0 {
			t.Errorf("%d frames, frame 10 angles %v, %d recommendations", len(sp.Frames), sp.Frames[10].Angles, len(sp.Recommendations))
		}
	})

	// The Sports2D demo: a man on a raised platform does small two-footed
	// jumps, then a flip whose landing leaves the view; a woman walks by.
	// For activity=jump the athlete is whoever moves most up and down.
	// Frame-by-frame count of his jumps (last frame on the ground → first
	// frame down again): 10→21, 27→38, 44→57, 62→72/73, 88→96 (a 6–8 cm
	// hop), then the flip's take-off at ~166 with no landing in view.
	// MotionLab (this commit): 10→21, 27→38, 45→57, 63→73, 89→95 and the
	// flip discarded as no_landing at 166.
	t.Run("jump", func(t *testing.T) {
		_, r := calculated(t, c, testenv.Data(t, "videos/sports2d_demo.mp4"), map[string]string{"activity": "jump", "height": "178"})
		j := r.Jump
		if j == nil || !j.Ready {
			t.Fatalf("jump result %+v", j)
		}
		hand := [][2]int{{10, 21}, {27, 38}, {44, 57}, {62, 72}}
		for _, h := range hand {
			found := false
			for _, jp := range j.Jumps {
				if abs(jp.TakeoffFrame-h[0]) <= 2 && abs(jp.LandingFrame-h[1]) <= 2 {
					found = true
					checkRange(t, "flight time", jp.FlightTimeS, 0.25, 0.45)
					checkRange(t, "height", jp.HeightFlightM, 0.07, 0.25)
				}
			}
			if !found {
				t.Errorf("hand-counted jump %d→%d not found in %+v", h[0], h[1], j.Jumps)
			}
		}
		if j.Count != 5 {
			t.Errorf("%d jumps counted, hand count 5", j.Count)
		}
		flip := false
		for _, d := range j.Discarded {
			flip = flip || d.Reason == "no_landing" && abs(d.TakeoffFrame-166) <= 3
		}
		if !flip {
			t.Errorf("the flip's take-off (~frame 166, no landing in view) is not reported as no_landing: %+v", j.Discarded)
		}
		for _, jp := range j.Jumps {
			t.Logf("jump %d: frames %d→%d, flight %.3f s, %.1f cm", jp.Index, jp.TakeoffFrame, jp.LandingFrame, jp.FlightTimeS, 100*jp.HeightFlightM)
		}
		for _, d := range j.Discarded {
			t.Logf("discarded at %d: %s (%s)", d.TakeoffFrame, d.Reason, d.Detail)
		}
	})

	t.Run("lift", func(t *testing.T) {
		// The squat clip lasts 20 s; the API takes 10: cut 8.3–18.25 s
		// (two repetitions) into a temporary file.
		clip := filepath.Join(t.TempDir(), "squat.mp4")
		out, err := exec.Command("ffmpeg", "-v", "error", "-ss", "8.3", "-t", "9.9", "-i", testenv.Data(t, "videos/backsquat_side_rohanx01_squat.mp4"),
			"-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", clip).CombinedOutput()
		if err != nil {
			t.Fatalf("cut the squat clip: %v %s", err, out)
		}
		id, r := calculated(t, c, clip, map[string]string{"activity": "lift", "exercise": "squat", "height": "175"})
		l := r.Lift
		if l == nil || l.Exercise != "squat" || l.Count < 1 || len(l.BarPath) < 100 || len(l.Recommendations) == 0 {
			t.Fatalf("lift %+v", l)
		}
		for _, rep := range l.Reps {
			checkRange(t, "eccentric", rep.EccentricS, 0.5, 6)
			checkRange(t, "concentric", rep.ConcentricS, 0.3, 4)
			checkRange(t, "range of motion", rep.RangeOfMotionM, 0.15, 0.8)
		}
		resp, body := c.do(t, "GET", "/weightlifting/sessions/"+id+"/lift-analysis/?language=de", nil, "")
		var la struct {
			RepCount int `json:"rep_count"`
			Images   []struct {
				Name    string
				DataURL string `json:"data_url"`
			}
			Recommendations []struct{ Title, Advice string }
			Language        string
		}
		json.Unmarshal(body, &la)
		if resp.StatusCode != 200 || la.RepCount != l.Count || len(la.Images) != 2 || la.Language != "de" || len(la.Recommendations) == 0 {
			t.Fatalf("lift-analysis: %d %.300s", resp.StatusCode, body)
		}
		for _, im := range la.Images {
			if !strings.HasPrefix(im.DataURL, "data:image/png;base64,iVBOR") {
				t.Errorf("image %s is not a PNG data URL", im.Name)
			}
		}
		if r, _ := c.do(t, "GET", "/running/sessions/"+id+"/", nil, ""); r.StatusCode != 404 {
			t.Errorf("a lift as a running session: %d, want 404", r.StatusCode)
		}
		os.Remove(clip)
	})
}

// The walker of the Sports2D demo (the athlete of a running analysis)
// makes no jump.
func TestWalkerMakesNoJump(t *testing.T) {
	out := runAnalyze(t, "videos/sports2d_demo.mp4")
	var kp struct {
		FPS   float64        `json:"fps"`
		Clean []*pose.Person `json:"clean"`
	}
	b, err := os.ReadFile(filepath.Join(out, "keypoints.json"))
	if err != nil || json.Unmarshal(b, &kp) != nil {
		t.Fatalf("keypoints.json: %v", err)
	}
	r := jump.Analyze(kp.Clean, jump.Options{FPS: kp.FPS, HeightM: 1.65})
	if !r.Ready || r.Count != 0 || len(r.Discarded) != 0 {
		t.Errorf("walker: ready %v, %d jumps %+v, discarded %+v", r.Ready, r.Count, r.Jumps, r.Discarded)
	}
}
