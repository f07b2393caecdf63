package running

import (
	"math"
	"sort"

	"motionlab/shared/angles"
	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
	"motionlab/shared/track"
)

// Stat is a mean with its standard deviation and count.
type Stat = gait.Stat

// SideView is the side-view part of calculated_data.
type SideView struct {
	Metrics       SideMetrics   `json:"metrics"`
	Overstride    Overstride    `json:"overstride"`
	FootLanding   FootLanding   `json:"foot_landing"`
	JointAngles   JointAngles   `json:"joint_angles"`
	RunningStyles RunningStyles `json:"running_styles"`
}

// SideMetrics are the spatiotemporal metrics: gait's plus vertical
// oscillation and the trunk's lean.
type SideMetrics struct {
	gait.Metrics
	// VerticalOscillation: the mid-hip's vertical range over each stride, cm.
	VerticalOscillation Stat `json:"vertical_oscillation_cm"`
	// TrunkLean: forward lean of the trunk from vertical, degrees, over the clip.
	TrunkLean Stat `json:"trunk_lean_deg"`
	// ContactAsymmetry: |left − right| / mean of the contact times,
	// percent, over the counted steps (gait.Metrics.Counted); null with
	// fewer than MinAsymSteps on a side (the overground runner's three
	// contacts, one left, read 28.7 %: one stance against two is noise).
	ContactAsymmetry *float64 `json:"contact_time_asymmetry_pct"`
}

// MinAsymSteps is how many counted steps each side needs before a
// left/right difference of them is told: one step per side is too little
// to call a side different (the contact-time asymmetry here, the
// coaching's per-step asymmetries).
const MinAsymSteps = 2

// Overstride measures how far ahead of the body the foot lands.
type Overstride struct {
	// AngleDeg: at initial contact, the angle between the vertical through
	// the stance-side hip and the hip→ankle line; positive with the ankle
	// ahead of the hip.
	AngleDeg Stat `json:"angle_deg"`
	// ShankAngleDeg: the shank's (knee→ankle) angle from vertical at
	// initial contact, positive with the ankle ahead of the knee.
	ShankAngleDeg Stat `json:"shank_angle_deg"`
	// FootAheadM: horizontal distance from hip to heel at contact, metres.
	FootAheadM Stat `json:"foot_ahead_of_hip_m"`
	// Score in [0,1]: 1 at or below 8°, 0 at or above 20°, linear between.
	Score float64          `json:"score"`
	Steps []OverstrideStep `json:"steps"`
}

// OverstrideStep is one contact's overstride.
type OverstrideStep struct {
	Foot          gait.Foot `json:"foot"`
	ContactFrame  int       `json:"contact_frame"`
	AngleDeg      float64   `json:"angle_deg"`
	ShankAngleDeg float64   `json:"shank_angle_deg"`
	FootAheadM    float64   `json:"foot_ahead_of_hip_m"`
	Score         float64   `json:"score"`
}

// Foot strike classes (Altman & Davis 2012 foot-strike-angle bands).
const (
	Rearfoot = "rearfoot"
	Midfoot  = "midfoot"
	Forefoot = "forefoot"
)

// FootLanding classifies each contact by its foot strike angle.
type FootLanding struct {
	Steps    []FootLandingStep `json:"steps"`
	Counts   map[string]int    `json:"counts"`
	Dominant string            `json:"dominant"`
	Label    string            `json:"label"` // Dominant in the request's language
}

// FootLandingStep: StrikeAngleDeg is the heel→toe line's angle to the
// ground at contact minus the same angle at midstance (foot flat), so the
// keypoints' placement on the shoe cancels; positive is toes up.
// Rearfoot above 8°, forefoot below −1.6°, midfoot between.
type FootLandingStep struct {
	Foot           gait.Foot `json:"foot"`
	ContactFrame   int       `json:"contact_frame"`
	StrikeAngleDeg float64   `json:"strike_angle_deg"`
	Type           string    `json:"type"`
}

// JointAngles holds sagittal joint angles per side.
type JointAngles struct {
	Left  map[Joint]JointEvents `json:"left"`
	Right map[Joint]JointEvents `json:"right"`
}

// JointEvents is one joint's angle at the stance events of the same-side
// foot (means over its steps) and its range over the whole clip, degrees;
// Min, Max and Range are all 0 where the joint was seen in under half of
// the athlete's frames (minRangeShare): not measured.
type JointEvents struct {
	AtContact Stat    `json:"at_contact"`
	Midstance Stat    `json:"midstance"`
	ToeOff    Stat    `json:"toe_off"`
	Min       float64 `json:"min"`
	Max       float64 `json:"max"`
	Range     float64 `json:"range"`
}

