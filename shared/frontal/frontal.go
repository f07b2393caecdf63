// Package frontal analyses a runner filmed from behind (the back view):
// it finds each foot's stance phases in the image and measures four
// frontal-plane angles during them — contralateral pelvic drop, hip
// adduction, knee adduction (dynamic valgus) and a rearfoot eversion
// (pronation) proxy — per stance and as left/right means. Pure Go,
// standard library only: the browser (js/wasm) and the server compute the
// same numbers from the same keypoints.
//
// Input is one *pose.Person per frame (nil where the runner is missing)
// with BlazePose-33 keypoints in image pixels (x right, y down), already
// cleaned by track.Clean (gaps filled, zero-lag low-pass). A keypoint is
// used when its Visibility is at least Options.MinVisibility.
//
// Conventions. Every angle is measured in the image, i.e. it is the 2D
// projection of a 3D angle onto the image plane, in degrees. "Medial"
// means toward the other leg: for the left leg it is the image direction
// from the left hip toward the right hip, taken once per clip from the
// median image x order of the hips (shoulders, knees, then ankles when the
// hips are not seen). In a back view the runner's left side appears on
// the image left, so medial is image right for the left leg and image left
// for the right leg; in a front view (runner facing the camera, see
// Result.Mirrored) the hip order flips and so does medial, so the angles
// keep their anatomical sign and side. Sides follow the pose model's
// left/right labels: if the model labels the legs the wrong way round,
// left and right values are swapped.
//
// Stances. The lowest point of a foot is the larger image y of its heel
// and toe (foot index) keypoints. The body scale S is the shank (knee to
// ankle) length: per frame the longer of the two shanks, then the 90th
// percentile over ±0.5 s, so it follows a runner who shrinks as they run
// away from the camera. A foot is down while (a) its lowest point is
// within 0.15 S of its own local ground level, the largest image y of that
// foot within ±0.3 s (so the ground may rise in the image over an
// overground clip), (b) it moves vertically slower than 2 S per second and
// (c) over the run it is mostly the lower of the two feet. Runs of down
// frames (gaps of up to 40 ms bridged) lasting at least 0.06 s are stance
// candidates. Their ends are then refined from the foot's vertical image
// speed: initial contact is where the descending speed of the landing
// foot has fallen halfway from its peak in the 0.15 s before the stance
// to the foot's median speed in stance; toe-off is where the rising speed
// has grown halfway from that stance speed to its peak in the 0.15 s
// after. The low-pass filter smears the foot's speed step at a touchdown
// or lift-off symmetrically, so the halfway point marks the event without
// bias, with sub-frame interpolation. Where the speed changes by less than
// 0.5 S per second (no clear step) the ends of the run of down frames are
// used instead. Stance candidates touching the clip's start or end or a
// run of frames without the runner are dropped, as are stances shorter
// than 0.06 s or than 40 % of the clip's median contact time.
//
// Limits of stance detection: the method assumes the planted foot stays
// at about the same image height. On a treadmill the belt carries the
// planted foot toward the camera, so it slides down the image during
// stance by about h·d / (l·D) shank lengths (h camera height, d belt
// travel during the contact, l shank length, D camera-to-foot distance;
// e.g. h 0.5 m, d 0.9 m at 3.5 m/s, l 0.43 m, D 3 m: 0.35). Slides up to
// 0.4 shank lengths per stance pass the synthetic tests; beyond that
// stances are cut short or missed: film with the camera low (shin to knee
// height) and at least 3 m behind the belt. A shuffling gait whose swing
// foot barely leaves the ground is not separated from stance. Verified on
// synthetic back-view runners (30/60/120 fps, treadmill and overground
// with the runner shrinking to 60 %, 1 px noise, dropped frames, front
// view): every stance found, contact and toe-off within one frame (two
// at 120 fps), cadence within 1 %.
package frontal

import (
	"math"
	"slices"

	"motionlab/shared/angles"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
)

