// Package gait finds ground contacts in a side-view keypoint track and
// turns them into running metrics (cadence, contact and flight time, duty
// factor, speed, step length). Pure Go: the browser and the server compute
// the same numbers.
package gait

import (
	"cmp"
	"math"
	"math/cmplx"
	"slices"
	"sort"

	"motionlab/shared/filter"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
	"motionlab/shared/track"
)

// Foot names a side.
type Foot string

const (
	LeftFoot  Foot = "left"
	RightFoot Foot = "right"
)

// Contact is one ground contact of one foot, in frames of the track.
// ToeOff is the first frame the foot is off the ground again.
type Contact struct {
	Foot    Foot `json:"foot"`
	Contact int  `json:"contact_frame"`
	ToeOff  int  `json:"toe_off_frame"`
	// Confidence in [0,1] that the contact and its two instants are right
	// (see Scene.confidence); under LowConfidence it is shown as uncertain.
	Confidence float64 `json:"confidence"`
	// Doubt, when set, says why the gait rules the contact's timing out
	// (see Doubt): DoubtNoDoubleSupport, DoubtOverlap, DoubtLandsAgain or
	// DoubtPointsJumped.
	Doubt string `json:"doubt,omitempty" enum:"no_double_support,overlap,lands_again,points_jumped"`
}

// stance is a contact while Contacts finds it, with the foot whose points
// left the ground at its end and the first frame they stood: the foot's
// own, or, for a stance joined under switched labels (Scene.switched),
// the other's. The toe-off is timed on them.
type stance struct {
	c          Contact
	leaves     Foot
	leavesFrom int
}

// MinVisibility is the keypoint visibility under which an analysis counts
// a point as unseen: the scene, the metrics, the joint angles and the
// coaching of one analysis all use it.
const MinVisibility float32 = 0.3

// LowConfidence: contacts (and the metrics built on them) under this
// confidence are reported as uncertain.
const LowConfidence = 0.6

var feet = []struct {
	foot      Foot
	heel, toe int
}{{LeftFoot, pose.LeftHeel, pose.LeftFootIndex}, {RightFoot, pose.RightHeel, pose.RightFootIndex}}

// otherFoot is the foot that is not f.
func otherFoot(f Foot) Foot {
	if f == LeftFoot {
		return RightFoot
	}
	return LeftFoot
}

// footPoints are the heel and toe keypoints of foot f.
func footPoints(f Foot) (heel, toe int) {
	for _, ft := range feet {
		if ft.foot == f {
			return ft.heel, ft.toe
		}
	}
	return -1, -1
}

const (
	// groundBand is how far above the ground line (fraction of body
	// height) a heel or toe may be and still bear weight: the toe keypoint
	// of a planted foot drifts up by up to ~10% of body height on phone
	// video as the foot rolls onto it.
	groundBand = 0.12
	// stillFraction of the runner's speed over the ground bounds how fast
	// a planted point may move: a swinging foot averages about 1.5× the
	// body's speed, a planted one moves only by noise and roll. At a
	// touchdown the foot's speed drops from about the body's to zero within
	// a frame; the low-pass filter smears that step symmetrically, so half
	// the body's speed marks the event without bias.
	stillFraction = 0.5
	// landBand (fraction of body height): at touchdown the heel or toe
	// is already down at its stance level (within this much), while
	// the keypoint may still slide forward by up to the body's speed.
	landBand = 0.012
	// stillFloor (body heights per second) keeps the speed test above
	// keypoint noise for a slow walker.
	stillFloor = 0.15
	// mergeGap (s): one foot's stances closer than this, with the foot in
	// the same place (within mergeShift of body height), are one stance
	// split by the model mixing the feet up as one passes the other (the
	// legs are relabelled by motion first, track.FixLegSwaps, so such
	// splits are short). A swing lasts longer (≥ 0.3 s even in a sprint),
	// but a walker coming to a stop may put a foot down again after only
	// ~0.2 s a few centimetres further on: 0.25 s merged those
	// (walk_side_sports2d_demo4, frames 136–196).
	mergeGap   = 0.15
	mergeShift = 0.15
	// splitShift (local body heights): two such stances, each long enough
	// to be one, further apart than mergeShift, where neither was drawn on
	// the other foot, are still one stance if they are under this apart:
	// less than half the shortest step (a walker's is about 0.4 body
	// heights), so not two feet's stances under one label. The model's
	// points of a planted foot jump by up to that much while the other
	// leg passes it (walk_side_sports2d_demo4: the left foot stands
	// 227–247, its points alternate between x 357 and 417 over 225–235,
	// and the stance came out as 225–233 and 236–248, 65 px = 0.18 body
	// heights apart). Local, as a camera that follows the athlete may zoom:
	// the panning sprint's label swaps early on, with the sprinter half as
	// tall, are 55–76 px apart on a local body height of ~110 px.
	splitShift = 0.2
	// treadmillRange (body heights): hips that stay within this range over
	// the clip mean the runner is on a treadmill.
	treadmillRange = 0.6
	// outlierShort: contacts shorter than this share of the clip's median
	// contact are dropped.
	outlierShort = 0.4
	// minStance (s): shorter runs of "planted" are noise; sprint contacts
	// last about 0.08 s.
	minStance = 0.06
)

// Scene is what the gait events were measured against.
type Scene struct {
	// BodyHeight is the runner's standing height in pixels.
	BodyHeight float64 `json:"body_height_px"`
	// The ground line is y = GroundA + GroundB·x in image pixels.
	GroundA float64 `json:"ground_a"`
	GroundB float64 `json:"ground_b"`
	// GroundSpeed is the ground's own horizontal image speed (px/s): 0
	// overground with a fixed camera, the belt on a treadmill.
	GroundSpeed float64 `json:"ground_speed_px_s"`
	// Speed is the runner's speed over the ground in px/s (unsigned).
	Speed float64 `json:"speed_px_s"`
	// Dir is +1 when the runner faces image right, −1 image left (over
	// most of the clip; DirAt gives each frame's).
	Dir float64 `json:"direction"`

	dirs   []float64
	hip    []sample // the mid-hip (vx over the ground)
	fps    float64
	minVis float32
	points map[int][]sample
	// camera is the camera's motion into each frame (nil: fixed).
	camera []track.Motion
	// groundOff is, per frame, how far the ground lies below the ground
	// line (a moving camera: the line is fitted over the clip, the ground
	// moves in the picture as the camera tilts and zooms).
	groundOff []float64
	// lines is, per frame, the ground line (intercept, slope) in that
	// frame's picture where the clip's line cannot be the ground (see
	// sceneLines); nil otherwise.
	lines [][2]float64
	// heights is the local body height per frame (a moving camera; see
	// BodyHeightAt), speedHeights the runner's median speed over the
	// ground in those body heights per second.
	heights      []float64
	speedHeights float64
	// speeds is the runner's speed over the ground (px/s) around each
	// frame (see SpeedAt).
	speeds []float64
}

type sample struct {
	x, y, vx float64
	ok, vok  bool
}

// DirAt is the direction of travel at frame i (+1 image right, −1 left).
func (s *Scene) DirAt(i int) float64 {
	if i >= 0 && i < len(s.dirs) {
		return s.dirs[i]
	}
	return s.Dir
}

// GroundY is the ground line's image y at x.
func (s *Scene) GroundY(x float64) float64 { return s.GroundA + s.GroundB*x }

// GroundYAt is the ground's image y at x in frame i: the ground line,
// moved by how the camera tilted or zoomed by then (a moving camera only).
func (s *Scene) GroundYAt(i int, x float64) float64 {
	if i >= 0 && i < len(s.groundOff) {
		return s.lineY(i, x) + s.groundOff[i]
	}
	return s.GroundY(x)
}

// lineY is the ground line's y at x in frame i, before the local offset.
func (s *Scene) lineY(i int, x float64) float64 {
	if i >= 0 && i < len(s.lines) {
		return s.lines[i][0] + s.lines[i][1]*x
	}
	return s.GroundY(x)
}

// maxGroundSlope: a ground line fitted over a moving camera's clip that
// is steeper than this (17°) traces the camera's path, not the ground
// (sceneLines). A phone held level films a track at a few degrees; the
// panning sprint's whole clip fits 0.05.
const maxGroundSlope = 0.3

