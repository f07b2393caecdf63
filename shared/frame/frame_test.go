package frame

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWarpReadsBGR: the same picture stored blue first, or with an alpha
// byte, gives the model exactly the crop the RGB picture gives, borders
// and rotation included.
func TestWarpReadsBGR(t *testing.T) {
	const w, h = 37, 23
	rgb := &RGB{W: w, H: h, Stride: 3 * w, Pix: make([]byte, 3*w*h)}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range rgb.Pix {
		rgb.Pix[i] = byte(rng.IntN(256))
	}
	bgr := &RGB{W: w, H: h, Stride: 3 * w, Pix: slices.Clone(rgb.Pix), BGR: true}
	for i := 0; i < len(bgr.Pix); i += 3 {
		bgr.Pix[i], bgr.Pix[i+2] = bgr.Pix[i+2], bgr.Pix[i]
	}
	// A rotated, scaled crop that runs off the image's top-left corner.
	a := Affine{0.9, -0.3, -4, 0.3, 0.9, -3}
	want, got := make([]float32, 16*16*3), make([]float32, 16*16*3)
	Warp(want, rgb, a, 16, 16, 1.0/255, 0)
	Warp(got, bgr, a, 16, 16, 1.0/255, 0)
	if !slices.Equal(want, got) {
		t.Fatal("the BGR frame's crop differs from the RGB frame's")
	}
	if slices.Equal(want, make([]float32, len(want))) {
		t.Fatal("the crop is all black: the test samples nothing")
	}
	// And the order matters: the same bytes read as RGB give another crop.
	bgr.BGR = false
	Warp(got, bgr, a, 16, 16, 1.0/255, 0)
	if slices.Equal(want, got) {
		t.Fatal("the BGR flag changes nothing")
	}
	// The browser's RGBA canvas pixels, the alpha byte skipped.
	rgba := &RGB{W: w, H: h, Stride: 4 * w, Pix: make([]byte, 4*w*h), Alpha: true}
	for p, q := 0, 0; p < len(rgb.Pix); p, q = p+3, q+4 {
		copy(rgba.Pix[q:q+3], rgb.Pix[p:p+3])
		rgba.Pix[q+3] = byte(rng.IntN(256))
	}
	Warp(got, rgba, a, 16, 16, 1.0/255, 0)
	if !slices.Equal(want, got) {
		t.Fatal("the RGBA frame's crop differs from the RGB frame's")
	}
}

// warpReference is Warp before its optimisation (dd09483: the affine
// applied per pixel, each neighbour byte indexed and converted): the
// optimised Warp must match it bit for bit.
func warpReference(dst []float32, img *RGB, a Affine, outW, outH int, scale, offset float32) {
	w, h := img.W, img.H
	// Where the first and third bytes of a pixel go in dst.
	first, third := 0, 2
	if img.BGR {
		first, third = 2, 0
	}
	step := 3 // bytes a pixel
	if img.Alpha {
		step = 4
	}
	i := 0
	for v := 0; v < outH; v++ {
		cv := float32(v) + 0.5
		for u := 0; u < outW; u++ {
			x, y := a.Apply(float32(u)+0.5, cv)
			// Back to index space: pixel centres at integer positions.
			x -= 0.5
			y -= 0.5
			x0, y0 := floor(x), floor(y)
			fx, fy := x-float32(x0), y-float32(y0)
			var c0, c1, c2 float32 // the pixel's bytes in stored order
			if x0 >= 0 && y0 >= 0 && x0+1 < w && y0+1 < h {
				// Fast path: all four neighbours inside.
				p := y0*img.Stride + step*x0
				q := p + img.Stride
				p1, q1 := p+step, q+step
				w00, w01, w10, w11 := (1-fx)*(1-fy), fx*(1-fy), (1-fx)*fy, fx*fy
				pix := img.Pix
				c0 = w00*float32(pix[p]) + w01*float32(pix[p1]) + w10*float32(pix[q]) + w11*float32(pix[q1])
				c1 = w00*float32(pix[p+1]) + w01*float32(pix[p1+1]) + w10*float32(pix[q+1]) + w11*float32(pix[q1+1])
				c2 = w00*float32(pix[p+2]) + w01*float32(pix[p1+2]) + w10*float32(pix[q+2]) + w11*float32(pix[q1+2])
			} else if x0 >= -1 && y0 >= -1 && x0 < w && y0 < h {
				for dy := 0; dy < 2; dy++ {
					yy := y0 + dy
					if yy < 0 || yy >= h {
						continue
					}
					wy := fy
					if dy == 0 {
						wy = 1 - fy
					}
					for dx := 0; dx < 2; dx++ {
						xx := x0 + dx
						if xx < 0 || xx >= w {
							continue
						}
						wx := fx
						if dx == 0 {
							wx = 1 - fx
						}
						p := yy*img.Stride + step*xx
						c0 += wx * wy * float32(img.Pix[p])
						c1 += wx * wy * float32(img.Pix[p+1])
						c2 += wx * wy * float32(img.Pix[p+2])
					}
				}
			}
			dst[i+first] = c0*scale + offset
			dst[i+1] = c1*scale + offset
			dst[i+third] = c2*scale + offset
			i += 3
		}
	}
}

