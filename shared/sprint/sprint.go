// Package sprint analyses a side-view sprint: every ground contact with
// its times, step length and frequency and where the foot lands relative
// to the centre of mass; per frame the joint and segment angles and the
// centre of mass's position, speed and acceleration; and how the sprint
// started. Ground contacts come from package gait, so sprint and running
// time their steps the same way.
package sprint

import (
	"errors"
	"math"
	"slices"

	"motionlab/shared/angles"
	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
	"motionlab/shared/track"
)

// ErrNoAthlete: the track holds nobody to analyse.
var ErrNoAthlete = errors.New("no athlete found in the video")

// Options are what the analysis needs to know.
type Options struct {
	FPS           float64
	HeightM       float64 // scale; pose.DefaultHeightM when 0
	MinVisibility float32 // gait.MinVisibility when 0
	// Camera is the camera's motion into each frame (nil: fixed camera):
	// speeds are then over the ground, not across the picture.
	Camera []track.Motion
	// Contacts, when not nil, are the ground contacts to measure (a
	// coach's corrected events, in frame order) instead of the detector's.
	Contacts []gait.Contact
	// PixelsPerMetre, when > 0, is a calibration line's scale, used
	// instead of the athlete's height.
	PixelsPerMetre float64
	// Width is the frames' width in pixels (0: unknown), for telling an
	// athlete who runs into the picture from one first found mid-picture.
	Width int
	// Scene is the analysis's gait scene of this track (nil: measured
	// here with MinVisibility and Camera).
	Scene *gait.Scene
}

// Step is one ground contact.
type Step struct {
	Foot          gait.Foot `json:"foot"`
	ContactFrame  int       `json:"contact_frame"`
	ToeOffFrame   int       `json:"toe_off_frame"`
	ContactAtS    float64   `json:"contact_at_s"`
	ContactTimeS  float64   `json:"contact_time_s"`
	FlightTimeS   float64   `json:"flight_time_s"`     // to the other foot's next contact; 0 for the last
	StepLengthM   float64   `json:"step_length_m"`     // the feet's landing points, this one to the next
	StepFrequency float64   `json:"step_frequency_hz"` // 1 / step time
	// FootToCoMM: at touchdown, how far ahead of the centre of mass the
	// foot lands (foot's mid point, horizontal, metres; positive ahead).
	FootToCoMM float64 `json:"foot_to_com_m"`
	// CoMSpeedMS: the centre of mass's horizontal speed at touchdown.
	CoMSpeedMS float64 `json:"com_speed_m_s"`
	// Confidence in [0,1] of the contact's detection and timing
	// (gait.Contact); under gait.LowConfidence it is shown as uncertain.
	Confidence float64 `json:"confidence"`
	// Doubt says why the gait rules the contact's timing out (gait.Contact's).
	Doubt string `json:"doubt,omitempty" enum:"no_double_support,overlap,lands_again,points_jumped"`
	// Flags name the physiological limits the step breaks (gait.StepFlags,
	// and a sprint's step_too_long and speed_too_high): such a step cannot
	// be measured right, is shown as uncertain and is left out of the
	// means.
	Flags []string `json:"flags,omitempty"`
}

// Physiological limits of a sprint step (gait's, with their sources):
// contacts of sprinters run from ~0.08 s at maximal velocity to ~0.20 s in
// the first step out of the blocks (Nagahara et al. 2014: 0.17–0.22 s);
// more than MaxContactS is a standing athlete or a merged stance. Flags
// (Step.Flags, Result.Flags): see gait.StepFlags for how a step is held to
// them.
const (
	MinContactS  = gait.MinContactS
	MaxContactS  = 0.35
	MaxStepFreq  = gait.MaxStepFreq
	MaxSpeedMS   = gait.MaxSpeedMS
	FlagShort    = gait.FlagShort
	FlagLong     = gait.FlagLong
	FlagFrequent = gait.FlagFrequent
	FlagFast     = gait.FlagFast
	FlagStride   = gait.FlagStride
)

