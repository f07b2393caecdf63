package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"motionlab/shared/advice"
	"motionlab/shared/analysis"
	"motionlab/shared/coaching"
	"motionlab/shared/frontal"
	"motionlab/shared/gait"
	"motionlab/shared/running"
	"motionlab/tests/testenv"
)

// walker is the Demo4 walker's running analysis (calculated_data), made
// once for the tests that read it.
var walker struct {
	once sync.Once
	r    *analysis.Result
}

func walkerAnalysis(t *testing.T) *analysis.Result {
	walker.once.Do(func() {
		b, err := os.ReadFile(filepath.Join(runAnalyze(t, "videos/walk_side_sports2d_demo4.mp4"), "analysis.json"))
		if err != nil {
			t.Fatalf("analyze wrote no analysis.json: %v", err)
		}
		var r analysis.Result
		if err := json.Unmarshal(b, &r); err != nil || r.Result == nil || r.Coaching == nil {
			t.Fatalf("the walker's analysis: %v", err)
		}
		walker.r = &r
	})
	if walker.r == nil {
		t.Fatal("the walker's analysis failed in an earlier test")
	}
	return walker.r
}

// TestWalkDoubtsWhatItCannotTime: the Demo4 walker walks (both feet down
// between steps), and where the model draws both feet between the legs
// as they cross, contacts come out with a "flight" between them. Such
// contacts are doubted (gait.Doubt): shown as uncertain, with the reason,
// and left out of the means, which then give a walk no flight at all; so
// is the left stance 227–247, joined from two places its points jumped
// between (points_jumped).
func TestWalkDoubtsWhatItCannotTime(t *testing.T) {
	a := walkerAnalysis(t)
	m := a.Metrics
	doubted := 0
	for _, s := range m.Steps {
		switch s.Doubt {
		case "":
		case gait.DoubtNoDoubleSupport, gait.DoubtLandsAgain, gait.DoubtPointsJumped:
			doubted++
			if s.ShownConfidence() >= gait.LowConfidence {
				t.Errorf("%s contact %d–%d doubted (%s) but shown at confidence %.2f", s.Foot, s.Contact.Contact, s.ToeOff, s.Doubt, s.ShownConfidence())
			}
		default:
			t.Errorf("%s contact %d: doubt %q in a walk", s.Foot, s.Contact.Contact, s.Doubt)
		}
	}
	if doubted == 0 {
		t.Error("no contact of the walk doubted")
	}
	if m.FlightTime.Mean != 0 || m.FlightTime.N == 0 {
		t.Errorf("flight time %+v: a walk has none", m.FlightTime)
	}
	t.Logf("%d of %d contacts doubted; contact time %.0f ms, %.2f steps/s", doubted, len(m.Steps), 1000*m.ContactTime.Mean, m.Cadence/60)
	// What is built on the steps reads the counted ones only: the
	// coaching's contact time is the metrics' mean, the foot strikes
	// counted and the knee angles at contact as many.
	counted := 0
	for _, ok := range m.Counted() {
		if ok {
			counted++
		}
	}
	for _, cm := range a.Coaching.Metrics {
		if cm.ID != "ground_contact_time" {
			continue
		}
		if cm.Value == nil {
			t.Error("coaching has no contact time")
		} else if math.Abs(*cm.Value-1000*m.ContactTime.Mean) > 0.5 || cm.N != m.ContactTime.N {
			t.Errorf("coaching's contact time %.1f ms over %d steps, the metrics' %.1f ms over %d", *cm.Value, cm.N, 1000*m.ContactTime.Mean, m.ContactTime.N)
		}
	}
	strikes := 0
	for _, n := range a.FootLanding.Counts {
		strikes += n
	}
	if strikes > counted || counted == len(m.Steps) {
		t.Errorf("%d foot strikes summarised, %d of %d steps counted", strikes, counted, len(m.Steps))
	}
	if k := a.JointAngles.Left[running.Knee].AtContact.N + a.JointAngles.Right[running.Knee].AtContact.N; k > counted {
		t.Errorf("knee angles at %d contacts, %d counted", k, counted)
	}
}

