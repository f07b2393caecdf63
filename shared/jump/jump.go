// Package jump finds two-footed jumps in a keypoint track and measures
// them the way jump apps validated against force plates do: jump height
// from flight time, h = g·t²/8 (g = 9.81 m/s²).
//
// # Definitions
//
// Frame i is at time i/FPS. A foot's height is its lowest visible point:
// the larger image y of heel and toe (the ankle, moved down by the foot's
// median ankle-to-sole offset, only when neither is visible). The noise
// threshold δ is NoiseFraction (1.5 %) of the body height in pixels
// (gait.BodyHeightPixels). A foot is still where it stays within δ/2 (at
// least KeypointNoisePx) over ±stillS; where frames are further apart
// than stillS (under 25 fps), also at the bottom of its path when the
// parabola through that frame and its two neighbours does. Each foot is
// followed with two states. On the ground its level follows it wherever
// it is still; it takes off when it rises more than δ above that level. In the air it lands when it has come down more than δ
// from its highest point and is still again (at whatever level: onto a
// box or off one), or when it is back within δ of its take-off level and
// not still falling towards a lower still position ahead (a jump off a
// box ends on the floor, not as the feet pass the box's height). Nothing
// is airborne before a foot's first still frame, so the fast-moving
// glitches at the start of a track are not flights.
//
// Ground contact itself is judged against the toe-stand height hc,
// ToeStandFraction (4 %) of body height (at least 2 δ): pose models move a
// foot's toe point up with its heel, so a foot on its toes (the end of a
// push-off, a toe-first touchdown, a turn on the balls of the feet) reads
// up to about hc above the ground while it is still on it. A foot is off
// the ground while its lowest point is more than hc above the ground it
// left and the ground it lands on (its ground levels: the median of its
// lowest still positions over levelWindowS before its airborne run and
// after it).
//
// A flight is a stretch where both feet are airborne at once. It is
// considered only when the two feet left the ground within SyncTolS of
// each other and landed within SyncTolS of each other (walking never has
// both feet off the ground; in running the landing foot has been in the
// air a whole step before the other leaves), each foot rose more than hc
// above both its ground levels, and the hips behaved like a jump: their
// highest point more than δ above standing height (ground level minus
// thigh, shank and ankle height), more than δ/2 above their position at
// take-off, and moving up faster than MinTakeoffSpeed at take-off (a
// jump's hips leave at g·t/2, 1.2–1.6 m/s for the Sports2D demo's hops;
// a man rising from a crouch and turning on his toes lifts his feet'
// points past hc only as his hips stop rising). Anything else (walking,
// turning, running, kicks, sitting, a body leaving the picture, tracking
// noise) is ignored, neither counted nor reported as discarded.
//
// Take-off is when the LAST foot leaves the ground and landing when the
// FIRST foot touches it again, as on a force plate. Each foot's instant
// is sub-frame: where its height above its ground level crosses hc,
// linearly interpolated between the two frames around the crossing (the
// last up-crossing before the foot's highest point, the first
// down-crossing after it). TakeoffS and LandingS are these instants;
// TakeoffFrame = floor(TakeoffS·FPS) is the last frame with a foot on the
// ground and LandingFrame = ceil(LandingS·FPS) the first frame with a foot
// on the ground again, so the frames strictly between are in the air.
// FlightTimeS = LandingS − TakeoffS, whatever the two ground levels: the
// best estimate of the time in the air, which is about one frame shorter
// than LandingFrame − TakeoffFrame (the instants lie inside the frame
// after TakeoffFrame and the frame before LandingFrame).
//
// Height from flight time assumes the athlete lands at the take-off level
// in the take-off posture. When the two levels differ by more than
// LevelChangeFraction (5 %) of body height the jump is still counted but
// flagged (LevelChanged, LevelChange in body heights, LevelChangeM in
// metres when HeightM is known): its HeightFlightM is not a jump height
// (a drop off a box lengthens the flight).
//
// A considered flight is discarded (Discarded, with a Reason code) when:
// the take-off or landing was not visible (feet_not_visible), the clip
// or the athlete's track ends in the air (no_landing: a somersault the
// pose model loses, the athlete leaving the picture), it lasted less than MinFlightS
// (too_short) or more than MaxFlightS (too_long), or the hips disagree
// with it (inconsistent): they rose after take-off less than a third of
// g·t²/8 (less KeypointNoisePx), or, when HeightM is known, that rise (HipRiseM) and g·t²/8
// differ by more than 50 % and more than 10 cm. The hip checks are skipped
// for flagged level changes. Everything else is counted.
package jump

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
)

// G is the gravitational acceleration used for heights, m/s².
const G = 9.81

// Tuning constants; see the package documentation.
const (
	MinFlightS          = 0.1   // shorter flights are discarded as too_short
	MaxFlightS          = 1.2   // longer ones as too_long
	SyncTolS            = 0.15  // both feet leave (and land) within this of each other
	NoiseFraction       = 0.015 // noise threshold δ, of body height
	LevelChangeFraction = 0.05  // take-off and landing levels differ: flagged, of body height
	MinTakeoffSpeed     = 0.25  // m/s: the hips must be moving up at least this fast at take-off
	// ToeStandFraction is the toe-stand height, of body height: a foot is
	// off the ground once its lowest point is this far above the ground it
	// left, and back on it once it is this close to the ground it lands
	// on. Pose models do not see a foot's sole: when the heel rises (the
	// end of a push-off, a toe-first touchdown, a turn on the balls of the
	// feet) they move the toe point up with it. On the Sports2D demo
	// (BlazePose full, 30 fps) the lowest foot point of a foot still on
	// the box reads 1–3.3 % of body height up in the last frame of four
	// jumping-jack push-offs and 1–3.6 % in the first frame of their
	// landings, and both feet of the man turning on his toes read 3.4–3.9 %
	// up for 0.2 s. hc sits above every reading of a foot still on the box
	// there: at 3 % the frames reading 3–3.6 % counted as in the air, and
	// every flight of the five annotated jumps read long (by 0.1–2.5
	// frames, +0.9 on average, in each of six runs of the clip's tracking);
	// at 4 % they read −0.9 to +1.4 frames (+0.1 on average, ACCURACY.md).
	// The instants are where the lowest point crosses hc (rather than the
	// foot's arc extrapolated down to the flat-foot level, which the raised
	// toe point reaches a frame early at take-off and a frame late at
	// landing). A jump's feet rise g·t²/8 (4.9 cm for a 0.2 s flight) plus
	// the toe point raised with the heel (1–3.6 % of body height), so what
	// this hides are hops of about 0.15 s or less, which keypoints cannot
	// tell from a rise onto the toes.
	ToeStandFraction = 0.04
	// KeypointNoisePx is how finely, in pixels, the pose model places a
	// foot's or a hip's points whatever the body's size: the noise
	// threshold δ is a fraction of body height, but on a small athlete
	// the points wander by more than that fraction. On the Sports2D
	// demo's jumper downscaled to 131 px (δ/2 = 1 px), his feet on the box
	// between two hops drift 1.5–2 px over three frames where, at 369 px,
	// they drift under δ/2 (2.8 px), and his hips, timed a frame late at
	// take-off, rise 2 px (1.5 %) in a 0.25 s flight. A foot is still
	// when it stays within at least this, and the hips' rise after
	// take-off is checked against g·t²/8 with this allowance.
	KeypointNoisePx = 2.0
	levelWindowS    = 0.15 // ground level window before take-off / after landing
	stillS          = 0.04 // a still foot moves less than the noise threshold over ±stillS
	supportReachS   = 2.0  // how long a ground level is remembered
	defaultHeightM  = 1.75 // pixels per metre for the hip checks when HeightM is unknown
)

