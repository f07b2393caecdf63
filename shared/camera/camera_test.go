package camera

import (
	"math"
	"math/rand"
	"testing"

	"motionlab/shared/frame"
	"motionlab/shared/track"
)

// scene draws a textured plane (smooth random blobs) seen by a camera
// that moved by m since the frame at m = identity.
func scene(w, h int, m track.Motion, seed int64) *frame.RGB {
	r := rand.New(rand.NewSource(seed))
	type blob struct{ x, y, s, v float64 }
	var bs []blob
	for range 600 {
		bs = append(bs, blob{r.Float64() * float64(w) * 1.4, r.Float64() * float64(h) * 1.4, 3 + r.Float64()*9, r.Float64()*2 - 1})
	}
	img := &frame.RGB{W: w, H: h, Stride: 3 * w, Pix: make([]byte, 3*w*h)}
	// Inverse of m: which scene point shows at pixel (x, y).
	a, b, tx, ty := float64(m[0]), float64(m[1]), float64(m[2]), float64(m[3])
	d := a*a + b*b
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			px, py := float64(x)-tx, float64(y)-ty
			sx, sy := (a*px+b*py)/d, (-b*px+a*py)/d
			v := 128.0
			for _, bl := range bs {
				dx, dy := sx-bl.x, sy-bl.y
				if dx*dx+dy*dy < 9*bl.s*bl.s {
					v += 90 * bl.v * math.Exp(-(dx*dx+dy*dy)/(2*bl.s*bl.s))
				}
			}
			c := byte(max(0, min(255, v)))
			i := y*img.Stride + 3*x
			img.Pix[i], img.Pix[i+1], img.Pix[i+2] = c, c, c
		}
	}
	return img
}

func TestFollowsAKnownMotion(t *testing.T) {
	for _, m := range []track.Motion{{1, 0, 6.4, -2.3}, {1, 0, -40, 3}, {1.02, 0.005, -12, 4}} {
		c := New()
		c.Next(scene(640, 360, track.Identity, 1), nil)
		got := c.Next(scene(640, 360, m, 1), nil)
		for k := range got {
			if math.Abs(float64(got[k]-m[k])) > []float64{0.003, 0.003, 0.3, 0.3}[k] {
				t.Errorf("motion %v: got %v", m, got)
				break
			}
		}
	}
}

// toI420 is a grey RGB frame as a decoder's video-range I420 planes.
func toI420(img *frame.RGB) *frame.RGB {
	cw, ch := (img.W+1)/2, (img.H+1)/2
	c := &frame.Chroma{U: make([]byte, cw*ch), V: make([]byte, cw*ch), Stride: cw, Matrix: frame.NewYUVMatrix(0.2126, 0.0722, false)}
	for i := range c.U {
		c.U[i], c.V[i] = 128, 128
	}
	out := &frame.RGB{W: img.W, H: img.H, Stride: img.W, Pix: make([]byte, img.W*img.H), YUV: c}
	for y := 0; y < img.H; y++ {
		for x := 0; x < img.W; x++ {
			out.Pix[y*img.W+x] = byte(16 + math.Round(219*float64(img.Pix[y*img.Stride+3*x])/255))
		}
	}
	return out
}

// TestFollowsAKnownMotionInI420: the browser's decoded frames come as I420
// planes; their luma gives the grey frame RGB gives (within the rounding
// of video range) and the same motions.
func TestFollowsAKnownMotionInI420(t *testing.T) {
	var g, gy plane
	var s, sy float64
	grey(scene(640, 360, track.Identity, 1), &s, &g)
	grey(toI420(scene(640, 360, track.Identity, 1)), &sy, &gy)
	worst := 0.0
	for i := range g.p {
		worst = math.Max(worst, math.Abs(float64(g.p[i]-gy.p[i])))
	}
	if g.w != gy.w || g.h != gy.h || s != sy || worst > 1 {
		t.Fatalf("grey frames %d×%d (scale %v) and %d×%d (%v), up to %.2f levels apart", g.w, g.h, s, gy.w, gy.h, sy, worst)
	}
	for _, m := range []track.Motion{{1, 0, 6.4, -2.3}, {1.02, 0.005, -12, 4}} {
		c := New()
		c.Next(toI420(scene(640, 360, track.Identity, 1)), nil)
		got := c.Next(toI420(scene(640, 360, m, 1)), nil)
		for k := range got {
			if math.Abs(float64(got[k]-m[k])) > []float64{0.003, 0.003, 0.3, 0.3}[k] {
				t.Errorf("motion %v: got %v", m, got)
				break
			}
		}
	}
}

// panorama is a textured strip w+extra wide, and view the w×h frame of it
// a camera panned x pixels to the right shows (the scene moves left).
type panorama struct {
	w, h int
	pix  []byte
}

