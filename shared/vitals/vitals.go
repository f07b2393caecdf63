// Package vitals turns the per-frame mean skin colour of a tracked face
// (remote photoplethysmography, rPPG) into heart rate, respiratory rate,
// heart-rate variability and a signal-quality assessment.
//
// Pipeline (Estimate):
//
//  1. Unusable frames (OK=false, or a non-finite channel) are filled by
//     linear interpolation between the nearest usable frames (held
//     constant before the first / after the last usable frame). They count
//     against Confidence.
//  2. Two pulse extractors run on the filled RGB trace: POS (Wang et al.
//     2017, "Algorithmic principles of remote PPG") and CHROM (de Haan &
//     Jeanne 2013). Each output is detrended
//     (smoothness priors, Tarvainen et al. 2002) and band-passed to
//     0.7–4 Hz (42–240 bpm) with a zero-phase Butterworth filter.
//  3. For each, the heart rate is the peak of the Hann-windowed,
//     zero-padded power spectrum in 0.7–4 Hz, refined by parabolic
//     interpolation, and the SNR is computed; the method with the higher
//     SNR is reported.
//  4. Respiratory rate comes from the luminance (mean of the three
//     normalised channels) band-passed to 0.1–0.6 Hz: breathing moves the
//     face relative to the light, modulating the baseline. POS and CHROM
//     cancel such intensity changes, so the pulse is not used for this.
//  5. Beats are peaks of the pulse signal; HRV is the RMSSD of the beat
//     intervals.
//  6. Confidence combines SNR, stability, periodicity and the fraction of
//     usable frames (see Confidence).
//
// Pure Go (gonum FFT only), so it runs the same on the server and in the
// browser (js/wasm).
package vitals

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/dsp/fourier"

	"motionlab/shared/filter"
	"motionlab/shared/stats"
)

// Sample is one frame's mean skin colour (0–255 scale) and whether it is
// usable (false e.g. for frames with large head motion or a lost face).
type Sample struct {
	R, G, B float64
	OK      bool
}

// Quality describes how trustworthy the pulse signal is.
type Quality struct {
	// SNR in dB (de Haan & Jeanne 2013): the power of the pulse signal's
	// spectrum within ±0.1 Hz of the heart-rate peak and of its first
	// harmonic (2×HR), against the power in the rest of 0.7–4 Hz.
	// Clamped to ±60 dB.
	SNR float64 `json:"snr"`
	// Stability (0–1): agreement of heart rates estimated in sliding
	// windows (8 s, or 60 % of the recording if shorter; 1 s step):
	// 1 − σ/10 bpm, clamped to [0, 1], where σ is the root-mean-square
	// deviation of the window rates from the overall heart rate.
	Stability float64 `json:"stability"`
	// Periodicity (0–1): the pulse signal's normalised autocorrelation at a
	// lag of one beat period (60/HR s, linearly interpolated between whole
	// frames), clamped to [0, 1].
	Periodicity float64 `json:"periodicity"`
}

