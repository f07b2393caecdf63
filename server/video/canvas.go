package video

import (
	"image"
	"image/color"

	"gocv.io/x/gocv"
)

// canvas is what an overlay is drawn on: a BGR picture (a photo) or the
// three planes of an I420 one (the annotated video's frames, drawn on as
// the decoder gives them: no conversion to BGR and back).
type canvas interface {
	size() (w, h int)
	line(a, b image.Point, c color.RGBA, thick int)
	disc(at image.Point, r int, c color.RGBA)
	ellipse(at, axes image.Point, c color.RGBA, thick int)
	fill(r image.Rectangle, c color.RGBA)
	text(s string, at image.Point, scale float64, c color.RGBA, thick int)
}

// bgr is a canvas over a BGR Mat.
type bgr struct{ m *gocv.Mat }

func (b bgr) size() (int, int) { return b.m.Cols(), b.m.Rows() }
func (b bgr) line(p, q image.Point, c color.RGBA, thick int) {
	gocv.Line(b.m, p, q, c, thick)
}
func (b bgr) disc(at image.Point, r int, c color.RGBA) { gocv.Circle(b.m, at, r, c, -1) }
func (b bgr) ellipse(at, axes image.Point, c color.RGBA, thick int) {
	gocv.Ellipse(b.m, at, axes, 0, 0, 360, c, thick)
}
func (b bgr) fill(r image.Rectangle, c color.RGBA) { gocv.Rectangle(b.m, r, c, -1) }
func (b bgr) text(s string, at image.Point, scale float64, c color.RGBA, thick int) {
	gocv.PutText(b.m, s, at, gocv.FontHersheySimplex, scale, c, thick)
}

// i420 is a w×h I420 picture (w and h even) as three planes: luma at full
// size, Cb and Cr at half size. Each shape is drawn on all three, on the
// chroma planes at half the coordinates and size, in the colour's BT.601
// video-range values (what OpenCV's BGR→I420 conversion, which the
// annotated video used before, gives).
type i420 struct {
	y, u, v gocv.Mat
	w, h    int
}

func newI420(w, h int) *i420 {
	return &i420{y: gocv.NewMatWithSize(h, w, gocv.MatTypeCV8UC1), u: gocv.NewMatWithSize(h/2, w/2, gocv.MatTypeCV8UC1),
		v: gocv.NewMatWithSize(h/2, w/2, gocv.MatTypeCV8UC1), w: w, h: h}
}

func (p *i420) Close() {
	p.y.Close()
	p.u.Close()
	p.v.Close()
}

// planes are the picture's bytes, plane by plane (I420 order).
func (p *i420) planes() [3][]byte {
	var out [3][]byte
	for k, m := range []*gocv.Mat{&p.y, &p.u, &p.v} {
		out[k], _ = m.DataPtrUint8() // continuous: allocated whole
	}
	return out
}

// yuv is c in BT.601 video range, each value as the first channel of a
// colour for a one-channel Mat (gocv passes B first).
func yuv(c color.RGBA) (y, u, v color.RGBA) {
	r, g, b := float64(c.R), float64(c.G), float64(c.B)
	at := func(x float64) color.RGBA { return color.RGBA{B: uint8(min(255, max(0, x+0.5)))} }
	return at(16 + (65.738*r+129.057*g+25.064*b)/256), at(128 + (-37.945*r-74.494*g+112.439*b)/256),
		at(128 + (112.439*r-94.154*g-18.285*b)/256)
}

// each draws on the luma plane at full size and on the chroma planes at
// half size (k = 1 or 2: the divisor for coordinates and sizes).
func (p *i420) each(c color.RGBA, f func(m *gocv.Mat, c color.RGBA, k int)) {
	y, u, v := yuv(c)
	f(&p.y, y, 1)
	f(&p.u, u, 2)
	f(&p.v, v, 2)
}

func (p *i420) size() (int, int) { return p.w, p.h }

func (p *i420) line(a, b image.Point, c color.RGBA, thick int) {
	p.each(c, func(m *gocv.Mat, c color.RGBA, k int) {
		gocv.Line(m, a.Div(k), b.Div(k), c, max(1, thick/k))
	})
}

func (p *i420) disc(at image.Point, r int, c color.RGBA) {
	p.each(c, func(m *gocv.Mat, c color.RGBA, k int) { gocv.Circle(m, at.Div(k), max(1, r/k), c, -1) })
}

func (p *i420) ellipse(at, axes image.Point, c color.RGBA, thick int) {
	p.each(c, func(m *gocv.Mat, c color.RGBA, k int) {
		gocv.Ellipse(m, at.Div(k), axes.Div(k), 0, 0, 360, c, max(1, thick/k))
	})
}

func (p *i420) fill(r image.Rectangle, c color.RGBA) {
	p.each(c, func(m *gocv.Mat, c color.RGBA, k int) {
		gocv.Rectangle(m, image.Rectangle{r.Min.Div(k), r.Max.Add(image.Pt(k-1, k-1)).Div(k)}, c, -1)
	})
}

func (p *i420) text(s string, at image.Point, scale float64, c color.RGBA, thick int) {
	p.each(c, func(m *gocv.Mat, c color.RGBA, k int) {
		gocv.PutText(m, s, at.Div(k), gocv.FontHersheySimplex, scale/float64(k), c, max(1, thick/k))
	})
}