// MinSprintSpeedMS: a top speed under this is no sprint to judge. The
// sprint advice's thresholds (contacts over 0.13 s, under 4 steps a
// second, the foot far ahead of the centre of mass, an upright start) are
// sprinters' at or towards top speed; 5 m/s (18 km/h) is the top of the
// endurance speeds the running bands come from, well under any sprint
// (the panning sprinter reaches 10.7). The measures are still reported;
// shared/analysis gives no sprint advice and says why (a walk analysed as
// a sprint, top speed 1.7 m/s, was told its contacts were long for
// sprinting and that it stood up too early).
const MinSprintSpeedMS = 5.0

// Frame is one frame's kinematics; angles in degrees, NaN-free (a missing
// value is left out of the map).
type Frame struct {
	Index int     `json:"frame"`
	T     float64 `json:"t_s"`
	// CoM position in metres from its first position (x along the run,
	// y up; with a moving camera x is the speed over the ground integrated
	// and y the height above the ground), speed and acceleration along the
	// run.
	CoMX   float64 `json:"com_x_m"`
	CoMY   float64 `json:"com_y_m"`
	SpeedX float64 `json:"com_speed_m_s"`
	AccelX float64 `json:"com_accel_m_s2"`
	// Angles: interior joint angles (left_hip … right_wrist, 180 = straight)
	// and segment inclinations from vertical (trunk, left_thigh, left_shin,
	// …; positive leaning in the direction of travel).
	Angles map[string]float64 `json:"angles"`
}

// Start says how the sprint began.
type Start struct {
	Kind string `json:"kind" enum:"standing,flying,not_seen,unknown" doc:"standing: still, then moving (a block or standing start); flying: already moving when first seen, from the clip's first second or coming into the picture at its side; not_seen: the track does not show the start (the athlete first found already moving in mid-picture and later than that, or not seen leaving the set position: a crowd of starters hides him from the detector or mixes him up with his neighbours), so it is not measured; unknown: the athlete was never seen"`
	// Frame and T: the first movement (standing); where the athlete's run
	// is followed from (not_seen).
	Frame int     `json:"frame,omitempty"`
	T     float64 `json:"t_s,omitempty"`
}

// Start kinds (Start.Kind).
const (
	StartStanding = "standing"
	StartFlying   = "flying"
	StartNotSeen  = "not_seen"
	StartUnknown  = "unknown"
)

// Result is the sprint analysis.
type Result struct {
	Steps []Step `json:"steps"`
	// Contacts are the ground contacts the steps are measured from, with
	// the detector's confidence (a step's own is lowered by its flags):
	// a coach's edit starts from them.
	Contacts      []gait.Contact `json:"contacts"`
	Frames        []Frame        `json:"frames"`
	Start         Start          `json:"start"`
	ContactTime   stats.Stat     `json:"contact_time_s"`
	FlightTime    stats.Stat     `json:"flight_time_s"`
	StepLength    stats.Stat     `json:"step_length_m"`
	StepFrequency stats.Stat     `json:"step_frequency_hz"`
	FootToCoM     stats.Stat     `json:"foot_to_com_m"`
	// MaxSpeedMS is the highest centre-of-mass speed within MaxSpeedMS,
	// over ±speedWindow (steadySpeed); faster is flagged (Flags) instead.
	MaxSpeedMS float64 `json:"max_speed_m_s"`
	PixelsPerM float64 `json:"pixels_per_metre"`
	// Confidence is the steps' mean confidence.
	Confidence float64 `json:"confidence"`
	// Flags name the limits broken anywhere in the clip (speed_too_high:
	// some frames' speed, left out of MaxSpeedMS).
	Flags []string `json:"flags,omitempty"`
}

// Segment masses and centre-of-mass positions (fraction of the segment
// from its proximal keypoint), de Leva (1996), adjusting Zatsiorsky–
// Seluyanov; male values, per segment (each side carries its own).
var segments = []struct {
	mass     float64
	from, to func(s side) int
	frac     float64
}{
	{0.4346, func(s side) int { return s.shoulder }, func(s side) int { return s.hip }, 0.5}, // half the trunk per side
	{0.0271, func(s side) int { return s.shoulder }, func(s side) int { return s.elbow }, 0.5772},
	{0.0162, func(s side) int { return s.elbow }, func(s side) int { return s.wrist }, 0.4574},
	{0.0061, func(s side) int { return s.wrist }, func(s side) int { return s.index }, 0.5},
	{0.1416, func(s side) int { return s.hip }, func(s side) int { return s.knee }, 0.4095},
	{0.0433, func(s side) int { return s.knee }, func(s side) int { return s.ankle }, 0.4459},
	{0.0137, func(s side) int { return s.heel }, func(s side) int { return s.toe }, 0.5},
}

