// Package lift analyses a weightlifting set filmed with a phone: it counts
// the repetitions, measures each one (phase durations, range of motion,
// squat depth, knee angle, trunk lean, bar path, knee valgus) and turns
// the measurements into finding keys that the advice texts explain. Pure
// Go, standard library only: the browser (js/wasm) and the server compute
// the same numbers from the same keypoints.
//
// Input is one *pose.Person per frame (nil where the athlete is missing)
// with BlazePose-33 keypoints in image pixels (x right, y down), already
// cleaned by track.Clean (gaps filled, zero-lag low-pass). A keypoint is
// used when its Visibility is at least Options.MinVisibility.
//
// # Scale
//
// The body height H in pixels is gait.BodyHeightPixels taken frame by
// frame (shank + thigh + trunk + shoulder-to-nose over their share of
// standing height in Winter's anthropometric table) and then the 75th
// percentile over the clip: segments only ever look shorter when they
// turn out of the image plane (the thighs in a frontal squat), so an
// upper percentile is the unforeshortened length. Metres are pixels
// divided by PixelsPerMetre = H / Options.HeightM; a wrong height scales
// every length by the same factor (a 5 cm error in height is a 3 % error
// in every length). Durations do not depend on the scale.
//
// # Moving reference and bar proxy
//
// Repetitions are counted on the vertical image position of a moving
// reference: the mid-hip for the squat, the wrists for the bench press,
// press, deadlift, clean and snatch. The bar itself is not detected: the
// wrists stand in for it (the bar proxy, also plotted as the bar path
// and used for the bar path deviation of every exercise). The wrists sit
// a few centimetres from the bar's axis (below it in a deadlift, beside
// it in a squat, where the hands hold the bar behind the shoulders), so
// the proxy has the bar's motion but not its exact position, and it
// follows the hands when they let go of the bar. A pair of points (both
// wrists, both hips) is used as its midpoint when each of the two is
// visible in at least half of the frames with a person; otherwise (side
// view, where the far wrist is hidden) the better-seen point of the two
// is used alone. Frames where the chosen points are not visible are gaps;
// gaps up to 0.5 s are interpolated linearly, longer ones split the clip
// and no repetition is counted across them.
//
// # Camera view
//
// View is "front" when the median over frames of (shoulder distance + hip
// distance) / H is at least 0.18, else "side". Facing the camera, that
// ratio is about 0.3 (BlazePose's shoulder points lie about 0.2 H apart,
// its hip points about 0.1 H); from the side it is about 0.1 or less
// (0.09 on a real side-view squat clip); 0.18 is reached when the athlete
// is turned about 55° from the camera. Every
// measurement is a 2D projection onto the image: sagittal quantities
// (depth, trunk lean, knee angle, bar path forward/back) are only exact
// with the camera square to the side at about hip height, frontal ones
// (knee valgus) only with the camera square to the front; at 20° off
// square a 45° angle reads about 3° off, and lengths along the camera axis
// are lost entirely. Perspective (a camera close to the athlete, or
// high/low) makes near points look bigger and tilts levels: film from at
// least 3 m, level, the whole body in frame.
package lift

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"motionlab/shared/angles"
	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
)

// Exercise names a lift.
type Exercise string

// The supported lifts. The eccentric-first lifts (squat, bench) start
// each repetition at the top and go down first; the concentric-first
// lifts (press, deadlift, clean, snatch) start at the bottom and lift
// first.
const (
	Squat    Exercise = "squat"
	Deadlift Exercise = "deadlift"
	Bench    Exercise = "bench"
	Clean    Exercise = "clean"
	Snatch   Exercise = "snatch"
	Press    Exercise = "press"
)

// Exercises lists every supported lift.
var Exercises = []Exercise{Squat, Deadlift, Bench, Clean, Snatch, Press}

// Finding keys. Each is explained (definition, threshold, severity) where
// it is computed, in findings.go.
const (
	KeyShallowDepth  = "shallow_depth"
	KeyForwardLean   = "forward_lean"
	KeyKneeValgus    = "knee_valgus"
	KeyBarPathDrift  = "bar_path_drift"
	KeyFastEccentric = "fast_eccentric"
	KeyUnevenTempo   = "uneven_tempo"
)

// FindingKeys lists every key Analyze can produce.
var FindingKeys = []string{KeyShallowDepth, KeyForwardLean, KeyKneeValgus, KeyBarPathDrift, KeyFastEccentric, KeyUnevenTempo}

// ErrNoReps is returned when the clip holds no complete repetition.
var ErrNoReps = errors.New("lift: no complete repetition found")

