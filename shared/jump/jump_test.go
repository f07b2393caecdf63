package jump

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"motionlab/shared/gait"
	"motionlab/shared/gait/gaittest"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// synthJump is one jump of the synthetic athlete: take-off at T0 with
// vertical speed V0, landing Drop metres lower than the take-off (a jump
// off a box when > 0). Hop > 0 makes it a quick hop instead: the whole
// body bobs up Hop metres and back (half a sine) in FlightS seconds.
type synthJump struct {
	T0, V0, Drop float64
	Hop, FlightS float64
}

// flight is the jump's true flight time.
func (j synthJump) flight() float64 {
	if j.Hop > 0 {
		return j.FlightS
	}
	return (j.V0 + math.Sqrt(j.V0*j.V0+2*G*j.Drop)) / G
}

func levelJump(t0, flight float64) synthJump { return synthJump{T0: t0, V0: G * flight / 2} }

// athlete is a synthetic 1.75 m athlete filmed from the side at pxPerM,
// doing countermovement jumps: 0.5 s down to a 25 cm squat, 0.3 s of
// push-off ending 4 cm above standing with the heels 7 cm up (the toes
// stay on the ground until take-off), a rigid ballistic flight, a toe-first
// landing into a 20 cm squat and back up. Its toe keypoint moves up with
// toeCoupling of the heel's lift, as a pose model's does (see
// ToeStandFraction): the model does not see the toes stay down.
type athlete struct {
	FPS, Duration, Noise float64
	Jumps                []synthJump
	Missing              []int // frames with no person
	EndAt                float64
	Seed                 uint64
}

const (
	// toeCoupling: BlazePose moves the toe point up with the heel: on
	// the Sports2D demo, in the last frame on the ground of four
	// jumping-jack push-offs, the toe point of each foot had risen 0.44–1.15
	// (median 0.85) times as much as its heel point. With the heels 7 cm up
	// the toe point reads 6 cm (3.4 % of body height) up as the feet leave,
	// as the demo's did (up to 3.3–3.6 %, see ToeStandFraction).
	toeCoupling  = 0.85
	synthHeightM = 1.75
	pxPerM       = 200.0
	groundY      = 700.0
)

func smooth(x float64) float64 {
	x = math.Max(0, math.Min(1, x))
	return x * x * (3 - 2*x)
}

// hermite interpolates from p0 (slope m0) to p1 (slope m1) over s ∈ [0, 1].
func hermite(s, p0, m0, p1, m1 float64) float64 {
	s2, s3 := s*s, s*s*s
	return (2*s3-3*s2+1)*p0 + (s3-2*s2+s)*m0 + (-2*s3+3*s2)*p1 + (s3-s2)*m1
}

// state returns, at time t: hip offset above standing (m), heel lift (m),
// body lift above the support (m), support level drop (m), extra foot lift (m).
func (a athlete) state(t float64) (d, heel, z, drop, foot float64) {
	for _, j := range a.Jumps {
		t1 := j.T0 + j.flight()
		if j.Hop > 0 {
			if t >= j.T0 && t <= t1 {
				z += j.Hop * math.Sin(math.Pi*(t-j.T0)/j.FlightS)
			}
			continue
		}
		switch {
		case t >= j.T0-0.8 && t < j.T0-0.3:
			d += -0.25 * (1 - math.Cos(math.Pi*(t-j.T0+0.8)/0.5)) / 2
		case t >= j.T0-0.3 && t < j.T0:
			d += hermite((t-j.T0+0.3)/0.3, -0.25, 0, 0.04, j.V0*0.3)
		case t >= j.T0 && t < t1:
			d += 0.04
			u := t - j.T0
			z += j.V0*u - G/2*u*u
		case t >= t1 && t < t1+0.3:
			vl := G*(t1-j.T0) - j.V0
			d += hermite((t-t1)/0.3, 0.04, -vl*0.3, -0.2, 0)
		case t >= t1+0.3 && t < t1+0.8:
			d += -0.2 * (1 + math.Cos(math.Pi*(t-t1-0.3)/0.5)) / 2
		}
		switch {
		case t >= j.T0-0.15 && t < j.T0:
			heel += 0.07 * smooth((t-j.T0+0.15)/0.15)
		case t >= j.T0 && t < t1:
			heel += 0.07
		case t >= t1 && t < t1+0.08:
			heel += 0.07 * (1 - smooth((t-t1)/0.08))
		}
		if t >= t1 {
			drop += j.Drop
		} else if t >= j.T0 {
			// In the air: lift measured from the take-off level.
		}
	}
	return
}

