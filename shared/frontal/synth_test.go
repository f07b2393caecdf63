package frontal

import (
	"math"
	"math/rand/v2"

	"motionlab/shared/pose"
)

// synth is a synthetic runner filmed from behind (or, Mirror, from the
// front) with known stance events and known frontal-plane angles. Every
// angle is imposed directly on the image geometry, so it is exactly what
// the package measures: during a stance of side s the angle follows
// base + (peak[s] − base)·sin(π·p), p the stance fraction, peaking at
// mid-stance, and stays at its base value through swing.
type synth struct {
	Cadence, Contact, FPS, Duration, Noise float64
	// EndScale is the runner's image size at the end of the clip relative
	// to the start (1: treadmill; < 1: running away from the camera).
	EndScale float64
	// Drift (shank lengths): how far the planted heel slides down the
	// image over a stance (a treadmill belt carrying it toward the camera
	// while the hips stay put: the shank's image grows by as much).
	Drift  float64
	Mirror bool
	// DropEvery: every DropEvery-th frame is missing (0: none).
	DropEvery int
	// Imposed stance peaks in degrees; index 0 left stance, 1 right.
	PelvicDrop, HipAdd, KneeAdd, Evert [2]float64
	// T0 is the first left contact (s); the right foot lands a step later.
	T0 float64
	// Seed varies the noise.
	Seed uint64
}

// Body proportions (fractions of the image body height at scale 1).
const (
	synH      = 900.0
	synThigh  = 0.245
	synShank  = 0.246
	synHeel   = 0.04 // ankle → heel keypoint
	synHipW   = 0.06 // half the hip width
	synGround = 1700.0
	synHorizY = synGround - 0.5*synH // camera at about hip height
	synCX     = 540.0
	hipBase   = 2.0  // thigh angle in swing and at contact
	kneeBase  = 0.0  // knee FPPA in swing and at contact
	evertBase = -4.0 // rearfoot angle in swing and at contact (inverted)
)

type synEvent struct {
	Leg    int
	TC, TO float64 // s
}

func (r synth) step() float64   { return 60 / r.Cadence }
func (r synth) stride() float64 { return 2 * r.step() }

// scale is the image size factor at time t.
func (r synth) scale(t float64) float64 { return 1 + (r.EndScale-1)*t/r.Duration }

// L is pixels per body-height unit at time t.
func (r synth) L(t float64) float64 { return synH * r.scale(t) }

// ground is the image y of the ground under the runner at time t.
func (r synth) ground(t float64) float64 { return synHorizY + r.scale(t)*(synGround-synHorizY) }

// medial is the image x sign toward the other leg for leg s.
func (r synth) medial(s int) float64 {
	m := 1.0
	if r.Mirror {
		m = -1
	}
	if s == 1 {
		m = -m
	}
	return m
}

// phase of leg s at t: in stance with fraction p of the stance that
// began at tc, or in swing with fraction p of the swing that began at
// tc + Contact.
func (r synth) phase(s int, t float64) (stance bool, p, tc float64) {
	first := r.T0 + float64(s)*r.step()
	k := math.Floor((t - first) / r.stride())
	tc = first + k*r.stride()
	ph := t - tc
	if ph < r.Contact {
		return true, ph / r.Contact, tc
	}
	return false, (ph - r.Contact) / (r.stride() - r.Contact), tc
}

type legCfg struct {
	thigh, shank, heel [2]float64 // unit directions hip→knee, knee→ankle, ankle→heel
	tl, sl             float64    // projected thigh and shank lengths (body units)
	drop               float64    // pelvic drop while this leg is in stance, rad
}

func dir(m, deg float64) [2]float64 {
	a := deg * math.Pi / 180
	return [2]float64{m * math.Sin(a), math.Cos(a)}
}

func (r synth) cfg(s int, stance bool, p float64) legCfg {
	m := r.medial(s)
	al, ka, ev := hipBase, kneeBase, evertBase
	var c legCfg
	if stance {
		w := math.Sin(math.Pi * p)
		al += (r.HipAdd[s] - hipBase) * w
		ka += (r.KneeAdd[s] - kneeBase) * w
		ev += (r.Evert[s] - evertBase) * w
		c.tl, c.sl = synThigh*(1-0.06*w), synShank*(1-0.06*w+r.Drift*p)
		c.drop = r.PelvicDrop[s] * w * math.Pi / 180
	} else {
		w := math.Sin(math.Pi * p)
		// The heel kicks up behind: seen from behind the shank shortens.
		c.tl, c.sl = synThigh*(1-0.1*w), synShank*(1-0.5*w+r.Drift*(1-p))
	}
	be := al - ka
	ga := be - ev
	c.thigh, c.shank, c.heel = dir(m, al), dir(m, be), dir(m, ga)
	return c
}

type vec [2]float64

func (a vec) add(b [2]float64, k float64) vec { return vec{a[0] + k*b[0], a[1] + k*b[1]} }

// stanceHips are the hips (and planted foot) at time t during the stance
// of leg s that began at tc.
func (r synth) stanceHips(s int, tc, t float64) (hipS, hipO, heel vec) {
	m := r.medial(s)
	c0 := r.cfg(s, true, 0)
	L0 := r.L(tc)
	hx := r.nominalX(tc) - m*synHipW*L0
	fx := hx + L0*(c0.tl*c0.thigh[0]+c0.sl*c0.shank[0]+synHeel*c0.heel[0])
	p := (t - tc) / r.Contact
	c := r.cfg(s, true, p)
	L := r.L(t)
	heel = vec{fx, r.ground(tc) + r.Drift*synShank*L0*p}
	ankle := heel.add(c.heel, -L*synHeel)
	knee := ankle.add(c.shank, -L*c.sl)
	hipS = knee.add(c.thigh, -L*c.tl)
	hipO = hipS.add([2]float64{m * math.Cos(c.drop), math.Sin(c.drop)}, 2*synHipW*L)
	return hipS, hipO, heel
}