// Options are the facts the analysis needs.
type Options struct {
	// FPS is the frame rate of the track (required, > 0).
	FPS float64
	// Exercise is the lift filmed; "" means Squat.
	Exercise Exercise
	// HeightM is the athlete's standing height in metres, the scale of
	// every length; 0 means pose.DefaultHeightM.
	HeightM float64
	// MinVisibility below which a keypoint counts as unseen; 0 means 0.3.
	MinVisibility float32
}

// Rep is one repetition.
//
// Frames index the input slice. For the eccentric-first lifts (squat,
// bench) StartFrame is where the descent begins (the athlete leaves the
// top), BottomFrame is the turn at the bottom (the middle of a pause
// there) and EndFrame is where the athlete arrives back at the top. For the concentric-first
// lifts (press, deadlift, clean, snatch) StartFrame is where the lift
// begins from the bottom (the bar leaves the floor or the shoulders),
// BottomFrame is the turning point at the top (lockout, rack or overhead)
// and EndFrame is where the bar arrives back at the bottom.
//
// Where a movement starts and stops is fitted to the heights of the
// reference and the upper-body points around each turning point (sub-
// frame; see timing.go): a pause at the top or bottom is not part of
// either phase. On synthetic lifters with 1–2 px keypoint noise the
// phase durations have an rms error of 0.2–0.7 frames (worst 1.2 frames
// at 30 fps, 1.9 at 60 fps); the input's 8 Hz low-pass rounds each start
// and stop, which lengthens a phase by about 20 ms, and a pause under
// ~0.3 s is partly counted into the phases (up to ~40 ms).
type Rep struct {
	Index       int `json:"index"`        // 1-based
	StartFrame  int `json:"start_frame"`  // movement starts (top before the descent; bottom before the lift for press/deadlift/clean/snatch)
	BottomFrame int `json:"bottom_frame"` // turning point: middle of the pause (or the instant of the turn) between the two phases
	EndFrame    int `json:"end_frame"`    // movement ends back where it started
	// EccentricS is the duration of the lowering movement in seconds:
	// from the start of the descent to the arrival at the bottom (squat,
	// bench), or from leaving the top to arriving back at the bottom
	// (press, deadlift, clean, snatch). Pauses at either end are not
	// counted (see above for the error).
	EccentricS float64 `json:"eccentric_s"`
	// ConcentricS is the duration of the lifting movement in seconds, the
	// mirror of EccentricS. In a clean or snatch it spans the pull, the
	// catch and the recovery to standing.
	ConcentricS float64 `json:"concentric_s"`
	// RangeOfMotionM is the vertical travel of the moving reference (mid-
	// hip for the squat, wrists otherwise) in metres: the highest minus
	// the lowest smoothed height between StartFrame and EndFrame. Image
	// vertical only: a camera tilted by a° shortens it by 1 − cos a.
	RangeOfMotionM float64 `json:"range_of_motion_m"`
	// DepthDeltaM (squat, side view only) is hip height minus knee height
	// at BottomFrame, in metres, from the hip and knee keypoints of the
	// side nearer the camera. Negative means the hip joint is below the
	// knee joint ("below parallel"). The keypoints are joint centres: the
	// powerlifting rule (hip crease below the top of the knee) is about
	// 2–4 cm stricter than joint centres level, and BlazePose places the
	// hip point with a few centimetres' uncertainty, so values within
	// ±3 cm of zero are at parallel within the method's error.
	DepthDeltaM *float64 `json:"depth_hip_minus_knee_m,omitempty"`
	// BelowParallel is DepthDeltaM < 0 (squat, side view only).
	BelowParallel *bool `json:"below_parallel,omitempty"`
	// Confidence in [0,1] that the repetition and its timing are right:
	// the visibility the model gives the measured leg's hip, knee and
	// ankle over the repetition, × (0.5 + 0.5 × size), size rising from 0
	// at 100 px of body height to 1 at 250 px. Under 0.6 the app shows the
	// repetition as uncertain.
	Confidence float64 `json:"confidence"`
	// MinKneeDeg is the smallest interior hip–knee–ankle angle in the
	// image between StartFrame and EndFrame, in degrees (180 = straight
	// leg). Side view: the leg nearer the camera, so it is the sagittal
	// knee angle (knee flexion = 180 − MinKneeDeg). Front view: the
	// smaller of both legs' projected angles, which mostly reflects the
	// thigh pointing at the camera, not flexion. 0 when never seen.
	MinKneeDeg float64 `json:"min_knee_angle_deg"`
	// TrunkAtBottomDeg is the angle of the mid-hip→mid-shoulder segment
	// from the image vertical, in degrees, at the lowest point of the
	// reference (BottomFrame for squat and bench, StartFrame for the
	// others: the set-up before the lift). Side view: positive when the
	// shoulders are ahead of the hips, ahead being the way the toes point
	// (heel→toe, median over the clip). Front view it is the sideways
	// tilt, positive toward image right. Lying on a bench it is about 90
	// and says nothing.
	TrunkAtBottomDeg float64 `json:"trunk_lean_at_bottom_deg"`
	// BarPathDevM is the largest horizontal distance, in metres, of the
	// bar proxy (wrists, smoothed) from its position at StartFrame during
	// the repetition. Side view: forward/back drift; front view: sideways
	// drift. The wrists are not the bar: a hand that rotates around the
	// bar adds up to a few centimetres.
	BarPathDevM float64 `json:"bar_path_horizontal_deviation_m"`
	// KneeValgusDeg (front view only) is the frontal-plane projection
	// angle (FPPA) at the lowest point: 180 − the interior hip–knee–ankle
	// angle in the image, signed positive when the knee lies medial of
	// (toward the other leg from) the hip–ankle line and negative when
	// lateral, averaged over the frames within 0.1 s of the lowest point;
	// the larger of the two legs' values. With the thighs pointing at the
	// camera at the bottom of a squat, the 2D projection exaggerates the
	// 3D angle, and a camera off square mixes knee flexion into it.
	KneeValgusDeg *float64 `json:"knee_valgus_deg,omitempty"`

	// Sub-frame phase boundaries in frames: start, arrival at the turn,
	// departure from it, end.
	start, arrive, depart, end float64
	// low is the frame of the reference's lowest point, where the posture
	// metrics are taken: BottomFrame (squat, bench) or StartFrame.
	low int
}