// Frames renders the athlete.
func (a athlete) Frames() []*pose.Person {
	H := synthHeightM * pxPerM
	rng := rand.New(rand.NewPCG(7+a.Seed, 11))
	n := int(a.Duration * a.FPS)
	out := make([]*pose.Person, n)
	missing := map[int]bool{}
	for _, m := range a.Missing {
		missing[m] = true
	}
	x0 := 400.0
	for i := 0; i < n; i++ {
		t := float64(i) / a.FPS
		if missing[i] || (a.EndAt > 0 && t > a.EndAt) {
			continue
		}
		d, heel, z, drop, foot := a.state(t)
		base := groundY + drop*pxPerM - z*pxPerM
		k := make([]pose.Keypoint, pose.NumBlazePose)
		set := func(j int, x, y float64) {
			k[j] = pose.Keypoint{X: float32(x + rng.NormFloat64()*a.Noise), Y: float32(y + rng.NormFloat64()*a.Noise), Visibility: 1}
		}
		hipY := base - 0.530*H - d*pxPerM
		ankY := base - 0.039*H - 0.8*heel*pxPerM - foot*pxPerM
		kx, ky := kneeAt(x0, hipY, x0, ankY, 0.245*H, 0.246*H)
		for side, pts := range [][5]int{
			{pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.LeftHeel, pose.LeftFootIndex},
			{pose.RightHip, pose.RightKnee, pose.RightAnkle, pose.RightHeel, pose.RightFootIndex},
		} {
			dx := float64(2*side - 1)
			set(pts[0], x0+dx, hipY)
			set(pts[1], kx+dx, ky)
			set(pts[2], x0+dx, ankY)
			set(pts[3], x0-0.03*H+dx, base-heel*pxPerM-foot*pxPerM)
			set(pts[4], x0+0.10*H+dx, base-(toeCoupling*heel+foot)*pxPerM)
		}
		shY := hipY - 0.288*H
		for _, j := range []int{pose.LeftShoulder, pose.RightShoulder, pose.LeftElbow, pose.RightElbow, pose.LeftWrist, pose.RightWrist} {
			set(j, x0, shY+0.1*H)
		}
		set(pose.LeftShoulder, x0, shY)
		set(pose.RightShoulder, x0, shY)
		for j := pose.Nose; j <= pose.MouthRight; j++ {
			set(j, x0+5, shY-0.118*H)
		}
		out[i] = &pose.Person{Keypoints: k}
	}
	return out
}

// kneeAt solves the two-segment leg, knee ahead (+x) of the hip–ankle line.
func kneeAt(hx, hy, ax, ay, thigh, shank float64) (float64, float64) {
	dx, dy := ax-hx, ay-hy
	d := math.Min(math.Hypot(dx, dy), thigh+shank-1e-6)
	a := (thigh*thigh - shank*shank + d*d) / (2 * d)
	h := math.Sqrt(math.Max(0, thigh*thigh-a*a))
	dd := math.Hypot(dx, dy)
	mx, my := hx+a*dx/dd, hy+a*dy/dd
	px, py := -dy/dd, dx/dd
	if px < 0 {
		px, py = -px, -py
	}
	return mx + h*px, my + h*py
}

func clean(frames []*pose.Person, fps float64) []*pose.Person {
	return track.Clean(track.Track{FPS: fps, Frames: frames}, track.DefaultOptions).Frames
}

