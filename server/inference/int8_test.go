package inference

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"motionlab/server/video"
	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

// TestQuantizedPhotoKeypoints (set MOTIONLAB_INT8_MODELS to a
// comma-separated list of landmark models) runs Estimate — the detector,
// then each person's 27-crop median — on every reference photo with the
// float full model and with each listed model, and reports how far each
// person's keypoints move, in % of that person's height: issue 19's gate
// for a quantized model is under 1 %.
func TestQuantizedPhotoKeypoints(t *testing.T) {
	list := os.Getenv("MOTIONLAB_INT8_MODELS")
	if list == "" {
		t.Skip("MOTIONLAB_INT8_MODELS not set")
	}
	o := Options{Library: testenv.RuntimeLib(t), Threads: 1, LandmarkEngines: 1}
	if err := Init(o.Library); err != nil {
		t.Fatal(err)
	}
	engine := func(lmPath string) *Engine {
		det, err := NewDetector(testenv.Model(t, "pose_detection.onnx"), o)
		if err != nil {
			t.Fatal(err)
		}
		lm, err := NewLandmarker(lmPath, o)
		if err != nil {
			t.Fatal(err)
		}
		e := posetrack.NewEngine(&sessions{det, lm})
		t.Cleanup(e.Close)
		return e
	}
	ref := engine(testenv.Model(t, "pose_landmark_full.onnx"))
	photos, _ := filepath.Glob(filepath.Join(testenv.Data(t, "images"), "*.jpg"))
	want := map[string][]pose.Person{}
	for _, p := range photos {
		img, mat, err := video.ReadImage(p)
		if err != nil {
			t.Fatal(err)
		}
		mat.Close()
		people, err := ref.Estimate(img)
		if err != nil {
			t.Fatal(err)
		}
		want[p] = people
	}
	for _, m := range strings.Split(list, ",") {
		e := engine(m)
		var medians, worsts []float64
		for _, p := range photos {
			img, mat, err := video.ReadImage(p)
			if err != nil {
				t.Fatal(err)
			}
			mat.Close()
			got, err := e.Estimate(img)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range want[p] {
				g := nearest(w, got)
				if g == nil {
					fmt.Printf("%s %s: person at %.0f,%.0f not found\n", filepath.Base(m), filepath.Base(p), w.Box.X1, w.Box.Y1)
					worsts = append(worsts, math.Inf(1))
					continue
				}
				var moves []float64
				for j := range 33 {
					a, b := w.Keypoints[j], g.Keypoints[j]
					moves = append(moves, 100*math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y))/float64(w.Height()))
				}
				slices.Sort(moves)
				medians, worsts = append(medians, moves[16]), append(worsts, moves[32])
				fmt.Printf("%s %s: height %.0f px, keypoint move median %.2f %%, worst %.2f %%\n", filepath.Base(m), filepath.Base(p), w.Height(), moves[16], moves[32])
			}
		}
		if len(medians) == 0 {
			fmt.Printf("%s: nobody found\n", filepath.Base(m))
			continue
		}
		slices.Sort(medians)
		slices.Sort(worsts)
		fmt.Printf("%s: %d people; per-person median move: median %.2f %%; per-person worst move: median %.2f %%, max %.2f %%\n",
			filepath.Base(m), len(worsts), medians[len(medians)/2], worsts[len(worsts)/2], worsts[len(worsts)-1])
	}
}

// nearest is the person in got whose box centre is closest to w's.
func nearest(w pose.Person, got []pose.Person) *pose.Person {
	var best *pose.Person
	bd := math.Inf(1)
	for i := range got {
		g := &got[i]
		d := math.Hypot(float64((g.Box.X1+g.Box.X2)-(w.Box.X1+w.Box.X2)), float64((g.Box.Y1+g.Box.Y2)-(w.Box.Y1+w.Box.Y2))) / 2
		if d < bd && d < float64(w.Height())/2 {
			best, bd = g, d
		}
	}
	return best
}
