package vitals

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// synth is what a face video gives: skin colour around (180, 130, 110)
// with a pulse at bpm (0: none): blood volume p (a sine plus a second
// harmonic, which sharpens the systolic peak and steepens the upstroke)
// darkens the skin by 0.4 % in green and less in red and blue; breathing at rpm
// modulating both the light level (baseline) and the pulse amplitude; a
// slow illumination drift; Gaussian sensor noise; and every 41st frame
// unusable (head motion).
func synth(bpm, rpm, fps, dur float64, seed uint64) []Sample {
	rng := rand.New(rand.NewPCG(seed, 7))
	n := int(fps * dur)
	s := make([]Sample, n)
	for i := range s {
		t := float64(i) / fps
		resp := math.Sin(2 * math.Pi * rpm / 60 * t)
		p := 0.0
		if bpm > 0 {
			ph := 2 * math.Pi * bpm / 60 * t
			p = (math.Sin(ph) + 0.3*math.Sin(2*ph)) * (1 + 0.2*resp)
		}
		light := (1 + 0.004*resp) * (1 + 0.03*t/dur + 0.01*math.Sin(2*math.Pi*0.02*t+1))
		s[i] = Sample{
			R:  180*(1-0.0012*p)*light + 0.05*rng.NormFloat64(),
			G:  130*(1-0.004*p)*light + 0.05*rng.NormFloat64(),
			B:  110*(1-0.0015*p)*light + 0.05*rng.NormFloat64(),
			OK: i%41 != 17,
		}
	}
	return s
}

func TestEstimate(t *testing.T) {
	for _, bpm := range []float64{55, 72, 110} {
		for _, fps := range []float64{25, 30, 60} {
			v, err := Estimate(synth(bpm, 15, fps, 20, uint64(bpm*fps)), fps)
			if err != nil {
				t.Fatalf("%v bpm %v fps: %v", bpm, fps, err)
			}
			t.Logf("%3v bpm %2v fps: HR %.2f RR %.2f HRV %.1f ms conf %.2f SNR %.1f dB stab %.2f per %.2f %s beats %d",
				bpm, fps, v.HeartRate, v.RespiratoryRate, v.HRV, v.Confidence, v.Quality.SNR,
				v.Quality.Stability, v.Quality.Periodicity, v.Method, len(v.Beats))
			if math.Abs(v.HeartRate-bpm) > 2 {
				t.Errorf("%v bpm %v fps: heart rate %.2f", bpm, fps, v.HeartRate)
			}
			if math.Abs(v.RespiratoryRate-15) > 2 {
				t.Errorf("%v bpm %v fps: respiratory rate %.2f, want 15", bpm, fps, v.RespiratoryRate)
			}
			if v.Confidence < 0.7 {
				t.Errorf("%v bpm %v fps: confidence %.2f < 0.7 (%+v)", bpm, fps, v.Confidence, v.Quality)
			}
			if math.IsNaN(v.HRV) || v.HRV < 0 || v.HRV > 50 {
				t.Errorf("%v bpm %v fps: HRV %.1f ms not plausible for a steady pulse", bpm, fps, v.HRV)
			}
			if len(v.Pulse) != int(fps*20) {
				t.Errorf("pulse has %d values, want one per frame (%d)", len(v.Pulse), int(fps*20))
			}
			// Beats: about one per period, regular.
			want := bpm / 60 * 20
			if got := float64(len(v.Beats)); math.Abs(got-want) > 2 {
				t.Errorf("%v bpm %v fps: %d beats, want ≈ %.0f", bpm, fps, len(v.Beats), want)
			}
			if v.Method != "pos" && v.Method != "chrom" {
				t.Errorf("method %q", v.Method)
			}
			if _, err := json.Marshal(v); err != nil {
				t.Errorf("json: %v", err)
			}
		}
	}
}