// Options are what the side analysis needs to know about the runner.
type Options struct {
	FPS       float64
	HeightM   float64
	Treadmill bool
	// PaceSecPerKm: the treadmill's pace (required there), 0 overground.
	PaceSecPerKm float64
	Language     string
	// FullBody: back view only; false keeps just the pronation proxy.
	FullBody      bool
	MinVisibility float32
	// Camera is the camera's motion into each frame (nil: fixed camera).
	Camera []track.Motion
	// Contacts, when not nil, replace the detected ground contacts (side
	// view only; see gait.Options.Contacts).
	Contacts []gait.Contact
	// PixelsPerMetre, when > 0, is a calibration line's scale, used
	// instead of the runner's height.
	PixelsPerMetre float64
	// Scene is the analysis's gait scene of this track (nil: measured
	// here with MinVisibility and Camera).
	Scene *gait.Scene
}

func (o Options) minVis() float32 {
	if o.MinVisibility == 0 {
		return gait.MinVisibility
	}
	return o.MinVisibility
}

// Side analyses a cleaned side-view track.
func Side(frames []*pose.Person, o Options) (*SideView, error) {
	mv := o.minVis()
	scene := o.Scene
	if scene == nil {
		scene = gait.NewMovingScene(frames, o.FPS, mv, o.Camera)
	}
	if scene == nil {
		return nil, ErrNoRunner
	}
	beltSpeed := 0.0
	if o.Treadmill && o.PaceSecPerKm > 0 {
		beltSpeed = 1000 / o.PaceSecPerKm
	}
	m := gait.Analyze(frames, gait.Options{FPS: o.FPS, HeightM: o.HeightM, Treadmill: o.Treadmill, BeltSpeed: beltSpeed, MinVisibility: mv, Camera: o.Camera, Contacts: o.Contacts, PixelsPerMetre: o.PixelsPerMetre, Scene: scene})
	if len(m.Steps) == 0 {
		return nil, ErrNoSteps
	}
	ppm := m.PixelsPerMetre
	// A camera that follows the runner zooms and tilts: lengths take the
	// scale of their frame (gait.Scene.PixelsPerMetreAt).
	ppmAt := func(i int) float64 { return scene.PixelsPerMetreAt(i, o.HeightM, o.PixelsPerMetre) }
	v := &SideView{Metrics: SideMetrics{Metrics: m}}
	v.Metrics.VerticalOscillation = verticalOscillation(frames, m.Steps, scene, ppmAt)
	var lean []float64
	for i, p := range frames {
		if p != nil {
			if a := TrunkLean(p, scene.DirAt(i), mv); !math.IsNaN(a) {
				lean = append(lean, a)
			}
		}
	}
	v.Metrics.TrunkLean = statOf(lean)
	// Summaries of the steps are taken over those the means count.
	use := m.Counted()
	var ctL, ctR []float64
	for i, s := range m.Steps {
		if !use[i] {
			continue
		}
		if s.Foot == gait.LeftFoot {
			ctL = append(ctL, s.ContactTime)
		} else {
			ctR = append(ctR, s.ContactTime)
		}
	}
	if a, b := statOf(ctL), statOf(ctR); min(a.N, b.N) >= MinAsymSteps {
		pct := stats.Round(100*math.Abs(a.Mean-b.Mean)/((a.Mean+b.Mean)/2), 1)
		v.Metrics.ContactAsymmetry = &pct
	}

	// Overstride and foot landing, per contact (every one listed, the
	// counted ones summarised).
	var ang, shank, ahead, scores []float64
	v.FootLanding = FootLanding{Steps: []FootLandingStep{}, Counts: map[string]int{Rearfoot: 0, Midfoot: 0, Forefoot: 0}}
	v.Overstride.Steps = []OverstrideStep{}
	for i, s := range m.Steps {
		l := limbs[side(s.Foot)]
		p := frames[s.Contact.Contact]
		if p == nil {
			continue
		}
		k := p.Keypoints
		dir := scene.DirAt(s.Contact.Contact)
		if angles.Visible(p, mv, l.hip, l.knee, l.ankle) {
			// Where the foot lands: the ankle over the first frames of
			// stance, when it has settled (the low-pass filter rounds its
			// path at the very moment of landing).
			land := angles.Of(k[l.ankle])
			land.X = landingX(frames, s, l.ankle, mv, land.X)
			a := segmentFromDown(angles.Of(k[l.hip]), land, dir)
			sh := segmentFromDown(angles.Of(k[l.knee]), angles.Of(k[l.ankle]), dir)
			st := OverstrideStep{Foot: s.Foot, ContactFrame: s.Contact.Contact, AngleDeg: stats.Round(a, 1), ShankAngleDeg: stats.Round(sh, 1), Score: stats.Round(overstrideScore(a), 2)}
			if ppm > 0 && angles.Visible(p, mv, l.heel) {
				st.FootAheadM = stats.Round(dir*float64(k[l.heel].X-k[l.hip].X)/ppmAt(s.Contact.Contact), 2)
				if use[i] {
					ahead = append(ahead, st.FootAheadM)
				}
			}
			if use[i] {
				ang, shank, scores = append(ang, a), append(shank, sh), append(scores, st.Score)
			}
			v.Overstride.Steps = append(v.Overstride.Steps, st)
		}
		if fs, ok := strikeAngle(frames, s, l, dir, scene, mv); ok {
			t := strikeType(fs)
			v.FootLanding.Steps = append(v.FootLanding.Steps, FootLandingStep{Foot: s.Foot, ContactFrame: s.Contact.Contact, StrikeAngleDeg: stats.Round(fs, 1), Type: t})
			if use[i] {
				v.FootLanding.Counts[t]++
			}
		}
	}
	v.Overstride.AngleDeg, v.Overstride.ShankAngleDeg, v.Overstride.FootAheadM = statOf(ang), statOf(shank), statOf(ahead)
	v.Overstride.Score = stats.Round(stats.Mean(scores), 2)
	best := 0
	for _, t := range []string{Rearfoot, Midfoot, Forefoot} {
		if n := v.FootLanding.Counts[t]; n > best {
			best, v.FootLanding.Dominant = n, t
		}
	}
	var counted []gait.Step
	for i, s := range m.Steps {
		if use[i] {
			counted = append(counted, s)
		}
	}
	v.JointAngles = jointAngles(frames, counted, scene.DirAt, mv)
	v.RunningStyles = classifyStyle(v.Metrics.Cadence, v.Metrics.DutyFactor.Mean, v.Metrics.Speed, o.HeightM)
	return v, nil
}

