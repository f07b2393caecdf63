package camera

import (
	"motionlab/shared/frame"
)

// plane is a grey image, one float32 a pixel, rows of w.
type plane struct {
	w, h int
	p    []float32
}

func (g *plane) at(x, y int) float32 { return g.p[y*g.w+x] }

// resize makes g w×h, reusing its memory; the pixels are not cleared.
func (g *plane) resize(w, h int) {
	g.w, g.h = w, h
	if cap(g.p) < w*h {
		g.p = make([]float32, w*h)
	}
	g.p = g.p[:w*h]
}

// grey is img in grey levels (0–255) at 1/step of its size, step the
// largest power of two that leaves it at least minWidth wide; scale is set
// to 1/step. Every frame pixel read is read once: the grey frame is most
// of a still camera's cost in the browser, where a 1768-wide frame read
// whole took longer than the rest of the estimate.
func grey(img *frame.RGB, scale *float64, g *plane) {
	step := 1
	for img.W/(2*step) >= minWidth && step < 64 {
		step *= 2
	}
	*scale = 1 / float64(step)
	luma(img, step, g)
}

// luma is img's luminance (Rec. 601 weights), at 1/step of its size
// (step a power of two; an odd last row or column dropped): with step 2
// each pixel the mean of a 2×2 block, with a larger step the mean of four
// pixels step/2 apart in each step×step block. Fewer reads than a full
// area mean, and enough against aliasing: a plain subsample lets fine
// texture (a compression grid) move on its own, which drew the fit on the
// panning sprint.
func luma(img *frame.RGB, step int, g *plane) {
	if img.YUV != nil {
		lumaPlane(img, step, g)
		return
	}
	px := 3
	if img.Alpha {
		px = 4
	}
	wr, wb := int32(77), int32(29) // weights ×256 of the first and third byte
	if img.BGR {
		wr, wb = wb, wr
	}
	if step == 1 {
		g.resize(img.W, img.H)
		for y := 0; y < img.H; y++ {
			row := img.Pix[y*img.Stride:]
			for x := 0; x < img.W; x++ {
				c := row[x*px : x*px+3 : x*px+3]
				g.p[y*img.W+x] = float32(wr*int32(c[0])+150*int32(c[1])+wb*int32(c[2])) / 256
			}
		}
		return
	}
	gap := step / 2 // between the two pixels read across and down
	w, h := img.W/step, img.H/step
	g.resize(w, h)
	for y := 0; y < h; y++ {
		r0, r1 := img.Pix[step*y*img.Stride:], img.Pix[(step*y+gap)*img.Stride:]
		out := g.p[y*w : (y+1)*w]
		n := gap * px
		for x := range out {
			o := step * x * px
			a, b := r0[o:o+n+3:o+n+3], r1[o:o+n+3:o+n+3]
			c0 := int32(a[0]) + int32(a[n]) + int32(b[0]) + int32(b[n])
			c1 := int32(a[1]) + int32(a[n+1]) + int32(b[1]) + int32(b[n+1])
			c2 := int32(a[2]) + int32(a[n+2]) + int32(b[2]) + int32(b[n+2])
			out[x] = float32(wr*c0+150*c1+wb*c2) / 1024
		}
	}
}

// lumaPlane is luma for an I420 frame: its luma plane, read as luma reads
// RGB (every pixel, a 2×2 block's mean or four pixels step/2 apart), in
// the grey levels its matrix gives.
func lumaPlane(img *frame.RGB, step int, g *plane) {
	y0, ys := img.YUV.Matrix.Luma()
	if step == 1 {
		g.resize(img.W, img.H)
		for y := 0; y < img.H; y++ {
			row := img.Pix[y*img.Stride : y*img.Stride+img.W]
			out := g.p[y*img.W : (y+1)*img.W]
			for x, v := range row {
				out[x] = ys * (float32(v) - y0)
			}
		}
		return
	}
	gap := step / 2
	w, h := img.W/step, img.H/step
	g.resize(w, h)
	ys /= 4
	for y := 0; y < h; y++ {
		r0, r1 := img.Pix[step*y*img.Stride:], img.Pix[(step*y+gap)*img.Stride:]
		out := g.p[y*w : (y+1)*w]
		for x := range out {
			o := step * x
			a, b := r0[o:o+gap+1:o+gap+1], r1[o:o+gap+1:o+gap+1]
			out[x] = ys * (float32(int32(a[0])+int32(a[gap])+int32(b[0])+int32(b[gap])) - 4*y0)
		}
	}
}

// half is g blurred by a 5×5 Gaussian ([1 4 6 4 1]/16 each way) and
// subsampled 2:1, borders mirrored: OpenCV's pyrDown, which its optical
// flow's pyramid is made of.
func half(g, o, scratch *plane) {
	w, h := max(1, (g.w+1)/2), max(1, (g.h+1)/2)
	scratch.resize(w, g.h) // rows blurred and subsampled across
	tmp := scratch.p
	for y := 0; y < g.h; y++ {
		r := g.p[y*g.w : (y+1)*g.w]
		for x := 0; x < w; x++ {
			c := 2 * x
			tmp[y*w+x] = (r[mirror(c-2, g.w)] + 4*r[mirror(c-1, g.w)] + 6*r[c] + 4*r[mirror(c+1, g.w)] + r[mirror(c+2, g.w)]) / 16
		}
	}
	o.resize(w, h)
	for y := 0; y < h; y++ {
		c := 2 * y
		r0, r1, r2 := tmp[mirror(c-2, g.h)*w:], tmp[mirror(c-1, g.h)*w:], tmp[c*w:]
		r3, r4 := tmp[mirror(c+1, g.h)*w:], tmp[mirror(c+2, g.h)*w:]
		out := o.p[y*w : (y+1)*w]
		for x := range out {
			out[x] = (r0[x] + 4*r1[x] + 6*r2[x] + 4*r3[x] + r4[x]) / 16
		}
	}
}

// mirror reflects index i into [0, n) without repeating the edge
// (OpenCV's BORDER_REFLECT_101).
func mirror(i, n int) int {
	if n == 1 {
		return 0
	}
	for i < 0 || i >= n {
		if i < 0 {
			i = -i
		}
		if i >= n {
			i = 2*n - 2 - i
		}
	}
	return i
}

// gradients are g's derivatives by the Scharr operator (OpenCV's, which
// its optical flow uses), divided by 32: per pixel, so that a ramp of one
// grey level a pixel reads 1. Border pixels are 0.
func gradients(g, dx, dy *plane) {
	dx.resize(g.w, g.h)
	dy.resize(g.w, g.h)
	clear(dx.p)
	clear(dy.p)
	for y := 1; y < g.h-1; y++ {
		u, c, d := g.p[(y-1)*g.w:], g.p[y*g.w:], g.p[(y+1)*g.w:]
		for x := 1; x < g.w-1; x++ {
			dx.p[y*g.w+x] = (3*(u[x+1]-u[x-1]) + 10*(c[x+1]-c[x-1]) + 3*(d[x+1]-d[x-1])) / 32
			dy.p[y*g.w+x] = (3*(d[x-1]-u[x-1]) + 10*(d[x]-u[x]) + 3*(d[x+1]-u[x+1])) / 32
		}
	}
}