// Vitals is the result of Estimate.
type Vitals struct {
	// HeartRate in beats per minute: the peak of the pulse signal's
	// Hann-windowed power spectrum, zero-padded to ≤ 0.005 Hz bins, within
	// 0.7–4 Hz (42–240 bpm), refined by parabolic interpolation over the
	// peak bin and its neighbours.
	HeartRate float64 `json:"heart_rate"`
	// RespiratoryRate in breaths per minute from the baseline (light-level)
	// modulation that breathing causes: the luminance (mean of the three
	// channels, each divided by its mean) is detrended (smoothness priors,
	// 0.04 Hz), band-passed to 0.1–0.6 Hz and the peak of its Hann-windowed,
	// zero-padded spectrum in that band, refined parabolically, is taken.
	// Limits 6–36 /min; needs a few breaths (≥ ~15 s) to resolve.
	RespiratoryRate float64 `json:"respiratory_rate"`
	// HRV in milliseconds: RMSSD (root mean square of successive
	// differences) of the intervals between Beats. Intervals outside
	// 0.6–1.5 beat periods (missed or spurious beats) are left out of the
	// differences; 0 when fewer than two differences remain. Camera frame
	// rate and noise add timing jitter, so this over-reads on short or
	// noisy recordings (a steady synthetic pulse reads ~10–35 ms at
	// 25–60 fps).
	HRV float64 `json:"hrv"`
	// Confidence (0–1) in HeartRate: s(SNR)·√(Stability·Periodicity)·
	// usable fraction, s rising smoothly from 0 at 0 dB to 1 at 5 dB; see
	// the Confidence function.
	Confidence float64 `json:"confidence"`
	// Quality of the chosen pulse signal.
	Quality Quality `json:"signal_quality"`
	// Method is "pos" or "chrom": the extractor whose pulse had the
	// higher SNR.
	Method string `json:"method"`
	// Pulse is the detrended, 0.7–4 Hz band-passed pulse signal of the
	// chosen method, one value per input frame, scaled to zero mean and
	// unit standard deviation (dimensionless; for plotting). Its sign is
	// fixed so that it rises with blood volume (the skin darkening in
	// green), i.e. peaks are systoles.
	Pulse []float64 `json:"pulse"`
	// Beats are the detected beat times in seconds from the first frame:
	// peaks of Pulse (low-passed at 2.5×HR for timing), at least 0.6 beat
	// periods apart, with sub-frame parabolic timing.
	Beats []float64 `json:"beats_s"`
}

// ErrTooShort is returned when fewer than MinSeconds of usable samples are
// given.
var ErrTooShort = errors.New("vitals: fewer than 5 s of usable samples")

// MinSeconds is the least amount of usable signal (in seconds of frames
// with OK=true) that Estimate accepts.
const MinSeconds = 5.0

// Frequency bands, Hz.
const (
	pulseLo = 0.7 // 42 bpm
	pulseHi = 4.0 // 240 bpm
	respLo  = 0.1 // 6 /min
	respHi  = 0.6 // 36 /min

	snrHalfWidth = 0.1 // Hz either side of the HR peak and harmonic

	posWindow = 1.6 // s, POS and CHROM window length

	stabWindow  = 8.0  // s
	stabStep    = 1.0  // s
	stabSpread  = 10.0 // bpm of RMS deviation that gives Stability 0
	refractory  = 0.6  // fraction of the beat period between beats
	pulseDetrFc = 0.3  // Hz, smoothness-priors cut-off before the pulse band-pass
	respDetrFc  = 0.04 // Hz, smoothness-priors cut-off before the respiratory band-pass
)

// Estimate computes vitals from a skin-colour trace sampled at fps frames
// per second. It returns ErrTooShort when fewer than MinSeconds·fps
// samples are usable, and an error when fps is not a positive finite
// number.
func Estimate(samples []Sample, fps float64) (Vitals, error) {
	if !(fps > 0) || math.IsInf(fps, 0) {
		return Vitals{}, fmt.Errorf("vitals: invalid frame rate %v", fps)
	}
	good := 0
	for _, s := range samples {
		if usable(s) {
			good++
		}
	}
	if float64(good) < MinSeconds*fps {
		return Vitals{}, ErrTooShort
	}
	usableFrac := float64(good) / float64(len(samples))
	r, g, b := fill(samples)

	type cand struct {
		name  string
		pulse []float64
		hr    float64 // Hz
		snr   float64
	}
	var best cand
	gref := greenRef(g, fps)
	for i, m := range []struct {
		name string
		f    func(r, g, b []float64, fps float64) []float64
	}{{"pos", pos}, {"chrom", chrom}} {
		p := orient(bandPass(detrend(m.f(r, g, b, fps), fps, pulseDetrFc), pulseLo, pulseHi, fps), gref)
		f, ps := spectrum(p, fps, 0.005)
		hr := peak(f, ps, pulseLo, pulseHi)
		c := cand{m.name, p, hr, snr(f, ps, hr)}
		if i == 0 || c.snr > best.snr {
			best = c
		}
	}

	pulse := standardise(best.pulse)
	q := Quality{
		SNR:         best.snr,
		Stability:   stability(pulse, fps, best.hr),
		Periodicity: periodicity(pulse, fps/best.hr),
	}
	beats := findBeats(beatSignal(pulse, fps, best.hr), fps, best.hr)
	return Vitals{
		HeartRate:       60 * best.hr,
		RespiratoryRate: 60 * respiration(r, g, b, fps),
		HRV:             rmssd(beats, 1/best.hr),
		Confidence:      Confidence(q, usableFrac),
		Quality:         q,
		Method:          best.name,
		Pulse:           pulse,
		Beats:           beats,
	}, nil
}

