package tests

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"motionlab/shared/pose"
	"motionlab/tests/testenv"
)

type poseOutput struct {
	Width, Height int
	Subject       int
	Layout        []string
	People        []pose.Person
}

func runPose(t *testing.T, args ...string) (poseOutput, string, int) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"pose"}, args...)...)
	cmd.Dir = testenv.Root(t)
	cmd.Env = append(os.Environ(), "MOTIONLAB_MODELS="+testenv.ModelsDir(t), "MOTIONLAB_ORT_LIB="+testenv.RuntimeLib(t))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var out poseOutput
	if stdout.Len() > 0 {
		if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, stdout.String())
		}
	}
	return out, stderr.String(), code
}

func TestPoseCommandPrintsKeypointsAndDrawsOverlay(t *testing.T) {
	overlay := filepath.Join(t.TempDir(), "overlay.png")
	out, stderr, code := runPose(t, testenv.Data(t, "images/000000000785.jpg"), "--model", "full", "--out", overlay)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(out.People) == 0 || out.Subject != 0 {
		t.Fatalf("people %d subject %d", len(out.People), out.Subject)
	}
	if len(out.Layout) != pose.NumBlazePose || out.Layout[pose.LeftKnee] != "left_knee" {
		t.Errorf("layout %v", out.Layout)
	}
	s := out.People[0]
	if len(s.Keypoints) != pose.NumBlazePose {
		t.Fatalf("%d keypoints", len(s.Keypoints))
	}
	for i, k := range s.Keypoints {
		if k.X < 0 || k.Y < 0 || k.X > float32(out.Width) || k.Y > float32(out.Height) {
			t.Errorf("keypoint %d (%.1f, %.1f) outside the %dx%d photo", i, k.X, k.Y, out.Width, out.Height)
		}
	}
	f, err := os.Open(overlay)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("overlay is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != out.Width || b.Dy() != out.Height {
		t.Errorf("overlay %v, photo %dx%d", b, out.Width, out.Height)
	}
	// The skeleton is drawn: the subject's left knee pixel is the left-side colour.
	k := s.Keypoints[pose.LeftKnee]
	r, g, b, _ := img.At(int(k.X+0.5), int(k.Y+0.5)).RGBA()
	if !(r>>8 > 200 && g>>8 > 100 && g>>8 < 180 && b>>8 < 60) {
		t.Errorf("left knee pixel is (%d,%d,%d), want the orange left-side colour", r>>8, g>>8, b>>8)
	}
}

func TestPoseCommandNoPersonExitsTwo(t *testing.T) {
	out, stderr, code := runPose(t, testenv.Data(t, "images/000000000632.jpg"))
	if code != 2 {
		t.Fatalf("exit %d, want 2 (stderr %q)", code, stderr)
	}
	if !strings.Contains(stderr, "no person") {
		t.Errorf("stderr %q does not say no person was found", stderr)
	}
	if len(out.People) != 0 || out.Subject != -1 {
		t.Errorf("people %d subject %d", len(out.People), out.Subject)
	}
}

func TestPoseCommandBadInput(t *testing.T) {
	text := filepath.Join(t.TempDir(), "notes.jpg")
	os.WriteFile(text, []byte("not an image"), 0o644)
	for _, args := range [][]string{
		{text},
		{filepath.Join(t.TempDir(), "missing.jpg")},
		{testenv.Data(t, "images/000000000785.jpg"), "--model", "huge"},
		{testenv.Data(t, "images/000000000785.jpg"), "--out", "x.jpg"},
	} {
		_, stderr, code := runPose(t, args...)
		if code != 1 || !strings.HasPrefix(stderr, "motionlab: ") {
			t.Errorf("%v: exit %d stderr %q, want exit 1 with a message", args, code, stderr)
		}
	}
}