// sceneLines fits the ground line through the feet's lowest positions
// (xs, ys in frames fs) carried into the first frame's picture by the
// camera's motions composed, and returns it carried into each frame's.
// Taken as they are, a panning clip's lowest positions trace the camera's
// path as it tilts: over the panning sprint's first 9.9 s (the most the
// upload takes from its start) they fitted a slope of 0.84, the feet stood
// 30–90 px above that "ground" in the acceleration phase, and 14 of its
// 29 annotated contacts went unfound (now 7).
func sceneLines(camera []track.Motion, xs, ys []float64, fs []int, spread float64) [][2]float64 {
	n := len(camera)
	a, t := make([]complex128, n), make([]complex128, n) // frame 0 → frame i: z ↦ a·z + t
	a[0] = 1
	for i := 1; i < n; i++ {
		m := camera[i]
		ai, ti := complex(float64(m[0]), float64(m[1])), complex(float64(m[2]), float64(m[3]))
		if ai == 0 {
			ai, ti = 1, 0 // unset: no estimate
		}
		a[i], t[i] = ai*a[i-1], ai*t[i-1]+ti
		// Composed zooms past a million (or under a millionth) are no
		// camera's (a track sent by a browser may claim a 0.5 zoom every
		// frame, each within the limits): the clip's line stands.
		if z := cmplx.Abs(a[i]); !(z > 1e-6 && z < 1e6) || cmplx.IsNaN(t[i]) || cmplx.IsInf(t[i]) {
			return nil
		}
	}
	x0, y0 := make([]float64, len(xs)), make([]float64, len(xs))
	for k := range xs {
		z := (complex(xs[k], ys[k]) - t[fs[k]]) / a[fs[k]]
		x0[k], y0[k] = real(z), imag(z)
	}
	la, lb := groundLine(x0, y0, spread)
	if math.IsNaN(la+lb) || math.IsInf(la+lb, 0) {
		return nil
	}
	lines := make([][2]float64, n)
	for i := range lines {
		p, q := a[i]*complex(0, la)+t[i], a[i]*complex(1000, la+1000*lb)+t[i]
		slope := imag(q-p) / real(q-p)
		lines[i] = [2]float64{imag(p) - slope*real(p), slope}
	}
	return lines
}

// NewScene measures body height, ground line, ground speed and direction
// of travel for a fixed camera; nil when the track holds no runner.
func NewScene(frames []*pose.Person, fps float64, minVis float32) *Scene {
	return NewMovingScene(frames, fps, minVis, nil)
}

// NewMovingScene is NewScene for a camera that moves (pans to follow the
// athlete, zooms): camera holds its motion into each frame, and every
// speed is then measured against the ground's own image motion. nil is a
// fixed camera.
func NewMovingScene(frames []*pose.Person, fps float64, minVis float32, camera []track.Motion) *Scene {
	bh := BodyHeightPixels(frames)
	if bh == 0 || fps <= 0 {
		return nil
	}
	s := &Scene{BodyHeight: bh, fps: fps, minVis: minVis, points: map[int][]sample{}}
	if len(camera) == len(frames) && moves(camera, frames, stillFloor*bh/fps) {
		s.camera = camera
		s.heights = localHeights(frames, fps, bh)
	}
	series := func(get func(p *pose.Person) (float64, float64, bool)) []sample {
		out := make([]sample, len(frames))
		for i, p := range frames {
			if p != nil {
				out[i].x, out[i].y, out[i].ok = get(p)
			}
		}
		for i := 1; i+1 < len(out); i++ {
			if out[i-1].ok && out[i+1].ok && out[i].ok {
				out[i].vx, out[i].vok = (out[i+1].x-out[i-1].x)/2*fps, true
			}
		}
		return out
	}
	for _, f := range feet {
		for _, j := range []int{f.heel, f.toe} {
			s.points[j] = series(func(p *pose.Person) (float64, float64, bool) {
				k := p.Keypoints[j]
				return float64(k.X), float64(k.Y), k.Visibility >= minVis
			})
		}
	}
	hip := series(func(p *pose.Person) (float64, float64, bool) {
		l, r := p.Keypoints[pose.LeftHip], p.Keypoints[pose.RightHip]
		return float64(l.X+r.X) / 2, float64(l.Y+r.Y) / 2, true
	})
	s.hip = hip
	// Ground candidates: each foot's local lowest positions.
	var lowX, lowY []float64
	var lowF []int
	for _, f := range feet {
		h, t := s.points[f.heel], s.points[f.toe]
		low := make([]sample, len(frames))
		for i := range low {
			switch {
			case h[i].ok && t[i].ok && h[i].y > t[i].y, h[i].ok && !t[i].ok:
				low[i] = h[i]
			case t[i].ok:
				low[i] = t[i]
			}
		}
		for i := 1; i+1 < len(low); i++ {
			if low[i].ok && low[i-1].ok && low[i+1].ok && low[i].y >= low[i-1].y && low[i].y >= low[i+1].y {
				lowX, lowY, lowF = append(lowX, low[i].x), append(lowY, low[i].y), append(lowF, i)
			}
		}
	}
	s.GroundA, s.GroundB = groundLine(lowX, lowY, 0.02*bh)
	if s.camera != nil {
		if math.Abs(s.GroundB) > maxGroundSlope {
			s.lines = sceneLines(s.camera, lowX, lowY, lowF, 0.02*bh)
		}
		s.groundOff = localGround(s, lowX, lowY, lowF, len(frames))
	}
	// Facing: the toes point ahead of the heels.
	var facing []float64
	for _, f := range feet {
		h, t := s.points[f.heel], s.points[f.toe]
		for i := range h {
			if h[i].ok && t[i].ok {
				facing = append(facing, t[i].x-h[i].x)
			}
		}
	}
	s.Dir = 1
	if median(facing) < 0 {
		s.Dir = -1
	}
	s.dirs = make([]float64, len(frames))
	lo, hi := math.Inf(1), math.Inf(-1)
	var speeds, heightsPerS []float64
	for i := range hip {
		p := &hip[i]
		if p.ok {
			lo, hi = min(lo, p.x), max(hi, p.x)
		}
		if p.vok {
			// Over the ground, not across the picture: a camera that
			// follows the athlete keeps the hips still in the image.
			p.vx -= s.cameraVX(i, p.x, s.GroundYAt(i, p.x))
			speeds = append(speeds, math.Abs(p.vx))
			if s.heights != nil {
				heightsPerS = append(heightsPerS, math.Abs(p.vx)/s.heights[i])
			}
		}
	}
	if len(heightsPerS) > 0 {
		s.speedHeights = median(heightsPerS)
	}
	if hi-lo < treadmillRange*bh && s.camera == nil {
		// The hips stay put: a treadmill, whose belt is the ground. The
		// feet near it that move backwards (swinging feet move forwards)
		// do so at the belt's speed.
		var back []float64
		still := 0
		for _, pts := range s.points {
			for _, p := range pts {
				switch {
				case !p.vok:
				case math.Abs(p.vx) <= stillFloor*bh:
					still++ // wherever it is: the ground line may be off
				case s.near(0, p) && p.vx*s.Dir < -stillFloor*bh:
					back = append(back, p.vx)
				}
			}
		}
		// Feet that rest on the ground more often than they ride a belt
		// backwards: the belt is not moving (standing, balancing,
		// stepping on the spot), so there is no gait to time.
		if still >= len(back) {
			s.Speed, s.GroundSpeed = 0, 0
			for i := range s.dirs {
				s.dirs[i] = s.Dir
			}
			return s
		}
		s.GroundSpeed = median(back)
		s.Speed = math.Abs(s.GroundSpeed)
		for i := range s.dirs {
			s.dirs[i] = s.Dir
		}
		return s
	}
	// Overground with a fixed camera the ground is still. The runner may
	// turn round within the clip: the direction is the sign of the hips'
	// motion over the surrounding half second, the speed their median
	// speed.
	s.Speed = median(speeds)
	s.speeds = localSpeeds(hip, fps)
	w := max(1, int(math.Round(0.25*fps)))
	var sum float64
	for i := range s.dirs {
		var vs []float64
		for j := max(0, i-w); j <= min(len(hip)-1, i+w); j++ {
			if hip[j].vok {
				vs = append(vs, hip[j].vx)
			}
		}
		if v := median(vs); v > 0 {
			s.dirs[i] = 1
		} else if v < 0 {
			s.dirs[i] = -1
		}
		sum += s.dirs[i]
	}
	if sum < 0 {
		s.Dir = -1
	} else if sum > 0 {
		s.Dir = 1
	}
	for i := range s.dirs {
		if s.dirs[i] == 0 {
			s.dirs[i] = s.Dir
		}
	}
	return s
}

// moves reports whether the camera moved: its median image shift at the
// athlete, per frame, is over floor pixels.
func moves(camera []track.Motion, frames []*pose.Person, floor float64) bool {
	var d []float64
	for i, m := range camera {
		if p := frames[i]; p != nil {
			c := p.Box
			dx, dy := m.Shift(float64(c.X1+c.X2)/2, float64(c.Y2))
			d = append(d, math.Hypot(dx, dy))
		}
	}
	return median(d) > floor
}