// Options tune Analyze.
type Options struct {
	FPS float64
	// FullBody false computes only the pronation proxy (API parameter
	// full_body): hips and shoulders need not be in the picture.
	FullBody bool
	// MinVisibility below which a keypoint counts as unseen (0.3 when 0).
	MinVisibility float32
}

// Stat is a mean over stances with its sample standard deviation (0 for
// one stance) and the number of stances.
type Stat = stats.Stat

// LegStance holds one leg's stance-phase values in degrees: each is the
// mean over that leg's stances of the per-stance peak (see Stance for the
// definitions). A pointer is nil (omitted in JSON) when the measure was
// not computed (FullBody false) or could not be measured in any stance;
// Pronation is always present in JSON (null when not measurable).
type LegStance struct {
	PelvicDrop    *Stat `json:"pelvic_drop_deg,omitempty"`
	HipAdduction  *Stat `json:"hip_adduction_deg,omitempty"`
	KneeAdduction *Stat `json:"knee_adduction_deg,omitempty"`
	Pronation     *Stat `json:"pronation_deg"`
}

// GaitCycle is the per-leg summary: Left holds the stances of the left
// foot, Right those of the right foot.
type GaitCycle struct {
	Left  LegStance `json:"left"`
	Right LegStance `json:"right"`
}

// Stance is one stance phase found in the back view, with the peak of
// each frontal-plane angle during it (degrees, nil when not computed or
// when the keypoints it needs were not seen in stance).
//
// Peak: the angle is computed in every stance frame; the frames within
// 15 % of the stance duration of contact or toe-off are left out (the
// low-pass filter blends them with swing), a least-squares parabola in
// time is fitted through the rest and its maximum over the span of those
// frames is the peak; when the parabola curves upward (no maximum) its
// value in the middle of the span is used. This resists keypoint jitter,
// which biases a single-frame maximum upward (the largest of a few noisy
// frames), at the cost of rounding off a peak sharper than about a third
// of the stance. With fewer than three such frames the largest frame value
// is used. Jitter still biases the peak slightly upward: on synthetic
// runners with 1 px keypoint noise the bias is under 0.3° for every
// measure, with 3 px noise on 30 fps video about +1° for the pronation
// proxy.
//
// Definitions (the stance leg is the leg of Foot; "medial" is toward the
// other leg, see the package comment):
//
//   - PelvicDrop: contralateral pelvic drop, the angle of the line through
//     the two hip keypoints against the image horizontal,
//     atan2(y_other − y_stance, |x_other − x_stance|): positive when the
//     hip of the swing (contralateral) side is lower in the image than
//     the stance-side hip, i.e. the pelvis drops on the side opposite the
//     stance leg. Needs both hips. Limits: a camera rolled by θ adds +θ
//     to one side's value and −θ to the other's (keep the phone level);
//     pelvic rotation about the vertical shortens the hip line in the
//     image and enlarges the angle; the hip keypoints are estimated joint
//     centres under clothing and soft tissue.
//   - HipAdduction: the frontal-plane projection angle of the thigh, the
//     angle of the segment hip→knee against the image vertical (downward),
//     positive when the knee lies medial of the hip (adduction). It is
//     measured against the vertical, not against the pelvis: thigh-to-
//     pelvis adduction is about this value plus the pelvic drop. Needs the
//     hip and knee.
//   - KneeAdduction: the frontal-plane projection angle (FPPA) at the knee,
//     180° minus the interior angle hip–knee–ankle, positive when the knee
//     lies medial of the line from hip to ankle (dynamic knee valgus),
//     negative when lateral (varus). Equivalently the thigh's angle from
//     the vertical minus the shank's, both positive medially. Needs hip,
//     knee and ankle. Limits: knee flexion (about 40° at mid-stance) seen
//     from a camera not exactly behind the runner, or with the hip rotated
//     internally, projects into apparent valgus; loose trousers hide the
//     knee.
//   - Pronation: a rearfoot-angle proxy, the angle between the shank
//     (knee→ankle) and the heel segment (ankle→heel keypoint), positive
//     when the heel segment is turned laterally relative to the shank
//     (calcaneal eversion, i.e. pronation), negative for inversion. 0 when
//     the heel lies on the extension of the shank. Needs knee, ankle and
//     heel. Limits: the ankle→heel segment is short (a few percent of body
//     height) so one pixel of keypoint error is a degree or more: film the
//     feet large (camera at shin height, close, ≥ 60 fps); the heel
//     keypoint is placed on the shoe, so heel counters, soles and
//     cushioning alter the value, and it is not a marker-based rearfoot
//     angle: compare a runner with themself rather than with
//     laboratory norms.
type Stance struct {
	Foot         string `json:"foot"` // "left" | "right"
	ContactFrame int    `json:"contact_frame"`
	// ToeOffFrame is the first frame after the stance (foot off again).
	ToeOffFrame int `json:"toe_off_frame"`
	// ContactTime (s) is toe-off − initial contact, both interpolated
	// between frames (so it may differ from the frame difference by less
	// than a frame).
	ContactTime   float64  `json:"contact_time_s"`
	PelvicDrop    *float64 `json:"pelvic_drop_deg,omitempty"`
	HipAdduction  *float64 `json:"hip_adduction_deg,omitempty"`
	KneeAdduction *float64 `json:"knee_adduction_deg,omitempty"`
	Pronation     *float64 `json:"pronation_deg,omitempty"`
}

