package jump

import (
	"math"
	"testing"

	"motionlab/shared/gait/gaittest"
	"motionlab/shared/pose"
	"motionlab/tests/testenv"
)

// hopsClip is one version of the Sports2D demo jumper's real track
// (testdata/hops_gen.go says where it comes from).
type hopsClip struct {
	FPS    float64        `json:"fps"`
	Frames []*pose.Person `json:"frames"`
}

// readHops reads the jumper's real tracks: "original" (30 fps, about 369
// px tall), "small" (about 131 px) and "15fps".
func readHops(t *testing.T) map[string]hopsClip {
	t.Helper()
	var c map[string]hopsClip
	testenv.GzipJSON(t, "testdata/hops.json.gz", &c)
	return c
}

// hopsTruth is the hand annotation of the four hops (take-off = last frame
// on the box, landing = first frame on it again; 30 fps frames).
var hopsTruth = [][2]int{{11, 20}, {29, 37}, {46, 55}, {64, 72}}

// scaled is frames with every keypoint's image position times s (the same
// athlete filmed from further away).
func scaled(frames []*pose.Person, s float32) []*pose.Person {
	out := make([]*pose.Person, len(frames))
	for i, p := range frames {
		if p == nil {
			continue
		}
		q := &pose.Person{Keypoints: append([]pose.Keypoint(nil), p.Keypoints...)}
		for j := range q.Keypoints {
			q.Keypoints[j].X *= s
			q.Keypoints[j].Y *= s
		}
		out[i] = q
	}
	return out
}

// withinOne reports whether the found frame is within one frame of the
// annotated 30 fps frame, in frames of the clip's rate.
func withinOne(found int, fps float64, truth30 int) bool {
	return math.Abs(float64(found)-float64(truth30)*fps/30) <= 1+1e-9
}

// The jumper's four hops on the box, in the clip, downscaled until he is
// about 131 px tall, and at 15 fps: each found, take-off and landing within
// one frame of the hand annotation (but one landing at 15 fps), nothing
// else counted. At 15 fps the track starts 0.13 s into the clip and its
// feet settle until the first hop's push-off: one foot reads still on the
// box for two frames before it, the other never (9 px apart on
// consecutive frames, 2.5 % of body height), and that foot's ground level
// is where it stood beside the still one (besideStill; without it the
// first hop was not found).
func TestRealHops(t *testing.T) {
	want := map[string][]int{"original": {0, 1, 2, 3}, "small": {0, 1, 2, 3}, "15fps": {0, 1, 2, 3}}
	for name, c := range readHops(t) {
		r := Analyze(c.Frames, Options{FPS: c.FPS})
		if len(r.Jumps) != len(want[name]) {
			t.Errorf("%s: %d jumps %+v, want hops %v; discarded %+v", name, len(r.Jumps), r.Jumps, want[name], r.Discarded)
			continue
		}
		// Off the box again 0.27–0.3 s after each landing: repeated hops.
		if !r.RepeatedHops || r.GroundContact.Mean < 0.2 || r.GroundContact.Mean > 0.4 {
			t.Errorf("%s: repeated hops %v, ground contacts %+v", name, r.RepeatedHops, r.GroundContact)
		}
		for k, h := range want[name] {
			j, tr := r.Jumps[k], hopsTruth[h]
			if name == "15fps" && h == 2 {
				// Landing out, feet wide apart: at 15 fps frame 28 (30 fps
				// 56) both feet's points still read 14–16 px (4 % of body
				// height) above the box, so the landing is called at 29,
				// 1.5 frames after the annotated 55.
				tr[1] += 1
			}
			if !withinOne(j.TakeoffFrame, c.FPS, tr[0]) || !withinOne(j.LandingFrame, c.FPS, tr[1]) {
				t.Errorf("%s hop %d: %d–%d, annotated %d–%d at 30 fps", name, h+1, j.TakeoffFrame, j.LandingFrame, tr[0], tr[1])
			}
		}
	}
}

// KeypointNoisePx: on the jumper downscaled to about 131 px, δ/2 is about
// 1 px, less than his feet's keypoints wander while they stand on the box
// between two hops (1.5–2 px over three frames). With the floor each foot
// rests somewhere in each of those stretches (annotated on the box 20–29
// and 55–64), which is what gives the next hop its ground level.
func TestStillFloorOnASmallAthlete(t *testing.T) {
	c := readHops(t)["small"]
	a, _, ok := prepare(c.Frames, Options{FPS: c.FPS})
	if !ok {
		t.Fatal("not ready")
	}
	if !(a.delta/2 < KeypointNoisePx) {
		t.Fatalf("δ/2 = %.2f px: the floor is not what decides", a.delta/2)
	}
	for f := 0; f < 2; f++ {
		for _, span := range [][2]int{{21, 28}, {56, 63}} {
			rests := false
			for i := span[0]; i <= span[1]; i++ {
				rests = rests || a.still[f][i]
			}
			if !rests {
				t.Errorf("foot %d never still over %v", f, span)
			}
		}
	}
}

