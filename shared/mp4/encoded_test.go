package mp4

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEncodedPlaysInFFmpeg: the frames of a real clip re-encoded by
// ffmpeg without B-frames (what a WebCodecs encoder gives), taken out of
// their file and written anew by Encoded, make a file that ffmpeg decodes
// without an error, with every frame, the picture size and the duration.
func TestEncodedPlaysInFFmpeg(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.mp4")
	cmd := exec.Command("ffmpeg", "-v", "error", "-i", "../../../shared/data/videos/run_side_overground_sports2d_demo3.mp4",
		"-c:v", "libx264", "-bf", "0", "-g", "10", "-an", src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadDecoding(b)
	if err != nil {
		t.Fatal(err)
	}
	var frames []Frame
	keys := 0
	for _, s := range d.Samples {
		frames = append(frames, Frame{Data: b[s.Offset : s.Offset+s.Size], Key: s.Key, Duration: s.Duration})
		if s.Key {
			keys++
		}
	}
	out, err := Encoded(frames, d.Description, d.Width, d.Height)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "out.mp4")
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command("ffmpeg", "-v", "error", "-i", dst, "-f", "null", "-").CombinedOutput(); err != nil || len(msg) > 0 {
		t.Fatalf("ffmpeg decoding the written file: %v\n%s", err, msg)
	}
	got := ffprobe(t, "-count_frames", "-show_entries", "stream=nb_read_frames,width,height,duration", dst)
	want := ffprobe(t, "-count_frames", "-show_entries", "stream=nb_read_frames,width,height,duration", src)
	if got != want {
		t.Fatalf("written file: %s; source: %s", got, want)
	}
	again, err := ReadDecoding(out)
	if err != nil || again.Codec != d.Codec || len(again.Samples) != len(d.Samples) {
		t.Fatalf("read back: %v, %s with %d samples (wrote %s, %d)", err, again.Codec, len(again.Samples), d.Codec, len(d.Samples))
	}
	t.Logf("%d frames (%d keyframes) written: %s", len(frames), keys, strings.TrimSpace(got))

	if _, err := Encoded(frames[1:], d.Description, d.Width, d.Height); err == nil {
		t.Error("frames starting on a delta frame were written")
	}
	if _, err := Encoded(frames, []byte{0, 1, 2}, d.Width, d.Height); err == nil {
		t.Error("a bad avcC record was written")
	}
}