var rates = []float64{30, 60, 120, 240}

// timeTolS: take-off, landing and flight time of the synthetic jumps are
// found within half a frame at 30 fps. The instants are where the toe point
// crosses the toe-stand height, which the coupled toe point (toeCoupling)
// reaches a few ms before take-off or after touchdown; at 0.45 s of flight
// 15 ms is 1.6 cm of height.
const timeTolS = 0.015

// frameTol is timeTolS in frames, at least one.
func frameTol(fps float64) int { return max(1, int(math.Ceil(timeTolS*fps))) }

func TestFlightTimeHeight(t *testing.T) {
	for _, fps := range rates {
		for _, flight := range []float64{0.45, 0.3} {
			for _, heightM := range []float64{synthHeightM, 0} {
				j := levelJump(1.5, flight)
				a := athlete{FPS: fps, Duration: 3.5, Noise: 1, Jumps: []synthJump{j},
					Missing: []int{int((j.T0 + flight/2) * fps)}}
				r := Analyze(clean(a.Frames(), fps), Options{FPS: fps, HeightM: heightM})
				want := FlightHeight(flight)
				if r.Count != 1 || len(r.Discarded) != 0 {
					t.Errorf("%v fps flight %.2f s height %v: %d jumps, discarded %+v", fps, flight, heightM, r.Count, r.Discarded)
					continue
				}
				got := r.Jumps[0]
				if math.Abs(got.FlightTimeS-flight) > timeTolS {
					t.Errorf("%v fps flight %.2f s: flight %.3f s (height %.1f cm, want %.1f)", fps, flight, got.FlightTimeS, got.HeightFlightM*100, want*100)
				}
				t.Logf("%v fps flight %.2f: got %.3f s %.1f cm want %.1f; take-off %.3f (true %.3f) landing %.3f (true %.3f)",
					fps, flight, got.FlightTimeS, got.HeightFlightM*100, want*100, got.TakeoffS, j.T0, got.LandingS, j.T0+flight)
				if tf, tol := int(math.Floor(j.T0*fps)), frameTol(fps); got.TakeoffFrame < tf-tol || got.TakeoffFrame > tf+tol {
					t.Errorf("%v fps: take-off frame %d, want %d ±%d", fps, got.TakeoffFrame, tf, tol)
				}
				if heightM > 0 {
					if got.HeightHipM == nil || math.Abs(*got.HeightHipM-(want+0.04)) > 0.05 {
						t.Errorf("%v fps: hip height %v, want ≈ %.2f", fps, got.HeightHipM, want+0.04)
					}
				} else if got.HeightHipM != nil {
					t.Errorf("hip height without HeightM")
				}
				if got.LevelChanged {
					t.Errorf("level change %.3f on level ground", got.LevelChange)
				}
			}
		}
	}
}

func TestThreeJumpsInARow(t *testing.T) {
	for _, fps := range rates {
		flights := []float64{0.4, 0.5, 0.35}
		var js []synthJump
		for k, f := range flights {
			js = append(js, levelJump(1.2+1.6*float64(k), f))
		}
		a := athlete{FPS: fps, Duration: 6.5, Noise: 1, Jumps: js, Missing: []int{int(2.0 * fps)}}
		r := Analyze(clean(a.Frames(), fps), Options{FPS: fps, HeightM: synthHeightM})
		if r.Count != 3 || len(r.Discarded) != 0 {
			t.Errorf("%v fps: %d jumps %+v, discarded %+v", fps, r.Count, r.Jumps, r.Discarded)
			continue
		}
		for k, j := range r.Jumps {
			if j.Index != k+1 || math.Abs(j.FlightTimeS-flights[k]) > timeTolS {
				t.Errorf("%v fps jump %d: index %d flight %.3f s, want %.3f", fps, k, j.Index, j.FlightTimeS, flights[k])
			}
		}
		if r.Best == nil || r.Best.Index != 2 {
			t.Errorf("%v fps: best %+v, want jump 2", fps, r.Best)
		}
		// A second and more on the ground between them: single jumps.
		if r.RepeatedHops || r.GroundContact.N != 2 || r.GroundContact.Mean < 1 {
			t.Errorf("%v fps: repeated hops %v, ground contacts %+v", fps, r.RepeatedHops, r.GroundContact)
		}
		if r.Height.N != 3 || r.FlightTime.N != 3 || math.Abs(r.FlightTime.Mean-0.4167) > 0.01 {
			t.Errorf("%v fps: stats %+v %+v", fps, r.Height, r.FlightTime)
		}
	}
}

