package tests

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"motionlab/shared/advice"
	"motionlab/shared/analysis"
	"motionlab/tests/testenv"
)

// runAnalyze runs `motionlab analyze` on a test video with flags and
// returns its output folder.
func runAnalyze(t *testing.T, video string, flags ...string) string {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command(binary, append([]string{"analyze", testenv.Data(t, video), "--out", out}, flags...)...)
	cmd.Env = append(os.Environ(), "MOTIONLAB_MODELS="+testenv.ModelsDir(t), "MOTIONLAB_ORT_LIB="+testenv.RuntimeLib(t))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("analyze %s: %v\n%.2000s", video, err, b)
	}
	return out
}

func TestAnalyzeCommandWritesKeypointsAndSummary(t *testing.T) {
	out := runAnalyze(t, "videos/run_side_overground_sports2d_demo3.mp4")
	var sum struct {
		Frames        int
		Width, Height int
		SubjectFrames int `json:"subject_frames"`
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(b, &sum)
	if sum.Frames != 47 || sum.Width != 480 || sum.Height != 352 {
		t.Errorf("summary %+v, want 47 frames 480x352", sum)
	}
	f, err := os.Open(filepath.Join(out, "keypoints.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 48 || len(rows[0]) != 2+33*3 || rows[0][2] != "nose_x" {
		t.Errorf("csv: %d rows, header %v", len(rows), rows[0][:3])
	}
	var kp struct {
		Layout []string
		Raw    []json.RawMessage
		Clean  []json.RawMessage
	}
	b, _ = os.ReadFile(filepath.Join(out, "keypoints.json"))
	if err := json.Unmarshal(b, &kp); err != nil || len(kp.Raw) != 47 || len(kp.Clean) != 47 || len(kp.Layout) != 33 {
		t.Fatalf("keypoints.json: err %v, %d raw, %d clean, %d layout", err, len(kp.Raw), len(kp.Clean), len(kp.Layout))
	}
	// She runs through the frame and is gone by frame ~33: seen in every
	// frame until 30, and the empty frames 40–46 are marked, not invented.
	for i, f := range kp.Raw {
		seen := string(f) != "null"
		if i <= 30 && !seen {
			t.Errorf("frame %d: runner not found", i)
		}
		if i >= 40 && (seen || string(kp.Clean[i]) != "null") {
			t.Errorf("frame %d: a person is reported in an empty frame", i)
		}
	}
	if sum.SubjectFrames < 31 || sum.SubjectFrames > 36 {
		t.Errorf("summary says the runner is in %d frames", sum.SubjectFrames)
	}
}

func TestAnalyzeCommandUnreadableVideo(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "notes.mp4")
	os.WriteFile(bad, []byte("not a video"), 0o644)
	cmd := exec.Command(binary, "analyze", bad, "--out", t.TempDir())
	cmd.Env = append(os.Environ(), "MOTIONLAB_MODELS="+testenv.ModelsDir(t), "MOTIONLAB_ORT_LIB="+testenv.RuntimeLib(t))
	b, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("analyze of a text file succeeded")
	}
	if !strings.Contains(string(b), "unreadable video") {
		t.Errorf("output %q does not say the video is unreadable", b)
	}
}

// `motionlab analyze` of a clip in which nothing happens (a man standing
// still, analysed as a lift) writes analysis.json with count 0, the
// reason and its sentence, and no recommendation, and says so.
func TestAnalyzeCommandNothingFound(t *testing.T) {
	out := t.TempDir()
	cmd := exec.Command(binary, "analyze", standingClip(t), "--out", out, "--activity", "lift", "--exercise", "squat", "--language", "zh")
	cmd.Env = append(os.Environ(), "MOTIONLAB_MODELS="+testenv.ModelsDir(t), "MOTIONLAB_ORT_LIB="+testenv.RuntimeLib(t))
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("analyze: %v\n%.2000s", err, b)
	}
	want := advice.Label("zh", "reason.no_repetition")
	if !strings.Contains(string(b), "lift: 0 found (no_repetition): "+want) {
		t.Errorf("the command does not say nothing was found:\n%.2000s", b)
	}
	var r analysis.Result
	if b, err = os.ReadFile(filepath.Join(out, "analysis.json")); err != nil || json.Unmarshal(b, &r) != nil {
		t.Fatalf("analysis.json: %v", err)
	}
	if r.Outcome.Count != 0 || r.Outcome.Reason != analysis.ReasonNoRepetition || r.Outcome.Message != want ||
		r.Lift == nil || r.Lift.Count != 0 || r.Lift.Recommendations == nil || len(r.Lift.Recommendations) != 0 {
		t.Errorf("analysis.json: outcome %+v, lift %+v", r.Outcome, r.Lift)
	}
}
