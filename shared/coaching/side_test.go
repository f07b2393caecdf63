package coaching

import (
	"math"
	"testing"

	"motionlab/shared/advice"
	"motionlab/shared/gait"
	"motionlab/shared/gait/gaittest"
	"motionlab/shared/running"
)

// trueLeg is the synthetic runner's leg length (Winter: 0.53 × height).
const trueLeg = 0.53 * gaittest.HeightM

func report(t *testing.T, rn gaittest.Runner, in Input) (*Report, *running.Result) {
	t.Helper()
	frames, _ := rn.Frames(0.1)
	r, err := running.Analyze(frames, running.SideViewType, running.Options{FPS: rn.FPS, HeightM: gaittest.HeightM})
	if err != nil {
		t.Fatal(err)
	}
	if in.HeightM == 0 {
		in.HeightM = gaittest.HeightM
	}
	rep, err := Evaluate(frames, gait.NewScene(frames, rn.FPS, gait.MinVisibility), r, in)
	if err != nil {
		t.Fatal(err)
	}
	return rep, r
}

func value(t *testing.T, rep *Report, id string) float64 {
	t.Helper()
	m := rep.Metric(id)
	if m == nil || m.Value == nil {
		t.Fatalf("%s not measured", id)
	}
	return *m.Value
}

// Geometry of gaittest's runner, in its pixels (H = height in px): the
// hip bobs 4 cm about its mean, lowest at midstance; the ankle lands
// reach ahead of the hip and stays put; the knee closes the two-segment
// leg (thigh 0.245 H, shank 0.246 H).
type synth struct {
	gaittest.Runner
	reach float64
}

func (s synth) H() float64 { return gaittest.HeightM * gaittest.PxPerM }

// bob is the hip's vertical offset (px, down positive) ph seconds after contact.
func (s synth) bob(ph float64) float64 {
	step := 60 / s.Cadence
	return 0.04 * gaittest.PxPerM * math.Cos(2*math.Pi*(ph-s.Contact/2)/step)
}

// leg returns the hip→ankle vector (forward, down) in stance at ph.
func (s synth) leg(ph float64) (float64, float64) {
	return (s.reach - s.Speed*ph) * gaittest.PxPerM, 0.491*s.H() - s.bob(ph)
}

// kneeFlexion of a leg whose hip→ankle distance is d.
func (s synth) kneeFlexion(dx, dy float64) float64 {
	t, sh := 0.245*s.H(), 0.246*s.H()
	d := math.Min(math.Hypot(dx, dy), t+sh)
	return 180 - math.Acos((t*t+sh*sh-d*d)/(2*t*sh))*180/math.Pi
}

// thigh is the thigh's angle from the downward vertical, forward positive.
func (s synth) thigh(dx, dy float64) float64 {
	t, sh := 0.245*s.H(), 0.246*s.H()
	d := math.Min(math.Hypot(dx, dy), t+sh-1e-6)
	a := (t*t - sh*sh + d*d) / (2 * d)
	h := math.Sqrt(math.Max(0, t*t-a*a))
	kx, ky := a*dx/d+h*dy/d, a*dy/d-h*dx/d // knee ahead of the hip→ankle line
	return math.Atan2(kx, ky) * 180 / math.Pi
}

