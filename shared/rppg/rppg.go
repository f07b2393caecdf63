// Package rppg turns a face video's skin-colour trace into heart rate,
// breathing rate, HRV and signal quality (remote photoplethysmography).
// Pure Go: the browser and the server compute the same numbers.
package rppg

import (
	"errors"
	"math"
	"math/cmplx"
	"sort"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Sample is one frame's mean skin colour (0–255) and whether it is usable.
type Sample struct {
	R, G, B float64
	OK      bool
}

// Quality describes the pulse signal.
type Quality struct {
	// SNR (dB): power within ±0.1 Hz of the heart-rate peak and of its
	// first harmonic against the rest of 0.7–4 Hz (de Haan & Jeanne 2013).
	SNR float64 `json:"snr"`
	// Stability (0–1): 1 − the spread of heart rates estimated in 8 s
	// windows, relative to 10 bpm (1: all windows agree).
	Stability float64 `json:"stability"`
	// Periodicity (0–1): the pulse signal's normalised autocorrelation at
	// one beat period.
	Periodicity float64 `json:"periodicity"`
}

// Vitals are the measures of one trace.
type Vitals struct {
	// HeartRate (bpm): the pulse signal's spectral peak in 0.7–4 Hz,
	// Hann-windowed, 8× zero-padded, parabolic sub-bin interpolation.
	HeartRate float64 `json:"heart_rate"`
	// RespiratoryRate (breaths/min): the spectral peak in 0.1–0.6 Hz of
	// the green trace (breathing moves the face and modulates its light).
	RespiratoryRate float64 `json:"respiratory_rate"`
	// HRV (ms): RMSSD of successive beat intervals, intervals more than
	// 30 % off the median (missed or extra beats) left out; 0 when fewer
	// than 3 beats. Camera timing limits it: a 1 px-noise trace with a
	// perfectly regular pulse reads 5–15 ms.
	HRV float64 `json:"hrv"`
	// Confidence (0–1): see confidence.
	Confidence float64 `json:"confidence"`
	Quality    Quality `json:"signal_quality"`
	// Method is "pos" or "chrom", whichever pulse signal had the better SNR.
	Method string `json:"method"`
	// Pulse is the band-passed pulse signal, one value per frame.
	Pulse []float64 `json:"pulse"`
	// Beats are the beat times in seconds.
	Beats []float64 `json:"beats_s"`
}

// ErrTooShort: fewer than MinSeconds of usable samples.
var ErrTooShort = errors.New("rppg: fewer than 5 s of usable frames with the face in view")

// MinSeconds of usable trace Estimate needs.
const MinSeconds = 5.0

// Pulse band: 42–240 bpm.
const (
	pulseLo, pulseHi   = 0.7, 4.0
	breathLo, breathHi = 0.1, 0.6
)

// fill interpolates unusable samples linearly; ok is the usable share.
func fill(s []Sample) (r, g, b []float64, ok float64) {
	n := len(s)
	r, g, b = make([]float64, n), make([]float64, n), make([]float64, n)
	last := -1
	good := 0
	for i := range s {
		if !s[i].OK {
			continue
		}
		good++
		r[i], g[i], b[i] = s[i].R, s[i].G, s[i].B
		if last >= 0 && i-last > 1 {
			for j := last + 1; j < i; j++ {
				t := float64(j-last) / float64(i-last)
				r[j], g[j], b[j] = r[last]+t*(r[i]-r[last]), g[last]+t*(g[i]-g[last]), b[last]+t*(b[i]-b[last])
			}
		}
		if last < 0 {
			for j := 0; j < i; j++ {
				r[j], g[j], b[j] = r[i], g[i], b[i]
			}
		}
		last = i
	}
	if last >= 0 {
		for j := last + 1; j < n; j++ {
			r[j], g[j], b[j] = r[last], g[last], b[last]
		}
	}
	return r, g, b, float64(good) / math.Max(1, float64(n))
}

// POS is Wang, den Brinker, Stuijk & de Haan (2017), "Algorithmic
// principles of remote PPG": in 1.6 s windows, temporally normalised RGB
// projected on the plane orthogonal to the skin tone, the two projections
// alpha-tuned and overlap-added.
func POS(samples []Sample, fps float64) []float64 {
	r, g, b, _ := fill(samples)
	n := len(r)
	out := make([]float64, n)
	l := int(math.Ceil(1.6 * fps))
	for m := 0; m+l <= n; m++ {
		var mr, mg, mb float64
		for i := m; i < m+l; i++ {
			mr, mg, mb = mr+r[i], mg+g[i], mb+b[i]
		}
		mr, mg, mb = mr/float64(l), mg/float64(l), mb/float64(l)
		if mr == 0 || mg == 0 || mb == 0 {
			continue
		}
		s1, s2 := make([]float64, l), make([]float64, l)
		for i := 0; i < l; i++ {
			cr, cg, cb := r[m+i]/mr, g[m+i]/mg, b[m+i]/mb
			s1[i], s2[i] = cg-cb, -2*cr+cg+cb
		}
		a := std(s1) / math.Max(std(s2), 1e-12)
		h := make([]float64, l)
		var mh float64
		for i := range h {
			h[i] = s1[i] + a*s2[i]
			mh += h[i]
		}
		mh /= float64(l)
		for i := range h {
			out[m+i] += h[i] - mh
		}
	}
	return out
}

// CHROM is de Haan & Jeanne (2013), "Robust pulse rate from
// chrominance-based rPPG": normalised RGB combined into two chrominance
// signals, band-passed, alpha-tuned.
func CHROM(samples []Sample, fps float64) []float64 {
	r, g, b, _ := fill(samples)
	n := len(r)
	mr, mg, mb := mean(r), mean(g), mean(b)
	x, y := make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		rn, gn, bn := r[i]/mr, g[i]/mg, b[i]/mb
		x[i], y[i] = 3*rn-2*gn, 1.5*rn+gn-1.5*bn
	}
	x, y = bandpass(x, fps, pulseLo, pulseHi), bandpass(y, fps, pulseLo, pulseHi)
	a := std(x) / math.Max(std(y), 1e-12)
	out := make([]float64, n)
	for i := range out {
		out[i] = x[i] - a*y[i]
	}
	return out
}