// Discard reasons (Discarded.Reason).
const (
	// ReasonTooShort: both feet were off the ground for less than
	// MinFlightS — a twitch, a tiptoe or tracking noise, not a jump.
	ReasonTooShort = "too_short"
	// ReasonTooLong: more than MaxFlightS in the air, which no jump from
	// the ground reaches: the athlete stepped off something, or the feet
	// were occluded or mistracked.
	ReasonTooLong = "too_long"
	// ReasonNoLanding: the clip (or the athlete's track) ends while the
	// athlete is in the air.
	ReasonNoLanding = "no_landing"
	// ReasonFeetNotVisible: the feet were not visible (below
	// MinVisibility or the athlete not found) at take-off or landing, so
	// neither instant can be timed.
	ReasonFeetNotVisible = "feet_not_visible"
	// ReasonInconsistent: the hips rose after take-off less than a third
	// of the flight-time height g·t²/8 or, with HeightM, that rise
	// (HipRiseM) and g·t²/8 differ by more than 50 % and more than 10 cm:
	// the feet were probably mistracked.
	ReasonInconsistent = "inconsistent"
)

// Options tune Analyze.
type Options struct {
	FPS           float64
	HeightM       float64 // athlete height, metres; 0 = unknown (then no displacement cross-check)
	MinVisibility float32 // 0 → 0.3
	// Width of the picture, px; 0 = unknown (then only its left side is
	// known: see sideways).
	Width int
}

// Jump is one counted jump.
type Jump struct {
	Index        int     `json:"index"`         // 1-based over counted jumps
	TakeoffFrame int     `json:"takeoff_frame"` // last frame with a foot on the ground
	LandingFrame int     `json:"landing_frame"` // first frame with a foot on the ground again
	TakeoffS     float64 `json:"takeoff_s"`     // sub-frame instant the last foot leaves
	LandingS     float64 `json:"landing_s"`     // sub-frame instant the first foot lands
	FlightTimeS  float64 `json:"flight_time_s"`
	// HeightFlightM is g·t²/8: exact for a take-off and landing at the
	// same level and the same body posture.
	HeightFlightM float64 `json:"height_from_flight_time_m"`
	// HeightMarginM is how much HeightFlightM moves with one frame of
	// error in the flight time, g·t·Δt/4 (Δt = 1/fps): the take-off and
	// landing are timed to about a frame (on the validation jumps the
	// median error is 0.6 frames, ACCURACY.md), so a hop of 0.27 s at
	// 30 fps reads 9 ± 2 cm. It is the clip's time resolution, not a
	// bound; 0 when LevelChanged.
	HeightMarginM float64 `json:"height_margin_m"`
	// HeightHipM is the mid-hip's peak rise above its standing level
	// (take-off ground minus standing hip height: thigh + shank + ankle
	// height), metres; only when HeightM > 0. It includes the hips' rise
	// from standing to take-off (heels up, legs straight: typically 4–10
	// cm), so it usually exceeds HeightFlightM by about that much.
	HeightHipM *float64 `json:"height_from_hip_m,omitempty"`
	// HipRiseM is the mid-hip's peak rise above its position at take-off,
	// metres, only when HeightM > 0: the displacement that g·t²/8
	// predicts, and the cross-check behind ReasonInconsistent.
	HipRiseM  *float64 `json:"hip_rise_from_takeoff_m,omitempty"`
	PeakFrame int      `json:"peak_frame"` // frame of the hips' highest point in the flight
	// LevelChange is the landing ground level minus the take-off level,
	// in body heights, positive when the athlete landed lower.
	LevelChange float64 `json:"level_change"`
	// LevelChangeM is LevelChange in metres; only when HeightM > 0.
	LevelChangeM *float64 `json:"level_change_m,omitempty"`
	// LevelChanged: |LevelChange| > LevelChangeFraction; HeightFlightM
	// then does not measure a jump height.
	LevelChanged bool `json:"level_changed"`
	// Timing says what timed the take-off and landing: TimedByFeet,
	// TimedByHips (one of them, the feet not seen then: see hipArcAt) or
	// TimedByCoach (an edited flight).
	Timing string `json:"timing" enum:"feet,hips,coach"`
	// Confidence in [0,1] that the flight is timed right: the visibility
	// the model gives both feet's heel and toe around take-off and
	// landing, × (0.5 + 0.5 × size), size rising from 0 at 100 px of body
	// height to 1 at 250 px (keypoint noise is a few pixels whatever the
	// size). Under 0.6 the app shows the jump as uncertain.
	Confidence float64 `json:"confidence"`
}

// What timed a jump (Jump.Timing).
const (
	TimedByFeet  = "feet"
	TimedByHips  = "hips"
	TimedByCoach = "coach"
)

// An instant the feet were not seen at is timed where the hips' arc
// crosses their height at take-off: standing hip height plus
// hipTakeoffRise of body height (heels up, legs straight), above the
// ground left or landed on. On the Sports2D demo's hops the hips stand
// 0.02–0.055 body heights above standing height at take-off, and at
// landing −0.01–0.09 (jumping jacks land with the legs apart or
// together): about a frame either way of a 0.3 s hop at take-off, up to
// two at landing. hipTimedConfidence scales such a jump's confidence.
const (
	hipTakeoffRise     = 0.035
	hipTimedConfidence = 0.7
)

// Discarded is a flight that was not counted.
type Discarded struct {
	TakeoffFrame int    `json:"takeoff_frame"` // last frame on the ground (first frame of the clip when take-off was not seen)
	LandingFrame int    `json:"landing_frame"` // first frame on the ground again, −1 when there is none
	Reason       string `json:"reason"`        // one of the Reason constants
	Detail       string `json:"detail"`        // a human sentence
}