// Result is the back-view analysis of a clip.
type Result struct {
	GaitCycle GaitCycle `json:"gait_cycle"`
	// Steps are the stances of both feet in order of contact.
	Steps []Stance `json:"steps"`
	// Cadence (steps per minute) is 60 divided by the step time, the slope
	// of a least-squares line through the initial-contact times against
	// their step number (a gap of k median step times counts k steps);
	// 0 with fewer than 2 stances.
	Cadence float64 `json:"cadence_spm"`
	// Mirrored is true when the runner appears to face the camera (left
	// side on the image right): a majority vote over frames of the image x
	// order of the shoulders and of the hips (the left ones on the image
	// right) and, when the model gives depth, of the nose being nearer the
	// camera than the ears. Angles are still reported per anatomical side.
	Mirrored bool `json:"mirrored"`
}

// Tuning constants; see the package comment.
const (
	defaultMinVis = 0.3
	scaleWindow   = 0.5  // s, half-width of the shank-length percentile window
	scalePct      = 0.9  // percentile of shank lengths taken as the body scale
	levelWindow   = 0.3  // s, half-width of a foot's local ground level window
	coarseBand    = 0.15 // S, lowest point within this of the local ground level
	stillSpeed    = 2.0  // S/s, vertical speed bound of a planted foot
	holeFill      = 0.04 // s, gaps in a run of down frames bridged
	minStance     = 0.06 // s, shortest stance
	eventSearch   = 0.15 // s, where the landing/lift-off speed peak is sought
	minKink       = 0.5  // S/s, speed change that marks an event sharply
	outlierShort  = 0.4  // stances shorter than this share of the median are dropped
	edgeSkip      = 0.15 // share of stance at each end left out of the peak fit
)

type leg struct {
	name                               string
	hip, knee, ankle, heel, toe, other int
}

var legs = [2]leg{
	{"left", pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.LeftHeel, pose.LeftFootIndex, pose.RightHip},
	{"right", pose.RightHip, pose.RightKnee, pose.RightAnkle, pose.RightHeel, pose.RightFootIndex, pose.LeftHip},
}

// Measures, in the order of the per-frame angle arrays.
const (
	mPelvicDrop = iota
	mHipAdduction
	mKneeAdduction
	mPronation
	numMeasures
)

