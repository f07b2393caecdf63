package lift

// Repetition detection.
//
// The moving reference's image y is turned into a height h = −y / H (body
// heights, up positive), smoothed by a zero-lag 2nd-order Butterworth
// low-pass run forward and back (cut-off 3 Hz; 6 Hz for the clean and
// snatch, whose pull lasts a few tenths of a second) on each run of frames
// without a long gap. Turning points are found with hysteresis: a peak is
// confirmed only once h has fallen at least A below it, a trough once h
// has risen at least A above it, with A = 0.10 H for the squat (a squat to
// parallel moves the hips about 0.25–0.3 H) and 0.08 H for the others
// (a bench press moves the bar about 0.2 H). Keypoint noise (about 0.005 H)
// and the bob of walking out (about 0.01 H) are far below A, so they
// neither add nor drop repetitions; a repetition smaller than A is not
// counted. A repetition is a peak–trough–peak (squat, bench) or trough–
// peak–trough (press, deadlift, clean, snatch) sequence of consecutive
// turning points whose outer ends are settled: the athlete is seen at
// rest for at least 0.1 s before the repetition starts and after it ends
// (start and end as defined in timing.go), and the movement is not
// already above 20 % of its peak speed at the run's first frame (or still
// at its last). A movement already under way when the clip (or a run)
// begins or still under way when it ends is therefore not counted;
// neither is an excursion that never returns (unracking, racking, a half
// descent at the end of the clip).
//
// Clean and snatch: the catch is a trough of the wrists too (the athlete
// drops under the bar). A trough where the wrists are above the mid-hip is
// a catch, not the end of a repetition: it is merged away with the lower
// of its two neighbouring peaks. A clean repetition must reach a top with
// the wrists above the hips (bar racked), a snatch or press repetition a
// top with the wrists above the nose (bar overhead); so standing up empty-
// handed between attempts (wrists below the hips) is not a repetition.
// The deadlift has no such check: standing up without the bar between
// repetitions would count as one.

import (
	"math"

	"motionlab/shared/angles"
	"motionlab/shared/filter"
	"motionlab/shared/pose"
)

const (
	maxFillS   = 0.5  // gaps up to this are interpolated (s)
	vertexFrac = 0.2  // timing fit window: up to this share of the phase's travel
	ampSquat   = 0.10 // hysteresis A for the squat (body heights)
	ampOther   = 0.08 // hysteresis A for the others
	cutSlow    = 3.0  // low-pass cut-off (Hz), squat/bench/press/deadlift
	cutFast    = 6.0  // low-pass cut-off (Hz), clean/snatch
	settleS    = 0.1  // a repetition must start and end this long (s) inside a run
	nearS      = 0.1  // posture metrics: look this far (s) for a frame with the points seen
)

// series is one point (or point pair) over the clip.
type series struct {
	x, y []float64 // smoothed image position (valid where ok)
	yRaw []float64 // image y as given (gap-filled), for the timing fits
	ok   []bool    // seen or gap-filled
	seen []bool    // seen in the input
}

type analysis struct {
	o      Options
	frames []*pose.Person
	h, ppm float64
	view   string
	dir    float64
	near   int // 0 left, 1 right: the leg nearer the camera
	ref    *series
	bar    *series
	hip    *series
	amp    float64
}

func newAnalysis(frames []*pose.Person, o Options) *analysis {
	h := bodyHeight(frames)
	if !(h > 0) {
		return nil
	}
	a := &analysis{o: o, frames: frames, h: h, ppm: h / o.HeightM}
	a.view = detectView(frames, h)
	a.dir = facing(frames, o.MinVisibility)
	var vl, vr float64
	for _, p := range frames {
		if p == nil {
			continue
		}
		k := p.Keypoints
		vl += float64(k[pose.LeftHip].Visibility + k[pose.LeftKnee].Visibility + k[pose.LeftAnkle].Visibility)
		vr += float64(k[pose.RightHip].Visibility + k[pose.RightKnee].Visibility + k[pose.RightAnkle].Visibility)
	}
	if vr > vl {
		a.near = 1
	}
	cut := cutSlow
	if o.Exercise == Clean || o.Exercise == Snatch {
		cut = cutFast
	}
	a.hip = a.pairSeries(pose.LeftHip, pose.RightHip, cut)
	a.bar = a.pairSeries(pose.LeftWrist, pose.RightWrist, cut)
	a.ref, a.amp = a.bar, ampOther
	if o.Exercise == Squat {
		a.ref, a.amp = a.hip, ampSquat
	}
	return a
}