// Result is what Analyze found.
type Result struct {
	Jumps     []Jump      `json:"jumps"`
	Count     int         `json:"count"`
	Discarded []Discarded `json:"discarded"`
	Best      *Jump       `json:"best,omitempty"` // longest flight time of those landed at the take-off level
	// Height and FlightTime summarise the counted jumps landed at the
	// take-off level (flight-time heights; see summarise).
	Height     stats.Stat `json:"height_m"`
	FlightTime stats.Stat `json:"flight_time_s"`
	// RepeatedHops: three jumps or more at the take-off level, each off
	// the ground again within HopContactS of the last landing (pogo or
	// rebound hops, not single maximal jumps); GroundContact is those
	// ground times (landing to the next take-off).
	RepeatedHops  bool       `json:"repeated_hops"`
	GroundContact stats.Stat `json:"ground_contact_s"`
	// Ready is whether the athlete's body and feet were seen well enough
	// to look for jumps; Note says why not.
	Ready bool   `json:"ready"`
	Note  string `json:"note,omitempty"`
	// BodyHeightPx is the athlete's standing height in pixels.
	BodyHeightPx float64 `json:"body_height_px"`
}

// FlightHeight is the jump height g·t²/8 of a flight of t seconds.
func FlightHeight(t float64) float64 { return G * t * t / 8 }

// heightMargin is j's HeightMarginM: the derivative of g·t²/8 times a
// frame.
func (a *analyzer) heightMargin(j Jump) float64 {
	if j.LevelChanged {
		return 0
	}
	return G * j.FlightTimeS / (4 * a.fps)
}

type series struct {
	y     []float64
	valid []bool
}

// Analyze finds the jumps in frames (one cleaned pose per frame, nil when
// the athlete was not seen).
func Analyze(frames []*pose.Person, o Options) Result {
	res := Result{Jumps: []Jump{}, Discarded: []Discarded{}}
	if o.MinVisibility == 0 {
		o.MinVisibility = 0.3
	}
	n := len(frames)
	if !(o.FPS > 0) || n == 0 {
		res.Note = "no frames"
		return res
	}
	full := make([]*pose.Person, n) // gait.BodyHeightPixels needs all 33 points
	for i, p := range frames {
		if p != nil && len(p.Keypoints) >= pose.NumBlazePose {
			full[i] = p
		}
	}
	H := gait.BodyHeightPixels(full)
	res.BodyHeightPx = H
	feet := [2]series{footSeries(frames, 0, o.MinVisibility), footSeries(frames, 1, o.MinVisibility)}
	hip := hipSeries(frames, o.MinVisibility)
	seen := 0
	for i := 0; i < n; i++ {
		if feet[0].valid[i] && feet[1].valid[i] && hip.valid[i] {
			seen++
		}
	}
	if !(H > 0) || seen < 2 {
		res.Note = "the athlete's body and feet are not visible"
		return res
	}
	res.Ready = true
	a := analyzer{fps: o.FPS, n: n, H: H, feet: feet, hip: hip, frames: frames, o: o}
	a.run(&res)
	return res
}

// prepare is what Analyze needs before it looks for flights; ok is false
// when the athlete's body and feet are not visible (res says so).
func prepare(frames []*pose.Person, o Options) (a *analyzer, res Result, ok bool) {
	res = Analyze(frames, o)
	if !res.Ready {
		return nil, res, false
	}
	if o.MinVisibility == 0 {
		o.MinVisibility = 0.3
	}
	n := len(frames)
	feet := [2]series{footSeries(frames, 0, o.MinVisibility), footSeries(frames, 1, o.MinVisibility)}
	a = &analyzer{fps: o.FPS, n: n, H: res.BodyHeightPx, feet: feet, hip: hipSeries(frames, o.MinVisibility), frames: frames, o: o}
	a.setup()
	return a, res, true
}

type analyzer struct {
	fps     float64
	n       int
	H       float64 // body height, px
	pxPerM  float64
	delta   float64 // noise threshold, px
	w       int     // ground level window, frames
	feet    [2]series
	hc      float64 // toe-stand height, px
	hip     series
	air     [2][]bool
	still   [2][]bool
	frames  []*pose.Person
	o       Options
	legPx   float64 // standing hip height above the ground, px
	scaleOK bool    // pxPerM from HeightM
}

func (a *analyzer) t(i float64) float64 { return i / a.fps }

// setup derives the thresholds, each foot's airborne frames and the
// standing hip height.
func (a *analyzer) setup() {
	heightM := a.o.HeightM
	a.scaleOK = heightM > 0
	if !a.scaleOK {
		heightM = defaultHeightM
	}
	a.pxPerM = a.H / heightM
	a.delta = math.Max(NoiseFraction*a.H, 1.5)
	a.hc = math.Max(ToeStandFraction*a.H, 2*a.delta)
	a.w = max(1, int(math.Round(levelWindowS*a.fps)))
	for s := 0; s < 2; s++ {
		a.still[s] = a.stillFrames(a.feet[s])
	}
	for s := 0; s < 2; s++ {
		a.air[s] = a.airborne(a.feet[s], a.still[s], a.besideStill(s))
	}
	a.legPx = a.standingHipHeight()
}

func (a *analyzer) run(res *Result) {
	a.setup()

	// Frame states: ground (some visible foot is on the ground), air
	// (both feet visible and airborne) or unknown.
	const (
		ground = iota
		air
		unknown
	)
	state := make([]int, a.n)
	for i := range state {
		switch {
		case (a.feet[0].valid[i] && !a.air[0][i]) || (a.feet[1].valid[i] && !a.air[1][i]):
			state[i] = ground
		case a.feet[0].valid[i] && a.feet[1].valid[i]:
			state[i] = air
		default:
			state[i] = unknown
		}
	}
	for i := 0; i < a.n; {
		if state[i] == ground {
			i++
			continue
		}
		s := i
		e := i
		hasAir := false
		for e < a.n && state[e] != ground {
			hasAir = hasAir || state[e] == air
			e++
		}
		i = e
		e-- // [s, e] has no ground frame
		if !hasAir {
			continue
		}
		a.candidate(res, s, e, state[s] == air, state[e] == air)
	}
	summarise(res)
}

