package video

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"motionlab/shared/pose"
	"motionlab/tests/testenv"
)

// benchClip is the clip to render: make bench's 10 s 1080p clip
// (MOTIONLAB_BENCH_CLIP), else the Sports2D demo.
func benchClip(b *testing.B) string {
	if c := os.Getenv("MOTIONLAB_BENCH_CLIP"); c != "" {
		return c
	}
	return testenv.Data(b, "videos/sports2d_demo.mp4")
}

// BenchmarkAnnotate times the annotated video's render alone (decode,
// draw, encode) against decoding the same clip with the same reader.
func BenchmarkAnnotate(b *testing.B) {
	src := benchClip(b)
	k := make([]pose.Keypoint, pose.NumBlazePose)
	for i := range k {
		k[i] = pose.Keypoint{X: float32(400 + 10*i), Y: float32(200 + 12*i), Visibility: 1}
	}
	p := &pose.Person{Keypoints: k}
	at := func(int) Annotation {
		return Annotation{Person: p, Labels: []Label{{At: pose.LeftKnee, Text: "42°"}}, Markers: []Marker{{X: 500, Y: 900, Left: true}}}
	}
	b.Run("decode", func(b *testing.B) {
		for range b.N {
			r, err := Open(src)
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, err := r.Grab(); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
			r.Close()
		}
	})
	b.Run("render", func(b *testing.B) {
		dst := filepath.Join(b.TempDir(), "a.mp4")
		for range b.N {
			if err := Annotate(context.Background(), src, dst, at, []string{"cadence 180 spm", "contact 210 ms"}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAnnotateBare is the render with nothing drawn: the two ffmpeg
// processes and the frames' way through this one, the render's floor.
func BenchmarkAnnotateBare(b *testing.B) {
	src := benchClip(b)
	dst := filepath.Join(b.TempDir(), "a.mp4")
	for range b.N {
		if err := Annotate(context.Background(), src, dst, func(int) Annotation { return Annotation{} }, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}
