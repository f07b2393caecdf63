package running

import (
	"math"
	"sort"

	"motionlab/shared/pose"
	"motionlab/shared/stats"
)

// Running styles after van Oeveren, de Ruiter, Beek & van Dieën (2021),
// "The biomechanics of running and running styles: a synthesis" (Sports
// Biomechanics): at a given speed, running style is described by two
// numbers, step frequency (SF) and duty factor (DF, contact time over
// stride time). MotionLab places a runner on those two axes as z-scores
// against reference values for their speed and height, and names the
// nearest of five anchors:
//
//	stick  (+1, +1)  high SF, high DF: short, quick, grounded steps
//	hop    (+1, −1)  high SF, low DF: quick, springy steps
//	bounce (−1, −1)  low SF, low DF: long, airborne strides
//	push   (−1, +1)  low SF, high DF: long contacts, pushing off
//	sit    ( 0, +1.5) average SF, very high DF: sitting into each step
//
// Confidence is a softmax over −d²/2 (d the distance to each anchor), in
// percent. References, from treadmill and overground studies of
// recreational runners: SF_ref = (165 + 8.4·(v − 3.3)) · √(1.75 / h) steps
// per minute (v in m/s, h the runner's height in m; SD 9 spm) and
// DF_ref = 0.36 − 0.042·(v − 3.3) (SD 0.03), with v clamped to 2–8 m/s.
// Above a duty factor of 0.5 both feet share the ground: that is walking,
// and no running style is given.
var styleAnchors = []struct {
	name   string
	sf, df float64
}{
	{"stick", 1, 1}, {"hop", 1, -1}, {"bounce", -1, -1}, {"push", -1, 1}, {"sit", 0, 1.5},
}

// RunningStyles is the style classification.
type RunningStyles struct {
	// Gait is "running" or "walking" (duty factor ≥ 0.5).
	Gait       string  `json:"gait"`
	Style      string  `json:"style"`      // stick, hop, bounce, push, sit; "" when walking or unknown
	Label      string  `json:"label"`      // Style in the request's language
	Confidence float64 `json:"confidence"` // percent
	// Probabilities of every style, percent.
	Probabilities map[string]float64 `json:"probabilities"`
	// The axes: measured values, the references for this speed and
	// height, and the z-scores.
	StepFrequencySPM float64 `json:"step_frequency_spm"`
	DutyFactor       float64 `json:"duty_factor"`
	ReferenceSPM     float64 `json:"reference_step_frequency_spm"`
	ReferenceDF      float64 `json:"reference_duty_factor"`
	StepFrequencyZ   float64 `json:"step_frequency_z"`
	DutyFactorZ      float64 `json:"duty_factor_z"`
}

const (
	sfSD = 9.0
	dfSD = 0.03
)

func referenceSF(speed, heightM float64) float64 {
	v := math.Max(2, math.Min(8, speed))
	h := heightM
	if h <= 0 {
		h = pose.DefaultHeightM
	}
	return (165 + 8.4*(v-3.3)) * math.Sqrt(1.75/h)
}

// ReferenceSF is the step frequency (steps/min) expected for a runner of
// heightM metres at speed m/s (see docs/metrics.md, running styles); the
// coaching bands are centred on it.
func ReferenceSF(speed, heightM float64) float64 { return referenceSF(speed, heightM) }

// ReferenceDF is the duty factor expected at speed m/s.
func ReferenceDF(speed float64) float64 { return referenceDF(speed) }

func referenceDF(speed float64) float64 {
	v := math.Max(2, math.Min(8, speed))
	return 0.36 - 0.042*(v-3.3)
}

func classifyStyle(cadence, df, speed, heightM float64) RunningStyles {
	r := RunningStyles{Gait: "running", Probabilities: map[string]float64{}, StepFrequencySPM: stats.Round(cadence, 1), DutyFactor: stats.Round(df, 3)}
	if cadence <= 0 || df <= 0 {
		r.Gait = ""
		return r
	}
	if df >= 0.5 {
		r.Gait = "walking"
		return r
	}
	r.ReferenceSPM, r.ReferenceDF = stats.Round(referenceSF(speed, heightM), 1), stats.Round(referenceDF(speed), 3)
	zs, zd := (cadence-referenceSF(speed, heightM))/sfSD, (df-referenceDF(speed))/dfSD
	r.StepFrequencyZ, r.DutyFactorZ = stats.Round(zs, 2), stats.Round(zd, 2)
	// Weights relative to the nearest anchor's: far from every anchor (a
	// coach's odd edit can give any cadence) each exp(−d²/2) underflows
	// to 0, and 0/0 is no probability.
	d2 := make([]float64, len(styleAnchors))
	nearest := math.Inf(1)
	for i, a := range styleAnchors {
		d2[i] = (zs-a.sf)*(zs-a.sf) + (zd-a.df)*(zd-a.df)
		nearest = min(nearest, d2[i])
	}
	w := make([]float64, len(styleAnchors))
	var sum float64
	for i := range styleAnchors {
		w[i] = math.Exp(-(d2[i] - nearest) / 2)
		sum += w[i]
	}
	names := make([]int, len(styleAnchors))
	for i := range styleAnchors {
		names[i] = i
		r.Probabilities[styleAnchors[i].name] = stats.Round(100*w[i]/sum, 1)
	}
	sort.SliceStable(names, func(a, b int) bool { return w[names[a]] > w[names[b]] })
	r.Style, r.Confidence = styleAnchors[names[0]].name, stats.Round(100*w[names[0]]/sum, 1)
	return r
}
