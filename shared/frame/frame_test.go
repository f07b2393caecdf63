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
