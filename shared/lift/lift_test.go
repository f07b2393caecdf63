package lift

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"motionlab/shared/pose"
)

func hasFinding(r Result, key string) bool {
	for _, f := range r.Findings {
		if f.Key == key {
			return true
		}
	}
	return false
}

// checkTiming compares each repetition's phases with the truth: count,
// durations within tol seconds (default one frame at 30 fps, 50 ms =
// three frames at 60 fps, where 1–2 px of noise over a slow sinusoidal start
// hides its first ~15 ms), start/turn/end frames within three.
func checkTiming(t *testing.T, r Result, truth []trueRep, fps float64, ecc bool, tol ...float64) {
	t.Helper()
	if r.Count != len(truth) || len(r.Reps) != len(truth) {
		t.Fatalf("counted %d repetitions, want %d", r.Count, len(truth))
	}
	d := 1 / fps
	if fps > 30 {
		d = 0.05
	}
	if len(tol) > 0 {
		d = tol[0]
	}
	for i, rep := range r.Reps {
		tr := truth[i]
		first, second := rep.EccentricS, rep.ConcentricS
		if !ecc {
			first, second = second, first
		}
		if e := math.Abs(first - tr.first); e > d {
			t.Errorf("rep %d: first phase %.3f s, want %.3f (off %.1f frames)", i+1, first, tr.first, e*fps)
		}
		if e := math.Abs(second - tr.second); e > d {
			t.Errorf("rep %d: second phase %.3f s, want %.3f (off %.1f frames)", i+1, second, tr.second, e*fps)
		}
		for _, c := range []struct {
			name string
			got  int
			want float64
		}{{"start", rep.StartFrame, tr.start}, {"turn", rep.BottomFrame, tr.turn}, {"end", rep.EndFrame, tr.end}} {
			if e := math.Abs(float64(c.got) - c.want*fps); e > 3 {
				t.Errorf("rep %d: %s frame %d, want %.1f", i+1, c.name, c.got, c.want*fps)
			}
		}
		if rep.Index != i+1 {
			t.Errorf("rep %d has index %d", i+1, rep.Index)
		}
	}
}