// Confidence maps signal quality to 0–1:
//
//	Confidence = s(SNR) · √(Stability · Periodicity) · usable
//
// where s is a smoothstep from 0 at 0 dB to 1 at 5 dB
// (s = t²(3−2t), t = clamp(SNR/5 dB, 0, 1)) and usable is the fraction of
// input frames with OK=true. So it is near 1 above 5 dB with a stable,
// periodic pulse and 0 at or below 0 dB SNR.
func Confidence(q Quality, usable float64) float64 {
	t := clamp01(q.SNR / 5)
	s := t * t * (3 - 2*t)
	return clamp01(s * math.Sqrt(clamp01(q.Stability)*clamp01(q.Periodicity)) * clamp01(usable))
}

// POS is the Plane-Orthogonal-to-Skin pulse extractor (Wang, den
// Brinker, Stuijk & de Haan 2017). In each window of 1.6 s (sliding by one
// frame) the RGB trace is divided by its window mean, projected onto
// S1 = G − B and S2 = G + B − 2R, combined as h = S1 + (σ(S1)/σ(S2))·S2,
// and the zero-mean h is overlap-added into the output. Unusable samples
// are linearly interpolated first. The result is not band-passed
// (Estimate detrends and band-passes it). Shorter inputs than one window
// use a single window spanning the input.
func POS(samples []Sample, fps float64) []float64 {
	r, g, b := fill(samples)
	return pos(r, g, b, fps)
}

// CHROM is the chrominance pulse extractor (de Haan & Jeanne 2013).
// Each channel is divided by its 1.6 s centred moving mean, then
// X = 3R − 2G and Y = 1.5R + G − 1.5B are band-passed to 0.7–4 Hz; in
// Hann-weighted windows of 1.6 s with 50 % overlap the pulse is
// S = X − (σ(X)/σ(Y))·Y, overlap-added. Unusable samples are linearly
// interpolated first.
func CHROM(samples []Sample, fps float64) []float64 {
	r, g, b := fill(samples)
	return chrom(r, g, b, fps)
}

