package inference

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"motionlab/server/video"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

// recorder keeps every every-th landmark input the engine makes, so that
// a quantizer is calibrated on the crops the tracker really feeds the
// model (rotated, scaled, partly off-frame), not on synthetic ones.
type recorder struct {
	*sessions
	every, n int
	keep     func(in []float32) error
}

func (r *recorder) RunLandmarks() ([]float32, float32, []float32, error) {
	if r.n%r.every == 0 {
		if err := r.keep(r.LandmarkInput()); err != nil {
			return nil, 0, nil, err
		}
	}
	r.n++
	return r.sessions.RunLandmarks()
}

// TestWriteCalibrationCrops writes landmark-model inputs from the shared
// videos and photos to $MOTIONLAB_CALIB_OUT as 256×256×3 bytes (RGB × 255),
// the calibration set of models/quantize. Skipped unless the variable is set.
func TestWriteCalibrationCrops(t *testing.T) {
	out := os.Getenv("MOTIONLAB_CALIB_OUT")
	if out == "" {
		t.Skip("MOTIONLAB_CALIB_OUT not set")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	o := Options{Library: testenv.RuntimeLib(t), Threads: 1}
	if err := Init(o.Library); err != nil {
		t.Fatal(err)
	}
	det, err := NewDetector(testenv.Model(t, "pose_detection.onnx"), o)
	if err != nil {
		t.Fatal(err)
	}
	lm, err := NewLandmarker(testenv.Model(t, "pose_landmark_full.onnx"), o)
	if err != nil {
		t.Fatal(err)
	}
	written := 0
	rec := &recorder{sessions: &sessions{det, lm}, every: 12}
	rec.keep = func(in []float32) error {
		b := make([]byte, len(in))
		for i, v := range in {
			b[i] = uint8(math.Round(float64(min(max(v, 0), 1)) * 255))
		}
		written++
		return os.WriteFile(filepath.Join(out, fmt.Sprintf("crop%04d.rgb", written)), b, 0o644)
	}
	e := posetrack.NewEngine(rec)
	defer e.Close()

	videos, _ := filepath.Glob(filepath.Join(testenv.Data(t, "videos"), "*.mp4"))
	for _, v := range videos {
		r, err := video.Open(v)
		if err != nil {
			t.Fatal(err)
		}
		tr := e.NewTracker(max(1, int(r.Info().FPS/posetrack.DetectPerSecond)), posetrack.MaxTracked)
		for {
			img, _, err := r.Next(nil)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Next(img); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
		t.Logf("%s: %d crops so far", filepath.Base(v), written)
	}
	rec.every = 5 // a photo's 27-crop ensemble: every fifth
	photos, _ := filepath.Glob(filepath.Join(testenv.Data(t, "images"), "*.jpg"))
	for _, p := range photos {
		img, mat, err := video.ReadImage(p)
		if err != nil {
			t.Fatal(err)
		}
		mat.Close()
		if _, err := e.Estimate(img); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d crops in %s", written, out)
}