// Each side-view metric on the synthetic runner against the answer its
// geometry gives.
func TestSideMetricsKnownAnswers(t *testing.T) {
	s := synth{gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: 120, Duration: 4, Dir: 1, Reach: 0.05}, 0.05}
	rep, r := report(t, s.Runner, Input{LegLengthM: trueLeg})
	ppm := r.Metrics.PixelsPerMetre // from the keypoints, within 1 % of 120
	scale := gaittest.PxPerM / ppm

	near(t, "cadence", value(t, rep, "cadence"), 170, 1)
	near(t, "contact time", value(t, rep, "ground_contact_time"), 250, 1000/s.FPS+0.5)
	near(t, "duty factor", value(t, rep, "duty_factor"), 100*0.25/(120/170.0), 1.5)
	near(t, "trunk lean", value(t, rep, "trunk_lean"), math.Atan(0.05/0.288)*180/math.Pi, 0.2)
	near(t, "vertical oscillation", value(t, rep, "vertical_oscillation_cm"), 8*scale, 0.3)
	near(t, "vertical oscillation % leg", value(t, rep, "vertical_oscillation_leg"), 8*scale/trueLeg, 0.4)
	near(t, "vertical ratio", value(t, rep, "vertical_ratio"), 8/(3.5*60/170), 0.4)

	dx, dy := s.leg(0)
	near(t, "overstride", value(t, rep, "overstride"), math.Atan2(dx, dy)*180/math.Pi, 0.6)
	near(t, "foot ahead of hip", value(t, rep, "foot_ahead_of_hip"), 100*(dx-10)/ppm/trueLeg, 0.5)
	near(t, "knee flexion at contact", value(t, rep, "knee_flexion_contact"), s.kneeFlexion(dx, dy), 1)

	// Stance peaks: sampled finely over the true stance.
	peakKnee, minThigh := 0.0, math.Inf(1)
	for ph := 0.0; ph < s.Contact; ph += 0.0005 {
		x, y := s.leg(ph)
		peakKnee, minThigh = math.Max(peakKnee, s.kneeFlexion(x, y)), math.Min(minThigh, s.thigh(x, y))
	}
	near(t, "knee flexion midstance", value(t, rep, "knee_flexion_midstance"), peakKnee, 1)
	trunk := math.Atan(0.05/0.288) * 180 / math.Pi // trunk line behind the vertical through the hip
	near(t, "hip extension", value(t, rep, "hip_extension"), -minThigh-trunk, 1.5)

	// Swing: the ankle swings from reach − v·contact to reach behind/ahead
	// of the hip along a cosine and rises 0.12 H along a sine.
	stride := 120 / s.Cadence
	maxThigh := math.Inf(-1)
	for sw := 0.0; sw <= 1; sw += 0.001 {
		r0, r1 := s.reach-s.Speed*s.Contact, s.reach
		x := (r0 + (r1-r0)*(1-math.Cos(math.Pi*sw))/2) * gaittest.PxPerM
		ph := s.Contact + sw*(stride-s.Contact)
		y := 0.491*s.H() - s.bob(ph) - 0.12*s.H()*math.Sin(math.Pi*sw)
		maxThigh = math.Max(maxThigh, s.thigh(x, y))
	}
	near(t, "knee drive", value(t, rep, "knee_drive"), maxThigh, 1)
	near(t, "heel recovery", value(t, rep, "heel_recovery"), 100*0.12*s.H()/ppm/trueLeg, 0.5)

	// Arms: the upper arm swings ±0.3 rad; the forearm points forward
	// (0.15 H) and up (0.02 H).
	near(t, "arm swing", value(t, rep, "arm_swing"), 0.6*180/math.Pi, 0.5)
	lo, hi := math.Inf(1), math.Inf(-1)
	for a := -0.3; a <= 0.3; a += 0.0005 {
		ux, uy := math.Sin(-a), math.Cos(a) // shoulder→elbow, unit length
		fx, fy := 0.15/0.17, -0.02/0.17     // elbow→wrist in upper-arm units
		cos := (-ux*fx - uy*fy) / math.Hypot(fx, fy)
		f := 180 - math.Acos(cos)*180/math.Pi
		lo, hi = math.Min(lo, f), math.Max(hi, f)
	}
	near(t, "elbow angle", value(t, rep, "elbow_angle"), (lo+hi)/2, 0.5)
	near(t, "head drop", value(t, rep, "head_drop"), 100*(s.bob(s.Contact/2)-s.bob(0))/ppm/trueLeg, 0.6)

	// Every metric of the view is reported with its definition fields.
	for _, m := range rep.Metrics {
		if m.Unit == "" || m.Confidence == "" || len(m.Views) == 0 || m.Status == "unmeasured" {
			t.Errorf("%s: %+v", m.ID, m)
		}
	}
}

// Leg length: from the request when given, else from the keypoints
// (within 2 % of the true one here), and the profile says which.
func TestLegLength(t *testing.T) {
	rn := gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: 60, Duration: 3, Dir: -1}
	rep, _ := report(t, rn, Input{})
	if rep.Profile.LegSource != "keypoints" {
		t.Errorf("leg source %q", rep.Profile.LegSource)
	}
	near(t, "estimated leg", rep.Profile.LegLengthM, trueLeg, 0.02*trueLeg)
	rep, _ = report(t, rn, Input{LegLengthM: 0.8})
	if rep.Profile.LegSource != "request" || rep.Profile.LegLengthM != 0.8 {
		t.Errorf("profile %+v", rep.Profile)
	}
}

