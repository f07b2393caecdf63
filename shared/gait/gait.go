// Package gait finds ground contacts in a side-view keypoint track and
// turns them into running metrics (cadence, contact and flight time, duty
// factor, speed, step length). Pure Go: the browser and the server compute
// the same numbers.
//
// Status: work in progress for the running-analysis issue. It recovers a
// synthetic gait (tests). On run_side_overground_sports2d_demo3.mp4 it
// finds right 5–10, left 15–19, right 24–26 against a hand count of about
// 4/5–9/10, 13/14–19, 22/23–28/29 (the last toe keypoint drifts up during
// stance), and on the Sports2D walker it finds spurious contacts, so
// nothing calls it yet.
package gait

import (
	"math"
	"sort"

	"motionlab/shared/pose"
)

// Foot names a side.
type Foot string

const (
	LeftFoot  Foot = "left"
	RightFoot Foot = "right"
)

// Contact is one ground contact of one foot, in frames of the track.
// ToeOff is the first frame the foot is off the ground again.
type Contact struct {
	Foot    Foot `json:"foot"`
	Contact int  `json:"contact_frame"`
	ToeOff  int  `json:"toe_off_frame"`
}

// groundTolerance is how far above the fitted ground line (as a fraction
// of the runner's pixel body height) the foot's lowest point may be and
// still count as on the ground: a planted foot's lowest keypoint wanders
// by about 4% of body height on a phone video (heel-to-toe roll and noise);
// the speed test, not the band, separates swing frames near the ground.
const groundTolerance = 0.05

// footLow is the image y of a foot's lowest point (image y grows down)
// and its x, or ok=false when the foot is not visible.
func footLow(p *pose.Person, heel, toe int, minVis float32) (x, y float64, ok bool) {
	if p == nil {
		return 0, 0, false
	}
	h, t := p.Keypoints[heel], p.Keypoints[toe]
	switch {
	case h.Visibility >= minVis && t.Visibility >= minVis:
		if h.Y > t.Y {
			return float64(h.X), float64(h.Y), true
		}
		return float64(t.X), float64(t.Y), true
	case h.Visibility >= minVis:
		return float64(h.X), float64(h.Y), true
	case t.Visibility >= minVis:
		return float64(t.X), float64(t.Y), true
	}
	return 0, 0, false
}

// BodyHeightPixels is a robust per-clip estimate of the runner's standing
// height in pixels: the median over frames of shank + thigh + trunk +
// shoulder-to-nose lengths (mean of both sides), divided by the fraction
// of standing height those segments make up in Winter's anthropometric
// table (ankle→knee 0.246, knee→hip 0.245, hip→shoulder 0.288,
// shoulder→nose ≈ 0.118: together 0.897; the remaining ankle-to-sole
// 0.039 and nose-to-head-top ≈ 0.064 are the correction). Segment lengths
// barely change with posture, unlike the runner's bounding box.
func BodyHeightPixels(frames []*pose.Person) float64 {
	var hs []float64
	d := func(k []pose.Keypoint, a, b int) float64 {
		return math.Hypot(float64(k[a].X-k[b].X), float64(k[a].Y-k[b].Y))
	}
	for _, p := range frames {
		if p == nil {
			continue
		}
		k := p.Keypoints
		shank := (d(k, pose.LeftAnkle, pose.LeftKnee) + d(k, pose.RightAnkle, pose.RightKnee)) / 2
		thigh := (d(k, pose.LeftKnee, pose.LeftHip) + d(k, pose.RightKnee, pose.RightHip)) / 2
		trunk := (d(k, pose.LeftHip, pose.LeftShoulder) + d(k, pose.RightHip, pose.RightShoulder)) / 2
		midSh := pose.Keypoint{X: (k[pose.LeftShoulder].X + k[pose.RightShoulder].X) / 2, Y: (k[pose.LeftShoulder].Y + k[pose.RightShoulder].Y) / 2}
		neck := math.Hypot(float64(midSh.X-k[pose.Nose].X), float64(midSh.Y-k[pose.Nose].Y))
		hs = append(hs, (shank+thigh+trunk+neck)/0.897)
	}
	return median(hs)
}

