package frame

// Shrunk is a region of a frame kept at 1/F of its size: pixel (u, v)
// is the mean of the F×F pixels from (X0+F·u, Y0+F·v), in RGB order, or,
// shrunk from an I420 frame, an I420 picture itself (each plane's samples
// averaged over F×F; X0 and Y0 even, so that its chroma blocks are the
// frame's). Going back over frames that already went by (posetrack's
// backfill) keeps a second or two of them: a region around one person,
// shrunk until that person's model crop is still sampled from at least
// its own resolution, costs a few hundred kilobytes where the whole frame
// costs megabytes.
type Shrunk struct {
	RGB
	X0, Y0, F int
}

// Shrink fills dst with the region of src from (x0, y0), w×h pixels, at
// 1/f of its size (f ≥ 1; the region is cut to whole f×f blocks and to
// src; an I420 frame's starts at even coordinates). dst's pixels are
// reused when they are large enough. The sums are integer and an I420
// frame stays I420 (Warp converts the crop's pixels only): converting
// each pixel of the region took the browser's WebAssembly 54 ms a frame
// on the Sports2D demo, where this takes a few (BenchmarkShrink).
func Shrink(dst *Shrunk, src *RGB, x0, y0, w, h, f int) {
	f = max(1, f)
	x0, y0 = max(0, x0), max(0, y0)
	if src.YUV != nil {
		w, h = w+x0&1, h+y0&1
		x0, y0 = x0&^1, y0&^1
	}
	w, h = max(0, min(w, src.W-x0)/f), max(0, min(h, src.H-y0)/f)
	dst.X0, dst.Y0, dst.F = x0, y0, f
	if src.YUV != nil {
		shrinkI420(dst, src, w, h)
		return
	}
	n := 3 * w * h
	dst.RGB = RGB{W: w, H: h, Stride: 3 * w, Pix: grow(dst.Pix, n)}
	step := 3
	if src.Alpha {
		step = 4
	}
	acc := make([]uint32, 3*w)
	ff, half := uint32(f*f), uint32(f*f/2)
	r, b := 0, 2
	if src.BGR {
		r, b = 2, 0
	}
	for v := range h {
		clear(acc)
		for y := y0 + f*v; y < y0+f*(v+1); y++ {
			row := src.Pix[y*src.Stride+step*x0 : y*src.Stride+step*(x0+f*w)]
			for u := range w {
				a := acc[3*u : 3*u+3 : 3*u+3]
				for k := step * f * u; k < step*f*(u+1); k += step {
					p := row[k : k+3 : k+3]
					a[0], a[1], a[2] = a[0]+uint32(p[r]), a[1]+uint32(p[1]), a[2]+uint32(p[b])
				}
			}
		}
		d := dst.Pix[3*w*v : 3*w*(v+1)]
		for i, s := range acc {
			d[i] = byte((s + half) / ff)
		}
	}
}

// shrinkI420 is Shrink of an I420 frame into a w×h I420 picture: a chroma
// sample of dst covers 2f×2f of src's pixels, f×f of its chroma samples
// (fewer at src's right and bottom edges).
func shrinkI420(dst *Shrunk, src *RGB, w, h int) {
	f, c := dst.F, src.YUV
	cw, ch := (w+1)/2, (h+1)/2
	buf := grow(dst.Pix, w*h+2*cw*ch)
	dc := dst.YUV
	if dc == nil {
		dc = new(Chroma)
	}
	*dc = Chroma{U: buf[w*h : w*h+cw*ch], V: buf[w*h+cw*ch:], Stride: cw, Matrix: c.Matrix}
	dst.RGB = RGB{W: w, H: h, Stride: w, Pix: buf[:w*h], YUV: dc}
	mean(dst.Pix, w, h, src.Pix, src.Stride, src.W, src.H, dst.X0, dst.Y0, f)
	sw, sh := (src.W+1)/2, (src.H+1)/2
	mean(dc.U, cw, ch, c.U, c.Stride, sw, sh, dst.X0/2, dst.Y0/2, f)
	mean(dc.V, cw, ch, c.V, c.Stride, sw, sh, dst.X0/2, dst.Y0/2, f)
}

// mean fills dst (w×h, rows of w) with the means of the f×f blocks of a
// plane (sw×sh samples, rows of stride) from (x0, y0), each block cut to
// the plane. Each row of blocks is summed a source row at a time into
// acc: WebAssembly pays for every slice taken and every bound checked.
func mean(dst []byte, w, h int, src []byte, stride, sw, sh, x0, y0, f int) {
	acc := make([]uint32, w)
	full := min(w, (sw-x0)/f) // blocks not cut by the plane's right edge
	for v := range h {
		clear(acc)
		ya, yb := y0+f*v, min(y0+f*(v+1), sh)
		for y := ya; y < yb; y++ {
			row := src[y*stride+x0 : y*stride+sw]
			if f == 2 {
				for u := range full {
					acc[u] += uint32(row[2*u]) + uint32(row[2*u+1])
				}
			} else {
				for u := range full {
					for _, b := range row[f*u : f*u+f] {
						acc[u] += uint32(b)
					}
				}
			}
			for u := full; u < w; u++ {
				for _, b := range row[f*u:] {
					acc[u] += uint32(b)
				}
			}
		}
		d := dst[v*w : v*w+w]
		for u := range d {
			n := uint32(max(1, (yb-ya)*(min(x0+f*(u+1), sw)-x0-f*u)))
			d[u] = byte((acc[u] + n/2) / n)
		}
	}
}

// grow is b with length n, reallocated only when too small.
func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// Within maps an affine a into the source frame's coordinates (as Warp
// takes it) to the same sampling of the shrunk region.
func (s *Shrunk) Within(a Affine) Affine {
	f := float32(s.F)
	return Affine{a[0] / f, a[1] / f, (a[2] - float32(s.X0)) / f, a[3] / f, a[4] / f, (a[5] - float32(s.Y0)) / f}
}
