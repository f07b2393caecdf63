package inference

import (
	"fmt"
	"math"
	"testing"

	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

// batchSessions runs the batched landmark model (pose_landmark_full_batch.onnx,
// the browser's) on ONNX Runtime: a posetrack.BatchModels with one session per
// batch size, each with its own bound tensors.
type batchSessions struct {
	*sessions
	t     testing.TB
	path  string
	batch map[int]*session
	runs  map[int]int // batched runs by size
}

func (b *batchSessions) open(n int) *session {
	if s := b.batch[n]; s != nil {
		return s
	}
	s, err := newSession(b.path,
		tensorSpec{"input_1", []int64{int64(n), LandmarkSize, LandmarkSize, 3}},
		[]tensorSpec{
			{"Identity", []int64{int64(n), landmarkPoints * 5}},
			{"Identity_1", []int64{int64(n), 1}},
			{"Identity_4", []int64{int64(n), landmarkPoints * 3}},
		}, Options{Library: testenv.RuntimeLib(b.t), Threads: 1})
	if err != nil {
		b.t.Fatalf("open the batched model for %d crops: %v", n, err)
	}
	b.batch[n] = s
	return s
}

func (b *batchSessions) LandmarkBatchInput(n int) []float32 { return b.open(n).in.GetData() }

func (b *batchSessions) RunLandmarkBatch(n int) ([]float32, []float32, []float32, error) {
	s := b.open(n)
	if err := s.run(); err != nil {
		return nil, nil, nil, fmt.Errorf("batched landmark model: %w", err)
	}
	b.runs[n]++
	return s.outs[0].GetData(), s.outs[1].GetData(), s.outs[2].GetData(), nil
}

func (b *batchSessions) Close() {
	for _, s := range b.batch {
		s.destroy()
	}
	b.sessions.Close()
}

// TestBatchedLandmarksAreTheSingleRuns: a photo's 27-crop median
// (Engine.Estimate) with the crops run MaxLandmarkBatch at a time through the
// batched model gives the keypoints of one run per crop through the
// single-crop model, within float rounding. The browser runs the batched
// model this way (wasm/bridge.go); ONNX Runtime is the same code there.
func TestBatchedLandmarksAreTheSingleRuns(t *testing.T) {
	ref := loadReference(t)
	one := newEngine(t, "full")
	det, err := NewDetector(testenv.Model(t, "pose_detection.onnx"), Options{Library: testenv.RuntimeLib(t), Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	lm, err := NewLandmarker(testenv.Model(t, "pose_landmark_full.onnx"), Options{Library: testenv.RuntimeLib(t), Threads: 1})
	if err != nil {
		det.Close()
		t.Fatal(err)
	}
	bm := &batchSessions{sessions: &sessions{det, lm}, t: t, path: testenv.Model(t, "pose_landmark_full_batch.onnx"),
		batch: map[int]*session{}, runs: map[int]int{}}
	batched := posetrack.NewEngine(bm)
	t.Cleanup(batched.Close)
	for name := range ref.Images {
		img := readPhoto(t, "images/"+name)
		a, err := one.Estimate(img)
		if err != nil {
			t.Fatal(err)
		}
		b, err := batched.Estimate(img)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("%s: %d people with single runs, %d batched", name, len(a), len(b))
		}
		var worst, worstWorld float64
		for i := range a {
			for j, k := range a[i].Keypoints {
				q := b[i].Keypoints[j]
				worst = max(worst, math.Abs(float64(k.X-q.X)), math.Abs(float64(k.Y-q.Y)), math.Abs(float64(k.Z-q.Z)),
					100*math.Abs(float64(k.Visibility-q.Visibility)), 100*math.Abs(float64(k.Presence-q.Presence)))
				w, v := a[i].World[j], b[i].World[j]
				worstWorld = max(worstWorld, math.Abs(float64(w.X-v.X)), math.Abs(float64(w.Y-v.Y)), math.Abs(float64(w.Z-v.Z)))
			}
			if d := math.Abs(float64(a[i].Score - b[i].Score)); d > 1e-4 {
				t.Errorf("%s person %d: score %.6f single, %.6f batched", name, i, a[i].Score, b[i].Score)
			}
		}
		t.Logf("%s: %d people, largest difference %.2g px (and %% of visibility/presence), %.2g m in world points", name, len(a), worst, worstWorld)
		// 0.01 px in a photo hundreds of pixels tall, 0.1 mm in the world:
		// rounding in a differently blocked convolution, no more.
		if worst > 0.01 || worstWorld > 1e-4 {
			t.Errorf("%s: batched keypoints differ from single runs by up to %.3g px / %.3g m", name, worst, worstWorld)
		}
	}
	// 27 crops a person: six runs of 4 and one of 3.
	if bm.runs[posetrack.MaxLandmarkBatch] == 0 || len(bm.runs) < 2 {
		t.Errorf("batched runs by size %v: want full batches and a remainder", bm.runs)
	}
}