// analyzeRunning runs `motionlab analyze` with the given flags and reads
// its analysis.json.
func analyzeRunning(t *testing.T, video string, flags ...string) *running.Result {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(runAnalyze(t, video, flags...), "analysis.json"))
	if err != nil {
		t.Fatalf("analyze %s wrote no analysis.json: %v", video, err)
	}
	var r running.Result
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

type handStep struct {
	foot            string
	contact, toeOff int // frames; toeOff is the first frame off the ground
}

// matchSteps checks detected steps against a hand count, each event within
// tol frames, and prints both for the record.
func matchSteps(t *testing.T, r *running.Result, hand []handStep, tol int) {
	t.Helper()
	got := r.Metrics.Steps
	for _, h := range hand {
		found := false
		for _, s := range got {
			if string(s.Foot) == h.foot && abs(s.Contact.Contact-h.contact) <= tol {
				found = true
				if abs(s.ToeOff-h.toeOff) > tol {
					t.Errorf("%s contact at %d: toe-off %d, hand count %d (±%d)", h.foot, h.contact, s.ToeOff, h.toeOff, tol)
				}
			}
		}
		if !found {
			t.Errorf("hand-counted %s contact at frame %d (±%d) not detected", h.foot, h.contact, tol)
		}
	}
	for _, s := range got {
		t.Logf("detected %-5s contact %3d toe-off %3d", s.Foot, s.Contact.Contact, s.ToeOff)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// The Sports2D demo: a woman walks right to left across the frame at
// 30 fps, out from behind the tree trunk at the right edge at frame 37 and
// out of the picture at about 200. Hand count, frame by frame from the
// video (contact = first frame the foot bears weight, toe-off = first
// frame it is off the ground; the first two from the validation's
// annotation, tests/validation/sports2d_demo.json):
//
//	left  41 → 66     right  60 → 84     left  78 → 103    right  98 → 121
//	left 116 → 139    right 135 → 158    left 151 → 176    right 170 → ~190 (she leaves the frame)
//
// MotionLab finds left 42–66, right 60–84, left 79–103, right 98–120,
// left 116–139, right 135–158, left 152–176, right 171–196: every event
// within 2 frames. The first two only since the analysis follows her back
// from where the detector found her (60): before, it found 6 steps.
func TestWalkingStepsMatchHandCount(t *testing.T) {
	r := analyzeRunning(t, "videos/sports2d_demo.mp4", "--height", "165")
	hand := []handStep{{"left", 41, 66}, {"right", 60, 84}, {"left", 78, 103}, {"right", 98, 121},
		{"left", 116, 139}, {"right", 135, 158}, {"left", 151, 176}}
	matchSteps(t, r, hand, 2)
	if n := len(r.Metrics.Steps); n < 7 || n > 8 {
		t.Errorf("%d steps, want the 7 counted plus at most 1 at the frame's edge", n)
	}
	// A walk: double support, about 97 steps/min; measured, not judged
	// by running's bands (it scored 0.46 with its cadence "poor").
	if r.RunningStyles.Gait != "walking" || len(r.Recommendations) != 0 || r.TotalScore != nil || len(r.Scores) != 0 {
		t.Errorf("gait %q with %d recommendations, score %v, %d metric scores: want walking, no running advice, no score", r.RunningStyles.Gait, len(r.Recommendations), r.TotalScore, len(r.Scores))
	}
	if c := r.Metrics.Cadence; c < 90 || c > 105 {
		t.Errorf("cadence %.1f, hand count gives 60/(73/4 frames) ≈ 99", c)
	}
	if v := r.Metrics.Speed; v < 0.8 || v > 1.6 {
		t.Errorf("walking speed %.2f m/s", v)
	}
}

// Sports2D demo 3: a runner crosses left to right at 29.97 fps. Hand
// count: right 4 → 12, left 12 → 20, right 22 → 30 (she leaves at ~33).
func TestRunningStepsMatchHandCount(t *testing.T) {
	r := analyzeRunning(t, "videos/run_side_overground_sports2d_demo3.mp4")
	matchSteps(t, r, []handStep{{"right", 4, 12}, {"left", 12, 20}, {"right", 22, 30}}, 2)
	if r.RunningStyles.Gait != "running" {
		t.Errorf("gait %q, want running", r.RunningStyles.Gait)
	}
	// Contacts 4, 12/14, 22/23: about 9 frames a step, 200 spm.
	if c := r.Metrics.Cadence; c < 170 || c > 215 {
		t.Errorf("cadence %.1f", c)
	}
	// One left contact against two right: no left/right contact-time
	// asymmetry can be told (it read 28.7 %).
	if a := r.Metrics.ContactAsymmetry; a != nil {
		t.Errorf("contact-time asymmetry %.1f %% from %d contacts", *a, len(r.Metrics.Steps))
	}
}

// checkAnnotatedVideo waits for the annotated video, downloads it and
// checks it is H.264 at the source's size and frame count, with the
// skeleton drawn at a keypoint of frame 10.
func checkAnnotatedVideo(t *testing.T, c apiClient, id, src string, at struct{ X, Y float64 }) {
	t.Helper()
	var url string
	for deadline := time.Now().Add(90 * time.Second); url == "" && time.Now().Before(deadline); {
		_, body := c.do(t, "GET", "/v1/analyses/"+id+"/results", nil, "")
		var r struct {
			Annotated string `json:"annotated_video_url"`
		}
		json.Unmarshal(body, &r)
		if url = r.Annotated; url == "" {
			time.Sleep(500 * time.Millisecond)
		}
	}
	if url == "" {
		t.Fatal("no annotated_video_url within 90 s")
	}
	checkAnnotatedVideoAt(t, c, url, src, 10, at.X, at.Y)
}

// checkAnnotatedVideoAt downloads the annotated video at url and checks it
// is H.264 with the source's frame count and its size scaled down to 1280
// px on the longer side (server/video.MaxRenderSide), with something drawn
// at the source's (x, y) in frame n.
func checkAnnotatedVideoAt(t *testing.T, c apiClient, url, src string, n int, x, y float64) {
	t.Helper()
	resp, body := c.do(t, "GET", url, nil, "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "video/mp4" {
		t.Fatalf("annotated video: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	dst := filepath.Join(t.TempDir(), "annotated.mp4")
	os.WriteFile(dst, body, 0o644)
	probe := func(path string) string {
		out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
			"-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", path).Output()
		if err != nil {
			t.Fatalf("ffprobe %s: %v", path, err)
		}
		return strings.TrimSpace(string(out))
	}
	var codec string
	var w, h, frames int
	if _, err := fmt.Sscanf(strings.ReplaceAll(probe(src), ",", " "), "%s %d %d %d", &codec, &w, &h, &frames); err != nil {
		t.Fatalf("ffprobe %s: %v", src, err)
	}
	scale := min(1, 1280/float64(max(w, h)))
	want := fmt.Sprintf("h264,%d,%d,%d", int(float64(w)*scale)&^1, int(float64(h)*scale)&^1, frames)
	if got := probe(dst); got != want {
		t.Errorf("annotated video %q, want %q (source %dx%d)", got, want, w, h)
	}
	a, b := framePixel(t, src, n, x, y), framePixel(t, dst, n, x*scale, y*scale)
	if d := abs(a[0]-b[0]) + abs(a[1]-b[1]) + abs(a[2]-b[2]); d < 60 {
		t.Errorf("frame %d at (%.0f, %.0f): source %v, annotated %v: no skeleton drawn", n, x, y, a, b)
	}
}

// framePixel decodes frame n of a video with ffmpeg and returns the RGB
// pixel at (x, y).
func framePixel(t *testing.T, path string, n int, x, y float64) [3]int {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-vf", fmt.Sprintf("select=eq(n\\,%d)", n),
		"-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg frame %d of %s: %v", n, path, err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	r, g, b, _ := img.At(int(x), int(y)).RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}

// checkRange reports a value outside [lo, hi].
func checkRange(t *testing.T, name string, v, lo, hi float64) {
	t.Helper()
	if math.IsNaN(v) || v < lo || v > hi {
		t.Errorf("%s = %v, want %v…%v", name, v, lo, hi)
	}
}

// scored is a total score, NaN when there is none (nothing was judged).
func scored(s *float64) float64 {
	if s == nil {
		return math.NaN()
	}
	return *s
}

func TestRunningAnalysisEndToEnd(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000") // polling here is not what is under test
	c := apiClient{s.URL, ""}

	t.Run("side_view treadmill", func(t *testing.T) {
		id := upload202(t, c, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"),
			map[string]string{"analysis_type": "side_view", "treadmill": "true", "pace": "04:30", "height": "168", "language": "fr"})
		c.waitDone(t, id, 2*time.Minute)
		resp, body := c.do(t, "GET", "/v1/analyses/"+id+"/results/calculated_data", nil, "")
		if resp.StatusCode != 200 {
			t.Fatalf("calculated_data: %d %s", resp.StatusCode, body)
		}
		var raw map[string]json.RawMessage
		json.Unmarshal(body, &raw)
		for _, k := range []string{"analysis_type", "language", "metrics", "overstride", "foot_landing", "joint_angles", "running_styles", "total_score", "scores", "recommendations", "scale"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("calculated_data lacks %q", k)
			}
		}
		var r running.Result
		if err := json.Unmarshal(body, &r); err != nil || r.SideView == nil {
			t.Fatalf("calculated_data: %v\n%s", err, body)
		}
		m := r.Metrics
		if m.Pace != "04:30" || math.Abs(m.Speed-1000/270.0) > 0.01 {
			t.Errorf("treadmill speed %.3f m/s pace %s, want 3.704 and 04:30", m.Speed, m.Pace)
		}
		checkRange(t, "cadence", m.Cadence, 160, 220)
		checkRange(t, "contact time", m.ContactTime.Mean, 0.12, 0.35)
		checkRange(t, "flight time", m.FlightTime.Mean, 0, 0.2)
		checkRange(t, "duty factor", m.DutyFactor.Mean, 0.2, 0.5)
		checkRange(t, "step length", m.StepLength.Mean, 0.8, 1.6)
		checkRange(t, "vertical oscillation", m.VerticalOscillation.Mean, 2, 15)
		checkRange(t, "trunk lean", m.TrunkLean.Mean, -10, 25)
		checkRange(t, "overstride angle", r.Overstride.AngleDeg.Mean, -5, 35)
		checkRange(t, "overstride score", r.Overstride.Score, 0, 1)
		checkRange(t, "total score", scored(r.TotalScore), 0.01, 1)
		if len(r.Overstride.Steps) < 2 || len(r.FootLanding.Steps) < 2 {
			t.Errorf("overstride %d steps, foot landing %d steps", len(r.Overstride.Steps), len(r.FootLanding.Steps))
		}
		for _, st := range r.FootLanding.Steps {
			if st.Type != running.Rearfoot && st.Type != running.Midfoot && st.Type != running.Forefoot {
				t.Errorf("foot landing type %q", st.Type)
			}
		}
		// The runner's left arm is the far one, behind the trunk: the model
		// sees its elbow in 2 of 33 frames, too few for a range (and for an
		// arm-swing asymmetry); every other joint is seen throughout.
		for side, joints := range map[string]map[running.Joint]running.JointEvents{"left": r.JointAngles.Left, "right": r.JointAngles.Right} {
			for _, j := range running.Joints {
				e, ok := joints[j]
				farArm := side == "left" && (j == running.Shoulder || j == running.Elbow)
				if !ok || farArm != (e.Range == 0) || farArm && (e.Min != 0 || e.Max != 0) {
					t.Errorf("%s %s: %+v (far arm: %v)", side, j, e, farArm)
				}
			}
			checkRange(t, side+" knee range", joints[running.Knee].Range, 30, 150)
		}
		var cr struct{ Coaching *coaching.Report }
		if err := json.Unmarshal(body, &cr); err != nil || cr.Coaching == nil {
			t.Fatalf("coaching: %v", err)
		}
		for _, m := range cr.Coaching.Metrics {
			if (m.ID == "arm_swing" || m.ID == "elbow_angle") && (m.Left != nil || m.Asymmetry != nil) {
				t.Errorf("%s: the far arm's side is reported (left %v, asymmetry %+v)", m.ID, m.Left, m.Asymmetry)
			}
		}
		st := r.RunningStyles
		if st.Style == "" || st.Label == "" || st.Confidence <= 0 || len(st.Probabilities) != 5 {
			t.Errorf("running style %+v", st)
		}
		if len(r.Recommendations) == 0 || r.Recommendations[0].Title == "" || r.Language != "fr" {
			t.Errorf("recommendations %+v (language %s)", r.Recommendations, r.Language)
		}
		// results carries the same analysis; raw_data carries per-frame angles.
		resp, body = c.do(t, "GET", "/v1/analyses/"+id+"/results", nil, "")
		var res struct {
			Biomechanical *running.Result `json:"biomechanical_analysis"`
		}
		json.Unmarshal(body, &res)
		if resp.StatusCode != 200 || res.Biomechanical == nil || scored(res.Biomechanical.TotalScore) != scored(r.TotalScore) {
			t.Errorf("results: %d, biomechanical_analysis %v", resp.StatusCode, res.Biomechanical != nil)
		}
		resp, body = c.do(t, "GET", "/v1/analyses/"+id+"/results/raw_data", nil, "")
		var rd struct {
			Frames map[string]map[string]struct{ X, Y float64 } `json:"frames"`
			Angles map[string]map[string]float64                `json:"angles"`
		}
		json.Unmarshal(body, &rd)
		if a := rd.Angles["10"]; resp.StatusCode != 200 || a == nil || a["right_knee"] == 0 && a["left_knee"] == 0 {
			t.Errorf("raw_data angles of frame 10: %v", a)
		}
		checkAnnotatedVideo(t, c, id, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), rd.Frames["10"]["left_knee"])
	})

	// No back-view running clip is among the test videos: the back-view
	// numbers are checked on synthetic runners in shared/frontal; here the
	// walker of the Sports2D demo (a side view) checks that the API carries
	// every back-view field with values in range.
	t.Run("back_view", func(t *testing.T) {
		for _, full := range []bool{true, false} {
			id := upload202(t, c, testenv.Data(t, "videos/sports2d_demo.mp4"),
				map[string]string{"analysis_type": "back_view", "full_body": fmt.Sprint(full), "language": "ja"})
			c.waitDone(t, id, 2*time.Minute)
			resp, body := c.do(t, "GET", "/v1/analyses/"+id+"/results/calculated_data", nil, "")
			var r running.Result
			if err := json.Unmarshal(body, &r); err != nil || resp.StatusCode != 200 || r.BackView == nil {
				t.Fatalf("calculated_data %d: %v\n%s", resp.StatusCode, err, body)
			}
			var raw map[string]json.RawMessage
			json.Unmarshal(body, &raw)
			for _, k := range []string{"gait_cycle", "steps", "total_score", "recommendations"} {
				if _, ok := raw[k]; !ok {
					t.Errorf("full_body=%v: calculated_data lacks %q", full, k)
				}
			}
			if _, ok := raw["overstride"]; ok {
				t.Error("back view must not carry side-view sections")
			}
			if len(r.Steps) == 0 {
				t.Errorf("full_body=%v: no stance found", full)
			}
			legs := map[string]frontal.LegStance{"left": r.GaitCycle.Left, "right": r.GaitCycle.Right}
			measured := 0
			for side, leg := range legs {
				if leg.Pronation != nil && leg.Pronation.N > 0 {
					measured++
					checkRange(t, side+" pronation", leg.Pronation.Mean, -90, 90) // a side view: only the angle's domain
				}
				if full {
					for name, st := range map[string]*frontal.Stat{"pelvic drop": leg.PelvicDrop, "hip adduction": leg.HipAdduction, "knee adduction": leg.KneeAdduction} {
						if st != nil && st.N > 0 {
							checkRange(t, side+" "+name, st.Mean, -90, 90)
						}
					}
				} else if leg.PelvicDrop != nil || leg.HipAdduction != nil || leg.KneeAdduction != nil {
					t.Errorf("full_body=false: %s leg has more than pronation: %+v", side, leg)
				}
			}
			if measured == 0 {
				t.Errorf("full_body=%v: pronation measured on neither leg", full)
			}
			checkRange(t, "total score", scored(r.TotalScore), 0, 1)
			if len(r.Recommendations) == 0 || r.Recommendations[0].Advice == "" {
				t.Errorf("recommendations %+v", r.Recommendations)
			}
		}
	})

}

// An analysis that finds no step completes (issue 17 item 6): status
// success, calculated_data with outcome count 0, the machine reason and
// its sentence in the requested language, no recommendations, no score
// and no metrics; the annotated video, the exports and the results all
// cope with it. Real clips: the first 8 s of the squat clip (a man
// standing still before his set), and Pose2Sim's treadmill clip in a back
// view (one foot planted from the first frame, the other swept sideways
// and set down until the last: no stance is seen whole).
func TestNoStepsCompletesWithCountZero(t *testing.T) {
	s := startServer(t, "--rate-per-minute", "6000") // polling here is not what is under test
	c := apiClient{s.URL, ""}
	standing := standingClip(t)
	for _, tc := range []struct {
		name, video string
		fields      map[string]string
	}{
		{"standing side view", standing, map[string]string{"language": "de", "height": "175"}},
		{"treadmill back view", testenv.Data(t, "videos/pose2sim_cam01.mp4"), map[string]string{"analysis_type": "back_view", "language": "ko"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lang := tc.fields["language"]
			id := upload202(t, c, tc.video, tc.fields)
			if st := c.waitDone(t, id, 3*time.Minute); st.Status != "success" {
				t.Fatalf("status %q, want success", st.Status)
			}
			resp, body := c.do(t, "GET", "/v1/analyses/"+id+"/results/calculated_data", nil, "")
			if resp.StatusCode != 200 {
				t.Fatalf("calculated_data: %d %s", resp.StatusCode, body)
			}
			var r analysis.Result
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			if r.Activity != analysis.Running || r.Outcome.Count != 0 || r.Outcome.Reason != analysis.ReasonNoContact {
				t.Fatalf("activity %q outcome %+v: want count 0, reason no_contact\n%.600s", r.Activity, r.Outcome, body)
			}
			if want := advice.Label(lang, "reason.no_contact"); r.Outcome.Message != want || want == advice.Label("en", "reason.no_contact") {
				t.Errorf("message %q, want the %s sentence %q", r.Outcome.Message, lang, want)
			}
			var raw map[string]json.RawMessage
			json.Unmarshal(body, &raw)
			if string(raw["recommendations"]) != "[]" || string(raw["total_score"]) != "null" {
				t.Errorf("recommendations %s, total_score %s: want [] and null", raw["recommendations"], raw["total_score"])
			}
			for _, k := range []string{"coaching", "metrics", "overstride", "foot_landing", "gait_cycle", "steps"} {
				if v, ok := raw[k]; ok {
					t.Errorf("calculated_data carries %s = %.200s for no step", k, v)
				}
			}
			// The results carry the same; the run makes no trend point.
			resp, body = c.do(t, "GET", "/v1/analyses/"+id+"/results", nil, "")
			var res analysis.Results
			json.Unmarshal(body, &res)
			if resp.StatusCode != 200 || res.Status != "success" || res.Biomechanical == nil || !reflect.DeepEqual(res.Biomechanical.Outcome, r.Outcome) {
				t.Errorf("results: %d %.300s", resp.StatusCode, body)
			}
			for _, f := range []string{"json", "csv"} {
				resp, body := c.do(t, "GET", "/running/sessions/"+id+"/export/?format="+f, nil, "")
				if resp.StatusCode != 200 || len(body) == 0 {
					t.Errorf("export %s: %d %.200s", f, resp.StatusCode, body)
				}
				if f == "json" && !strings.Contains(string(body), `"reason":"no_contact"`) {
					t.Errorf("the JSON export lacks the outcome: %.300s", body)
				}
			}
			if tc.video == standing {
				resp, body = c.do(t, "GET", "/v1/analyses/"+id+"/results/raw_data", nil, "")
				var rd struct {
					Frames map[string]map[string]struct{ X, Y float64 } `json:"frames"`
				}
				json.Unmarshal(body, &rd)
				if resp.StatusCode != 200 || rd.Frames["10"] == nil {
					t.Fatalf("raw_data: %d, frame 10 %v", resp.StatusCode, rd.Frames["10"])
				}
				// The annotated video is rendered: the skeleton, no metric.
				checkAnnotatedVideo(t, c, id, standing, rd.Frames["10"]["left_knee"])
			}
		})
	}
}

// standingClip cuts the first 8 s of the squat clip, where the man stands
// still before his set: a real clip in which nothing happens.
func standingClip(t *testing.T) string {
	t.Helper()
	clip := filepath.Join(t.TempDir(), "standing.mp4")
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", testenv.Data(t, "videos/backsquat_side_rohanx01_squat.mp4"), "-t", "8",
		"-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", clip).CombinedOutput()
	if err != nil {
		t.Fatalf("cut the standing part of the squat clip: %v %s", err, out)
	}
	return clip
}