// Analyze runs the back-view analysis on a cleaned track. Empty input or a
// non-positive frame rate gives the zero Result.
func Analyze(frames []*pose.Person, o Options) Result {
	if len(frames) == 0 || !(o.FPS > 0) {
		return Result{}
	}
	minVis := o.MinVisibility
	if minVis == 0 {
		minVis = defaultMinVis
	}
	res := Result{Mirrored: facingCamera(frames, minVis)}
	// medial[s] is the image x direction toward the other leg for leg s.
	sgn := lateralSign(frames, minVis)
	medial := [2]float64{sgn, -sgn}

	scale := bodyScale(frames, o.FPS, minVis)
	found := findStances(frames, o.FPS, minVis, scale)
	if len(found) == 0 {
		return res
	}

	var perLeg [2][numMeasures][]float64
	for _, st := range found {
		s := st.leg
		out := Stance{
			Foot:         legs[s].name,
			ContactFrame: st.contactFrame(),
			ToeOffFrame:  st.toeOffFrame(),
			ContactTime:  stats.Round((st.to-st.tc)/o.FPS, 3),
		}
		for m := 0; m < numMeasures; m++ {
			if m != mPronation && !o.FullBody {
				continue
			}
			v, ok := stancePeak(frames, st, func(p *pose.Person) float64 {
				return measure(p, m, s, medial[s], minVis)
			})
			if !ok {
				continue
			}
			perLeg[s][m] = append(perLeg[s][m], v)
			r := stats.Round(v, 2)
			switch m {
			case mPelvicDrop:
				out.PelvicDrop = &r
			case mHipAdduction:
				out.HipAdduction = &r
			case mKneeAdduction:
				out.KneeAdduction = &r
			case mPronation:
				out.Pronation = &r
			}
		}
		res.Steps = append(res.Steps, out)
	}
	for s, ls := range []*LegStance{&res.GaitCycle.Left, &res.GaitCycle.Right} {
		ls.PelvicDrop = statOf(perLeg[s][mPelvicDrop])
		ls.HipAdduction = statOf(perLeg[s][mHipAdduction])
		ls.KneeAdduction = statOf(perLeg[s][mKneeAdduction])
		ls.Pronation = statOf(perLeg[s][mPronation])
	}
	res.Cadence = cadence(found, o.FPS)
	return res
}

// ---- angles ----

// measure computes frontal-plane angle m of leg s in one frame (degrees),
// NaN when a keypoint it needs is not seen. medial is the image x
// direction toward the other leg.
func measure(p *pose.Person, m, s int, medial float64, minVis float32) float64 {
	l := legs[s]
	pt := func(i int) angles.Vec { return angles.Of(p.Keypoints[i]) }
	switch m {
	case mPelvicDrop:
		if !angles.Visible(p, minVis, l.hip, l.other) {
			return math.NaN()
		}
		st, ot := pt(l.hip), pt(l.other)
		dx, dy := math.Abs(ot.X-st.X), ot.Y-st.Y
		if dx == 0 && dy == 0 {
			return math.NaN()
		}
		return deg(math.Atan2(dy, dx))
	case mHipAdduction:
		if !angles.Visible(p, minVis, l.hip, l.knee) {
			return math.NaN()
		}
		return fromDown(pt(l.hip), pt(l.knee), medial)
	case mKneeAdduction:
		if !angles.Visible(p, minVis, l.hip, l.knee, l.ankle) {
			return math.NaN()
		}
		h, k, a := pt(l.hip), pt(l.knee), pt(l.ankle)
		return wrap(fromDown(h, k, medial) - fromDown(k, a, medial))
	case mPronation:
		if !angles.Visible(p, minVis, l.knee, l.ankle, l.heel) {
			return math.NaN()
		}
		k, a, h := pt(l.knee), pt(l.ankle), pt(l.heel)
		// Shank minus heel segment, both measured medially from the
		// vertical: positive when the heel segment turns laterally.
		return wrap(fromDown(k, a, medial) - fromDown(a, h, medial))
	}
	return math.NaN()
}