func TestSideSquat(t *testing.T) {
	for _, c := range []struct {
		name                   string
		fps, noise             float64
		n                      int
		hipBot, lean, drift    float64 // body heights, degrees, body heights
		ecc, con               float64
		below                  bool
		wantShallow, wantLean  bool
		wantFastEcc, wantDrift bool
	}{
		{"deep 30fps", 30, 1.5, 5, 0.18, 38, 0, 1.6, 1.1, true, false, false, false, false},
		{"deep 60fps", 60, 2, 3, 0.18, 38, 0, 1.3, 0.9, true, false, false, false, false},
		{"shallow leaning 30fps", 30, 2, 4, 0.28, 52, 0, 1.2, 0.9, false, true, true, false, false},
		{"fast drifting 60fps", 60, 1, 6, 0.17, 40, 0.05, 0.6, 0.7, true, false, false, true, true},
		{"slow 30fps", 30, 2, 3, 0.18, 40, 0, 2.0, 1.5, true, false, false, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ph, at := squatSession(c.n, c.ecc, c.con)
			s := synth{
				fps: c.fps, noise: c.noise, dir: 1, phases: ph, repAt: at,
				pose: squatPose(c.hipBot, c.lean, c.drift, 0),
				// A few single missing frames, and a 0.4 s gap while walking out.
				drop: append([]int{int(4 * c.fps), int(4*c.fps) + 7, int(6.3 * c.fps)}, seq(int(1.2*c.fps), int(1.6*c.fps))...),
				cut:  0.45 * c.ecc, seed: uint64(c.n),
			}
			frames, truth := s.frames()
			r, err := Analyze(frames, Options{FPS: c.fps, Exercise: Squat, HeightM: synthH})
			if err != nil {
				t.Fatal(err)
			}
			checkTiming(t, r, truth, c.fps, true)
			if r.View != "side" {
				t.Errorf("view %q, want side", r.View)
			}
			if math.Abs(r.PixelsPerMetre-synthPPM) > 0.01*synthPPM {
				t.Errorf("scale %.1f px/m, want %.1f", r.PixelsPerMetre, synthPPM)
			}
			bottom := squatPose(c.hipBot, c.lean, c.drift, 0)(1)
			wantDepth := bottom.depthDelta()
			if (wantDepth < 0) != c.below || math.Abs(wantDepth) < 0.03 {
				t.Fatalf("synthetic depth %.3f m does not match the case", wantDepth)
			}
			top := squatPose(c.hipBot, c.lean, c.drift, 0)(0)
			wantROM := (top.hipUp - bottom.hipUp) * synthH
			for i, rep := range r.Reps {
				if rep.DepthDeltaM == nil || rep.BelowParallel == nil {
					t.Fatalf("rep %d: no depth", i+1)
				}
				if *rep.BelowParallel != c.below || math.Abs(*rep.DepthDeltaM-wantDepth) > 0.02 {
					t.Errorf("rep %d: depth %.3f m (below %v), want %.3f", i+1, *rep.DepthDeltaM, *rep.BelowParallel, wantDepth)
				}
				if math.Abs(rep.TrunkAtBottomDeg-c.lean) > 3 {
					t.Errorf("rep %d: trunk %.1f°, want %.1f", i+1, rep.TrunkAtBottomDeg, c.lean)
				}
				if math.Abs(rep.RangeOfMotionM-wantROM) > 0.02 {
					t.Errorf("rep %d: ROM %.3f m, want %.3f", i+1, rep.RangeOfMotionM, wantROM)
				}
				if rep.KneeValgusDeg != nil {
					t.Errorf("rep %d: knee valgus in a side view", i+1)
				}
				if rep.MinKneeDeg <= 30 || rep.MinKneeDeg >= 150 {
					t.Errorf("rep %d: min knee angle %.1f", i+1, rep.MinKneeDeg)
				}
			}
			for key, want := range map[string]bool{
				KeyShallowDepth: c.wantShallow, KeyForwardLean: c.wantLean, KeyFastEccentric: c.wantFastEcc,
				KeyUnevenTempo: false, KeyKneeValgus: false, KeyBarPathDrift: c.wantDrift,
			} {
				if hasFinding(r, key) != want {
					t.Errorf("finding %s: got %v, want %v (findings %+v)", key, !want, want, r.Findings)
				}
			}
			if want := c.drift * synthH; math.Abs(r.BarPathDev.Mean-want) > 0.015 {
				t.Errorf("bar path deviation %.3f m, want %.3f", r.BarPathDev.Mean, want)
			}
			if len(r.BarPath) < len(frames)/2 {
				t.Errorf("bar path has %d points for %d frames", len(r.BarPath), len(frames))
			}
			// A clip that begins half way down the first descent: that
			// repetition is not counted, the others are.
			cut := int((truth[0].start + truth[0].first/2) * c.fps)
			r2, err := Analyze(frames[cut:], Options{FPS: c.fps, Exercise: Squat, HeightM: synthH})
			if err != nil || r2.Count != c.n-1 {
				t.Errorf("clip starting mid-descent: %d reps (err %v), want %d", r2.Count, err, c.n-1)
			}
		})
	}
}

