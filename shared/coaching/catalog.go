package coaching

import "math"

// Confidence says how far a metric can be trusted from a phone video; the
// UI shows it next to the value. Low-confidence metrics are reported but
// never scored.
const (
	High     = "high"
	Moderate = "moderate"
	Low      = "low"
)

// Views a metric needs.
const (
	Side = "side"
	Rear = "rear"
)

// Def describes one metric: what it is, the camera view it needs, how far
// it can be trusted, its target band and how its left/right asymmetry is
// judged. Defs are data: docs/metrics.md lists the same table with the
// sources.
type Def struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Unit       string   `json:"unit"`
	Views      []string `json:"views"`
	Confidence string   `json:"confidence"`
	Bilateral  bool     `json:"bilateral"`
	Definition string   `json:"definition"`
	// worse: +1 when a higher value is worse, −1 when lower is worse, 0
	// when either way out of the good band is worse. It picks the side an
	// asymmetry is blamed on.
	worse int
	band  *rule
	asym  asymRule
	// perClip: one value per side for the whole clip (a range over all
	// frames), not one per step.
	perClip bool
}

// rule is a target band before personalisation. Good and Warn are
// [low, high] (±Inf when open); a value in Good is good, in Warn (but not
// Good) is warn, outside Warn is poor.
type rule struct {
	Good, Warn [2]float64
	// Ref says what the edges are relative to: "" absolute, "cadence"
	// offsets (steps/min) from the reference step frequency for the
	// runner's speed and height, "duty" offsets (percentage points) from
	// the reference duty factor for the speed, "leg" percentages of leg
	// length turned into centimetres.
	Ref string
	// PerMps shifts every finite edge by this much per m/s of speed above
	// 3.3 m/s (the reference speed of the style model).
	PerMps float64
	// FemaleHi is added to the finite upper edges for female runners.
	FemaleHi float64
	// Source names the evidence (docs/metrics.md cites it in full).
	Source string
}

// asymRule flags a left/right difference when the asymmetry index exceeds
// Pct and the absolute difference exceeds Abs (in the metric's unit): a
// percentage alone explodes for angles near zero. A per-step metric also
// needs running.MinAsymSteps steps on each side.
type asymRule struct {
	Pct, Abs float64
}

var inf = math.Inf(1)

// Asymmetry thresholds by kind of quantity (docs/metrics.md).
var (
	asymTime  = asymRule{Pct: 8, Abs: 10} // ms
	asymAngle = asymRule{Pct: 15, Abs: 3} // degrees
	asymLeg   = asymRule{Pct: 20, Abs: 2} // % of leg length
	asymRange = asymRule{Pct: 20, Abs: 5} // degrees of range of motion
)

