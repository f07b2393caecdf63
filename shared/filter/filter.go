// Package filter smooths and repairs 1-D signals sampled at a fixed rate:
// gap filling and a zero-lag Butterworth low-pass.
//
// Written here rather than imported: gonum has no IIR filter design, and a
// second-order Butterworth section run forward and back is a few lines
// whose behaviour the tests pin down.
package filter

import (
	"fmt"
	"math"
)

// FillGaps linearly interpolates runs of invalid samples no longer than
// maxGap that have valid samples on both sides. It returns the filled
// series and validity; longer gaps and the ends stay invalid (marked, not
// invented).
func FillGaps(xs []float64, valid []bool, maxGap int) ([]float64, []bool) {
	out := append([]float64(nil), xs...)
	ok := append([]bool(nil), valid...)
	last := -1
	for i := range xs {
		if !valid[i] {
			continue
		}
		if last >= 0 && i-last > 1 && i-last-1 <= maxGap {
			for j := last + 1; j < i; j++ {
				t := float64(j-last) / float64(i-last)
				out[j] = xs[last]*(1-t) + xs[i]*t
				ok[j] = true
			}
		}
		last = i
	}
	return out, ok
}

// Biquad is a second-order IIR section (a0 normalised to 1).
type Biquad struct {
	B0, B1, B2, A1, A2 float64
}

// Butterworth designs a 2nd-order low-pass Butterworth section with the
// given cut-off (Hz) at sample rate fs (Hz) by the bilinear transform with
// frequency pre-warping.
func Butterworth(cutoff, fs float64) (Biquad, error) {
	if !(cutoff > 0 && cutoff < fs/2) {
		return Biquad{}, fmt.Errorf("cut-off %.3g Hz must lie in (0, %.3g) for %.3g Hz sampling", cutoff, fs/2, fs)
	}
	k := math.Tan(math.Pi * cutoff / fs)
	norm := 1 / (1 + math.Sqrt2*k + k*k)
	b0 := k * k * norm
	return Biquad{
		B0: b0, B1: 2 * b0, B2: b0,
		A1: 2 * (k*k - 1) * norm,
		A2: (1 - math.Sqrt2*k + k*k) * norm,
	}, nil
}

// run filters xs in one direction, starting from the steady state of the
// first sample so the output does not ring up from zero.
func (q Biquad) run(xs []float64) []float64 {
	out := make([]float64, len(xs))
	if len(xs) == 0 {
		return out
	}
	// Direct form II transposed, state initialised for a constant input x0.
	x0 := xs[0]
	gain := (q.B0 + q.B1 + q.B2) / (1 + q.A1 + q.A2)
	y0 := gain * x0
	z1 := y0 - q.B0*x0
	z2 := q.B2*x0 - q.A2*y0
	for i, x := range xs {
		y := q.B0*x + z1
		z1 = q.B1*x - q.A1*y + z2
		z2 = q.B2*x - q.A2*y
		out[i] = y
	}
	return out
}

// FiltFilt runs the section forward then backward: zero phase lag, doubled
// order. The ends are padded by odd reflection (as scipy's filtfilt does)
// so the first and last samples are not pulled toward zero.
func (q Biquad) FiltFilt(xs []float64) []float64 {
	n := len(xs)
	if n < 2 {
		return append([]float64(nil), xs...)
	}
	pad := min(3*3, n-1)
	ext := make([]float64, 0, n+2*pad)
	for i := pad; i >= 1; i-- {
		ext = append(ext, 2*xs[0]-xs[i])
	}
	ext = append(ext, xs...)
	for i := n - 2; i >= n-1-pad; i-- {
		ext = append(ext, 2*xs[n-1]-xs[i])
	}
	fwd := q.run(ext)
	reverse(fwd)
	back := q.run(fwd)
	reverse(back)
	return back[pad : pad+n]
}

func reverse(xs []float64) {
	for i, j := 0, len(xs)-1; i < j; i, j = i+1, j-1 {
		xs[i], xs[j] = xs[j], xs[i]
	}
}

// Runs lists the [start, end) ranges where ok is true: the stretches a
// signal with gaps is filtered (or searched) on, each on its own.
func Runs(ok []bool) [][2]int {
	var out [][2]int
	for i := 0; i < len(ok); {
		if !ok[i] {
			i++
			continue
		}
		j := i
		for j < len(ok) && ok[j] {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}
