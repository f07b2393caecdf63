// Package frame holds a decoded video frame or photo as packed RGB bytes
// and the one crop sampler both the server and the browser use, so a pose
// model sees identical pixels on either side.
package frame

// RGB is an 8-bit colour image, rows of Stride bytes, each pixel red,
// green, blue, or with BGR blue, green, red, and with Alpha a fourth byte
// that is ignored. The server's video frames stay in OpenCV's BGR order
// and the browser's in its canvas's RGBA, because converting a whole
// frame costs more than the model crops that read it (Warp reorders the
// few pixels it samples).
type RGB struct {
	W, H, Stride int
	Pix          []byte
	BGR, Alpha   bool
}

// Affine maps output (crop) coordinates to image coordinates:
// x = A[0]·u + A[1]·v + A[2], y = A[3]·u + A[4]·v + A[5].
// Both are continuous coordinates in which pixel i covers [i, i+1), so the
// centre of crop pixel (u, v) is (u+0.5, v+0.5).
type Affine [6]float32

// Apply maps continuous crop coordinates (u, v) to image coordinates.
func (a Affine) Apply(u, v float32) (float32, float32) {
	return a[0]*u + a[1]*v + a[2], a[3]*u + a[4]*v + a[5]
}

// Warp fills dst (outW×outH×3, NHWC float32) by sampling img bilinearly at
// A·(u+0.5, v+0.5) for every crop pixel, reading outside the image as 0
// (black), then storing value·scale + offset. For a model wanting RGB in
// [0,1] use scale 1/255, offset 0; for [-1,1] use 2/255, −1.
func Warp(dst []float32, img *RGB, a Affine, outW, outH int, scale, offset float32) {
	step := 3 // bytes a pixel
	if img.Alpha {
		step = 4
	}
	w, h, pix := img.W, img.H, img.Pix
	a0, a1, a2, a3, a4, a5 := a[0], a[1], a[2], a[3], a[4], a[5] // a.Apply, unrolled: the array stays in registers
	i := 0
	for v := 0; v < outH; v++ {
		cv := float32(v) + 0.5
		for u := 0; u < outW; u++ {
			cu := float32(u) + 0.5
			x, y := a0*cu+a1*cv+a2, a3*cu+a4*cv+a5
			// Back to index space: pixel centres at integer positions.
			x -= 0.5
			y -= 0.5
			x0, y0 := floor(x), floor(y)
			fx, fy := x-float32(x0), y-float32(y0)
			var c0, c1, c2 float32 // the pixel's bytes in stored order
			if x0 >= 0 && y0 >= 0 && x0+1 < w && y0+1 < h {
				// Fast path: all four neighbours inside, each read as a
				// 3-byte slice (one bounds check a neighbour, not a byte).
				p := y0*img.Stride + step*x0
				q := p + img.Stride
				n00, n01 := pix[p:p+3:p+3], pix[p+step:p+step+3:p+step+3]
				n10, n11 := pix[q:q+3:q+3], pix[q+step:q+step+3:q+step+3]
				w00, w01, w10, w11 := (1-fx)*(1-fy), fx*(1-fy), (1-fx)*fy, fx*fy
				c0 = w00*f32[n00[0]] + w01*f32[n01[0]] + w10*f32[n10[0]] + w11*f32[n11[0]]
				c1 = w00*f32[n00[1]] + w01*f32[n01[1]] + w10*f32[n10[1]] + w11*f32[n11[1]]
				c2 = w00*f32[n00[2]] + w01*f32[n01[2]] + w10*f32[n10[2]] + w11*f32[n11[2]]
			} else {
				c0, c1, c2 = img.border(x0, y0, fx, fy, step)
			}
			if img.BGR {
				c0, c2 = c2, c0
			}
			d := dst[i : i+3 : i+3]
			d[0], d[1], d[2] = c0*scale+offset, c1*scale+offset, c2*scale+offset
			i += 3
		}
	}
}

// border is Warp's sample at (x0+fx, y0+fy) where some of the four
// neighbours lie outside the image and read as 0.
func (img *RGB) border(x0, y0 int, fx, fy float32, step int) (c0, c1, c2 float32) {
	if x0 < -1 || y0 < -1 || x0 >= img.W || y0 >= img.H {
		return 0, 0, 0
	}
	for dy := 0; dy < 2; dy++ {
		yy := y0 + dy
		if yy < 0 || yy >= img.H {
			continue
		}
		wy := fy
		if dy == 0 {
			wy = 1 - fy
		}
		for dx := 0; dx < 2; dx++ {
			xx := x0 + dx
			if xx < 0 || xx >= img.W {
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
	return c0, c1, c2
}

// f32 is each byte's float32: a table read is cheaper than a conversion,
// twelve of which each crop pixel needs.
var f32 = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(i)
	}
	return t
}()

func floor(x float32) int {
	i := int(x)
	if float32(i) > x {
		i--
	}
	return i
}
