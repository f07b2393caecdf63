package pipeline

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"motionlab/server/inference"
	"motionlab/server/video"
	"motionlab/shared/frame"
	"motionlab/tests/testenv"
)

// clip1080 is a 10 s 1920×1080 30 fps H.264 clip made from Sports2D's demo
// (looped and scaled), cached under .cache/bench.
func clip1080(b *testing.B) string {
	b.Helper()
	p := filepath.Join(testenv.Root(b), ".cache", "bench", "sports2d_1080p_10s.mp4")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	os.MkdirAll(filepath.Dir(p), 0o755)
	cmd := exec.Command("ffmpeg", "-v", "error", "-y", "-stream_loop", "1", "-i", testenv.Data(b, "videos/sports2d_demo.mp4"),
		"-t", "10", "-vf", "scale=1920:1080,fps=30", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
		"-pix_fmt", "yuv420p", "-an", p)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("make bench clip: %v\n%s", err, out)
	}
	return p
}

func benchEngine(b *testing.B) *inference.Engine {
	e, err := inference.NewEngine(inference.Config{ModelsDir: testenv.ModelsDir(b), Model: "full",
		Options: inference.Options{Library: testenv.RuntimeLib(b), Threads: benchThreads(), LandmarkEngines: benchEngines()}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(e.Close)
	return e
}

// benchThreads is the landmark sessions' thread count ($MOTIONLAB_BENCH_THREADS, default 1).
func benchThreads() int {
	if n, err := strconv.Atoi(os.Getenv("MOTIONLAB_BENCH_THREADS")); err == nil && n > 0 {
		return n
	}
	return 1
}

// benchEngines is the parallel landmark sessions ($MOTIONLAB_BENCH_ENGINES, default 1).
func benchEngines() int {
	if n, err := strconv.Atoi(os.Getenv("MOTIONLAB_BENCH_ENGINES")); err == nil && n > 0 {
		return n
	}
	return 1
}

// BenchmarkDecode: decode + BGR→RGB only, frames/s.
func BenchmarkDecode(b *testing.B) {
	for _, c := range []struct{ name, path string }{{"1080p", clip1080(b)}, {"sports2d", testenv.Data(b, "videos/sports2d_demo.mp4")}} {
		b.Run(c.name, func(b *testing.B) {
			frames := 0
			for b.Loop() {
				eachFrame(b, c.path, func(*frame.RGB) { frames++ })
			}
			b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
		})
	}
}

// BenchmarkPipeline: decode → track everyone → choose subject → filter, frames/s.
func BenchmarkPipeline(b *testing.B) {
	e := benchEngine(b)
	for _, c := range []struct{ name, path string }{{"1080p", clip1080(b)}, {"sports2d", testenv.Data(b, "videos/sports2d_demo.mp4")}} {
		b.Run(c.name, func(b *testing.B) {
			frames, tracked, runs := 0, 0, 0
			for b.Loop() {
				out, err := Run(context.Background(), c.path, e, nil)
				if err != nil {
					b.Fatal(err)
				}
				frames += out.Info.Frames
				for _, people := range out.People {
					tracked += len(people)
				}
				runs += out.LandmarkRuns
			}
			b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
			b.ReportMetric(float64(tracked)/float64(frames), "people/frame")
			b.ReportMetric(float64(runs)/float64(frames), "landmark-runs/frame")
		})
	}
}

// BenchmarkKeypoints: /infer/video's pipeline (no camera stage, no going
// back) on the 1080p clip, frames/s.
func BenchmarkKeypoints(b *testing.B) {
	e := benchEngine(b)
	path := clip1080(b)
	frames := 0
	for b.Loop() {
		out, err := RunKeypoints(context.Background(), path, e, video.StreamLimits, nil)
		if err != nil {
			b.Fatal(err)
		}
		frames += out.Info.Frames
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
}

// BenchmarkCameraMotion: the camera-motion estimate alone (grey, resize,
// corners, LK flow, RANSAC), ms per frame of the 1080p clip; it runs on its
// own pipeline stage, overlapping the tracking.
func BenchmarkCameraMotion(b *testing.B) {
	path := clip1080(b)
	var ms float64
	frames := 0
	for b.Loop() {
		c := video.NewCameraTracker()
		eachFrame(b, path, func(img *frame.RGB) {
			t := time.Now()
			c.Next(img, nil)
			ms += float64(time.Since(t).Microseconds()) / 1000
			frames++
		})
		c.Close()
	}
	b.ReportMetric(ms/float64(frames), "ms/frame")
}

// eachFrame decodes path and calls f with every frame (one reused buffer).
func eachFrame(b *testing.B, path string, f func(*frame.RGB)) {
	r, err := video.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	var buf *frame.RGB
	for {
		img, _, err := r.Next(buf)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			b.Fatal(err)
		}
		buf = img
		f(img)
	}
}