// gaitRunners are synthetic walkers and runners, none of whom jumps (FPS
// set by each test).
var gaitRunners = map[string]gaittest.Runner{
	// Contact longer than a step: double support, a walk.
	"walker": {Cadence: 110, Contact: 0.65, Speed: 1.3, Duration: 6, Noise: 1, Dir: 1, DropEvery: 17},
	// 0.22 s contacts at 180 steps/min: 0.11 s flights.
	"runner":    {Cadence: 180, Contact: 0.22, Speed: 4, Duration: 6, Noise: 1, Dir: -1, DropEvery: 17},
	"sprinter":  {Cadence: 210, Contact: 0.12, Speed: 8, Duration: 4, Noise: 1, Dir: 1},
	"treadmill": {Cadence: 170, Contact: 0.25, Speed: 3.5, Duration: 6, Noise: 1, Dir: 1, Treadmill: true},
}

func TestWalkingAndRunningAreNotJumps(t *testing.T) {
	for name, r := range gaitRunners {
		for _, fps := range rates {
			r.FPS = fps
			raw, _ := r.Frames(0.1)
			res := Analyze(clean(raw, fps), Options{FPS: fps, HeightM: gaittest.HeightM})
			if res.Count != 0 || len(res.Discarded) != 0 {
				t.Errorf("%s at %v fps: %d jumps %+v, discarded %+v", name, fps, res.Count, res.Jumps, res.Discarded)
			}
		}
	}
}

func TestStandingStillIsNotAJump(t *testing.T) {
	for _, fps := range rates {
		a := athlete{FPS: fps, Duration: 4, Noise: 2}
		r := Analyze(clean(a.Frames(), fps), Options{FPS: fps})
		if !r.Ready || r.Count != 0 || len(r.Discarded) != 0 {
			t.Errorf("%v fps: ready %v, %d jumps, discarded %+v", fps, r.Ready, r.Count, r.Discarded)
		}
	}
}

// A man on the Sports2D demo's box rises from a crouch and turns on the
// balls of his feet (frames 85–97): his hips rise 20 cm in 0.2 s, and as
// they stop, his heels lift and the pose model moves his toe points up
// with them, 3.4–3.9 % of body height for 0.2 s, both feet together, as if
// he hopped. This is that rise, on a synthetic athlete: not a jump.
func TestRiseOntoToesIsNotAJump(t *testing.T) {
	hipLift := func(t float64) float64 { // above standing, m
		switch {
		case t < 1.0:
			return 0
		case t < 1.5:
			return -0.07 * smooth((t-1.0)/0.2)
		case t < 1.7:
			return -0.07 + 0.17*smooth((t-1.5)/0.2)
		default:
			return 0.10 * (1 - smooth((t-1.7)/0.3))
		}
	}
	heelLift := func(t float64) float64 { // m
		if t < 1.75 {
			return 0.07 * smooth((t-1.6)/0.15)
		}
		return 0.07 * (1 - smooth((t-1.75)/0.2))
	}
	for _, fps := range rates {
		a := athlete{FPS: fps, Duration: 3, Noise: 1}
		frames := a.Frames()
		for i, p := range frames {
			tm := float64(i) / fps
			d, h := hipLift(tm)*pxPerM, heelLift(tm)*pxPerM
			k := p.Keypoints
			for _, j := range []int{pose.LeftHip, pose.RightHip} {
				k[j].Y -= float32(d)
			}
			for _, j := range []int{pose.LeftHeel, pose.RightHeel} {
				k[j].Y -= float32(h)
			}
			for _, j := range []int{pose.LeftAnkle, pose.RightAnkle} {
				k[j].Y -= float32(0.8 * h)
			}
			for _, j := range []int{pose.LeftFootIndex, pose.RightFootIndex} {
				k[j].Y -= float32(toeCoupling * h)
			}
		}
		r := Analyze(clean(frames, fps), Options{FPS: fps, HeightM: synthHeightM})
		if r.Count != 0 || len(r.Discarded) != 0 {
			t.Errorf("%v fps: %d jumps %+v, discarded %+v", fps, r.Count, r.Jumps, r.Discarded)
		}
	}
}

