package coaching

import (
	"testing"

	"motionlab/shared/advice"
)

// reportOf builds a report from metric values as Evaluate would.
func reportOf(view string, vals map[string]float64, rearfoot float64) *Report {
	p := Profile{HeightM: 1.75, SpeedMS: 3.3, LegLengthM: 0.93}
	r := &Report{View: view, Language: "en", Profile: p, rearfootShare: rearfoot}
	for _, d := range Catalog {
		if !hasView(d, view) {
			continue
		}
		var s sided
		if x, ok := vals[d.ID]; ok {
			s = one(x)
		}
		r.Metrics = append(r.Metrics, measure(d, s, p, true))
	}
	return r
}

// Good values at 1.75 m and 3.3 m/s; each case changes a few.
var goodSide = map[string]float64{
	"cadence": 170, "duty_factor": 34, "overstride": 6, "foot_ahead_of_hip": 15, "trunk_lean": 6,
	"hip_extension": 14, "knee_drive": 30, "knee_flexion_contact": 18, "knee_flexion_midstance": 42,
	"vertical_oscillation_cm": 7, "vertical_oscillation_leg": 7.5, "vertical_ratio": 6, "elbow_angle": 90,
}

func with(base map[string]float64, kv ...any) map[string]float64 {
	out := map[string]float64{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1].(float64)
	}
	return out
}

func TestPatterns(t *testing.T) {
	for _, c := range []struct {
		name     string
		view     string
		vals     map[string]float64
		rearfoot float64
		first    string
		absent   string
	}{
		{"good form", Side, goodSide, 0, string(advice.GoodForm), ""},
		{"overstride alone is a metric finding", Side, with(goodSide, "overstride", 16.0), 0, string(advice.Overstride), Overstriding},
		{"overstriding", Side, with(goodSide, "overstride", 16.0, "cadence", 152.0), 0, Overstriding, string(advice.LowCadence)},
		{"heavy heel strike", Side, with(goodSide, "overstride", 12.0, "knee_flexion_contact", 4.0, "hip_extension", 12.0), 0.8, HeavyHeelStrike, ""},
		{"heel strike and low cadence: both", Side, with(goodSide, "overstride", 12.0, "knee_flexion_contact", 4.0, "cadence", 140.0), 0.8, Overstriding, ""},
		{"no heel strike on the forefoot", Side, with(goodSide, "overstride", 12.0, "knee_flexion_contact", 4.0), 0, Overstriding, HeavyHeelStrike},
		{"bouncing", Side, with(goodSide, "vertical_oscillation_leg", 14.0, "vertical_oscillation_cm", 13.0, "cadence", 152.0), 0, Bouncing, string(advice.HighVerticalOscillation)},
		{"sinking midstance", Side, with(goodSide, "knee_flexion_midstance", 58.0, "trunk_lean", 16.0), 0, SinkingMidstance, string(advice.ExcessiveTrunkLean)},
		{"crossover gait", Rear, map[string]float64{"cadence": 170, "crossover": 3, "step_width": 1}, 0, CrossoverGait, ""},
		{"lateral sway", Rear, map[string]float64{"cadence": 170, "crossover": -8, "step_width": 8, "lateral_trunk_sway": 12}, 0, LateralSway, CrossoverGait},
	} {
		r := reportOf(c.view, c.vals, c.rearfoot)
		fs, err := findings(r, "en")
		if err != nil {
			t.Fatal(err)
		}
		r.Findings = fs
		recs, _ := r.Recommendations()
		if len(recs) == 0 || string(recs[0].Key) != c.first {
			t.Errorf("%s: findings %+v, want %s first", c.name, fs, c.first)
			continue
		}
		for _, f := range fs {
			if c.absent != "" && f.Key == c.absent {
				t.Errorf("%s: %s also reported: %+v", c.name, c.absent, fs)
			}
		}
		if len(fs) > MaxFindings {
			t.Errorf("%s: %d findings", c.name, len(fs))
		}
	}
}

// At most three findings, worst first, even when many metrics are off.
func TestAtMostThree(t *testing.T) {
	r := reportOf(Side, with(goodSide, "cadence", 140.0, "duty_factor", 45.0, "trunk_lean", 20.0, "hip_extension", 0.0, "elbow_angle", 40.0, "vertical_ratio", 13.0), 0)
	fs, _ := findings(r, "ja")
	if len(fs) != MaxFindings {
		t.Fatalf("%d findings", len(fs))
	}
	for i := 1; i < len(fs); i++ {
		if fs[i].Severity > fs[i-1].Severity {
			t.Errorf("not worst first: %+v", fs)
		}
	}
}
