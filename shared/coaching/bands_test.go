package coaching

import (
	"math"
	"testing"

	"motionlab/shared/running"
)

func band(t *testing.T, id string, p Profile) Band {
	t.Helper()
	b, ok := BandFor(id, p)
	if !ok {
		t.Fatalf("no band for %s", id)
	}
	return b
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.3f, want %.3f ± %.3f", what, got, want, tol)
	}
}

// The cadence band is centred on the reference step frequency: it moves
// down for a taller runner and up with speed, by the documented formula.
func TestCadenceBandPersonalised(t *testing.T) {
	base := Profile{HeightM: 1.75, SpeedMS: 3.3, LegLengthM: 0.93}
	b := band(t, "cadence", base)
	near(t, "good low at 1.75 m, 3.3 m/s", b.good[0], 160, 1e-9)
	near(t, "good high", b.good[1], 180, 1e-9)
	near(t, "warn low", b.warn[0], 150, 1e-9)

	tall := base
	tall.HeightM = 1.95
	want := 165*math.Sqrt(1.75/1.95) - 5
	near(t, "good low at 1.95 m", band(t, "cadence", tall).good[0], want, 1e-9)
	if band(t, "cadence", tall).good[0] >= b.good[0] {
		t.Error("a taller runner's cadence band should be lower")
	}

	fast := base
	fast.SpeedMS = 1000 / 210.0 // 3:30 per km
	want = running.ReferenceSF(fast.SpeedMS, 1.75) - 5
	near(t, "good low at 3:30/km", band(t, "cadence", fast).good[0], want, 1e-9)
	near(t, "shift with speed", band(t, "cadence", fast).good[0]-b.good[0], 8.4*(fast.SpeedMS-3.3), 1e-9)
}

// Knee drive's band rises 5° per m/s; the vertical oscillation band in
// cm is 10 % / 13 % of the leg; women's pelvic drop and hip adduction
// bands are wider; a metric without a band has none.
func TestBandsPersonalised(t *testing.T) {
	p := Profile{HeightM: 1.70, SpeedMS: 4.3, LegLengthM: 0.85}
	near(t, "knee drive good low at 4.3 m/s", band(t, "knee_drive", p).good[0], 30, 1e-9)
	vo := band(t, "vertical_oscillation_cm", p)
	near(t, "VO good high", vo.good[1], 8.5, 1e-9)
	near(t, "VO warn high", vo.warn[1], 0.85*13, 1e-9)
	near(t, "duty factor good high", band(t, "duty_factor", p).good[1], 100*running.ReferenceDF(4.3)+3, 1e-9)
	f := p
	f.Sex = "female"
	near(t, "female pelvic drop good high", band(t, "pelvic_drop", f).good[1], 6, 1e-9)
	near(t, "male pelvic drop good high", band(t, "pelvic_drop", p).good[1], 5, 1e-9)
	near(t, "female hip adduction warn high", band(t, "hip_adduction", f).warn[1], 16, 1e-9)
	if _, ok := BandFor("heel_recovery", p); ok {
		t.Error("heel recovery is informational")
	}
	if _, ok := BandFor("nope", p); ok {
		t.Error("unknown metric has a band")
	}
}

func TestBandScore(t *testing.T) {
	b := band(t, "trunk_lean", Profile{HeightM: 1.7, SpeedMS: 3.3, LegLengthM: 0.9}) // good 2–10, warn −2–14
	for _, c := range []struct {
		x      float64
		status string
		score  float64
	}{{5, "good", 1}, {10, "good", 1}, {12, "warn", 0.75}, {14, "warn", 0.5}, {16, "poor", 0.25}, {18, "poor", 0}, {30, "poor", 0}, {0, "warn", 0.75}, {-4, "poor", 0.25}} {
		if s := b.Status(c.x); s != c.status {
			t.Errorf("status(%v) = %s, want %s", c.x, s, c.status)
		}
		near(t, "score", b.Score(c.x), c.score, 1e-9)
	}
	// Every band in the catalogue is well formed and cites a source.
	for _, d := range Catalog {
		if d.band == nil {
			continue
		}
		r := d.band
		if !(r.Warn[0] <= r.Good[0] && r.Good[0] <= r.Good[1] && r.Good[1] <= r.Warn[1]) || r.Source == "" {
			t.Errorf("%s: bad band %+v", d.ID, r)
		}
		if d.Confidence != High && d.Confidence != Moderate && d.Confidence != Low || len(d.Views) == 0 || d.Unit == "" || d.Definition == "" {
			t.Errorf("%s: incomplete definition", d.ID)
		}
	}
}

// TestNoSpeedBandsAtSprintSpeed: over MaxBandSpeed the bands that follow
// the speed are left out (they come from endurance running); the others
// stay.
func TestNoSpeedBandsAtSprintSpeed(t *testing.T) {
	p := Profile{HeightM: 1.80, SpeedMS: MaxBandSpeed, LegLengthM: 0.9}
	for _, id := range []string{"cadence", "duty_factor", "knee_drive"} {
		if !SpeedBanded(id) {
			t.Errorf("%s does not follow the speed", id)
		}
		if _, ok := BandFor(id, p); !ok {
			t.Errorf("%s has no band at %v m/s", id, p.SpeedMS)
		}
	}
	p.SpeedMS = 9
	for _, id := range []string{"cadence", "duty_factor", "knee_drive"} {
		if b, ok := BandFor(id, p); ok {
			t.Errorf("%s at 9 m/s: band %+v", id, b)
		}
	}
	for _, id := range []string{"overstride", "trunk_lean", "knee_flexion_contact"} {
		if SpeedBanded(id) {
			t.Errorf("%s follows the speed", id)
		}
		if _, ok := BandFor(id, p); !ok {
			t.Errorf("%s lost its band at 9 m/s", id)
		}
	}
}
