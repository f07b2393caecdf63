package mp4

import (
	"fmt"
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
			out, cut, err := Trim(b, Options{Start: c.start, End: c.end, MaxLen: c.max})
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
	if _, _, err := Trim([]byte("not a video"), Options{End: 1}); err == nil {
		t.Error("garbage trimmed")
	}
	b, err := os.ReadFile("../../../shared/data/videos/run_side_overground_sports2d_demo3.mp4")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Trim(b, Options{Start: 5, End: 6}); err == nil {
		t.Error("a span past the end trimmed")
	}
}

// TestCropPlaysInFFprobe crops real H.264 clips without re-encoding: the
// output decodes at the asked size (left edge on a 64-pixel boundary) and
// shows the asked part of the picture.
func TestCropPlaysInFFprobe(t *testing.T) {
	for _, c := range []struct {
		name       string
		crop, want Rect
	}{
		// 1280×720, High profile (scaling lists, 8×8 transform).
		{"walk_side_sports2d_demo4.mp4", Rect{X: 200, Y: 100, W: 641, H: 361}, Rect{X: 192, Y: 100, W: 650, H: 362}},
		// 608×1080 with the SPS's own bottom crop (1088 coded lines).
		{"backsquat_side_rohanx01_squat.mp4", Rect{X: 0, Y: 300, W: 400, H: 700}, Rect{X: 0, Y: 300, W: 400, H: 700}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := filepath.Join("../../../shared/data/videos", c.name)
			b, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			crop := c.crop
			out, cut, err := Trim(b, Options{End: 2, Crop: &crop})
			if err != nil {
				t.Fatal(err)
			}
			if cut.Crop == nil || *cut.Crop != c.want {
				t.Fatalf("crop %+v, want %+v", cut.Crop, c.want)
			}
			path := filepath.Join(t.TempDir(), "crop.mp4")
			if err := os.WriteFile(path, out, 0o600); err != nil {
				t.Fatal(err)
			}
			if got, want := ffprobe(t, "-select_streams", "v", "-show_entries", "stream=width,height", "-of", "csv=p=0", path), fmt.Sprintf("%d,%d", c.want.W, c.want.H); got != want {
				t.Errorf("ffprobe size %s, want %s", got, want)
			}
			// The first frame is the original's first frame, cropped.
			same, err := exec.Command("ffmpeg", "-hide_banner", "-i", path, "-i", src, "-filter_complex",
				fmt.Sprintf("[1:v]crop=%d:%d:%d:%d[ref];[0:v][ref]psnr", c.want.W, c.want.H, c.want.X, c.want.Y), "-frames:v", "1", "-f", "null", "-").CombinedOutput()
			if err != nil {
				t.Fatalf("ffmpeg compare: %v %s", err, same)
			}
			// Same decoded pixels: PSNR is infinite.
			if !strings.Contains(string(same), "average:inf") {
				t.Errorf("the cropped frame differs from the original's crop: %s", same[max(0, len(same)-300):])
			}
			if msg, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-").CombinedOutput(); err != nil || len(msg) > 0 {
				t.Errorf("ffmpeg decode: %v %s", err, msg)
			}
			t.Log(cut)
		})
	}
}
