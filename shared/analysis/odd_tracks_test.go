package analysis

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"motionlab/shared/pose"
	"motionlab/shared/running"
	"motionlab/shared/track"
)

// TestOddTracksGiveNumbers: tracks a browser may send (POST
// /v1/analyses/keypoints takes any within the limits the API checks: 1–240
// fps, points finite and within a frame of the picture) give, for every
// activity, results with a number in every field or an error: JSON has no
// NaN or infinity, and a result that cannot be encoded is a failed
// request. Found: at 1 fps a lift's repetition could round its frames past
// each other and report a range of motion of −∞.
func TestOddTracksGiveNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	reqs := []Params{
		{Activity: Running, AnalysisType: running.SideViewType, Height: 175, Weight: 70, Language: "en"},
		{Activity: Running, AnalysisType: running.BackViewType, Height: 175, Weight: 70, Language: "en"},
		{Activity: Sprint, Height: 175, Weight: 70, Language: "en"},
		{Activity: Jump, Height: 175, Weight: 70, Language: "en"},
	}
	for _, ex := range []string{"squat", "deadlift", "bench", "clean", "snatch", "press"} {
		reqs = append(reqs, Params{Activity: Lift, Exercise: ex, Height: 175, Weight: 70, Language: "en"})
	}
	for it := 0; it < 60; it++ {
		for _, fps := range []float64{1, 30, 240} {
			tr := oddTrack(rng, fps, it%4)
			for _, req := range reqs {
				calc, raw, err := Run(tr, TrackInfo(tr), req)
				if err != nil {
					continue
				}
				if _, err := json.Marshal(calc); err != nil {
					t.Fatalf("%s %s, %v fps, kind %d: calculated_data: %v", req.Activity, req.AnalysisType, fps, it%4, err)
				}
				if _, err := json.Marshal(raw); err != nil {
					t.Fatalf("%s, %v fps, kind %d: raw_data: %v", req.Activity, fps, it%4, err)
				}
			}
		}
	}
}

// oddTrack is a 1920×1080 track of 5–124 frames, a tenth of them unseen:
// points anywhere within a frame of the picture (kind 0), frozen (1), all
// at one place (2), or drifting with noise (3).
func oddTrack(rng *rand.Rand, fps float64, kind int) track.Track {
	const w, h = 1920.0, 1080.0
	n := 5 + rng.IntN(120)
	tr := track.Track{FPS: fps, Width: w, Height: h, Frames: make([]*pose.Person, n)}
	at := func() pose.Keypoint {
		return pose.Keypoint{X: float32(-w + 3*w*rng.Float64()), Y: float32(-h + 3*h*rng.Float64()), Visibility: float32(rng.Float64()), Presence: 1}
	}
	base := make([]pose.Keypoint, pose.NumBlazePose)
	for j := range base {
		base[j] = at()
	}
	for i := range tr.Frames {
		if rng.IntN(10) == 0 {
			continue
		}
		k := make([]pose.Keypoint, pose.NumBlazePose)
		for j := range k {
			switch kind {
			case 0:
				k[j] = at()
			case 1:
				k[j] = base[j]
			case 2:
				k[j] = pose.Keypoint{X: w / 2, Y: h / 2, Visibility: 1, Presence: 1}
			default:
				k[j] = base[j]
				k[j].X = min(2*w, k[j].X+float32(i)*8)
				k[j].Y = min(2*h, max(-h, k[j].Y+float32(rng.NormFloat64()*20)))
			}
		}
		tr.Frames[i] = &pose.Person{Keypoints: k}
	}
	return tr
}
