package frame

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestShrinkKeepsTheCrop: a model crop sampled through a shrunk region
// (Shrunk.Within) is the crop of the whole frame: at full size to float
// rounding (the affine moves by the region's corner),
// and at half size to within what averaging 2×2 blocks changes in a
// smooth picture. Each pixel of the region is the mean of its block in
// RGB order, whatever order the frame is stored in (BGR, RGBA, I420).
func TestShrinkKeepsTheCrop(t *testing.T) {
	const w, h = 64, 48
	rgb := &RGB{W: w, H: h, Stride: 3 * w, Pix: make([]byte, 3*w*h)}
	rng := rand.New(rand.NewPCG(3, 4))
	for y := range h {
		for x := range w {
			p := rgb.Pix[3*(y*w+x):]
			p[0], p[1], p[2] = byte(2*x+y), byte(3*y+x/2), byte(rng.IntN(3)+100)
		}
	}
	bgr := &RGB{W: w, H: h, Stride: 3 * w, Pix: slices.Clone(rgb.Pix), BGR: true}
	for i := 0; i < len(bgr.Pix); i += 3 {
		bgr.Pix[i], bgr.Pix[i+2] = bgr.Pix[i+2], bgr.Pix[i]
	}
	a := Affine{0.5, -0.1, 20, 0.1, 0.5, 14} // well inside the region
	want := make([]float32, 16*16*3)
	Warp(want, rgb, a, 16, 16, 1, 0)
	for _, c := range []struct {
		name string
		img  *RGB
		f    int
		tol  float32
	}{{"RGB, full size", rgb, 1, 0.01}, {"BGR, full size", bgr, 1, 0.01}, {"BGR, half size", bgr, 2, 3}} {
		var s Shrunk
		Shrink(&s, c.img, 10, 6, 40, 36, c.f)
		if s.W != 40/c.f || s.H != 36/c.f || s.X0 != 10 || s.Y0 != 6 {
			t.Fatalf("%s: region %d×%d at %d,%d", c.name, s.W, s.H, s.X0, s.Y0)
		}
		got := make([]float32, len(want))
		Warp(got, &s.RGB, s.Within(a), 16, 16, 1, 0)
		for i := range want {
			if d := got[i] - want[i]; d > c.tol || -d > c.tol {
				t.Fatalf("%s: crop value %d is %.1f, the whole frame's %.1f", c.name, i, got[i], want[i])
			}
		}
	}
	var s Shrunk
	Shrink(&s, bgr, 10, 6, 40, 36, 2)
	p, q := rgb.Pix[3*(6*w+10):], rgb.Pix[3*(7*w+10):]
	if mean := (int(p[0]) + int(p[3]) + int(q[0]) + int(q[3]) + 2) / 4; int(s.Pix[0]) != mean {
		t.Errorf("first shrunk pixel's red %d, its block's mean %d", s.Pix[0], mean)
	}
	// Cut to the frame and to whole blocks.
	Shrink(&s, rgb, 50, 40, 40, 40, 3)
	if s.W != 4 || s.H != 2 {
		t.Errorf("region past the corner: %d×%d, want 4×2", s.W, s.H)
	}
	// An I420 frame stays I420, from even coordinates, and its crop is
	// the crop of its RGB conversion shrunk (to the rounding of a mean of
	// converted bytes against a converted mean).
	m := NewYUVMatrix(0.2126, 0.0722, false)
	yuv, conv := i420(41, 29, m, func(int, int) (byte, byte) { return 110, 150 })
	var sy, sr Shrunk
	Shrink(&sy, yuv, 5, 3, 30, 24, 2)
	Shrink(&sr, conv, 4, 2, 31, 25, 2)
	if sy.YUV == nil || sy.X0 != 4 || sy.Y0 != 2 || sy.W != 15 || sy.H != 12 || len(sy.YUV.U) != 8*6 {
		t.Fatalf("I420 region: %d×%d at %d,%d, I420 %v", sy.W, sy.H, sy.X0, sy.Y0, sy.YUV != nil)
	}
	b := Affine{0.3, 0.05, 12, -0.05, 0.3, 8}
	fromRGB, fromI420 := make([]float32, 12*12*3), make([]float32, 12*12*3)
	Warp(fromRGB, &sr.RGB, sr.Within(b), 12, 12, 1, 0)
	Warp(fromI420, &sy.RGB, sy.Within(b), 12, 12, 1, 0)
	for i := range fromRGB {
		if d := fromI420[i] - fromRGB[i]; d > 1.5 || -d > 1.5 {
			t.Fatalf("I420 shrunk crop value %d is %.1f, the RGB frame's %.1f", i, fromI420[i], fromRGB[i])
		}
	}
	// Each chroma sample is its block's mean, cut at the frame's edge.
	steps, _ := i420(41, 29, m, func(cx, cy int) (byte, byte) { return byte(10 * cx), byte(10 * cy) })
	Shrink(&sy, steps, 0, 0, 41, 29, 3)
	if sy.W != 13 || sy.H != 9 || len(sy.YUV.U) != 7*5 {
		t.Fatalf("whole I420 frame by 3: %d×%d, %d chroma samples", sy.W, sy.H, len(sy.YUV.U))
	}
	for k := range 7 {
		if u := sy.YUV.U[k]; int(u) != 10*(3*k+1) {
			t.Errorf("chroma column %d: U %d, want %d", k, u, 10*(3*k+1))
		}
	}
	for k := range 5 {
		if v := sy.YUV.V[7*k]; int(v) != 10*(3*k+1) {
			t.Errorf("chroma row %d: V %d, want %d", k, v, 10*(3*k+1))
		}
	}
}

// BenchmarkShrink: the region Backfill keeps of each frame it goes back
// over on the Sports2D demo (the walker: 865×588 px of the 1768×994
// frame, shrunk by 2), from the browser's I420 planes and the server's
// BGR frame.
func BenchmarkShrink(b *testing.B) {
	const w, h = 1768, 994
	yuv, _ := i420(w, h, NewYUVMatrix(0.2126, 0.0722, false), func(cx, cy int) (byte, byte) { return byte(cx), byte(cy) })
	bgr := &RGB{W: w, H: h, Stride: 3 * w, Pix: make([]byte, 3*w*h), BGR: true}
	var s Shrunk
	for _, c := range []struct {
		name string
		img  *RGB
	}{{"I420", yuv}, {"BGR", bgr}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				Shrink(&s, c.img, 900, 406, 865, 588, 2)
			}
		})
	}
}