// BarPoint is one frame of the bar proxy's path (the wrists), in metres
// relative to its position at the first repetition's StartFrame (the
// first frame where it is seen when there is no repetition): X toward
// image right, Y up. Frames where the wrists are not seen are left out.
type BarPoint struct {
	Frame int     `json:"frame"`
	T     float64 `json:"t_s"`
	X     float64 `json:"x_m"`
	Y     float64 `json:"y_m"`
}

// Finding is one issue found in the set, by key; Severity is in (0, 1].
type Finding struct {
	Key      string  `json:"key"`
	Severity float64 `json:"severity"`
}

// Result is the analysis of one set.
type Result struct {
	Exercise Exercise `json:"exercise"`
	// View is "side" or "front" (see the package doc).
	View  string `json:"view"`
	Reps  []Rep  `json:"reps"`
	Count int    `json:"rep_count"`
	// Summaries over the repetitions (mean, sample SD, count).
	Eccentric     stats.Stat `json:"eccentric_s"`
	Concentric    stats.Stat `json:"concentric_s"`
	RangeOfMotion stats.Stat `json:"range_of_motion_m"`
	TrunkAtBottom stats.Stat `json:"trunk_lean_at_bottom_deg"`
	BarPathDev    stats.Stat `json:"bar_path_horizontal_deviation_m"`
	// BarPath is the bar proxy per frame where seen, for plotting.
	BarPath []BarPoint `json:"bar_path"`
	// Findings, worst (highest severity) first; empty when nothing is
	// worth pointing out.
	Findings []Finding `json:"findings"`
	// PixelsPerMetre is the scale used: body height in pixels / HeightM.
	PixelsPerMetre float64 `json:"pixels_per_metre"`
}

// eccentricFirst reports whether a repetition starts at the top.
func (e Exercise) eccentricFirst() bool { return e == Squat || e == Bench }

// Analyze counts and measures the repetitions of one set. It returns
// ErrNoReps (with the view, scale and bar path filled in where they could
// be measured) when there is no complete repetition, and an error for an
// unknown exercise or a non-positive frame rate.
func Analyze(frames []*pose.Person, o Options) (Result, error) {
	a, res, err := prepare(frames, o)
	if err != nil {
		return res, err
	}
	res.Reps = a.reps()
	if len(res.Reps) == 0 {
		res.BarPath = a.barPath(res.Reps)
		return res, ErrNoReps
	}
	a.summarise(&res)
	return res, nil
}