// summarise numbers the counted jumps and sums them up. A jump that
// landed on another level counts, with its flight time, but g·t²/8 is not
// its height (a flip off a box stays in the air 0.8 s: "78 cm"), so the
// heights, flight times and best jump sum up the others only.
func summarise(res *Result) {
	var hs, ts []float64
	best := -1
	for k := range res.Jumps {
		res.Jumps[k].Index = k + 1
		if res.Jumps[k].LevelChanged {
			continue
		}
		hs = append(hs, res.Jumps[k].HeightFlightM)
		ts = append(ts, res.Jumps[k].FlightTimeS)
		if best < 0 || res.Jumps[k].FlightTimeS > res.Jumps[best].FlightTimeS {
			best = k
		}
	}
	if best >= 0 {
		b := res.Jumps[best]
		res.Best = &b
	}
	res.Count = len(res.Jumps)
	res.Height = stats.Of(hs)
	res.FlightTime = stats.Of(ts)
	var ground []float64
	for k := 1; k < len(res.Jumps); k++ {
		p, j := res.Jumps[k-1], res.Jumps[k]
		if !p.LevelChanged && !j.LevelChanged {
			ground = append(ground, j.TakeoffS-p.LandingS)
		}
	}
	res.GroundContact = stats.Of(ground)
	res.RepeatedHops = len(hs) >= 3 && len(ground) >= 2 && stats.Median(ground) <= HopContactS
}

// HopContactS (s): jumps whose ground contacts between them are this short
// (the median) are repeated hops. Rebound hops spend 0.15–0.3 s on the
// ground (drop and 10/5 repeated-jump tests, Flanagan & Comyns 2008); the
// Sports2D demo's hopper 0.27–0.3 s; a countermovement jump needs a
// second or more to stand, dip and go again.
const HopContactS = 0.5

// candidate judges the non-ground stretch [s, e]; startAir and endAir
// tell whether its first and last frames have both feet visible in the air.
func (a *analyzer) candidate(res *Result, s, e int, startAir, endAir bool) {
	fl, ok := a.newFlight(s, e, startAir, endAir)
	if !ok {
		return
	}
	// Hips: highest point while both feet are up. A jump lifts them
	// above standing height, throws them up at take-off and lifts them
	// above where they were then; feet lifted without that (walking,
	// kicking, sitting, a body leaving the picture, tracking noise) are
	// not a jump attempt and are not reported.
	peak, peakY := -1, math.Inf(1)
	for i := s; i <= e; i++ {
		if a.hip.valid[i] && a.hip.y[i] < peakY {
			peak, peakY = i, a.hip.y[i]
		}
	}
	if peak < 0 || !(fl.lvBefore-a.legPx-peakY >= a.delta) {
		return
	}
	tTake, takeHips := a.takeoff(fl)
	if math.IsNaN(tTake) {
		if !fl.takeoffSeen {
			detail := "the feet were not visible when the athlete left the ground"
			if s == 0 {
				detail = "the clip starts with the athlete in the air"
			}
			res.Discarded = append(res.Discarded, Discarded{TakeoffFrame: max(s-1, 0), LandingFrame: landingFrameOrNone(fl.landingSeen, e+1),
				Reason: ReasonFeetNotVisible, Detail: detail})
		}
		return
	}
	toFrame := int(math.Floor(tTake*a.fps + 1e-9))
	riseSinceTakeoff := a.hipAt(tTake) - peakY
	dt := math.Max(1/a.fps, 0.03)
	hipSpeed := (a.hipAt(tTake-dt/2) - a.hipAt(tTake+dt/2)) / dt // px/s, up, at take-off
	if !(riseSinceTakeoff >= a.delta/2) || !(hipSpeed >= MinTakeoffSpeed*a.pxPerM) {
		return
	}
	tLand, landHips := a.landing(fl)
	if math.IsNaN(tLand) {
		a.noLanding(res, e, toFrame, tTake)
		return
	}
	if !(tLand > tTake) {
		// The feet were never both clear of the ground at once.
		return
	}
	j := Jump{
		TakeoffFrame: toFrame,
		LandingFrame: int(math.Ceil(tLand*a.fps - 1e-9)),
		TakeoffS:     tTake,
		LandingS:     tLand,
		FlightTimeS:  tLand - tTake,
		PeakFrame:    peak,
		LevelChange:  (fl.lvAfter - fl.lvBefore) / a.H,
		Timing:       TimedByFeet,
	}
	j.HeightFlightM = FlightHeight(j.FlightTimeS)
	j.LevelChanged = math.Abs(j.LevelChange) > LevelChangeFraction
	j.HeightMarginM = a.heightMargin(j)
	j.Confidence = a.confidence(j.TakeoffFrame, j.LandingFrame)
	if takeHips || landHips {
		j.Timing = TimedByHips
		j.Confidence = math.Round(100*j.Confidence*hipTimedConfidence) / 100
	}
	a.count(res, j, fl.lvBefore-a.legPx-peakY, riseSinceTakeoff)
}

// flight is a stretch [s, e] of frames with no foot seen on the ground,
// around which a jump is looked for.
type flight struct {
	s, e                     int
	first, last              [2]int     // each foot's own airborne run around the stretch
	before, after            [2]float64 // each foot's ground level before and after (image y)
	lvBefore, lvAfter        float64    // their means
	takeoffSeen, landingSeen bool       // both feet seen leaving, landing
}

// newFlight measures the stretch [s, e]; ok is false when it cannot be a
// jump: the feet left or landed one after the other (walking, running),
// or a foot did not clear the toe-stand height above the ground it left
// or landed on (a foot rolling onto its toes or turning on the spot looks
// the same in the keypoints below it).
func (a *analyzer) newFlight(s, e int, startAir, endAir bool) (fl flight, ok bool) {
	fl.s, fl.e = s, e
	for f := 0; f < 2; f++ {
		fl.first[f], fl.last[f] = s, e
		for fl.first[f] > 0 && a.feet[f].valid[fl.first[f]-1] && a.air[f][fl.first[f]-1] {
			fl.first[f]--
		}
		for fl.last[f] < a.n-1 && a.feet[f].valid[fl.last[f]+1] && a.air[f][fl.last[f]+1] {
			fl.last[f]++
		}
	}
	first, last := fl.first, fl.last
	fl.takeoffSeen = startAir && first[0] > 0 && first[1] > 0 &&
		a.feet[0].valid[first[0]-1] && a.feet[1].valid[first[1]-1]
	fl.landingSeen = endAir && last[0] < a.n-1 && last[1] < a.n-1 &&
		a.feet[0].valid[last[0]+1] && a.feet[1].valid[last[1]+1]
	tol := SyncTolS * a.fps
	if fl.takeoffSeen && math.Abs(float64(first[0]-first[1])) > tol ||
		fl.landingSeen && math.Abs(float64(last[0]-last[1])) > tol {
		return fl, false
	}
	for f := 0; f < 2; f++ {
		fl.before[f], fl.after[f] = a.groundBefore(f, first[f]), a.groundAfter(f, last[f])
	}
	if !fl.takeoffSeen || !fl.landingSeen {
		fillLevels(&fl.before, fl.after)
		fillLevels(&fl.after, fl.before)
	}
	fl.lvBefore, fl.lvAfter = (fl.before[0]+fl.before[1])/2, (fl.after[0]+fl.after[1])/2
	for f := 0; f < 2; f++ {
		top := math.Inf(-1) // highest point (smallest image y)
		for i := first[f]; i <= last[f]; i++ {
			if a.feet[f].valid[i] {
				top = math.Max(top, -a.feet[f].y[i])
			}
		}
		if fl.takeoffSeen && !(fl.before[f]+top >= a.hc) || fl.landingSeen && !(fl.after[f]+top >= a.hc) {
			return fl, false
		}
	}
	return fl, true
}