// cameraVX is the image speed (px/s, horizontal) that the camera's motion
// gives a scene point at (x, y) in frame i, averaged over the moves into
// and out of the frame like a central difference; 0 for a fixed camera.
func (s *Scene) cameraVX(i int, x, y float64) float64 {
	if s.camera == nil {
		return 0
	}
	var d float64
	n := 0
	for _, k := range []int{i, i + 1} {
		if k > 0 && k < len(s.camera) {
			dx, _ := s.camera[k].Shift(x, y)
			d, n = d+dx, n+1
		}
	}
	if n == 0 {
		return 0
	}
	return d / float64(n) * s.fps
}

// GroundVX is the ground's own image speed at (x, y) in frame i: the
// treadmill's belt plus the camera's motion.
func (s *Scene) GroundVX(i int, x, y float64) float64 {
	return s.GroundSpeed + s.cameraVX(i, x, y)
}

// GroundShift is how far (px, horizontal) a point of the ground at (x, y)
// moves in the image from frame a to frame b.
func (s *Scene) GroundShift(a, b int, x, y float64) float64 {
	d := s.GroundSpeed * float64(b-a) / s.fps
	if s.camera != nil {
		for k := a + 1; k <= b && k < len(s.camera); k++ {
			dx, _ := s.camera[k].Shift(x, y)
			d += dx
		}
	}
	return d
}

func (s *Scene) near(i int, p sample) bool {
	return p.ok && s.GroundYAt(i, p.x)-p.y <= groundBand*s.BodyHeightAt(i)
}

// groundWindow (s): a moving camera's ground level at a frame is the feet's
// lowest positions within this much time of it. Short enough to follow a
// panning camera's tilt (on the panning sprint clip the ground moves by a
// tenth of body height within half a second: 0.5 s found 31 of its 50
// contacts, 0.25 s 37), long enough to hold a stance of either foot at a
// walk (steps ≤ 0.6 s).
const groundWindow = 0.25

// groundSmooth (s): the local ground is averaged over this much time
// either side of each frame. The windowed median steps as stances enter
// and leave the window (on the panning sprint, 36 px, a fifth of body
// height, within two frames at 146–147, where the camera tilts steadily),
// and a far foot's stance at the step's edge then reads well above the
// ground; averaged over ±0.1 s, six runs of that clip found 0–2 contacts
// more and timed up to 2 more touchdowns within a frame (ACCURACY.md).
const groundSmooth = 0.1

// localGround is, per frame, the ground's offset below the clip's ground
// line: the median of the upper half of the feet's local minima (their
// residuals from the line) within groundWindow, averaged over
// groundSmooth either side; frames without any take the nearest frame's.
func localGround(s *Scene, xs, ys []float64, fs []int, n int) []float64 {
	off := make([]float64, n)
	w := int(math.Ceil(groundWindow * s.fps))
	known := make([]bool, n)
	for i := 0; i < n; i++ {
		var r []float64
		for k := range xs {
			if fs[k] >= i-w && fs[k] <= i+w {
				r = append(r, ys[k]-s.lineY(fs[k], xs[k]))
			}
		}
		if len(r) == 0 {
			continue
		}
		sort.Sort(sort.Reverse(sort.Float64Slice(r)))
		off[i], known[i] = median(r[:(len(r)+1)/2]), true
	}
	for i := range off { // fill from the nearest known frame
		if known[i] {
			continue
		}
		for d := 1; d < n; d++ {
			if i-d >= 0 && known[i-d] {
				off[i] = off[i-d]
				break
			}
			if i+d < n && known[i+d] {
				off[i] = off[i+d]
				break
			}
		}
	}
	return movingMean(off, int(math.Round(groundSmooth*s.fps)))
}

// movingMean averages v over ±h samples (fewer at the ends).
func movingMean(v []float64, h int) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[i] = stats.Mean(v[max(0, i-h):min(len(v), i+h+1)])
	}
	return out
}

// still reports whether a heel or toe series is planted at frame i: near
// the ground and moving slower than frac of the runner's speed there.
func (s *Scene) still(pts []sample, i int, frac float64) bool {
	p := pts[i]
	thr := max(frac*s.SpeedAt(i), stillFloor*s.BodyHeightAt(i))
	return p.vok && s.near(i, p) && math.Abs(p.vx-s.GroundVX(i, p.x, p.y)) <= thr
}

// Contacts finds every ground contact of both feet in a side view.
//
// A foot is planted while its heel or its toe is both near the ground and
// still relative to it. Near is within groundBand of body height of a line
// fitted through the feet's lowest positions, so a tilted camera or a
// sloping path does not matter. Still is a horizontal speed, relative to
// the ground's own image speed (0 overground, the belt on a treadmill),
// below stillFraction of the runner's speed over the ground. Heel and toe
// together catch heel and forefoot landings, and the push off the toes
// after the heel has risen. The direction of travel does not matter.
// Stances of one foot split by a blip shorter than mergeGap (the model
// briefly mixing the feet up as one passes the other) are joined, and of
// two such stances in different places the one drawn on the other foot
// while it stood is left to that foot (onOther); a stance
// shorter than minStance grows by its neighbouring frames when the foot is
// lowest there (widen: a sprinter's 2-frame stance smeared by the filter),
// and two such runs of one foot that widen into each other are one; one
// foot's stance going on under the other foot's label is one (switched);
// stances still shorter, or shorter than outlierShort of the median
// contact, and those cut by the clip's start or end or by missing frames,
// are dropped. Touchdown moves back over the frames where the landing foot
// is already down (touchdown), toe-off on over those where the toe is
// still down as the foot rolls off it (toeOff).
func Contacts(frames []*pose.Person, fps float64, minVis float32) []Contact {
	s := NewScene(frames, fps, minVis)
	if s == nil {
		return nil
	}
	return s.Contacts(frames)
}

// Contacts finds the contacts of frames, the track the scene was measured on.
func (s *Scene) Contacts(frames []*pose.Person) []Contact {
	if s.Speed < stillFloor*s.BodyHeight {
		return nil // standing still: no gait to time
	}
	shortest := max(1, int(math.Ceil(minStance*s.fps)))
	planted := s.planted(len(frames), shortest)
	var out []Contact
	for k := range feet {
		rs, jumped := s.stanceRuns(k, planted, shortest)
		out = append(out, s.footContacts(k, planted[k], rs, jumped, shortest)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Contact < out[j].Contact })
	st := dropShort(s.switched(out))
	out = make([]Contact, len(st))
	for i := range st {
		out[i] = st[i].c
	}
	// The toe-off is timed once the stances are told from the noise, so
	// that it changes no contact's duration against the others'.
	// Walking is told once, by the stances before their toe-offs move on
	// (double support shows there already: a toe-off only moves later),
	// and picks both the roll band and the heel strikes below.
	walk := walking(out)
	roll := rollBand
	if walk {
		roll = walkRollBand
	}
	for i := range out {
		c := &out[i]
		heel, toe := footPoints(c.Foot)
		_, leavesToe := footPoints(st[i].leaves)
		_, otherToe := footPoints(otherFoot(st[i].leaves))
		c.ToeOff = s.toeOff(s.points[leavesToe], s.points[otherToe], st[i].leavesFrom, c.ToeOff, roll)
		c.Confidence = s.confidence(frames, heel, toe, c.Contact, c.ToeOff)
	}
	durationConfidence(out)
	if walk {
		s.heelStrikes(out)
	}
	return out
}

// onToesHeel (fraction of body height, ≈ 10 cm): a heel this far above
// its own toe bears no weight, whatever the ground band allows (0.12
// body heights, for a toe keypoint that drifts up as the foot rolls): the
// foot stands on its toes, where the toe's own test holds, or is in the
// air. A walker going backwards puts the toe down first, and her heel,
// still at the top of its swing and slowing to turn, read as planted
// three frames before the toe landed (walk_side_sports2d_demo4, 188 for
// the annotated 191; 0.04 made it 194). Forefoot runners and sprinters
// stand on the toe's test anyway.
const onToesHeel = 0.06

// onToes reports whether heel is more than onToesHeel of body height bh
// above toe.
func onToes(heel, toe sample, bh float64) bool {
	return heel.ok && toe.ok && toe.y-heel.y > onToesHeel*bh
}

