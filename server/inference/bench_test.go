package inference

import (
	"fmt"
	"motionlab/tests/testenv"
	"testing"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
	"motionlab/shared/posetrack"
)

func benchImage(b *testing.B) *frame.RGB {
	return readPhoto(b, "images/000000000872.jpg")
}

// BenchmarkDetector: letterbox crop + person detector + decoding, per frame.
func BenchmarkDetector(b *testing.B) {
	img := benchImage(b)
	e := newEngine(b, "full")
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Detect(img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLandmarks: ROI crop + one landmark model run, per frame.
func BenchmarkLandmarks(b *testing.B) {
	img := benchImage(b)
	for _, c := range []struct {
		model   string
		threads int
	}{{"lite", 1}, {"full", 1}, {"heavy", 1}, {"lite", 2}, {"full", 2}, {"heavy", 2}} {
		b.Run(fmt.Sprintf("%s/threads=%d", c.model, c.threads), func(b *testing.B) {
			e := newEngineThreads(b, c.model, c.threads)
			roi := blazepose.Rect{XCenter: 280, YCenter: 370, Width: 600, Height: 600}
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Landmarks(img, roi); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWarp: the bilinear 256×256 ROI crop alone.
func BenchmarkWarp(b *testing.B) {
	img := benchImage(b)
	dst := make([]float32, LandmarkSize*LandmarkSize*3)
	a := posetrack.RectAffine(blazepose.Rect{XCenter: 280, YCenter: 370, Width: 600, Height: 600, Rotation: 0.2}, LandmarkSize)
	for b.Loop() {
		frame.Warp(dst, img, a, LandmarkSize, LandmarkSize, 1.0/255, 0)
	}
}

// BenchmarkEstimate: a still photo end to end (detector, landmarks, the
// 27-crop median), with one landmark session and with two in parallel.
func BenchmarkEstimate(b *testing.B) {
	img := benchImage(b)
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("engines=%d", n), func(b *testing.B) {
			e, err := NewEngine(Config{ModelsDir: testenv.ModelsDir(b), Model: "full",
				Options: Options{Library: testenv.RuntimeLib(b), LandmarkEngines: n}})
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Estimate(img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