func seq(a, b int) []int {
	var out []int
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

func TestFacingLeftAndSlowTempoDrift(t *testing.T) {
	// Facing image left; the concentric slows down rep by rep (fatigue)
	// enough for uneven_tempo.
	fps := 30.0
	ph := []phase{{d: 1}}
	var at []int
	for i, con := range []float64{0.7, 0.8, 1.2, 1.6, 2.0} {
		at = append(at, len(ph))
		ph = append(ph, phase{d: 1.5, f0: 0, f1: 1}, phase{d: 0.2 * float64(i%2), f0: 1, f1: 1}, phase{d: con, f0: 1, f1: 0}, phase{d: 0.8})
	}
	s := synth{fps: fps, noise: 1.5, dir: -1, phases: ph, repAt: at, pose: squatPose(0.21, 40, 0, 0), seed: 3}
	frames, truth := s.frames()
	r, err := Analyze(frames, Options{FPS: fps, HeightM: synthH})
	if err != nil {
		t.Fatal(err)
	}
	checkTiming(t, r, truth, fps, true)
	if !hasFinding(r, KeyUnevenTempo) {
		t.Errorf("no uneven_tempo: %+v, concentric %+v", r.Findings, r.Concentric)
	}
	if r.TrunkAtBottom.Mean < 37 || r.TrunkAtBottom.Mean > 43 {
		t.Errorf("trunk %.1f° facing left, want 40", r.TrunkAtBottom.Mean)
	}
}

func TestDeadlift(t *testing.T) {
	for _, fps := range []float64{30, 60} {
		t.Run(fmt.Sprint(fps), func(t *testing.T) {
			// f = 0 bar on the floor, 1 lockout.
			dl := func(drift float64) func(float64) posture {
				return func(f float64) posture {
					return posture{
						x: 1.2, hipUp: 0.29 + (0.486-0.29)*f, hipBk: 0.12 * (1 - f), lean: 58 * (1 - f),
						barSet: true, barX: 0.05 + drift*math.Sin(math.Pi*f), barUp: 0.125 + (0.47-0.125)*f,
					}
				}
			}
			ph := []phase{
				{d: 0.6, f0: 1, f1: 1, off: -0.6, off1: -0.6}, {d: 1.5, f0: 1, f1: 1, off: -0.6}, {d: 0.5, f0: 1, f1: 1},
				{d: 1.0, f0: 1, f1: 0}, {d: 0.8}, // bend down to the bar
			}
			var at []int
			cons := []float64{0.9, 1.1, 1.3, 1.6}
			for _, con := range cons {
				at = append(at, len(ph))
				ph = append(ph, phase{d: con, f0: 0, f1: 1}, phase{d: 0.6, f0: 1, f1: 1}, phase{d: 1.0, f0: 1, f1: 0}, phase{d: 0.9})
			}
			ph = append(ph, phase{d: 1.0, f0: 0, f1: 1}, phase{d: 1.0, f0: 1, f1: 1}) // let go, stand up
			for _, drift := range []float64{0, 0.07} {
				s := synth{fps: fps, noise: 2, dir: 1, phases: ph, repAt: at, pose: dl(drift), seed: 11, drop: []int{int(5 * fps), int(9 * fps)}}
				frames, truth := s.frames()
				r, err := Analyze(frames, Options{FPS: fps, Exercise: Deadlift, HeightM: synthH})
				if err != nil {
					t.Fatal(err)
				}
				checkTiming(t, r, truth, fps, false)
				for _, rep := range r.Reps {
					if rep.DepthDeltaM != nil || rep.BelowParallel != nil {
						t.Errorf("depth reported for a deadlift")
					}
					if want := (0.47 - 0.125) * synthH; math.Abs(rep.RangeOfMotionM-want) > 0.02 {
						t.Errorf("ROM %.3f m, want %.3f", rep.RangeOfMotionM, want)
					}
					if math.Abs(rep.TrunkAtBottomDeg-58) > 4 {
						t.Errorf("set-up trunk %.1f°, want 58", rep.TrunkAtBottomDeg)
					}
					if want := drift * synthH; math.Abs(rep.BarPathDevM-want) > 0.015 {
						t.Errorf("bar path deviation %.3f m, want %.3f", rep.BarPathDevM, want)
					}
				}
				if got, want := hasFinding(r, KeyBarPathDrift), drift > 0; got != want {
					t.Errorf("drift %.2f H: bar_path_drift %v, want %v", drift, got, want)
				}
				if hasFinding(r, KeyFastEccentric) || hasFinding(r, KeyShallowDepth) || hasFinding(r, KeyForwardLean) {
					t.Errorf("squat findings for a deadlift: %+v", r.Findings)
				}
			}
		})
	}
}

func TestPress(t *testing.T) {
	// Standing press: the bar goes from the shoulders (wrists 0.80 H up)
	// to overhead (1.22 H) and back; concentric first.
	fps := 30.0
	pz := func(f float64) posture {
		return posture{x: 1.2, hipUp: 0.486, lean: 3, barSet: true, barX: 0.02, barUp: 0.80 + (1.22-0.80)*f}
	}
	ph := []phase{{d: 1.5, off: 0.5}, {d: 1}}
	var at []int
	for _, ecc := range []float64{0.6, 0.7, 0.65, 0.7} {
		at = append(at, len(ph))
		ph = append(ph, phase{d: 1.0, f0: 0, f1: 1}, phase{d: 0.3, f0: 1, f1: 1}, phase{d: ecc, f0: 1, f1: 0}, phase{d: 0.6})
	}
	ph = append(ph, phase{d: 1.5, off1: 0.5}, phase{d: 0.5, off: 0.5, off1: 0.5}) // walk back to the rack
	frames, truth := synth{fps: fps, noise: 1.5, dir: 1, phases: ph, repAt: at, pose: pz, seed: 21}.frames()
	r, err := Analyze(frames, Options{FPS: fps, Exercise: Press, HeightM: synthH})
	if err != nil {
		t.Fatal(err)
	}
	// The 0.6–0.7 s lowering after a 0.3 s hold overhead: within 50 ms
	// (1.5 frames; the 8 Hz cleaning filter rounds each start and stop,
	// lengthening a phase by about 20 ms, plus noise).
	checkTiming(t, r, truth, fps, false, 0.05)
	if want := 0.42 * synthH; math.Abs(r.RangeOfMotion.Mean-want) > 0.02 {
		t.Errorf("ROM %.3f m, want %.3f", r.RangeOfMotion.Mean, want)
	}
	if !hasFinding(r, KeyFastEccentric) {
		t.Errorf("no fast_eccentric for a 0.66 s lowering: %+v", r.Findings)
	}
}

func TestFrontSquatValgus(t *testing.T) {
	fps := 30.0
	for _, valgus := range []float64{0, 0.025} {
		ph, at := squatSession(4, 1.4, 1.0)
		// Half squat depth: the thighs do not point straight at the camera.
		pz := squatPose(0.33, 30, 0, valgus)
		s := synth{fps: fps, noise: 1.5, front: true, phases: ph, repAt: at, pose: pz, cut: 0.6, seed: 5}
		frames, truth := s.frames()
		r, err := Analyze(frames, Options{FPS: fps, HeightM: synthH})
		if err != nil {
			t.Fatal(err)
		}
		if r.View != "front" {
			t.Fatalf("view %q, want front", r.View)
		}
		checkTiming(t, r, truth, fps, true)
		// The truth: the noise-free projection at the bottom.
		ref := pz(1).render(true, 1, nil, 0)
		want := math.Max(fppa(ref, 0), fppa(ref, 1))
		for i, rep := range r.Reps {
			if rep.KneeValgusDeg == nil {
				t.Fatalf("rep %d: no knee valgus in a front view", i+1)
			}
			if math.Abs(*rep.KneeValgusDeg-want) > 2.5 {
				t.Errorf("rep %d: valgus %.1f°, want %.1f", i+1, *rep.KneeValgusDeg, want)
			}
			if rep.DepthDeltaM != nil {
				t.Errorf("rep %d: depth in a front view", i+1)
			}
		}
		if got, wantF := hasFinding(r, KeyKneeValgus), valgus > 0; got != wantF {
			t.Errorf("valgus shift %.3f H (FPPA %.1f°): knee_valgus %v, want %v", valgus, want, got, wantF)
		}
		if valgus > 0 && want < 15 {
			t.Errorf("synthetic valgus too small: %.1f°", want)
		}
		if hasFinding(r, KeyShallowDepth) || hasFinding(r, KeyForwardLean) {
			t.Errorf("side-view findings in a front view: %+v", r.Findings)
		}
	}
}

func TestClean(t *testing.T) {
	// Floor → pull (wrists to the chest) → catch (the athlete drops under
	// the bar: wrists dip, but stay above the hips) → stand with the bar
	// racked → drop the bar (hands hang) → bend down to it again.
	fps := 60.0
	type key struct{ hipUp, hipBk, lean, barX, barUp float64 }
	keys := []key{
		{0.29, 0.12, 55, 0.05, 0.125}, // floor
		{0.48, 0.02, 5, 0.04, 0.62},   // top of the pull
		{0.23, 0.14, 20, 0.03, 0.50},  // catch
		{0.486, 0, 5, 0.03, 0.80},     // standing, bar racked
		{0.486, 0, 5, 0.03, 0.47},     // bar dropped, hands hanging
		{0.29, 0.12, 55, 0.05, 0.125}, // bent down to the bar again
	}
	// f runs through the keys: f = i is keys[i], linear in between.
	pz := func(f float64) posture {
		i := min(int(f), len(keys)-2)
		u := f - float64(i)
		a, b := keys[i], keys[i+1]
		l := func(x, y float64) float64 { return x + (y-x)*u }
		return posture{x: 1.2, hipUp: l(a.hipUp, b.hipUp), hipBk: l(a.hipBk, b.hipBk), lean: l(a.lean, b.lean), barSet: true, barX: l(a.barX, b.barX), barUp: l(a.barUp, b.barUp)}
	}
	ph := []phase{{d: 1.0, f0: 4, f1: 4}, {d: 0.9, f0: 4, f1: 5}, {d: 1, f0: 5, f1: 5}}
	n := 3
	var at []int
	for i := 0; i < n; i++ {
		at = append(at, len(ph))
		ph = append(ph,
			phase{d: 0.55, f0: 0, f1: 1}, phase{d: 0.3, f0: 1, f1: 2}, phase{d: 1.0, f0: 2, f1: 3}, // concentric
			phase{d: 0.8, f0: 3, f1: 3},                                                                                        // hold in the rack
			phase{d: 0.5, f0: 3, f1: 4}, phase{d: 0.8, f0: 4, f1: 4}, phase{d: 0.9, f0: 4, f1: 5}, phase{d: 1.2, f0: 5, f1: 5}, // drop, reset
		)
	}
	s := synth{fps: fps, noise: 1.5, dir: 1, phases: ph, pose: pz, seed: 9}
	frames, _ := s.frames()
	r, err := Analyze(frames, Options{FPS: fps, Exercise: Clean, HeightM: synthH})
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != n {
		t.Fatalf("counted %d cleans, want %d", r.Count, n)
	}
	for i, rep := range r.Reps {
		// The lift runs from the floor to standing in the rack: 1.85 s.
		if math.Abs(rep.ConcentricS-1.85) > 0.05 {
			t.Errorf("clean %d: concentric %.3f s, want 1.85", i+1, rep.ConcentricS)
		}
		if want := (0.80 - 0.125) * synthH; math.Abs(rep.RangeOfMotionM-want) > 0.02 {
			t.Errorf("clean %d: ROM %.3f, want %.3f", i+1, rep.RangeOfMotionM, want)
		}
	}
}

func TestNoReps(t *testing.T) {
	for name, frames := range map[string][]*pose.Person{
		"nil":     nil,
		"empty":   {},
		"all nil": make([]*pose.Person, 50),
		"short":   {{Keypoints: make([]pose.Keypoint, 3)}},
	} {
		r, err := Analyze(frames, Options{FPS: 30})
		if !errors.Is(err, ErrNoReps) {
			t.Errorf("%s: err %v, want ErrNoReps", name, err)
		}
		if r.Reps == nil || r.Findings == nil || r.BarPath == nil {
			t.Errorf("%s: nil slices in %+v", name, r)
		}
	}
	// Standing still with noise, walking out and back: nothing to count.
	fps := 30.0
	s := synth{fps: fps, noise: 2, dir: 1, phases: []phase{{d: 2, off: 0.5, off1: 0.5}, {d: 1.5, off: 0.5}, {d: 3}, {d: 1.5, off1: 0.5}}, pose: squatPose(0.21, 38, 0, 0), seed: 1}
	frames, _ := s.frames()
	for _, ex := range Exercises {
		r, err := Analyze(frames, Options{FPS: fps, Exercise: ex})
		if !errors.Is(err, ErrNoReps) || r.Count != 0 {
			t.Errorf("%s standing still: %d reps, err %v", ex, r.Count, err)
		}
		if len(r.BarPath) == 0 || r.PixelsPerMetre == 0 {
			t.Errorf("%s: bar path and scale not filled in without reps", ex)
		}
	}
}

func TestOptions(t *testing.T) {
	_, err := Analyze(nil, Options{FPS: 30, Exercise: "curl"})
	if err == nil || errors.Is(err, ErrNoReps) {
		t.Errorf("unknown exercise: err %v", err)
	}
	ph, at := squatSession(2, 1.2, 1.0)
	frames, _ := synth{fps: 30, noise: 1, dir: 1, phases: ph, repAt: at, pose: squatPose(0.21, 38, 0, 0), cut: 0.6}.frames()
	if _, err := Analyze(frames, Options{}); err == nil || errors.Is(err, ErrNoReps) {
		t.Errorf("FPS 0: err %v", err)
	}
	// Defaults: squat, 1.70 m.
	r, err := Analyze(frames, Options{FPS: 30})
	if err != nil || r.Exercise != Squat || r.Count != 2 {
		t.Fatalf("defaults: %v, %s, %d reps", err, r.Exercise, r.Count)
	}
	if want := synthPPM * synthH / 1.70; math.Abs(r.PixelsPerMetre-want) > 0.01*want {
		t.Errorf("default height: %.1f px/m, want %.1f", r.PixelsPerMetre, want)
	}
	// The JSON names the front end reads.
	b, _ := json.Marshal(r)
	for _, k := range []string{`"rep_count":2`, `"eccentric_s":{`, `"bar_path":[`, `"pixels_per_metre"`, `"depth_hip_minus_knee_m"`, `"x_m"`, `"t_s"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON lacks %s", k)
		}
	}
	for _, f := range r.Findings {
		if !(f.Severity > 0 && f.Severity <= 1) {
			t.Errorf("severity %v out of (0, 1]", f)
		}
	}
}