// planted marks, per foot, the frames of n where its heel or toe is
// planted, and at frame rates too low for a stance to span two frames
// the frames that seed one.
func (s *Scene) planted(n, shortest int) [][]bool {
	planted := make([][]bool, len(feet))
	for k, f := range feet {
		heel, toe := s.points[f.heel], s.points[f.toe]
		planted[k] = make([]bool, n)
		for i := range n {
			planted[k][i] = (s.still(heel, i, stillFraction) && !onToes(heel[i], toe[i], s.BodyHeightAt(i))) ||
				s.still(toe, i, stillFraction)
		}
		if shortest > 1 {
			continue
		}
		var seeds []int
		for i := range n {
			if !slices.Contains(planted[k][max(0, i-1):min(n, i+2)], true) && s.seed(heel, toe, planted[k], i) {
				seeds = append(seeds, i)
			}
		}
		for _, i := range seeds {
			planted[k][i] = true
		}
	}
	return planted
}

// stanceRuns joins foot k's planted runs into stances: across a gap
// bridged by the other foot standing on its place, within mergeGap in the
// same place, and, in another place, by the rules below. jumped holds the
// runs (by their first frame) joined over splitShift.
func (s *Scene) stanceRuns(k int, planted [][]bool, shortest int) (rs [][2]int, jumped map[int]bool) {
	f := feet[k]
	// How far the foot moved over the ground from frame a to b.
	moved := func(a, b int) float64 {
		xa, ya, _ := s.footAt(f.heel, f.toe, a)
		xb, _, _ := s.footAt(f.heel, f.toe, b)
		return xb - xa - s.GroundShift(a, b, xa, ya)
	}
	jumped = map[int]bool{}
	for _, r := range filter.Runs(planted[k]) {
		if j := s.bridgedBack(k, planted[1-k], rs, r[0]); j >= 0 && !s.tooLong(rs[j][0], r[1]) {
			rs = append(rs[:j], [2]int{rs[j][0], r[1]})
			continue
		}
		n := len(rs)
		if n == 0 || float64(r[0]-rs[n-1][1]) > mergeGap*s.fps {
			rs = append(rs, r)
			continue
		}
		if math.Abs(moved(rs[n-1][1]-1, r[0])) <= mergeShift*s.BodyHeightAt(r[0]) && !s.tooLong(rs[n-1][0], r[1]) {
			rs[n-1][1] = r[1]
			continue
		}
		// Within mergeGap but somewhere else: no foot swings that
		// fast, so one of the two runs is not this foot's. Where the
		// model moved this foot's points onto the other foot while
		// that one stood (planted from this foot's last planted frame
		// through the later run, or from the earlier run through the
		// later run's first frame), the run drawn on it goes: the
		// other foot keeps that stance. Where neither was, two runs
		// long enough to be stances and under splitShift apart are
		// one stance whose points jumped (a one-frame blip merged
		// there would only stretch the stance).
		switch p, o := rs[n-1], 1-k; {
		case s.onOther(feet[k], feet[o], planted[o], p[1]-1, r[1], r[0], r[1]):
			continue
		case s.onOther(feet[k], feet[o], planted[o], p[0], r[0]+1, p[0], p[1]):
			rs[n-1] = r
			continue
		case r[1]-r[0] >= shortest && p[1]-p[0] >= shortest && !s.tooLong(p[0], r[1]) &&
			math.Abs(moved(p[1]-1, r[0])) <= splitShift*s.BodyHeightAt(r[0]):
			rs[n-1][1] = r[1]
			jumped[p[0]] = true
			continue
		}
		rs = append(rs, r)
	}
	return rs, jumped
}

// footContacts makes foot k's stance runs contacts: each widened to a
// stance's length where the foot is lowest, kept only when seen from
// touchdown to toe-off, its start moved back by touchdown.
func (s *Scene) footContacts(k int, planted []bool, rs [][2]int, jumped map[int]bool, shortest int) []Contact {
	f := feet[k]
	heel, toe := s.points[f.heel], s.points[f.toe]
	seen := func(i int) bool { return i >= 0 && i < len(heel) && (heel[i].vok || toe[i].vok) }
	var out []Contact
	wasShort := false
	for _, r := range rs {
		short := r[1]-r[0] < shortest
		start, end := s.widen(heel, toe, planted, r[0], r[1], shortest)
		// Keep only contacts seen from touchdown to toe-off: the foot
		// was seen moving just before and just after.
		if end-start < shortest || !seen(start-1) || !seen(end) {
			continue
		}
		c := Contact{Foot: f.foot, Contact: s.touchdown(heel, toe, start, end), ToeOff: end}
		if jumped[r[0]] {
			c.Doubt = DoubtPointsJumped
		}
		// Two runs too short to be stances, a frame apart in two
		// places, can each widen into the other: one foot stands in
		// one stance at a time, so they are one whose points jumped.
		if n := len(out); n > 0 && (short || wasShort) && c.Contact < out[n-1].ToeOff {
			p := &out[n-1]
			p.Contact, p.ToeOff, p.Doubt = min(p.Contact, c.Contact), max(p.ToeOff, c.ToeOff), DoubtPointsJumped
			continue
		}
		out, wasShort = append(out, c), short
	}
	return out
}

// dropShort drops the contacts far shorter than the runner's others: the
// model losing a foot (at the frame's edge, behind the other leg), not a
// step.
func dropShort(cs []stance) []stance {
	if len(cs) < 3 {
		return cs
	}
	var d []float64
	for _, x := range cs {
		d = append(d, float64(x.c.ToeOff-x.c.Contact))
	}
	typical := median(d)
	kept := cs[:0]
	for _, x := range cs {
		if float64(x.c.ToeOff-x.c.Contact) >= outlierShort*typical {
			kept = append(kept, x)
		}
	}
	return kept
}

// switched joins stances whose labels the model switched in mid-stance:
// one foot's stance ending and the other foot's beginning within mergeGap
// where the first stood (their median places within mergeShift of body
// height, over the ground). The next foot lands a step ahead, at least
// 0.3 body heights even in a walker's double support, so a stance of the
// other foot in the same place is this one going on under the other label
// (run_side_overground_sports2d_demo3's mirrored copy: the right stance
// 4–11 found as right 4–7 and left 9–11, the toes 4 px apart;
// walk_side_sports2d_demo4: the right stance 38–61 as right 38–45 and left
// 49–58). Two real stances whose keypoints the model dragged into the same
// place (labels swapping while both feet are down, or the panning sprint's
// right stance drawn on into the left's landing) would last longer than
// maxContactLength of the runner's travel, and are left apart. The joined
// stance keeps the first label, given while the legs were apart; its
// toe-off is timed on the points that left.
func (s *Scene) switched(cs []Contact) []stance {
	out := make([]stance, 0, len(cs))
	for _, c := range cs {
		n := len(out)
		if n == 0 || out[n-1].c.Foot == c.Foot {
			out = append(out, stance{c, c.Foot, c.Contact})
			continue
		}
		p := out[n-1].c
		xa, okA := s.placeOf(p.Foot, p.Contact, p.ToeOff, p.Contact)
		xb, okB := s.placeOf(c.Foot, c.Contact, c.ToeOff, p.Contact)
		gap, end := c.Contact-p.ToeOff, max(p.ToeOff, c.ToeOff)
		if float64(gap) > mergeGap*s.fps || !okA || !okB ||
			math.Abs(xb-xa) > mergeShift*s.BodyHeightAt(c.Contact) ||
			s.Speed*float64(end-p.Contact)/s.fps > maxContactLength*s.BodyHeight {
			out = append(out, stance{c, c.Foot, c.Contact})
			continue
		}
		joined := Contact{Foot: p.Foot, Contact: p.Contact, ToeOff: end, Doubt: cmp.Or(p.Doubt, c.Doubt)}
		if p.ToeOff > c.ToeOff {
			out[n-1].c = joined // the first's points left last
		} else {
			out[n-1] = stance{joined, c.Foot, c.Contact}
		}
	}
	return out
}

// placeOf is where foot f stood over frames [from, to) (the median of its
// heel, or toe where the heel is unseen), as a point of the ground seen
// in frame ref ≤ from.
func (s *Scene) placeOf(f Foot, from, to, ref int) (float64, bool) {
	heel, toe := footPoints(f)
	return s.medianPlace(from, to, ref, func(i int) (float64, float64, bool) { return s.footAt(heel, toe, i) })
}

// LandingPlace is where c's foot stood over the contact: the median of its
// heel–toe midpoints (both seen) from touchdown to toe-off, as a point of
// the ground seen in the touchdown frame; false where none was seen. The
// touchdown frame's points alone are what the low-pass filter drags back
// toward the swing when the touchdown is read a frame early (a sprint
// step a tenth short).
func (s *Scene) LandingPlace(c Contact) (float64, bool) {
	heel, toe := footPoints(c.Foot)
	h, t := s.points[heel], s.points[toe]
	return s.medianPlace(c.Contact, max(c.ToeOff, c.Contact+1), c.Contact, func(i int) (float64, float64, bool) {
		return (h[i].x + t[i].x) / 2, (h[i].y + t[i].y) / 2, h[i].ok && t[i].ok
	})
}

