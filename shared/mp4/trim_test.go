package mp4

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTrimPlaysInFFprobe cuts real clips and checks the output with
// ffprobe and ffmpeg: the expected duration and frame count, every frame
// decodes, and the cut begins at a keyframe.
func TestTrimPlaysInFFprobe(t *testing.T) {
	for _, tool := range []string{"ffprobe", "ffmpeg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not installed (make setup installs ffmpeg)", tool)
		}
	}
	for _, c := range []struct {
		name               string
		start, end, max    float64
		wantStart, wantEnd float64
		wantFrames         int
	}{
		// Keyframes at 0, 5.33 and 10.67 s (30 fps, B-frames, sound).
		{"walk_side_sports2d_demo4.mp4", 6, 12, 0, 160.0 / 30, 12, 200},
		// A 13 s clip to the 8 s limit: kept from the keyframe at 0.
		{"walk_side_sports2d_demo4.mp4", 0.5, 13, 8, 0, 8, 240},
		// No B-frames, 29.97 fps.
		{"run_side_overground_sports2d_demo3.mp4", 0, 1, 0, 0, 29 * 1001 / 30000.0, 29},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("../../../shared/data/videos", c.name))
			if err != nil {
				t.Fatal(err)
			}
			out, cut, err := Trim(b, c.start, c.end, c.max)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(cut.Start-c.wantStart) > 1e-3 || math.Abs(cut.End-c.wantEnd) > 0.04 || cut.Frames != c.wantFrames {
				t.Errorf("cut %+v, want %.3f–%.3f s, %d frames", cut, c.wantStart, c.wantEnd, c.wantFrames)
			}
			path := filepath.Join(t.TempDir(), "cut.mp4")
			if err := os.WriteFile(path, out, 0o600); err != nil {
				t.Fatal(err)
			}
			probe := ffprobe(t, "-count_frames", "-select_streams", "v", "-show_entries", "stream=nb_read_frames,duration", "-of", "csv=p=0", path)
			f := strings.Split(probe, ",")
			dur, _ := strconv.ParseFloat(f[0], 64)
			frames, _ := strconv.Atoi(f[1])
			if frames != c.wantFrames || math.Abs(dur-cut.Duration()) > 0.04 {
				t.Errorf("ffprobe: %s (duration, decoded frames); want %.3f s, %d frames", probe, cut.Duration(), c.wantFrames)
			}
			if msg, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-").CombinedOutput(); err != nil || len(msg) > 0 {
				t.Errorf("ffmpeg decode: %v %s", err, msg)
			}
			if got, err := ReadTiming(out); err != nil || got.Frames != c.wantFrames {
				t.Errorf("ReadTiming of the cut: %+v %v", got, err)
			}
			t.Log(cut)
		})
	}
}

func ffprobe(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("ffprobe", append([]string{"-v", "error"}, args...)...).Output()
	if err != nil {
		t.Fatalf("ffprobe %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

// A file with no moov, or asked for nothing, fails with a reason.
func TestTrimErrors(t *testing.T) {
	if _, _, err := Trim([]byte("not a video"), 0, 1, 0); err == nil {
		t.Error("garbage trimmed")
	}
	b, err := os.ReadFile("../../../shared/data/videos/run_side_overground_sports2d_demo3.mp4")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Trim(b, 5, 6, 0); err == nil {
		t.Error("a span past the end trimmed")
	}
}