// bandpass keeps lo–hi Hz by zeroing the other FFT bins (zero phase).
func bandpass(x []float64, fps, lo, hi float64) []float64 {
	n := len(x)
	if n < 4 {
		return append([]float64(nil), x...)
	}
	m := mean(x)
	d := make([]float64, n)
	for i := range x {
		d[i] = x[i] - m
	}
	f := fourier.NewFFT(n)
	c := f.Coefficients(nil, d)
	for k := range c {
		fr := float64(k) * fps / float64(n)
		if fr < lo || fr > hi {
			c[k] = 0
		}
	}
	out := f.Sequence(nil, c)
	for i := range out {
		out[i] /= float64(n)
	}
	return out
}

// peak returns the frequency (Hz) of the largest spectral peak of x in
// lo–hi, with parabolic sub-bin interpolation on a 8× zero-padded FFT, and
// the power spectrum with its bin width.
func peak(x []float64, fps, lo, hi float64) (float64, []float64, float64) {
	n := 1
	for n < 8*len(x) {
		n *= 2
	}
	p := make([]float64, n)
	m := mean(x)
	for i, v := range x {
		// Hann window against leakage.
		w := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(len(x)-1))
		p[i] = (v - m) * w
	}
	f := fourier.NewFFT(n)
	c := f.Coefficients(nil, p)
	pow := make([]float64, len(c))
	for k := range c {
		pow[k] = cmplx.Abs(c[k]) * cmplx.Abs(c[k])
	}
	df := fps / float64(n)
	best := -1
	for k := range pow {
		fr := float64(k) * df
		if fr >= lo && fr <= hi && (best < 0 || pow[k] > pow[best]) {
			best = k
		}
	}
	if best <= 0 || best >= len(pow)-1 {
		return float64(max(best, 0)) * df, pow, df
	}
	a, b, cc := pow[best-1], pow[best], pow[best+1]
	shift := 0.0
	if den := a - 2*b + cc; den != 0 {
		shift = 0.5 * (a - cc) / den
	}
	return (float64(best) + shift) * df, pow, df
}

// snr: power near f and 2f against the rest of the pulse band, dB.
func snr(pow []float64, df, f float64) float64 {
	var sig, noise float64
	for k, p := range pow {
		fr := float64(k) * df
		if fr < pulseLo || fr > pulseHi {
			continue
		}
		if math.Abs(fr-f) <= 0.1 || math.Abs(fr-2*f) <= 0.1 {
			sig += p
		} else {
			noise += p
		}
	}
	if noise == 0 {
		return 30
	}
	return 10 * math.Log10(math.Max(sig, 1e-30)/noise)
}