func TestShortHopIsDiscarded(t *testing.T) {
	for _, fps := range rates {
		a := athlete{FPS: fps, Duration: 3, Noise: 1, Jumps: []synthJump{{T0: 1.5, Hop: 0.1, FlightS: 0.05}}}
		// Unfiltered keypoints: the 8 Hz low-pass of track.Clean spreads
		// a 0.05 s event over about 0.1 s.
		r := Analyze(a.Frames(), Options{FPS: fps, HeightM: synthHeightM})
		if r.Count != 0 || len(r.Discarded) != 1 || r.Discarded[0].Reason != ReasonTooShort {
			t.Errorf("%v fps: %d jumps %+v, discarded %+v", fps, r.Count, r.Jumps, r.Discarded)
		}
	}
}

func TestClipEndingAirborne(t *testing.T) {
	for _, fps := range rates {
		j := levelJump(1.5, 0.5)
		for _, endAt := range []float64{0, 1.7} {
			// The clip itself ends, or the athlete is lost for good.
			a := athlete{FPS: fps, Duration: 1.7, Noise: 1, Jumps: []synthJump{j}}
			if endAt > 0 {
				a.Duration, a.EndAt = 3, endAt
			}
			r := Analyze(clean(a.Frames(), fps), Options{FPS: fps})
			if r.Count != 0 || len(r.Discarded) != 1 || r.Discarded[0].Reason != ReasonNoLanding || r.Discarded[0].LandingFrame != -1 {
				t.Errorf("%v fps end %v: %d jumps, discarded %+v", fps, endAt, r.Count, r.Discarded)
				continue
			}
			if lost := strings.Contains(r.Discarded[0].Detail, "lost from view"); lost != (endAt > 0) {
				t.Errorf("%v fps end %v: detail %q", fps, endAt, r.Discarded[0].Detail)
			}
			if tf := int(1.5 * fps); r.Discarded[0].TakeoffFrame < tf-frameTol(fps) || r.Discarded[0].TakeoffFrame > tf {
				t.Errorf("%v fps: no-landing take-off frame %d, want %d", fps, r.Discarded[0].TakeoffFrame, tf)
			}
		}
	}
}

