// Package camera estimates how the camera moved between consecutive video
// frames (pan, tilt, zoom) from the background, in pure Go, so that the
// browser, which has no OpenCV, measures a following camera as the server
// does. It is the server's method (server/video.CameraTracker: corners
// outside the people followed by pyramidal Lucas–Kanade optical flow, a
// similarity fitted by RANSAC, the corners that fit followed on) written
// out: no maintained Go library does sparse pyramidal optical flow, and
// OpenCV's JavaScript build (11 MB) lacks the similarity fit.
package camera

import (
	"math"

	"motionlab/shared/frame"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// Tracker estimates the camera's motion frame by frame for one video.
// Not safe for concurrent use.
type Tracker struct {
	prev  *pyramid   // nil before the first frame
	spare *pyramid   // the memory of the one before
	scale float64    // flow pixels per frame pixel
	kept  []point    // corners in prev that fitted the last motion
	last  similarity // the last motion (flow pixels): each corner's first guess
	fit   ransac
}

const (
	// minWidth: the grey frame is at least this wide (320–639 px): on the
	// panning sprint's 1280-wide frames 320 followed the server's events
	// (480 did too; 240 gained an invented contact).
	minWidth   = 320
	maxCorners = 400
	// maxFlow bounds the corners followed a frame: a similarity has four
	// unknowns, and the optical flow is most of the estimate's time.
	maxFlow = 150
	// minKept: fewer corners than this left from the last frame, and
	// corners are found afresh.
	minKept    = maxFlow / 2
	minTracked = 12 // fewer flow vectors than this: no estimate (identity)
	// inlierPx: a corner followed on must land within this distance (flow
	// pixels) of where the fitted motion puts it.
	inlierPx = 1.0
)

// New starts a camera-motion estimate for one video.
func New() *Tracker { return &Tracker{} }

// Next returns the camera's motion from the previous frame into img.
// people are the boxes of everyone tracked in the previous frame (frame
// pixels): no corner is taken on them. The first frame, and a frame whose
// background has too little texture, give the identity.
func (t *Tracker) Next(img *frame.RGB, people []pose.Box) track.Motion {
	m, _ := t.next(img, people)
	return m
}

// next is Next; ok is false where no motion could be fitted.
func (t *Tracker) next(img *frame.RGB, people []pose.Box) (track.Motion, bool) {
	cur := t.spare
	if cur == nil {
		cur = &pyramid{}
	}
	cur.build(img, &t.scale)
	prev := t.prev
	t.prev, t.spare = cur, prev
	last, kept := t.last, t.kept
	t.last, t.kept = identity, nil
	if prev == nil {
		return track.Identity, true
	}
	a, b := t.follow(prev, cur, people, kept, last)
	if len(a) < minTracked {
		return track.Identity, false
	}
	s, ok := t.fit.similarity(a, b, last)
	if !ok || !Plausible(s.a, s.b, s.tx, s.ty) {
		return track.Identity, false
	}
	t.last = s
	for i, p := range a {
		if s.residual(p, b[i]) <= inlierPx {
			t.kept = append(t.kept, b[i])
		}
	}
	return track.Motion{float32(s.a), float32(s.b), float32(s.tx / t.scale), float32(s.ty / t.scale)}, true
}

// follow picks background corners in prev (kept from the last frame, or
// fresh ones where too few are left) and returns those the
// optical flow followed into cur, and where they landed.
func (t *Tracker) follow(prev, cur *pyramid, people []pose.Box, kept []point, last similarity) (a, b []point) {
	pts := t.background(prev, kept, people)
	if len(pts) < minKept {
		pts = t.background(prev, corners(prev, maxCorners), people)
	}
	for _, p := range spread(pts, maxFlow) {
		g := last.apply(p)
		if q, ok := flow(prev, cur, p, point{g.x - p.x, g.y - p.y}); ok {
			a, b = append(a, p), append(b, q)
		}
	}
	return a, b
}

// spread is at most n of pts, evenly taken through the list.
func spread(pts []point, n int) []point {
	if len(pts) <= n {
		return pts
	}
	out := make([]point, n)
	for i := range out {
		out[i] = pts[i*len(pts)/n]
	}
	return out
}

// identity is a camera that did not move.
var identity = similarity{a: 1}

// background is pts less those in the frame's margins or on people.
func (t *Tracker) background(p *pyramid, pts []point, people []pose.Box) []point {
	var out []point
	w, h := float64(p.level[0].w), float64(p.level[0].h)
	for _, q := range pts {
		if Background(q.x, q.y, w, h, t.scale, people) {
			out = append(out, q)
		}
	}
	return out
}

// Broadcast and app overlays (a clock, a logo) sit in the frame's margins
// and do not move with the scene; corners this close to the edges
// (fractions of the frame) are not used.
const (
	marginTop    = 0.2
	marginBottom = 0.12
	marginSide   = 0.06
)

// Background reports whether a corner at (x, y) of a w×h grey frame
// (scale grey pixels a frame pixel) may show the camera's motion: not in
// the frame's margins, where overlays sit, and not on (or just around)
// anyone tracked in the frame (people, frame pixels), who moves with
// themselves. The server's estimate (server/video) and this package's.
func Background(x, y, w, h, scale float64, people []pose.Box) bool {
	if y < marginTop*h || y > (1-marginBottom)*h || x < marginSide*w || x > (1-marginSide)*w {
		return false
	}
	fx, fy := x/scale, y/scale
	for _, b := range people {
		mx, my := 0.15*float64(b.X2-b.X1), 0.1*float64(b.Y2-b.Y1)
		if fx >= float64(b.X1)-mx && fx <= float64(b.X2)+mx && fy >= float64(b.Y1)-my && fy <= float64(b.Y2)+my {
			return false
		}
	}
	return true
}

// Plausible reports whether a fitted motion (a, b, tx, ty: track.Motion's
// layout) is one a camera makes between two frames: a zoom within 20 %, a
// roll within 10°, no NaN.
func Plausible(a, b, tx, ty float64) bool {
	z := math.Hypot(a, b)
	return !math.IsNaN(z+tx+ty) && z >= 0.8 && z <= 1.25 && math.Abs(math.Atan2(b, a)) <= 10*math.Pi/180
}
