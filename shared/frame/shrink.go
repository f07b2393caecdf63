package frame

// Shrunk is a region of a frame kept at 1/F of its size: pixel (u, v)
// is the mean of the F×F pixels from (X0+F·u, Y0+F·v), in RGB order.
// Going back over frames that already went by (posetrack's backfill)
// keeps a second of them: a region around one person, shrunk until that
// person's model crop is still sampled from at least its own resolution,
// costs a few hundred kilobytes where the whole frame costs megabytes.
type Shrunk struct {
	RGB
	X0, Y0, F int
}

// Shrink fills dst with the region of src from (x0, y0), w×h pixels, at
// 1/f of its size (f ≥ 1; the region is cut to whole f×f blocks and to
// src). dst's pixels are reused when they are large enough.
func Shrink(dst *Shrunk, src *RGB, x0, y0, w, h, f int) {
	f = max(1, f)
	x0, y0 = max(0, x0), max(0, y0)
	w, h = min(w, src.W-x0)/f, min(h, src.H-y0)/f
	w, h = max(0, w), max(0, h)
	n := 3 * w * h
	if cap(dst.Pix) < n {
		dst.Pix = make([]byte, n)
	}
	dst.RGB = RGB{W: w, H: h, Stride: 3 * w, Pix: dst.Pix[:n]}
	dst.X0, dst.Y0, dst.F = x0, y0, f
	step := 3
	if src.Alpha {
		step = 4
	}
	inv := 1 / float32(f*f)
	i := 0
	for v := range h {
		for u := range w {
			var c0, c1, c2 float32
			for y := y0 + f*v; y < y0+f*(v+1); y++ {
				for x := x0 + f*u; x < x0+f*(u+1); x++ {
					a, b, c := src.at(x, y, step)
					c0, c1, c2 = c0+a, c1+b, c2+c
				}
			}
			if src.BGR && src.YUV == nil {
				c0, c2 = c2, c0
			}
			d := dst.Pix[i : i+3 : i+3]
			d[0], d[1], d[2] = round255(c0*inv), round255(c1*inv), round255(c2*inv)
			i += 3
		}
	}
}

func round255(x float32) byte { return byte(clamp255(x) + 0.5) }

// Within maps an affine a into the source frame's coordinates (as Warp
// takes it) to the same sampling of the shrunk region.
func (s *Shrunk) Within(a Affine) Affine {
	f := float32(s.F)
	return Affine{a[0] / f, a[1] / f, (a[2] - float32(s.X0)) / f, a[3] / f, a[4] / f, (a[5] - float32(s.Y0)) / f}
}
