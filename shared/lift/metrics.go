package lift

import (
	"math"

	"motionlab/shared/angles"
	"motionlab/shared/pose"
)

var legs = [2][3]int{
	{pose.LeftHip, pose.LeftKnee, pose.LeftAnkle},
	{pose.RightHip, pose.RightKnee, pose.RightAnkle},
}

// measure fills the posture and bar metrics of r (see Rep's fields).
func (a *analysis) measure(r *Rep) {
	mv := a.o.MinVisibility
	// Knee angle over the repetition.
	sides := []int{a.near}
	if a.view == "front" {
		sides = []int{0, 1}
	}
	minKnee := math.Inf(1)
	for i := r.StartFrame; i <= r.EndFrame && i < len(a.frames); i++ {
		for _, s := range sides {
			if p := a.frames[i]; angles.Visible(p, mv, legs[s][:]...) {
				k := p.Keypoints
				if ang := angles.Interior(angles.Of(k[legs[s][0]]), angles.Of(k[legs[s][1]]), angles.Of(k[legs[s][2]])); !math.IsNaN(ang) {
					minKnee = min(minKnee, ang)
				}
			}
		}
	}
	if !math.IsInf(minKnee, 1) {
		r.MinKneeDeg = minKnee
	}
	r.Confidence = a.confidence(r, sides)
	// Trunk at the lowest point.
	if p := a.nearestAny(r.low, [2]int{pose.LeftHip, pose.RightHip}, [2]int{pose.LeftShoulder, pose.RightShoulder}); p != nil {
		hip, _ := pairPoint(p, mv, pose.LeftHip, pose.RightHip)
		sh, _ := pairPoint(p, mv, pose.LeftShoulder, pose.RightShoulder)
		dir := a.dir
		if a.view == "front" {
			dir = 1
		}
		r.TrunkAtBottomDeg = angles.FromVertical(hip, sh, dir)
	}
	// Squat depth (side view).
	if a.o.Exercise == Squat && a.view == "side" {
		leg := legs[a.near]
		if p := a.nearest(r.low, leg[0], leg[1]); p != nil {
			d := float64(p.Keypoints[leg[1]].Y-p.Keypoints[leg[0]].Y) / a.ppm
			below := d < 0
			r.DepthDeltaM, r.BelowParallel = &d, &below
		}
	}
	// Knee valgus (front view): mean over ±nearS around the lowest point.
	if a.view == "front" {
		all := []int{pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.RightHip, pose.RightKnee, pose.RightAnkle}
		w := int(math.Round(nearS * a.o.FPS))
		var sum [2]float64
		var n [2]int
		for i := max(r.low-w, 0); i <= r.low+w && i < len(a.frames); i++ {
			if !angles.Visible(a.frames[i], mv, all...) {
				continue
			}
			for s := range legs {
				if v := fppa(a.frames[i], s); !math.IsNaN(v) {
					sum[s] += v
					n[s]++
				}
			}
		}
		worst := math.Inf(-1)
		for s := range legs {
			if n[s] > 0 {
				worst = max(worst, sum[s]/float64(n[s]))
			}
		}
		if !math.IsInf(worst, -1) {
			r.KneeValgusDeg = &worst
		}
	}
	// Bar path deviation.
	b := a.bar
	x0, have := 0.0, false
	dev := 0.0
	for i := r.StartFrame; i <= r.EndFrame && i < len(a.frames); i++ {
		if !b.ok[i] {
			continue
		}
		if !have {
			x0, have = b.x[i], true
		}
		dev = max(dev, math.Abs(b.x[i]-x0))
	}
	r.BarPathDevM = dev / a.ppm
}

// fppa is leg s's signed frontal-plane projection angle (see
// Rep.KneeValgusDeg), NaN when undefined.
func fppa(p *pose.Person, s int) float64 {
	k := p.Keypoints
	hip, knee, ankle := angles.Of(k[legs[s][0]]), angles.Of(k[legs[s][1]]), angles.Of(k[legs[s][2]])
	other := angles.Of(k[legs[1-s][0]])
	ang := 180 - angles.Interior(hip, knee, ankle)
	line := ankle.Sub(hip)
	cross := func(v angles.Vec) float64 { return line.X*v.Y - line.Y*v.X }
	ck, co := cross(knee.Sub(hip)), cross(other.Sub(hip))
	if co == 0 {
		return math.NaN()
	}
	if ck*co < 0 {
		ang = -ang
	}
	return ang
}

// pairPoint is the midpoint of a and b where both are seen, else the one
// seen.
func pairPoint(p *pose.Person, mv float32, a, b int) (angles.Vec, bool) {
	va, vb := angles.Visible(p, mv, a), angles.Visible(p, mv, b)
	switch {
	case va && vb:
		return angles.Mid(p.Keypoints[a], p.Keypoints[b]), true
	case va:
		return angles.Of(p.Keypoints[a]), true
	case vb:
		return angles.Of(p.Keypoints[b]), true
	}
	return angles.Vec{}, false
}

// nearestAny is nearest for pairs: at least one point of each pair seen.
func (a *analysis) nearestAny(i int, pairs ...[2]int) *pose.Person {
	w := int(math.Round(nearS * a.o.FPS))
	for d := 0; d <= w; d++ {
		for _, j := range []int{i - d, i + d} {
			if j < 0 || j >= len(a.frames) || a.frames[j] == nil {
				continue
			}
			all := true
			for _, pr := range pairs {
				_, ok := pairPoint(a.frames[j], a.o.MinVisibility, pr[0], pr[1])
				all = all && ok
			}
			if all {
				return a.frames[j]
			}
		}
	}
	return nil
}

// barPath lists the bar proxy per seen frame relative to the first
// repetition's start.
func (a *analysis) barPath(reps []Rep) []BarPoint {
	b := a.bar
	ref := -1
	if len(reps) > 0 {
		for i := reps[0].StartFrame; i < len(b.ok) && ref < 0; i++ {
			if b.ok[i] {
				ref = i
			}
		}
	}
	for i := range b.seen {
		if ref < 0 && b.seen[i] {
			ref = i
		}
	}
	out := []BarPoint{}
	if ref < 0 {
		return out
	}
	for i := range b.seen {
		if b.seen[i] {
			out = append(out, BarPoint{
				Frame: i, T: float64(i) / a.o.FPS,
				X: (b.x[i] - b.x[ref]) / a.ppm, Y: -(b.y[i] - b.y[ref]) / a.ppm,
			})
		}
	}
	return out
}

// confidence of a repetition (see Rep.Confidence).
func (a *analysis) confidence(r *Rep, sides []int) float64 {
	var vis float64
	n := 0
	for i := r.StartFrame; i <= r.EndFrame && i < len(a.frames); i++ {
		p := a.frames[i]
		if p == nil || len(p.Keypoints) < pose.NumBlazePose {
			continue
		}
		for _, s := range sides {
			for _, j := range legs[s] {
				vis += float64(min(p.Keypoints[j].Visibility, 1))
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	size := math.Max(0, math.Min(1, (a.h-100)/150))
	return math.Round(100*vis/float64(n)*(0.5+0.5*size)) / 100
}