// takeoff is when the last foot cleared the toe-stand height; where the
// feet were not seen leaving, when the hips' arc was at their take-off
// height, between the last frame on the ground and the first seen in the
// air (byHips). NaN when neither times it.
func (a *analyzer) takeoff(fl flight) (t float64, byHips bool) {
	if !fl.takeoffSeen {
		if fl.s == 0 {
			return math.NaN(), false
		}
		return a.hipArcAt(fl.s, fl.e, fl.lvBefore-a.hipsAtTakeoff(), false, fl.s-1), true
	}
	t = math.Inf(-1)
	for f := 0; f < 2; f++ {
		t = math.Max(t, a.clears(f, fl.before[f], fl.first[f], fl.last[f], true))
	}
	return t, false
}

// landing is when the first foot came back below the toe-stand height;
// where the feet were not seen landing but are on the ground again after
// the stretch, when the hips' arc came down to their take-off height
// above the ground landed on (byHips). NaN when neither times it.
func (a *analyzer) landing(fl flight) (t float64, byHips bool) {
	if !fl.landingSeen {
		if fl.e+1 >= a.n || a.frames[fl.e+1] == nil {
			return math.NaN(), false
		}
		return a.hipArcAt(fl.s, fl.e, fl.lvAfter-a.hipsAtTakeoff(), true, fl.e+1), true
	}
	t = math.Inf(1)
	for f := 0; f < 2; f++ {
		t = math.Min(t, a.clears(f, fl.after[f], fl.first[f], fl.last[f], false))
	}
	return t, false
}

// noLanding discards a flight taken off at tTake (frame toFrame) whose
// landing, after the stretch ending at frame e, was not timed, saying why.
func (a *analyzer) noLanding(res *Result, e, toFrame int, tTake float64) {
	later := false
	for i := e + 1; i < a.n; i++ {
		if a.feet[0].valid[i] || a.feet[1].valid[i] {
			later = true
			break
		}
	}
	if !later && a.frames[a.n-1] == nil && a.sideways(a.frames[a.lastSeen(a.n-1)]) {
		return
	}
	d := Discarded{TakeoffFrame: toFrame, LandingFrame: -1, Reason: ReasonNoLanding}
	switch {
	case !later && a.frames[a.n-1] != nil:
		d.Detail = fmt.Sprintf("the athlete left the ground at %.2f s and the clip ends before the landing", tTake)
	case !later:
		// The pose model lost the athlete in the air for good (a
		// somersault, the edge of the picture).
		d.Detail = fmt.Sprintf("the athlete left the ground at %.2f s and was lost from view in the air after %.2f s, before the landing", tTake, a.t(float64(a.lastSeen(a.n-1))))
	default:
		d.Reason = ReasonFeetNotVisible
		d.Detail = fmt.Sprintf("the athlete left the ground at %.2f s but the feet were not visible at the landing", tTake)
	}
	res.Discarded = append(res.Discarded, d)
}

// sideEdge is how near the picture's left or right side (a fraction of
// its width, ≈ 50 px of a 1768 px picture) the hips of an athlete lost
// there are taken for someone who walked or ran out of the picture; with
// the width unknown, sideBody of the body height from the left side.
const (
	sideEdge = 0.03
	sideBody = 0.1
)

// sideways reports whether p, the last pose seen of an athlete lost in
// the air, has its hips at the picture's left or right side: they walked
// or ran out of it, and the pose model, guessing the body it no longer
// sees, draws both feet rising (the Sports2D demo's walker leaving on the
// left, hips 27 px from the side in her last frame, 200, on an AVX2
// machine). Nobody is known to be in the air there, so no flight is
// reported. A jumper lost through the top of the picture, or in a
// somersault, is still reported (no_landing).
func (a *analyzer) sideways(p *pose.Person) bool {
	if p == nil {
		return false
	}
	x := float64(p.Keypoints[pose.LeftHip].X+p.Keypoints[pose.RightHip].X) / 2
	if w := float64(a.o.Width); w > 0 {
		return x <= sideEdge*w || x >= (1-sideEdge)*w
	}
	return x <= sideBody*a.H
}

// count adds j to the counted jumps, or to the discarded flights when its
// flight time is no jump's or disagrees with the hips (hipPeak: their
// peak above standing height, rise: their rise after take-off, px).
func (a *analyzer) count(res *Result, j Jump, hipPeak, rise float64) {
	disc := func(reason, detail string) {
		res.Discarded = append(res.Discarded, Discarded{TakeoffFrame: j.TakeoffFrame, LandingFrame: j.LandingFrame, Reason: reason, Detail: detail})
	}
	flight := j.FlightTimeS
	switch {
	case flight < MinFlightS:
		disc(ReasonTooShort, fmt.Sprintf("both feet were off the ground for %.0f ms, less than the %.0f ms of a jump", flight*1000, MinFlightS*1000))
		return
	case flight > MaxFlightS:
		disc(ReasonTooLong, fmt.Sprintf("both feet were off the ground for %.2f s, longer than any jump (%.1f s): a step off something, or the feet were lost", flight, MaxFlightS))
		return
	case !j.LevelChanged && rise+KeypointNoisePx < j.HeightFlightM*a.pxPerM/3:
		disc(ReasonInconsistent, fmt.Sprintf("the feet were off the ground for %.0f ms but the hips rose only %.1f%% of body height after take-off", flight*1000, 100*rise/a.H))
		return
	}
	if a.scaleOK {
		hip, riseM, lc := hipPeak/a.pxPerM, rise/a.pxPerM, j.LevelChange*a.o.HeightM
		j.HeightHipM, j.HipRiseM, j.LevelChangeM = &hip, &riseM, &lc
		if d := math.Abs(riseM - j.HeightFlightM); !j.LevelChanged && d > 0.5*j.HeightFlightM && d > 0.10 {
			disc(ReasonInconsistent, fmt.Sprintf("flight time gives %.0f cm but the hips rose %.0f cm after take-off", j.HeightFlightM*100, riseM*100))
			return
		}
	}
	res.Jumps = append(res.Jumps, j)
}

// hipsAtTakeoff is how high the hips are above the ground at take-off, px
// (see hipTakeoffRise).
func (a *analyzer) hipsAtTakeoff() float64 { return a.legPx + hipTakeoffRise*a.H }

