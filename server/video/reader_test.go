package video

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"motionlab/tests/testenv"
)

func readAll(t *testing.T, path string) (Info, int) {
	info, frames := readFrames(t, path)
	return info, len(frames)
}

// readFrames decodes every frame of path, checking indices and sizes.
func readFrames(t *testing.T, path string) (Info, [][]byte) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var frames [][]byte
	for {
		img, i, err := r.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i != len(frames) || img.W != r.Info().Width || img.H != r.Info().Height {
			t.Fatalf("frame %d: index %d size %dx%d", len(frames), i, img.W, img.H)
		}
		frames = append(frames, img.Pix)
	}
	return r.Info(), frames
}

func TestOpenReportsContainerFacts(t *testing.T) {
	info, n := readAll(t, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"))
	if info.Width != 480 || info.Height != 352 || info.FPS < 29.9 || info.FPS > 30 || info.Frames != 47 || n != 47 {
		t.Errorf("info %+v, decoded %d frames; want 480x352 @29.97, 47 frames", info, n)
	}
}

// TestPhoneRotationIsApplied: a phone video stores landscape frames plus a
// rotation tag; frames must come out upright (portrait).
func TestPhoneRotationIsApplied(t *testing.T) {
	src := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	rotated := filepath.Join(t.TempDir(), "rotated.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-y", "-i", src, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	info, n := readAll(t, rotated)
	if info.Width != 352 || info.Height != 480 || n != 47 {
		t.Errorf("rotated video decodes as %dx%d (%d frames), want 352x480", info.Width, info.Height, n)
	}
	if info.Rotation != 90 && info.Rotation != 270 {
		t.Errorf("rotation %d, want the container's 90 (or its 270 equivalent)", info.Rotation)
	}
}

func TestOpenRejectsNonVideos(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.mp4")
	os.WriteFile(text, []byte("hello"), 0o644)
	empty := filepath.Join(dir, "empty.mp4")
	os.WriteFile(empty, nil, 0o644)
	for _, p := range []string{text, empty} {
		if _, err := Open(p); !errors.Is(err, ErrUnreadable) {
			t.Errorf("%s: error %v, want ErrUnreadable", filepath.Base(p), err)
		}
	}
	if _, err := Open(filepath.Join(dir, "missing.mp4")); err == nil || errors.Is(err, ErrUnreadable) {
		t.Errorf("missing file: %v", err)
	}
}

// TestContainers: the same 47 frames re-muxed or re-encoded into MOV, AVI
// (MJPEG) and WebM (VP9) decode to 47 frames of the right size. Where a
// container's frame count is an estimate, Info.Frames may differ; the
// decoded count is what the pipeline reports.
func TestContainers(t *testing.T) {
	src := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
	}{
		{"clip.mov", []string{"-c", "copy"}},
		{"clip.avi", []string{"-c:v", "mjpeg", "-q:v", "3"}},
		{"clip.webm", []string{"-c:v", "libvpx-vp9", "-b:v", "300k", "-deadline", "realtime", "-cpu-used", "8"}},
	} {
		out := filepath.Join(dir, c.name)
		args := append(append([]string{"-v", "error", "-y", "-i", src, "-an"}, c.args...), out)
		if b, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
			t.Fatalf("ffmpeg %s: %v\n%s", c.name, err, b)
		}
		info, n := readAll(t, out)
		t.Logf("%s: container says %d frames, decoded %d, %dx%d @ %.2f", c.name, info.Frames, n, info.Width, info.Height, info.FPS)
		if n != 47 || info.Width != 480 || info.Height != 352 || info.FPS < 29 || info.FPS > 31 {
			t.Errorf("%s: decoded %d frames %dx%d @ %.2f, want 47 480x352 ~30", c.name, n, info.Width, info.Height, info.FPS)
		}
	}
}

// TestSkipPassesOverFrames: Skip passes over a frame without converting
// it, and the frames read after skips are the very frames a plain read
// gives at those indices (the backfill's reread relies on it); the end
// is io.EOF at the clip's frame count, for Skip as for Next.
func TestSkipPassesOverFrames(t *testing.T) {
	src := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	_, plain := readFrames(t, src)
	r, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	read, skipped := 0, 0
	for k := 0; ; k++ {
		if r.Position() != read+skipped {
			t.Fatalf("position %d after %d frames", r.Position(), read+skipped)
		}
		if k%3 != 2 { // skip two frames in three, the first among them
			i, err := r.Skip()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil || i != read+skipped {
				t.Fatalf("skip: frame %d, %v", i, err)
			}
			skipped++
			continue
		}
		img, i, err := r.Next(nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if string(img.Pix) != string(plain[i]) {
			t.Errorf("frame %d after skips differs from the plain read's", i)
		}
		read++
	}
	if read+skipped != len(plain) || read < 10 {
		t.Errorf("read %d and skipped %d frames of %d", read, skipped, len(plain))
	}
}