// headMass is the head and neck's share, placed at the nose.
const headMass = 0.0694

type side struct{ shoulder, elbow, wrist, index, hip, knee, ankle, heel, toe int }

var sides = map[string]side{
	"left":  {pose.LeftShoulder, pose.LeftElbow, pose.LeftWrist, pose.LeftIndex, pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.LeftHeel, pose.LeftFootIndex},
	"right": {pose.RightShoulder, pose.RightElbow, pose.RightWrist, pose.RightIndex, pose.RightHip, pose.RightKnee, pose.RightAnkle, pose.RightHeel, pose.RightFootIndex},
}

func midShoulder(k []pose.Keypoint) angles.Vec {
	return angles.Mid(k[pose.LeftShoulder], k[pose.RightShoulder])
}
func midHip(k []pose.Keypoint) angles.Vec { return angles.Mid(k[pose.LeftHip], k[pose.RightHip]) }

// CentreOfMass is the segment-weighted centre of mass in image pixels.
// Segments whose keypoints are not seen (visibility < mv) are left out and
// the rest reweighted; ok is false when the trunk is not seen.
func CentreOfMass(p *pose.Person, mv float32) (c angles.Vec, ok bool) {
	k := p.Keypoints
	var x, y, m float64
	add := func(mass float64, v angles.Vec) { x, y, m = x+mass*v.X, y+mass*v.Y, m+mass }
	for _, s := range sides {
		for i, sg := range segments {
			a, b := sg.from(s), sg.to(s)
			if !angles.Visible(p, mv, a, b) {
				if i == 0 {
					return angles.Vec{}, false
				}
				continue
			}
			mass := sg.mass
			if i == 0 {
				mass /= 2 // the trunk, split between its two sides
			}
			pa, pb := angles.Of(k[a]), angles.Of(k[b])
			add(mass, angles.Vec{X: pa.X + sg.frac*(pb.X-pa.X), Y: pa.Y + sg.frac*(pb.Y-pa.Y)})
		}
	}
	if angles.Visible(p, mv, pose.Nose) {
		add(headMass, angles.Of(k[pose.Nose]))
	}
	return angles.Vec{X: x / m, Y: y / m}, m > 0
}

