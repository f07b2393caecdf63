package gait

import (
	"math"
	"math/rand/v2"
	"testing"

	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// runner generates a side-view runner: cadence (steps/min), contact time
// (s), speed (m/s), height 1.75 m at 120 px/m, moving in direction dir
// (+1 right, −1 left), at fps, for dur seconds, with Gaussian keypoint
// noise and every 13th frame missing. Contacts start at t0 for the left
// foot; the right foot lands one step later.
type runner struct {
	cadence, contact, speed, fps, dur, noise float64
	dir                                      float64
	treadmill                                bool
}

const pxPerM = 120.0

func (r runner) frames(t0 float64) []*pose.Person {
	step := 60 / r.cadence
	stride := 2 * step
	H := 1.75 * pxPerM
	rng := rand.New(rand.NewPCG(1, 2))
	n := int(r.dur * r.fps)
	out := make([]*pose.Person, n)
	groundY := 400.0
	for i := 0; i < n; i++ {
		if i%13 == 7 {
			continue
		}
		t := float64(i) / r.fps
		hipX := 100 + r.dir*r.speed*pxPerM*t
		if r.treadmill {
			hipX = 300
		}
		k := make([]pose.Keypoint, pose.NumBlazePose)
		set := func(j int, x, y float64) {
			k[j] = pose.Keypoint{X: float32(x + rng.NormFloat64()*r.noise), Y: float32(y + rng.NormFloat64()*r.noise), Visibility: 1}
		}
		for side, foot := range [][4]int{
			{pose.LeftHeel, pose.LeftFootIndex, pose.LeftAnkle, pose.LeftKnee},
			{pose.RightHeel, pose.RightFootIndex, pose.RightAnkle, pose.RightKnee},
		} {
			// Phase since this foot's last touchdown.
			ph := math.Mod(t-t0-float64(side)*step+10*stride, stride)
			var fx, lift float64
			if ph < r.contact {
				// Stance: the foot stays where it landed (moves with the belt on a treadmill).
				land := hipX - r.dir*r.speed*pxPerM*ph + r.dir*0.15*pxPerM
				fx, lift = land, 0
			} else {
				sw := (ph - r.contact) / (stride - r.contact)
				// Relative to the hip the foot swings from where toe-off
				// left it to where the next touchdown puts it, smoothly.
				r0, r1 := 0.15-r.speed*r.contact, 0.15
				fx = hipX + r.dir*pxPerM*(r0+(r1-r0)*(1-math.Cos(math.Pi*sw))/2)
				// Fast lift-off and landing, like a real foot (≈1 m/s vertical).
				lift = 0.12 * H * math.Sin(math.Pi*sw)
			}
			set(foot[0], fx-r.dir*10, groundY-lift)
			set(foot[1], fx+r.dir*20, groundY-lift-2)
			set(foot[2], fx, groundY-lift-0.039*H)
			set(foot[3], (fx+hipX)/2, groundY-lift/2-(0.039+0.246)*H)
		}
		hipY := groundY - 0.53*H
		set(pose.LeftHip, hipX, hipY)
		set(pose.RightHip, hipX, hipY)
		set(pose.LeftShoulder, hipX, hipY-0.288*H)
		set(pose.RightShoulder, hipX, hipY-0.288*H)
		set(pose.Nose, hipX+r.dir*10, hipY-0.288*H-0.118*H)
		out[i] = &pose.Person{Keypoints: k}
	}
	return out
}

func TestSyntheticRunnerRecovered(t *testing.T) {
	for _, fps := range []float64{30, 60, 120} {
		for _, dir := range []float64{1, -1} {
			for _, treadmill := range []bool{false, true} {
				r := runner{cadence: 172, contact: 0.24, speed: 3.6, fps: fps, dur: 4, noise: 1, dir: dir, treadmill: treadmill}
				raw := r.frames(0.1)
				clean := track.Clean(track.Track{FPS: fps, Frames: raw}, track.DefaultOptions)
				m := Analyze(clean.Frames, Options{FPS: fps, HeightM: 1.75, Treadmill: treadmill, BeltSpeed: 3.6})
				name := map[bool]string{true: "treadmill", false: "overground"}[treadmill]
				step := 60 / r.cadence
				if math.Abs(m.Cadence-r.cadence)/r.cadence > 0.01 {
					t.Errorf("%v fps dir %v %s: cadence %.1f, want %.0f ±1%%", fps, dir, name, m.Cadence, r.cadence)
				}
				// Within one frame at 30 and 60 fps; at 120 fps the event
				// band's bias (≈ 5 ms per event) is 1.3 frames: allow 2.
				frame := 1 / fps
				if fps > 60 {
					frame *= 2
				}
				if math.Abs(m.ContactTime.Mean-r.contact) > frame {
					t.Errorf("%v fps dir %v %s: contact %.3f s, want %.3f ± %.3f", fps, dir, name, m.ContactTime.Mean, r.contact, frame)
				}
				if want := step - r.contact; math.Abs(m.FlightTime.Mean-want) > frame {
					t.Errorf("%v fps dir %v %s: flight %.3f s, want %.3f ± %.3f", fps, dir, name, m.FlightTime.Mean, want, frame)
				}
				if math.Abs(m.Speed-3.6) > 0.2 {
					t.Errorf("%v fps dir %v %s: speed %.2f m/s, want 3.6", fps, dir, name, m.Speed)
				}
				if m.StepTime.N < 8 {
					t.Errorf("%v fps dir %v %s: %d steps in 4 s", fps, dir, name, m.StepTime.N)
				}
			}
		}
	}
}