// fromDown is the angle of the segment from→to against the image's
// downward vertical, positive toward image x direction dir. NaN for a
// segment of no length.
func fromDown(from, to angles.Vec, dir float64) float64 {
	d := to.Sub(from)
	if d.X == 0 && d.Y == 0 {
		return math.NaN()
	}
	return deg(math.Atan2(dir*d.X, d.Y))
}

func deg(rad float64) float64 { return rad * 180 / math.Pi }

// wrap maps an angle in degrees to (−180, 180].
func wrap(a float64) float64 {
	for a > 180 {
		a -= 360
	}
	for a <= -180 {
		a += 360
	}
	return a
}

// stancePeak is the peak of f over the stance frames (see Stance).
func stancePeak(frames []*pose.Person, st stance, f func(*pose.Person) float64) (float64, bool) {
	var ps, vs, all []float64
	dur := st.to - st.tc
	for k := st.contactFrame(); k < st.toeOffFrame() && k < len(frames); k++ {
		if k < 0 || frames[k] == nil {
			continue
		}
		v := f(frames[k])
		if math.IsNaN(v) {
			continue
		}
		all = append(all, v)
		if p := (float64(k) - st.tc) / dur; p >= edgeSkip && p <= 1-edgeSkip {
			ps, vs = append(ps, p), append(vs, v)
		}
	}
	if len(vs) < 3 {
		if len(all) == 0 {
			return 0, false
		}
		return slices.Max(all), true
	}
	c, ok := fitParabola(ps, vs)
	if !ok {
		return slices.Max(vs), true
	}
	lo, hi := slices.Min(ps), slices.Max(ps)
	at := func(p float64) float64 { return c[0] + c[1]*p + c[2]*p*p }
	if c[2] >= 0 {
		// No maximum: no peak inside the window, or jitter. The ends
		// of a fitted parabola are its noisiest part, so take the middle.
		return at((lo + hi) / 2), true
	}
	return at(math.Max(lo, math.Min(hi, -c[1]/(2*c[2])))), true
}

// fitParabola is the least-squares fit v ≈ c0 + c1·p + c2·p².
func fitParabola(ps, vs []float64) ([3]float64, bool) {
	// Centre p for conditioning.
	var mp float64
	for _, p := range ps {
		mp += p
	}
	mp /= float64(len(ps))
	var a [3][4]float64
	for i, p := range ps {
		x := p - mp
		row := [3]float64{1, x, x * x}
		for r := 0; r < 3; r++ {
			for c := 0; c < 3; c++ {
				a[r][c] += row[r] * row[c]
			}
			a[r][3] += row[r] * vs[i]
		}
	}
	// Gaussian elimination with partial pivoting.
	for col := 0; col < 3; col++ {
		piv := col
		for r := col + 1; r < 3; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[piv][col]) {
				piv = r
			}
		}
		if math.Abs(a[piv][col]) < 1e-12 {
			return [3]float64{}, false
		}
		a[col], a[piv] = a[piv], a[col]
		for r := 0; r < 3; r++ {
			if r == col {
				continue
			}
			f := a[r][col] / a[col][col]
			for c := col; c < 4; c++ {
				a[r][c] -= f * a[col][c]
			}
		}
	}
	b := [3]float64{a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]}
	// Back from x = p − mp to p.
	return [3]float64{b[0] - b[1]*mp + b[2]*mp*mp, b[1] - 2*b[2]*mp, b[2]}, true
}

func statOf(v []float64) *Stat {
	if len(v) == 0 {
		return nil
	}
	st := stats.Of(v)
	st.Mean, st.SD = stats.Round(st.Mean, 2), stats.Round(st.SD, 2)
	return &st
}

// round rounds x to 1/per (per = 100: two decimals).

// ---- orientation ----