// fillLevels gives a foot whose ground level is unknown (NaN: not seen
// on the ground there) the other foot's, or else the other end's.
func fillLevels(lv *[2]float64, other [2]float64) {
	for f := 0; f < 2; f++ {
		if math.IsNaN(lv[f]) {
			lv[f] = lv[1-f]
		}
	}
	for f := 0; f < 2; f++ {
		if math.IsNaN(lv[f]) {
			lv[f] = (other[0] + other[1]) / 2
		}
	}
}

// hipArcAt is when the hips' flight arc is at image height y: the later
// crossing (landing) or the earlier (take-off), kept between frame bound
// (the first frame on the ground again, or the last before) and the
// nearest frame seen in the air. The arc is the parabola of the body's g
// (in pixels, from its height) fitted to the mid-hip over the frames of
// [s, e] where both feet are seen in the air; NaN with fewer than three
// of them, a fit off by more than twice the noise threshold (the hips not
// in free flight), or no crossing.
func (a *analyzer) hipArcAt(s, e int, y float64, later bool, bound int) float64 {
	var ts, zs []float64
	g := G * a.pxPerM
	firstAir, lastAir := -1, -1
	for i := s; i <= e; i++ {
		if !(a.hip.valid[i] && a.feet[0].valid[i] && a.feet[1].valid[i] && a.air[0][i] && a.air[1][i]) {
			continue
		}
		if firstAir < 0 {
			firstAir = i
		}
		lastAir = i
		t := a.t(float64(i))
		ts, zs = append(ts, t), append(zs, a.hip.y[i]-g/2*t*t)
	}
	if len(ts) < 3 {
		return math.NaN()
	}
	// y = c + b·t + g/2·t²: a line through (t, y − g/2·t²).
	c, b := stat.LinearRegression(ts, zs, nil, false)
	var rss float64
	for k, t := range ts {
		r := zs[k] - c - b*t
		rss += r * r
	}
	if math.Sqrt(rss/float64(len(ts))) > 2*a.delta {
		return math.NaN()
	}
	disc := b*b - 2*g*(c-y)
	if disc < 0 {
		return math.NaN()
	}
	root, lo, hi := (-b-math.Sqrt(disc))/g, a.t(float64(bound)), a.t(float64(firstAir))
	if later {
		root, lo, hi = (-b+math.Sqrt(disc))/g, a.t(float64(lastAir)), a.t(float64(bound))
	}
	return math.Max(lo, math.Min(hi, root))
}