// medianPlace is the median over frames [from, to) of the points at(i)
// that were seen, each carried into frame ref's picture (GroundShift).
func (s *Scene) medianPlace(from, to, ref int, at func(i int) (x, y float64, ok bool)) (float64, bool) {
	var xs []float64
	for i := max(0, from); i < to && i < len(s.hip); i++ {
		if x, y, ok := at(i); ok {
			xs = append(xs, x-s.GroundShift(ref, i, x, y))
		}
	}
	return median(xs), len(xs) > 0
}

// strikeReach (s): how far from the touchdown the contact rule found a
// walker's heel strike is looked for (see heelStrikes): a frame at 30 fps.
// The heel's lead over the hips peaks in terminal swing, as the heel
// slows down to land, up to two frames before the annotated first frame
// on the ground (the Sports2D demo's walker, 80: 78); further than a frame
// from the rule's touchdown it is not the landing.
const strikeReach = 0.04

// strikeFlat (body heights): a heel's lead over the hips within this of
// its largest is as large. The lead levels off as the heel slows down to
// land and falls once it stands while the hips go on; the model's heel
// point wanders by about this much (2 px on a walker 365 px tall), so the
// strike is the last frame of the level stretch, not whichever of its
// frames the noise lifts highest (sports2d_demo's walker, 78 against the
// annotated 80, now 79; ACCURACY.md, ninth session).
const strikeFlat = 0.006

// walking reports whether the feet's contacts overlap (double support) in
// most of the steps: a walk, not a run, which has a flight in each step.
func walking(cs []Contact) bool {
	steps, double := 0, 0
	for i := 1; i < len(cs); i++ {
		if cs[i].Foot != cs[i-1].Foot {
			steps++
			if cs[i].Contact < cs[i-1].ToeOff {
				double++
			}
		}
	}
	return steps > 0 && 2*double > steps
}

// heelStrikes moves each touchdown of a walk to the frame within
// strikeReach where the landing foot's heel is furthest ahead of the hips
// in the direction of travel (Zeni, Richards and Higginson 2008, Gait &
// Posture 27: heel strike at the heel's largest lead over the sacrum),
// the last of those within strikeFlat of the largest.
// The contact rule waits for the heel to come down to its stance level
// and slow down; a walker's heel lands dorsiflexed and its keypoint comes
// down a few pixels more as the foot flattens, so that rule times it a
// frame late (walk_side_sports2d_demo4: 8 of 18 touchdowns one frame
// after the annotated first frame on the ground, 2 two frames after).
// The hips and the heel are measured in the same frame, so a camera that
// follows the walker does not matter.
func (s *Scene) heelStrikes(cs []Contact) {
	reach := max(1, int(math.Round(strikeReach*s.fps)))
	for k := range cs {
		c := &cs[k]
		heel, _ := footPoints(c.Foot)
		pts := s.points[heel]
		from, to := max(0, c.Contact-reach), min(c.Contact+reach, c.ToeOff-1, len(pts)-1, len(s.hip)-1)
		lead := make([]float64, max(0, to-from+1))
		best := math.Inf(-1)
		for i := range lead {
			lead[i] = math.Inf(-1)
			if f := from + i; pts[f].ok && s.hip[f].ok {
				lead[i] = s.DirAt(f) * (pts[f].x - s.hip[f].x)
				best = math.Max(best, lead[i])
			}
		}
		for i := len(lead) - 1; i >= 0 && !math.IsInf(best, -1); i-- {
			if lead[i] >= best-strikeFlat*s.BodyHeight {
				c.Contact = from + i
				break
			}
		}
	}
}

// bridgeGap (s): one foot's stances further apart than mergeGap, up to
// this, are still one stance when the foot did not move between them and
// the other foot's points stood on its place or that foot swung
// meanwhile (see bridged): the model drew the stance on the other leg, or
// nowhere near the ground, while the legs passed
// (walk_side_sports2d_demo4, frames 46–52: the right foot's stance 38–61
// was labelled left for four frames and found from 53). A foot's next
// stance is a stride away in time (≥ strideFloor) and place.
const bridgeGap = 0.3

// bridged reports whether foot k's planted runs ending at frame end and
// starting again at frame start are one stance (see bridgeGap): the gap
// is at most bridgeGap, the foot is where it was, and over at least half
// the gap the other foot's points are within mergeShift of body height of
// that place (not necessarily planted there: the low-pass smears the
// swapped frames' jumps into motion), or the other foot (other: its
// planted frames) was swinging. A walker always has a foot down, and no
// foot lands twice on one place within a stride, so while the other leg
// swung this foot stood; the model drew its points elsewhere meanwhile
// (the Sports2D demo filmed small: the walker's right foot stands 98–120,
// its points leap off the ground 104–110 while the left leg swings past,
// and the stance was cut to 110–119).
func (s *Scene) bridged(k int, other []bool, end, start int) bool {
	gap := start - end
	if gap <= 0 || float64(gap) > bridgeGap*s.fps {
		return false
	}
	f, o := feet[k], feet[1-k]
	x0, y0, ok := s.footAt(f.heel, f.toe, end-1)
	x1, _, ok1 := s.footAt(f.heel, f.toe, start)
	if !ok || !ok1 || math.Abs(x1-x0-s.GroundShift(end-1, start, x0, y0)) > mergeShift*s.BodyHeightAt(end) {
		return false
	}
	covered, swinging := 0, 0
	for i := end; i < start; i++ {
		x, y, ok := s.footAt(o.heel, o.toe, i)
		if ok && math.Hypot(x-x0-s.GroundShift(end-1, i, x0, y0), y-y0) <= mergeShift*s.BodyHeightAt(end) {
			covered++
		}
		if !other[i] {
			swinging++
		}
	}
	return 2*covered >= gap || 2*swinging >= gap
}

// bridgedBack is the index of the latest of runs (foot k's planted runs
// so far) that the run starting at frame start continues (see bridged),
// or −1. It looks past later runs within bridgeGap: a foot that stands
// in one place before and after cannot have stood elsewhere in between,
// so such a run is the model drawing the foot on the passing leg
// (walk_side_sports2d_demo4, 104–124: the right foot stood at x 437,
// its points were planted at 525 for a frame at 110 as the left swung
// past, and the stance was found only from 113).
func (s *Scene) bridgedBack(k int, other []bool, runs [][2]int, start int) int {
	for j := len(runs) - 1; j >= 0 && float64(start-runs[j][1]) <= bridgeGap*s.fps; j-- {
		if s.bridged(k, other, runs[j][1], start) {
			return j
		}
	}
	return -1
}

// footAt is where a foot is in frame i: its heel, or its toe where the
// heel is not seen.
func (s *Scene) footAt(heel, toe, i int) (x, y float64, ok bool) {
	if h := s.points[heel][i]; h.ok {
		return h.x, h.y, true
	}
	t := s.points[toe][i]
	return t.x, t.y, t.ok
}

// onOther reports whether foot f's planted run [start, end) is the other
// foot's stance drawn on both legs: the other foot o is planted over every
// frame of [from, to) and f's heel or toe lies within mergeShift of body
// height of o's over the run (median). Two feet planted at once are a
// step length apart (≥ 0.3 body heights even in a walker's double
// support), so points this close are one foot.
func (s *Scene) onOther(f, o struct {
	foot      Foot
	heel, toe int
}, oPlanted []bool, from, to, start, end int) bool {
	for i := max(0, from); i < to && i < len(oPlanted); i++ {
		if !oPlanted[i] {
			return false
		}
	}
	var d []float64
	for i := start; i < end; i++ {
		best := math.Inf(1)
		for _, pr := range [][2]int{{f.heel, o.heel}, {f.toe, o.toe}} {
			a, b := s.points[pr[0]][i], s.points[pr[1]][i]
			if a.ok && b.ok {
				best = min(best, math.Hypot(a.x-b.x, a.y-b.y))
			}
		}
		if !math.IsInf(best, 1) {
			d = append(d, best)
		}
	}
	return len(d) > 0 && median(d) <= mergeShift*s.BodyHeight
}

// widenFraction of the runner's speed bounds how fast a foot next to a
// too-short planted run may move and still be counted in its stance: a
// sprinter's stance lasts 2–3 frames at 30 fps, and the low-pass filter
// spreads the swing's speed (2–3× the runner's) into its first and last
// frame, so often only the middle frame stays under stillFraction
// (sprint_side_pan_sports2d_demo2: 207–209, 298–299, 328–329, 358–359). A swinging
// foot near the ground moves at over 1.5× the runner's speed.
const widenFraction = 1.0