// lateralSign is +1 when the runner's right side appears on the image
// right (back view), −1 when on the image left (front view): the sign of
// the median image x offset from the left to the right hip, or from the
// shoulders, knees or ankles when the hips are not seen. +1 when nothing
// tells.
func lateralSign(frames []*pose.Person, minVis float32) float64 {
	for _, pr := range [][2]int{
		{pose.LeftHip, pose.RightHip}, {pose.LeftShoulder, pose.RightShoulder},
		{pose.LeftKnee, pose.RightKnee}, {pose.LeftAnkle, pose.RightAnkle},
	} {
		var d []float64
		for _, p := range frames {
			if angles.Visible(p, minVis, pr[0], pr[1]) {
				d = append(d, float64(p.Keypoints[pr[1]].X-p.Keypoints[pr[0]].X))
			}
		}
		if len(d) > 0 {
			if stats.Median(d) < 0 {
				return -1
			}
			return 1
		}
	}
	return 1
}

// facingCamera votes over frames whether the runner faces the camera:
// per frame, the shoulders' and the hips' image x order (left one on the
// image right: facing) and, when the model gives depth (any Z non-zero),
// the nose's depth against the ears' (nose nearer the camera: facing).
func facingCamera(frames []*pose.Person, minVis float32) bool {
	hasZ := false
	for _, p := range frames {
		if p == nil || len(p.Keypoints) <= pose.RightEar {
			continue
		}
		for _, i := range []int{pose.Nose, pose.LeftEar, pose.RightEar} {
			if p.Keypoints[i].Z != 0 {
				hasZ = true
			}
		}
	}
	votes := 0
	for _, p := range frames {
		for _, pr := range [][2]int{{pose.LeftShoulder, pose.RightShoulder}, {pose.LeftHip, pose.RightHip}} {
			if angles.Visible(p, minVis, pr[0], pr[1]) {
				switch d := p.Keypoints[pr[1]].X - p.Keypoints[pr[0]].X; {
				case d < 0:
					votes++
				case d > 0:
					votes--
				}
			}
		}
		if hasZ && p != nil && len(p.Keypoints) > pose.RightEar {
			// Depth is estimated for unseen points too; the nose of a
			// runner seen from behind is hidden by design.
			k := p.Keypoints
			switch d := k[pose.Nose].Z - (k[pose.LeftEar].Z+k[pose.RightEar].Z)/2; {
			case d < 0:
				votes++
			case d > 0:
				votes--
			}
		}
	}
	return votes > 0
}

// ---- stance detection ----

// stance is a detected stance of leg; tc and to are the interpolated
// initial contact and toe-off times in frames.
type stance struct {
	leg    int
	tc, to float64
}

func (s stance) contactFrame() int { return int(math.Ceil(s.tc - 1e-9)) }
func (s stance) toeOffFrame() int  { return int(math.Ceil(s.to - 1e-9)) }

// bodyScale is S per frame (NaN where unknown): the 90th percentile over
// ±scaleWindow of the longer shank's image length.
func bodyScale(frames []*pose.Person, fps float64, minVis float32) []float64 {
	n := len(frames)
	raw := make([]float64, n)
	for i, p := range frames {
		raw[i] = math.NaN()
		for _, l := range legs {
			if angles.Visible(p, minVis, l.knee, l.ankle) {
				d := angles.Of(p.Keypoints[l.ankle]).Sub(angles.Of(p.Keypoints[l.knee])).Len()
				if math.IsNaN(raw[i]) || d > raw[i] {
					raw[i] = d
				}
			}
		}
	}
	w := max(1, int(math.Round(scaleWindow*fps)))
	out := make([]float64, n)
	buf := make([]float64, 0, 2*w+1)
	for i := range out {
		buf = buf[:0]
		for j := max(0, i-w); j <= min(n-1, i+w); j++ {
			if !math.IsNaN(raw[j]) {
				buf = append(buf, raw[j])
			}
		}
		if len(buf) == 0 || math.IsNaN(raw[i]) && frames[i] == nil {
			out[i] = math.NaN()
			continue
		}
		slices.Sort(buf)
		out[i] = buf[int(math.Round(scalePct*float64(len(buf)-1)))]
	}
	return out
}