// prepare checks the options, fills in their defaults and sets up the
// analysis: the view, scale and series, without repetitions yet.
func prepare(frames []*pose.Person, o Options) (*analysis, Result, error) {
	if o.Exercise == "" {
		o.Exercise = Squat
	}
	known := false
	for _, e := range Exercises {
		known = known || e == o.Exercise
	}
	if !known {
		return nil, Result{}, fmt.Errorf("lift: unknown exercise %q", o.Exercise)
	}
	if o.HeightM <= 0 {
		o.HeightM = pose.DefaultHeightM
	}
	if o.MinVisibility == 0 {
		o.MinVisibility = 0.3
	}
	res := Result{Exercise: o.Exercise, View: "side", Reps: []Rep{}, BarPath: []BarPoint{}, Findings: []Finding{}}
	present := 0
	for _, p := range frames {
		if p != nil && len(p.Keypoints) >= pose.NumBlazePose {
			present++
		}
	}
	if present == 0 {
		return nil, res, ErrNoReps
	}
	if !(o.FPS > 0) {
		return nil, res, fmt.Errorf("lift: FPS must be > 0, got %g", o.FPS)
	}
	frames = usable(frames)
	a := newAnalysis(frames, o)
	if a == nil {
		return nil, res, ErrNoReps
	}
	res.View = a.view
	res.PixelsPerMetre = a.ppm
	return a, res, nil
}

// summarise counts the repetitions, draws the bar path from the first
// one and sums them up into the summaries and findings.
func (a *analysis) summarise(res *Result) {
	res.Count = len(res.Reps)
	res.BarPath = a.barPath(res.Reps)
	var ecc, con, rom, trunk, dev []float64
	for _, r := range res.Reps {
		ecc, con, rom = append(ecc, r.EccentricS), append(con, r.ConcentricS), append(rom, r.RangeOfMotionM)
		trunk, dev = append(trunk, r.TrunkAtBottomDeg), append(dev, r.BarPathDevM)
	}
	res.Eccentric, res.Concentric, res.RangeOfMotion = stats.Of(ecc), stats.Of(con), stats.Of(rom)
	res.TrunkAtBottom, res.BarPathDev = stats.Of(trunk), stats.Of(dev)
	res.Findings = findings(*res, a.o)
}

// usable replaces frames without a full BlazePose keypoint set by nil.
func usable(frames []*pose.Person) []*pose.Person {
	out := make([]*pose.Person, len(frames))
	for i, p := range frames {
		if p != nil && len(p.Keypoints) >= pose.NumBlazePose {
			out[i] = p
		}
	}
	return out
}

// bodyHeight is the 75th percentile over frames of gait.BodyHeightPixels
// of each frame alone (see the package doc).
func bodyHeight(frames []*pose.Person) float64 {
	var hs []float64
	one := make([]*pose.Person, 1)
	for _, p := range frames {
		if p == nil {
			continue
		}
		one[0] = p
		if h := gait.BodyHeightPixels(one); h > 0 {
			hs = append(hs, h)
		}
	}
	return percentile(hs, 0.75)
}

// detectView applies the width ratio described in the package doc.
func detectView(frames []*pose.Person, h float64) string {
	var rs []float64
	d := func(a, b pose.Keypoint) float64 { return angles.Of(a).Sub(angles.Of(b)).Len() }
	for _, p := range frames {
		if p == nil {
			continue
		}
		k := p.Keypoints
		rs = append(rs, (d(k[pose.LeftShoulder], k[pose.RightShoulder])+d(k[pose.LeftHip], k[pose.RightHip]))/h)
	}
	if percentile(rs, 0.5) >= frontRatio {
		return "front"
	}
	return "side"
}

// frontRatio: see the package doc's "Camera view".
const frontRatio = 0.18

// facing is +1 when the athlete faces image right, −1 left: the sign of
// the median heel→toe x over frames where both are seen (either foot),
// else of ear→nose.
func facing(frames []*pose.Person, mv float32) float64 {
	var dx []float64
	for _, p := range frames {
		for _, f := range [][2]int{{pose.LeftHeel, pose.LeftFootIndex}, {pose.RightHeel, pose.RightFootIndex}} {
			if angles.Visible(p, mv, f[0], f[1]) {
				dx = append(dx, float64(p.Keypoints[f[1]].X-p.Keypoints[f[0]].X))
			}
		}
	}
	if len(dx) == 0 {
		for _, p := range frames {
			if angles.Visible(p, mv, pose.Nose, pose.LeftEar, pose.RightEar) {
				k := p.Keypoints
				dx = append(dx, float64(k[pose.Nose].X)-float64(k[pose.LeftEar].X+k[pose.RightEar].X)/2)
			}
		}
	}
	if percentile(dx, 0.5) < 0 {
		return -1
	}
	return 1
}

func percentile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	pos := q * float64(len(s)-1)
	i := int(math.Floor(pos))
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}
