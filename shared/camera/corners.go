package camera

import (
	"math"
	"sort"
)

// Corner selection as OpenCV's goodFeaturesToTrack with the server's
// settings: the smaller eigenvalue of the gradients' matrix over a 3×3
// block (Shi and Tomasi), local maxima only, at least cornerQuality of
// the strongest, strongest first, no two closer than cornerSpacing.
const (
	cornerQuality = 0.001
	cornerSpacing = 5 // flow pixels
)

// corners returns up to n corners of p's full-size level.
func corners(p *pyramid, n int) []point {
	g, dx, dy := &p.level[0], &p.dx[0], &p.dy[0]
	// The gradients' products, summed over each 3×3 block (across, then
	// down), and the smaller eigenvalue of each block's matrix.
	size := len(g.p)
	xx, xy, yy := make([]float32, size), make([]float32, size), make([]float32, size)
	for i := range g.p {
		xx[i], xy[i], yy[i] = dx.p[i]*dx.p[i], dx.p[i]*dy.p[i], dy.p[i]*dy.p[i]
	}
	for _, m := range [][]float32{xx, xy, yy} {
		box3(m, g.w, g.h)
	}
	eig := make([]float32, size)
	var best float32
	for y := 2; y < g.h-2; y++ {
		for x := 2; x < g.w-2; x++ {
			i := y*g.w + x
			a, b, c := xx[i], xy[i], yy[i]
			e := (a + c - float32(math.Sqrt(float64((a-c)*(a-c)+4*b*b)))) / 2
			eig[i] = e
			best = max(best, e)
		}
	}
	type cand struct {
		e    float32
		x, y int
	}
	var cs []cand
	for y := 3; y < g.h-3; y++ {
		for x := 3; x < g.w-3; x++ {
			e := eig[y*g.w+x]
			if e > 0 && e >= cornerQuality*best && localMax(eig, g.w, x, y) {
				cs = append(cs, cand{e, x, y})
			}
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].e != cs[j].e {
			return cs[i].e > cs[j].e
		}
		return cs[i].y*g.w+cs[i].x < cs[j].y*g.w+cs[j].x
	})
	var out []point
	taken := map[[2]int][]point{} // grid cells of cornerSpacing
	for _, c := range cs {
		if len(out) == n {
			break
		}
		q := point{float64(c.x), float64(c.y)}
		if near(taken, q) {
			continue
		}
		cell := [2]int{c.x / cornerSpacing, c.y / cornerSpacing}
		taken[cell] = append(taken[cell], q)
		out = append(out, q)
	}
	return out
}

// box3 replaces each inner pixel of m (w×h) by the sum of its 3×3 block.
func box3(m []float32, w, h int) {
	tmp := make([]float32, len(m))
	for y := 0; y < h; y++ {
		r, o := m[y*w:(y+1)*w], tmp[y*w:(y+1)*w]
		for x := 1; x < w-1; x++ {
			o[x] = r[x-1] + r[x] + r[x+1]
		}
	}
	for y := 1; y < h-1; y++ {
		u, c, d, o := tmp[(y-1)*w:y*w], tmp[y*w:(y+1)*w], tmp[(y+1)*w:(y+2)*w], m[y*w:(y+1)*w]
		for x := range o {
			o[x] = u[x] + c[x] + d[x]
		}
	}
}

func localMax(eig []float32, w, x, y int) bool {
	e := eig[y*w+x]
	for v := -1; v <= 1; v++ {
		for u := -1; u <= 1; u++ {
			if eig[(y+v)*w+x+u] > e {
				return false
			}
		}
	}
	return true
}

// near: a corner already taken lies within cornerSpacing of p.
func near(taken map[[2]int][]point, p point) bool {
	cx, cy := int(p.x)/cornerSpacing, int(p.y)/cornerSpacing
	for v := -1; v <= 1; v++ {
		for u := -1; u <= 1; u++ {
			for _, q := range taken[[2]int{cx + u, cy + v}] {
				if math.Hypot(q.x-p.x, q.y-p.y) < cornerSpacing {
					return true
				}
			}
		}
	}
	return false
}