func newPanorama(w, h int) *panorama {
	r := rand.New(rand.NewSource(7))
	p := &panorama{w: w, h: h, pix: make([]byte, w*h)}
	// Coarse random values, bilinearly interpolated: blobs of ~8 px.
	const cell = 8
	cw, ch := w/cell+2, h/cell+2
	grid := make([]float64, cw*ch)
	for i := range grid {
		grid[i] = r.Float64()
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			gx, gy := float64(x)/cell, float64(y)/cell
			x0, y0 := int(gx), int(gy)
			fx, fy := gx-float64(x0), gy-float64(y0)
			v := grid[y0*cw+x0]*(1-fx)*(1-fy) + grid[y0*cw+x0+1]*fx*(1-fy) + grid[(y0+1)*cw+x0]*(1-fx)*fy + grid[(y0+1)*cw+x0+1]*fx*fy
			p.pix[y*w+x] = byte(40 + 180*v)
		}
	}
	return p
}

func (p *panorama) view(x, w int) *frame.RGB {
	img := &frame.RGB{W: w, H: p.h, Stride: 3 * w, Pix: make([]byte, 3*w*p.h)}
	for y := 0; y < p.h; y++ {
		for i := 0; i < w; i++ {
			c := p.pix[y*p.w+x+i]
			img.Pix[y*img.Stride+3*i], img.Pix[y*img.Stride+3*i+1], img.Pix[y*img.Stride+3*i+2] = c, c, c
		}
	}
	return img
}

// TestSamplerFollowsAPanThatStartsLate: a camera still for 13 frames, then
// panning 6 px a frame. The sampler gives exact identities while the
// camera is still (estimating every fourth frame only), the pan spread
// over the sample it began in, and each pan frame's own motion after.
func TestSamplerFollowsAPanThatStartsLate(t *testing.T) {
	const w, h, still, pan, speed = 480, 270, 13, 24, 6
	p := newPanorama(w+pan*speed+8, h)
	s := NewSampler()
	x := 0
	for i := 0; i < still+pan; i++ {
		if i >= still {
			x += speed
		}
		s.Add(p.view(x, w), nil)
	}
	m := s.Motions()
	if len(m) != still+pan {
		t.Fatalf("%d motions for %d frames", len(m), still+pan)
	}
	for i, mi := range m {
		want := 0.0
		if i >= still {
			want = -speed
		}
		if i >= 12 && i <= still+SampleEvery { // the sample the pan began in and its spread
			if math.Abs(float64(mi[2])-want) > 6 {
				t.Errorf("frame %d: %v, want about %g px", i, mi, want)
			}
			continue
		}
		if math.Abs(float64(mi[2])-want) > 0.2 || math.Abs(float64(mi[3])) > 0.2 {
			t.Errorf("frame %d: %v, want a shift of %g px", i, mi, want)
		}
	}
	if m[5] != track.Identity {
		t.Errorf("a still frame between samples: %v, want the identity", m[5])
	}
}

// TestSamplerFollowsAFastPanFromTheStart: a clip that opens mid-pan. Up
// to about 40 px a frame (1280 wide) the first sample across four frames
// measures it; faster, the sample's fit is wrong but not still, so every
// frame is estimated from there, and those are right (here up to 120 px
// a frame): only the first sample's frames are lost.
func TestSamplerFollowsAFastPanFromTheStart(t *testing.T) {
	const w, h, n = 1280, 360, 16
	for _, speed := range []int{40, 120} {
		p := newPanorama(w+n*speed+8, h)
		s := NewSampler()
		for i := 0; i < n; i++ {
			s.Add(p.view(i*speed, w), nil)
		}
		for i, m := range s.Motions() {
			if i == 0 || (speed > 40 && i <= SampleEvery) {
				continue
			}
			if math.Abs(float64(m[2])+float64(speed)) > 0.5 || math.Abs(float64(m[3])) > 0.5 {
				t.Errorf("pan of %d px a frame, frame %d: %v", speed, i, m)
			}
		}
	}
}

// BenchmarkSampler times the browser's estimate on 1280×720 frames of a
// textured scene, per frame: a still camera (sampled every fourth frame)
// and one panning 8 px a frame (every frame estimated). The browser's
// cost is this compiled to WebAssembly:
//
//	GOOS=js GOARCH=wasm PATH=$PATH:$(go env GOROOT)/lib/wasm go test -run '^$' -bench Sampler ./shared/camera
func BenchmarkSampler(b *testing.B) {
	const w, h, n = 1280, 720, 60
	for _, c := range []struct {
		name  string
		speed int
	}{{"still", 0}, {"pan", 8}} {
		p := newPanorama(w+n*c.speed+8, h)
		frames := make([]*frame.RGB, n)
		for i := range frames {
			frames[i] = p.view(i*c.speed, w)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				s := NewSampler()
				for _, f := range frames {
					s.Add(f, nil)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*n), "ms/frame")
		})
	}
}
