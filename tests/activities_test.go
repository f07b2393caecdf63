package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"motionlab/shared/advice"
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

	// A run holds no jump: the analysis succeeds with count 0, says why in
	// the request's language and gives no advice (never "Good jump").
	t.Run("no jump is said, not praised", func(t *testing.T) {
		_, r := calculated(t, c, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"),
			map[string]string{"activity": "jump", "height": "168", "language": "fr"})
		if r.Jump == nil || r.Jump.Count != 0 || r.Outcome.Count != 0 {
			t.Fatalf("jump %+v outcome %+v: want no jump", r.Jump, r.Outcome)
		}
		if r.Outcome.Reason != analysis.ReasonNoFlight && r.Outcome.Reason != analysis.ReasonFlightsNotCounted {
			t.Errorf("reason %q", r.Outcome.Reason)
		}
		if want := advice.Label("fr", "reason."+r.Outcome.Reason); r.Outcome.Message != want || !strings.Contains(want, "saut") {
			t.Errorf("message %q, want the French sentence %q", r.Outcome.Message, want)
		}
		if len(r.Jump.Recommendations) != 0 || len(r.Jump.Findings) != 0 {
			t.Errorf("advice without a jump: %+v %+v", r.Jump.Recommendations, r.Jump.Findings)
		}
	})

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
		if len(sp.Frames) < 25 || len(sp.Frames[10].Angles) < 10 {
			t.Errorf("%d frames, frame 10 angles %v", len(sp.Frames), sp.Frames[10].Angles)
		}
		// Her flights (~0.08 s) are two and a half frames at 30 fps: the
		// analysis says each is known only to a frame. And she jogs (top
		// speed about 4.4 m/s): no sprint to judge, so no sprint advice
		// (she was told her contacts were long for sprinting), and it says
		// so.
		cv := r.Outcome.Caveats
		if len(cv) != 2 || cv[0].Code != analysis.CaveatCoarseTiming || !strings.Contains(cv[0].Message, "± 33 ms") ||
			cv[1].Code != analysis.CaveatNoSprint || !strings.Contains(cv[1].Message, fmt.Sprintf("%.1f m/s", sp.MaxSpeedMS)) {
			t.Errorf("caveats %+v, want coarse_timing (± 33 ms) and no_sprint", cv)
		}
		if len(sp.Recommendations) != 0 || len(sp.Findings) != 0 {
			t.Errorf("sprint advice for a jog at %.1f m/s: %+v", sp.MaxSpeedMS, sp.Recommendations)
		}
	})

	// The Sports2D demo: a man on a raised platform does two jumping jacks
	// (four two-footed flights), walks along the box, then does a front
	// flip onto the floor; a woman walks by. For activity=jump the athlete
	// is whoever moves most up and down. The hand annotation
	// (tests/validation/sports2d_demo.json: last frame on the box → first
	// frame back on it) is 11→20, 29→37, 46→55, 64→72; walking on the box
	// (85–160) is no jump; the flip, 166→190 from the box down to the
	// grass, counts with its flight time but, landed lower, no height.
	t.Run("jump", func(t *testing.T) {
		_, r := calculated(t, c, testenv.Data(t, "videos/sports2d_demo.mp4"), map[string]string{"activity": "jump", "height": "178"})
		j := r.Jump
		if j == nil || !j.Ready {
			t.Fatalf("jump result %+v", j)
		}
		hand := [][2]int{{11, 20}, {29, 37}, {46, 55}, {64, 72}}
		for _, h := range hand {
			found := false
			for _, jp := range j.Jumps {
				if abs(jp.TakeoffFrame-h[0]) <= 1 && abs(jp.LandingFrame-h[1]) <= 1 {
					found = true
					checkRange(t, "flight time", jp.FlightTimeS, 0.2, 0.4)
					checkRange(t, "height", jp.HeightFlightM, 0.05, 0.2)
					// One frame of a ~0.3 s flight at 30 fps: about 2.5 cm.
					checkRange(t, "height margin", jp.HeightMarginM, 0.015, 0.035)
				}
			}
			if !found {
				t.Errorf("hand-annotated jump %d→%d not found within a frame in %+v", h[0], h[1], j.Jumps)
			}
		}
		flip := false
		for _, jp := range j.Jumps {
			if abs(jp.TakeoffFrame-166) <= 1 && abs(jp.LandingFrame-190) <= 1 {
				flip = jp.LevelChanged && jp.LevelChange > 0 && jp.HeightMarginM == 0
				checkRange(t, "flip's flight time", jp.FlightTimeS, 0.7, 0.85)
			}
		}
		if !flip {
			t.Errorf("the flip 166→190 not found within a frame, or not flagged as landed lower, in %+v", j.Jumps)
		}
		if j.Count != len(hand)+1 || j.Height.N != len(hand) || j.Best == nil || j.Best.LevelChanged {
			t.Errorf("%d jumps counted, heights of %d, best %+v; the hand annotation has %d hops on the box and the flip off it", j.Count, j.Height.N, j.Best, len(hand))
		}
		if r.Outcome.Count != j.Count {
			t.Errorf("outcome count %d, jumps %d", r.Outcome.Count, j.Count)
		}
		// Four flights 0.27–0.3 s apart on the ground (annotation: 20→29,
		// 37→46, 55→64): repeated hops, not maximal jumps, so no "low jump"
		// advice (nor a "good jump"): the advice says they are not judged so.
		if !j.RepeatedHops || j.GroundContact.N != 3 || j.GroundContact.Mean < 0.2 || j.GroundContact.Mean > 0.4 {
			t.Errorf("repeated hops %v, ground contacts %+v", j.RepeatedHops, j.GroundContact)
		}
		if len(j.Recommendations) != 1 || j.Recommendations[0].Key != advice.RepeatedHops {
			t.Errorf("recommendations %+v, want repeated_hops alone", j.Recommendations)
		}
		// Flights of ~0.27 s are eight frames: timed finely enough.
		if len(r.Outcome.Caveats) != 0 {
			t.Errorf("caveats %+v, want none", r.Outcome.Caveats)
		}
		for _, jp := range j.Jumps {
			t.Logf("jump %d: frames %d→%d, flight %.3f s, %.1f ± %.1f cm", jp.Index, jp.TakeoffFrame, jp.LandingFrame, jp.FlightTimeS, 100*jp.HeightFlightM, 100*jp.HeightMarginM)
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

// A lift with no repetition (a man standing still before his set)
// completes with count 0 and no advice, and the lift-analysis route says
// why in the language asked for instead of "good lift".
func TestNoRepetitionCompletesWithCountZero(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{s.URL, ""}
	id, r := calculated(t, c, standingClip(t), map[string]string{"activity": "lift", "exercise": "squat", "height": "175", "language": "pt"})
	if r.Outcome.Count != 0 || r.Outcome.Reason != analysis.ReasonNoRepetition || r.Outcome.Message != advice.Label("pt", "reason.no_repetition") {
		t.Fatalf("outcome %+v", r.Outcome)
	}
	if l := r.Lift; l == nil || l.Count != 0 || len(l.Reps) != 0 || len(l.Recommendations) != 0 || len(l.Findings) != 0 || l.Eccentric.N != 0 {
		t.Fatalf("lift %+v", r.Lift)
	}
	resp, body := c.do(t, "GET", "/weightlifting/sessions/"+id+"/lift-analysis/?language=de", nil, "")
	var la struct {
		RepCount        int `json:"rep_count"`
		Outcome         analysis.Outcome
		Recommendations []struct{ Key, Title string }
		Language        string
	}
	json.Unmarshal(body, &la)
	if resp.StatusCode != 200 || la.RepCount != 0 || la.Outcome.Count != 0 || la.Outcome.Reason != analysis.ReasonNoRepetition ||
		la.Outcome.Message != advice.Label("de", "reason.no_repetition") || la.Language != "de" || len(la.Recommendations) != 0 {
		t.Errorf("lift-analysis: %d %.600s", resp.StatusCode, body)
	}
}
