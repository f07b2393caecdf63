package video

import (
	"context"
	"errors"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"motionlab/shared/pose"
	"motionlab/tests/testenv"
)

// frameAt decodes frame i of path and returns its BGR pixel at (x, y).
func pixelAt(t *testing.T, path string, i, x, y int) [3]uint8 {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		_, n, err := r.Next(nil)
		if errors.Is(err, io.EOF) {
			t.Fatalf("%s has no frame %d", path, i)
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == i {
			v := r.Mat().GetVecbAt(y, x)
			return [3]uint8{v[0], v[1], v[2]}
		}
	}
}

func TestAnnotateWritesPlayableH264(t *testing.T) {
	src := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	dst := filepath.Join(t.TempDir(), "annotated.mp4")
	// A person standing still at a known place: hips at (200, 200).
	k := make([]pose.Keypoint, pose.NumBlazePose)
	for i := range k {
		k[i] = pose.Keypoint{X: 200, Y: float32(100 + 4*i), Visibility: 1}
	}
	p := &pose.Person{Keypoints: k}
	var done int
	err := Annotate(context.Background(), src, dst, func(i int) Annotation {
		return Annotation{Person: p, Labels: []Label{{At: pose.LeftKnee, Text: "42"}}, Markers: []Marker{{X: 300, Y: 320, Left: true}}}
	}, []string{"cadence 180 spm"}, func(n, total int) { done = n })
	if err != nil {
		t.Fatal(err)
	}
	if done != 47 {
		t.Errorf("progress reached %d of 47 frames", done)
	}
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
		"-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", dst).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "h264,480,352,47" {
		t.Errorf("ffprobe: %q, want h264,480,352,47", got)
	}
	// Fast start: the index comes before the media data.
	head, _ := exec.Command("sh", "-c", "head -c 4096 "+dst+" | grep -c moov").Output()
	if strings.TrimSpace(string(head)) == "0" {
		t.Error("moov atom is not at the start of the file")
	}
	// The skeleton is drawn where the keypoints are.
	a, b := pixelAt(t, src, 10, 200, 100+4*pose.LeftHip), pixelAt(t, dst, 10, 200, 100+4*pose.LeftHip)
	diff := 0
	for c := range a {
		diff += abs(int(a[c]) - int(b[c]))
	}
	if diff < 60 {
		t.Errorf("pixel under a keypoint barely changed: %v → %v", a, b)
	}
	if err := Annotate(context.Background(), filepath.Join(t.TempDir(), "missing.mp4"), dst, nil, nil, nil); err == nil {
		t.Error("missing source must fail")
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestRenderSizeFitsAPhone(t *testing.T) {
	for _, c := range []struct{ w, h, ww, wh int }{
		{1920, 1080, 1280, 720}, {1080, 1920, 720, 1280}, {480, 352, 480, 352}, {1768, 994, 1280, 718}, {641, 361, 640, 360},
	} {
		if w, h := renderSize(c.w, c.h); w != c.ww || h != c.wh {
			t.Errorf("renderSize(%d, %d) = %d×%d, want %d×%d", c.w, c.h, w, h, c.ww, c.wh)
		}
	}
}