func TestRespiratoryRates(t *testing.T) {
	for _, rpm := range []float64{10, 20} {
		v, err := Estimate(synth(72, rpm, 30, 30, 3), 30)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(v.RespiratoryRate-rpm) > 2 {
			t.Errorf("respiratory rate %.2f, want %v", v.RespiratoryRate, rpm)
		}
	}
}

// Beat intervals modulated by breathing (respiratory sinus arrhythmia)
// give a known RMSSD; the estimate must come close.
func TestHRV(t *testing.T) {
	const fps, dur = 30.0, 30.0
	// Beat times with intervals 0.83 s ± 60 ms at 0.25 Hz.
	var beatsT []float64
	for bt := 0.2; bt < dur+2; {
		beatsT = append(beatsT, bt)
		bt += 0.83 + 0.06*math.Sin(2*math.Pi*0.25*bt)
	}
	var ss float64
	var k int
	for i := 0; i+2 < len(beatsT); i++ {
		d := (beatsT[i+2] - 2*beatsT[i+1] + beatsT[i]) * 1000
		ss += d * d
		k++
	}
	want := math.Sqrt(ss / float64(k))

	rng := rand.New(rand.NewPCG(5, 5))
	s := make([]Sample, int(fps*dur))
	j := 0
	for i := range s {
		tt := float64(i) / fps
		for j+1 < len(beatsT) && beatsT[j+1] <= tt {
			j++
		}
		// Blood volume peaks at each beat time (phase 0).
		ph := (tt - beatsT[j]) / (beatsT[j+1] - beatsT[j])
		p := math.Cos(2*math.Pi*ph) + 0.3*math.Cos(4*math.Pi*ph)
		s[i] = Sample{
			R:  180*(1-0.0012*p) + 0.05*rng.NormFloat64(),
			G:  130*(1-0.004*p) + 0.05*rng.NormFloat64(),
			B:  110*(1-0.0015*p) + 0.05*rng.NormFloat64(),
			OK: true,
		}
	}
	v, err := Estimate(s, fps)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("HR %.1f HRV %.1f ms (true %.1f) beats %d", v.HeartRate, v.HRV, want, len(v.Beats))
	if math.Abs(v.HRV-want) > 0.3*want {
		t.Errorf("HRV %.1f ms, want %.1f ± 30 %%", v.HRV, want)
	}
	if math.Abs(v.HeartRate-60/0.83) > 3 {
		t.Errorf("HR %.1f, want ≈ %.1f", v.HeartRate, 60/0.83)
	}
	// Beat times match the true ones within 50 ms.
	for _, b := range v.Beats {
		best := math.Inf(1)
		for _, tb := range beatsT {
			best = min(best, math.Abs(b-tb))
		}
		if best > 0.05 {
			t.Errorf("beat at %.3f s is %.0f ms from any true beat", b, best*1000)
		}
	}
}

func TestNoPulse(t *testing.T) {
	for _, fps := range []float64{25, 30, 60} {
		for seed := range uint64(5) {
			v, err := Estimate(synth(0, 15, fps, 20, seed), fps)
			if err != nil {
				t.Fatal(err)
			}
			if v.Confidence > 0.3 {
				t.Errorf("%v fps seed %d: no pulse but confidence %.2f (%+v)", fps, seed, v.Confidence, v.Quality)
			}
			if seed == 0 {
				t.Logf("%v fps no pulse: conf %.2f %+v", fps, v.Confidence, v.Quality)
			}
		}
	}
}

func TestTooShort(t *testing.T) {
	if _, err := Estimate(synth(72, 15, 30, 4, 1), 30); !errors.Is(err, ErrTooShort) {
		t.Errorf("4 s: err %v, want ErrTooShort", err)
	}
	if _, err := Estimate(nil, 30); !errors.Is(err, ErrTooShort) {
		t.Errorf("empty: err %v, want ErrTooShort", err)
	}
	// 8 s of frames but only half usable: under 5 s usable.
	s := synth(72, 15, 30, 8, 1)
	for i := range s {
		if i%2 == 0 {
			s[i].OK = false
		}
	}
	if _, err := Estimate(s, 30); !errors.Is(err, ErrTooShort) {
		t.Errorf("4 s usable: err %v, want ErrTooShort", err)
	}
	if _, err := Estimate(synth(72, 15, 30, 10, 1), 0); err == nil {
		t.Error("fps 0: no error")
	}
}

