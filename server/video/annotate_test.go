package video

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
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

// rawFrame is frame n of path as RGB bytes, scaled to w×h by ffmpeg.
func rawFrame(t *testing.T, path string, n, w, h int) []byte {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-vf",
		fmt.Sprintf("select=eq(n\\,%d),scale=%d:%d:flags=area", n, w, h), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").Output()
	if err != nil || len(out) != 3*w*h {
		t.Fatalf("frame %d of %s: %v (%d bytes)", n, path, err, len(out))
	}
	return out
}

// TestAnnotateKeepsColours: with nothing drawn, the annotated video's
// frames match the source's, scaled, in every channel, to H.264 crf 23's
// noise (~3 levels; a wrong YUV matrix or range shifts 10 or more): the
// I420 pipe (even sizes) and the BGR one (odd sizes) alike.
func TestAnnotateKeepsColours(t *testing.T) {
	src := testenv.Data(t, "videos/sports2d_demo.mp4")
	odd := filepath.Join(t.TempDir(), "odd.mp4")
	if out, err := exec.Command("ffmpeg", "-v", "error", "-i", src, "-frames:v", "20", "-vf", "crop=1767:993:0:0",
		"-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv444p", odd).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, out)
	}
	for _, c := range []struct {
		src  string
		w, h int
	}{{src, 1280, 720}, {odd, 1280, 718}} {
		dst := filepath.Join(t.TempDir(), "annotated.mp4")
		if err := Annotate(context.Background(), c.src, dst, func(int) Annotation { return Annotation{} }, nil, nil); err != nil {
			t.Fatal(err)
		}
		a, b := rawFrame(t, c.src, 10, c.w, c.h), rawFrame(t, dst, 10, c.w, c.h)
		var absDiff, signed [3]float64
		for i := range a {
			d := float64(b[i]) - float64(a[i])
			signed[i%3] += d
			absDiff[i%3] += math.Abs(d)
		}
		n := float64(len(a) / 3)
		for ch := range 3 {
			t.Logf("%s channel %d: mean |diff| %.2f, mean diff %+.2f", filepath.Base(c.src), ch, absDiff[ch]/n, signed[ch]/n)
			if absDiff[ch]/n > 4 || math.Abs(signed[ch]/n) > 1.5 {
				t.Errorf("%s: channel %d differs from the source by %.2f on average (%+.2f signed)", filepath.Base(c.src), ch, absDiff[ch]/n, signed[ch]/n)
			}
		}
	}
}
