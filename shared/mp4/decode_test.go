package mp4

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestDecodingMatchesFFprobe: on every real video, the codec string is
// the one ffprobe's codec, profile and level give, the coded size and the
// sample count match, and the samples' presentation times are ffprobe's
// packet times.
func TestDecodingMatchesFFprobe(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/data/videos/*.mp4")
	if len(files) == 0 {
		t.Fatal("no videos in ../shared/data/videos")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ReadDecoding(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
			"stream=codec_name,profile,level,width,height", "-of", "csv=p=0", f).Output()
		if err != nil {
			t.Fatalf("ffprobe %s: %v", f, err)
		}
		p := strings.Split(strings.TrimSpace(string(out)), ",")
		// ffprobe prints the fields in its own order: codec, profile, size, level.
		w, _ := strconv.Atoi(p[2])
		h, _ := strconv.Atoi(p[3])
		if d.Width != w || d.Height != h {
			t.Errorf("%s: coded size %d×%d, ffprobe %d×%d", f, d.Width, d.Height, w, h)
		}
		level, _ := strconv.Atoi(p[4])
		switch p[0] {
		case "h264":
			if !strings.HasPrefix(d.Codec, "avc1.") || d.Codec[9:] != fmt.Sprintf("%02x", level) || len(d.Description) == 0 {
				t.Errorf("%s: codec %q (%d-byte avcC) for H.264 %s level %d", f, d.Codec, len(d.Description), p[1], level)
			}
			if prof := map[string]string{"Main": "4d", "High": "64", "Baseline": "42", "Constrained Baseline": "42"}[p[1]]; d.Codec[5:7] != prof {
				t.Errorf("%s: codec %q, profile %s", f, d.Codec, p[1])
			}
		case "vp9":
			if !strings.HasPrefix(d.Codec, "vp09.00.") || d.Description != nil {
				t.Errorf("%s: codec %q for VP9 %s", f, d.Codec, p[1])
			}
		default:
			t.Errorf("%s: a %s video in the test data", f, p[0])
		}
		pts, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
			"packet=pts_time,flags", "-of", "csv=p=0", f).Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Fields(string(pts))
		if len(lines) != len(d.Samples) {
			t.Fatalf("%s: %d samples, ffprobe %d packets", f, len(d.Samples), len(lines))
		}
		var first int64 // an edit list shifts ffprobe's times
		for i, l := range lines {
			ts, flags, _ := strings.Cut(l, ",")
			sec, _ := strconv.ParseFloat(ts, 64)
			us := int64(sec*1e6 + 0.5)
			if i == 0 {
				first = us - d.Samples[0].Time
			}
			s := d.Samples[i]
			if diff := s.Time + first - us; diff < -1 || diff > 1 || s.Key != strings.HasPrefix(flags, "K") {
				t.Fatalf("%s: sample %d at %d µs key %v, ffprobe %s", f, i, s.Time+first, s.Key, l)
			}
		}
		times := make([]int64, len(d.Samples))
		for i, s := range d.Samples {
			times[i] = s.Time
		}
		slices.Sort(times)
		if len(slices.Compact(times)) != len(d.Samples) {
			t.Errorf("%s: two samples shown at the same time", f)
		}
		t.Logf("%s: %s, %d×%d, %d samples", filepath.Base(f), d.Codec, d.Width, d.Height, len(d.Samples))
	}
}