// pairSeries builds the series of a point pair as described in the
// package doc: midpoint when both are mostly seen, else the better one.
func (a *analysis) pairSeries(l, r int, cut float64) *series {
	n := len(a.frames)
	mv := a.o.MinVisibility
	var nl, nr, np int
	for _, p := range a.frames {
		if p == nil {
			continue
		}
		np++
		if p.Keypoints[l].Visibility >= mv {
			nl++
		}
		if p.Keypoints[r].Visibility >= mv {
			nr++
		}
	}
	idx := []int{l, r}
	switch {
	case 2*nl >= np && 2*nr >= np:
	case nr > nl:
		idx = []int{r}
	default:
		idx = []int{l}
	}
	xs, ys, seen := make([]float64, n), make([]float64, n), make([]bool, n)
	for i, p := range a.frames {
		if !angles.Visible(p, mv, idx...) {
			continue
		}
		for _, j := range idx {
			xs[i] += float64(p.Keypoints[j].X) / float64(len(idx))
			ys[i] += float64(p.Keypoints[j].Y) / float64(len(idx))
		}
		seen[i] = true
	}
	maxGap := int(math.Round(maxFillS * a.o.FPS))
	fx, ok := filter.FillGaps(xs, seen, maxGap)
	fy, _ := filter.FillGaps(ys, seen, maxGap)
	s := &series{x: fx, y: fy, yRaw: append([]float64(nil), fy...), ok: ok, seen: seen}
	lp, err := filter.Butterworth(cut, a.o.FPS)
	for _, run := range filter.Runs(ok) {
		if err != nil || run[1]-run[0] < 6 {
			continue
		}
		copy(s.x[run[0]:run[1]], lp.FiltFilt(s.x[run[0]:run[1]]))
		copy(s.y[run[0]:run[1]], lp.FiltFilt(s.y[run[0]:run[1]]))
	}
	return s
}

// turn is a turning point of h: a peak or a trough at frame i (run-local).
type turn struct {
	i    int
	peak bool
	from int // where the last approach to it began after a merge, else −1
}

// turningPoints finds the hysteresis turning points of h (see the file
// doc). The last, unconfirmed extreme is appended too: whether the
// movement has come to rest there is checked later.
func turningPoints(h []float64, amp float64) []turn {
	var out []turn
	if len(h) == 0 {
		return out
	}
	imax, imin, state := 0, 0, 0
	for i := range h {
		switch state {
		case 0:
			if h[i] > h[imax] {
				imax = i
			}
			if h[i] < h[imin] {
				imin = i
			}
			if h[imax]-h[i] >= amp {
				out, state, imin = append(out, turn{imax, true, -1}), -1, i
			} else if h[i]-h[imin] >= amp {
				out, state, imax = append(out, turn{imin, false, -1}), 1, i
			}
		case 1:
			if h[i] > h[imax] {
				imax = i
			}
			if h[imax]-h[i] >= amp {
				out, state, imin = append(out, turn{imax, true, -1}), -1, i
			}
		case -1:
			if h[i] < h[imin] {
				imin = i
			}
			if h[i]-h[imin] >= amp {
				out, state, imax = append(out, turn{imin, false, -1}), 1, i
			}
		}
	}
	switch state {
	case 1:
		out = append(out, turn{imax, true, -1})
	case -1:
		out = append(out, turn{imin, false, -1})
	}
	return out
}