// Feet hidden (behind a bench, out of the picture) for 0.4 s around the
// take-off, the landing or both of a 0.45 s flight, longer than
// track.Clean fills: those instants are timed from the hips' arc, the
// jump says so and is shown as uncertain.
func TestFeetHiddenAtTakeoffOrLanding(t *testing.T) {
	hide := func(raw []*pose.Person, fps, from, to float64) {
		for i := int(from * fps); i < int(to*fps); i++ {
			for _, k := range []int{pose.LeftHeel, pose.LeftFootIndex, pose.LeftAnkle, pose.RightHeel, pose.RightFootIndex, pose.RightAnkle} {
				raw[i].Keypoints[k].Visibility = 0.1
			}
		}
	}
	for _, fps := range rates {
		j := levelJump(1.5, 0.45) // take-off 1.5 s, landing 1.95 s
		for _, c := range []struct {
			name   string
			hidden [][2]float64
		}{
			{"landing", [][2]float64{{1.75, 2.15}}},
			{"take-off", [][2]float64{{1.3, 1.7}}},
			{"both", [][2]float64{{1.25, 1.55}, {1.9, 2.2}}},
		} {
			a := athlete{FPS: fps, Duration: 3.5, Noise: 1, Jumps: []synthJump{j}}
			raw := a.Frames()
			for _, h := range c.hidden {
				hide(raw, fps, h[0], h[1])
			}
			r := Analyze(clean(raw, fps), Options{FPS: fps})
			if r.Count != 1 || len(r.Discarded) != 0 {
				t.Errorf("%v fps, %s hidden: %d jumps, discarded %+v", fps, c.name, r.Count, r.Discarded)
				continue
			}
			got := r.Jumps[0]
			if got.Timing != TimedByHips || math.Abs(got.FlightTimeS-0.45) > 1.0/30 || got.Confidence >= gait.LowConfidence {
				t.Errorf("%v fps, %s hidden: flight %.4f s (want 0.45 within a 30 fps frame), timing %q, confidence %.2f (want under %.1f)",
					fps, c.name, got.FlightTimeS, got.Timing, got.Confidence, gait.LowConfidence)
			}
		}
	}
}

func TestJSONNames(t *testing.T) {
	h := 0.3
	b, err := json.Marshal(Result{Jumps: []Jump{{HeightHipM: &h}}, Discarded: []Discarded{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"takeoff_frame"`, `"landing_frame"`, `"takeoff_s"`, `"landing_s"`, `"flight_time_s"`,
		`"height_from_flight_time_m"`, `"height_from_hip_m"`, `"peak_frame"`, `"level_change"`, `"count"`, `"discarded"`, `"height_m"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("%s missing from %s", k, b)
		}
	}
}

func TestTooLongFlight(t *testing.T) {
	// A hop off a 4 m ledge: 1.26 s in the air, not a jump.
	fps := 60.0
	a := athlete{FPS: fps, Duration: 5, Noise: 1, Jumps: []synthJump{{T0: 1.5, V0: 3, Drop: 4}}}
	r := Analyze(clean(a.Frames(), fps), Options{FPS: fps})
	if r.Count != 0 || len(r.Discarded) != 1 || r.Discarded[0].Reason != ReasonTooLong {
		t.Errorf("flight %.2f s: %d jumps, discarded %+v", a.Jumps[0].flight(), r.Count, r.Discarded)
	}
}

func TestJumpOffABox(t *testing.T) {
	for _, fps := range rates {
		// Take off from a 30 cm box, land on the floor.
		j := synthJump{T0: 1.5, V0: 1.8, Drop: 0.3}
		a := athlete{FPS: fps, Duration: 4, Noise: 1, Jumps: []synthJump{j}}
		r := Analyze(clean(a.Frames(), fps), Options{FPS: fps, HeightM: synthHeightM})
		if r.Count != 1 {
			t.Errorf("%v fps: %d jumps, discarded %+v", fps, r.Count, r.Discarded)
			continue
		}
		got := r.Jumps[0]
		if math.Abs(got.FlightTimeS-j.flight()) > 0.015 {
			t.Errorf("%v fps: flight %.3f s, want %.3f", fps, got.FlightTimeS, j.flight())
		}
		if !got.LevelChanged || got.LevelChangeM == nil || math.Abs(*got.LevelChangeM-0.3) > 0.03 {
			t.Errorf("%v fps: level change %v %.3f, want flagged 0.30 m", fps, got.LevelChanged, got.LevelChange)
		}
	}
}

func TestMessages(t *testing.T) {
	fps := 60.0
	js := []synthJump{levelJump(1.2, 0.4), {T0: 2.4, Hop: 0.1, FlightS: 0.05}, levelJump(3.4, 0.5)}
	a := athlete{FPS: fps, Duration: 4.5, Noise: 1, Jumps: js}
	// Unfiltered, for the hop (see TestShortHopIsDiscarded).
	r := Analyze(a.Frames(), Options{FPS: fps})
	if r.Count != 2 || len(r.Discarded) != 1 {
		t.Fatalf("%d jumps, discarded %+v", r.Count, r.Discarded)
	}
	msgs := Messages(r, fps)
	var types []string
	for _, m := range msgs {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ Type string }
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		types = append(types, v.Type)
	}
	want := []string{TypeCalibration, TypeStarted, TypeHeight, TypeStarted, TypeDiscarded, TypeStarted, TypeHeight, TypeSummary}
	if len(types) != len(want) {
		t.Fatalf("types %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("types %v, want %v", types, want)
		}
	}
	if c, ok := msgs[0].(JumpCalibration); !ok || !c.Ready {
		t.Errorf("calibration %+v", msgs[0])
	}
	h1, h2 := msgs[2].(JumpHeight), msgs[6].(JumpHeight)
	if h1.Index != 1 || h2.Index != 2 || math.Abs(h1.HeightCM-FlightHeight(0.4)*100) > 1 || math.Abs(h1.FlightTimeMS-400) > 15 {
		t.Errorf("heights %+v %+v", h1, h2)
	}
	if s := msgs[1].(JumpStarted); s.Frame != r.Jumps[0].TakeoffFrame || s.TimeS != r.Jumps[0].TakeoffS {
		t.Errorf("started %+v", s)
	}
	if d := msgs[4].(JumpDiscarded); d.Reason != r.Discarded[0].Reason || d.Detail == "" || d.Frame != r.Discarded[0].LandingFrame {
		t.Errorf("discarded %+v", d)
	}
	sum := msgs[7].(JumpSummary)
	if sum.Count != 2 || len(sum.Jumps) != 2 || math.Abs(sum.BestCM-h2.HeightCM) > 1e-9 ||
		math.Abs(sum.MeanCM-(h1.HeightCM+h2.HeightCM)/2) > 1e-9 {
		t.Errorf("summary %+v", sum)
	}
	// Nothing seen: not ready, and still a summary.
	empty := Messages(Analyze(make([]*pose.Person, 10), Options{FPS: 30}), 30)
	if len(empty) != 2 || empty[0].(JumpCalibration).Ready || empty[1].(JumpSummary).Count != 0 {
		t.Errorf("empty clip messages %+v", empty)
	}
}

