package inference

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"motionlab/server/video"
	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

// readPhoto decodes a photo of ../shared/data/images with OpenCV.
func readPhoto(t testing.TB, rel string) *frame.RGB {
	t.Helper()
	img, mat, err := video.ReadImage(testenv.Data(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	mat.Close()
	return img
}

func newEngine(t testing.TB, model string) *Engine {
	t.Helper()
	return newEngineThreads(t, model, 1)
}

func newEngineThreads(t testing.TB, model string, threads int) *Engine {
	t.Helper()
	e, err := NewEngine(Config{
		ModelsDir: testenv.ModelsDir(t),
		Model:     model,
		Options:   Options{Library: testenv.RuntimeLib(t), Threads: threads},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// TestEngineFindsSubjectsInPhotos runs the whole pipeline, detector
// included, on the COCO photos and checks anatomy against the reference.
func TestEngineFindsSubjectsInPhotos(t *testing.T) {
	ref := loadReference(t)
	e := newEngine(t, "full")
	for name, im := range ref.Images {
		img := readPhoto(t, "images/"+name)
		people, err := e.Estimate(img)
		if err != nil {
			t.Fatal(err)
		}
		if len(people) == 0 {
			t.Fatalf("%s: no person found", name)
		}
		s := people[0]
		k := s.Keypoints
		bodyH := float64(s.Height())
		t.Logf("%s: %d people, subject score %.3f, box %+v", name, len(people), s.Score, s.Box)

		midY := func(a, b int) float32 { return (k[a].Y + k[b].Y) / 2 }
		// Image y grows downward: "above" is a smaller y.
		chain := []struct {
			what string
			y    float32
		}{
			{"nose", k[pose.Nose].Y},
			{"shoulders", midY(pose.LeftShoulder, pose.RightShoulder)},
			{"hips", midY(pose.LeftHip, pose.RightHip)},
			{"knees", midY(pose.LeftKnee, pose.RightKnee)},
			{"ankles", midY(pose.LeftAnkle, pose.RightAnkle)},
		}
		for i := 1; i < len(chain); i++ {
			if !(chain[i-1].y < chain[i].y) {
				t.Errorf("%s: %s (y=%.1f) not above %s (y=%.1f)", name, chain[i-1].what, chain[i-1].y, chain[i].what, chain[i].y)
			}
		}
		for _, f := range [][3]int{
			{pose.LeftAnkle, pose.LeftHeel, pose.LeftFootIndex},
			{pose.RightAnkle, pose.RightHeel, pose.RightFootIndex},
		} {
			for _, p := range f[1:] {
				if d := float64(distKp(k[f[0]], k[p])); d > 0.15*bodyH {
					t.Errorf("%s: %s is %.1f px from its ankle (> 15%% of %.0f px)", name, pose.BlazePose33.Points[p].Name, d, bodyH)
				}
			}
		}
		// Major joints within 5% of body height (the reference person box) of the reference.
		refH := im.Box.Y2 - im.Box.Y1
		worst := 0.0
		defer func(name string) {
			t.Logf("%s: worst major joint %.1f px from reference (limit %.1f)", name, worst, 0.05*refH)
		}(name)
		for _, j := range []int{pose.LeftShoulder, pose.RightShoulder, pose.LeftElbow, pose.RightElbow,
			pose.LeftWrist, pose.RightWrist, pose.LeftHip, pose.RightHip,
			pose.LeftKnee, pose.RightKnee, pose.LeftAnkle, pose.RightAnkle} {
			r := im.Keypoints[j]
			d := math.Hypot(float64(k[j].X)-r.X, float64(k[j].Y)-r.Y)
			worst = math.Max(worst, d)
			if d > 0.05*refH {
				t.Errorf("%s: %s %.1f px from reference (> 5%% of %.0f px)", name, pose.BlazePose33.Points[j].Name, d, refH)
			}
		}
		if len(s.World) != pose.NumBlazePose {
			t.Errorf("%s: %d world points", name, len(s.World))
		}
	}
}

// TestEngineReportsNoPersonInEmptyPhotos: COCO 632, 724, 802 show no person.
func TestEngineReportsNoPersonInEmptyPhotos(t *testing.T) {
	e := newEngine(t, "full")
	for _, name := range []string{"000000000632.jpg", "000000000724.jpg", "000000000802.jpg"} {
		img := readPhoto(t, "images/"+name)
		people, err := e.Estimate(img)
		if err != nil {
			t.Fatal(err)
		}
		if len(people) != 0 {
			t.Errorf("%s: %d people reported, want none (first: score %.3f box %+v)", name, len(people), people[0].Score, people[0].Box)
		}
	}
}

func TestEngineRejectsUnknownModel(t *testing.T) {
	_, err := NewEngine(Config{ModelsDir: testenv.ModelsDir(t), Model: "huge", Options: Options{Library: testenv.RuntimeLib(t)}})
	if err == nil {
		t.Fatal("model huge accepted")
	}
}

func TestCUDAWithoutProviderIsAClearError(t *testing.T) {
	if err := Init(testenv.RuntimeLib(t)); err != nil {
		t.Fatal(err)
	}
	_, err := NewLandmarker(testenv.Model(t, "pose_landmark_lite.onnx"), Options{Device: "cuda"})
	if err == nil {
		t.Skip("CUDA provider loaded: this machine has a GPU runtime")
	}
	if !errors.Is(err, ErrCUDAUnavailable) {
		t.Errorf("error %q does not say the CUDA provider is unavailable", err)
	}
}

func distKp(a, b pose.Keypoint) float32 {
	return float32(math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)))
}

// TestEstimateWithHelperIsTheSame: a photo's 27-crop median run over two
// landmark sessions in parallel gives exactly one session's answer.
func TestEstimateWithHelperIsTheSame(t *testing.T) {
	ref := loadReference(t)
	one := newEngine(t, "full")
	two, err := NewEngine(Config{ModelsDir: testenv.ModelsDir(t), Model: "full",
		Options: Options{Library: testenv.RuntimeLib(t), LandmarkEngines: 2}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(two.Close)
	for name := range ref.Images {
		img := readPhoto(t, "images/"+name)
		a, err := one.Estimate(img)
		if err != nil {
			t.Fatal(err)
		}
		b, err := two.Estimate(img)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) == 0 || !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: %d people with one session, %d with two, or their keypoints differ", name, len(a), len(b))
		}
	}
}

// In frame 52 of the Sports2D demo (1768×994) the walker is in full view
// at the right, about a third of the picture's height: letterboxed whole,
// the detector sees her 45 px tall and misses her (and the man on the
// box); its run on the picture's right-hand square finds her.
func TestEngineFindsSmallPersonInWidePhoto(t *testing.T) {
	r, err := video.Open(testenv.Data(t, "videos/sports2d_demo.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var img *frame.RGB
	for i := 0; i <= 52; i++ {
		if img, _, err = r.Next(img); err != nil {
			t.Fatal(err)
		}
	}
	e := newEngine(t, "full")
	people, err := e.Estimate(img)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		// She stands at x ≈ 1440–1520, y ≈ 570–935 (seen in the frame).
		if cx := (p.Box.X1 + p.Box.X2) / 2; cx > 1350 && cx < 1600 && p.Box.Y2 > 850 && p.Box.Y2-p.Box.Y1 > 250 {
			return
		}
	}
	t.Errorf("the walker at the right of frame 52 not found: %d people %+v", len(people), people)
}

// TestJitterMovesLandmarksByRoundingOnly: SetJitter(1e-6) moves a photo's
// keypoints by far less than a pixel but not by nothing, on the helper
// session too (two landmark sessions share a frame's crops), and 0 undoes it.
func TestJitterMovesLandmarksByRoundingOnly(t *testing.T) {
	e, err := NewEngine(Config{ModelsDir: testenv.ModelsDir(t), Model: "full",
		Options: Options{Library: testenv.RuntimeLib(t), LandmarkEngines: 2}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	img := readPhoto(t, "images/000000000785.jpg")
	people, err := e.Estimate(img)
	if err != nil || len(people) == 0 {
		t.Fatalf("no person found: %v", err)
	}
	b := people[0].Box
	side := 1.25 * max(b.X2-b.X1, b.Y2-b.Y1)
	roi := blazepose.Rect{XCenter: (b.X1 + b.X2) / 2, YCenter: (b.Y1 + b.Y2) / 2, Width: side, Height: side}
	rois := []blazepose.Rect{roi, roi}
	run := func(j float32) []*posetrack.Landmarks {
		e.SetJitter(j)
		lms, err := e.LandmarksAll(img, rois)
		if err != nil {
			t.Fatal(err)
		}
		return lms
	}
	plain, jittered, again := run(0), run(1e-6), run(0)
	for k := range rois {
		var moved float32
		for i, kp := range plain[k].Keypoints {
			moved = max(moved, distKp(kp, jittered[k].Keypoints[i]))
			if kp != again[k].Keypoints[i] {
				t.Fatalf("session %d: keypoint %d not restored with jitter 0", k, i)
			}
		}
		if moved == 0 || moved > 0.01 {
			t.Errorf("session %d: jitter 1e-6 moved the keypoints by up to %g px, want (0, 0.01]", k, moved)
		}
	}
}