// Analyze runs the sprint analysis on a cleaned side-view track.
func Analyze(frames []*pose.Person, o Options) (*Result, error) {
	mv := o.MinVisibility
	if mv == 0 {
		mv = gait.MinVisibility
	}
	if o.HeightM <= 0 {
		o.HeightM = pose.DefaultHeightM
	}
	scene := o.Scene
	if scene == nil {
		scene = gait.NewMovingScene(frames, o.FPS, mv, o.Camera)
	}
	if scene == nil {
		return nil, ErrNoAthlete
	}
	ppm := scene.BodyHeight / o.HeightM
	if o.PixelsPerMetre > 0 {
		ppm = o.PixelsPerMetre
	}
	// Speeds and lengths take the scale where they are measured: a camera
	// that follows the sprinter also zooms (gait.Scene.PixelsPerMetreAt).
	ppmAt := func(i int) float64 { return scene.PixelsPerMetreAt(i, o.HeightM, o.PixelsPerMetre) }
	r := &Result{PixelsPerM: round(ppm, 10), Steps: []Step{}, Frames: []Frame{}}
	n := len(frames)
	com := make([]angles.Vec, n)
	seen := make([]bool, n)
	var origin angles.Vec
	first := true
	for i, p := range frames {
		if p == nil {
			continue
		}
		com[i], seen[i] = CentreOfMass(p, mv)
		if !seen[i] {
			continue
		}
		if first {
			origin, first = com[i], false
		}
	}
	// Speed and acceleration along the run by central differences.
	speed := make([]float64, n)
	for i := 1; i+1 < n; i++ {
		if seen[i-1] && seen[i+1] {
			vx := (com[i+1].X-com[i-1].X)/2*o.FPS - scene.GroundVX(i, com[i].X, scene.GroundYAt(i, com[i].X))
			speed[i] = scene.DirAt(i) * vx / ppmAt(i)
		}
	}
	steady := steadySpeed(speed, o.FPS)
	for i, p := range frames {
		if p == nil || !seen[i] {
			continue
		}
		f := Frame{Index: i, T: round(float64(i)/o.FPS, 1e4), Angles: frameAngles(p, scene.DirAt(i), mv)}
		f.CoMX = round(scene.DirAt(i)*(com[i].X-origin.X)/ppm, 1e3)
		f.CoMY = round((origin.Y-com[i].Y)/ppm, 1e3)
		f.SpeedX = round(speed[i], 100)
		if i > 1 && i+2 < n && seen[i-2] && seen[i+2] {
			f.AccelX = round((speed[i+1]-speed[i-1])/2*o.FPS, 100)
		}
		if v := round(steady[i], 100); v > MaxSpeedMS {
			if !slices.Contains(r.Flags, FlagFast) {
				r.Flags = append(r.Flags, FlagFast)
			}
		} else {
			r.MaxSpeedMS = math.Max(r.MaxSpeedMS, v)
		}
		r.Frames = append(r.Frames, f)
	}
	if scene.Moving() {
		// A camera that follows the athlete keeps him mid-picture: his
		// position is his speed over the ground integrated (groundX; in the
		// picture the panning sprinter's centre of mass went backwards
		// while he ran at 4 m/s).
		x := groundX(r.Frames, o.FPS)
		y0 := 0.0
		for k := range r.Frames {
			// His height is taken above the ground under him, at the
			// frame's scale: the camera tilts as it follows.
			i := r.Frames[k].Index
			y := (scene.GroundYAt(i, com[i].X) - com[i].Y) / ppmAt(i)
			if k == 0 {
				y0 = y
			}
			r.Frames[k].CoMX, r.Frames[k].CoMY = round(x[k], 1e3), round(y-y0, 1e3)
		}
	}
	r.Start = detectStart(steady, seen, o.FPS, func(i int) bool { return atSide(frames[i], o.Width, mv) })

	contacts := slices.Clone(o.Contacts) // DeleteFunc below must not touch the caller's
	if contacts == nil {
		contacts = gait.Alternate(scene.SingleSupport(scene.Contacts(frames)))
		gait.Doubt(contacts, false)
	}
	contacts = slices.DeleteFunc(contacts, func(c gait.Contact) bool { return !seen[c.Contact] })
	r.Contacts = contacts
	// Where each foot landed: where it stood over its stance
	// (gait.LandingPlace), else its heel–toe midpoint at the touchdown.
	land := make([]float64, len(contacts))
	for i, c := range contacts {
		var ok bool
		if land[i], ok = scene.LandingPlace(c); !ok {
			s, k := sides[string(c.Foot)], frames[c.Contact].Keypoints
			land[i] = float64(k[s.heel].X+k[s.toe].X) / 2
		}
	}
	var ct, ft, sl, sf, fc, conf []float64
	// A step runs from one contact to the next (gait.StepEnds).
	ends, _ := gait.StepEnds(contacts)
	// Means are taken over the confident steps when there are at least
	// two: a coach reads the summary, and uncertain steps are shown as
	// such one by one.
	sure := 0
	for _, c := range contacts {
		if c.Confidence >= gait.LowConfidence {
			sure++
		}
	}
	counts := func(c gait.Contact) bool { return sure < 2 || c.Confidence >= gait.LowConfidence }
	for i, c := range contacts {
		st := Step{Foot: c.Foot, ContactFrame: c.Contact, ToeOffFrame: c.ToeOff, Confidence: c.Confidence, Doubt: c.Doubt,
			ContactAtS: round(float64(c.Contact)/o.FPS, 1e4), ContactTimeS: round(float64(c.ToeOff-c.Contact)/o.FPS, 1e4)}
		dir := scene.DirAt(c.Contact)
		st.FootToCoMM = round(dir*(land[i]-com[c.Contact].X)/ppmAt(c.Contact), 1e3)
		st.CoMSpeedMS = round(steady[c.Contact], 100)
		if ends[i] >= 0 {
			nx := contacts[ends[i]]
			stepT := float64(nx.Contact-c.Contact) / o.FPS
			st.FlightTimeS = round(math.Max(0, float64(nx.Contact-c.ToeOff)/o.FPS), 1e4)
			st.StepFrequency = round(1/stepT, 100)
			// The ground under the first foot moved meanwhile (a
			// treadmill's belt, a panning camera).
			lx := land[i]
			moved := scene.GroundShift(c.Contact, nx.Contact, lx, scene.GroundYAt(c.Contact, lx))
			st.StepLengthM = round(math.Abs(land[ends[i]]-lx-moved)/((ppmAt(c.Contact)+ppmAt(nx.Contact))/2), 1e3)
		}
		st.Flags = gait.StepFlags(st.ContactTimeS, st.StepFrequency, 1/o.FPS, MaxContactS)
		if st.StepLengthM > gait.MaxStepHeights*o.HeightM {
			st.Flags = append(st.Flags, FlagStride)
		}
		if st.CoMSpeedMS > MaxSpeedMS {
			st.Flags = append(st.Flags, FlagFast)
		}
		conf = append(conf, st.Confidence)
		if len(st.Flags) > 0 {
			st.Confidence = min(st.Confidence, gait.FlaggedConfidence)
		}
		r.Steps = append(r.Steps, st)
		if len(st.Flags) > 0 || !counts(c) {
			continue
		}
		ct, fc = append(ct, st.ContactTimeS), append(fc, st.FootToCoMM)
		if st.StepFrequency > 0 {
			ft, sl, sf = append(ft, st.FlightTimeS), append(sl, st.StepLengthM), append(sf, st.StepFrequency)
		}
	}
	r.ContactTime, r.FlightTime, r.StepLength, r.StepFrequency, r.FootToCoM = stats.Of(ct), stats.Of(ft), stats.Of(sl), stats.Of(sf), stats.Of(fc)
	r.Confidence = round(stats.Of(conf).Mean, 100)
	return r, nil
}