// Unusable frames lower confidence, and a gap does not derail HR.
func TestUnusableFrames(t *testing.T) {
	s := synth(72, 15, 30, 20, 9)
	base, err := Estimate(s, 30)
	if err != nil {
		t.Fatal(err)
	}
	for i := 200; i < 260; i++ { // a 2 s gap
		s[i].OK = false
		s[i].G = 0
	}
	v, err := Estimate(s, 30)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(v.HeartRate-72) > 2 {
		t.Errorf("with gap: HR %.2f", v.HeartRate)
	}
	if v.Confidence >= base.Confidence {
		t.Errorf("confidence %.3f with gap not below %.3f without", v.Confidence, base.Confidence)
	}
}

func TestMethods(t *testing.T) {
	s := synth(72, 15, 30, 20, 4)
	for name, f := range map[string]func([]Sample, float64) []float64{"pos": POS, "chrom": CHROM} {
		p := f(s, 30)
		if len(p) != len(s) {
			t.Fatalf("%s: %d values for %d samples", name, len(p), len(s))
		}
		bp := bandPass(p, pulseLo, pulseHi, 30)
		df, ps := spectrum(bp, 30, 0.005)
		if hr := 60 * peak(df, ps, pulseLo, pulseHi); math.Abs(hr-72) > 2 {
			t.Errorf("%s: HR %.2f", name, hr)
		}
	}
}

// Smoothness-priors detrending removes a linear trend and keeps a fast
// oscillation. (Straight lines are not penalised, so the trend also takes
// the oscillation's small least-squares slope, visible only near the ends:
// checked in the middle.)
func TestDetrend(t *testing.T) {
	n := 600
	z := make([]float64, n)
	for i := range z {
		z[i] = 5 + 0.01*float64(i) + math.Sin(2*math.Pi*float64(i)/30)
	}
	d := detrend(z, 30, 0.05)
	var maxErr float64
	for i := 150; i < n-150; i++ {
		maxErr = max(maxErr, math.Abs(d[i]-math.Sin(2*math.Pi*float64(i)/30)))
	}
	if maxErr > 0.02 {
		t.Errorf("detrend error %.3g", maxErr)
	}
}

func TestConfidence(t *testing.T) {
	if c := Confidence(Quality{SNR: 0, Stability: 1, Periodicity: 1}, 1); c != 0 {
		t.Errorf("0 dB: %v", c)
	}
	if c := Confidence(Quality{SNR: 8, Stability: 1, Periodicity: 1}, 1); c != 1 {
		t.Errorf("8 dB: %v", c)
	}
	if c := Confidence(Quality{SNR: 2.5, Stability: 1, Periodicity: 1}, 1); math.Abs(c-0.5) > 1e-12 {
		t.Errorf("2.5 dB: %v", c)
	}
}

// A constant colour (no signal at all) gives finite numbers and zero
// confidence; a long recording stays consistent.
func TestDegenerate(t *testing.T) {
	s := make([]Sample, 300)
	for i := range s {
		s[i] = Sample{180, 130, 110, true}
	}
	v, err := Estimate(s, 30)
	if err != nil {
		t.Fatal(err)
	}
	if v.Confidence != 0 {
		t.Errorf("constant input: confidence %v", v.Confidence)
	}
	if _, err := json.Marshal(v); err != nil {
		t.Errorf("constant input: json: %v", err)
	}
	long, err := Estimate(synth(64, 12, 60, 300, 11), 60)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(long.HeartRate-64) > 1 || math.Abs(long.RespiratoryRate-12) > 1 || long.Confidence < 0.7 {
		t.Errorf("5 min: HR %.2f RR %.2f conf %.2f", long.HeartRate, long.RespiratoryRate, long.Confidence)
	}
}
