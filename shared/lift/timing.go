package lift

import (
	"math"

	"motionlab/shared/pose"
)

// Timing: where a movement stops and the next starts.
//
// Around each turning point the heights of the reference and of the
// upper-body points (timingPoints) are fitted with
//
//	y(i) = p + c1·(t1 − i)₊² + c2·(i − t2)₊²,  t1 ≤ t2,
//
// by least squares over a window around the instants (see restAt; each
// point its own p, c1, c2; shared t1, t2; a point with a gap in the
// window, or moving less than half as much as the reference there, is
// left out). t1 is when the movement arrives at rest, t2 when the next
// one departs; between them is a pause (t1 = t2 for a turn without one).
// Any smooth start from rest begins with constant acceleration, so the
// quadratic fits starts and stops of any speed profile near them, and
// fitting positions over the whole window and several points averages the
// keypoint noise that a speed threshold would take at a single frame. On
// synthetic lifters (sinusoidal phases of 0.6–2 s, 1–2 px noise on a
// 450 px body, cleaned by track.Clean) the phase durations come out with
// an rms error of 0.2–0.5 frames at 30 fps (worst 1.2) and 0.3–0.7 frames
// at 60 fps (worst 1.9, 31 ms). Known biases: the input's 8 Hz low-pass
// rounds every start and stop, lengthening each phase by about 20 ms; a
// pause shorter than about 0.3 s is partly counted into the phases (up to
// 40 ms); a body that drifts slowly while "at rest" (breathing, settling
// the bar) moves the estimate toward the drift.

// timingPoints are the upper-body points whose heights may join the
// reference's in the timing fits: in every lift they start and stop
// moving with the bar or the hips, or barely move (the hips in a bench
// press) and are then left out.
var timingPoints = []int{
	pose.Nose, pose.LeftShoulder, pose.RightShoulder, pose.LeftElbow, pose.RightElbow,
	pose.LeftWrist, pose.RightWrist, pose.LeftHip, pose.RightHip,
}

// restAt returns (t1, t2) in run-local frames for the turning point at
// frame e of the smoothed reference height hs (speed v per frame); prev
// and next are the neighbouring turning points (−1 when none), fit the
// series to fit. First guesses come from the speed: going back from the
// speed peak of the phase that leaves e, the times where the speed falls
// through 40 % and 20 % of the peak, extrapolated linearly to zero speed
// (and the mirror for the phase that arrives); slow drifts while at rest
// (breathing, settling the bar, walking) are far below 20 % of a lift's
// peak speed, so they do not move the guesses. Each guess then gets a
// window as long on the resting side as on the moving side, where the
// moving side reaches to vertexFrac of the phase's travel; when the two
// windows overlap (no pause, or a short one) both vertices are fitted
// together, else each on its own window. Fits are repeated twice,
// re-centring the windows on the result. A side is NaN when the movement
// there is already (or still) under way at the run's first (last) frame.
func restAt(hs, v []float64, fit [][]float64, e, prev, next int) [2]float64 {
	n := len(hs)
	lvl := hs[e]
	sgn := 1.0 // direction of the phase arriving at e
	if (prev >= 0 && hs[prev] > lvl) || (prev < 0 && next >= 0 && hs[next] > lvl) {
		sgn = -1
	}
	// moving-side width: from guess g toward the phase (dir −1 before, +1
	// after) until the height is vertexFrac·d away from the level.
	width := func(g float64, d float64, dir int) float64 {
		i := max(0, min(n-1, int(math.Round(g))))
		for i+dir >= 0 && i+dir < n && math.Abs(hs[i]-lvl) < vertexFrac*d {
			i += dir
		}
		return math.Max(math.Abs(float64(i)-g), 3)
	}
	clampLo := func(x float64) int { return max(0, int(math.Floor(x))) }
	clampHi := func(x float64) int { return min(n-1, int(math.Ceil(x))) }
	ga, gd := math.NaN(), math.NaN()
	var wa, wd float64
	okA, okD := true, true
	if prev >= 0 {
		ga, okA = moveEnd(v, prev, e, sgn)
		wa = width(ga, math.Abs(lvl-hs[prev]), -1)
	}
	if next >= 0 {
		gd, okD = moveStart(v, e, next, -sgn)
		wd = width(gd, math.Abs(lvl-hs[next]), 1)
	}
	for range 2 {
		switch {
		case !math.IsNaN(ga) && !math.IsNaN(gd) && ga+wa >= gd-wd:
			ga, gd = fitRest(fit, clampLo(ga-wa), clampHi(gd+wd))
		default:
			if !math.IsNaN(ga) {
				ga, _ = fitRest(fit, clampLo(ga-wa), clampHi(ga+wa))
			}
			if !math.IsNaN(gd) {
				_, gd = fitRest(fit, clampLo(gd-wd), clampHi(gd+wd))
			}
		}
	}
	switch {
	case math.IsNaN(ga) && math.IsNaN(gd):
		return [2]float64{float64(e), float64(e)}
	case math.IsNaN(ga):
		ga = gd
	case math.IsNaN(gd):
		gd = ga
	case ga > gd:
		ga = (ga + gd) / 2
		gd = ga
	}
	if !okA {
		ga = math.NaN()
	}
	if !okD {
		gd = math.NaN()
	}
	return [2]float64{ga, gd}
}

