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

// TestTimingMatchesFFprobe reads every real video and compares with
// ffprobe's count of the video stream's packets and its frame rate.
func TestTimingMatchesFFprobe(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/data/videos/*.mp4")
	if len(files) == 0 {
		t.Fatal("no videos in ../shared/data/videos")
	}
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Fatal("ffprobe not installed (make setup installs ffmpeg)")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadTiming(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
			"-show_entries", "stream=nb_read_packets,avg_frame_rate", "-of", "csv=p=0", f).Output()
		if err != nil {
			t.Fatalf("ffprobe %s: %v", f, err)
		}
		parts := strings.Split(strings.TrimSpace(string(out)), ",")
		num, den, _ := strings.Cut(parts[0], "/")
		n, _ := strconv.ParseFloat(num, 64)
		d, _ := strconv.ParseFloat(den, 64)
		frames, _ := strconv.Atoi(parts[1])
		if got.Frames != frames || math.Abs(got.FPS-n/d) > 0.01*n/d {
			t.Errorf("%s: %d frames at %.3f fps, ffprobe says %d at %.3f", filepath.Base(f), got.Frames, got.FPS, frames, n/d)
		}
	}
}

func TestNotMP4(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not a video at all"), {0, 0, 0, 9, 'm', 'o', 'o', 'v'}} {
		if _, err := ReadTiming(b); err == nil {
			t.Errorf("%q: no error", b)
		}
	}
}
