package camera

import "math"

// similarity maps (x, y) to (a·x − b·y + tx, b·x + a·y + ty): a shift, a
// zoom and a roll (track.Motion's layout).
type similarity struct{ a, b, tx, ty float64 }

func (s similarity) apply(p point) point {
	return point{s.a*p.x - s.b*p.y + s.tx, s.b*p.x + s.a*p.y + s.ty}
}

// residual is how far q lies from where s maps p.
func (s similarity) residual(p, q point) float64 {
	m := s.apply(p)
	return math.Hypot(m.x-q.x, m.y-q.y)
}

// RANSAC as OpenCV's estimateAffinePartial2D with its defaults: minimal
// samples of two point pairs, inliers within ransacPx, stop once a sample
// free of outliers was drawn with ransacConfidence, then a least-squares
// fit to the inliers. The sampler is seeded the same for every frame, so
// an estimate never depends on what ran before.
const (
	ransacPx         = 3.0
	ransacConfidence = 0.99
	ransacMaxIter    = 2000
)

type ransac struct {
	inl, best []bool
}

// similarity fits the motion taking the points a onto b; ok is false
// when fewer than two pairs agree. A camera has inertia: where the pairs
// that the last motion explains are nearly as many as RANSAC's best
// consensus (at least keepLast of it), the motion fitted to them wins.
func (r *ransac) similarity(a, b []point, last similarity) (similarity, bool) {
	s, ok := r.consensus(a, b)
	if !ok {
		return s, false
	}
	best := r.count(s, a, b, r.inl)
	if n := r.count(last, a, b, r.inl); n >= 2 && float64(n) >= keepLast*float64(best) {
		near := leastSquares(a, b, r.inl)
		if m := r.count(near, a, b, r.inl); m >= 2 && float64(m) >= keepLast*float64(best) {
			return leastSquares(a, b, r.inl), true
		}
	}
	return s, true
}

// keepLast: see similarity. On the panning sprint (fast pans, blurred
// frames, a grid of compression blocks and runners that the camera
// follows, all still in the image) the last motion's pairs fall just short
// of the still ones' in some frames; 0.6–0.75 keep the pan there, 0.9
// loses it in one frame and an invented contact follows.
const keepLast = 0.75

// consensus is RANSAC's fit.
func (r *ransac) consensus(a, b []point) (similarity, bool) {
	n := len(a)
	r.inl, r.best = resize(r.inl, n), resize(r.best, n)
	bestN, seed := 0, uint64(0x9e3779b97f4a7c15)
	iters := ransacMaxIter
	for it := 0; it < iters; it++ {
		i, j := next(&seed, n), next(&seed, n)
		if i == j {
			continue
		}
		s, ok := twoPoint(a[i], a[j], b[i], b[j])
		if !ok {
			continue
		}
		if c := r.count(s, a, b, r.inl); c > bestN {
			bestN = c
			copy(r.best, r.inl)
			iters = min(iters, needed(float64(c)/float64(n)))
		}
	}
	if bestN < 2 {
		return similarity{}, false
	}
	s := leastSquares(a, b, r.best)
	// Once more over the inliers of the refined fit (as OpenCV refines).
	if r.count(s, a, b, r.inl) >= 2 {
		s = leastSquares(a, b, r.inl)
	}
	return s, true
}

func (r *ransac) count(s similarity, a, b []point, inl []bool) int {
	c := 0
	for k := range a {
		inl[k] = s.residual(a[k], b[k]) <= ransacPx
		if inl[k] {
			c++
		}
	}
	return c
}

// needed is how many samples find an outlier-free pair with
// ransacConfidence when a share w of the pairs are inliers.
func needed(w float64) int {
	p := w * w
	if p >= 1 {
		return 1
	}
	if p <= 0 {
		return ransacMaxIter
	}
	return int(math.Ceil(math.Log(1-ransacConfidence) / math.Log(1-p)))
}

// next draws an index below n (xorshift64*): deterministic, no shared
// state.
func next(s *uint64, n int) int {
	*s ^= *s >> 12
	*s ^= *s << 25
	*s ^= *s >> 27
	return int((*s * 2685821657736338717) >> 33 % uint64(n))
}

func resize(v []bool, n int) []bool {
	if cap(v) < n {
		return make([]bool, n)
	}
	return v[:n]
}

// twoPoint is the similarity taking p0, p1 onto q0, q1.
func twoPoint(p0, p1, q0, q1 point) (similarity, bool) {
	dx, dy := p1.x-p0.x, p1.y-p0.y
	ex, ey := q1.x-q0.x, q1.y-q0.y
	d := dx*dx + dy*dy
	if d < 1e-6 {
		return similarity{}, false
	}
	a, b := (dx*ex+dy*ey)/d, (dx*ey-dy*ex)/d
	return similarity{a, b, q0.x - (a*p0.x - b*p0.y), q0.y - (b*p0.x + a*p0.y)}, true
}

// leastSquares is the similarity that best takes the pairs marked in use
// (centred, closed form).
func leastSquares(a, b []point, use []bool) similarity {
	var n, ax, ay, bx, by float64
	for k := range a {
		if use[k] {
			n++
			ax, ay, bx, by = ax+a[k].x, ay+a[k].y, bx+b[k].x, by+b[k].y
		}
	}
	ax, ay, bx, by = ax/n, ay/n, bx/n, by/n
	var sa, sb, ss float64
	for k := range a {
		if use[k] {
			px, py, qx, qy := a[k].x-ax, a[k].y-ay, b[k].x-bx, b[k].y-by
			sa += px*qx + py*qy
			sb += px*qy - py*qx
			ss += px*px + py*py
		}
	}
	if ss == 0 {
		return similarity{1, 0, bx - ax, by - ay}
	}
	s := similarity{a: sa / ss, b: sb / ss}
	s.tx, s.ty = bx-(s.a*ax-s.b*ay), by-(s.b*ax+s.a*ay)
	return s
}
