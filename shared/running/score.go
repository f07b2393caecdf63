package running

import (
	"math"

	"motionlab/shared/advice"
	"motionlab/shared/stats"
)

// SideScores are the components of the side view's total score, each in
// [0,1] (1 best; −1 when not measurable), and the total.
//
//	component       weight  1 at            0 at
//	overstride      0.25    ≤ 8°            ≥ 20° (hip→ankle angle at contact)
//	cadence         0.20    ≥ ref − 5 spm   ≤ ref − 25 spm (and ≥ ref + 45)
//	duty_factor     0.15    z ≤ 0.5         z ≥ 2.5 (vs the speed's reference)
//	vertical_osc    0.15    ≤ 8 cm          ≥ 12 cm
//	knee_at_contact 0.10    ≥ 12° flexion   ≤ 3°
//	trunk_lean      0.10    2–10° forward   ≤ −5° or ≥ 18°
//	symmetry        0.05    ≤ 5 %           ≥ 15 % contact-time asymmetry
//
// The total is the weighted mean of the measurable components.
type SideScores struct {
	Overstride          float64 `json:"overstride"`
	Cadence             float64 `json:"cadence"`
	DutyFactor          float64 `json:"duty_factor"`
	VerticalOscillation float64 `json:"vertical_oscillation"`
	KneeAtContact       float64 `json:"knee_at_contact"`
	TrunkLean           float64 `json:"trunk_lean"`
	Symmetry            float64 `json:"symmetry"`
	Total               float64 `json:"total"`
}

func sideScores(v *SideView, heightM float64) SideScores {
	m := v.Metrics
	ref := referenceSF(m.Speed, heightM)
	nan := math.NaN()
	pick := func(ok bool, x float64) float64 {
		if !ok {
			return nan
		}
		return x
	}
	knee := eventMean(v, Knee, atContact)
	s := []struct {
		w float64
		x float64
	}{
		{0.25, pick(v.Overstride.AngleDeg.N > 0, v.Overstride.Score)},
		{0.20, pick(m.Cadence > 0, math.Min(ramp(m.Cadence, ref-25, ref-5), ramp(m.Cadence, ref+45, ref+25)))},
		{0.15, pick(m.DutyFactor.N > 0 && m.Speed > 0, ramp((m.DutyFactor.Mean-referenceDF(m.Speed))/dfSD, 2.5, 0.5))},
		{0.15, pick(m.VerticalOscillation.N > 0, ramp(m.VerticalOscillation.Mean, 12, 8))},
		{0.10, pick(!math.IsNaN(knee), ramp(knee, 3, 12))},
		{0.10, pick(m.TrunkLean.N > 0, math.Min(ramp(m.TrunkLean.Mean, -5, 2), ramp(m.TrunkLean.Mean, 18, 10)))},
		{0.05, pick(m.ContactAsymmetry > 0 || len(m.Steps) > 1, ramp(m.ContactAsymmetry, 15, 5))},
	}
	var tw, tx float64
	out := make([]float64, len(s))
	for i, c := range s {
		out[i] = -1
		if !math.IsNaN(c.x) {
			out[i] = stats.Round(c.x, 2)
			tw, tx = tw+c.w, tx+c.w*c.x
		}
	}
	sc := SideScores{Overstride: out[0], Cadence: out[1], DutyFactor: out[2], VerticalOscillation: out[3], KneeAtContact: out[4], TrunkLean: out[5], Symmetry: out[6]}
	if tw > 0 {
		sc.Total = stats.Round(tx/tw, 2)
	}
	return sc
}

// eventMean is a joint's angle at one stance event (at picks it), the
// mean over both sides' steps; NaN when not measured.
func eventMean(v *SideView, j Joint, at func(JointEvents) Stat) float64 {
	var sum float64
	var n int
	for _, side := range []map[Joint]JointEvents{v.JointAngles.Left, v.JointAngles.Right} {
		if e, ok := side[j]; ok && at(e).N > 0 {
			sum += at(e).Mean * float64(at(e).N)
			n += at(e).N
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

func atContact(e JointEvents) Stat { return e.AtContact }
func atToeOff(e JointEvents) Stat  { return e.ToeOff }

// sideFindings turns the side view into findings, each with a severity in
// (0,1]. The thresholds are documented in docs/metrics.md.
func sideFindings(v *SideView, heightM float64) []advice.Finding {
	var f []advice.Finding
	add := func(k advice.Key, sev float64) {
		if sev > 0 {
			f = append(f, advice.Finding{Key: k, Severity: stats.Round(math.Min(1, sev), 2)})
		}
	}
	m := v.Metrics
	if v.RunningStyles.Gait != "running" {
		return nil // walking: running advice does not apply
	}
	ref := referenceSF(m.Speed, heightM)
	if v.Overstride.AngleDeg.N > 0 {
		add(advice.Overstride, (v.Overstride.AngleDeg.Mean-12)/10)
	}
	if m.Cadence > 0 {
		add(advice.LowCadence, (ref-10-m.Cadence)/20)
		add(advice.HighCadence, (m.Cadence-ref-30)/20)
	}
	if m.DutyFactor.N > 0 {
		add(advice.LongGroundContact, ((m.DutyFactor.Mean-referenceDF(m.Speed))/dfSD-1.5)/2)
	}
	if n := len(v.FootLanding.Steps); n > 0 && v.Overstride.AngleDeg.N > 0 {
		share := float64(v.FootLanding.Counts[Rearfoot]) / float64(n)
		if share >= 0.5 {
			add(advice.HeelStrike, share*(v.Overstride.AngleDeg.Mean-10)/10)
		}
	}
	if vo := m.VerticalOscillation; vo.N > 0 {
		add(advice.HighVerticalOscillation, (vo.Mean-10)/5)
		if v.RunningStyles.DutyFactorZ > 1 {
			add(advice.LowVerticalOscillation, (4-vo.Mean)/3)
		}
	}
	if k := eventMean(v, Knee, atContact); !math.IsNaN(k) {
		add(advice.StiffKneeAtContact, (10-k)/10)
	}
	if tl := m.TrunkLean; tl.N > 0 {
		add(advice.ExcessiveTrunkLean, (tl.Mean-14)/10)
		add(advice.BackwardTrunkLean, (-2-tl.Mean)/8)
	}
	if h := eventMean(v, Hip, atToeOff); !math.IsNaN(h) {
		add(advice.LimitedHipExtension, (h+5)/10)
	}
	if e := clipMean(v, Elbow); !math.IsNaN(e) {
		add(advice.ArmSwing, (60-e)/30)
	}
	add(advice.ContactAsymmetry, (m.ContactAsymmetry-8)/12)
	return f
}

// clipMean is the middle of a joint's range over the clip, both sides.
func clipMean(v *SideView, j Joint) float64 {
	var xs []float64
	for _, side := range []map[Joint]JointEvents{v.JointAngles.Left, v.JointAngles.Right} {
		if e, ok := side[j]; ok && e.Range > 0 {
			xs = append(xs, (e.Min+e.Max)/2)
		}
	}
	if len(xs) == 0 {
		return math.NaN()
	}
	return stats.Mean(xs)
}
