package lift

import (
	"math"
	"sort"

	"motionlab/shared/stats"
)

// Finding rules. Each produces its key only when its condition holds, with
// a severity in (0, 1] that grows with how far past the threshold the set
// is (1 = as bad as the "full" value or worse). Per-repetition values are
// averaged over the set (a single noisy repetition does not trigger a
// finding) except for depth, where every shallow repetition counts.
//
//   - shallow_depth (squat, side view): at least one repetition has its
//     hip joint above its knee joint at the bottom (DepthDeltaM > 0).
//     Severity = mean over all repetitions of max(DepthDeltaM, 0) / 0.10 m,
//     so it grows with both how many and how high: all repetitions 10 cm
//     above parallel is 1. Error: ±3 cm (see Rep.DepthDeltaM).
//   - forward_lean (squat, side view): mean TrunkAtBottomDeg > 45°.
//     Severity reaches 1 at 65°. A low-bar squat leans more than a high-
//     bar one; 2D error a few degrees when the camera is not square.
//   - knee_valgus (front view): mean KneeValgusDeg > 10° (frontal-plane
//     projection angle, worst leg, at the lowest point). Severity reaches
//     1 at 25°. The projection exaggerates it when the thighs point at
//     the camera.
//   - bar_path_drift: mean BarPathDevM > min(0.08 m, 0.05 · HeightM) —
//     more than 8 cm, or more than 5 % of body height for an athlete
//     shorter than 1.60 m. Severity reaches 1 at twice the threshold. The
//     wrists stand in for the bar (±2 cm).
//   - fast_eccentric (squat, bench, press): mean EccentricS < 0.8 s.
//     Severity reaches 1 at 0.4 s.
//   - uneven_tempo (at least 3 repetitions): the coefficient of variation
//     (sample SD / mean) of ConcentricS over the set > 0.25. Severity
//     reaches 1 at 0.5. Slowing down over a hard set is normal and is one
//     cause.
const (
	forwardLeanDeg, forwardLeanFull = 45.0, 65.0
	valgusDeg, valgusFull           = 10.0, 25.0
	driftM, driftFrac               = 0.08, 0.05
	fastEccS, fastEccFull           = 0.8, 0.4
	unevenCV, unevenFull            = 0.25, 0.5
	shallowFullM                    = 0.10
)

func findings(res Result, o Options) []Finding {
	out := []Finding{}
	add := func(key string, v, thr, full float64) {
		s := (v - thr) / (full - thr)
		if s > 0 {
			out = append(out, Finding{Key: key, Severity: math.Min(1, s)})
		}
	}
	if o.Exercise == Squat && res.View == "side" {
		var sum float64
		n := 0
		for _, r := range res.Reps {
			if r.DepthDeltaM != nil {
				sum += math.Max(*r.DepthDeltaM, 0)
				n++
			}
		}
		if n > 0 {
			add(KeyShallowDepth, sum/float64(n), 0, shallowFullM)
		}
		add(KeyForwardLean, res.TrunkAtBottom.Mean, forwardLeanDeg, forwardLeanFull)
	}
	if res.View == "front" {
		var vs []float64
		for _, r := range res.Reps {
			if r.KneeValgusDeg != nil {
				vs = append(vs, *r.KneeValgusDeg)
			}
		}
		if len(vs) > 0 {
			add(KeyKneeValgus, stats.Mean(vs), valgusDeg, valgusFull)
		}
	}
	thr := math.Min(driftM, driftFrac*o.HeightM)
	add(KeyBarPathDrift, res.BarPathDev.Mean, thr, 2*thr)
	if o.Exercise == Squat || o.Exercise == Bench || o.Exercise == Press {
		add(KeyFastEccentric, -res.Eccentric.Mean, -fastEccS, -fastEccFull)
	}
	if res.Count >= 3 && res.Concentric.Mean > 0 {
		add(KeyUnevenTempo, res.Concentric.SD/res.Concentric.Mean, unevenCV, unevenFull)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity > out[j].Severity })
	return out
}