// TestFootLandingFollowsTheFeet: the Demo4 walker (tests/validation) walks
// forward right to left (29–150), stops, then walks backwards left to
// right still facing left (182–345); the annotation's frames show the heel
// landing first going forward and the toe going backward. Each step found
// within 2 frames of an annotated touchdown is a rearfoot landing going
// forward and a forefoot one going backward, and no strike angle is
// beyond ±90° (measured against the travel, the backward steps' angles
// wrapped round to −327° and 354°).
func TestFootLandingFollowsTheFeet(t *testing.T) {
	ann := annotation(t, "walk_side_sports2d_demo4.json")
	r := walkerAnalysis(t).Result
	checked := map[string]int{}
	for _, st := range r.FootLanding.Steps {
		if math.Abs(st.StrikeAngleDeg) > 90 {
			t.Errorf("%s contact %d: strike angle %.1f°", st.Foot, st.ContactFrame, st.StrikeAngleDeg)
		}
		want := ""
		switch {
		case st.ContactFrame >= 29 && st.ContactFrame <= 150:
			want = running.Rearfoot
		case st.ContactFrame >= 182:
			want = running.Forefoot
		}
		for _, c := range ann.Sets[0].Contacts {
			if want != "" && !c.Uncertain && string(st.Foot) == c.Foot && abs(st.ContactFrame-c.Touchdown) <= 2 {
				checked[want]++
				if st.Type != want {
					t.Errorf("%s contact %d (annotated %d): %s (%.1f°), want %s", st.Foot, st.ContactFrame, c.Touchdown, st.Type, st.StrikeAngleDeg, want)
				}
			}
		}
	}
	t.Logf("landings checked against the annotation: %v", checked)
	if checked[running.Rearfoot] < 4 || checked[running.Forefoot] < 6 {
		t.Errorf("checked %v landings: too few steps matched the annotation", checked)
	}
}