func usable(s Sample) bool {
	return s.OK && finite(s.R) && finite(s.G) && finite(s.B)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// fill returns the three channels with unusable samples linearly
// interpolated; leading and trailing runs take the nearest usable value.
func fill(samples []Sample) (r, g, b []float64) {
	n := len(samples)
	r, g, b = make([]float64, n), make([]float64, n), make([]float64, n)
	last := -1
	for i, s := range samples {
		if !usable(s) {
			continue
		}
		r[i], g[i], b[i] = s.R, s.G, s.B
		if last < 0 {
			for j := 0; j < i; j++ {
				r[j], g[j], b[j] = s.R, s.G, s.B
			}
		} else if i-last > 1 {
			for j := last + 1; j < i; j++ {
				t := float64(j-last) / float64(i-last)
				r[j] = r[last]*(1-t) + s.R*t
				g[j] = g[last]*(1-t) + s.G*t
				b[j] = b[last]*(1-t) + s.B*t
			}
		}
		last = i
	}
	if last >= 0 {
		for j := last + 1; j < n; j++ {
			r[j], g[j], b[j] = r[last], g[last], b[last]
		}
	}
	return r, g, b
}

func windowLen(fps float64, n int) int {
	l := int(math.Round(posWindow * fps))
	return max(2, min(l, n))
}

func pos(r, g, b []float64, fps float64) []float64 {
	n := len(r)
	h := make([]float64, n)
	if n < 2 {
		return h
	}
	l := windowLen(fps, n)
	s1 := make([]float64, l)
	s2 := make([]float64, l)
	for m := 0; m+l <= n; m++ {
		mr, mg, mb := stats.Mean(r[m:m+l]), stats.Mean(g[m:m+l]), stats.Mean(b[m:m+l])
		if mr <= 0 || mg <= 0 || mb <= 0 {
			continue
		}
		for k := range l {
			cr, cg, cb := r[m+k]/mr, g[m+k]/mg, b[m+k]/mb
			s1[k] = cg - cb
			s2[k] = cg + cb - 2*cr
		}
		alpha := 0.0
		if sd2 := std(s2); sd2 > 0 {
			alpha = std(s1) / sd2
		}
		var hm float64
		for k := range l {
			s1[k] += alpha * s2[k]
			hm += s1[k]
		}
		hm /= float64(l)
		for k := range l {
			h[m+k] += s1[k] - hm
		}
	}
	return h
}

func chrom(r, g, b []float64, fps float64) []float64 {
	n := len(r)
	out := make([]float64, n)
	if n < 2 {
		return out
	}
	l := windowLen(fps, n)
	mr, mg, mb := movingMean(r, l), movingMean(g, l), movingMean(b, l)
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range n {
		if mr[i] <= 0 || mg[i] <= 0 || mb[i] <= 0 {
			continue
		}
		rn, gn, bn := r[i]/mr[i], g[i]/mg[i], b[i]/mb[i]
		x[i] = 3*rn - 2*gn
		y[i] = 1.5*rn + gn - 1.5*bn
	}
	x = bandPass(x, pulseLo, pulseHi, fps)
	y = bandPass(y, pulseLo, pulseHi, fps)

	// Hann windows with 50 % overlap; the first and last half windows are
	// covered by extending the window grid past the ends and normalising
	// by the summed window weight.
	half := max(1, l/2)
	w := make([]float64, l)
	for k := range l {
		w[k] = 0.5 - 0.5*math.Cos(2*math.Pi*(float64(k)+0.5)/float64(l))
	}
	wsum := make([]float64, n)
	xs := make([]float64, 0, l)
	ys := make([]float64, 0, l)
	for start := -half; start < n; start += half {
		lo, hi := max(0, start), min(n, start+l)
		if hi-lo < 2 {
			continue
		}
		xs, ys = append(xs[:0], x[lo:hi]...), append(ys[:0], y[lo:hi]...)
		alpha := 0.0
		if sy := std(ys); sy > 0 {
			alpha = std(xs) / sy
		}
		var sm float64
		for k := range xs {
			xs[k] -= alpha * ys[k]
			sm += xs[k]
		}
		sm /= float64(len(xs))
		for k := range xs {
			wk := w[lo+k-start]
			out[lo+k] += wk * (xs[k] - sm)
			wsum[lo+k] += wk
		}
	}
	for i := range out {
		if wsum[i] > 0 {
			out[i] /= wsum[i]
		}
	}
	return out
}

// greenRef is the normalised green channel band-passed like the pulse:
// the reference that fixes the pulse's sign.
func greenRef(g []float64, fps float64) []float64 {
	m := stats.Mean(g)
	out := make([]float64, len(g))
	if m > 0 {
		for i, v := range g {
			out[i] = v/m - 1
		}
	}
	return bandPass(detrend(out, fps, pulseDetrFc), pulseLo, pulseHi, fps)
}

// orient flips p, in place, if it correlates positively with the green
// reference, so that the pulse rises with blood volume (skin darkening in
// green) whichever extractor produced it.
func orient(p, gref []float64) []float64 {
	var c float64
	for i := range p {
		c += p[i] * gref[i]
	}
	if c > 0 {
		for i := range p {
			p[i] = -p[i]
		}
	}
	return p
}

// movingMean is the centred moving average over l samples (shrinking at
// the ends).
func movingMean(xs []float64, l int) []float64 {
	n := len(xs)
	cum := make([]float64, n+1)
	for i, x := range xs {
		cum[i+1] = cum[i] + x
	}
	out := make([]float64, n)
	for i := range n {
		lo, hi := max(0, i-l/2), min(n, i-l/2+l)
		out[i] = (cum[hi] - cum[lo]) / float64(hi-lo)
	}
	return out
}

// respiration returns the respiratory frequency (Hz): the mean of the
// three channels, each divided by its overall mean, detrended by smoothness
// priors (cut-off 0.04 Hz), band-passed to 0.1–0.6 Hz, and the peak of its
// spectrum in that band.
func respiration(r, g, b []float64, fps float64) float64 {
	n := len(r)
	mr, mg, mb := stats.Mean(r), stats.Mean(g), stats.Mean(b)
	lum := make([]float64, n)
	for i := range n {
		var v float64
		if mr > 0 {
			v += r[i] / mr
		}
		if mg > 0 {
			v += g[i] / mg
		}
		if mb > 0 {
			v += b[i] / mb
		}
		lum[i] = v/3 - 1
	}
	lum = bandPass(detrend(lum, fps, respDetrFc), respLo, respHi, fps)
	f, ps := spectrum(lum, fps, 0.005)
	return peak(f, ps, respLo, respHi)
}

// detrend subtracts the smoothness-priors trend (Tarvainen, Ranta-aho &
// Karjalainen 2002): trend = (I + λ²D₂ᵀD₂)⁻¹ z with D₂ the second
// difference. Its trend filter has gain ½ where λ·ω² = 1 (ω in rad per
// sample), so λ = (fs / 2πfc)² puts that point at fc Hz.
func detrend(z []float64, fs, fc float64) []float64 {
	n := len(z)
	if n < 3 {
		out := make([]float64, n)
		m := stats.Mean(z)
		for i := range z {
			out[i] = z[i] - m
		}
		return out
	}
	lam := fs / (2 * math.Pi * fc)
	lam2 := lam * lam * lam * lam // λ²
	// Bands of A = I + λ²DᵀD: a0 diagonal, a1 first and a2 second
	// super-diagonal.
	a0 := make([]float64, n)
	a1 := make([]float64, n)
	a2 := make([]float64, n)
	d := [3]float64{1, -2, 1}
	for k := 0; k+2 < n; k++ {
		for p := range 3 {
			a0[k+p] += lam2 * d[p] * d[p]
			for q := p + 1; q < 3; q++ {
				if q-p == 1 {
					a1[k+p] += lam2 * d[p] * d[q]
				} else {
					a2[k+p] += lam2 * d[p] * d[q]
				}
			}
		}
	}
	for i := range a0 {
		a0[i]++
	}
	// LDLᵀ factorisation with unit lower L of bandwidth 2.
	dd := make([]float64, n)
	e1 := make([]float64, n) // L[i][i-1]
	e2 := make([]float64, n) // L[i][i-2]
	for i := range n {
		v := a0[i]
		if i >= 2 {
			e2[i] = a2[i-2] / dd[i-2]
			v -= e2[i] * e2[i] * dd[i-2]
		}
		if i >= 1 {
			t := a1[i-1]
			if i >= 2 {
				t -= e2[i] * dd[i-2] * e1[i-1]
			}
			e1[i] = t / dd[i-1]
			v -= e1[i] * e1[i] * dd[i-1]
		}
		dd[i] = v
	}
	y := make([]float64, n)
	for i := range n {
		v := z[i]
		if i >= 1 {
			v -= e1[i] * y[i-1]
		}
		if i >= 2 {
			v -= e2[i] * y[i-2]
		}
		y[i] = v
	}
	for i := range y {
		y[i] /= dd[i]
	}
	for i := n - 1; i >= 0; i-- {
		if i+1 < n {
			y[i] -= e1[i+1] * y[i+1]
		}
		if i+2 < n {
			y[i] -= e2[i+2] * y[i+2]
		}
	}
	out := make([]float64, n)
	for i := range z {
		out[i] = z[i] - y[i]
	}
	return out
}

// highPass designs a 2nd-order Butterworth high-pass section (bilinear
// transform with pre-warping), the mirror of filter.Butterworth.
func highPass(cutoff, fs float64) filter.Biquad {
	k := math.Tan(math.Pi * cutoff / fs)
	norm := 1 / (1 + math.Sqrt2*k + k*k)
	return filter.Biquad{
		B0: norm, B1: -2 * norm, B2: norm,
		A1: 2 * (k*k - 1) * norm,
		A2: (1 - math.Sqrt2*k + k*k) * norm,
	}
}

// bandPass applies a zero-phase band-pass: a 2nd-order Butterworth
// high-pass at lo and low-pass at hi, each run forward and backward. The
// low-pass corner is capped at 0.45·fs; it is skipped if that is not above
// lo.
func bandPass(xs []float64, lo, hi, fs float64) []float64 {
	out := highPass(lo, fs).FiltFilt(xs)
	hi = min(hi, 0.45*fs)
	if hi > lo {
		if lp, err := filter.Butterworth(hi, fs); err == nil {
			out = lp.FiltFilt(out)
		}
	}
	return out
}

// spectrum returns the frequency resolution (Hz per bin) and the one-sided
// power spectrum of xs after removing its mean, applying a Hann window and
// zero-padding to a power of two at least 8× the length and with bins no
// wider than res Hz.
func spectrum(xs []float64, fs, res float64) (float64, []float64) {
	n := len(xs)
	nfft := 1
	for nfft < 8*n || fs/float64(nfft) > res {
		nfft *= 2
	}
	m := stats.Mean(xs)
	buf := make([]float64, nfft)
	for i, x := range xs {
		w := 0.5 - 0.5*math.Cos(2*math.Pi*(float64(i)+0.5)/float64(n))
		buf[i] = (x - m) * w
	}
	c := fourier.NewFFT(nfft).Coefficients(nil, buf)
	ps := make([]float64, len(c))
	for i, v := range c {
		ps[i] = real(v)*real(v) + imag(v)*imag(v)
	}
	return fs / float64(nfft), ps
}

// peak returns the frequency (Hz) of the largest power bin within
// [lo, hi], refined by a parabola through it and its neighbours.
func peak(df float64, ps []float64, lo, hi float64) float64 {
	i0 := max(1, int(math.Ceil(lo/df)))
	i1 := min(len(ps)-2, int(math.Floor(hi/df)))
	if i1 < i0 {
		return (lo + hi) / 2
	}
	best := i0
	for i := i0; i <= i1; i++ {
		if ps[i] > ps[best] {
			best = i
		}
	}
	a, b, c := ps[best-1], ps[best], ps[best+1]
	off := 0.0
	if den := a - 2*b + c; den < 0 {
		off = 0.5 * (a - c) / den
		off = max(-0.5, min(0.5, off))
	}
	return (float64(best) + off) * df
}

// snr is the de Haan & Jeanne SNR (dB) of a power spectrum for heart rate
// f0 Hz, over 0.7–4 Hz.
func snr(df float64, ps []float64, f0 float64) float64 {
	var sig, noise float64
	for i := range ps {
		f := float64(i) * df
		if f < pulseLo || f > pulseHi {
			continue
		}
		if math.Abs(f-f0) <= snrHalfWidth || math.Abs(f-2*f0) <= snrHalfWidth {
			sig += ps[i]
		} else {
			noise += ps[i]
		}
	}
	switch {
	case sig <= 0:
		return -60
	case noise <= 0:
		return 60
	}
	return max(-60, min(60, 10*math.Log10(sig/noise)))
}

// stability: RMS deviation of windowed HR estimates from f0, mapped to
// 0–1.
func stability(pulse []float64, fs, f0 float64) float64 {
	n := len(pulse)
	win := int(math.Round(min(stabWindow, 0.6*float64(n)/fs) * fs))
	step := max(1, int(math.Round(stabStep*fs)))
	if win < 4 {
		return 0
	}
	var ss float64
	var k int
	for s := 0; s+win <= n; s += step {
		df, ps := spectrum(pulse[s:s+win], fs, 0.02)
		d := 60 * (peak(df, ps, pulseLo, pulseHi) - f0)
		ss += d * d
		k++
	}
	if k == 0 {
		return 0
	}
	return clamp01(1 - math.Sqrt(ss/float64(k))/stabSpread)
}

// periodicity is the normalised autocorrelation at a lag of `lag` samples
// (fractional: linear interpolation between whole lags).
func periodicity(x []float64, lag float64) float64 {
	k := int(math.Floor(lag))
	if k < 1 || k+1 >= len(x) {
		return 0
	}
	fr := lag - float64(k)
	r := (1-fr)*autocorr(x, k) + fr*autocorr(x, k+1)
	return clamp01(r)
}

func autocorr(x []float64, k int) float64 {
	var sxy, sxx, syy float64
	for i := 0; i+k < len(x); i++ {
		sxy += x[i] * x[i+k]
		sxx += x[i] * x[i]
		syy += x[i+k] * x[i+k]
	}
	if sxx <= 0 || syy <= 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// beatSignal low-passes the pulse at 2.5 × the heart rate (when that is
// below 4 Hz and 0.45·fps) for beat timing: the fundamental and first
// harmonic stay, out-of-band noise that jitters the peaks goes.
func beatSignal(pulse []float64, fs, f0 float64) []float64 {
	fc := 2.5 * f0
	if fc >= min(pulseHi, 0.45*fs) {
		return pulse
	}
	lp, err := filter.Butterworth(fc, fs)
	if err != nil {
		return pulse
	}
	return lp.FiltFilt(pulse)
}

// findBeats returns beat times (s): local maxima of the pulse above zero,
// taken greedily from the highest, at least 0.6 beat periods (60/HR s)
// apart, timed to sub-frame precision by a parabola through the peak
// frame and its neighbours.
func findBeats(x []float64, fs, f0 float64) []float64 {
	var cand []int
	for i := 1; i+1 < len(x); i++ {
		if x[i] > 0 && x[i] > x[i-1] && x[i] >= x[i+1] {
			cand = append(cand, i)
		}
	}
	sort.Slice(cand, func(a, b int) bool { return x[cand[a]] > x[cand[b]] })
	minGap := refractory * fs / f0
	var kept []int
	for _, c := range cand {
		ok := true
		for _, k := range kept {
			if math.Abs(float64(c-k)) < minGap {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, c)
		}
	}
	sort.Ints(kept)
	beats := make([]float64, len(kept))
	for j, i := range kept {
		a, b, c := x[i-1], x[i], x[i+1]
		off := 0.0
		if den := a - 2*b + c; den < 0 {
			off = max(-0.5, min(0.5, 0.5*(a-c)/den))
		}
		beats[j] = (float64(i) + off) / fs
	}
	return beats
}

// rmssd returns the RMSSD (ms) of successive beat intervals. Intervals
// outside 0.6–1.5 beat periods (period s) are taken as missed or spurious
// beats; successive differences involving them are skipped. Returns 0 with
// fewer than two usable differences.
func rmssd(beats []float64, period float64) float64 {
	var ss float64
	var k int
	for i := 0; i+2 < len(beats); i++ {
		a, b := beats[i+1]-beats[i], beats[i+2]-beats[i+1]
		if a < 0.6*period || a > 1.5*period || b < 0.6*period || b > 1.5*period {
			continue
		}
		d := (b - a) * 1000
		ss += d * d
		k++
	}
	if k < 2 {
		return 0
	}
	return math.Sqrt(ss / float64(k))
}

func standardise(xs []float64) []float64 {
	m, s := stats.Mean(xs), std(xs)
	out := make([]float64, len(xs))
	for i, x := range xs {
		if s > 0 {
			out[i] = (x - m) / s
		}
	}
	return out
}

func std(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	m := stats.Mean(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)))
}

func clamp01(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return max(0, min(1, x))
}