// minContactLength (fraction of body height) is a floor on the distance
// the body travels over a planted foot, which sweeps from ahead of the hip
// to behind it: about 0.4–0.5 body heights on the validation clips (the
// panning sprinter, 3.9 body heights/s × 108 ms; the Demo4 walker, 0.66 ×
// 744 ms). Only a runner who covers it within the shortest stance can have
// a stance that short: for a walker or a jogger such a run is noise.
const minContactLength = 0.2

// maxContactLength (body heights): no stance lasts while the body
// travels much further than minContactLength's sweep; two stances of a
// run joined as one would last about twice that.
const maxContactLength = 0.7

// tooLong reports whether frames [a, b) are too long for one stance: the
// runner travels more than maxContactLength body heights over them. Runs
// of one foot joined across a gap are two stances then, whatever their
// places (sprint_side_pan_sports2d_demo2: the left foot's stance 166–168
// and the right's 172–175, drawn on the left foot in the same place, came
// out as one left stance 165–175).
func (s *Scene) tooLong(a, b int) bool {
	var d float64
	for i := max(0, a); i < b && i < len(s.hip); i++ {
		v := s.SpeedAt(i)
		if s.hip[i].vok {
			v = math.Abs(s.hip[i].vx)
		}
		d += v / s.fps
	}
	return d > maxContactLength*s.BodyHeightAt((a+b)/2)
}

// widen grows a planted run [start, end) shorter than shortest frames by
// the adjacent frames where the foot is still near the ground and slower
// than widenFraction of the runner, the slower side first: a stance lasts
// at least minStance, so a shorter run is either noise (and stays short)
// or a stance whose edges the filter smeared.
func (s *Scene) widen(heel, toe []sample, planted []bool, start, end, shortest int) (int, int) {
	if end-start >= shortest || !s.lowestNear(heel, toe, planted, start, end) || !s.fast(shortest) {
		return start, end
	}
	speed := func(i int) float64 {
		v := math.Inf(1)
		for _, pts := range [][]sample{heel, toe} {
			if i >= 0 && i < len(pts) && s.still(pts, i, widenFraction) {
				p := pts[i]
				v = min(v, math.Abs(p.vx-s.GroundVX(i, p.x, p.y)))
			}
		}
		return v
	}
	for end-start < shortest {
		before, after := speed(start-1), speed(end)
		switch {
		case math.IsInf(before, 1) && math.IsInf(after, 1):
			return start, end
		case before < after:
			start--
		default:
			end++
		}
	}
	return start, end
}

// fast reports whether the runner covers minContactLength within n frames:
// only then can a stance be as short as n frames.
func (s *Scene) fast(n int) bool {
	return s.Speed*float64(n)/s.fps >= minContactLength*s.BodyHeight
}

// seed reports whether frame i, where the foot is not planted and neither
// is it in the frames beside it, is a stance's one planted frame at a frame
// rate so low that a stance of minStance fits in a single frame (under
// 1/minStance ≈ 17 frames/s; the 15 fps variants of the validation clips).
// A speed is a central difference over the two frame intervals around a
// frame, 0.13 s at 15 fps, longer than a sprinter's whole stance
// (0.08–0.12 s): its swing before and after leaks into the planted frame's
// speed, which comes out at 0.5–0.8 of the runner's
// (sprint_side_pan_sports2d_demo2, 15 fps, frames 169–170 and 185, the
// 2-frame stances 328–329 and 358–359 at 29 fps), over stillFraction, so
// no frame of the stance is planted. At 30 fps the same stance keeps a
// frame under stillFraction, and widen grows it by the neighbours slower
// than widenFraction where the foot is lowest. At the low rate that is
// the rule for the stance's frame itself: the heel or toe near the ground
// and slower than widenFraction of the runner, the foot at its lowest
// within half the stride floor (lowestNear), and the runner fast enough to
// pass over a foot within the frame (fast): never a walker's or a
// jogger's, whose stances span several frames at any rate.
func (s *Scene) seed(heel, toe []sample, planted []bool, i int) bool {
	return s.fast(1) && (s.still(heel, i, widenFraction) || s.still(toe, i, widenFraction)) &&
		s.lowestNear(heel, toe, planted, i, i+1)
}

// strideFloor (s) is the shortest time from one contact of a foot to its
// next: two steps at the highest step frequency a human reaches (elite
// sprinters peak at ~5 Hz, Nagahara et al. 2014; 5.5 Hz is
// sprint.MaxStepFreq). Within half of it of a stance the foot has no other.
const strideFloor = 2 / 5.5

// lowestNear reports whether the foot (its lower point, heel or toe) is
// lowest, within landBand of body height, over half the stride floor
// around the run [start, end) in the run or the frames it may grow into:
// a stance is where the foot is lowest, while a swinging foot that skims
// the ground just before its stance (slowing as it reaches forward) is
// still above where it will land. Frames where the foot is planted more
// than mergeGap from the run are left out: within half the stride floor a
// foot has no other stance, so that one is the other foot's, drawn on
// this one by the model (sprint_side_pan_sports2d_demo2: the right foot's
// stance 328–329 was 2.9 px above the left stance labelled right at 334).
func (s *Scene) lowestNear(heel, toe []sample, planted []bool, start, end int) bool {
	w := int(math.Ceil(strideFloor / 2 * s.fps))
	gap := int(math.Ceil(mergeGap * s.fps))
	low := func(a, b int) float64 {
		m := math.Inf(1)
		for i := max(0, a); i < min(b, len(heel)); i++ {
			if planted[i] && (i < start-gap || i >= end+gap) {
				continue
			}
			m = min(m, s.lowerAt(heel, toe, i))
		}
		return m
	}
	return low(start-1, end+1) <= low(start-w, end+w)+landBand*s.BodyHeightAt(start)
}

// touchdown moves a stance's start back over the frames where the heel or
// toe already sits at its lowest stance level but still slides forward:
// the keypoints of a landing foot lag its contact by a frame or two.
func (s *Scene) touchdown(heel, toe []sample, start, end int) int {
	up := func(i int, p sample) float64 { return s.GroundYAt(i, p.x) - p.y }
	lowest := func(pts []sample) float64 {
		m := math.Inf(1)
		for i := start; i < end; i++ {
			if pts[i].ok {
				m = min(m, up(i, pts[i]))
			}
		}
		return m
	}
	lh, lt := lowest(heel), lowest(toe)
	// The band is what a landing foot descends in one frame at 30 fps:
	// at higher rates the lag to correct is shorter.
	band := landBand * s.BodyHeightAt(start) * math.Min(1, 30/s.fps)
	down := func(i int, p sample, low float64) bool {
		return p.vok && up(i, p)-low <= band && math.Abs(p.vx-s.GroundVX(i, p.x, p.y)) <= s.Speed
	}
	for start > 1 && (down(start-1, heel[start-1], lh) || down(start-1, toe[start-1], lt)) {
		start--
	}
	return start
}

// A foot leaves the ground by rolling off its toes: the heel rises first
// while the toe stays down, and the zero-phase low-pass spreads the swing's
// speed back over those frames, so the speed test ends a stance early (2–4
// frames in walking, walk_side_sports2d_demo4; 3 on sports2d_demo). The
// toe is still on the ground while its keypoint stays within rollBand of
// body height (≈ 7 cm) of where it stood, near the ground line and slower
// than rollSpeed times the runner: a swinging foot averages 1.5× the
// body's speed (stillFraction), so a toe moving faster has left. A walker
// rolls over the forefoot for longer (pre-swing, about a tenth of the
// gait cycle, with the toes bent at the ball of the foot) and the model's
// toe point creeps further forward meanwhile: the Demo4 walker's toe-offs
// came 2–5 frames early in a third of her contacts with rollBand, and
// walkRollBand (≈ 10 cm) times three to five more of them within a frame
// in each of six runs, leaving runners and sprinters as they were
// (ACCURACY.md, eighteenth session; 0.07 made the Sports2D walker's
// toe-offs late, 0.06 for everyone made the sprint's contacts a frame long).
const (
	rollBand     = 0.04
	walkRollBand = 0.06
	rollSpeed    = 1.5
)

