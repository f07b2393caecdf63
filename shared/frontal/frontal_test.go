package frontal

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// runner is the test's synthetic runner at 170 spm with 0.25 s contacts
// and different imposed peaks on the two sides.
func runner(fps float64, overground bool) synth {
	r := synth{
		Cadence: 170, Contact: 0.25, FPS: fps, Duration: 6, Noise: 1, EndScale: 1, Drift: 0.25, DropEvery: 17, T0: 0.1,
		PelvicDrop: [2]float64{6, 3}, HipAdd: [2]float64{9, 6}, KneeAdd: [2]float64{8, 4}, Evert: [2]float64{10, 5},
	}
	if overground {
		// Running away from the camera: 40 % smaller after 4 s, the
		// ground rising in the image; the planted foot stays put.
		r.Duration, r.EndScale, r.Drift = 4, 0.6, 0
	}
	return r
}

func clean(raw []*pose.Person, fps float64) []*pose.Person {
	return track.Clean(track.Track{FPS: fps, Frames: raw}, track.DefaultOptions).Frames
}

// checkEvents matches the found stances with the true ones: every true
// stance at least 0.2 s inside the clip must be found, every stance found
// must be a true one, on the right foot, with contact and toe-off frames
// within tol frames.
func checkEvents(t *testing.T, name string, r synth, ev []synEvent, steps []Stance, tol int) {
	t.Helper()
	used := make([]bool, len(steps))
	for _, e := range ev {
		inside := e.TC >= 0.2 && e.TO <= r.Duration-0.2
		found := false
		for i, s := range steps {
			if s.Foot != legs[e.Leg].name || absInt(s.ContactFrame-int(math.Ceil(e.TC*r.FPS))) > tol {
				continue
			}
			found, used[i] = true, true
			if d := s.ToeOffFrame - int(math.Ceil(e.TO*r.FPS)); absInt(d) > tol {
				t.Errorf("%s: %s stance at %.3f s: toe-off frame %d, want %.1f ±%d", name, s.Foot, e.TC, s.ToeOffFrame, e.TO*r.FPS, tol)
			}
			if math.Abs(s.ContactTime-r.Contact) > float64(tol)/r.FPS {
				t.Errorf("%s: %s stance at %.3f s: contact time %.3f s, want %.3f", name, s.Foot, e.TC, s.ContactTime, r.Contact)
			}
		}
		if inside && !found {
			t.Errorf("%s: %s stance %.3f–%.3f s (frames %.1f–%.1f) not found", name, legs[e.Leg].name, e.TC, e.TO, e.TC*r.FPS, e.TO*r.FPS)
		}
	}
	for i, s := range steps {
		if !used[i] {
			t.Errorf("%s: spurious stance %+v", name, s)
		}
		if i > 0 && s.ContactFrame < steps[i-1].ContactFrame {
			t.Errorf("%s: steps out of order at %d", name, i)
		}
	}
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// checkAngles compares the stance means with the imposed peaks: within
// 1.5°, except the pronation proxy overground at 30 fps (2.5°) and 60 fps
// (2°): the ankle→heel segment shrinks to 22 px there, so 1 px of
// keypoint noise is about 3° per frame, and a side has only five stances.
func checkAngles(t *testing.T, name string, r synth, g GaitCycle, fullBody bool) {
	pronTol := 1.5
	if r.EndScale < 1 && r.FPS < 60 {
		pronTol = 2.5
	} else if r.EndScale < 1 && r.FPS < 120 {
		pronTol = 2
	}
	t.Helper()
	for s, ls := range []LegStance{g.Left, g.Right} {
		for _, m := range []struct {
			what string
			st   *Stat
			want float64
			tol  float64
			full bool
		}{
			{"pelvic drop", ls.PelvicDrop, r.PelvicDrop[s], 1.5, true},
			{"hip adduction", ls.HipAdduction, r.HipAdd[s], 1.5, true},
			{"knee adduction", ls.KneeAdduction, r.KneeAdd[s], 1.5, true},
			{"pronation", ls.Pronation, r.Evert[s], pronTol, false},
		} {
			switch {
			case m.full && !fullBody:
				if m.st != nil {
					t.Errorf("%s: %s %s computed with FullBody=false", name, legs[s].name, m.what)
				}
			case m.st == nil || m.st.N < 2:
				t.Errorf("%s: %s %s: %+v, want ≥ 2 stances", name, legs[s].name, m.what, m.st)
			case math.Abs(m.st.Mean-m.want) > m.tol:
				t.Errorf("%s: %s %s %.2f°, want %.1f ± %.1f°", name, legs[s].name, m.what, m.st.Mean, m.want, m.tol)
			}
		}
	}
}

func TestSyntheticBackView(t *testing.T) {
	for _, fps := range []float64{30, 60, 120} {
		for _, overground := range []bool{false, true} {
			r := runner(fps, overground)
			name := fmt.Sprintf("%v fps %s", fps, map[bool]string{false: "treadmill", true: "overground"}[overground])
			raw, ev := r.Frames()
			res := Analyze(clean(raw, fps), Options{FPS: fps, FullBody: true})
			tol := 1
			if fps > 60 {
				tol = 2
			}
			checkEvents(t, name, r, ev, res.Steps, tol)
			if math.Abs(res.Cadence-r.Cadence)/r.Cadence > 0.01 {
				t.Errorf("%s: cadence %.1f, want %.0f ± 1%%", name, res.Cadence, r.Cadence)
			}
			checkAngles(t, name, r, res.GaitCycle, true)
			for _, s := range res.Steps {
				if s.PelvicDrop == nil || s.HipAdduction == nil || s.KneeAdduction == nil || s.Pronation == nil {
					t.Errorf("%s: stance without an angle: %+v", name, s)
				}
			}
			if res.Mirrored {
				t.Errorf("%s: back view reported as mirrored", name)
			}
		}
	}
}

func TestPronationOnly(t *testing.T) {
	r := runner(60, false)
	raw, ev := r.Frames()
	res := Analyze(clean(raw, 60), Options{FPS: 60})
	checkEvents(t, "pronation only", r, ev, res.Steps, 1)
	checkAngles(t, "pronation only", r, res.GaitCycle, false)
	for _, s := range res.Steps {
		if s.PelvicDrop != nil || s.HipAdduction != nil || s.KneeAdduction != nil || s.Pronation == nil {
			t.Errorf("FullBody=false: stance %+v, want only the pronation", s)
		}
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if js := string(b); strings.Contains(js, "pelvic_drop") || strings.Contains(js, "adduction") || !strings.Contains(js, `"pronation_deg":{"mean"`) {
		t.Errorf("FullBody=false JSON: %s", js)
	}

	// A close-up of the lower legs: no hips, shoulders or face. The
	// medial side then comes from the knees' order.
	for _, p := range raw {
		if p == nil {
			continue
		}
		for _, i := range []int{pose.Nose, pose.LeftEar, pose.RightEar, pose.LeftShoulder, pose.RightShoulder,
			pose.LeftElbow, pose.RightElbow, pose.LeftWrist, pose.RightWrist, pose.LeftHip, pose.RightHip} {
			p.Keypoints[i] = pose.Keypoint{}
		}
	}
	res = Analyze(clean(raw, 60), Options{FPS: 60, FullBody: true})
	checkEvents(t, "legs only", r, ev, res.Steps, 1)
	for s, ls := range []LegStance{res.GaitCycle.Left, res.GaitCycle.Right} {
		if ls.PelvicDrop != nil || ls.HipAdduction != nil || ls.KneeAdduction != nil {
			t.Errorf("legs only: %s measures needing the hips: %+v", legs[s].name, ls)
		}
		if ls.Pronation == nil || math.Abs(ls.Pronation.Mean-r.Evert[s]) > 1.5 {
			t.Errorf("legs only: %s pronation %+v, want %.1f", legs[s].name, ls.Pronation, r.Evert[s])
		}
	}
}

func TestMirrored(t *testing.T) {
	for _, depth := range []bool{true, false} {
		r := runner(60, false)
		r.Mirror = true
		raw, ev := r.Frames()
		if !depth {
			for _, p := range raw {
				if p == nil {
					continue
				}
				for i := range p.Keypoints {
					p.Keypoints[i].Z = 0
				}
			}
		}
		name := fmt.Sprintf("mirrored (depth %v)", depth)
		res := Analyze(clean(raw, 60), Options{FPS: 60, FullBody: true})
		if !res.Mirrored {
			t.Errorf("%s: runner facing the camera not detected", name)
		}
		// Sides stay anatomical and angles keep their sign.
		checkEvents(t, name, r, ev, res.Steps, 1)
		checkAngles(t, name, r, res.GaitCycle, true)
	}
}

func TestEmptyInput(t *testing.T) {
	for name, frames := range map[string][]*pose.Person{"nil": nil, "empty": {}, "no person": make([]*pose.Person, 90)} {
		if got := Analyze(frames, Options{FPS: 30, FullBody: true}); !reflect.DeepEqual(got, Result{}) {
			t.Errorf("%s: %+v, want the zero Result", name, got)
		}
	}
	raw, _ := runner(30, false).Frames()
	if got := Analyze(raw, Options{FPS: 0}); !reflect.DeepEqual(got, Result{}) {
		t.Errorf("fps 0: %+v, want the zero Result", got)
	}
	// Standing still: the feet never leave the ground, so no stance has
	// a start and an end inside the clip.
	still := make([]*pose.Person, 90)
	for i := range still {
		still[i] = raw[0]
	}
	if got := Analyze(still, Options{FPS: 30, FullBody: true}); len(got.Steps) != 0 || got.Cadence != 0 {
		t.Errorf("standing still: %d steps, cadence %v", len(got.Steps), got.Cadence)
	}
	// A few frames, half of them missing.
	short := []*pose.Person{raw[0], nil, raw[2], nil}
	if got := Analyze(short, Options{FPS: 30, FullBody: true}); len(got.Steps) != 0 {
		t.Errorf("short clip: %d steps", len(got.Steps))
	}
}

// TestAngleDefinitions pins the signs of the definitions on hand-built
// frames: a back view (left leg on the image left), then the same frame
// mirrored as a front view.
func TestAngleDefinitions(t *testing.T) {
	kp := func(x, y float64) pose.Keypoint {
		return pose.Keypoint{X: float32(x), Y: float32(y), Visibility: 1}
	}
	p := &pose.Person{Keypoints: make([]pose.Keypoint, pose.NumBlazePose)}
	k := p.Keypoints
	// Left stance leg: hip at (100, 100), right hip 10 px lower (pelvis
	// dropping on the right), knee 20 px medial (image right), ankle
	// straight below the hip, heel 5 px lateral of the ankle.
	k[pose.LeftHip], k[pose.RightHip] = kp(100, 100), kp(200, 110)
	k[pose.LeftKnee], k[pose.LeftAnkle], k[pose.LeftHeel] = kp(120, 200), kp(100, 300), kp(95, 320)
	wantDrop := math.Atan2(10, 100) * 180 / math.Pi
	wantHip := math.Atan2(20, 100) * 180 / math.Pi
	wantKnee := 2 * wantHip                              // thigh +α, shank −α from the vertical
	wantPron := -wantHip + math.Atan2(5, 20)*180/math.Pi // shank −α, heel 14° lateral
	for _, mirror := range []bool{false, true} {
		q := p
		medial := 1.0
		if mirror {
			// Front view: flip x about 150.
			q = &pose.Person{Keypoints: append([]pose.Keypoint(nil), k...)}
			for i := range q.Keypoints {
				if q.Keypoints[i].Visibility > 0 {
					q.Keypoints[i].X = 300 - q.Keypoints[i].X
				}
			}
			medial = -1
		}
		for m, want := range map[int]float64{mPelvicDrop: wantDrop, mHipAdduction: wantHip, mKneeAdduction: wantKnee, mPronation: wantPron} {
			if got := measure(q, m, 0, medial, 0.3); math.Abs(got-want) > 1e-3 {
				t.Errorf("mirror %v: measure %d = %.3f°, want %.3f°", mirror, m, got, want)
			}
		}
		if got := lateralSign([]*pose.Person{q}, 0.3); got != medial {
			t.Errorf("mirror %v: lateral sign %v", mirror, got)
		}
	}
	// The right leg of the same back view: pelvic drop is then the left
	// hip being lower, negative here.
	if got := measure(p, mPelvicDrop, 1, -1, 0.3); math.Abs(got+wantDrop) > 1e-3 {
		t.Errorf("right-stance pelvic drop %.3f°, want %.3f°", got, -wantDrop)
	}
}