// TestLostAtThePicturesSide: an athlete lost "in the air" with the hips
// at the picture's left or right side walked or ran out of it (the model
// draws the feet of a body it no longer sees rising): no flight is
// reported. In the middle of the picture, or at the right side of a
// picture of unknown width, the no-landing flight is reported as before.
func TestLostAtThePicturesSide(t *testing.T) {
	for _, c := range []struct {
		name    string
		hipX    float32
		width   int
		reports bool
	}{{"left side", 10, 1000, false}, {"right side", 990, 1000, false}, {"middle", 500, 1000, true},
		{"left side, width unknown", 10, 0, false}, {"right side, width unknown", 990, 0, true}} {
		a := athlete{FPS: 30, Duration: 3, EndAt: 1.7, Noise: 1, Jumps: []synthJump{levelJump(1.5, 0.5)}}
		frames := clean(a.Frames(), 30)
		for _, p := range frames {
			if p == nil {
				continue
			}
			dx := c.hipX - (p.Keypoints[pose.LeftHip].X+p.Keypoints[pose.RightHip].X)/2
			for k := range p.Keypoints {
				p.Keypoints[k].X += dx
			}
		}
		r := Analyze(frames, Options{FPS: 30, Width: c.width})
		if got := len(r.Discarded) == 1 && r.Discarded[0].Reason == ReasonNoLanding; got != c.reports || r.Count != 0 {
			t.Errorf("%s: %d jumps, discarded %+v; want a no-landing flight reported: %v", c.name, r.Count, r.Discarded, c.reports)
		}
	}
}
