// Package frame holds a decoded video frame or photo as packed RGB bytes
// and the one crop sampler both the server and the browser use, so a pose
// model sees identical pixels on either side.
package frame

import "sort"

// RGB is an 8-bit colour image, rows of Stride bytes, each pixel red,
// green, blue, or with BGR blue, green, red, and with Alpha a fourth byte
// that is ignored. The server's video frames stay in OpenCV's BGR order
// and the browser's in its canvas's RGBA, because converting a whole
// frame costs more than the model crops that read it (Warp reorders the
// few pixels it samples).
//
// With YUV the frame is planar YUV 4:2:0 instead (I420, as a video decoder
// gives it): Pix is the W×H luma plane, rows of Stride bytes, and YUV holds
// the two chroma planes and the matrix that turns the three into RGB. The
// browser reads its decoded frames so: copying the decoder's planes costs
// a ninth of having the decoder convert them to RGBA (BENCHMARKS.md), and
// Warp converts only the pixels it samples.
type RGB struct {
	W, H, Stride int
	Pix          []byte
	BGR, Alpha   bool
	YUV          *Chroma
}

// Chroma is an I420 frame's colour: U (Cb) and V (Cr), (W+1)/2 × (H+1)/2
// samples each, rows of Stride bytes, one sample for each 2×2 block of
// luma pixels; Matrix converts to RGB.
type Chroma struct {
	U, V   []byte
	Stride int
	Matrix *YUVMatrix
}

// YUVMatrix turns 8-bit Y, Cb, Cr into R, G, B:
// R = ys·(Y−y0) + RV·(Cr−128), G = ys·(Y−y0) − GU·(Cb−128) − GV·(Cr−128),
// B = ys·(Y−y0) + BU·(Cb−128), the chroma terms tabled per byte.
type YUVMatrix struct {
	y0, ys         float32
	rv, gu, gv, bu [256]float32
}

// NewYUVMatrix is the matrix of a colour standard's luma weights kr and kb
// (Rec. 709: 0.2126, 0.0722; Rec. 601: 0.299, 0.114; Rec. 2020: 0.2627,
// 0.0593), for video range (Y 16–235, Cb and Cr 16–240) unless full.
func NewYUVMatrix(kr, kb float32, full bool) *YUVMatrix {
	m := &YUVMatrix{y0: 16, ys: 255.0 / 219}
	cs := float32(255.0 / 224)
	if full {
		m.y0, m.ys, cs = 0, 1, 1
	}
	kg := 1 - kr - kb
	for i := range 256 {
		c := float32(i) - 128
		m.rv[i], m.bu[i] = 2*(1-kr)*cs*c, 2*(1-kb)*cs*c
		m.gu[i], m.gv[i] = 2*kb*(1-kb)/kg*cs*c, 2*kr*(1-kr)/kg*cs*c
	}
	return m
}

// Luma is how a luma byte maps to grey levels 0–255: ys·(Y − y0).
func (m *YUVMatrix) Luma() (y0, ys float32) { return m.y0, m.ys }

// matrices are the YUV matrices by the names WebCodecs gives a frame's
// colour matrix (VideoColorSpace.matrix), video range and full range.
var matrices = func() map[string][2]*YUVMatrix {
	out := map[string][2]*YUVMatrix{}
	for name, k := range map[string][2]float32{
		"bt709": {0.2126, 0.0722}, "bt470bg": {0.299, 0.114}, "smpte170m": {0.299, 0.114}, "bt2020-ncl": {0.2627, 0.0593},
	} {
		out[name] = [2]*YUVMatrix{NewYUVMatrix(k[0], k[1], false), NewYUVMatrix(k[0], k[1], true)}
	}
	return out
}()

// MatrixNamed is the YUV matrix a colour matrix name gives (VideoColorSpace
// .matrix: bt709, bt470bg, smpte170m, bt2020-ncl), full or video range;
// false for any other name.
func MatrixNamed(name string, full bool) (*YUVMatrix, bool) {
	m, ok := matrices[name]
	if !ok {
		return nil, false
	}
	if full {
		return m[1], true
	}
	return m[0], true
}

