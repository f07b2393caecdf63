package coaching

import (
	"math"

	"motionlab/shared/running"
	"motionlab/shared/stats"
)

// Profile is what the bands are personalised to.
type Profile struct {
	HeightM  float64 `json:"height_m"`
	WeightKg float64 `json:"weight_kg,omitempty"`
	// Sex is "female", "male" or "" (not given: the bands for men and
	// women alike, i.e. without the female widening).
	Sex string `json:"sex,omitempty"`
	// LegLengthM is the leg length (greater trochanter to floor) the
	// %-of-leg metrics are divided by; LegSource says where it came from:
	// "request", "keypoints" (side view: thigh + shank measured, plus the
	// ankle's height) or "height" (0.53 × height, Winter's table).
	LegLengthM float64 `json:"leg_length_m"`
	LegSource  string  `json:"leg_length_source"`
	// SpeedMS is the speed the bands are set for; SpeedSource is
	// "measured" (side view overground), "pace" (the request's pace) or
	// "default" (3.3 m/s, when neither is known).
	SpeedMS     float64 `json:"speed_m_s"`
	SpeedSource string  `json:"speed_source"`
}

// refSpeed is the style model's reference speed, where PerMps shifts are 0.
const refSpeed = 3.3

// MaxBandSpeed (m/s): the bands that follow the runner's speed (cadence,
// duty factor, knee drive) are set from studies of running at endurance
// speeds, 10–18 km/h (van Oeveren et al. 2021 and the works it draws on;
// Novacheck 1998 for sprinting's knee drive only as a shift). Faster, a
// runner adds speed mostly by cadence rather than step length (the
// velocity–cadence relation bends at 65–70 % of top speed, about 3 steps
// a second: Nagahara and others; PMC8523042 across sprinters, distance
// runners and untrained people), so a band drawn along the endurance line
// calls a sprinter's 280 steps a minute "short and choppy". Above this
// speed those metrics are shown without a band (status "info") and the
// analysis says why (analysis.CaveatSprintSpeed).
const MaxBandSpeed = 6.0

// SpeedBanded reports whether metric id's band follows the runner's speed.
func SpeedBanded(id string) bool {
	d, ok := DefOf(id)
	return ok && d.band != nil && (d.band.Ref == "cadence" || d.band.Ref == "duty" || d.band.PerMps != 0)
}

// Band is a personalised target band: a value within Good is good, within
// Warn (but not Good) warn, outside Warn poor. Edges are null in JSON when
// open (no limit on that side).
type Band struct {
	GoodLow  *float64 `json:"good_low"`
	GoodHigh *float64 `json:"good_high"`
	WarnLow  *float64 `json:"warn_low"`
	WarnHigh *float64 `json:"warn_high"`
	Source   string   `json:"source"`
	good     [2]float64
	warn     [2]float64
}

// BandFor personalises metric id's band to p; false when the metric has
// no band (informational), or its band follows the speed and p is faster
// than MaxBandSpeed.
func BandFor(id string, p Profile) (Band, bool) {
	d, ok := DefOf(id)
	if !ok || d.band == nil || SpeedBanded(id) && p.SpeedMS > MaxBandSpeed {
		return Band{}, false
	}
	r := d.band
	shift := func(e [2]float64, hi float64) [2]float64 {
		var off float64
		scale := 1.0
		v := math.Max(2, math.Min(8, p.SpeedMS))
		switch r.Ref {
		case "cadence":
			off = running.ReferenceSF(v, p.HeightM)
		case "duty":
			off = 100 * running.ReferenceDF(v)
		case "leg":
			scale = p.LegLengthM // % of leg in metres → cm
		}
		off += r.PerMps * (v - refSpeed)
		out := [2]float64{e[0]*scale + off, e[1]*scale + off}
		if p.Sex == "female" {
			out[1] += hi
		}
		return out
	}
	b := Band{Source: r.Source}
	b.good, b.warn = shift(r.Good, r.FemaleHi), shift(r.Warn, r.FemaleHi)
	edge := func(x float64) *float64 {
		if math.IsInf(x, 0) {
			return nil
		}
		x = stats.Round(x, 1)
		return &x
	}
	b.GoodLow, b.GoodHigh, b.WarnLow, b.WarnHigh = edge(b.good[0]), edge(b.good[1]), edge(b.warn[0]), edge(b.warn[1])
	return b, true
}

// Status is "good", "warn" or "poor".
func (b Band) Status(x float64) string {
	switch {
	case x >= b.good[0] && x <= b.good[1]:
		return "good"
	case x >= b.warn[0] && x <= b.warn[1]:
		return "warn"
	}
	return "poor"
}

// Score maps x to [0,1]: 1 within the good band, falling linearly to 0.5
// at the warn band's edge and on to 0 one more warn margin beyond it. The
// margin is the distance between the good and warn edges on that side (1
// unit when they coincide).
func (b Band) Score(x float64) float64 {
	side := func(goodEdge, warnEdge, d float64) float64 {
		m := math.Abs(warnEdge - goodEdge)
		if m == 0 || math.IsInf(m, 0) || math.IsNaN(m) {
			m = 1
		}
		return math.Max(0, 1-0.5*d/m)
	}
	switch {
	case x < b.good[0]:
		return side(b.good[0], b.warn[0], b.good[0]-x)
	case x > b.good[1]:
		return side(b.good[1], b.warn[1], x-b.good[1])
	}
	return 1
}