// findStances detects the stances of both feet, in order of contact.
func findStances(frames []*pose.Person, fps float64, minVis float32, scale []float64) []stance {
	n := len(frames)
	var low [2][]float64
	for s, l := range legs {
		low[s] = make([]float64, n)
		for i, p := range frames {
			low[s][i] = math.NaN()
			for _, k := range []int{l.heel, l.toe} {
				if angles.Visible(p, minVis, k) && !math.IsNaN(scale[i]) {
					low[s][i] = math.Max(nanTo(low[s][i], math.Inf(-1)), float64(p.Keypoints[k].Y))
				}
			}
		}
	}
	var all []stance
	for s := range legs {
		all = append(all, footStances(s, low[s], low[1-s], scale, fps)...)
	}
	if len(all) == 0 {
		return nil
	}
	// Drop stances much shorter than the clip's median (a foot hovering).
	d := make([]float64, len(all))
	for i, st := range all {
		d[i] = st.to - st.tc
	}
	med := stats.Median(d)
	kept := all[:0]
	for _, st := range all {
		if st.to-st.tc >= outlierShort*med {
			kept = append(kept, st)
		}
	}
	slices.SortFunc(kept, func(a, b stance) int {
		switch {
		case a.tc < b.tc:
			return -1
		case a.tc > b.tc:
			return 1
		}
		return 0
	})
	return kept
}

func nanTo(x, v float64) float64 {
	if math.IsNaN(x) {
		return v
	}
	return x
}

// footStances finds the stances of one foot from its lowest point y (NaN
// where unseen), the other foot's lowest point and the body scale.
func footStances(s int, y, other, scale []float64, fps float64) []stance {
	n := len(y)
	valid := func(i int) bool { return i >= 0 && i < n && !math.IsNaN(y[i]) }
	// Blocks of consecutive valid frames.
	blockStart, blockEnd := make([]int, n), make([]int, n)
	for i := 0; i < n; {
		if !valid(i) {
			i++
			continue
		}
		j := i
		for j+1 < n && valid(j+1) {
			j++
		}
		for k := i; k <= j; k++ {
			blockStart[k], blockEnd[k] = i, j
		}
		i = j + 1
	}
	// Vertical speed (px/s, positive downward).
	v := make([]float64, n)
	for i := range v {
		switch {
		case !valid(i):
			v[i] = math.NaN()
		case valid(i-1) && valid(i+1):
			v[i] = (y[i+1] - y[i-1]) * fps / 2
		case valid(i + 1):
			v[i] = (y[i+1] - y[i]) * fps
		case valid(i - 1):
			v[i] = (y[i] - y[i-1]) * fps
		default:
			v[i] = 0
		}
	}
	// Down frames.
	lw := max(1, int(math.Round(levelWindow*fps)))
	down := make([]bool, n)
	for i := range down {
		if !valid(i) {
			continue
		}
		level := y[i]
		for j := max(blockStart[i], i-lw); j <= min(blockEnd[i], i+lw); j++ {
			level = math.Max(level, y[j])
		}
		down[i] = y[i] >= level-coarseBand*scale[i] && math.Abs(v[i]) <= stillSpeed*scale[i]
	}
	// Bridge short holes inside a block.
	hole := max(1, int(math.Round(holeFill*fps)))
	for i := 0; i < n; {
		if !down[i] {
			i++
			continue
		}
		j := i + 1
		for j < n && !down[j] && valid(j) {
			j++
		}
		if j < n && down[j] && j-i-1 <= hole {
			for k := i + 1; k < j; k++ {
				down[k] = true
			}
		}
		i = j
	}
	minLen := max(2, int(math.Ceil(minStance*fps-1e-9)))
	search := max(2, int(math.Round(eventSearch*fps)))
	var out []stance
	for a := 0; a < n; {
		if !down[a] {
			a++
			continue
		}
		b := a
		for b+1 < n && down[b+1] {
			b++
		}
		next := b + 1
		if st, ok := refine(s, a, b, y, other, v, scale, blockStart[a], blockEnd[a], minLen, search, fps); ok {
			out = append(out, st)
		}
		a = next
	}
	return out
}

