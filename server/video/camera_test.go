package video

import (
	"errors"
	"io"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"motionlab/shared/track"
	"motionlab/tests/testenv"
)

// cameraMotions runs a CameraTracker over every frame of path.
func cameraMotions(t *testing.T, path string) []track.Motion {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := NewCameraTracker()
	defer c.Close()
	var out []track.Motion
	for {
		img, _, err := r.Next(nil)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Next(img, nil))
	}
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v[len(v)/2]
}

// TestCameraTrackerFollowsAPan: a real photo filmed by a camera panning
// right 4 px a frame (an ffmpeg crop window sliding over it) moves the
// scene 4 px left a frame; the same photo held still does not move.
func TestCameraTrackerFollowsAPan(t *testing.T) {
	photo := testenv.Data(t, "images/000000000139.jpg")
	for _, c := range []struct {
		name   string
		x      string
		tx, ty float64
	}{{"pan", "40+4*n", -4, 0}, {"still", "40", 0, 0}} {
		clip := filepath.Join(t.TempDir(), c.name+".mp4")
		out, err := exec.Command("ffmpeg", "-v", "error", "-loop", "1", "-framerate", "30", "-t", "2", "-i", photo,
			"-vf", "scale=1600:-2,crop=960:540:x='"+c.x+"':y=60", "-pix_fmt", "yuv420p", "-c:v", "libx264", clip).CombinedOutput()
		if err != nil {
			t.Fatalf("ffmpeg: %v: %s", err, out)
		}
		ms := cameraMotions(t, clip)
		var dx, dy, scale []float64
		for _, m := range ms[1:] {
			dx, dy = append(dx, float64(m[2])-c.tx), append(dy, float64(m[3])-c.ty)
			scale = append(scale, math.Hypot(float64(m[0]), float64(m[1])))
		}
		for i := range dx {
			dx[i], dy[i] = math.Abs(dx[i]), math.Abs(dy[i])
		}
		t.Logf("%s: %d frames, median error %.3f px across, %.3f px down; worst %.3f, %.3f", c.name, len(ms), median(dx), median(dy), slices.Max(dx), slices.Max(dy))
		if median(dx) > 0.1 || median(dy) > 0.1 || slices.Max(dx) > 0.5 || slices.Max(dy) > 0.5 {
			t.Errorf("%s: camera motion off by a median %.2f/%.2f px (worst %.2f/%.2f), want ≤ 0.1 (0.5)", c.name, median(dx), median(dy), slices.Max(dx), slices.Max(dy))
		}
		if s := median(scale); math.Abs(s-1) > 0.002 {
			t.Errorf("%s: median zoom %.4f, want 1", c.name, s)
		}
	}
}
