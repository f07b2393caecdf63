package rppg

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// trace synthesises what a face video gives: skin colour around
// (180, 130, 110) with a pulse at bpm (0: none) mostly in green plus a
// dicrotic harmonic, breathing at rpm modulating the light, a slow
// illumination drift, sensor noise, and every 37th frame unusable.
func trace(bpm, rpm, fps, dur float64) []Sample {
	rng := rand.New(rand.NewPCG(1, 2))
	s := make([]Sample, int(fps*dur))
	for i := range s {
		t := float64(i) / fps
		p := 0.0
		if bpm > 0 {
			ph := 2 * math.Pi * bpm / 60 * t
			p = math.Sin(ph) + 0.3*math.Sin(2*ph+0.8)
		}
		light := 1 + 0.004*math.Sin(2*math.Pi*rpm/60*t) + 0.01*t/dur
		s[i] = Sample{R: 180*(1+0.0015*p)*light + rng.NormFloat64()*0.05, G: 130*(1+0.004*p)*light + rng.NormFloat64()*0.05,
			B: 110*(1+0.001*p)*light + rng.NormFloat64()*0.05, OK: i%37 != 5}
	}
	return s
}

func TestRatesRecovered(t *testing.T) {
	for _, bpm := range []float64{55, 72, 110} {
		for _, fps := range []float64{25, 30, 60} {
			v, err := Estimate(trace(bpm, 15, fps, 20), fps)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(v.HeartRate-bpm) > 2 || math.Abs(v.RespiratoryRate-15) > 2 || v.Confidence < 0.7 {
				t.Errorf("%v bpm at %v fps: HR %.1f, RR %.1f, confidence %.2f (quality %+v)", bpm, fps, v.HeartRate, v.RespiratoryRate, v.Confidence, v.Quality)
			}
			if v.HRV <= 0 || v.HRV > 60 || len(v.Beats) < int(bpm/60*20)-3 || len(v.Pulse) != int(fps*20) {
				t.Errorf("%v bpm at %v fps: HRV %.1f ms, %d beats, %d pulse values", bpm, fps, v.HRV, len(v.Beats), len(v.Pulse))
			}
		}
	}
}

func TestNoPulseLowConfidence(t *testing.T) {
	v, err := Estimate(trace(0, 15, 30, 20), 30)
	if err != nil {
		t.Fatal(err)
	}
	if v.Confidence > 0.3 {
		t.Errorf("no pulse: confidence %.2f (quality %+v)", v.Confidence, v.Quality)
	}
}

func TestTooShort(t *testing.T) {
	if _, err := Estimate(trace(72, 15, 30, 4), 30); !errors.Is(err, ErrTooShort) {
		t.Errorf("4 s: %v", err)
	}
	s := trace(72, 15, 30, 20)
	for i := range s {
		s[i].OK = i < 100 // 3.3 s usable
	}
	if _, err := Estimate(s, 30); !errors.Is(err, ErrTooShort) {
		t.Errorf("3.3 s usable: %v", err)
	}
}

func TestMethodsAgree(t *testing.T) {
	s := trace(80, 12, 30, 20)
	for name, p := range map[string][]float64{"pos": POS(s, 30), "chrom": CHROM(s, 30)} {
		hz, _, _ := peak(bandpass(p, 30, pulseLo, pulseHi), 30, pulseLo, pulseHi)
		if math.Abs(60*hz-80) > 2 {
			t.Errorf("%s: %.1f bpm, want 80", name, 60*hz)
		}
	}
}