// Contacts finds every ground contact of both feet. The ground is a line
// fitted through the lowest foot positions (so a tilted camera or a
// sloping path is handled), and a foot is on the ground while its lowest
// point is within groundTolerance of body height of that line and it moves
// no faster than stanceSpeed relative to the ground's own image speed
// (0 overground, the belt on a treadmill: the median speed of feet in the
// band). Direction
// of travel does not matter, and on a treadmill the belt's motion does
// not either. Contacts cut by the clip's start or end are dropped.
func Contacts(frames []*pose.Person, fps float64, minVis float32) []Contact {
	bh := BodyHeightPixels(frames)
	if bh == 0 {
		return nil
	}
	type sample struct {
		x, y float64 // the foot's lowest point
		mx   float64 // middle of heel and toe, for its speed
		ok   bool
	}
	feet := []struct {
		foot      Foot
		heel, toe int
	}{{LeftFoot, pose.LeftHeel, pose.LeftFootIndex}, {RightFoot, pose.RightHeel, pose.RightFootIndex}}
	series := make([][]sample, len(feet))
	var lowX, lowY []float64
	for fi, f := range feet {
		s := make([]sample, len(frames))
		for i, p := range frames {
			x, y, ok := footLow(p, f.heel, f.toe, minVis)
			s[i] = sample{x: x, y: y, ok: ok}
			if ok {
				s[i].mx = float64(p.Keypoints[f.heel].X+p.Keypoints[f.toe].X) / 2
			}
		}
		series[fi] = s
		// Candidate ground points: local lowest positions of each foot.
		for i := 1; i+1 < len(s); i++ {
			if s[i].ok && s[i-1].ok && s[i+1].ok && s[i].y >= s[i-1].y && s[i].y >= s[i+1].y {
				lowX, lowY = append(lowX, s[i].x), append(lowY, s[i].y)
			}
		}
	}
	a, b := groundLine(lowX, lowY, 0.02*bh)
	tol := groundTolerance * bh
	vx := func(s []sample, i int) (float64, bool) {
		if i < 1 || i+1 >= len(s) || !s[i-1].ok || !s[i+1].ok {
			return 0, false
		}
		return (s[i+1].mx - s[i-1].mx) / 2, true
	}
	inBand := func(s []sample, i int) bool { return s[i].ok && (a+b*s[i].x)-s[i].y <= tol }
	// The ground's own speed in the image: 0 for a fixed camera overground,
	// the belt's speed on a treadmill. In the band, stance dominates.
	var vs []float64
	for _, s := range series {
		for i := range s {
			if v, ok := vx(s, i); ok && inBand(s, i) {
				vs = append(vs, v)
			}
		}
	}
	vg := median(vs)
	thr := stanceSpeed * bh / fps
	var out []Contact
	for fi, f := range feet {
		s := series[fi]
		onGround := func(i int) bool {
			v, ok := vx(s, i)
			return ok && inBand(s, i) && math.Abs(v-vg) <= thr
		}
		for i := 0; i < len(s); {
			if !onGround(i) {
				i++
				continue
			}
			start := i
			for i < len(s) && onGround(i) {
				i++
			}
			// Keep only contacts seen from touchdown to toe-off.
			if start <= 1 || i >= len(s)-1 || !s[start-1].ok || !s[i].ok {
				continue
			}
			out = append(out, Contact{Foot: f.foot, Contact: start, ToeOff: i})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Contact < out[j].Contact })
	return out
}

// stanceSpeed bounds how fast (body heights per second, relative to the
// ground's own image speed) a foot may move and still be planted: a
// landing or pushing-off foot moves at about running speed, two or more
// body heights per second; a planted one only by keypoint noise and the
// roll from heel to toe.
const stanceSpeed = 1.0

// groundLine fits y = a + b·x through the lowest foot points by least
// squares, then refits on the points within spread of the highest y for
// their x (the ground, not the swing-phase minima).
func groundLine(xs, ys []float64, spread float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	fit := func(xs, ys []float64) (float64, float64) {
		n := float64(len(xs))
		var sx, sy, sxx, sxy float64
		for i := range xs {
			sx, sy, sxx, sxy = sx+xs[i], sy+ys[i], sxx+xs[i]*xs[i], sxy+xs[i]*ys[i]
		}
		den := n*sxx - sx*sx
		if n < 3 || math.Abs(den) < 1e-9 || den/(n*n) < 100 { // x barely varies (treadmill): flat ground
			return median(ys), 0
		}
		b := (n*sxy - sx*sy) / den
		return (sy - b*sx) / n, b
	}
	a, b := fit(xs, ys)
	// Upper envelope: keep points near or below (greater y) the line's top.
	for iter := 0; iter < 3; iter++ {
		var kx, ky []float64
		for i := range xs {
			if ys[i] >= a+b*xs[i]-spread {
				kx, ky = append(kx, xs[i]), append(ky, ys[i])
			}
		}
		if len(kx) < 2 {
			break
		}
		a, b = fit(kx, ky)
		// Shift to the envelope so the ground sits at the feet's lowest points.
		var res []float64
		for i := range kx {
			res = append(res, ky[i]-(a+b*kx[i]))
		}
		a += median(res)
	}
	return a, b
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