// Estimate computes vitals from a trace sampled at fps.
func Estimate(samples []Sample, fps float64) (Vitals, error) {
	_, g, _, okShare := fill(samples)
	usable := 0
	for _, s := range samples {
		if s.OK {
			usable++
		}
	}
	if fps <= 0 || float64(usable)/math.Max(fps, 1) < MinSeconds {
		return Vitals{}, ErrTooShort
	}
	var v Vitals
	bestSNR := math.Inf(-1)
	for _, m := range []struct {
		name string
		f    func([]Sample, float64) []float64
	}{{"pos", POS}, {"chrom", CHROM}} {
		pulse := bandpass(m.f(samples, fps), fps, pulseLo, pulseHi)
		hz, pow, df := peak(pulse, fps, pulseLo, pulseHi)
		if s := snr(pow, df, hz); s > bestSNR {
			bestSNR = s
			v.Method, v.Pulse, v.HeartRate = m.name, pulse, 60*hz
		}
	}
	v.Quality.SNR = round(bestSNR, 10)
	v.HeartRate = round(v.HeartRate, 10)
	// Breathing: the slow (0.1–0.6 Hz) change of the green trace's baseline.
	breath := bandpass(g, fps, breathLo, breathHi)
	rhz, _, _ := peak(breath, fps, breathLo, breathHi)
	v.RespiratoryRate = round(60*rhz, 10)
	// Beats: maxima of the pulse at least 0.6 of a beat apart.
	period := 60 / math.Max(v.HeartRate, 1) * fps
	v.Beats = beats(v.Pulse, fps, period)
	v.HRV = round(rmssd(v.Beats), 10)
	v.Quality.Stability = round(stability(samples, fps, v.Method), 100)
	v.Quality.Periodicity = round(autocorr(v.Pulse, int(math.Round(period))), 100)
	v.Confidence = round(confidence(v.Quality, okShare), 100)
	for i := range v.Pulse {
		v.Pulse[i] = round(v.Pulse[i], 1e5)
	}
	return v, nil
}

// beats are the pulse's maxima at least 0.6 of a beat apart, each placed
// between frames by a parabola through it and its neighbours (a frame is
// 33 ms at 30 fps: too coarse for beat-to-beat variability).
func beats(p []float64, fps, period float64) []float64 {
	var out []float64
	gap := int(0.6 * period)
	last := -gap
	for i := 1; i+1 < len(p); i++ {
		if p[i] > p[i-1] && p[i] >= p[i+1] && p[i] > 0 && i-last >= gap {
			shift := 0.0
			if den := p[i-1] - 2*p[i] + p[i+1]; den != 0 {
				shift = 0.5 * (p[i-1] - p[i+1]) / den
			}
			out = append(out, (float64(i)+shift)/fps)
			last = i
		}
	}
	return out
}

// rmssd of successive beat intervals, ms; intervals off the median by
// more than 30 % (missed or extra beats) are left out.
func rmssd(b []float64) float64 {
	if len(b) < 3 {
		return 0
	}
	var iv []float64
	for i := 1; i < len(b); i++ {
		iv = append(iv, b[i]-b[i-1])
	}
	med := median(iv)
	var sum float64
	n := 0
	for i := 1; i < len(iv); i++ {
		if math.Abs(iv[i]-med) > 0.3*med || math.Abs(iv[i-1]-med) > 0.3*med {
			continue
		}
		d := 1000 * (iv[i] - iv[i-1])
		sum += d * d
		n++
	}
	if n == 0 {
		return 0
	}
	return math.Sqrt(sum / float64(n))
}

// stability: heart rate in 8 s windows every 2 s; 1 − spread/10 bpm.
func stability(samples []Sample, fps float64, method string) float64 {
	w, step := int(8*fps), int(2*fps)
	var hrs []float64
	for s := 0; s+w <= len(samples); s += step {
		f := POS
		if method == "chrom" {
			f = CHROM
		}
		p := bandpass(f(samples[s:s+w], fps), fps, pulseLo, pulseHi)
		hz, _, _ := peak(p, fps, pulseLo, pulseHi)
		hrs = append(hrs, 60*hz)
	}
	if len(hrs) < 2 {
		return 0.5
	}
	return math.Max(0, 1-std(hrs)/10)
}

func autocorr(x []float64, lag int) float64 {
	if lag <= 0 || lag >= len(x) {
		return 0
	}
	m := mean(x)
	var num, den float64
	for i := range x {
		d := x[i] - m
		den += d * d
		if i+lag < len(x) {
			num += d * (x[i+lag] - m)
		}
	}
	if den == 0 {
		return 0
	}
	return math.Max(0, num/den)
}

// confidence: SNR mapped from −3 dB (0) to 6 dB (1), times stability and
// periodicity's geometric mean, times the usable share of frames.
func confidence(q Quality, okShare float64) float64 {
	s := math.Max(0, math.Min(1, (q.SNR+3)/9))
	return s * math.Sqrt(q.Stability*math.Max(q.Periodicity, 0)) * okShare
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / math.Max(1, float64(len(x)))
}

func std(x []float64) float64 {
	m := mean(x)
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / math.Max(1, float64(len(x))))
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func round(x, unit float64) float64 { return math.Round(x*unit) / unit }