// An overstriding runner (foot landing 0.4 m ahead on a straight knee, low
// cadence) gets the overstriding pattern first, with its cue and drill, in
// every language; a runner landing under the hip does not.
func TestOverstridingFirst(t *testing.T) {
	rn := gaittest.Runner{Cadence: 150, Contact: 0.25, Speed: 3.5, FPS: 120, Duration: 4, Dir: 1, Reach: 0.4}
	for _, lang := range advice.Languages {
		rep, r := report(t, rn, Input{Language: lang})
		if len(rep.Findings) == 0 || len(rep.Findings) > MaxFindings {
			t.Fatalf("%s: %d findings", lang, len(rep.Findings))
		}
		f := rep.Findings[0]
		want, _ := Text(lang, Overstriding)
		if f.Key != Overstriding || f.Kind != "pattern" || f.Title != want.Title || f.Cue != want.Cue || f.Drill != want.Drill || f.Explanation != want.Advice {
			t.Errorf("%s: first finding %+v", lang, f)
		}
		for i := 1; i < len(rep.Findings); i++ {
			if rep.Findings[i].Severity > rep.Findings[i-1].Severity {
				t.Errorf("%s: findings not worst first", lang)
			}
		}
		if lang == "en" {
			t.Logf("overstriding runner: %+v; total score %.2f", rep.Findings, *rep.TotalScore)
			near(t, "overstride angle", value(t, rep, "overstride"), 24.6, 1)
			if *rep.TotalScore >= 0.9 {
				t.Errorf("total score %.2f for an overstrider", *rep.TotalScore)
			}
			_ = r
		}
	}
	good, _ := report(t, gaittest.Runner{Cadence: 172, Contact: 0.25, Speed: 3.5, FPS: 120, Duration: 4, Dir: 1, Reach: 0.05}, Input{})
	for _, f := range good.Findings {
		if f.Key == Overstriding || f.Key == string(advice.Overstride) {
			t.Errorf("runner landing under the hip: %+v", f)
		}
	}
}

// A runner whose right contact is 0.30 s against 0.24 s on the left is
// flagged on the right with |L − R| / mean = 0.06 / 0.27 = 22 %.
func TestAsymmetryRight(t *testing.T) {
	rn := gaittest.Runner{Cadence: 170, Contact: 0.24, RightContact: 0.30, Speed: 3.5, FPS: 120, Duration: 4, Dir: 1, Reach: 0.05}
	rep, _ := report(t, rn, Input{})
	m := rep.Metric("ground_contact_time")
	if m.Asymmetry == nil {
		t.Fatal("no asymmetry")
	}
	a := m.Asymmetry
	if !a.Flagged || a.Side != "right" {
		t.Errorf("asymmetry %+v: want flagged on the right", a)
	}
	near(t, "asymmetry index", a.IndexPct, 100*0.06/0.27, 2)
	near(t, "difference R − L", a.Difference, 60, 1000/rn.FPS)
	found := false
	for _, f := range rep.Findings {
		found = found || (f.Kind == "asymmetry" && f.Side == "right")
	}
	if !found {
		t.Errorf("no right-side asymmetry finding in %+v", rep.Findings)
	}
	// The symmetric runner is not flagged.
	sym, _ := report(t, gaittest.Runner{Cadence: 170, Contact: 0.27, Speed: 3.5, FPS: 120, Duration: 4, Dir: 1, Reach: 0.05}, Input{})
	if a := sym.Metric("ground_contact_time").Asymmetry; a == nil || a.Flagged || a.IndexPct > 2 {
		t.Errorf("symmetric runner: %+v", a)
	}
	if rep.FlaggedAsymmetry == 0 || *rep.TotalScore >= *sym.TotalScore {
		t.Errorf("asymmetry penalty: %d flagged, score %.2f vs symmetric %.2f", rep.FlaggedAsymmetry, *rep.TotalScore, *sym.TotalScore)
	}
}

// One step per side is too little to call a side different; a per-clip
// metric (arm swing) has one value per side by design.
func TestAsymmetryNeedsSteps(t *testing.T) {
	d, _ := DefOf("ground_contact_time")
	p := Profile{HeightM: 1.75, SpeedMS: 3.3, LegLengthM: 0.93}
	if m := measure(d, sided{left: []float64{200}, right: []float64{300}}, p, true); m.Asymmetry == nil || m.Asymmetry.Flagged {
		t.Errorf("one step per side: %+v", m.Asymmetry)
	}
	m := measure(d, sided{left: []float64{200, 200}, right: []float64{300, 300}}, p, true)
	if a := m.Asymmetry; a == nil || !a.Flagged || a.Side != "right" || a.IndexPct != 40 || a.StepsLeft != 2 {
		t.Errorf("two steps per side: %+v", m.Asymmetry)
	}
	arm, _ := DefOf("arm_swing")
	if m := measure(arm, sided{left: []float64{30}, right: []float64{60}}, p, true); m.Asymmetry == nil || !m.Asymmetry.Flagged {
		t.Errorf("arm swing 30° vs 60°: %+v", m.Asymmetry)
	}
}