// The hips' rise after take-off is checked with KeypointNoisePx of
// allowance: the small jumper's first hop (annotated 11–20) is taken off
// a frame late (the last foot clears the toe-stand height at about 12.4),
// when his hips have 1.9 px (1.5 % of body height) left to rise, a hair
// under a third of the 0.25 s flight's g·t²/8 (1.91 px). It is counted.
func TestHipRiseAllowanceOnASmallAthlete(t *testing.T) {
	c := readHops(t)["small"]
	r := Analyze(c.Frames, Options{FPS: c.FPS})
	if len(r.Jumps) == 0 || !withinOne(r.Jumps[0].TakeoffFrame, c.FPS, 11) || !withinOne(r.Jumps[0].LandingFrame, c.FPS, 20) {
		t.Fatalf("first hop not counted: jumps %+v, discarded %+v", r.Jumps, r.Discarded)
	}
}

// At 15 fps (frames 67 ms apart, more than stillS) a foot that rests on
// the box only briefly between two rebound hops shows a single sample at
// the bottom of its path: the jumper's left foot at frame 12 (30 fps
// frames 20–29 on the box) reads 451.8, 461.1, 451.9 px at frames 11–13.
// It rests there (valley): the parabola through the three samples stays
// within the tolerance over ±stillS. The top of a foot's arc in the air
// is not a valley.
func TestValleyIsARestAtLowRates(t *testing.T) {
	c := readHops(t)["15fps"]
	a, _, ok := prepare(c.Frames, Options{FPS: c.FPS})
	if !ok {
		t.Fatal("not ready")
	}
	tol := math.Max(a.delta, KeypointNoisePx)
	if !a.still[0][12] || !a.valley(a.feet[0], 12, tol) {
		t.Errorf("left foot at frame 12 (%.1f px): still %v", a.feet[0].y[12], a.still[0][12])
	}
	// Its highest point in hop 2 (30 fps 30–36) is no rest.
	top := 14
	for i := 14; i <= 18; i++ {
		if a.feet[0].y[i] < a.feet[0].y[top] {
			top = i
		}
	}
	if a.valley(a.feet[0], top, tol) {
		t.Errorf("left foot's apex at frame %d (%.1f px) counted as a rest", top, a.feet[0].y[top])
	}
	// A foot falling through one frame is no rest either.
	f := series{y: []float64{400, 420, 440}, valid: []bool{true, true, true}}
	if a.valley(f, 1, tol) {
		t.Error("a falling foot is a valley")
	}
}

// The two rules that let the small and 15 fps versions of the real hops
// through invent nothing on a synthetic athlete filmed small (×0.37, about
// 130 px tall) or at 15 or 24 fps: standing still, rising onto the toes,
// walking and running are no jumps; three countermovement jumps are found.
func TestSmallAndLowRateAthletes(t *testing.T) {
	for _, fps := range []float64{15, 24, 30} {
		for _, s := range []float32{1, 0.37} {
			a := athlete{FPS: fps, Duration: 4, Noise: 2 * float64(s)}
			if r := Analyze(clean(scaled(a.Frames(), s), fps), Options{FPS: fps}); r.Count != 0 || len(r.Discarded) != 0 {
				t.Errorf("standing at %v fps ×%v: %d jumps, discarded %+v", fps, s, r.Count, r.Discarded)
			}
			js := []synthJump{levelJump(1.2, 0.4), levelJump(2.8, 0.5), levelJump(4.4, 0.35)}
			a = athlete{FPS: fps, Duration: 6.5, Noise: float64(s), Jumps: js}
			if r := Analyze(clean(scaled(a.Frames(), s), fps), Options{FPS: fps}); r.Count != 3 || len(r.Discarded) != 0 {
				t.Errorf("three jumps at %v fps ×%v: %d jumps, discarded %+v", fps, s, r.Count, r.Discarded)
			}
			for name, rn := range gaitRunners {
				rn.FPS = fps
				raw, _ := rn.Frames(0.1)
				if r := Analyze(clean(scaled(raw, s), fps), Options{FPS: fps, HeightM: gaittest.HeightM}); r.Count != 0 || len(r.Discarded) != 0 {
					t.Errorf("%s at %v fps ×%v: %d jumps %+v, discarded %+v", name, fps, s, r.Count, r.Jumps, r.Discarded)
				}
			}
		}
	}
}