// confidence of a jump timed from take-off frame to and landing frame ld
// (see Jump.Confidence).
func (a *analyzer) confidence(to, ld int) float64 {
	var vis float64
	n := 0
	for _, c := range []int{to, ld} {
		for i := c - 1; i <= c+1; i++ {
			if i < 0 || i >= a.n || a.frames[i] == nil || len(a.frames[i].Keypoints) < pose.NumBlazePose {
				continue
			}
			k := a.frames[i].Keypoints
			for _, j := range []int{pose.LeftHeel, pose.LeftFootIndex, pose.RightHeel, pose.RightFootIndex} {
				vis += float64(min(k[j].Visibility, 1))
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	size := math.Max(0, math.Min(1, (a.H-100)/150))
	return math.Round(100*vis/float64(n)*(0.5+0.5*size)) / 100
}

// lastSeen is the last frame at or before i where the athlete was seen.
func (a *analyzer) lastSeen(i int) int {
	for i > 0 && a.frames[i] == nil {
		i--
	}
	return i
}

func landingFrameOrNone(seen bool, i int) int {
	if seen {
		return i
	}
	return -1
}

// hipAt is the mid-hip y at time t, linearly interpolated.
func (a *analyzer) hipAt(t float64) float64 {
	x := t * a.fps
	i := int(math.Floor(x))
	for d := 0; d < a.n; d++ {
		for _, j := range []int{i - d, i + 1 + d} {
			if j >= 0 && j+1 < a.n && a.hip.valid[j] && a.hip.valid[j+1] {
				f := x - float64(j)
				return a.hip.y[j]*(1-f) + a.hip.y[j+1]*f
			}
		}
	}
	return math.NaN()
}

// airborne marks the frames where the foot is off the ground. It walks
// the track with two states. On the ground, the foot's level follows it
// wherever it is still (within delta/2 over ±stillS) and wherever it
// comes down more than delta/2 below that level; it takes off when it
// rises more than delta above that level. In the air it lands when it
// has come down more than delta from its highest point and is still
// again (at whatever level: a landing on a box or off one; above the
// toe-stand height hc of its level only if it does not go on down within
// sinkS) or at the bottom of its path within hc of its level, or when it
// is back within delta of its take-off level and not still falling
// towards a lower still position ahead (a jump off a box). Before the
// first still frame nothing is airborne, so tracking glitches at the
// start of a track, which move fast, are not flights; but a foot with no
// level yet takes one where it stands level with the other foot while
// that one is still (beside, see besideStill). still is the foot's own
// still frames (stillFrames). Levels are forgotten after supportReachS.
func (a *analyzer) airborne(f series, still, beside []bool) []bool {
	out := make([]bool, a.n)
	reach := int(math.Round(supportReachS * a.fps))
	// The next still position at or after each frame.
	next := make([]float64, a.n)
	nextY, nextAt := math.NaN(), -1
	for i := a.n - 1; i >= 0; i-- {
		if still[i] {
			nextY, nextAt = f.y[i], i
		}
		if nextAt >= 0 && nextAt-i > reach {
			nextY, nextAt = math.NaN(), -1
		}
		next[i] = nextY
	}
	inAir := false
	ref, refAt := math.NaN(), -1 // ground level (image y)
	peak := 0.0
	for i := 0; i < a.n; i++ {
		if refAt >= 0 && i-refAt > reach {
			ref, refAt, inAir = math.NaN(), -1, false
		}
		if !f.valid[i] {
			continue
		}
		y := f.y[i]
		if inAir {
			peak = math.Min(peak, y)
			// Still again above the toe-stand height of its level: a
			// landing on something higher, unless the foot goes on down
			// (the model's points halting on the way down for a frame
			// or two).
			stopped := still[i] && y >= peak+a.delta && (y >= ref-a.hc || !a.sinks(f, i))
			if !stopped && y >= peak+a.delta && y >= ref-a.hc && a.bottom(f, i) {
				// Back down at the bottom of its path within the
				// toe-stand height of its level: a rebound between hops
				// touches down on the toes and leaves again without a
				// still frame. The ground is there.
				stopped, ref, refAt = true, y, i
			}
			back := y >= ref-a.delta && !(y < next[i]-a.hc)
			if stopped || back {
				inAir = false
			} else {
				out[i] = true
				continue
			}
		}
		// A foot is never below the ground: where one on the ground
		// stands lower than its level (by more than the noise), the
		// ground is there, still or not (a rebound between hops, whose
		// last still frame was the model's points halting on the way
		// down: sports2d_demo's fourth hop, lost in one of five runs).
		if still[i] || beside[i] && refAt < 0 || refAt >= 0 && y > ref+a.delta/2 {
			ref, refAt = y, i
		}
		if y < ref-a.delta {
			inAir, peak, out[i] = true, y, true
		}
	}
	return out
}

// sinkS (s): a foot still in the air that comes down by more than δ
// within this time after has not landed where it stood still (under
// +10⁻⁶ rounding jitter the Sports2D jumper's foot halted 15 px above the
// box for three frames coming down from his third hop, which read as a
// landing two frames early). One standing on a box stays there longer.
const sinkS = 0.1

// sinks reports whether foot series f comes down by more than δ below
// frame i's height within sinkS after it.
func (a *analyzer) sinks(f series, i int) bool {
	k := max(1, int(math.Round(sinkS*a.fps)))
	for j := i + 1; j <= i+k && j < a.n; j++ {
		if f.valid[j] && f.y[j] > f.y[i]+a.delta {
			return true
		}
	}
	return false
}

// bottom reports whether frame i is the lowest point of foot series f's
// path: no higher than the frames on either side (image y grows down).
func (a *analyzer) bottom(f series, i int) bool {
	return i > 0 && i+1 < a.n && f.valid[i-1] && f.valid[i+1] && f.y[i] >= f.y[i-1] && f.y[i] >= f.y[i+1]
}

// stillTol is how far (px) a still foot's point may move: a foot rolling
// onto its toes drifts by about the same pixels per frame at any rate, so
// under 30 fps each frame holds more of it; and whatever the body's size,
// the model places a foot's points no finer than KeypointNoisePx.
func (a *analyzer) stillTol() float64 {
	return math.Max(a.delta/2*math.Max(1, 30/a.fps), KeypointNoisePx)
}

// stillFrames marks the frames where foot series f stays within stillTol
// over about ±stillS, or rests briefly (valley, brief).
func (a *analyzer) stillFrames(f series) []bool {
	// The window spans about 2·stillS: centred on the frame when it is an
	// even number of frame intervals, otherwise either of the two windows
	// around it (at 15 fps one interval: the frame before or the one after).
	m := max(1, int(math.Round(2*stillS*a.fps)))
	tol := a.stillTol()
	stillOver := func(from, to int) bool {
		if from < 0 || to >= a.n {
			return false
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for j := from; j <= to; j++ {
			if !f.valid[j] {
				return false
			}
			lo, hi = math.Min(lo, f.y[j]), math.Max(hi, f.y[j])
		}
		return hi-lo <= tol
	}
	still := make([]bool, a.n)
	for i := range still {
		h := m / 2
		still[i] = stillOver(i-h, i+h)
		if m%2 == 1 {
			still[i] = stillOver(i-h-1, i+h) && !a.apex(f, i-h-1, i+h) || stillOver(i-h, i+h+1) && !a.apex(f, i-h, i+h+1)
		}
		if !still[i] && stillS*a.fps < 1 {
			// Frames further apart than stillS: a foot that rests only
			// briefly (a rebound between hops) shows one sample at rest.
			still[i] = a.valley(f, i, tol)
		}
		if !still[i] {
			still[i] = a.brief(f, i, tol)
		}
	}
	return still
}

// besideStill marks the frames where foot k stands within stillTol of the
// other foot's height while that one is still: feet side by side on the
// ground. The model closes in on a body over a track's first frames, and
// it may settle one foot a frame or two too late for it to show still
// before a first hop (the Sports2D demo's 15 fps copy: the hop starts
// 0.37 s into the clip and one foot never read still before it, so the
// hop was not found).
func (a *analyzer) besideStill(k int) []bool {
	f, o, tol := a.feet[k], a.feet[1-k], a.stillTol()
	out := make([]bool, a.n)
	for i := range out {
		out[i] = f.valid[i] && o.valid[i] && a.still[1-k][i] && math.Abs(f.y[i]-o.y[i]) <= tol
	}
	return out
}

// valley reports whether frame i is the bottom of a foot's path that
// rests there: the foot comes down to it and goes back up, and the
// parabola through i-1, i and i+1 stays within tol over ±stillS.
func (a *analyzer) valley(f series, i int, tol float64) bool {
	if i < 1 || i+1 >= a.n || !f.valid[i-1] || !f.valid[i] || !f.valid[i+1] {
		return false
	}
	y0, y1, y2 := f.y[i-1], f.y[i], f.y[i+1]
	if !(y1 >= y0 && y1 >= y2) {
		return false
	}
	c := (y0 + y2 - 2*y1) / 2 // y(u) = y1 + b·u + c·u², u in frames
	b := (y2 - y0) / 2
	s := stillS * a.fps
	us := []float64{-s, s}
	if c != 0 {
		us = append(us, math.Max(-s, math.Min(s, -b/(2*c)))) // the vertex
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, u := range us {
		y := y1 + b*u + c*u*u
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	return hi-lo <= tol
}

// brief reports whether frame i is one of two frames a foot rests in
// between two moves: it comes down onto them, stays within tol, and
// lifts again, by more than tol each way. A last short step before a
// take-off is that (sports2d_demo, 164–167: the man steps to the box's
// corner and flips off it), and without it the step and the flight are
// one airborne run of that foot, which then left the ground long before
// the other.
func (a *analyzer) brief(f series, i int, tol float64) bool {
	for _, j := range []int{i - 1, i + 1} {
		lo, hi := min(i, j), max(i, j)
		if lo < 1 || hi+1 >= a.n || !f.valid[lo-1] || !f.valid[lo] || !f.valid[hi] || !f.valid[hi+1] {
			continue
		}
		if math.Abs(f.y[lo]-f.y[hi]) <= tol && f.y[lo-1] < f.y[lo]-tol && f.y[hi+1] < f.y[hi]-tol {
			return true
		}
	}
	return false
}

// apex reports whether the frames [from, to] are the top of an arc: the
// frames on both sides are lower. A short window (low frame rates) can
// see a foot's apex in the air as still.
func (a *analyzer) apex(f series, from, to int) bool {
	if from < 1 || to+1 >= a.n || !f.valid[from-1] || !f.valid[to+1] {
		return false
	}
	top := math.Inf(-1)
	for j := from; j <= to; j++ {
		top = math.Max(top, f.y[j])
	}
	return f.y[from-1] > top+a.delta/4 && f.y[to+1] > top+a.delta/4
}

// groundBefore is foot f's ground level (image y) before its airborne
// run starting at first: the median of its grounded positions over the
// window before, those near their lowest.
func (a *analyzer) groundBefore(f, first int) float64 {
	return a.level(f, max(0, first-a.w-1), first-1)
}

// groundAfter is the foot's ground level after its run ending at last.
func (a *analyzer) groundAfter(f, last int) float64 {
	return a.level(f, last+1, min(a.n-1, last+a.w+1))
}

// level is the median of foot f's grounded positions over [from, to]
// (the still ones when there are any), those within δ/2 of the lowest.
func (a *analyzer) level(f, from, to int) float64 {
	var ys, still []float64
	for i := max(from, 0); i <= to && i < a.n; i++ {
		if a.feet[f].valid[i] && !a.air[f][i] {
			ys = append(ys, a.feet[f].y[i])
			if a.still[f][i] {
				still = append(still, a.feet[f].y[i])
			}
		}
	}
	if len(still) > 0 {
		ys = still
	}
	if len(ys) == 0 {
		return math.NaN()
	}
	lo := math.Inf(-1)
	for _, y := range ys {
		lo = math.Max(lo, y)
	}
	var near []float64
	for _, y := range ys {
		if y >= lo-a.delta/2 {
			near = append(near, y)
		}
	}
	return median(near)
}

// clears is the sub-frame instant (s) foot f's lowest point rises through
// the toe-stand height hc above its ground level lv for good (rising) or
// comes back below it (falling) in its airborne run [first, last]: where
// its height above lv crosses hc, linearly interpolated between the two
// frames around the crossing, the last up-crossing before the foot's
// highest point or the first down-crossing after it. NaN when the foot
// never clears hc.
func (a *analyzer) clears(f int, lv float64, first, last int, rising bool) float64 {
	if math.IsNaN(lv) {
		return math.NaN()
	}
	ser := a.feet[f]
	h := func(i int) float64 { return lv - ser.y[i] }
	apex := -1
	for i := first; i <= last; i++ {
		if ser.valid[i] && (apex < 0 || h(i) > h(apex)) {
			apex = i
		}
	}
	if apex < 0 || h(apex) < a.hc {
		return math.NaN()
	}
	// Walk away from the apex (at most the level window past the run) to
	// the first sample below hc; prev is the sample visited before it.
	step, stop := -1, max(0, first-a.w-1)
	if !rising {
		step, stop = 1, min(a.n-1, last+a.w+1)
	}
	prev := apex
	for j := apex + step; (rising && j >= stop) || (!rising && j <= stop); j += step {
		if !ser.valid[j] {
			continue
		}
		if h(j) < a.hc {
			u := (a.hc - h(j)) / (h(prev) - h(j)) // 0 at j, 1 at prev
			return a.t(float64(j) + u*float64(prev-j))
		}
		prev = j
	}
	return math.NaN()
}

// standingHipHeight is the mid-hip's height above the ground when
// standing straight, px: thigh + shank (medians over the clip, mean of
// both sides) + the ankle's median height above the sole.
func (a *analyzer) standingHipHeight() float64 {
	var legs, ankles []float64
	d := func(k []pose.Keypoint, i, j int) float64 {
		return math.Hypot(float64(k[i].X-k[j].X), float64(k[i].Y-k[j].Y))
	}
	for i, p := range a.frames {
		if p == nil || len(p.Keypoints) < pose.NumBlazePose {
			continue
		}
		k := p.Keypoints
		ok := true
		for _, j := range []int{pose.LeftHip, pose.RightHip, pose.LeftKnee, pose.RightKnee, pose.LeftAnkle, pose.RightAnkle} {
			ok = ok && k[j].Visibility >= a.o.MinVisibility
		}
		if ok {
			legs = append(legs, (d(k, pose.LeftHip, pose.LeftKnee)+d(k, pose.LeftKnee, pose.LeftAnkle)+
				d(k, pose.RightHip, pose.RightKnee)+d(k, pose.RightKnee, pose.RightAnkle))/2)
		}
		for f, ank := range []int{pose.LeftAnkle, pose.RightAnkle} {
			if a.feet[f].valid[i] && !a.air[f][i] && k[ank].Visibility >= a.o.MinVisibility {
				ankles = append(ankles, a.feet[f].y[i]-float64(k[ank].Y))
			}
		}
	}
	if len(legs) == 0 {
		return 0.53 * a.H
	}
	return median(legs) + median(ankles)
}

var footPoints = [2][3]int{
	{pose.LeftHeel, pose.LeftFootIndex, pose.LeftAnkle},
	{pose.RightHeel, pose.RightFootIndex, pose.RightAnkle},
}

// footSeries is the image y of foot side's lowest visible point per frame.
func footSeries(frames []*pose.Person, side int, minVis float32) series {
	n := len(frames)
	s := series{y: make([]float64, n), valid: make([]bool, n)}
	ankleOnly := make([]bool, n)
	var offs []float64
	for i, p := range frames {
		if p == nil || len(p.Keypoints) < pose.NumBlazePose {
			continue
		}
		k := p.Keypoints
		heel, toe, ank := k[footPoints[side][0]], k[footPoints[side][1]], k[footPoints[side][2]]
		low := math.Inf(-1)
		if heel.Visibility >= minVis {
			low = float64(heel.Y)
		}
		if toe.Visibility >= minVis {
			low = math.Max(low, float64(toe.Y))
		}
		switch {
		case !math.IsInf(low, -1):
			s.y[i], s.valid[i] = low, true
			if ank.Visibility >= minVis {
				offs = append(offs, low-float64(ank.Y))
			}
		case ank.Visibility >= minVis:
			s.y[i], s.valid[i], ankleOnly[i] = float64(ank.Y), true, true
		}
	}
	off := median(offs)
	for i := range ankleOnly {
		if ankleOnly[i] {
			s.y[i] += off
		}
	}
	return s
}

// hipSeries is the mid-hip image y (one hip when only one is visible).
func hipSeries(frames []*pose.Person, minVis float32) series {
	n := len(frames)
	s := series{y: make([]float64, n), valid: make([]bool, n)}
	for i, p := range frames {
		if p == nil || len(p.Keypoints) < pose.NumBlazePose {
			continue
		}
		l, r := p.Keypoints[pose.LeftHip], p.Keypoints[pose.RightHip]
		switch lv, rv := l.Visibility >= minVis, r.Visibility >= minVis; {
		case lv && rv:
			s.y[i], s.valid[i] = float64(l.Y+r.Y)/2, true
		case lv:
			s.y[i], s.valid[i] = float64(l.Y), true
		case rv:
			s.y[i], s.valid[i] = float64(r.Y), true
		}
	}
	return s
}

func median(v []float64) float64 { return stats.Median(v) }