// A start is read on the steady speed (steadySpeed), with thresholds in
// m/s and seconds:
//   - standing (a block or standing start) when the athlete's median speed
//     over stillFor seconds, the quietest such stretch starting within
//     stillWithin of the first frame they are seen, is under flyingSpeed;
//     otherwise moving when first seen: flying, or not_seen (see
//     detectStart's moving);
//   - the first movement is the first frame from which the speed stays
//     above startSpeed, or above twice that quietest median if more (the
//     jitter of a small athlete's keypoints), for moveFor seconds (or to
//     the end of the clip): a start is followed by a run, and rising into
//     the set position is not; a first movement within stillFor of the
//     first frame seen makes the athlete moving when first seen (not seen
//     still: with AVX2 kernels the panning sprinter is first tracked at
//     95, after his hands left the track at 93, and read "standing, 102"),
//     and one the athlete is not seen set until (staysSet) is not_seen.
//
// In the Sports2D panning sprint the sprinter sits in the blocks 60 px
// tall among two others: frame to frame his centre of mass "moves" at up
// to 2.5 m/s there (a start that needed every one of the first frames
// under 0.3 m/s was called flying), and rising into "set" (62–78) moves
// it at up to 4 m/s for 0.6 s before he stops again until the gun.
const (
	startSpeed  = 0.3
	flyingSpeed = 1.5
	stillFor    = 0.25
	stillWithin = 1.0
	moveFor     = 1.0
)

// quietest is the lowest median |speed| over stillFor seconds starting
// within stillWithin seconds of frame from (NaN where nothing is seen):
// how fast a still athlete's keypoints jitter, measured where they are
// stillest. The first frames of a track are often its noisiest (the
// panning sprinter followed back into the blocks from 52 to 47: his first
// quarter second's median 1.45 m/s, against 0.3 from 52, moved his first
// movement from 96 to 102). at is the frame after that stretch (−1 where
// nothing is seen).
func quietest(steady []float64, seen []bool, from int, fps float64) (float64, int) {
	n := int(math.Ceil(stillFor * fps))
	best, at := math.NaN(), -1
	for a := from; a <= from+int(math.Ceil(stillWithin*fps)) && a < len(steady); a++ {
		var v []float64
		for i := a; i < min(len(steady), a+n); i++ {
			if seen[i] {
				v = append(v, math.Abs(steady[i]))
			}
		}
		if len(v) == 0 {
			continue
		}
		if m := stats.Median(v); math.IsNaN(best) || m < best {
			best, at = m, a+n
		}
	}
	return best, at
}

