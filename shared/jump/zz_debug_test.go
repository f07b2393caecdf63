package jump

import (
	"fmt"
	"testing"

	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

func TestZZHop(t *testing.T) {
	r, err := testenv.ReadRecording("../../.cache/validate/sports2d_demo.mp4--full.json")
	if err != nil {
		t.Skip(err)
	}
	ath := posetrack.ChooseAthlete(r.People, r.FPS, r.Width, r.Height, true)
	o := Options{FPS: r.FPS}
	a, res, ok := prepare(ath.Clean.Frames, o)
	if !ok {
		t.Fatal("not ok")
	}
	for _, j := range res.Jumps {
		fmt.Printf("jump %.2f-%.2f (frames %.2f-%.2f)\n", j.TakeoffS, j.LandingS, j.TakeoffS*r.FPS, j.LandingS*r.FPS)
	}
	fmt.Printf("H %.1f hc %.1f delta %.1f w %d\n", a.H, a.hc, a.delta, a.w)
	raw := [2]series{footSeries(ath.Raw.Frames, 0, 0.3), footSeries(ath.Raw.Frames, 1, 0.3)}
	for i := 0; i < 200; i++ {
		if i > 80 && i < 160 {
			continue
		}
		fmt.Printf("%3d", i)
		for f := 0; f < 2; f++ {
			fmt.Printf(" | y %.1f raw %.1f air %v x %.0f", a.feet[f].y[i], raw[f].y[i], a.air[f][i], ath.Clean.Frames[i].Keypoints[31-f].X)
		}
		fmt.Println()
	}
}
