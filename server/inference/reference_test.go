package inference

import (
	"encoding/json"
	"image"
	"image/png"
	"math"
	"os"
	"testing"

	"motionlab/tests/testenv"
)

// reference is ../shared/data/images/blazepose_full_reference.json: outputs
// of MediaPipe's full landmark model on two COCO photos.
type reference struct {
	Images map[string]struct {
		Box struct{ X1, Y1, X2, Y2 float64 }
		Keypoints []struct {
			Name       string
			X, Y       float64
			Visibility float64
		}
		CropPNG    string    `json:"crop_png"`
		CropOrigin []float64 `json:"crop_origin"`
		CropSide   float64   `json:"crop_side"`
		Identity   []float64 `json:"identity"`
		PoseScore  float64   `json:"pose_score"`
	}
}

func loadReference(t *testing.T) reference {
	t.Helper()
	b, err := os.ReadFile(testenv.Data(t, "images/blazepose_full_reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Images) != 2 {
		t.Fatalf("reference has %d images, want 2", len(r.Images))
	}
	return r
}

func newFullLandmarker(t *testing.T) *Landmarker {
	t.Helper()
	if err := Init(testenv.RuntimeLib(t)); err != nil {
		t.Fatal(err)
	}
	l, err := NewLandmarker(testenv.Model(t, "pose_landmark_full.onnx"), Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

// TestConvertedFullModelMatchesReferenceCrops feeds the exact (lossless)
// reference crops to the converted model: this isolates the converter from
// JPEG decoding and cropping. Every one of the 195 raw outputs must agree.
func TestConvertedFullModelMatchesReferenceCrops(t *testing.T) {
	ref := loadReference(t)
	l := newFullLandmarker(t)
	for name, im := range ref.Images {
		f, err := os.Open(testenv.Data(t, "images/"+im.CropPNG))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds() != image.Rect(0, 0, LandmarkSize, LandmarkSize) {
			t.Fatalf("%s: crop is %v", name, img.Bounds())
		}
		in := l.Input()
		for y := 0; y < LandmarkSize; y++ {
			for x := 0; x < LandmarkSize; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				i := 3 * (y*LandmarkSize + x)
				in[i], in[i+1], in[i+2] = float32(r>>8)/255, float32(g>>8)/255, float32(b>>8)/255
			}
		}
		raw, score, err := l.Raw()
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for i, want := range im.Identity {
			worst = math.Max(worst, math.Abs(float64(raw[i])-want))
		}
		t.Logf("%s: worst |Δ| over 195 outputs = %.4f, pose score %.4f", name, worst, score)
		// The reference is rounded to 4 decimals; ~0.01 is float noise.
		if worst > 0.02 {
			t.Errorf("%s: converted model differs from reference by %.4f (want ≤ 0.02)", name, worst)
		}
		if math.Abs(float64(score)-im.PoseScore) > 0.01 {
			t.Errorf("%s: pose score %.4f, reference %.4f", name, score, im.PoseScore)
		}
	}
}