// detectStart reads the start (see the constants above) from the steady
// speed; atSide(i) reports whether the athlete is at the picture's side in
// frame i.
func detectStart(steady []float64, seen []bool, fps float64, atSide func(i int) bool) Start {
	firstSeen := -1
	for i := range seen {
		if seen[i] && i > 0 && i+1 < len(seen) && seen[i-1] && seen[i+1] {
			firstSeen = i
			break
		}
	}
	if firstSeen < 0 {
		return Start{Kind: StartUnknown}
	}
	// Moving when first seen: a flying start where the clip or the
	// athlete's way into the picture begins; anywhere else the start
	// happened before the tracker found him (with AVX2 kernels the panning
	// sprinter, set in the blocks among two others, is first found at 95,
	// rising, after his hands left the track at 93).
	moving := func() Start {
		found := slices.Index(seen, true)
		if found <= int(math.Ceil(stillWithin*fps)) || atSide(found) {
			return Start{Kind: StartFlying}
		}
		return Start{Kind: StartNotSeen, Frame: found, T: round(float64(found)/fps, 1e4)}
	}
	still, setEnd := quietest(steady, seen, firstSeen, fps)
	if math.IsNaN(still) || still >= flyingSpeed {
		return moving()
	}
	thr, need := math.Max(startSpeed, 2*still), max(3, int(math.Ceil(moveFor*fps)))
	run, from := 0, 0
	for i := firstSeen; i < len(steady); i++ {
		// Frames without the athlete (lost in a blur, say) neither count
		// nor break a run. Either way of speed: where the camera starts to
		// pan with him (96–99) the ground's estimated motion swamps the
		// sprinter's own for a few frames, and his speed reads backwards.
		switch {
		case !seen[i]:
		case math.Abs(steady[i]) <= thr:
			run = 0
		default:
			if run == 0 {
				from = i
			}
			run++
		}
		// A run that lasts moveFor, or 3 frames and more to the clip's end.
		if run == need || run >= 3 && i == len(steady)-1 {
			if from-firstSeen < int(math.Ceil(stillFor*fps)) {
				// Not seen still for long before it moved.
				return moving()
			}
			if !staysSet(steady, seen, setEnd, from, thr) {
				// Moved between where he was seen set and this run:
				// the track does not show him leaving the set position
				// (another starter's points, or a blur of them).
				return Start{Kind: StartNotSeen, Frame: from, T: round(float64(from)/fps, 1e4)}
			}
			return Start{Kind: StartStanding, Frame: from, T: round(float64(from)/fps, 1e4)}
		}
	}
	return Start{Kind: StartStanding}
}

// setMoved is the share of the frames between the set position and the
// first movement that may move faster than setJitter times the threshold
// of movement for the athlete still to be the one seen set. The threshold
// is twice the set position's median jitter: jitter alone (a still
// sprinter's keypoints, Gaussian) passes three times its median in about
// one frame in twenty-five.
const (
	setMoved  = 0.1
	setJitter = 1.5
)

// staysSet reports whether the athlete stays set from the end of the
// quietest stretch, setEnd, until the first movement at from (see
// setMoved). A crowded start breaks this: in the panning sprint's copies,
// each tracked five times (rounding jitter), the track passes from the
// sprinter in the blocks to his neighbour's points and back, or to a
// skeleton drawn across two starters, and its "first movement" came 7–19
// frames after his. Over the clip and its four copies, five times each,
// 13 starts of 25 were wrong and 6 right; with this rule 8 and 5, the
// others not seen.
func staysSet(steady []float64, seen []bool, setEnd, from int, thr float64) bool {
	moved, all := 0, 0
	for j := max(setEnd, 0); j < from; j++ {
		if seen[j] {
			all++
			if math.Abs(steady[j]) > setJitter*thr {
				moved++
			}
		}
	}
	return float64(moved) <= setMoved*float64(all)
}

