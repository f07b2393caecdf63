package coaching

import (
	"math"
	"testing"

	"motionlab/shared/frontal"
	"motionlab/shared/pose"
	"motionlab/shared/running"
)

// rearRunner is a hand-made back view at 60 fps with a 40-frame stride:
// hips fixed at x 280/320, each ankle 3 px past the midline (x 303 left,
// 297 right) 100 px below its hip, shoulders swaying A px, the nose B px
// (plus a drift), the left wrist C px past the midline at most and the
// right one staying 10 px on its own side.
func rearRunner(n int, a, b, c float64) []*pose.Person {
	out := make([]*pose.Person, n)
	for i := range out {
		k := make([]pose.Keypoint, pose.NumBlazePose)
		set := func(j int, x, y float64) { k[j] = pose.Keypoint{X: float32(x), Y: float32(y), Visibility: 1} }
		th := 2 * math.Pi * float64(i) / 40
		set(pose.LeftHip, 280, 200)
		set(pose.RightHip, 320, 200)
		set(pose.LeftAnkle, 303, 300)
		set(pose.RightAnkle, 297, 300)
		set(pose.LeftKnee, (280+303)/2.0, 250)
		set(pose.RightKnee, (320+297)/2.0, 250)
		sx := 300 + a*math.Sin(th)
		set(pose.LeftShoulder, sx-25, 120)
		set(pose.RightShoulder, sx+25, 120)
		set(pose.Nose, 300+b*math.Sin(th)+0.5*float64(i), 80)
		set(pose.LeftWrist, sx+c*math.Cos(th), 190)
		set(pose.RightWrist, sx+15-5*math.Cos(th), 190)
		out[i] = &pose.Person{Keypoints: k}
	}
	return out
}

func fp(x float64) *float64 { return &x }

func TestRearMetricsKnownAnswers(t *testing.T) {
	const A, B, C = 8.0, 6.0, 4.0
	frames := rearRunner(130, A, B, C)
	var steps []frontal.Stance
	drops := map[string][]float64{"left": {4, 6, 4}, "right": {9, 11, 10}}
	for i := 0; i < 6; i++ {
		foot := "left"
		if i%2 == 1 {
			foot = "right"
		}
		steps = append(steps, frontal.Stance{Foot: foot, ContactFrame: 20 * i, ToeOffFrame: 20*i + 10, ContactTime: 10 / 60.0,
			PelvicDrop: fp(drops[foot][i/2]), HipAdduction: fp(8), KneeAdduction: fp(5), Pronation: fp(4)})
	}
	r := &running.Result{AnalysisType: running.BackViewType, BackView: &running.BackView{Steps: steps, Cadence: 180}}
	rep, err := Evaluate(frames, nil, r, Input{HeightM: 1.70, Sex: "male", Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.View != Rear || rep.Profile.LegSource != "height" {
		t.Fatalf("report %+v", rep.Profile)
	}
	legPx := math.Hypot(23, 100) * legPerSegments
	near(t, "step width", value(t, rep, "step_width"), 100*6/legPx, 0.05)
	near(t, "crossover", value(t, rep, "crossover"), 100*3/legPx, 0.05)
	near(t, "lateral trunk sway", value(t, rep, "lateral_trunk_sway"), 2*math.Atan(A/80)*180/math.Pi, 0.1)
	near(t, "head lateral sway", value(t, rep, "head_lateral_sway"), 100*2*B/legPx, 1)
	arm := rep.Metric("arm_crossover")
	near(t, "left arm crossover", *arm.Left, 100*C/legPx, 0.1)
	near(t, "right arm crossover", *arm.Right, -100*10/legPx, 0.1)
	near(t, "cadence", value(t, rep, "cadence"), 180, 1e-9)
	near(t, "contact time", value(t, rep, "contact_time_rear"), 1000/6.0, 0.1)
	pd := rep.Metric("pelvic_drop")
	near(t, "pelvic drop", *pd.Value, 7.3, 0.1)
	if a := pd.Asymmetry; a == nil || !a.Flagged || a.Side != "right" || math.Abs(a.IndexPct-100*(10-14/3.0)/((10+14/3.0)/2)) > 1 {
		t.Errorf("pelvic drop asymmetry %+v: want flagged right", pd.Asymmetry)
	}
	if rep.Metric("pronation").Score != nil {
		t.Error("pronation is low confidence: never scored")
	}
	if len(rep.Findings) == 0 || len(rep.Findings) > MaxFindings {
		t.Fatalf("findings %+v", rep.Findings)
	}
	keys := map[string]bool{}
	for _, f := range rep.Findings {
		keys[f.Key] = true
		if f.Cue == "" || f.Drill == "" {
			t.Errorf("finding without cue or drill: %+v", f)
		}
	}
	if !keys[LateralSway] {
		t.Errorf("11° of trunk sway: no lateral sway finding in %+v", rep.Findings)
	}
}
