package camera

import (
	"math"

	"motionlab/shared/frame"
)

// point is a position in flow pixels (level 0), pixel centres at integers.
type point struct{ x, y float64 }

// levels is the pyramid's depth below full size (OpenCV's maxLevel 3: a
// pan of up to ~8 × winHalf flow pixels a frame is followed).
const levels = 3

// pyramid is a grey frame at up to levels+1 sizes (n of them), each with
// its gradients; its memory is reused from frame to frame.
type pyramid struct {
	level, dx, dy [levels + 1]plane
	n             int
	tmp           plane
}

// build makes p img's pyramid; scale is set to flow pixels per frame
// pixel.
func (p *pyramid) build(img *frame.RGB, scale *float64) {
	grey(img, scale, &p.level[0])
	p.n = 1
	for l := 1; l <= levels; l++ {
		g := &p.level[l-1]
		if g.w < 2*winHalf+3 || g.h < 2*winHalf+3 {
			break
		}
		half(g, &p.level[l], &p.tmp)
		p.n++
	}
	for l := 0; l < p.n; l++ {
		gradients(&p.level[l], &p.dx[l], &p.dy[l])
	}
}

const (
	winHalf = 7 // the window is 15×15 pixels at each level (OpenCV's 21×21 followed the panning sprint no better)
	// maxIter and epsilon end a level's iterations (OpenCV's defaults are
	// 30 and 0.01 px; a camera's smooth motion converges in a few).
	maxIter = 20
	epsilon = 0.01
	// minEig: a window whose gradient matrix's smaller eigenvalue (per
	// pixel, grey levels²) is under this is flat or an edge: its motion
	// along the edge is unknown.
	minEig = 1e-2
)

// flow follows p from prev into next by pyramidal Lucas–Kanade (Bouguet's
// formulation, as OpenCV's calcOpticalFlowPyrLK), starting from guess (a
// displacement in flow pixels): at each level from the coarsest, the
// displacement that minimises the window's squared difference,
// Gauss–Newton with the previous frame's gradients. ok is false where a
// window leaves the image or has no texture.
func flow(prev, next *pyramid, p, guess point) (point, bool) {
	top := prev.n - 1
	f := math.Ldexp(1, -top)
	dx, dy := guess.x*f, guess.y*f // displacement at the current level
	for l := top; l >= 0; l-- {
		f := math.Ldexp(1, -l)
		var ok bool
		if dx, dy, ok = refine(prev, next, l, p.x*f, p.y*f, dx, dy); !ok {
			return point{}, false
		}
		if l > 0 {
			dx, dy = 2*dx, 2*dy
		}
	}
	return point{p.x + dx, p.y + dy}, true
}

// win is the number of pixels in a window.
const win = (2*winHalf + 1) * (2*winHalf + 1)

// window samples g bilinearly at the window's pixels around continuous
// (x, y) into out; ok is false where (x, y) itself leaves the image. A
// window partly outside reads the border pixels repeated (as OpenCV's
// pyramid borders do). All its pixels share one fractional offset, so one
// set of weights serves.
func window(g *plane, x, y float64, out *[win]float32) bool {
	if !(x >= 0 && y >= 0 && x <= float64(g.w-1) && y <= float64(g.h-1)) {
		return false
	}
	fx0, fy0 := math.Floor(x), math.Floor(y)
	x0, y0 := int(fx0), int(fy0)
	fx, fy := float32(x-fx0), float32(y-fy0)
	if x0-winHalf < 0 || y0-winHalf < 0 || x0+winHalf+1 >= g.w || y0+winHalf+1 >= g.h {
		windowAtBorder(g, x0, y0, fx, fy, out)
		return true
	}
	// Interpolated across once per row, then down between rows.
	var rows [2*winHalf + 2][2*winHalf + 1]float32
	for v := range rows {
		r := g.p[(y0-winHalf+v)*g.w+x0-winHalf : (y0-winHalf+v)*g.w+x0+winHalf+2]
		for u := range rows[v] {
			rows[v][u] = r[u] + fx*(r[u+1]-r[u])
		}
	}
	k := 0
	for v := 0; v <= 2*winHalf; v++ {
		a, b := &rows[v], &rows[v+1]
		for u := range a {
			out[k] = a[u] + fy*(b[u]-a[u])
			k++
		}
	}
	return true
}

// windowAtBorder is window for one partly outside the image.
func windowAtBorder(g *plane, x0, y0 int, fx, fy float32, out *[win]float32) {
	w00, w01, w10, w11 := (1-fx)*(1-fy), fx*(1-fy), (1-fx)*fy, fx*fy
	k := 0
	for v := -winHalf; v <= winHalf; v++ {
		ya, yb := clamp(y0+v, g.h), clamp(y0+v+1, g.h)
		for u := -winHalf; u <= winHalf; u++ {
			xa, xb := clamp(x0+u, g.w), clamp(x0+u+1, g.w)
			out[k] = w00*g.at(xa, ya) + w01*g.at(xb, ya) + w10*g.at(xa, yb) + w11*g.at(xb, yb)
			k++
		}
	}
}

func clamp(i, n int) int { return min(n-1, max(0, i)) }

// refine iterates the displacement (dx, dy) of the window at (x, y) in
// level l.
func refine(prev, next *pyramid, l int, x, y, dx, dy float64) (float64, float64, bool) {
	var iv, gx, gy, jv [win]float32
	if !window(&prev.level[l], x, y, &iv) || !window(&prev.dx[l], x, y, &gx) || !window(&prev.dy[l], x, y, &gy) {
		return 0, 0, false
	}
	var sxx, sxy, syy float64
	for k := range gx {
		sxx += float64(gx[k] * gx[k])
		sxy += float64(gx[k] * gy[k])
		syy += float64(gy[k] * gy[k])
	}
	det := sxx*syy - sxy*sxy
	eig := (sxx + syy - math.Sqrt((sxx-syy)*(sxx-syy)+4*sxy*sxy)) / 2
	if eig/win < minEig || det == 0 {
		return 0, 0, false
	}
	for it := 0; it < maxIter; it++ {
		if !window(&next.level[l], x+dx, y+dy, &jv) {
			return 0, 0, false
		}
		var bx, by float32
		for k := range jv {
			e := jv[k] - iv[k]
			bx += e * gx[k]
			by += e * gy[k]
		}
		// Solve G·δ = −b.
		sx := -(syy*float64(bx) - sxy*float64(by)) / det
		sy := -(sxx*float64(by) - sxy*float64(bx)) / det
		dx, dy = dx+sx, dy+sy
		if sx*sx+sy*sy < epsilon*epsilon {
			break
		}
	}
	return dx, dy, true
}
