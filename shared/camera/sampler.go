package camera

import (
	"math"
	"math/cmplx"

	"motionlab/shared/frame"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// Sampler is Tracker for a device that cannot spare its time every frame
// (the browser): most cameras do not move, and while one does not, the
// motion is estimated only across SampleEvery frames at a time (one grey
// frame made in that many). Once a sample shows a move, that move is
// spread evenly over its frames and every frame is estimated until the
// camera has been still for StillRun frames. A move that starts and ends
// within one sample is taken as spread over it; one that starts in the
// clip's last frames after a sample is not seen.
type Sampler struct {
	t        Tracker
	motions  []track.Motion
	at       int        // the frame t.prev is (-1: none yet)
	boxes    []pose.Box // everyone tracked in frame at
	perFrame bool
	still    int // frames in a row estimated still, per frame
}

const (
	// SampleEvery is the sampling period in frames: across it the pyramid
	// (3 levels of 15×15 windows) follows a pan of up to about 40 frame
	// pixels a frame at 1280 wide; a faster one fits wrongly but not
	// still, and every frame is estimated from there (right up to 120 px a
	// frame at least: TestSamplerFollowsAFastPanFromTheStart).
	SampleEvery = 4
	// StillRun (frames: a second at 30 fps) still, frame by frame, and
	// sampling resumes.
	StillRun = 30
	// stillPx and stillZoom: a motion this small (frame pixels at the
	// frame's corners, zoom) over a sample is no move.
	stillPx   = 1.0
	stillZoom = 0.002
)

// NewSampler starts a sampled estimate for one video.
func NewSampler() *Sampler { return &Sampler{at: -1} }

// Add takes the video's next frame and the boxes of everyone tracked in
// it (frame pixels); img is not kept.
func (s *Sampler) Add(img *frame.RGB, people []pose.Box) {
	i := len(s.motions)
	s.motions = append(s.motions, track.Identity)
	switch {
	case s.at < 0:
		s.t.Next(img, nil)
	case s.perFrame:
		m := s.t.Next(img, s.boxes)
		s.motions[i] = m
		if s.still++; !still(m, img.W, img.H) {
			s.still = 0
		}
		s.perFrame = s.still < StillRun
	case i-s.at < SampleEvery:
		return // between samples: no grey made
	default:
		// A sample that fits nothing may be a pan too fast to follow
		// across it: every frame is estimated from here.
		m, ok := s.t.next(img, s.boxes)
		if !ok {
			s.perFrame, s.still = true, 0
		} else if !still(m, img.W, img.H) {
			step := root(m, i-s.at)
			for k := s.at + 1; k <= i; k++ {
				s.motions[k] = step
			}
			s.t.last = fromMotion(step, s.t.scale)
			s.perFrame, s.still = true, 0
		}
	}
	s.at = i
	s.boxes = append(s.boxes[:0], people...)
}

// Motions is the camera's motion into each frame added so far.
func (s *Sampler) Motions() []track.Motion { return s.motions }

// still: m moves no corner of a w×h frame by stillPx or more.
func still(m track.Motion, w, h int) bool {
	if math.Abs(math.Hypot(float64(m[0]), float64(m[1]))-1) >= stillZoom {
		return false
	}
	for _, c := range [][2]float64{{0, 0}, {float64(w), 0}, {0, float64(h)}, {float64(w), float64(h)}} {
		if dx, dy := m.Shift(c[0], c[1]); math.Hypot(dx, dy) >= stillPx {
			return false
		}
	}
	return true
}

// root is the motion that, made n times, is m: with z = a + ib the zoom
// and roll and t the shift, m maps x to z·x + t, so n steps of (w, u)
// make (wⁿ, u·(1 + w + … + wⁿ⁻¹)).
func root(m track.Motion, n int) track.Motion {
	z := complex(float64(m[0]), float64(m[1]))
	w := cmplx.Pow(z, complex(1/float64(n), 0))
	var sum, p complex128 = 0, 1
	for range n {
		sum += p
		p *= w
	}
	u := complex(float64(m[2]), float64(m[3])) / sum
	return track.Motion{float32(real(w)), float32(imag(w)), float32(real(u)), float32(imag(u))}
}

// fromMotion is m in flow pixels.
func fromMotion(m track.Motion, scale float64) similarity {
	return similarity{float64(m[0]), float64(m[1]), float64(m[2]) * scale, float64(m[3]) * scale}
}
