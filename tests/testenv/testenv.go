// Package testenv finds what tests need outside the repository: the shared
// test data beside the checkout, the converted models and the ONNX Runtime
// library. A missing one fails the test: in CI nothing is skipped.
package testenv

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"motionlab/models"
	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
)

// Root is the module root (the folder holding go.mod).
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's folder")
		}
		dir = parent
	}
}

// Data returns the path of a file in ../shared/data (beside the checkout).
func Data(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(Root(t), "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("test data %s missing: %v", rel, err)
	}
	return p
}

// ModelsDir is the converted-models folder (MOTIONLAB_MODELS or .cache/models).
func ModelsDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("MOTIONLAB_MODELS"); d != "" {
		return d
	}
	return filepath.Join(Root(t), ".cache", "models")
}

// Model returns the path of a converted model file, failing when absent.
func Model(t testing.TB, file string) string {
	t.Helper()
	p := filepath.Join(ModelsDir(t), file)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("model %s missing (run `make setup`): %v", file, err)
	}
	return p
}

// RuntimeLib returns the ONNX Runtime library path, failing when absent.
func RuntimeLib(t testing.TB) string {
	t.Helper()
	p := os.Getenv("MOTIONLAB_ORT_LIB")
	if p == "" {
		p = filepath.Join(Root(t), ".cache", "lib", "libonnxruntime.so.1")
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("onnx runtime library missing (run `make setup`): %v", err)
	}
	return p
}

// PoseSources are the BlazePose TFLite models by name, read out of the
// pinned @mediapipe/pose npm tarball that `make setup` fetches.
func PoseSources(t testing.TB) map[string][]byte {
	t.Helper()
	man, err := models.Load()
	if err != nil {
		t.Fatal(err)
	}
	tgz, err := os.ReadFile(filepath.Join(Root(t), ".cache", "npm", "mediapipe-pose-"+man.Version+".tgz"))
	if err != nil {
		t.Fatalf("npm tarball missing (run `make setup`): %v", err)
	}
	src, err := man.Sources(tgz)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// GzipJSON decodes the gzipped JSON file at path (a fixture in a test's
// testdata) into v.
func GzipJSON(t testing.TB, path string, v any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(z).Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// WriteGzipJSON writes v as gzipped JSON to path: the fixture generators'
// (testdata/*_gen.go) counterpart of GzipJSON.
func WriteGzipJSON(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	z := gzip.NewWriter(f)
	if err := json.NewEncoder(z).Encode(v); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := z.Close(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// Round rounds v to a multiple of q: fixtures store keypoints no finer
// than the model places them.
func Round(v float32, q float64) float32 { return float32(math.Round(float64(v)/q) * q) }

// ImageKeypoints is frames with only the image keypoints kept (z,
// presence, world points and boxes dropped), positions rounded to px and
// visibility to vis: a fixture's copy of a real track.
func ImageKeypoints(frames []*pose.Person, px, vis float64) []*pose.Person {
	out := make([]*pose.Person, len(frames))
	for i, p := range frames {
		if p == nil {
			continue
		}
		q := &pose.Person{Keypoints: make([]pose.Keypoint, len(p.Keypoints))}
		for j, k := range p.Keypoints {
			q.Keypoints[j] = pose.Keypoint{X: Round(k.X, px), Y: Round(k.Y, px), Visibility: Round(k.Visibility, vis)}
		}
		out[i] = q
	}
	return out
}

// ReadRecording reads a tracking that `motionlab validate --cache` saved
// (the fixture generators' source).
func ReadRecording(path string) (posetrack.Recording, error) {
	var r posetrack.Recording
	b, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