// refine checks the run [a, b] of down frames and locates its initial
// contact and toe-off.
func refine(s, a, b int, y, other, v, scale []float64, bs, be, minLen, search int, fps float64) (stance, bool) {
	if b-a+1 < minLen || a == bs || b == be {
		return stance{}, false
	}
	lower := 0
	for i := a; i <= b; i++ {
		if math.IsNaN(other[i]) || y[i] >= other[i] {
			lower++
		}
	}
	if 2*lower < b-a+1 {
		return stance{}, false
	}
	q := (b - a + 1) / 4
	vst := stats.Median(v[a+q : b-q+1])
	sc := stats.Median(scale[a : b+1])
	// Initial contact: halfway down from the landing speed peak.
	lo := max(bs, a-search)
	kpk := lo
	for k := lo; k <= min(b, a+1); k++ {
		if v[k] > v[kpk] {
			kpk = k
		}
	}
	if kpk == bs {
		return stance{}, false // the landing may lie before the first frame
	}
	tc := float64(a)
	if v[kpk]-vst >= minKink*sc {
		th := (v[kpk] + vst) / 2
		k := kpk
		for k+1 <= b && v[k+1] > th {
			k++
		}
		if k+1 <= b {
			tc = float64(k) + (v[k]-th)/(v[k]-v[k+1])
		}
	}
	// Toe-off: halfway up to the lift-off speed peak.
	hi := min(be, b+search)
	kup := hi
	for k := hi; k >= max(a, b-1); k-- {
		if v[k] < v[kup] {
			kup = k
		}
	}
	if kup == be {
		return stance{}, false // the lift-off may lie after the last frame
	}
	to := float64(b + 1)
	if vst-v[kup] >= minKink*sc {
		th := (vst + v[kup]) / 2
		k := kup
		for k-1 >= a && v[k-1] < th {
			k--
		}
		if k-1 >= a {
			to = float64(k-1) + (v[k-1]-th)/(v[k-1]-v[k])
		}
	}
	if to-tc < minStance*fps || tc <= float64(bs) || to >= float64(be) {
		return stance{}, false
	}
	return stance{leg: s, tc: tc, to: to}, true
}

// cadence is 60 / step time, the step time being the slope of a
// least-squares line through the contact times against step numbers.
func cadence(st []stance, fps float64) float64 {
	if len(st) < 2 {
		return 0
	}
	// Typical step time: consecutive stances of opposite feet are one
	// step apart, of the same foot (a step missed between) two.
	var steps []float64
	for i := 1; i < len(st); i++ {
		d := st[i].tc - st[i-1].tc
		if st[i].leg == st[i-1].leg {
			d /= 2
		}
		steps = append(steps, d)
	}
	t0 := stats.Median(steps)
	if !(t0 > 0) {
		return 0
	}
	idx := []float64{0}
	for i := 1; i < len(st); i++ {
		idx = append(idx, idx[i-1]+math.Max(1, math.Round((st[i].tc-st[i-1].tc)/t0)))
	}
	var mx, my float64
	for i := range st {
		mx += idx[i]
		my += st[i].tc
	}
	mx /= float64(len(st))
	my /= float64(len(st))
	var sxy, sxx float64
	for i := range st {
		sxy += (idx[i] - mx) * (st[i].tc - my)
		sxx += (idx[i] - mx) * (idx[i] - mx)
	}
	if sxx == 0 || sxy <= 0 {
		return 0
	}
	return stats.Round(60*fps/(sxy/sxx), 1)
}