// Catalog lists every coaching metric in report order: side view, then
// rear view.
var Catalog = []Def{
	// Side view.
	{ID: "cadence", Name: "Cadence", Unit: "steps/min", Views: []string{Side, Rear}, Confidence: High, worse: 0,
		Definition: "Steps per minute: 60 / mean step time.",
		band:       &rule{Good: [2]float64{-5, 15}, Warn: [2]float64{-15, 30}, Ref: "cadence", Source: "van_oeveren_2021; heiderscheit_2011"}},
	{ID: "ground_contact_time", Name: "Ground contact time", Unit: "ms", Views: []string{Side}, Confidence: High, Bilateral: true, worse: 1,
		Definition: "Initial contact to toe-off of each step, per foot.", asym: asymTime},
	{ID: "duty_factor", Name: "Duty factor", Unit: "%", Views: []string{Side}, Confidence: High, worse: 1,
		Definition: "Contact time / stride time.",
		band:       &rule{Good: [2]float64{-inf, 3}, Warn: [2]float64{-inf, 6}, Ref: "duty", Source: "van_oeveren_2021"}},
	{ID: "overstride", Name: "Overstride angle", Unit: "°", Views: []string{Side}, Confidence: High, Bilateral: true, worse: 1,
		Definition: "At initial contact, the angle between the vertical through the hip and the hip→ankle line; positive with the foot ahead.",
		band:       &rule{Good: [2]float64{-inf, 8}, Warn: [2]float64{-inf, 14}, Source: "wille_2014; heiderscheit_2011"}, asym: asymAngle},
	{ID: "foot_ahead_of_hip", Name: "Foot ahead of hip", Unit: "% leg", Views: []string{Side}, Confidence: Moderate, Bilateral: true, worse: 1,
		Definition: "Horizontal hip→heel distance at initial contact, in % of leg length.",
		band:       &rule{Good: [2]float64{-inf, 20}, Warn: [2]float64{-inf, 28}, Source: "heiderscheit_2011"}, asym: asymLeg},
	{ID: "trunk_lean", Name: "Trunk lean", Unit: "°", Views: []string{Side}, Confidence: High, worse: 0,
		Definition: "Mid-hip→mid-shoulder line against the vertical, forward positive, mean over the clip.",
		band:       &rule{Good: [2]float64{2, 10}, Warn: [2]float64{-2, 14}, Source: "teng_powers_2014; folland_2017"}},
	{ID: "hip_extension", Name: "Hip extension", Unit: "°", Views: []string{Side}, Confidence: High, Bilateral: true, worse: -1,
		Definition: "Peak extension of the thigh behind the trunk line during stance (trunk–thigh angle), per step.",
		band:       &rule{Good: [2]float64{10, inf}, Warn: [2]float64{5, inf}, Source: "novacheck_1998; folland_2017"}, asym: asymAngle},
	{ID: "knee_drive", Name: "Knee drive", Unit: "°", Views: []string{Side}, Confidence: High, Bilateral: true, worse: -1,
		Definition: "Peak forward angle of the thigh (hip→knee) from the vertical during swing.",
		band:       &rule{Good: [2]float64{25, inf}, Warn: [2]float64{15, inf}, PerMps: 5, Source: "novacheck_1998"}, asym: asymAngle},
	{ID: "knee_flexion_contact", Name: "Knee flexion at contact", Unit: "°", Views: []string{Side}, Confidence: High, Bilateral: true, worse: 0,
		Definition: "180° − hip–knee–ankle angle at initial contact.",
		band:       &rule{Good: [2]float64{12, 25}, Warn: [2]float64{6, 32}, Source: "heiderscheit_2011; lieberman_2015"}, asym: asymAngle},
	{ID: "knee_flexion_midstance", Name: "Knee flexion in midstance", Unit: "°", Views: []string{Side}, Confidence: High, Bilateral: true, worse: 0,
		Definition: "Peak knee flexion during stance (the knee's deepest bend under load).",
		band:       &rule{Good: [2]float64{35, 50}, Warn: [2]float64{28, 56}, Source: "novacheck_1998"}, asym: asymAngle},
	{ID: "vertical_oscillation_cm", Name: "Vertical oscillation", Unit: "cm", Views: []string{Side}, Confidence: High, worse: 1,
		Definition: "The mid-hip's vertical range within each stride.",
		band:       &rule{Good: [2]float64{-inf, 10}, Warn: [2]float64{-inf, 13}, Ref: "leg", Source: "moore_2016; folland_2017"}},
	{ID: "vertical_oscillation_leg", Name: "Vertical oscillation (leg)", Unit: "% leg", Views: []string{Side}, Confidence: High, worse: 1,
		Definition: "Vertical oscillation in % of leg length.",
		band:       &rule{Good: [2]float64{-inf, 10}, Warn: [2]float64{-inf, 13}, Source: "moore_2016; folland_2017"}},
	{ID: "vertical_ratio", Name: "Vertical ratio", Unit: "%", Views: []string{Side}, Confidence: Moderate, worse: 1,
		Definition: "Vertical oscillation / step length.",
		band:       &rule{Good: [2]float64{-inf, 8}, Warn: [2]float64{-inf, 10}, Source: "garmin_running_dynamics"}},
	{ID: "heel_recovery", Name: "Heel recovery", Unit: "% leg", Views: []string{Side}, Confidence: Moderate, Bilateral: true, worse: -1,
		Definition: "Peak height of the heel above its stance level during swing, in % of leg length (informational: grows with speed).", asym: asymLeg},
	{ID: "arm_swing", Name: "Arm swing", Unit: "°", Views: []string{Side}, Confidence: Moderate, Bilateral: true, worse: 0,
		Definition: "Range of the upper arm's angle to the trunk (shoulder flexion–extension) over the clip (informational).", asym: asymRange, perClip: true},
	{ID: "elbow_angle", Name: "Elbow angle", Unit: "°", Views: []string{Side}, Confidence: Moderate, Bilateral: true, worse: 0,
		Definition: "Elbow flexion (180° − shoulder–elbow–wrist angle), middle of its range over the clip.",
		band:       &rule{Good: [2]float64{70, 110}, Warn: [2]float64{55, 125}, Source: "coaching_convention"}, asym: asymAngle, perClip: true},
	{ID: "head_drop", Name: "Head drop", Unit: "% leg", Views: []string{Side}, Confidence: Moderate, worse: 1,
		Definition: "How far the nose drops from initial contact to its lowest point in stance, in % of leg length (informational).", asym: asymLeg},
	// Rear view.
	{ID: "step_width", Name: "Step width", Unit: "% leg", Views: []string{Rear}, Confidence: Moderate, worse: 0,
		Definition: "Lateral distance between the ankles of consecutive stances (opposite feet), in % of leg length.",
		band:       &rule{Good: [2]float64{3, 12}, Warn: [2]float64{0, 18}, Source: "arellano_kram_2011; meardon_2012"}},
	{ID: "crossover", Name: "Crossover", Unit: "% leg", Views: []string{Rear}, Confidence: Moderate, Bilateral: true, worse: 1,
		Definition: "How far the stance ankle lands past the body's midline (mid-hip), toward the other side, in % of leg length; negative stays on its own side.",
		band:       &rule{Good: [2]float64{-inf, 0}, Warn: [2]float64{-inf, 3}, Source: "meardon_2012; brindle_2014"}, asym: asymLeg},
	{ID: "lateral_trunk_sway", Name: "Lateral trunk sway", Unit: "°", Views: []string{Rear}, Confidence: Moderate, worse: 1,
		Definition: "Range of the trunk's (mid-hip→mid-shoulder) side-to-side angle from the vertical within each stride.",
		band:       &rule{Good: [2]float64{-inf, 6}, Warn: [2]float64{-inf, 10}, Source: "heuristic"}},
	{ID: "head_lateral_sway", Name: "Head lateral sway", Unit: "% leg", Views: []string{Rear}, Confidence: Moderate, worse: 1,
		Definition: "Side-to-side range of the nose within each stride (drift removed), in % of leg length.",
		band:       &rule{Good: [2]float64{-inf, 5}, Warn: [2]float64{-inf, 9}, Source: "heuristic"}},
	{ID: "arm_crossover", Name: "Arm crossover", Unit: "% leg", Views: []string{Rear}, Confidence: Low, Bilateral: true, worse: 1,
		Definition: "How far each wrist swings past the midline (mid-shoulder), in % of leg length; negative stays on its own side.",
		band:       &rule{Good: [2]float64{-inf, 0}, Warn: [2]float64{-inf, 4}, Source: "heuristic"}, asym: asymLeg},
	{ID: "pelvic_drop", Name: "Pelvic drop", Unit: "°", Views: []string{Rear}, Confidence: Moderate, Bilateral: true, worse: 1,
		Definition: "Contralateral pelvic drop in stance (stance peak, per leg).",
		band:       &rule{Good: [2]float64{-inf, 5}, Warn: [2]float64{-inf, 8}, FemaleHi: 1, Source: "bramah_2018"}, asym: asymAngle},
	{ID: "hip_adduction", Name: "Hip adduction", Unit: "°", Views: []string{Rear}, Confidence: Moderate, Bilateral: true, worse: 1,
		Definition: "Thigh against the vertical, knee medial positive (stance peak, per leg).",
		band:       &rule{Good: [2]float64{-inf, 10}, Warn: [2]float64{-inf, 14}, FemaleHi: 2, Source: "ferber_2003; noehren_2007"}, asym: asymAngle},
	{ID: "knee_adduction", Name: "Knee valgus", Unit: "°", Views: []string{Rear}, Confidence: Moderate, Bilateral: true, worse: 1,
		Definition: "Frontal-plane projection angle, knee medial positive (stance peak, per leg).",
		band:       &rule{Good: [2]float64{-inf, 8}, Warn: [2]float64{-inf, 12}, Source: "souza_powers_2009"}, asym: asymAngle},
	{ID: "pronation", Name: "Rearfoot eversion", Unit: "°", Views: []string{Rear}, Confidence: Low, Bilateral: true, worse: 0,
		Definition: "Shank–heel angle, eversion positive (stance peak, per leg); a proxy, never scored.",
		band:       &rule{Good: [2]float64{-2, 8}, Warn: [2]float64{-5, 12}, Source: "ferber_2003"}, asym: asymAngle},
	{ID: "contact_time_rear", Name: "Ground contact time", Unit: "ms", Views: []string{Rear}, Confidence: Moderate, Bilateral: true, worse: 1,
		Definition: "Initial contact to toe-off from the rear view, per foot.", asym: asymTime},
}

// DefOf returns the definition of a metric id.
func DefOf(id string) (Def, bool) {
	for _, d := range Catalog {
		if d.ID == id {
			return d, true
		}
	}
	return Def{}, false
}