// nominalX is the pelvis centre's x between stances: a small sway.
func (r synth) nominalX(t float64) float64 {
	return synCX + r.scale(t)*0.01*synH*math.Sin(2*math.Pi*(t-r.T0)/r.stride())
}

// hips returns both hips (index = leg) at time t.
func (r synth) hips(t float64) [2]vec {
	for s := 0; s < 2; s++ {
		if st, _, tc := r.phase(s, t); st {
			hs, ho, _ := r.stanceHips(s, tc, t)
			var h [2]vec
			h[s], h[1-s] = hs, ho
			return h
		}
	}
	// Flight: the pelvis moves straight from the last toe-off to the
	// next contact.
	var lastOff, next float64 = math.Inf(-1), math.Inf(1)
	var offLeg, nextLeg int
	for s := 0; s < 2; s++ {
		_, _, tc := r.phase(s, t)
		if off := tc + r.Contact; off <= t && off > lastOff {
			lastOff, offLeg = off, s
		}
		if nc := tc + r.stride(); nc > t && nc < next {
			next, nextLeg = nc, s
		}
	}
	a1, b1, _ := r.stanceHips(offLeg, lastOff-r.Contact, lastOff)
	a2, b2, _ := r.stanceHips(nextLeg, next, next)
	c1 := vec{(a1[0] + b1[0]) / 2, (a1[1] + b1[1]) / 2}
	c2 := vec{(a2[0] + b2[0]) / 2, (a2[1] + b2[1]) / 2}
	f := (t - lastOff) / (next - lastOff)
	c := vec{c1[0] + f*(c2[0]-c1[0]), c1[1] + f*(c2[1]-c1[1])}
	L := r.L(t)
	var h [2]vec
	for s := 0; s < 2; s++ {
		h[s] = c.add([2]float64{-r.medial(s), 0}, synHipW*L)
	}
	return h
}

// Frames renders the clip and the true stances lying wholly inside it.
func (r synth) Frames() ([]*pose.Person, []synEvent) {
	rng := rand.New(rand.NewPCG(7+r.Seed, uint64(r.FPS)))
	n := int(math.Round(r.Duration * r.FPS))
	out := make([]*pose.Person, n)
	for i := 0; i < n; i++ {
		t := float64(i) / r.FPS
		L := r.L(t)
		k := make([]pose.Keypoint, pose.NumBlazePose)
		set := func(j int, p vec, z float64) {
			k[j] = pose.Keypoint{
				X: float32(p[0] + rng.NormFloat64()*r.Noise), Y: float32(p[1] + rng.NormFloat64()*r.Noise),
				Z: float32(z), Visibility: 0.95, Presence: 0.95,
			}
		}
		h := r.hips(t)
		for s, l := range legs {
			st, p, _ := r.phase(s, t)
			c := r.cfg(s, st, p)
			m := r.medial(s)
			knee := h[s].add(c.thigh, L*c.tl)
			ankle := knee.add(c.shank, L*c.sl)
			heel := ankle.add(c.heel, L*synHeel)
			toe := ankle.add([2]float64{m * 0.01, 0.025}, L)
			set(l.hip, h[s], 0)
			set(l.knee, knee, 0)
			set(l.ankle, ankle, 0)
			set(l.heel, heel, 0)
			set(l.toe, toe, 0)
		}
		mid := vec{(h[0][0] + h[1][0]) / 2, (h[0][1] + h[1][1]) / 2}
		noseZ := 0.05 * L // seen from behind the nose is farther than the ears
		if r.Mirror {
			noseZ = -noseZ
		}
		for s, j := range [][4]int{
			{pose.LeftShoulder, pose.LeftElbow, pose.LeftWrist, pose.LeftEar},
			{pose.RightShoulder, pose.RightElbow, pose.RightWrist, pose.RightEar},
		} {
			lat := [2]float64{-r.medial(s), 0}
			sh := mid.add([2]float64{0, -0.29}, L).add(lat, 0.11*L)
			set(j[0], sh, 0)
			el := sh.add([2]float64{0, 0.17}, L).add(lat, 0.03*L)
			set(j[1], el, 0)
			set(j[2], el.add([2]float64{0, 0.12}, L).add(lat, -0.04*L), 0)
			set(j[3], mid.add([2]float64{0, -0.41}, L).add(lat, 0.04*L), 0)
		}
		set(pose.Nose, mid.add([2]float64{0, -0.40}, L), noseZ)
		if r.DropEvery > 0 && i%r.DropEvery == r.DropEvery/2 {
			continue
		}
		out[i] = &pose.Person{Score: 0.95, Keypoints: k, Box: pose.BoundingBox(k)}
	}
	var ev []synEvent
	for s := 0; s < 2; s++ {
		for k := -1; ; k++ {
			tc := r.T0 + float64(s)*r.step() + float64(k)*r.stride()
			if tc+r.Contact >= r.Duration {
				break
			}
			if tc > 0 {
				ev = append(ev, synEvent{Leg: s, TC: tc, TO: tc + r.Contact})
			}
		}
	}
	return out, ev
}