// reps finds and measures the repetitions.
func (a *analysis) reps() []Rep {
	out := []Rep{}
	ecc := a.o.Exercise.eccentricFirst()
	for _, run := range filter.Runs(a.ref.ok) {
		r0, r1 := run[0], run[1]
		if r1-r0 < 3 {
			continue
		}
		h, hr := make([]float64, r1-r0), make([]float64, r1-r0)
		for i := range h {
			h[i], hr[i] = -a.ref.y[r0+i]/a.h, -a.ref.yRaw[r0+i]/a.h
		}
		fit := [][]float64{hr}
		for _, j := range timingPoints {
			y := make([]float64, len(h))
			for i := range y {
				y[i] = math.NaN()
				if p := a.frames[r0+i]; angles.Visible(p, a.o.MinVisibility, j) {
					y[i] = -float64(p.Keypoints[j].Y) / a.h
				}
			}
			fit = append(fit, y)
		}
		v := make([]float64, len(h))
		for i := range h {
			lo, hi := max(i-1, 0), min(i+1, len(h)-1)
			v[i] = (h[hi] - h[lo]) / float64(hi-lo)
		}
		tps := a.merge(turningPoints(h, a.amp), r0)
		rests := make([][2]float64, len(tps))
		for k, tp := range tps {
			prev, next := -1, -1
			if k > 0 {
				prev = tps[k-1].i
			}
			if tp.from >= 0 {
				prev = tp.from
			}
			if k+1 < len(tps) {
				next = tps[k+1].i
			}
			rests[k] = restAt(h, v, fit, tp.i, prev, next)
		}
		for k := 0; k+2 < len(tps); k++ {
			t0, t1, t2 := tps[k], tps[k+1], tps[k+2]
			if t0.peak != ecc || t1.peak == ecc || t2.peak != ecc {
				continue
			}
			if !ecc && !a.workingTop(r0+t1.i) {
				continue
			}
			start, arrive, depart, end := rests[k][1], rests[k+1][0], rests[k+1][1], rests[k+2][0]
			// Settled: the athlete is seen at rest before the start and
			// after the end.
			margin := math.Max(2, settleS*a.o.FPS)
			if math.IsNaN(start) || math.IsNaN(end) || start < margin || end > float64(len(h)-1)-margin {
				continue
			}
			last := float64(r1 - 1)
			clamp := func(x float64) float64 { return math.Max(float64(r0), math.Min(last, float64(r0)+x)) }
			r := Rep{start: clamp(start), arrive: clamp(arrive), depart: clamp(depart), end: clamp(end)}
			r.StartFrame = int(math.Round(r.start))
			r.BottomFrame = int(math.Round((r.arrive + r.depart) / 2))
			r.EndFrame = int(math.Round(r.end))
			first, second := (r.arrive-r.start)/a.o.FPS, (r.end-r.depart)/a.o.FPS
			if ecc {
				r.EccentricS, r.ConcentricS = first, second
				r.low = r.BottomFrame
			} else {
				r.ConcentricS, r.EccentricS = first, second
				r.low = r.StartFrame
			}
			hi, lo := math.Inf(-1), math.Inf(1)
			for i := r.StartFrame; i <= r.EndFrame; i++ {
				if i >= r0 && i < r1 {
					hi, lo = max(hi, h[i-r0]), min(lo, h[i-r0])
				}
			}
			if hi >= lo { // at a frame a second apart the rep's frames may round past each other
				r.RangeOfMotionM = (hi - lo) * a.o.HeightM
			}
			a.measure(&r)
			r.Index = len(out) + 1
			out = append(out, r)
		}
	}
	return out
}

// merge drops, for the clean and snatch, the troughs where the wrists are
// above the hips (a catch) together with the lower neighbouring peak.
func (a *analysis) merge(tps []turn, r0 int) []turn {
	if a.o.Exercise != Clean && a.o.Exercise != Snatch {
		return tps
	}
	h := func(t turn) float64 { return -a.ref.y[r0+t.i] }
	out := []turn{}
	for _, t := range tps {
		out = append(out, t)
		// out ends peak, trough(catch), peak?
		for len(out) >= 3 {
			n := len(out)
			p1, tr, p2 := out[n-3], out[n-2], out[n-1]
			if !p1.peak || tr.peak || !p2.peak || !a.wristsAboveHips(r0+tr.i) {
				break
			}
			keep := p2
			keep.from = tr.i
			if h(p1) > h(p2) {
				keep = p1
			}
			out = append(out[:n-3], keep)
		}
	}
	return out
}

// wristsAboveHips reports whether the bar proxy is above the mid-hip at
// frame i (false when either is unknown).
func (a *analysis) wristsAboveHips(i int) bool {
	return a.bar.ok[i] && a.hip.ok[i] && a.bar.y[i] < a.hip.y[i]
}

// workingTop checks the top of a concentric-first repetition (see the
// file doc); true when the points needed are not seen.
func (a *analysis) workingTop(i int) bool {
	switch a.o.Exercise {
	case Clean:
		if a.bar.ok[i] && a.hip.ok[i] {
			return a.bar.y[i] < a.hip.y[i]
		}
	case Snatch, Press:
		if p := a.nearest(i, pose.Nose); p != nil && a.bar.ok[i] {
			return a.bar.y[i] < float64(p.Keypoints[pose.Nose].Y)
		}
	}
	return true
}

// nearest returns the frame nearest to i (within nearS) where every point
// in idx is seen, or nil.
func (a *analysis) nearest(i int, idx ...int) *pose.Person {
	w := int(math.Round(nearS * a.o.FPS))
	for d := 0; d <= w; d++ {
		for _, j := range []int{i - d, i + d} {
			if j >= 0 && j < len(a.frames) && angles.Visible(a.frames[j], a.o.MinVisibility, idx...) {
				return a.frames[j]
			}
		}
	}
	return nil
}
