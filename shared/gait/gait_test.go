package gait

import (
	"math"
	"slices"
	"testing"

	"motionlab/shared/gait/gaittest"
	"motionlab/shared/pose"
	"motionlab/shared/track"
	"motionlab/tests/testenv"
)

func TestSyntheticRunnerRecovered(t *testing.T) {
	for _, fps := range []float64{30, 60, 120, 240} {
		for _, dir := range []float64{1, -1} {
			for _, treadmill := range []bool{false, true} {
				r := gaittest.Runner{Cadence: 172, Contact: 0.24, Speed: 3.6, FPS: fps, Duration: 4, Noise: 1, Dir: dir, Treadmill: treadmill, DropEvery: 13}
				raw, _ := r.Frames(0.1)
				clean := track.Clean(track.Track{FPS: fps, Frames: raw}, track.DefaultOptions)
				m := Analyze(clean.Frames, Options{FPS: fps, HeightM: gaittest.HeightM, Treadmill: treadmill, BeltSpeed: 3.6})
				name := map[bool]string{true: "treadmill", false: "overground"}[treadmill]
				step := 60 / r.Cadence
				if math.Abs(m.Cadence-r.Cadence)/r.Cadence > 0.01 {
					t.Errorf("%v fps dir %v %s: cadence %.1f, want %.0f ±1%%", fps, dir, name, m.Cadence, r.Cadence)
				}
				// Within one frame at every rate.
				frame := 1 / fps
				if math.Abs(m.ContactTime.Mean-r.Contact) > frame {
					t.Errorf("%v fps dir %v %s: contact %.3f s, want %.3f ± %.3f", fps, dir, name, m.ContactTime.Mean, r.Contact, frame)
				}
				if want := step - r.Contact; math.Abs(m.FlightTime.Mean-want) > frame {
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

func TestStandingStillHasNoContacts(t *testing.T) {
	r := gaittest.Runner{Cadence: 172, Contact: 0.24, Speed: 0, FPS: 30, Duration: 2, Noise: 1, Dir: 1}
	raw, _ := r.Frames(0.1)
	clean := track.Clean(track.Track{FPS: 30, Frames: raw}, track.DefaultOptions)
	// Speed 0: the feet lift in place but nothing moves over the ground.
	if c := Contacts(clean.Frames, 30, 0.3); len(c) != 0 {
		t.Errorf("standing runner: %d contacts %v", len(c), c)
	}
	if Contacts(nil, 30, 0.3) != nil {
		t.Error("no frames must give no contacts")
	}
}

func TestSingleSupport(t *testing.T) {
	cs := []Contact{
		{Foot: LeftFoot, Contact: 10, ToeOff: 14, Confidence: 0.8},
		{Foot: RightFoot, Contact: 11, ToeOff: 14, Confidence: 0.3}, // the same stance on the other leg
		{Foot: RightFoot, Contact: 20, ToeOff: 24, Confidence: 0.5},
		{Foot: LeftFoot, Contact: 23, ToeOff: 27, Confidence: 0.6}, // overlaps by 1 of 4: a real next step
		{Foot: RightFoot, Contact: 33, ToeOff: 36, Confidence: 0.4},
		{Foot: LeftFoot, Contact: 33, ToeOff: 37, Confidence: 0.4}, // tie: the longer stays
	}
	var scene *Scene // by confidence alone
	got := scene.SingleSupport(cs)
	want := []Contact{cs[0], cs[2], cs[3], cs[5]}
	if len(got) != len(want) {
		t.Fatalf("got %d contacts %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("contact %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// flatScene is a fixed camera over flat ground at y = 500, a runner 200 px
// tall moving at 800 px/s, filmed at 30 fps.
func flatScene() *Scene {
	return &Scene{BodyHeight: 200, GroundA: 500, Speed: 800, Dir: 1, fps: 30, points: map[int][]sample{}}
}

// foot is a heel or toe series: heights above the ground (fraction of body
// height) and ground-relative speeds (fraction of the runner's).
func foot(s *Scene, x0 float64, up, speed []float64) []sample {
	out := make([]sample, len(up))
	x := x0
	for i := range up {
		out[i] = sample{x: x, y: s.GroundA - up[i]*s.BodyHeight, vx: speed[i] * s.Speed, ok: true, vok: true}
		x += speed[i] * s.Speed / s.fps
	}
	return out
}

func TestWidenShortStance(t *testing.T) {
	s := flatScene()
	shortest := 2
	// planted marks the frames of a foot's planted runs.
	planted := func(n int, frames ...int) []bool {
		p := make([]bool, n)
		for _, i := range frames {
			p[i] = true
		}
		return p
	}
	// A sprinter's 2-frame stance (frames 4–5): only frame 5 is under
	// stillFraction, frame 4 is at the ground and slower than the runner.
	up := []float64{0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.1, 0.2, 0.3, 0.3, 0.3, 0.3}
	sp := []float64{2, 2, 2, 1.5, 0.8, 0.2, 0.9, 2, 2, 2, 2, 2}
	pts := foot(s, 100, up, sp)
	if a, b := s.widen(pts, pts, planted(12, 5), 5, 6, shortest); a != 4 || b != 6 {
		t.Errorf("widen: [%d, %d), want [4, 6)", a, b)
	}
	// A walker (a fifth of the speed) has no 2-frame stance: noise.
	slow := *s
	slow.Speed /= 5
	pts = foot(&slow, 100, up, sp)
	if a, b := slow.widen(pts, pts, planted(12, 5), 5, 6, shortest); a != 5 || b != 6 {
		t.Errorf("walker's 1-frame run widened to [%d, %d)", a, b)
	}
	// A swinging foot that slows near the ground (frame 2) but lands lower
	// three frames later is not a stance.
	up = []float64{0.3, 0.1, 0.08, 0.1, 0.05, 0.0, 0.0, 0.0, 0.1, 0.3, 0.3, 0.3}
	sp = []float64{2, 0.9, 0.4, 0.9, 0.8, 0.2, 0.1, 0.2, 0.9, 2, 2, 2}
	pts = foot(s, 100, up, sp)
	if a, b := s.widen(pts, pts, planted(12, 2, 5, 6, 7), 2, 3, shortest); a != 2 || b != 3 {
		t.Errorf("skimming swing widened to [%d, %d)", a, b)
	}
	// The stance of frames 4–5 again, and six frames later the model draws
	// the other foot's stance, a little lower, on this foot: a foot has
	// no second stance within half the stride floor, so that one does not
	// make frame 5 a skimming swing (sprint_side_pan_sports2d_demo2,
	// 328–329 and 334).
	up = []float64{0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.1, 0.2, 0.3, 0.2, 0.05, -0.01, 0.0, 0.2}
	sp = []float64{2, 2, 2, 1.5, 0.8, 0.2, 0.9, 2, 2, 2, 1, 0.1, 0.2, 2}
	pts = foot(s, 100, up, sp)
	if a, b := s.widen(pts, pts, planted(14, 5, 11, 12), 5, 6, shortest); a != 4 || b != 6 {
		t.Errorf("stance beside the other foot's: [%d, %d), want [4, 6)", a, b)
	}
}

func TestToeOffRoll(t *testing.T) {
	s := flatScene()
	// Planted over frames 2–6; the toe then rolls (frames 7–8 creep
	// forward 2 and 5 px at under rollSpeed) and swings away at frame 9.
	up := []float64{0.2, 0.05, 0, 0, 0, 0, 0, 0.01, 0.02, 0.1, 0.2}
	sp := []float64{2, 1, 0, 0, 0, 0, 0, 0.5, 1.1, 3, 3}
	toe := foot(s, 100, up, sp)
	toe[7].x, toe[8].x, toe[9].x = toe[6].x+2, toe[6].x+5, toe[6].x+30
	away := make([]sample, len(toe)) // the other foot, not seen
	if got := s.toeOff(toe, away, 2, 7, rollBand); got != 9 {
		t.Errorf("toe-off: first frame off %d, want 9", got)
	}
	// A walker's toe creeps further (10 px at frame 8: over rollBand's
	// 8 px, within walkRollBand's 12).
	toe[8].x = toe[6].x + 10
	if got := s.toeOff(toe, away, 2, 7, rollBand); got != 8 {
		t.Errorf("toe 10 px on, running: first frame off %d, want 8", got)
	}
	if got := s.toeOff(toe, away, 2, 7, walkRollBand); got != 9 {
		t.Errorf("toe 10 px on, walking: first frame off %d, want 9", got)
	}
	// A toe that moves off as fast as a swing is gone at once.
	toe[7].vx = 2 * s.Speed
	if got := s.toeOff(toe, away, 2, 7, walkRollBand); got != 7 {
		t.Errorf("fast toe: first frame off %d, want 7", got)
	}
}

func TestToeOffAnchorSkipsCrossing(t *testing.T) {
	s := flatScene()
	// Planted over frames 2–10. At 2–6 the legs cross and the model draws
	// the toe 12 px behind, on the other foot's toe (both at 88); from 7
	// on the toe stands at 100, rolls on 4 and 7 px at 11–12 and swings
	// away at 13. Where it stood is 100, not the median 88 of all nine
	// frames (from which 11's 104 is already 16 px, outside rollBand's
	// 8 px).
	up := []float64{0.2, 0.05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.01, 0.02, 0.1, 0.2}
	sp := []float64{2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 1.1, 3, 3}
	toe := foot(s, 100, up, sp)
	other := make([]sample, len(toe))
	for i := range toe {
		toe[i].x = 100
		other[i] = sample{x: 200, y: s.GroundA - 0.1*s.BodyHeight, ok: true, vok: true}
	}
	for i := 2; i <= 6; i++ {
		toe[i].x, other[i].x = 88, 88
	}
	toe[11].x, toe[12].x, toe[13].x, toe[14].x = 104, 107, 140, 170
	if got := s.toeOff(toe, other, 2, 11, rollBand); got != 13 {
		t.Errorf("toe-off after crossing frames: first frame off %d, want 13", got)
	}
}

func TestLegsMergedOntoPlantedFoot(t *testing.T) {
	// The left foot stands at frames 2–6, the right from 6 to 14 a step
	// further on; at 9–12 the model draws the swinging left foot's points
	// on the planted right foot (sprint_side_pan_sports2d_demo2, 105–114).
	// No foot lands again 2 frames after leaving the ground a step away:
	// the right foot keeps that stance and the left gets no second one.
	s := flatScene()
	const n = 24
	frames := make([]*pose.Person, n)
	for i := range frames {
		frames[i] = &pose.Person{Keypoints: make([]pose.Keypoint, pose.NumBlazePose)}
		for j := range frames[i].Keypoints {
			frames[i].Keypoints[j].Visibility = 1
		}
	}
	stand := func(a, b int) ([]float64, []float64) {
		up, sp := make([]float64, n), make([]float64, n)
		for i := range up {
			up[i], sp[i] = 0.3, 2
			if i >= a && i < b {
				up[i], sp[i] = 0, 0
			}
		}
		return up, sp
	}
	lu, ls := stand(2, 7)
	ru, rs := stand(6, 15)
	left, right := foot(s, 100, lu, ls), foot(s, 100, ru, rs)
	for i := range right {
		right[i].x += 200 - right[6].x // standing a step (0.5 body heights) ahead
	}
	for i := 9; i < 13; i++ {
		left[i] = right[i]
	}
	s.points[pose.LeftHeel], s.points[pose.LeftFootIndex] = left, left
	s.points[pose.RightHeel], s.points[pose.RightFootIndex] = right, right
	var got []Contact
	for _, c := range s.Contacts(frames) {
		c.Confidence = 0
		got = append(got, c)
	}
	want := []Contact{{Foot: LeftFoot, Contact: 2, ToeOff: 7}, {Foot: RightFoot, Contact: 6, ToeOff: 15}}
	if !slices.Equal(got, want) {
		t.Errorf("contacts %+v, want %+v", got, want)
	}
}

// At 15 fps a sprinter's stance (0.08–0.12 s) is one frame, and the
// central difference over the frames around it (0.13 s) carries the swing
// before and after: the planted frame comes out at 0.7 of the runner's
// speed, over stillFraction. Where the foot is lowest and slower than
// widenFraction, that frame is the stance (seed); not at 30 fps, where a
// stance keeps a frame under stillFraction, nor for a walker.
func TestSeedOneFrameStance(t *testing.T) {
	const n = 24
	stances := []int{5, 11, 17}
	run := func(fps, speed float64) []Contact {
		s := flatScene()
		s.fps, s.Speed = fps, speed
		up, sp := make([]float64, n), make([]float64, n)
		for i := range up {
			up[i], sp[i] = 0.2, 2
			if slices.Contains(stances, i) {
				up[i], sp[i] = 0.01, 0.7
			}
		}
		frames := make([]*pose.Person, n)
		for i := range frames {
			frames[i] = &pose.Person{Keypoints: make([]pose.Keypoint, pose.NumBlazePose)}
		}
		left := foot(s, 100, up, sp)
		s.points[pose.LeftHeel], s.points[pose.LeftFootIndex] = left, left
		s.points[pose.RightHeel], s.points[pose.RightFootIndex] = make([]sample, n), make([]sample, n) // not seen
		var got []Contact
		for _, c := range s.Contacts(frames) {
			c.Confidence = 0
			got = append(got, c)
		}
		return got
	}
	var want []Contact
	for _, i := range stances {
		want = append(want, Contact{Foot: LeftFoot, Contact: i, ToeOff: i + 1})
	}
	if got := run(15, 800); !slices.Equal(got, want) {
		t.Errorf("15 fps sprinter: contacts %+v, want %+v", got, want)
	}
	if got := run(30, 800); len(got) != 0 {
		t.Errorf("30 fps: a frame at 0.7 of the runner's speed is no stance: %+v", got)
	}
	// A walker (a fifth of the speed) covers 0.05 body heights in a frame:
	// no stance of hers is one frame long.
	if got := run(15, 160); len(got) != 0 {
		t.Errorf("15 fps walker: one-frame contacts %+v", got)
	}
}

// The walk clip's right foot stands from frame 38 to 61 (hand annotation,
// tests/validation/walk_side_sports2d_demo4.json) while the left swings
// past it; for frames 46–52 the model draws the planted foot's points on
// the left leg and the swinging foot's on the right (a real track,
// testdata/tracks_gen.go). The stance is one, from 38: the foot did not move
// and the other leg's points stood on its place meanwhile (bridged).
func TestStanceBridgedWhileLegsPass(t *testing.T) {
	var w struct {
		FPS    float64        `json:"fps"`
		Frames []*pose.Person `json:"frames"`
	}
	testenv.GzipJSON(t, "testdata/walk.json.gz", &w)
	for _, c := range Contacts(w.Frames, w.FPS, MinVisibility) {
		if c.Foot == RightFoot && c.ToeOff >= 55 && c.ToeOff <= 67 {
			if c.Contact < 37 || c.Contact > 39 || c.ToeOff < 60 || c.ToeOff > 62 {
				t.Errorf("right stance %d–%d, want 38–61 within a frame", c.Contact, c.ToeOff)
			}
			return
		}
	}
	t.Error("no right stance ending near frame 61")
}

// The walker's first five annotated touchdowns (38, 57, 73, 89, 104:
// tests/validation/walk_side_sports2d_demo4.json) are timed within a frame:
// a walk (double support), so each is where the landing heel leads the
// hips most (heelStrikes). The stance rule alone puts 104 at 106, and 57
// and 73 a frame late.
func TestWalkerHeelStrikes(t *testing.T) {
	var w struct {
		FPS    float64        `json:"fps"`
		Frames []*pose.Person `json:"frames"`
	}
	testenv.GzipJSON(t, "testdata/walk.json.gz", &w)
	cs := Contacts(w.Frames, w.FPS, MinVisibility)
	if !walking(cs) {
		t.Fatalf("the walker's contacts %+v are not a walk", cs)
	}
	for _, truth := range []int{38, 57, 73, 89, 104} {
		found := false
		for _, c := range cs {
			if c.Contact >= truth-1 && c.Contact <= truth+1 {
				found = true
			}
		}
		if !found {
			t.Errorf("no touchdown within a frame of %d: %+v", truth, cs)
		}
	}
}

// A walker's heel lead over the hips levels off as the heel slows to land
// and falls once it stands while the hips go on: the strike is the last
// frame of the level stretch, not the frame the keypoints' noise lifts
// highest (here the frame before, by 1 px on a body 365 px tall); a lead
// that is still rising at the end of the reach is not level with it.
func TestHeelStrikeEndsTheLevelLead(t *testing.T) {
	for _, tc := range []struct {
		lead []float64 // frames 9, 10, 11 (the rule's touchdown 10, reach ±1)
		want int
	}{
		{[]float64{93, 92, 80}, 10}, // level at 9–10: the later
		{[]float64{80, 93, 92}, 11}, // level at 10–11
		{[]float64{70, 93, 85}, 10}, // a clear peak
		{[]float64{93, 80, 70}, 9},  // already standing at 10
	} {
		s := &Scene{BodyHeight: 365, Dir: 1, fps: 30, points: map[int][]sample{}}
		heel := make([]sample, 20)
		s.hip = make([]sample, 20)
		for i := range heel {
			s.hip[i] = sample{x: 100 + 4*float64(i), ok: true}
			heel[i] = sample{x: s.hip[i].x + 50, ok: true}
		}
		for k, l := range tc.lead {
			heel[9+k].x = s.hip[9+k].x + l
		}
		h, _ := footPoints(LeftFoot)
		s.points[h] = heel
		cs := []Contact{{Foot: LeftFoot, Contact: 10, ToeOff: 18}}
		s.heelStrikes(cs)
		if cs[0].Contact != tc.want {
			t.Errorf("lead %v at 9–11: strike at %d, want %d", tc.lead, cs[0].Contact, tc.want)
		}
	}
}

// A run's feet take turns: a contact a step after the last is the other
// foot's, two steps after (one missed between) the same foot's. Labels the
// model swapped are put right by the rhythm and the more confident labels;
// a long pause starts a new run, labelled on its own.
func TestAlternateLabelsFromTheRhythm(t *testing.T) {
	L, R := LeftFoot, RightFoot
	c := func(f Foot, at int, conf float64) Contact {
		return Contact{Foot: f, Contact: at, ToeOff: at + 3, Confidence: conf}
	}
	in := []Contact{
		c(L, 0, 0.9), c(R, 6, 0.8), c(R, 12, 0.3), c(R, 18, 0.9), // 12: swapped, unsure
		c(R, 30, 0.8), // 18 → 30: one missed between, the same foot
		c(R, 36, 0.3), // swapped
		c(R, 42, 0.9),
		c(R, 100, 0.3), c(L, 106, 0.9), // after a pause: on its own
	}
	want := []Foot{L, R, L, R, R, L, R, R, L}
	got := Alternate(in)
	for i := range want {
		if got[i].Foot != want[i] {
			t.Errorf("contact %d at %d: %s, want %s", i, got[i].Contact, got[i].Foot, want[i])
		}
	}
	if in[2].Foot != R {
		t.Error("Alternate changed its argument")
	}
}

// The Sports2D demo's walker filmed small (about 150 px tall: the
// validation's small copy, testdata/tracks_gen.go): her right foot
// stands from 98 to 120 (hand annotation), but for 104–110 the model
// draws its points off the ground while her left leg swings past. The
// stance is one, from 98: the foot stood where it was, and the other leg
// swung meanwhile (bridged).
func TestStanceBridgedWhileTheOtherLegSwings(t *testing.T) {
	rightStanceWithin(t, "testdata/walker_small.json.gz", 98, 120)
}

// The Demo4 walker's right foot stands from 104 to 124 (hand annotation)
// while her left leg swings past it (a real track, testdata/tracks_gen.go):
// the right foot's points are still at x ≈ 437 at 106, are drawn on the
// passing leg for 108–112 (planted for a frame at x ≈ 525 on the way) and
// stand at ≈ 450 again from 114. The stance is one, from 104: a foot that
// stood in one place before and after stood nowhere else in between
// (bridgedBack looks past the one-frame run).
func TestStanceBridgedPastARunElsewhere(t *testing.T) {
	rightStanceWithin(t, "testdata/walk_cross.json.gz", 104, 124)
}

// The Demo4 walker's left foot stands from 227 to 247 (hand annotation)
// while her right leg swings past it (a real track on AVX2 kernels,
// testdata/tracks_gen.go): over 225–235 the model draws the left foot's
// points alternately at x ≈ 357–387 and ≈ 410–417, so the foot reads as
// planted 225–233 and again 236–248, 65 px (0.18 body heights) apart,
// neither run on the right foot. It stood once: one left contact, from
// within three frames of 227 (the first run starts early where the
// points lag) to within two of 247, and no second one there.
func TestStanceWhosePointsJumpIsOne(t *testing.T) {
	w := readReal(t, "testdata/walk_split.json.gz")
	var left [][2]int
	for _, c := range Contacts(w.Frames, w.FPS, MinVisibility) {
		on, off := w.First+c.Contact, w.First+c.ToeOff-1
		if c.Foot == LeftFoot && off >= 222 && on <= 252 {
			left = append(left, [2]int{on, off})
		}
	}
	if len(left) != 1 {
		t.Fatalf("left contacts over 222–252: %v, want one (227–247)", left)
	}
	if on, off := left[0][0], left[0][1]; on < 224 || on > 230 || off < 245 || off > 249 {
		t.Errorf("left stance %d–%d, want 227–247 (touchdown within 3 frames, toe-off within 2)", on, off)
	}
}

// rightStanceWithin checks that the track in file (frames of the clip from
// its "first") has the right foot's stance on..off (the annotation's
// first and last frames on the ground) within a frame.
func rightStanceWithin(t *testing.T, file string, on, off int) {
	t.Helper()
	w := readReal(t, file)
	for _, c := range Contacts(w.Frames, w.FPS, MinVisibility) {
		gotOn, gotOff := w.First+c.Contact, w.First+c.ToeOff-1 // toe-off: the last frame on the ground
		if c.Foot == RightFoot && gotOff >= off-5 && gotOff <= off+5 {
			if gotOn < on-1 || gotOn > on+1 || gotOff < off-1 || gotOff > off+1 {
				t.Errorf("right stance %d–%d, want %d–%d within a frame", gotOn, gotOff, on, off)
			}
			return
		}
	}
	t.Errorf("no right stance ending near frame %d", off)
}

// TestLocalGroundFollowsATiltWithoutSteps: a camera tilting steadily moves
// the ground down the picture by 1.5 px a frame; the stances' lows (two a
// stance, every 8 frames) follow it and the swinging foot's lows sit 30 px
// higher. The local ground follows the tilt without the windowed median's
// steps as stances enter and leave the window.
func TestLocalGroundFollowsATiltWithoutSteps(t *testing.T) {
	s := &Scene{BodyHeight: 190, fps: 30}
	var xs, ys []float64
	var fs []int
	for f := 2; f < 90; f += 8 {
		for _, d := range []int{0, 1} {
			xs, ys, fs = append(xs, 600), append(ys, 1.5*float64(f+d)), append(fs, f+d)
		}
		xs, ys, fs = append(xs, 600), append(ys, 1.5*float64(f+4)-30), append(fs, f+4)
	}
	off := localGround(s, xs, ys, fs, 92)
	for i := 15; i < 80; i++ {
		if d := off[i+1] - off[i]; d < 0 || d > 3 {
			t.Errorf("frame %d→%d: the ground moved %.1f px (the camera: 1.5)", i, i+1, d)
		}
		if e := off[i] - 1.5*float64(i); e < -6 || e > 6 {
			t.Errorf("frame %d: ground %.1f px, the stances' %.1f", i, off[i], 1.5*float64(i))
		}
	}
}

// TestOneFootOneStanceAtATime: a foot stands in one stance at a time
// (real AVX2 tracks of the panning sprint, with the camera's motion).
// Tracked with its input moved by up to 1e-6, the sprinter's right foot
// is planted alone at 207 and at 209, in two places; widened to a
// stance's length, each run grows into the other: they are one contact
// (the annotation's 207–209), doubted as points that jumped. In the
// mirrored copy the model put one foot's points in two places at 303 and
// 305: one contact too (303–305), whether planted through or joined.
func TestOneFootOneStanceAtATime(t *testing.T) {
	for _, tc := range []struct {
		file    string
		on, off int
		jumped  bool
	}{
		{"testdata/sprint_jitter.json.gz", 207, 209, true},
		{"testdata/sprint_overlap.json.gz", 303, 305, false},
	} {
		w, s := panningSprint(t, tc.file)
		last := map[Foot]Contact{}
		var at []Contact
		for _, c := range s.Contacts(w.Frames) {
			if p, ok := last[c.Foot]; ok && c.Contact < p.ToeOff {
				t.Errorf("%s: %s foot in two stances at once: %d–%d and %d–%d", tc.file, c.Foot,
					w.First+p.Contact, w.First+p.ToeOff-1, w.First+c.Contact, w.First+c.ToeOff-1)
			}
			last[c.Foot] = c
			if w.First+c.ToeOff-1 >= tc.on && w.First+c.Contact <= tc.off {
				at = append(at, c)
			}
		}
		if len(at) != 1 {
			t.Errorf("%s: contacts over %d–%d: %v, want one", tc.file, tc.on, tc.off, at)
			continue
		}
		c := at[0]
		if on, off := w.First+c.Contact, w.First+c.ToeOff-1; on < tc.on-1 || on > tc.on+1 || off < tc.off-1 || off > tc.off+1 {
			t.Errorf("%s: stance %d–%d, want %d–%d within a frame", tc.file, on, off, tc.on, tc.off)
		}
		if tc.jumped && c.Doubt != DoubtPointsJumped {
			t.Errorf("%s: doubt %q, want %q", tc.file, c.Doubt, DoubtPointsJumped)
		}
	}
}

// TestStanceUnderSwitchedLabelsIsOne: the model moves a planted foot's
// points onto the other leg in mid-stance, and a frame or a few later that
// "other" foot stands where the first stood: one stance, not a step (real
// AVX2 tracks). The overground runner's mirrored copy: her right stance
// 4–11 was found as right 4–7 and left 9–11. The Demo4 walker: her right
// stance 38–61 as right 38–45 and left 49–58.
func TestStanceUnderSwitchedLabelsIsOne(t *testing.T) {
	for _, tc := range []struct {
		file         string
		foot         Foot
		on, off, tol int
	}{
		{"testdata/run_switch.json.gz", RightFoot, 4, 11, 1},
		{"testdata/walk_switch.json.gz", RightFoot, 38, 61, 3},
	} {
		w := readReal(t, tc.file)
		var at []Contact
		for _, c := range Contacts(w.Frames, w.FPS, MinVisibility) {
			if on, off := w.First+c.Contact, w.First+c.ToeOff-1; on <= tc.off && off >= tc.on {
				at = append(at, c)
			}
		}
		// A walker's next stance overlaps this one's end (double support).
		if len(at) == 0 || at[0].Foot != tc.foot || w.First+at[0].Contact > tc.on+tc.tol || w.First+at[0].ToeOff-1 < tc.off-tc.tol {
			t.Errorf("%s: contacts over %d–%d: %+v, want the %s stance %d–%d (within %d)", tc.file, tc.on, tc.off, at, tc.foot, tc.on, tc.off, tc.tol)
		}
	}
}

// TestSingleSupportKeepsTheFootOnTheGround: in the panning sprint (AVX2
// tracking) the right stance 172–175 is drawn on the left leg, its toe
// 4–7 px above the ground, while the right-labelled points skim 20–22 px
// up a step behind over 171–172, the more visible. Of the two overlapping
// contacts the one on the ground is the stance: 171–175, not 171–172.
func TestSingleSupportKeepsTheFootOnTheGround(t *testing.T) {
	w, s := panningSprint(t, "testdata/sprint.json.gz")
	var at [][2]int
	for _, c := range s.SingleSupport(s.Contacts(w.Frames)) {
		if on, off := w.First+c.Contact, w.First+c.ToeOff-1; on <= 175 && off >= 172 {
			at = append(at, [2]int{on, off})
		}
	}
	if len(at) != 1 || at[0][0] < 171 || at[0][0] > 173 || at[0][1] < 174 || at[0][1] > 176 {
		t.Errorf("contacts over 172–175: %v, want one, 172–175 within a frame", at)
	}
}

// TestAcceleratingSprinterStepsApart: the panning sprinter's first steps
// out of the blocks (a real AVX2 track with the camera's motion) cross
// 240–270 px/s of his picture, a fifth of the ~1400 px/s of his last ones
// (he accelerates, the camera zooms in). Against half the clip's median
// speed (884 px/s) his swinging feet passed for planted, and three pairs
// of stances came out as 107–118, 117–128 and 129–141 across their
// flights; against half his speed around each frame (SpeedAt) every
// annotated stance of those steps is found on its own, within a frame.
func TestAcceleratingSprinterStepsApart(t *testing.T) {
	w, s := panningSprint(t, "testdata/sprint.json.gz")
	cs := s.Contacts(w.Frames)
	for _, want := range [][2]int{{112, 117}, {119, 122}, {130, 134}, {137, 140}} {
		var at [][2]int
		for _, c := range cs {
			if on, off := w.First+c.Contact, w.First+c.ToeOff-1; on <= want[1] && off >= want[0] {
				at = append(at, [2]int{on, off})
			}
		}
		if len(at) != 1 || at[0][0] < want[0]-1 || at[0][0] > want[0]+1 || at[0][1] < want[1]-1 || at[0][1] > want[1]+1 {
			t.Errorf("contacts over the stance %d–%d: %v, want it alone within a frame", want[0], want[1], at)
		}
	}
}

// TestWalkerPaceAfterAStop: the Demo4 walker (a real AVX2 track, frames
// 120–240) stops at the picture's left edge, stands 151–181, and walks
// back, her left foot down from 191 (hand annotation). Her pace is the
// median of her hips' speeds over ±1.5 s (SpeedAt): over ±0.5 s it was her
// standing at 191, and the landing foot, still sliding a little, read as
// moving until 198.
func TestWalkerPaceAfterAStop(t *testing.T) {
	firstStepBack(t, "testdata/walk_stop.json.gz")
}

// sprintTrack is a real track of the panning sprinter (testdata/tracks_gen.go).
type sprintTrack struct {
	FPS    float64        `json:"fps"`
	First  int            `json:"first"` // the clip frame the track starts at
	Frames []*pose.Person `json:"frames"`
	Camera []track.Motion `json:"camera"`
}

// panningSprint reads a track of the panning sprinter and measures its
// scene against the camera's motion.
func panningSprint(t *testing.T, file string) (sprintTrack, *Scene) {
	t.Helper()
	var w sprintTrack
	testenv.GzipJSON(t, file, &w)
	s := NewMovingScene(w.Frames, w.FPS, MinVisibility, w.Camera)
	if s == nil || !s.Moving() {
		t.Fatal("no moving scene for the panning sprint")
	}
	return w, s
}

// The Demo4 walker walks backwards from frame 182 (a real track on AVX2
// kernels, testdata/tracks_gen.go walk_split.json.gz): her left foot
// comes down toe first and stands from 191 (hand annotation). At 188–190
// her heel, at the top of its swing, is slow and within the ground band
// but 25–30 px above her toe: it bears no weight (onToes), so the stance
// begins within two frames of 191, not at 188.
func TestHeelAboveTheToeBearsNoWeight(t *testing.T) {
	firstStepBack(t, "testdata/walk_split.json.gz")
}

// firstStepBack checks, on a real track of the Demo4 walker in file, that
// her first stance walking back (the left foot, annotated 191–215) begins
// within two frames of 191.
func firstStepBack(t *testing.T, file string) {
	t.Helper()
	w := readReal(t, file)
	for _, c := range Contacts(w.Frames, w.FPS, MinVisibility) {
		on, off := w.First+c.Contact, w.First+c.ToeOff-1
		if c.Foot == LeftFoot && off >= 210 && off <= 220 {
			if on < 189 || on > 193 {
				t.Errorf("left stance %d–%d, want its touchdown within two frames of 191", on, off)
			}
			return
		}
	}
	t.Fatal("no left stance ending within 210–220 (annotated 191–215)")
}

// realTrack is a real track of testdata (testdata/tracks_gen.go): its
// frame rate, the clip frame it starts at, and its cleaned frames.
type realTrack struct {
	FPS    float64        `json:"fps"`
	First  int            `json:"first"`
	Frames []*pose.Person `json:"frames"`
}

// readReal reads the real track in file.
func readReal(t *testing.T, file string) realTrack {
	t.Helper()
	var w realTrack
	testenv.GzipJSON(t, file, &w)
	return w
}