// moveStart guesses where the movement from turning point a toward b
// starts (run-local frames), sgn being the direction of the height in
// that phase (see restAt). ok is false when the movement is already
// under way (above 20 % of its peak speed) at the run's first frame.
func moveStart(v []float64, a, b int, sgn float64) (t float64, ok bool) {
	s := func(i int) float64 { return sgn * v[i] }
	k := speedPeak(s, a, b)
	pk := s(k)
	if pk <= 0 {
		return float64(a), a > 0
	}
	if a == 0 && s(0) >= 0.2*pk {
		return 0, false
	}
	cross := func(f float64) float64 {
		i := k
		for i > a && s(i-1) >= f*pk {
			i--
		}
		if i == a {
			return float64(a)
		}
		return float64(i) - (s(i)-f*pk)/(s(i)-s(i-1))
	}
	tHi, tLo := cross(0.4), cross(0.2)
	return math.Max(float64(a), tLo-(tHi-tLo)), true
}

// moveEnd is moveStart's mirror: where the movement from a arrives at
// rest at b; ok is false when it is still under way at the run's last
// frame.
func moveEnd(v []float64, a, b int, sgn float64) (t float64, ok bool) {
	s := func(i int) float64 { return sgn * v[i] }
	k := speedPeak(s, a, b)
	pk := s(k)
	if pk <= 0 {
		return float64(b), b < len(v)-1
	}
	if b == len(v)-1 && s(b) >= 0.2*pk {
		return float64(b), false
	}
	cross := func(f float64) float64 {
		i := k
		for i < b && s(i+1) >= f*pk {
			i++
		}
		if i == b {
			return float64(b)
		}
		return float64(i) + (s(i)-f*pk)/(s(i)-s(i+1))
	}
	tHi, tLo := cross(0.4), cross(0.2)
	return math.Min(float64(b), tLo+(tLo-tHi)), true
}

// speedPeak is the frame of the largest speed s in [a, b].
func speedPeak(s func(int) float64, a, b int) int {
	k := a
	for i := a; i <= b; i++ {
		if s(i) > s(k) {
			k = i
		}
	}
	return k
}

// fitRest fits the rest model over frames [lo, hi] (see the file doc) and
// returns t1, t2 in run-local frames. fit[0] is the reference itself; a
// point joins when it is seen throughout the window and moves there at
// least half as much as the reference (a point that barely moves, or
// whose motion reaches the turn differently, e.g. the shoulders as the
// trunk becomes upright at a deadlift's lockout, would only blur the
// estimate).
func fitRest(fit [][]float64, lo, hi int) (float64, float64) {
	mid := float64(lo+hi) / 2
	if hi-lo < 4 {
		return mid, mid
	}
	ref := rangeOf(fit[0][lo : hi+1])
	var sums []windowSums
	for k, y := range fit {
		if k > 0 && !(rangeOf(y[lo:hi+1]) >= 0.5*ref) {
			continue
		}
		if w, ok := newWindowSums(y[lo : hi+1]); ok {
			sums = append(sums, w)
		}
	}
	if len(sums) == 0 {
		return mid, mid
	}
	m := float64(hi - lo)
	sse := func(t1, t2 float64) float64 {
		var s float64
		for _, w := range sums {
			s += w.sse(t1, t2)
		}
		return s
	}
	// Coarse grid over t1 ≤ t2, then finer grids around the best.
	step := math.Max(0.5, m/80)
	b1, b2, best := 0.0, 0.0, math.Inf(1)
	for t1 := 0.0; t1 <= m; t1 += step {
		for t2 := t1; t2 <= m; t2 += step {
			if v := sse(t1, t2); v < best {
				b1, b2, best = t1, t2, v
			}
		}
	}
	for step > 0.05 {
		step /= 4
		c1, c2 := b1, b2
		for i := -4; i <= 4; i++ {
			t1 := c1 + float64(i)*step
			if t1 < 0 || t1 > m {
				continue
			}
			for j := -4; j <= 4; j++ {
				t2 := c2 + float64(j)*step
				if t2 < t1 || t2 > m {
					continue
				}
				if v := sse(t1, t2); v < best {
					b1, b2, best = t1, t2, v
				}
			}
		}
	}
	return float64(lo) + b1, float64(lo) + b2
}