// The jumper's real hops with his feet hidden (visibility 0, as where a
// bench or the picture's edge hides them) for the three frames around
// each landing, then around each take-off: every hop is still counted,
// the hidden instant within two frames of the hand annotation and the
// other within one. Where the feet come back a frame after a landing
// (hops 1 and 3) the landing is still the feet's, interpolated across the
// gap; elsewhere the hips' arc times it and the jump says so. The hips'
// height at landing varies with the jumping jack's stance (legs apart or
// together): those landings come 2 frames late, the take-offs within one.
func TestRealHopsWithFeetHidden(t *testing.T) {
	c := readHops(t)["original"]
	hips := 0
	for _, end := range []int{1, 0} { // landing, take-off
		frames := make([]*pose.Person, len(c.Frames))
		for i, p := range c.Frames {
			if p != nil {
				frames[i] = &pose.Person{Keypoints: append([]pose.Keypoint(nil), p.Keypoints...)}
			}
		}
		for _, h := range hopsTruth {
			for i := h[end] - 1; i <= h[end]+1; i++ {
				for _, k := range []int{pose.LeftHeel, pose.LeftFootIndex, pose.LeftAnkle, pose.RightHeel, pose.RightFootIndex, pose.RightAnkle} {
					frames[i].Keypoints[k].Visibility = 0
				}
			}
		}
		r := Analyze(frames, Options{FPS: c.FPS})
		if len(r.Jumps) != len(hopsTruth) {
			t.Errorf("end %d hidden: %d jumps %+v, want %d; discarded %+v", end, len(r.Jumps), r.Jumps, len(hopsTruth), r.Discarded)
			continue
		}
		for k, j := range r.Jumps {
			got, tr := [2]int{j.TakeoffFrame, j.LandingFrame}, hopsTruth[k]
			if abs(got[end]-tr[end]) > 2 || abs(got[1-end]-tr[1-end]) > 1 {
				t.Errorf("end %d hidden, hop %d: %d–%d, annotated %d–%d (timing %s)", end, k+1, got[0], got[1], tr[0], tr[1], j.Timing)
			}
			if j.Timing == TimedByHips {
				hips++
			}
		}
	}
	if hips < 6 {
		t.Errorf("%d of the 8 hidden instants timed by the hips, want at least 6", hips)
	}
}

func abs(x int) int { return max(x, -x) }

// The jumper's front flip off the box onto the grass (real track,
// testdata/flip_gen.go): found and timed within a frame of the hand
// annotation (take-off 166, landing 190), flagged as landed lower, and
// left out of the heights, the best jump and the postMessage heights:
// g·t²/8 of its 0.8 s in the air is no jump height.
func TestRealFlipOffTheBox(t *testing.T) {
	var c hopsClip
	testenv.GzipJSON(t, "testdata/flip.json.gz", &c)
	r := Analyze(c.Frames, Options{FPS: c.FPS})
	var flip *Jump
	for k, j := range r.Jumps {
		if withinOne(j.TakeoffFrame, c.FPS, 166) && withinOne(j.LandingFrame, c.FPS, 190) {
			flip = &r.Jumps[k]
		}
	}
	if flip == nil {
		t.Fatalf("no flip 166–190 among %+v (discarded %+v)", r.Jumps, r.Discarded)
	}
	if !flip.LevelChanged || flip.LevelChange < 0.5 {
		t.Errorf("flip level change %.2f body heights (flagged %v), want landed over half a body height lower", flip.LevelChange, flip.LevelChanged)
	}
	if r.Height.N != r.Count-1 || r.FlightTime.N != r.Count-1 {
		t.Errorf("%d jumps, heights summed over %d and flight times over %d: want all but the flip", r.Count, r.Height.N, r.FlightTime.N)
	}
	if r.Best == nil || r.Best.LevelChanged {
		t.Errorf("best jump %+v, want a hop on the box", r.Best)
	}
	for _, m := range Messages(r, c.FPS) {
		if h, ok := m.(JumpHeight); ok && h.Index == flip.Index && (!h.LevelChanged || h.HeightCM != 0 || h.MarginCM != 0) {
			t.Errorf("flip's jump_height %+v, want level_changed and no height", h)
		}
		if h, ok := m.(JumpHeight); ok && h.Index != flip.Index && !(h.MarginCM > 0) {
			t.Errorf("hop's jump_height %+v, want a margin", h)
		}
		if s, ok := m.(JumpSummary); ok && math.Abs(s.BestCM-100*r.Best.HeightFlightM) > 1e-9 {
			t.Errorf("summary best %.1f cm, want the best hop's %.1f", s.BestCM, 100*r.Best.HeightFlightM)
		}
	}
}

