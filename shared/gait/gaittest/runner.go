// Package gaittest generates synthetic side-view runners with known gait
// events, for tests of the gait and running packages (like httptest: a
// helper for tests, not used by MotionLab itself).
package gaittest

import (
	"math"
	"math/rand/v2"

	"motionlab/shared/pose"
)

// Runner describes a synthetic side-view runner 1.75 m tall filmed at
// PxPerM pixels per metre.
type Runner struct {
	Cadence   float64 // steps per minute
	Contact   float64 // contact time, s
	Speed     float64 // m/s
	FPS       float64
	Duration  float64 // s
	Noise     float64 // Gaussian keypoint noise, px
	Dir       float64 // +1 running toward image right, −1 left
	Treadmill bool
	// StrikeDeg is the foot's angle at touchdown (toes up positive); the
	// foot rolls flat over the first fifth of stance.
	StrikeDeg float64
	// DropEvery: every DropEvery-th frame is missing (0: none).
	DropEvery int
	// Reach (m) is how far ahead of the hip the ankle lands (0: 0.15 m);
	// a long reach makes an overstriding runner with a straight knee.
	Reach float64
	// RightContact (s) is the right foot's contact time when it differs
	// from Contact (0: the same), for asymmetric gaits.
	RightContact float64
}

// PxPerM is the synthetic camera's scale.
const PxPerM = 120.0

// HeightM is the synthetic runner's height.
const HeightM = 1.75

// Event is a true contact of the synthetic runner.
type Event struct {
	Left            bool
	Contact, ToeOff float64 // s
}

// Frames renders the runner; the left foot touches down at t0 and the
// right one a step later.
func (r Runner) Frames(t0 float64) ([]*pose.Person, []Event) {
	step := 60 / r.Cadence
	stride := 2 * step
	H := HeightM * PxPerM
	rng := rand.New(rand.NewPCG(1, 2))
	n := int(r.Duration * r.FPS)
	out := make([]*pose.Person, n)
	groundY := 400.0
	footLen := 0.15 * H
	for i := 0; i < n; i++ {
		if r.DropEvery > 0 && i%r.DropEvery == r.DropEvery/2 {
			continue
		}
		t := float64(i) / r.FPS
		hipX := 100 + r.Dir*r.Speed*PxPerM*t
		if r.Treadmill {
			hipX = 300
		}
		k := make([]pose.Keypoint, pose.NumBlazePose)
		set := func(j int, x, y float64) {
			k[j] = pose.Keypoint{X: float32(x + rng.NormFloat64()*r.Noise), Y: float32(y + rng.NormFloat64()*r.Noise), Visibility: 1}
		}
		// Vertical oscillation: lowest at midstance, 8 cm peak to peak.
		bob := 0.04 * PxPerM * math.Cos(2*math.Pi*(t-t0-r.Contact/2)/step)
		hipY := groundY - 0.53*H + bob
		for side, j := range [][7]int{
			{pose.LeftHeel, pose.LeftFootIndex, pose.LeftAnkle, pose.LeftKnee, pose.LeftElbow, pose.LeftWrist, pose.LeftShoulder},
			{pose.RightHeel, pose.RightFootIndex, pose.RightAnkle, pose.RightKnee, pose.RightElbow, pose.RightWrist, pose.RightShoulder},
		} {
			ph := math.Mod(t-t0-float64(side)*step+10*stride, stride)
			contact, reach := r.contactOf(side == 1), r.reach()
			var fx, lift, tilt float64
			if ph < contact {
				// Stance: the heel stays where it landed (moves with the belt on a treadmill).
				fx = hipX - r.Dir*r.Speed*PxPerM*ph + r.Dir*reach*PxPerM
				if roll := ph / (0.2 * contact); roll < 1 {
					tilt = r.StrikeDeg * (1 - roll)
				}
			} else {
				sw := (ph - contact) / (stride - contact)
				r0, r1 := reach-r.Speed*contact, reach
				fx = hipX + r.Dir*PxPerM*(r0+(r1-r0)*(1-math.Cos(math.Pi*sw))/2)
				lift = 0.12 * H * math.Sin(math.Pi*sw)
				tilt = r.StrikeDeg * sw * sw // toes come up into the landing
			}
			a := tilt * math.Pi / 180
			heelX, heelY := fx-r.Dir*10, groundY-lift
			set(j[0], heelX, heelY)
			set(j[1], heelX+r.Dir*footLen*math.Cos(a), heelY-footLen*math.Sin(a))
			ankX, ankY := fx, groundY-lift-0.039*H
			set(j[2], ankX, ankY)
			// Knee: placed on the circle of thigh and shank lengths, ahead.
			kx, ky := knee(hipX, hipY, ankX, ankY, 0.245*H, 0.246*H, r.Dir)
			set(j[3], kx, ky)
			shX, shY := hipX+r.Dir*0.05*H, hipY-0.288*H
			set(j[6], shX, shY)
			swing := 0.3 * math.Sin(2*math.Pi*(t-t0-float64(side)*step)/stride)
			ex, ey := shX+r.Dir*0.17*H*math.Sin(-swing), shY+0.17*H*math.Cos(swing)
			set(j[4], ex, ey)
			set(j[5], ex+r.Dir*0.15*H, ey-0.02*H)
		}
		set(pose.LeftHip, hipX, hipY)
		set(pose.RightHip, hipX, hipY)
		set(pose.Nose, hipX+r.Dir*(0.05*H+10), hipY-0.288*H-0.118*H)
		out[i] = &pose.Person{Keypoints: k}
	}
	var ev []Event
	for c := t0; c < r.Duration; c += step {
		left := int(math.Round((c-t0)/step))%2 == 0
		ev = append(ev, Event{Left: left, Contact: c, ToeOff: c + r.contactOf(!left)})
	}
	return out, ev
}

func (r Runner) contactOf(right bool) float64 {
	if right && r.RightContact > 0 {
		return r.RightContact
	}
	return r.Contact
}

func (r Runner) reach() float64 {
	if r.Reach > 0 {
		return r.Reach
	}
	return 0.15
}

// knee solves the two-segment leg for the knee ahead of the hip–ankle line.
func knee(hx, hy, ax, ay, thigh, shank, dir float64) (float64, float64) {
	dx, dy := ax-hx, ay-hy
	d := math.Hypot(dx, dy)
	d = math.Min(d, thigh+shank-1e-6)
	a := (thigh*thigh - shank*shank + d*d) / (2 * d)
	h := math.Sqrt(math.Max(0, thigh*thigh-a*a))
	mx, my := hx+a*dx/d, hy+a*dy/d
	// Perpendicular pointing forward.
	px, py := -dy/d, dx/d
	if px*dir < 0 {
		px, py = -px, -py
	}
	return mx + h*px, my + h*py
}