// TestWarpMatchesReference: inside the picture, across its borders and
// off it, in RGB, BGR and RGBA, Warp gives the reference's exact floats.
func TestWarpMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, f := range []struct{ bgr, alpha bool }{{false, false}, {true, false}, {false, true}} {
		const w, h = 61, 47
		step := 3
		if f.alpha {
			step = 4
		}
		img := &RGB{W: w, H: h, Stride: step*w + 5, Pix: make([]byte, (step*w+5)*h), BGR: f.bgr, Alpha: f.alpha}
		for i := range img.Pix {
			img.Pix[i] = byte(rng.IntN(256))
		}
		for k := 0; k < 50; k++ {
			s, r := 0.2+rng.Float32()*1.5, (rng.Float32()-0.5)*2
			a := Affine{s, -r * s, rng.Float32()*80 - 20, r * s, s, rng.Float32()*60 - 15}
			want, got := make([]float32, 24*20*3), make([]float32, 24*20*3)
			warpReference(want, img, a, 24, 20, 2.0/255, -1)
			Warp(got, img, a, 24, 20, 2.0/255, -1)
			if !slices.Equal(want, got) {
				t.Fatalf("bgr %v alpha %v affine %v: Warp differs from the reference", f.bgr, f.alpha, a)
			}
		}
	}
}

// BenchmarkWarp: the landmark model's 256² crop of a 1080p BGR frame,
// rotated a little, as the server takes it every frame for each person;
// "reference" is the code before the optimisation, in the same run.
func BenchmarkWarp(b *testing.B) {
	const w, h = 1920, 1080
	img := &RGB{W: w, H: h, Stride: 3 * w, Pix: make([]byte, 3*w*h), BGR: true}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range img.Pix {
		img.Pix[i] = byte(rng.IntN(256))
	}
	a := Affine{1.9, -0.2, 800, 0.2, 1.9, 300}
	dst := make([]float32, 256*256*3)
	// The browser's frames: RGBA as the decoder converts them, or its own
	// I420 planes.
	rgba := &RGB{W: w, H: h, Stride: 4 * w, Pix: make([]byte, 4*w*h), Alpha: true}
	yuv, _ := i420(w, h, NewYUVMatrix(0.2126, 0.0722, false), func(cx, cy int) (byte, byte) { return byte(cx), byte(cy) })
	b.Run("RGBA", func(b *testing.B) {
		for b.Loop() {
			Warp(dst, rgba, a, 256, 256, 1.0/255, 0)
		}
	})
	b.Run("I420", func(b *testing.B) {
		for b.Loop() {
			Warp(dst, yuv, a, 256, 256, 1.0/255, 0)
		}
	})
	for _, c := range []struct {
		name string
		warp func([]float32, *RGB, Affine, int, int, float32, float32)
	}{{"Warp", Warp}, {"reference", warpReference}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.warp(dst, img, a, 256, 256, 1.0/255, 0)
			}
		})
	}
}

