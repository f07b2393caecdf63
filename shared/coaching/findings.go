package coaching

import (
	"cmp"
	"math"
	"slices"

	"motionlab/shared/advice"
	"motionlab/shared/stats"
)

// Composite pattern keys (texts in texts_<lang>.go).
const (
	Overstriding     = "overstriding"
	HeavyHeelStrike  = "heavy_heel_strike"
	Bouncing         = "bouncing"
	SinkingMidstance = "sinking_midstance"
	CrossoverGait    = "crossover_gait"
	LateralSway      = "lateral_sway"
	AsymmetryKey     = "asymmetry"
)

// patternBonus lifts a composite above the single findings it explains:
// several metrics agreeing are stronger evidence than one.
const patternBonus = 0.15

// lowConfidenceFactor scales the severity of a low-confidence metric.
const lowConfidenceFactor = 0.5

type candidate struct {
	key      string
	kind     string
	severity float64
	metrics  []string
	side     string
}

// judge reads the report's metrics for the pattern rules.
type judge struct{ r *Report }

// sev is 1 − the band score of a measured, banded metric (0 when good or
// not judged); halved for low confidence.
func (j judge) sev(id string) float64 {
	m := j.r.Metric(id)
	if m == nil || m.Value == nil || m.Band == nil {
		return 0
	}
	s := 1 - m.Band.Score(*m.Value)
	if m.Confidence == Low {
		s *= lowConfidenceFactor
	}
	return s
}

// below/above: the metric is measured and under its good band's low edge
// (over its high edge).
func (j judge) below(id string) bool {
	m := j.r.Metric(id)
	return m != nil && m.Value != nil && m.Band != nil && *m.Value < m.Band.good[0]
}

func (j judge) above(id string) bool {
	m := j.r.Metric(id)
	return m != nil && m.Value != nil && m.Band != nil && *m.Value > m.Band.good[1]
}

// pattern is a composite: when holds, the listed metrics that are off
// their band make its severity (their mean plus patternBonus).
type pattern struct {
	key     string
	view    string
	holds   func(j judge) bool
	metrics []string
}

// patterns in order of precedence: a more specific pattern comes first,
// and a later one is dropped when every off-band metric it would cite is
// already explained (heavy heel strike before overstriding).
var patterns = []pattern{
	{HeavyHeelStrike, Side, func(j judge) bool {
		return j.r.rearfootShare >= 0.5 && j.above("overstride") && j.below("knee_flexion_contact")
	}, []string{"overstride", "knee_flexion_contact"}},
	{Overstriding, Side, func(j judge) bool {
		return j.above("overstride") && (j.below("cadence") || j.below("hip_extension") || j.below("knee_flexion_contact"))
	}, []string{"overstride", "foot_ahead_of_hip", "cadence", "hip_extension", "knee_flexion_contact"}},
	{Bouncing, Side, func(j judge) bool {
		return (j.above("vertical_oscillation_leg") || j.above("vertical_ratio")) && j.below("cadence")
	}, []string{"vertical_oscillation_leg", "vertical_oscillation_cm", "vertical_ratio", "cadence"}},
	{SinkingMidstance, Side, func(j judge) bool {
		return j.above("knee_flexion_midstance") && (j.above("trunk_lean") || j.above("duty_factor"))
	}, []string{"knee_flexion_midstance", "trunk_lean", "duty_factor"}},
	{CrossoverGait, Rear, func(j judge) bool {
		return j.above("crossover") && j.below("step_width")
	}, []string{"crossover", "step_width"}},
}

// single maps a metric off its band to the advice key of its own finding,
// by direction (low, high); "" means the metric only feeds the score and
// the patterns.
var single = map[string][2]string{
	"cadence":                  {string(advice.LowCadence), string(advice.HighCadence)},
	"duty_factor":              {"", string(advice.LongGroundContact)},
	"overstride":               {"", string(advice.Overstride)},
	"foot_ahead_of_hip":        {"", string(advice.Overstride)},
	"trunk_lean":               {string(advice.BackwardTrunkLean), string(advice.ExcessiveTrunkLean)},
	"hip_extension":            {string(advice.LimitedHipExtension), ""},
	"knee_flexion_contact":     {string(advice.StiffKneeAtContact), ""},
	"knee_flexion_midstance":   {"", SinkingMidstance},
	"vertical_oscillation_leg": {string(advice.LowVerticalOscillation), string(advice.HighVerticalOscillation)},
	"vertical_ratio":           {"", string(advice.HighVerticalOscillation)},
	"elbow_angle":              {string(advice.ArmSwing), string(advice.ArmSwing)},
	"pelvic_drop":              {"", string(advice.PelvicDrop)},
	"hip_adduction":            {"", string(advice.HipAdduction)},
	"knee_adduction":           {"", string(advice.KneeAdduction)},
	"pronation":                {string(advice.Underpronation), string(advice.Overpronation)},
	"crossover":                {"", CrossoverGait},
	"step_width":               {CrossoverGait, ""},
	"lateral_trunk_sway":       {"", LateralSway},
	"head_lateral_sway":        {"", LateralSway},
}