// MatrixNames are the names MatrixNamed knows.
func MatrixNames() []string {
	names := make([]string, 0, len(matrices))
	for n := range matrices {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// rgb converts luma y (a byte's value, or between two) and chroma bytes
// cb, cr to RGB, each in [0, 255].
func (m *YUVMatrix) rgb(y float32, cb, cr byte) (r, g, b float32) {
	l := m.ys * (y - m.y0)
	return clamp255(l + m.rv[cr]), clamp255(l - m.gu[cb] - m.gv[cr]), clamp255(l + m.bu[cb])
}

// clamp255 is x within [0, 255] (branches, not min and max: those handle
// NaN and cost WebAssembly a call).
func clamp255(x float32) float32 {
	if x < 0 {
		return 0
	}
	if x > 255 {
		return 255
	}
	return x
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
	if img.YUV != nil {
		warpYUV(dst, img, a, outW, outH, scale, offset)
		return
	}
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
// neighbours lie outside the image and read as 0 (step: bytes a pixel of
// an RGB frame; an I420 frame's pixels are converted one by one).
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
			a, b, c := img.at(xx, yy, step)
			c0, c1, c2 = c0+wx*wy*a, c1+wx*wy*b, c2+wx*wy*c
		}
	}
	return c0, c1, c2
}

// at is pixel (x, y): its three bytes in stored order, or an I420 frame's
// pixel converted to RGB.
func (img *RGB) at(x, y, step int) (float32, float32, float32) {
	if c := img.YUV; c != nil {
		q := (y/2)*c.Stride + x/2
		return c.Matrix.rgb(f32[img.Pix[y*img.Stride+x]], c.U[q], c.V[q])
	}
	p := y*img.Stride + step*x
	return f32[img.Pix[p]], f32[img.Pix[p+1]], f32[img.Pix[p+2]]
}

// warpYUV is Warp for an I420 frame: luma sampled bilinearly at the crop
// pixel's centre, the chroma of the 2×2 block that centre falls in (as
// the decoder's own RGB conversion repeats each chroma sample over its
// block), then converted. Where the luma's neighbours leave the picture
// each neighbour inside is converted on its own and the outside reads as
// black, as for an RGB frame. Written out in one loop: WebAssembly pays
// for every call a sample would make.
func warpYUV(dst []float32, img *RGB, a Affine, outW, outH int, scale, offset float32) {
	w, h, pix, stride, c := img.W, img.H, img.Pix, img.Stride, img.YUV
	m, cu, cv, cs := c.Matrix, c.U, c.V, c.Stride
	a0, a1, a2, a3, a4, a5 := a[0], a[1], a[2], a[3], a[4], a[5]
	ys, ly := m.ys, m.ys*m.y0
	i := 0
	for v := 0; v < outH; v++ {
		fv := float32(v) + 0.5
		for u := 0; u < outW; u++ {
			fu := float32(u) + 0.5
			x, y := a0*fu+a1*fv+a2, a3*fu+a4*fv+a5
			xi, yi := x-0.5, y-0.5
			x0, y0 := floor(xi), floor(yi)
			var r, g, b float32
			if x0 >= 0 && y0 >= 0 && x0+1 < w && y0+1 < h {
				fx, fy := xi-float32(x0), yi-float32(y0)
				p := y0*stride + x0
				n0, n1 := pix[p:p+2:p+2], pix[p+stride:p+stride+2:p+stride+2]
				l := ys*((1-fy)*((1-fx)*f32[n0[0]]+fx*f32[n0[1]])+fy*((1-fx)*f32[n1[0]]+fx*f32[n1[1]])) - ly
				q := int(y*0.5)*cs + int(x*0.5)
				ub, vb := cu[q], cv[q]
				r, g, b = clamp255(l+m.rv[vb]), clamp255(l-m.gu[ub]-m.gv[vb]), clamp255(l+m.bu[ub])
			} else {
				r, g, b = img.border(x0, y0, xi-float32(x0), yi-float32(y0), 1)
			}
			d := dst[i : i+3 : i+3]
			d[0], d[1], d[2] = r*scale+offset, g*scale+offset, b*scale+offset
			i += 3
		}
	}
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