// i420 is a w×h I420 frame with random luma (kept off the clipping range)
// and chroma from uv (chroma sample coordinates), and the same picture as
// RGB: each pixel converted with its block's chroma, as a decoder does.
func i420(w, h int, m *YUVMatrix, uv func(cx, cy int) (byte, byte)) (yuv, rgb *RGB) {
	rng := rand.New(rand.NewPCG(7, 8))
	cw, ch := (w+1)/2, (h+1)/2
	c := &Chroma{U: make([]byte, cw*ch+3), V: make([]byte, cw*ch+3), Stride: cw, Matrix: m}
	for y := 0; y < ch; y++ {
		for x := 0; x < cw; x++ {
			c.U[y*cw+x], c.V[y*cw+x] = uv(x, y)
		}
	}
	yuv = &RGB{W: w, H: h, Stride: w + 2, Pix: make([]byte, (w+2)*h), YUV: c}
	rgb = &RGB{W: w, H: h, Stride: 3 * w, Pix: make([]byte, 3*w*h)}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			l := byte(60 + rng.IntN(130))
			yuv.Pix[y*yuv.Stride+x] = l
			q := (y/2)*cw + x/2
			r, g, b := m.rgb(float32(l), c.U[q], c.V[q])
			p := rgb.Pix[3*(y*w+x):]
			p[0], p[1], p[2] = byte(r+0.5), byte(g+0.5), byte(b+0.5)
		}
	}
	return yuv, rgb
}

// TestWarpReadsI420: a crop of an I420 frame is the crop of the frame
// converted to RGB: to the rounding of that RGB to bytes everywhere,
// borders included, where the colour is even; where it changes, to the
// step between two chroma samples (the crop blends converted pixels of two
// blocks where Warp takes one block's chroma). Rec. 709 in video range
// gives the decoder's RGB.
func TestWarpReadsI420(t *testing.T) {
	m := NewYUVMatrix(0.2126, 0.0722, false)
	if r, g, b := m.rgb(235, 128, 128); r != 255 || g != 255 || b != 255 {
		t.Fatalf("video-range white is %v %v %v", r, g, b)
	}
	if r, g, b := m.rgb(63, 102, 240); int(r+0.5) != 255 || int(g+0.5) > 1 || int(b+0.5) > 1 {
		t.Fatalf("Rec. 709 red is %v %v %v", r, g, b)
	}
	const w, h = 41, 29 // odd: the last chroma sample covers one luma column and row
	for _, c := range []struct {
		name   string
		uv     func(cx, cy int) (byte, byte)
		inside bool
		tol    float32
	}{
		{"even colour", func(int, int) (byte, byte) { return 110, 150 }, false, 0.51},
		{"colour gradient", func(cx, cy int) (byte, byte) { return byte(100 + 2*cx + cy), byte(150 - cx - 2*cy) }, true, 4},
	} {
		yuv, rgb := i420(w, h, m, c.uv)
		a := Affine{0.9, -0.3, -4, 0.3, 0.9, -3} // off the top-left corner
		if c.inside {
			a = Affine{0.6, -0.2, 12, 0.2, 0.6, 5}
		}
		want, got := make([]float32, 20*20*3), make([]float32, 20*20*3)
		Warp(want, rgb, a, 20, 20, 1.0/255, 0)
		Warp(got, yuv, a, 20, 20, 1.0/255, 0)
		worst := float32(0)
		for i := range want {
			worst = max(worst, got[i]-want[i], want[i]-got[i])
		}
		if worst > c.tol/255 {
			t.Errorf("%s: the I420 crop is up to %.1f/255 off the RGB one", c.name, worst*255)
		}
		if slices.Equal(got, make([]float32, len(got))) {
			t.Fatalf("%s: the crop is all black", c.name)
		}
	}
}

// TestMatrixNamed: WebCodecs' colour matrix names give their standard's
// matrix in either range; other names none.
func TestMatrixNamed(t *testing.T) {
	m, ok := MatrixNamed("bt709", false)
	if !ok || *m != *NewYUVMatrix(0.2126, 0.0722, false) {
		t.Error("bt709 is not Rec. 709 in video range")
	}
	if f, _ := MatrixNamed("smpte170m", true); f == nil || *f != *NewYUVMatrix(0.299, 0.114, true) {
		t.Error("smpte170m full range is not Rec. 601 in full range")
	}
	if _, ok := MatrixNamed("rgb", false); ok {
		t.Error("rgb has a YUV matrix")
	}
	if got := MatrixNames(); !slices.Equal(got, []string{"bt2020-ncl", "bt470bg", "bt709", "smpte170m"}) {
		t.Errorf("names %v", got)
	}
}