// sideBand: an athlete first seen within this share of the picture's width
// of its left or right side (or one body height, if more) came into it
// there; the detector finds a runner who enters within half a second, and
// going back (posetrack.Backfill) follows him to the edge.
const sideBand = 0.1

// atSide reports whether p's seen keypoints (visibility mv or more) lie
// within sideBand of the left or right side of a picture w pixels wide;
// true where w is unknown or no point is seen (a start is then flying
// whenever the athlete is first seen moving).
func atSide(p *pose.Person, w int, mv float32) bool {
	var seen []pose.Keypoint
	for _, k := range p.Keypoints {
		if k.Visibility >= mv {
			seen = append(seen, k)
		}
	}
	if w <= 0 || len(seen) == 0 {
		return true
	}
	b := pose.BoundingBox(seen)
	band := max(sideBand*float64(w), float64(b.Y2-b.Y1))
	return float64(b.X1) < band || float64(w)-float64(b.X2) < band
}

// frameAngles: interior joint angles and segment inclinations.
func frameAngles(p *pose.Person, dir float64, mv float32) map[string]float64 {
	out := map[string]float64{}
	k := p.Keypoints
	v := func(i int) angles.Vec { return angles.Of(k[i]) }
	for name, s := range sides {
		put := func(key string, idx []int, f func() float64) {
			if angles.Visible(p, mv, idx...) {
				if a := f(); !math.IsNaN(a) {
					out[name+"_"+key] = round(a, 10)
				}
			}
		}
		put("hip", []int{s.shoulder, s.hip, s.knee}, func() float64 { return angles.Interior(v(s.shoulder), v(s.hip), v(s.knee)) })
		put("knee", []int{s.hip, s.knee, s.ankle}, func() float64 { return angles.Interior(v(s.hip), v(s.knee), v(s.ankle)) })
		put("ankle", []int{s.knee, s.ankle, s.toe}, func() float64 { return angles.Interior(v(s.knee), v(s.ankle), v(s.toe)) })
		put("shoulder", []int{s.hip, s.shoulder, s.elbow}, func() float64 { return angles.Interior(v(s.hip), v(s.shoulder), v(s.elbow)) })
		put("elbow", []int{s.shoulder, s.elbow, s.wrist}, func() float64 { return angles.Interior(v(s.shoulder), v(s.elbow), v(s.wrist)) })
		put("wrist", []int{s.elbow, s.wrist, s.index}, func() float64 { return angles.Interior(v(s.elbow), v(s.wrist), v(s.index)) })
		// Thigh and shin against the downward vertical, positive forward.
		put("thigh", []int{s.hip, s.knee}, func() float64 { return fromDown(v(s.hip), v(s.knee), dir) })
		put("shin", []int{s.knee, s.ankle}, func() float64 { return fromDown(v(s.knee), v(s.ankle), dir) })
	}
	if angles.Visible(p, mv, pose.LeftHip, pose.RightHip, pose.LeftShoulder, pose.RightShoulder) {
		out["trunk"] = round(angles.FromVertical(midHip(k), midShoulder(k), dir), 10)
	}
	return out
}

func fromDown(from, to angles.Vec, dir float64) float64 {
	d := to.Sub(from)
	return math.Atan2(dir*d.X, d.Y) * 180 / math.Pi
}

func round(x, unit float64) float64 { return math.Round(x*unit) / unit }

// speedWindow (s): a sprint's top speed and each step's speed are the
// median centre-of-mass speed over this much either side of the frame.
// Frame to frame the speed jumps: the Sports2D panning sprint lost a
// frame every second before it was encoded at a steady 29 fps, and at
// those frames (298, 328, 358) the centre of mass covers two frames'
// distance in one: 12–16 m/s against 10 around them, which became the
// clip's top speed and flagged it as beyond a human's.
const speedWindow = 0.1

// steadySpeed is the median of speed over ±speedWindow around each frame
// (frames without a speed, 0, left out; 0 where none has one).
func steadySpeed(speed []float64, fps float64) []float64 {
	w := max(1, int(math.Round(speedWindow*fps)))
	return stats.MovingMedian(speed, w, func(j int) bool { return speed[j] != 0 })
}