// Each hop's height carries what one frame of flight time is worth, and
// the annotated height lies within two of those of the measured one (the
// third hop's flight is timed two frames long: 13.9 cm measured, 8.7
// annotated, margin 2.7). At 15 fps a frame is worth twice as much, give
// or take what the two rates' flight times differ by (within a fifth; the
// first hop, off a track still settling, reads 0.31 s at 15 fps and 0.24 s
// at 30, each within a 15 fps frame of the annotation).
func TestRealHopsHeightMargin(t *testing.T) {
	clips := readHops(t)
	margins := map[string][]float64{}
	for _, name := range []string{"original", "15fps"} {
		c := clips[name]
		for _, j := range Analyze(c.Frames, Options{FPS: c.FPS}).Jumps {
			if want := G * j.FlightTimeS / (4 * c.FPS); math.Abs(j.HeightMarginM-want) > 1e-9 {
				t.Errorf("%s hop at %d: margin %.4f m, want g·t/(4·fps) = %.4f", name, j.TakeoffFrame, j.HeightMarginM, want)
			}
			margins[name] = append(margins[name], j.HeightMarginM)
		}
	}
	orig := Analyze(clips["original"].Frames, Options{FPS: 30}).Jumps
	for k, j := range orig {
		tr := hopsTruth[k]
		truth := FlightHeight(float64(tr[1]-tr[0]-1) / 30)
		if d := math.Abs(j.HeightFlightM - truth); d > 2*j.HeightMarginM {
			t.Errorf("hop %d: %.1f ± %.1f cm, annotated %.1f cm", k+1, 100*j.HeightFlightM, 100*j.HeightMarginM, 100*truth)
		}
	}
	if len(margins["15fps"]) != len(margins["original"]) {
		t.Fatalf("%d hops at 15 fps, %d at 30 fps", len(margins["15fps"]), len(margins["original"]))
	}
	for k, m := range margins["15fps"] {
		lo, hi := 1.6, 2.4
		if k == 0 {
			lo, hi = 1.5, 2.8 // the first hop, off a track still settling (above)
		}
		if r := m / margins["original"][k]; r < lo || r > hi {
			t.Errorf("hop %d: margin at 15 fps %.1f cm, at 30 fps %.1f cm", k+1, 100*m, 100*margins["original"][k])
		}
	}
}

// The same four hops tracked as other machines could (rebound_gen.go:
// the landmark model's outputs scaled by 1±J). Between the third and the
// fourth hop the jumper rebounds off the box on his toes for nine frames,
// and his feet's points never read still there:
//   - J = 10⁻⁶: coming down from the third hop, one foot's points halt for
//     three frames 15 px above the box (55–57, read still) and go on down
//     to it (60–61). The halt read as a landing (two frames early) and
//     became the foot's ground level, so the fourth hop's rise read less
//     than δ above it: that foot never took off. A foot still in the air
//     that goes on down within sinkS has not landed; and a foot is never
//     below the ground: where one on the ground stands lower than its
//     level, the level follows it down.
//   - J = 3·10⁻⁶: one foot comes down to 8 px above where it stood before
//     the third hop (60) and goes straight back up, so it stayed "in the
//     air" through both hops. A foot back down at the bottom of its path
//     within the toe-stand height of its level has touched down, and the
//     ground is there.
//
// Without any one of the three rules a track loses a hop or a landing
// goes two frames early; with them all four hops are found, take-offs and
// landings within a frame. (The tracker loses the jumper in his flip in
// both: no landing, no jump.)
func TestReboundsBetweenHops(t *testing.T) {
	var tracks map[string]hopsClip
	testenv.GzipJSON(t, "testdata/rebound.json.gz", &tracks)
	if len(tracks) != 2 {
		t.Fatalf("%d tracks, want 2", len(tracks))
	}
	for j, c := range tracks {
		r := Analyze(c.Frames, Options{FPS: c.FPS})
		if len(r.Jumps) < 4 {
			t.Errorf("jitter %s: %d jumps %+v, want the four hops first; discarded %+v", j, len(r.Jumps), r.Jumps, r.Discarded)
			continue
		}
		for k, jp := range r.Jumps[:4] {
			if tr := hopsTruth[k]; !withinOne(jp.TakeoffFrame, c.FPS, tr[0]) || !withinOne(jp.LandingFrame, c.FPS, tr[1]) {
				t.Errorf("jitter %s hop %d: %d–%d, annotated %d–%d", j, k+1, jp.TakeoffFrame, jp.LandingFrame, tr[0], tr[1])
			}
		}
	}
}