func rangeOf(y []float64) float64 {
	l, h := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		l, h = min(l, v), max(h, v)
	}
	return h - l
}

// windowSums holds prefix sums of one series over a window (frames
// 0..n−1 of the window, values centred on their mean) so that the least-
// squares error of the rest model costs O(1) per (t1, t2).
type windowSums struct {
	n    int
	p    [5][]float64 // p[k][u] = Σ_{v<u} v^k
	q    [3][]float64 // q[k][u] = Σ_{v<u} v^k·y_v
	yy   float64      // Σ y²
	ysum float64
}

func newWindowSums(y []float64) (windowSums, bool) {
	n := len(y)
	var mean float64
	for _, v := range y {
		if math.IsNaN(v) {
			return windowSums{}, false
		}
		mean += v / float64(n)
	}
	w := windowSums{n: n}
	for k := range w.p {
		w.p[k] = make([]float64, n+1)
	}
	for k := range w.q {
		w.q[k] = make([]float64, n+1)
	}
	for u, v := range y {
		v -= mean
		x := float64(u)
		pw := 1.0
		for k := range 5 {
			w.p[k][u+1] = w.p[k][u] + pw
			if k < 3 {
				w.q[k][u+1] = w.q[k][u] + pw*v
			}
			pw *= x
		}
		w.yy += v * v
		w.ysum += v
	}
	return w, true
}

// sse is the least-squares error of the rest model with vertices t1 ≤ t2.
func (w windowSums) sse(t1, t2 float64) float64 {
	a := min(max(int(math.Ceil(t1)), 0), w.n)    // frames v < t1: [0, a)
	b := min(max(int(math.Floor(t2))+1, 0), w.n) // frames v > t2: [b, n)
	// Sums of (t−v)^2, (t−v)^4 and (t−v)^2·y over a prefix or suffix.
	pre := func(k, u int) float64 { return w.p[k][u] }
	suf := func(k, u int) float64 { return w.p[k][w.n] - w.p[k][u] }
	qpre := func(k, u int) float64 { return w.q[k][u] }
	qsuf := func(k, u int) float64 { return w.q[k][w.n] - w.q[k][u] }
	s2 := func(t float64, s func(int, int) float64, u int) float64 {
		return t*t*s(0, u) - 2*t*s(1, u) + s(2, u)
	}
	s4 := func(t float64, s func(int, int) float64, u int) float64 {
		return t*t*t*t*s(0, u) - 4*t*t*t*s(1, u) + 6*t*t*s(2, u) - 4*t*s(3, u) + s(4, u)
	}
	a2, a4, ay := s2(t1, pre, a), s4(t1, pre, a), s2(t1, qpre, a)
	b2, b4, by := s2(t2, suf, b), s4(t2, suf, b), s2(t2, qsuf, b)
	// Normal equations for (p, c1, c2).
	m := [3][4]float64{
		{float64(w.n), a2, b2, w.ysum},
		{a2, a4, 0, ay},
		{b2, 0, b4, by},
	}
	c := solve3(m)
	return w.yy - (c[0]*w.ysum + c[1]*ay + c[2]*by)
}

// solve3 solves a 3×3 system given as an augmented matrix by Gaussian
// elimination with partial pivoting; a tiny ridge gives a column that is
// all zero (no frames on one side of a vertex) coefficient 0.
func solve3(m [3][4]float64) [3]float64 {
	var x [3]float64
	scale := 0.0
	for r := range 3 {
		scale = max(scale, m[r][r])
	}
	for r := range 3 {
		m[r][r] += 1e-12*scale + 1e-300
	}
	for col := range 3 {
		p := col
		for r := col + 1; r < 3; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[p][col]) {
				p = r
			}
		}
		m[col], m[p] = m[p], m[col]
		for r := col + 1; r < 3; r++ {
			f := m[r][col] / m[col][col]
			for q := col; q <= 3; q++ {
				m[r][q] -= f * m[col][q]
			}
		}
	}
	for r := 2; r >= 0; r-- {
		s := m[r][3]
		for q := r + 1; q < 3; q++ {
			s -= m[r][q] * x[q]
		}
		x[r] = s / m[r][r]
	}
	return x
}
