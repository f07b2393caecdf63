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

func floor(x float32) int {
	i := int(x)
	if float32(i) > x {
		i--
	}
	return i
}