// findings evaluates the patterns, then the single metrics the patterns
// did not explain, then the worst flagged asymmetry; it keeps the worst
// MaxFindings (one per key) and renders them in lang.
func findings(r *Report, lang string) ([]Finding, error) {
	j := judge{r}
	var cands []candidate
	used := map[string]bool{}
	for _, p := range patterns {
		if p.view != r.View || !p.holds(j) {
			continue
		}
		var sum float64
		var n int
		var ms []string
		fresh := false
		for _, id := range p.metrics {
			if s := j.sev(id); s > 0 {
				sum, n = sum+s, n+1
				ms = append(ms, id)
				fresh = fresh || !used[id]
			}
		}
		for _, id := range ms {
			used[id] = true
		}
		if fresh {
			cands = append(cands, candidate{key: p.key, kind: "pattern", severity: math.Min(1, sum/float64(n)+patternBonus), metrics: ms})
		}
	}
	for _, m := range r.Metrics {
		keys, ok := single[m.ID]
		if !ok || used[m.ID] || m.Value == nil || m.Band == nil {
			continue
		}
		s := j.sev(m.ID)
		if s <= 0 {
			continue
		}
		k := keys[1]
		if *m.Value < m.Band.good[0] {
			k = keys[0]
		}
		if k != "" {
			cands = append(cands, candidate{key: k, kind: "metric", severity: s, metrics: []string{m.ID}})
		}
	}
	// Asymmetry: the flagged high-confidence metric furthest beyond its
	// threshold. A side view sees the far limbs half hidden, so a
	// moderate-confidence metric's asymmetry is reported, not advised on.
	var worst *Metric
	excess := 0.0
	for i, m := range r.Metrics {
		if a := m.Asymmetry; a != nil && a.Flagged && m.Confidence == High && a.IndexPct/a.ThresholdPct > excess {
			worst, excess = &r.Metrics[i], a.IndexPct/a.ThresholdPct
		}
	}
	if worst != nil {
		k := AsymmetryKey
		if worst.ID == "ground_contact_time" || worst.ID == "contact_time_rear" {
			k = string(advice.ContactAsymmetry)
		}
		// 0.3 at the threshold, 1 at four times it.
		sev := math.Min(1, 0.3+0.7*(excess-1)/3)
		cands = append(cands, candidate{key: k, kind: "asymmetry", severity: sev, metrics: []string{worst.ID}, side: worst.Asymmetry.Side})
	}
	slices.SortStableFunc(cands, func(a, b candidate) int { return cmp.Compare(b.severity, a.severity) })
	out := []Finding{}
	seen := map[string]bool{}
	for _, c := range cands {
		if seen[c.key] || len(out) == MaxFindings {
			continue
		}
		seen[c.key] = true
		msg, err := Text(lang, c.key)
		if err != nil {
			return nil, err
		}
		out = append(out, Finding{Key: c.key, Kind: c.kind, Severity: stats.Round(c.severity, 2), Metrics: c.metrics, Side: c.side,
			Title: msg.Title, Explanation: msg.Advice, Cue: msg.Cue, Drill: msg.Drill})
	}
	return out, nil
}

// Recommendations are the findings as advice recommendations, for
// calculated_data's `recommendations` (GoodForm when there is none).
func (r *Report) Recommendations() ([]advice.Recommendation, error) {
	if len(r.Findings) == 0 {
		return advice.Recommend(r.Language, nil, MaxFindings)
	}
	out := make([]advice.Recommendation, len(r.Findings))
	for i, f := range r.Findings {
		out[i] = advice.Recommendation{Key: advice.Key(f.Key), Severity: f.Severity,
			Message: advice.Message{Title: f.Title, Advice: f.Explanation, Cue: f.Cue, Drill: f.Drill}}
	}
	return out, nil
}