func side(f gait.Foot) pose.Side {
	if f == gait.LeftFoot {
		return pose.Left
	}
	return pose.Right
}

// landingX is the median ankle x over the first 15 % of the stance (at
// least two frames), or fallback.
func landingX(frames []*pose.Person, s gait.Step, ankle int, mv float32, fallback float64) float64 {
	n := max(2, int(math.Round(0.15*float64(s.ToeOff-s.Contact.Contact))))
	var xs []float64
	for i := s.Contact.Contact; i < s.Contact.Contact+n && i < s.ToeOff; i++ {
		if p := frames[i]; p != nil && p.Keypoints[ankle].Visibility >= mv {
			xs = append(xs, float64(p.Keypoints[ankle].X))
		}
	}
	if len(xs) == 0 {
		return fallback
	}
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

func overstrideScore(angle float64) float64 { return ramp(angle, 20, 8) }

// strikeAngle is the foot's heel→toe angle to the ground line at contact
// minus its angle at midstance (the median over the stance's middle
// half), toes up positive. Angles are taken the way the foot points at
// midstance, not the way the athlete travels (dir, its fallback): walking
// backwards (the Demo4 walker, 182–345) the toes point against the travel
// and land first, and against the travel both angles lay near ±180°, so
// that their difference read −327° or 354°.
func strikeAngle(frames []*pose.Person, s gait.Step, l limb, dir float64, sc *gait.Scene, mv float32) (float64, bool) {
	seen := func(i int) (h, t angles.Vec, ok bool) {
		p := frames[i]
		if !angles.Visible(p, mv, l.heel, l.toe) {
			return h, t, false
		}
		return angles.Of(p.Keypoints[l.heel]), angles.Of(p.Keypoints[l.toe]), true
	}
	hc, tc, okC := seen(s.Contact.Contact)
	hm, tm, okM := seen((s.Contact.Contact + s.ToeOff - 1) / 2)
	if !okC || !okM {
		return 0, false
	}
	face := dir
	if dx := tm.X - hm.X; dx != 0 {
		face = math.Copysign(1, dx)
	}
	// Angle of heel→toe above the ground line, toes up positive.
	ground := face * math.Atan(sc.GroundB) * 180 / math.Pi
	// Midstance is the median over the stance's middle half: one frame's
	// angle moves with where the toe-off falls (a walker's roll over the
	// forefoot) and with a frame's keypoint noise.
	n := s.ToeOff - s.Contact.Contact
	var mids []float64
	for i := s.Contact.Contact + n/4; i <= s.Contact.Contact+(3*n-1)/4; i++ {
		if h, t, ok := seen(i); ok {
			mids = append(mids, math.Remainder(angles.FromHorizontal(h, t, face)+ground, 360))
		}
	}
	c, mid := angles.FromHorizontal(hc, tc, face)+ground, stats.Median(mids)
	return math.Remainder(c-mid, 360), true
}

func strikeType(a float64) string {
	switch {
	case a > 8:
		return Rearfoot
	case a < -1.6:
		return Forefoot
	}
	return Midfoot
}

// verticalOscillation is the mid-hip's vertical range within each stride
// (contact to the same foot's next contact), in cm. With a moving camera
// each frame is at its own scale, and the hips' height is taken against
// the straight line from the stride's first frame to the next contact's
// (the same phase of the next stride): the camera tilts as it follows the
// runner, and on the panning sprint the hips drift up to 64 px in the
// picture over one stride, which read as 20–60 cm of bounce.
func verticalOscillation(frames []*pose.Person, steps []gait.Step, scene *gait.Scene, ppmAt func(int) float64) Stat {
	if ppmAt(0) <= 0 {
		return Stat{}
	}
	var vo []float64
	for i, s := range steps {
		for _, n := range steps[i+1:] {
			if n.Foot != s.Foot {
				continue
			}
			if v, ok := strideBounce(frames, s.Contact.Contact, n.Contact.Contact, scene.Moving(), ppmAt); ok {
				vo = append(vo, 100*v)
			}
			break
		}
	}
	return statOf(vo)
}

// strideBounce is the mid-hip's vertical range in metres over frames
// [from, to), detrended from its height at from to its height at to when
// detrend (a moving camera); false when a frame lacks the runner.
func strideBounce(frames []*pose.Person, from, to int, detrend bool, ppmAt func(int) float64) (float64, bool) {
	last := to - 1
	if detrend {
		last = to
	}
	if last >= len(frames) {
		return 0, false
	}
	ys := make([]float64, 0, last-from+1)
	for f := from; f <= last; f++ {
		p := frames[f]
		if p == nil {
			return 0, false
		}
		ys = append(ys, float64(p.Keypoints[pose.LeftHip].Y+p.Keypoints[pose.RightHip].Y)/2/ppmAt(f))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for j, y := range ys {
		if detrend && len(ys) > 1 {
			y -= ys[0] + (ys[len(ys)-1]-ys[0])*float64(j)/float64(len(ys)-1)
		}
		lo, hi = min(lo, y), max(hi, y)
	}
	return hi - lo, true
}

// minRangeShare is the share of the athlete's frames a joint must be seen
// in for its range over the clip (min, max, range) to be reported; 0
// otherwise (not measured). In a side view the far arm is behind the
// trunk and is seen only where it swings clear of it: the Sports2D
// overground runner's left elbow in 2 of 33 frames, the Demo4 walker's
// right in 5 of 315, and a "range" from those few frames read a fraction
// of the near arm's, which the coaching then flagged as an asymmetry.
const minRangeShare = 0.5

// jointAngles reports each joint's angle at the same-side foot's contact,
// midstance and last stance frame, and its range over the clip (see
// minRangeShare).
func jointAngles(frames []*pose.Person, steps []gait.Step, dir func(int) float64, mv float32) JointAngles {
	out := JointAngles{Left: map[Joint]JointEvents{}, Right: map[Joint]JointEvents{}}
	for _, sd := range []pose.Side{pose.Left, pose.Right} {
		dst := out.Left
		if sd == pose.Right {
			dst = out.Right
		}
		for _, j := range Joints {
			at := func(i int) float64 {
				if i < 0 || i >= len(frames) || frames[i] == nil {
					return math.NaN()
				}
				return JointAngle(frames[i], sd, j, dir(i), mv)
			}
			var ev JointEvents
			var c, mdl, to []float64
			for _, s := range steps {
				if side(s.Foot) != sd {
					continue
				}
				c = appendOK(c, at(s.Contact.Contact))
				mdl = appendOK(mdl, at((s.Contact.Contact+s.ToeOff-1)/2))
				to = appendOK(to, at(s.ToeOff-1))
			}
			ev.AtContact, ev.Midstance, ev.ToeOff = statOf(c), statOf(mdl), statOf(to)
			lo, hi := math.Inf(1), math.Inf(-1)
			present, seen := 0, 0
			for i := range frames {
				if frames[i] != nil {
					present++
				}
				if a := at(i); !math.IsNaN(a) {
					lo, hi, seen = min(lo, a), max(hi, a), seen+1
				}
			}
			if seen > 0 && float64(seen) >= minRangeShare*float64(present) {
				ev.Min, ev.Max, ev.Range = stats.Round(lo, 1), stats.Round(hi, 1), stats.Round(hi-lo, 1)
			}
			dst[j] = ev
		}
	}
	return out
}

func appendOK(v []float64, x float64) []float64 {
	if math.IsNaN(x) {
		return v
	}
	return append(v, x)
}

// statOf is gait's Stat rounded for reporting.
func statOf(v []float64) Stat {
	s := gait.StatOf(v)
	s.Mean, s.SD = stats.Round(s.Mean, 3), stats.Round(s.SD, 3)
	return s
}

// ramp maps x linearly from 0 at bad to 1 at good, clamped (either order).
func ramp(x, bad, good float64) float64 {
	t := (x - bad) / (good - bad)
	return math.Max(0, math.Min(1, t))
}
