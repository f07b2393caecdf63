package video

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"motionlab/tests/testenv"
)

// FuzzOpenLimited: whatever bytes an upload holds, probing it with the
// analysis limits either refuses it (ErrUnreadable or a *LimitError) or
// opens a reader that decodes at most the allowed number of frames.
// Seeds are real videos, whole and cut. `go test -fuzz=FuzzOpenLimited
// -fuzztime=30s ./server/video` explores.
func FuzzOpenLimited(f *testing.F) {
	b, err := os.ReadFile(testenv.Data(f, "videos/run_side_overground_sports2d_demo3.mp4"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:32<<10])
	f.Add(b[:2<<10])
	f.Add([]byte("not a video"))
	dir := f.TempDir()
	lim := Limits{MaxPixels: MaxPixels, MaxFPS: MaxFPS, MaxSeconds: 0.5}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.mp4")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("probing and decoding took %s", d)
			}
		}()
		r, err := OpenLimited(path, lim)
		if err != nil {
			if !errors.Is(err, ErrUnreadable) && !errors.Is(err, ErrLimit) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			if UserMessage(err) == "" {
				t.Fatal("no message for the user")
			}
			return
		}
		defer r.Close()
		info := r.Info()
		if info.Width*info.Height > MaxPixels || info.FPS > MaxFPS || info.FPS <= 0 {
			t.Fatalf("opened a video over the limits: %+v", info)
		}
		n := 0
		for {
			_, err := r.Grab()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if !errors.Is(err, ErrLimit) {
					t.Fatalf("frame %d: %v", n, err)
				}
				break
			}
			n++
		}
		if max := int(lim.MaxSeconds*info.FPS) + 2; n > max {
			t.Fatalf("decoded %d frames, the limit allows %d", n, max)
		}
	})
}

// TestDecodingStopsAtTheLimit: a container that declares (or lies about)
// more frames than the allowed duration is decoded only that far.
func TestDecodingStopsAtTheLimit(t *testing.T) {
	r, err := OpenLimited(testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), Limits{MaxSeconds: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for {
		if _, err := r.Grab(); err != nil {
			break
		}
		n++
	}
	// 29.97 frames/s: ceil(29.97) + 1 frames, of 47.
	if n != 31 || !r.Truncated {
		t.Errorf("decoded %d frames (truncated %v), want 31 of 47", n, r.Truncated)
	}
	if _, err := OpenLimited(testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), Limits{MaxPixels: 480*352 - 1}); !errors.Is(err, ErrLimit) {
		t.Errorf("480×352 with a cap one pixel lower: %v", err)
	}
}
