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

// TestAnnotateScaledAndRotated: the overlay lands where the keypoints are
// once the frames are scaled to the render size (the Sports2D demo,
// 1768×994 → 1280×718), and a phone clip's rotation is applied the same
// way the analysis's reader applies it (the frames match OpenCV's, so the
// keypoints, measured on those, fall on the athlete).
func TestAnnotateScaledAndRotated(t *testing.T) {
	big := testenv.Data(t, "videos/sports2d_demo.mp4")
	rotated := func(deg string) string {
		p := filepath.Join(t.TempDir(), "rotated"+deg+".mp4")
		if out, err := exec.Command("ffmpeg", "-v", "error", "-y", "-i", testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"),
			"-c", "copy", "-metadata:s:v:0", "rotate="+deg, p).CombinedOutput(); err != nil {
			t.Fatalf("ffmpeg: %v\n%s", err, out)
		}
		return p
	}
	for _, c := range []struct {
		src          string
		w, h, ow, oh int // source (rotated) and render sizes
	}{{big, 1768, 994, 1280, 718}, {rotated("90"), 352, 480, 352, 480}, {rotated("180"), 480, 352, 480, 352}, {rotated("270"), 352, 480, 352, 480}} {
		// A vertical skeleton down the middle of the picture.
		k := make([]pose.Keypoint, pose.NumBlazePose)
		for i := range k {
			k[i] = pose.Keypoint{X: float32(c.w) / 2, Y: float32(c.h) * (0.1 + 0.8*float32(i)/float32(len(k))), Visibility: 1}
		}
		p := &pose.Person{Keypoints: k}
		dst := filepath.Join(t.TempDir(), "annotated.mp4")
		drawn := func(i int) Annotation {
			if i == 10 {
				return Annotation{Person: p}
			}
			return Annotation{}
		}
		if err := Annotate(context.Background(), c.src, dst, drawn, nil, nil); err != nil {
			t.Fatal(err)
		}
		sx, sy := float64(c.ow)/float64(c.w), float64(c.oh)/float64(c.h)
		at := func(path string, frame int, x, y float64) [3]uint8 {
			return pixelAt(t, path, frame, int(x), int(y))
		}
		// The skeleton at the hips, scaled.
		hip := k[pose.LeftHip]
		a, b := at(c.src, 10, float64(hip.X), float64(hip.Y)), at(dst, 10, float64(hip.X)*sx, float64(hip.Y)*sy)
		if d := abs(int(a[0])-int(b[0])) + abs(int(a[1])-int(b[1])) + abs(int(a[2])-int(b[2])); d < 60 {
			t.Errorf("%s: pixel under the hips barely changed: %v → %v", filepath.Base(c.src), a, b)
		}
		// Elsewhere, and in a frame with nothing drawn, the picture is the
		// source's as the analysis decoded it (same orientation).
		var sum, n float64
		for _, f := range [][2]float64{{0.2, 0.2}, {0.8, 0.3}, {0.3, 0.8}, {0.75, 0.75}, {0.1, 0.5}, {0.9, 0.9}} {
			a, b := at(c.src, 5, f[0]*float64(c.w), f[1]*float64(c.h)), at(dst, 5, f[0]*float64(c.ow), f[1]*float64(c.oh))
			for ch := range 3 {
				sum += math.Abs(float64(a[ch]) - float64(b[ch]))
				n++
			}
		}
		if sum/n > 12 {
			t.Errorf("%s: frame 5 differs from the source by %.1f levels on average: turned or shifted?", filepath.Base(c.src), sum/n)
		}
	}
}