// toeOff moves the end of a stance [start, end) on over the frames where
// the toe is still on the ground, within roll of body height (rollBand or
// walkRollBand) of where it stood: the median of its ground-relative
// positions over the stance, leaving out the
// frames where the other foot's toe is within rollBand of it across the
// picture (≈ 7 cm, the same band: closer, the toe could be either). There
// the legs cross and the model may draw either toe at either foot, or both
// at one place (walk_side_sports2d_demo4: the toe-off of 305–325 moves
// from 323 to 324, the annotated 325). Where every frame is a crossing
// one, all count.
func (s *Scene) toeOff(toe, other []sample, start, end int, roll float64) int {
	var xs, all []float64
	apart := rollBand * s.BodyHeightAt(end)
	for i := start; i < end; i++ {
		if toe[i].ok {
			x := toe[i].x - s.GroundShift(start, i, toe[i].x, toe[i].y)
			all = append(all, x)
			if !other[i].ok || math.Abs(toe[i].x-other[i].x) >= apart {
				xs = append(xs, x)
			}
		}
	}
	if len(xs) == 0 {
		xs = all
	}
	if len(xs) == 0 {
		return end
	}
	anchor := median(xs)
	// Measured on 30 fps clips only (none faster is annotated). At higher
	// rates it shrinks with the square of the frame time, so that a foot
	// that leaves the ground at once, at the runner's speed, is not held
	// down for a frame (the synthetic runners of the unit tests have no
	// roll-off: at 120 fps a band shrinking only with the frame time held
	// their contacts 9 ms long).
	r := math.Min(1, 30/s.fps)
	band := roll * s.BodyHeightAt(end) * r * r
	for end+1 < len(toe) && s.still(toe, end, rollSpeed) &&
		math.Abs(toe[end].x-s.GroundShift(start, end, toe[end].x, toe[end].y)-anchor) <= band {
		end++
	}
	return end
}

// Confidence of a contact, from what makes its timing trustworthy on the
// validation clips: how visible the model says the foot's heel and toe
// were over the contact (the far foot, hidden behind the near leg, scores
// low), and how tall the athlete is in the picture (keypoint noise is a
// few pixels whatever the size: under minSharpPx of body height one frame
// of foot motion is lost in it). The product, rounded to 0.01.
const (
	minSharpPx  = 100.0 // body height (px) at which timing is no better than noise
	fullSharpPx = 250.0 // from here on, size does not limit confidence
)

func (s *Scene) confidence(frames []*pose.Person, heel, toe, start, end int) float64 {
	var vis float64
	n := 0
	for i := max(0, start-1); i <= end && i < len(frames); i++ {
		if p := frames[i]; p != nil {
			vis += float64(min(p.Keypoints[heel].Visibility, 1) + min(p.Keypoints[toe].Visibility, 1))
			n += 2
		}
	}
	if n == 0 {
		return 0
	}
	size := math.Max(0, math.Min(1, (s.BodyHeight-minSharpPx)/(fullSharpPx-minSharpPx)))
	return math.Round(100*vis/float64(n)*(0.5+0.5*size)) / 100
}

// durationConfidence lowers the confidence of contacts whose duration is far from
// the clip's median (under 0.7× or over 1.5×): on the validation clips
// those are the split, truncated and merged stances. A steady runner's
// contacts vary by a few per cent; a walker's stop-step is longer and is
// marked uncertain though right.
func durationConfidence(cs []Contact) {
	if len(cs) < 3 {
		return
	}
	var d []float64
	for _, c := range cs {
		d = append(d, float64(c.ToeOff-c.Contact))
	}
	m := median(d)
	for i := range cs {
		r := float64(cs[i].ToeOff-cs[i].Contact) / m
		f := 1.0
		switch {
		case r < 0.7:
			f = r / 0.7
		case r > 1.5:
			f = 1.5 / r
		}
		cs[i].Confidence = math.Round(100*cs[i].Confidence*f) / 100
	}
}

// BodyHeightPixels is a robust per-clip estimate of the runner's standing
// height in pixels: the median over frames of shank + thigh + trunk +
// shoulder-to-nose lengths (mean of both sides), divided by the fraction
// of standing height those segments make up in Winter's anthropometric
// table (ankle→knee 0.246, knee→hip 0.245, hip→shoulder 0.288,
// shoulder→nose ≈ 0.118: together 0.897; the remaining ankle-to-sole
// 0.039 and nose-to-head-top ≈ 0.064 are the correction). Segment lengths
// barely change with posture, unlike the runner's bounding box.
func BodyHeightPixels(frames []*pose.Person) float64 {
	var hs []float64
	for _, p := range frames {
		if p != nil {
			hs = append(hs, heightOf(p))
		}
	}
	return median(hs)
}

// heightOf is one frame's estimate of BodyHeightPixels.
func heightOf(p *pose.Person) float64 {
	d := func(k []pose.Keypoint, a, b int) float64 {
		return math.Hypot(float64(k[a].X-k[b].X), float64(k[a].Y-k[b].Y))
	}
	k := p.Keypoints
	shank := (d(k, pose.LeftAnkle, pose.LeftKnee) + d(k, pose.RightAnkle, pose.RightKnee)) / 2
	thigh := (d(k, pose.LeftKnee, pose.LeftHip) + d(k, pose.RightKnee, pose.RightHip)) / 2
	trunk := (d(k, pose.LeftHip, pose.LeftShoulder) + d(k, pose.RightHip, pose.RightShoulder)) / 2
	midSh := pose.Keypoint{X: (k[pose.LeftShoulder].X + k[pose.RightShoulder].X) / 2, Y: (k[pose.LeftShoulder].Y + k[pose.RightShoulder].Y) / 2}
	neck := math.Hypot(float64(midSh.X-k[pose.Nose].X), float64(midSh.Y-k[pose.Nose].Y))
	return (shank + thigh + trunk + neck) / 0.897
}

// localHeights is, per frame, the median of heightOf over ±heightWindow
// seconds (whole where fewer than 5 frames there see the athlete).
func localHeights(frames []*pose.Person, fps, whole float64) []float64 {
	hs := make([]float64, len(frames))
	for i, p := range frames {
		hs[i] = math.NaN()
		if p != nil {
			hs[i] = heightOf(p)
		}
	}
	w := max(1, int(math.Round(heightWindow*fps)))
	out := make([]float64, len(frames))
	for i := range out {
		// Centred on i, narrower near the clip's ends (a one-sided window
		// would read a zooming camera's scale from later frames), but five
		// frames at least.
		h := max(2, min(w, i, len(hs)-1-i))
		lo, hi := max(0, i-h), min(len(hs), i+h+1)
		for hi-lo < 5 && (lo > 0 || hi < len(hs)) {
			lo, hi = max(0, lo-1), min(len(hs), hi+1)
		}
		var near []float64
		for _, v := range hs[lo:hi] {
			if !math.IsNaN(v) {
				near = append(near, v)
			}
		}
		out[i] = whole
		if len(near) >= 5 {
			out[i] = median(near)
		}
	}
	return out
}

// heightWindow (s): a moving camera's scale is the athlete's body height
// over this much either side of a frame.
const heightWindow = 0.5

// speedWindow (s): the runner's speed at a frame is the median of the
// hips' speeds over the ground within this much time of it: three strides
// or more, so that a walker who stops for a second keeps her walking pace
// (walk_side_sports2d_demo4 stands 151–181 and steps back from 191: over
// ±0.5 s her pace there was her standing, and the landing foot, still
// sliding, read as moving until 198), while a sprinter's acceleration
// over several seconds shows.
const speedWindow = 1.5

// localSpeeds is, per frame, the median of the hips' speeds over the
// ground (hip[i].vx, camera motion taken out) within speedWindow; 0 where
// none is known.
func localSpeeds(hip []sample, fps float64) []float64 {
	v := make([]float64, len(hip))
	for i, p := range hip {
		v[i] = math.Abs(p.vx)
	}
	h := max(1, int(math.Round(speedWindow*fps)))
	return stats.MovingMedian(v, h, func(j int) bool { return hip[j].vok })
}

// SpeedAt is the runner's speed over the ground in px/s around frame i.
// Overground it is local (localSpeeds): a runner accelerates, and a camera
// that follows zooms in; on the panning sprint the sprinter crosses
// 240–270 px/s of his picture at his first steps and ~1400 px/s at top
// speed (the clip's median: 884), so half the median let a swinging foot
// pass for planted early on (stances joined across their flight: 107–118,
// 117–128, 129–141 for three pairs of steps) and made a planted foot
// moving late. On a treadmill (the hips stay put) it is the belt's speed,
// Speed.
func (s *Scene) SpeedAt(i int) float64 {
	if i >= 0 && i < len(s.speeds) && s.speeds[i] > 0 {
		return s.speeds[i]
	}
	return s.Speed
}

