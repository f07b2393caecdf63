package lift

import (
	"math"
	"math/rand/v2"

	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// Synthetic lifters for the tests: a stick figure with Winter's segment
// proportions (so gait.BodyHeightPixels recovers its height exactly),
// posed frame by frame from a few parameters, then rendered in a side or
// front view with Gaussian noise, frames dropped, and cleaned by
// track.Clean as the real pipeline does.

const (
	synthH     = 1.80  // athlete height, m
	synthPPM   = 250.0 // pixels per metre
	groundY    = 900.0
	shankF     = 0.246 // ankle→knee
	thighF     = 0.245 // knee→hip
	trunkF     = 0.288 // hip→shoulder
	neckF      = 0.118 // shoulder→nose
	ankleF     = 0.039 // ground→ankle
	hipHalfF   = 0.07  // half hip width (front view)
	shHalfF    = 0.11  // half shoulder width
	ankleHalfF = 0.08  // half stance width at the ankles
)

// posture is one frame's pose, lengths in body heights.
type posture struct {
	x     float64 // ankle x, metres (side view: along the facing direction)
	hipUp float64 // hip height above the ankle
	hipBk float64 // hip behind the ankle (against the facing direction)
	lean  float64 // trunk from vertical, degrees, forward positive
	bob   float64 // whole body up, body heights
	// Wrists: on the shoulders (back squat) unless barSet, then at barX
	// ahead of the ankle, barUp above the ground.
	barSet      bool
	barX, barUp float64
	valgus      float64 // knee shift toward the midline (front view), body heights
}

// knee solves the two-link leg: the knee ahead of the ankle–hip line.
// Coordinates: f forward, u up, relative to the ankle; body heights.
func (p posture) knee() (f, u float64) {
	hf, hu := -p.hipBk, p.hipUp
	d := math.Hypot(hf, hu)
	a := (shankF*shankF - thighF*thighF + d*d) / (2 * d)
	h := math.Sqrt(math.Max(shankF*shankF-a*a, 0))
	ex, ey := hf/d, hu/d
	px, py := a*ex, a*ey
	// perpendicular pointing forward
	nx, ny := ey, -ex
	if nx < 0 {
		nx, ny = -nx, -ny
	}
	return px + h*nx, py + h*ny
}

// render turns a posture into BlazePose keypoints. side: dir is the facing
// direction (+1 image right); front: the athlete faces the camera.
func (p posture) render(front bool, dir float64, rng *rand.Rand, noise float64) *pose.Person {
	H := synthH * synthPPM
	k := make([]pose.Keypoint, pose.NumBlazePose)
	kf, ku := p.knee()
	lean := p.lean * math.Pi / 180
	hipF, hipU := -p.hipBk, p.hipUp
	shF, shU := hipF+trunkF*math.Sin(lean), hipU+trunkF*math.Cos(lean)
	noseF, noseU := shF+neckF*math.Sin(lean/2), shU+neckF*math.Cos(lean/2)
	wrF, wrU := shF-0.02, shU-0.01
	if p.barSet {
		wrF, wrU = p.barX, p.barUp-ankleF
	}
	elF, elU := (shF+wrF)/2-0.03, (shU+wrU)/2
	ankleY := groundY - (ankleF+p.bob)*H
	set := func(j int, x, y float64, vis float32) {
		if noise > 0 {
			x, y = x+rng.NormFloat64()*noise, y+rng.NormFloat64()*noise
		}
		k[j] = pose.Keypoint{X: float32(x), Y: float32(y), Visibility: vis, Presence: 1}
	}
	// (forward, up, lateral) → image; lateral is + toward the athlete's left.
	put := func(j int, f, u, lat float64, vis float32) {
		if front {
			// Facing the camera: the athlete's left is image right.
			set(j, 500+lat*H, ankleY-u*H, vis)
		} else {
			// Side view, left side toward the camera: the right side sits
			// a little behind, a few pixels off.
			off := 0.0
			if lat < 0 {
				off = 3
			}
			set(j, p.x*synthPPM+dir*f*H+off, ankleY-u*H-off/2, vis)
		}
	}
	farVis := float32(0.8)
	if front {
		farVis = 0.99
	}
	for s, lr := range [2]float64{1, -1} { // left, right
		vis := float32(0.99)
		if s == 1 {
			vis = farVis
		}
		idx := func(l, r int) int {
			if s == 0 {
				return l
			}
			return r
		}
		put(idx(pose.LeftHip, pose.RightHip), hipF, hipU, lr*hipHalfF, vis)
		put(idx(pose.LeftKnee, pose.RightKnee), kf, ku, lr*(ankleHalfF+(hipHalfF-ankleHalfF)*ku/p.hipUp-p.valgus), vis)
		put(idx(pose.LeftAnkle, pose.RightAnkle), 0, 0, lr*ankleHalfF, vis)
		put(idx(pose.LeftHeel, pose.RightHeel), -0.05, -0.035, lr*ankleHalfF, vis)
		put(idx(pose.LeftFootIndex, pose.RightFootIndex), 0.12, -0.039, lr*(ankleHalfF+0.02), vis)
		put(idx(pose.LeftShoulder, pose.RightShoulder), shF, shU, lr*shHalfF, vis)
		put(idx(pose.LeftElbow, pose.RightElbow), elF, elU, lr*(shHalfF+0.05), vis)
		for _, j := range []int{idx(pose.LeftWrist, pose.RightWrist), idx(pose.LeftPinky, pose.RightPinky), idx(pose.LeftIndex, pose.RightIndex), idx(pose.LeftThumb, pose.RightThumb)} {
			put(j, wrF, wrU, lr*(shHalfF+0.04), vis)
		}
		put(idx(pose.LeftEar, pose.RightEar), noseF-0.05, noseU+0.01, lr*0.04, vis)
		for _, j := range []int{idx(pose.LeftEyeInner, pose.RightEyeInner), idx(pose.LeftEye, pose.RightEye), idx(pose.LeftEyeOuter, pose.RightEyeOuter), idx(pose.MouthLeft, pose.MouthRight)} {
			put(j, noseF-0.005, noseU+0.005, lr*0.02, vis)
		}
	}
	put(pose.Nose, noseF, noseU, 0, 0.99)
	pp := &pose.Person{Score: 1, Keypoints: k}
	pp.Box = pose.BoundingBox(k)
	return pp
}

// cosStep eases from 0 to 1 sinusoidally over τ in [0, 1].
func cosStep(tau float64) float64 {
	tau = math.Max(0, math.Min(1, tau))
	return (1 - math.Cos(math.Pi*tau)) / 2
}

// phase is a piece of a synthetic timeline: f goes from f0 to f1 over d s.
type phase struct {
	d, f0, f1 float64
	// The athlete stands off (metres toward the facing direction) from
	// the lifting spot: from off to off1 over the phase, bobbing as they
	// walk when the two differ.
	off, off1 float64
}

// trueRep is a synthetic repetition's truth, times in s.
type trueRep struct{ start, turn, end, first, second float64 }

// synth renders f(t) ∈ [0, 1] (0 = top of a squat / floor of a deadlift)
// along a timeline of phases through pose(f).
type synth struct {
	fps, noise float64
	front      bool
	dir        float64
	phases     []phase
	repAt      []int // index of each repetition's first phase in phases
	pose       func(f float64) posture
	drop       []int   // frames set to nil before cleaning
	cut        float64 // seconds cut off the end of the timeline
	seed       uint64
}

func (s synth) frames() ([]*pose.Person, []trueRep) {
	var total float64
	starts := make([]float64, len(s.phases))
	for i, ph := range s.phases {
		starts[i] = total
		total += ph.d
	}
	n := int((total - s.cut) * s.fps)
	rng := rand.New(rand.NewPCG(s.seed, 7))
	out := make([]*pose.Person, n)
	for i := 0; i < n; i++ {
		t := float64(i) / s.fps
		j := 0
		for j+1 < len(s.phases) && starts[j+1] <= t {
			j++
		}
		ph := s.phases[j]
		tau := (t - starts[j]) / ph.d
		f := ph.f0 + (ph.f1-ph.f0)*cosStep(tau)
		p := s.pose(f)
		p.x += s.dir * (ph.off + (ph.off1-ph.off)*tau)
		if ph.off != ph.off1 {
			p.bob += 0.008 * math.Sin(2*math.Pi*2*(t-starts[j]))
		}
		out[i] = p.render(s.front, s.dir, rng, s.noise)
	}
	for _, i := range s.drop {
		if i < n {
			out[i] = nil
		}
	}
	var truth []trueRep
	for _, j := range s.repAt {
		// A repetition is phases j (first movement), j+1 (pause at the
		// turn, possibly 0 s) and j+2 (second movement).
		truth = append(truth, trueRep{
			start: starts[j], turn: starts[j+1] + s.phases[j+1].d/2,
			end: starts[j+2] + s.phases[j+2].d, first: s.phases[j].d, second: s.phases[j+2].d,
		})
	}
	cleaned := track.Clean(track.Track{FPS: s.fps, Frames: out}, track.DefaultOptions)
	return cleaned.Frames, truth
}

// squatPose: f = 0 standing, 1 at the bottom, where the hip is hipBot
// above the ankle and the trunk leans leanBot; the hip moves back as the
// trunk leans so that the shoulders (and the bar on them) stay above the
// same point, as in a good squat, plus barDrift (body heights) forward.
func squatPose(hipBot, leanBot, barDrift, valgus float64) func(float64) posture {
	const leanTop = 8.0
	return func(f float64) posture {
		lean := leanTop + (leanBot-leanTop)*f
		sin := func(d float64) float64 { return math.Sin(d * math.Pi / 180) }
		return posture{
			x: 1.2, hipUp: 0.488 + (hipBot-0.488)*f, hipBk: trunkF*(sin(lean)-sin(leanTop)) - barDrift*f,
			lean: lean, valgus: valgus * f,
		}
	}
}

// squatSession: unrack (a 0.05 H dip), walk out, N repetitions with
// pauses at the top, then half a descent cut off by the clip's end.
func squatSession(n int, ecc, con float64) ([]phase, []int) {
	ph := []phase{
		{d: 0.3, f0: 0.25, f1: 0.25, off: 0.5, off1: 0.5},
		{d: 0.5, f0: 0.25, f1: 0, off: 0.5, off1: 0.5},
		{d: 1.5, off: 0.5},
		{d: 0.9},
	}
	var at []int
	for i := 0; i < n; i++ {
		at = append(at, len(ph))
		pause := 0.6 + 0.2*float64(i%2)
		ph = append(ph, phase{d: ecc, f0: 0, f1: 1}, phase{d: 0}, phase{d: con, f0: 1, f1: 0}, phase{d: pause})
	}
	// Partial movement: a descent that the clip cuts off (synth.cut).
	ph = append(ph, phase{d: ecc, f0: 0, f1: 1})
	return ph, at
}

// depthDelta is hip height minus knee height, metres.
func (p posture) depthDelta() float64 {
	_, ku := p.knee()
	return (p.hipUp - ku) * synthH
}