// BodyHeightAt is the athlete's body height in pixels around frame i.
// With a moving camera it is local (localHeights): the camera follows the
// athlete and zooms, and the panning sprint's sprinter is 107 px tall at
// frame 100 and 237 px at 325, so one scale for the clip made his late
// steps a fifth too long and too fast (19 m/s) and his early ones far too
// short. With a fixed camera it is BodyHeight.
func (s *Scene) BodyHeightAt(i int) float64 {
	if i >= 0 && i < len(s.heights) {
		return s.heights[i]
	}
	return s.BodyHeight
}

// Moving reports whether the scene was measured against a moving camera.
func (s *Scene) Moving() bool { return s.camera != nil }

// PixelsPerMetreAt is the scale at frame i of an athlete heightM tall
// (BodyHeightAt over heightM); calibrated > 0, a calibration line's, is
// used as it is.
func (s *Scene) PixelsPerMetreAt(i int, heightM, calibrated float64) float64 {
	if calibrated > 0 {
		return calibrated
	}
	if heightM <= 0 {
		return 0
	}
	return s.BodyHeightAt(i) / heightM
}

// SpeedMS is the runner's median speed over the ground in m/s for an
// athlete heightM tall: Speed at the clip's scale, or, when the camera
// moves and no calibration is given, each frame's at its own scale.
func (s *Scene) SpeedMS(heightM, calibrated float64) float64 {
	if s.speedHeights > 0 && calibrated <= 0 {
		return s.speedHeights * heightM
	}
	if ppm := s.PixelsPerMetreAt(-1, heightM, calibrated); ppm > 0 {
		return s.Speed / ppm
	}
	return 0
}

// groundLine fits y = a + b·x through the lowest foot points by least
// squares, then refits on the points within spread of the highest y for
// their x (the ground, not the swing-phase minima).
func groundLine(xs, ys []float64, spread float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	fit := func(xs, ys []float64) (float64, float64) {
		n := float64(len(xs))
		var sx, sy, sxx, sxy float64
		for i := range xs {
			sx, sy, sxx, sxy = sx+xs[i], sy+ys[i], sxx+xs[i]*xs[i], sxy+xs[i]*ys[i]
		}
		den := n*sxx - sx*sx
		if n < 3 || math.Abs(den) < 1e-9 || den/(n*n) < 100 { // x barely varies (treadmill): flat ground
			return median(ys), 0
		}
		b := (n*sxy - sx*sy) / den
		return (sy - b*sx) / n, b
	}
	a, b := fit(xs, ys)
	// Upper envelope: keep points near or below (greater y) the line's top.
	for iter := 0; iter < 3; iter++ {
		var kx, ky []float64
		for i := range xs {
			if ys[i] >= a+b*xs[i]-spread {
				kx, ky = append(kx, xs[i]), append(ky, ys[i])
			}
		}
		if len(kx) < 2 {
			break
		}
		a, b = fit(kx, ky)
		// Shift to the envelope so the ground sits at the feet's lowest points.
		var res []float64
		for i := range kx {
			res = append(res, ky[i]-(a+b*kx[i]))
		}
		a += median(res)
	}
	return a, b
}

func median(v []float64) float64 { return stats.Median(v) }

// SingleSupport is for running and sprinting, where the feet are never on
// the ground together: contacts of the two feet that overlap by more than
// half the shorter one are one stance the model drew on both legs (the
// far leg's keypoints snap onto the planted near foot as the legs cross).
// The one whose foot sits lower over the overlap, by lowerBy of body
// height, is the stance; otherwise the more confident is kept (the longer
// on a tie). With a nil scene, by confidence alone. Walking has double
// support and must not go through this.
func (s *Scene) SingleSupport(cs []Contact) []Contact {
	out := make([]Contact, 0, len(cs))
	for _, c := range cs {
		n := len(out)
		if n == 0 || out[n-1].Foot == c.Foot {
			out = append(out, c)
			continue
		}
		p := out[n-1]
		overlap := min(p.ToeOff, c.ToeOff) - max(p.Contact, c.Contact)
		shorter := min(p.ToeOff-p.Contact, c.ToeOff-c.Contact)
		if 2*overlap <= shorter {
			out = append(out, c)
			continue
		}
		if s.stands(c, p) {
			out[n-1] = c
		}
	}
	return out
}

// lowerBy (body heights): of two feet's overlapping stances in a run, a
// foot this much lower over the overlap is the one on the ground. The
// panning sprint's right stance 172–175 was drawn on the left leg, its
// toe 4–7 px above the ground, while the right-labelled points skimmed
// 20–22 px up a step behind, the more visible: kept by confidence, the
// stance came out as 171–172 (ACCURACY.md, twenty-fourth session).
const lowerBy = 0.05

// stands reports whether c, rather than p, is the stance the two
// overlapping contacts are (SingleSupport).
func (s *Scene) stands(c, p Contact) bool {
	if s != nil {
		from, to := max(p.Contact, c.Contact), min(p.ToeOff, c.ToeOff)
		hc, hp := s.heightOver(c.Foot, from, to), s.heightOver(p.Foot, from, to)
		switch {
		case hc < hp-lowerBy*s.BodyHeight:
			return true
		case hp < hc-lowerBy*s.BodyHeight:
			return false
		}
	}
	return c.Confidence > p.Confidence || c.Confidence == p.Confidence && c.ToeOff-c.Contact > p.ToeOff-p.Contact
}

// lowerAt is how far the lower of a foot's heel and toe is above the
// ground in frame i; +Inf where neither is seen.
func (s *Scene) lowerAt(heel, toe []sample, i int) float64 {
	m := math.Inf(1)
	for _, p := range []sample{heel[i], toe[i]} {
		if p.ok {
			m = min(m, s.GroundYAt(i, p.x)-p.y)
		}
	}
	return m
}

// heightOver is the median over frames [from, to) of how far foot f's
// lower point (heel or toe) is above the ground; +Inf where never seen.
func (s *Scene) heightOver(f Foot, from, to int) float64 {
	heel, toe := footPoints(f)
	var v []float64
	for i := from; i < to; i++ {
		if m := s.lowerAt(s.points[heel], s.points[toe], i); !math.IsInf(m, 1) {
			v = append(v, m)
		}
	}
	if len(v) == 0 {
		return math.Inf(1)
	}
	return median(v)
}

// Alternate labels the feet of a run's contacts (single support: the
// feet take turns) from the rhythm of the steps: a contact about a step
// after the one before is the other foot's, about two steps after (one
// missed between) the same foot's. The pose model's left/right labels
// are kept where they agree with that; where they do not, the labelling
// the rhythm allows that agrees with the more confident of the model's
// labels wins. The step is the median gap between consecutive contacts
// (over the clip: where misses cluster, a local median counts doubled
// gaps as steps). A gap that is no clear count of steps (within altDoubt
// of a half) or longer than altReach steps starts a new run of contacts,
// labelled on its own.
func Alternate(cs []Contact) []Contact {
	if len(cs) < 3 {
		return cs
	}
	gaps := make([]float64, len(cs)-1)
	for i := range gaps {
		gaps[i] = float64(cs[i+1].Contact - cs[i].Contact)
	}
	step := median(gaps)
	if !(step > 0) {
		return cs
	}
	out := slices.Clone(cs)
	start := 0
	for i := 1; i <= len(out); i++ {
		if i < len(out) {
			n := gaps[i-1] / step
			if n <= altReach && math.Abs(n-math.Floor(n)-0.5) > altDoubt {
				continue
			}
		}
		labelByRhythm(out[start:i], step)
		start = i
	}
	return out
}

const (
	// altReach: consecutive contacts further apart than this many steps
	// are not labelled from one another.
	altReach = 2.5
	// altDoubt: a gap within this many steps of a half (1.5, 2.5) does
	// not tell whether a contact was missed between.
	altDoubt = 0.1
)

// labelByRhythm labels a run of contacts that follow one another by
// clear counts of steps (see Alternate).
func labelByRhythm(cs []Contact, step float64) {
	same := make([]bool, len(cs)) // foot i is foot 0's
	same[0] = true
	for i := 1; i < len(cs); i++ {
		k := max(1, int(math.Round(float64(cs[i].Contact-cs[i-1].Contact)/step)))
		same[i] = same[i-1] == (k%2 == 0)
	}
	vote := 0.0 // > 0: foot 0 is as labelled
	for i, c := range cs {
		w := math.Max(c.Confidence, 0.01)
		if (c.Foot == cs[0].Foot) == same[i] {
			vote += w
		} else {
			vote -= w
		}
	}
	if vote == 0 {
		return
	}
	first := cs[0].Foot
	if vote < 0 {
		first = otherFoot(first)
	}
	for i := range cs {
		cs[i].Foot = first
		if !same[i] {
			cs[i].Foot = otherFoot(first)
		}
	}
}
