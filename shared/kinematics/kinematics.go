// Package kinematics differentiates an athlete's track: per joint and
// segment the angle (°), angular velocity (°/s) and angular acceleration
// (°/s²), and the centre of mass's speed (m/s) and acceleration (m/s²).
//
// Derivatives of raw keypoints are mostly noise, so every series is first
// low-pass filtered (zero-lag Butterworth, CutoffHz) over each run of seen
// frames, then differentiated by central differences. The web app's
// kinematics panel and the tests call the same Compute.
package kinematics

import (
	"math"

	"motionlab/shared/angles"
	"motionlab/shared/filter"
	"motionlab/shared/pose"
	"motionlab/shared/sprint"
)

// CutoffHz is the low-pass cut-off applied before differentiating: 6 Hz
// is the usual choice for running and sprinting kinematics (Winter).
const CutoffHz = 6.0

// MaxGap is the longest run of unseen frames bridged by interpolation
// before filtering; longer gaps split the series.
const MaxGap = 3

// minVisibility is the keypoint visibility a segment needs to be measured.
const minVisibility = 0.3

// Series is one quantity frame by frame; NaN where it is not known.
type Series struct {
	Name      string    `json:"name"`
	Kind      string    `json:"kind"` // "joint", "segment" or "com"
	Unit      string    `json:"unit"` // of Value; Rate is Unit/s and Accel Unit/s²
	RateUnit  string    `json:"rate_unit"`
	AccelUnit string    `json:"accel_unit"`
	Value     []float64 `json:"value"`
	Rate      []float64 `json:"rate"`
	Accel     []float64 `json:"accel"`
}

// Panel is every series of a clip, in display order.
type Panel struct {
	FPS    float64  `json:"fps"`
	Series []Series `json:"series"`
}

// Joints are the joint angles shown, keys of raw_data's angles (flexion, °).
var Joints = []string{"left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow"}

// segment is a body segment from one keypoint to another.
type segment struct {
	name     string
	from, to int
}

// Segments are measured against the image's horizontal (to the right,
// counter-clockwise positive, as seen), in degrees.
var segments = []segment{
	{"trunk", -1, -1}, // mid-hip → mid-shoulder
	{"left_thigh", pose.LeftHip, pose.LeftKnee}, {"right_thigh", pose.RightHip, pose.RightKnee},
	{"left_shank", pose.LeftKnee, pose.LeftAnkle}, {"right_shank", pose.RightKnee, pose.RightAnkle},
	{"left_upper_arm", pose.LeftShoulder, pose.LeftElbow}, {"right_upper_arm", pose.RightShoulder, pose.RightElbow},
	{"left_forearm", pose.LeftElbow, pose.LeftWrist}, {"right_forearm", pose.RightElbow, pose.RightWrist},
}

// Compute differentiates a clip: frames and jointAngles are per frame (nil
// where the athlete is not seen), fps the frame rate and ppm the scale in
// pixels per metre (≤ 0: the centre of mass's series are left out).
func Compute(frames []*pose.Person, jointAngles []map[string]float64, fps, ppm float64) Panel {
	p := Panel{FPS: fps}
	if fps <= 0 {
		return p
	}
	for _, j := range Joints {
		v := make([]float64, len(jointAngles))
		for i, m := range jointAngles {
			v[i] = math.NaN()
			if a, ok := m[j]; ok {
				v[i] = a
			}
		}
		p.Series = append(p.Series, angular(j, "joint", v, fps))
	}
	for _, s := range segments {
		p.Series = append(p.Series, angular(s.name, "segment", unwrap(segmentAngles(frames, s)), fps))
	}
	if ppm > 0 {
		p.Series = append(p.Series, centreOfMass(frames, fps, ppm))
	}
	return p
}

// angular is an angle series (°) with its derivatives.
func angular(name, kind string, deg []float64, fps float64) Series {
	v, r, a := Differentiate(deg, fps)
	return Series{Name: name, Kind: kind, Unit: "°", RateUnit: "°/s", AccelUnit: "°/s²", Value: v, Rate: r, Accel: a}
}

// segmentAngles is segment s's angle against the horizontal per frame.
func segmentAngles(frames []*pose.Person, s segment) []float64 {
	out := make([]float64, len(frames))
	for i, p := range frames {
		out[i] = math.NaN()
		if p == nil {
			continue
		}
		k := p.Keypoints
		if s.from < 0 {
			if angles.Visible(p, minVisibility, pose.LeftHip, pose.RightHip, pose.LeftShoulder, pose.RightShoulder) {
				out[i] = angles.FromHorizontal(angles.Mid(k[pose.LeftHip], k[pose.RightHip]), angles.Mid(k[pose.LeftShoulder], k[pose.RightShoulder]), 1)
			}
			continue
		}
		if angles.Visible(p, minVisibility, s.from, s.to) {
			out[i] = angles.FromHorizontal(angles.Of(k[s.from]), angles.Of(k[s.to]), 1)
		}
	}
	return out
}

// unwrap removes the ±360° jumps of an atan2 angle so that a segment
// turning past 180° does not differentiate to an enormous spike.
func unwrap(deg []float64) []float64 {
	out := append([]float64(nil), deg...)
	prev, shift := math.NaN(), 0.0
	for i, d := range out {
		if math.IsNaN(d) {
			continue
		}
		if !math.IsNaN(prev) {
			for d+shift-prev > 180 {
				shift -= 360
			}
			for d+shift-prev < -180 {
				shift += 360
			}
		}
		out[i] = d + shift
		prev = out[i]
	}
	return out
}

// centreOfMass is the centre of mass's speed (Value, m/s) and its
// acceleration (Rate, m/s²: the speed's rate of change, positive when
// speeding up); Accel is not defined for it (NaN).
func centreOfMass(frames []*pose.Person, fps, ppm float64) Series {
	xs, ys := make([]float64, len(frames)), make([]float64, len(frames))
	for i, p := range frames {
		xs[i], ys[i] = math.NaN(), math.NaN()
		if p == nil {
			continue
		}
		if c, ok := sprint.CentreOfMass(p, minVisibility); ok {
			xs[i], ys[i] = c.X/ppm, c.Y/ppm
		}
	}
	_, vx, ax := Differentiate(xs, fps)
	_, vy, ay := Differentiate(ys, fps)
	speed, acc := make([]float64, len(frames)), make([]float64, len(frames))
	for i := range frames {
		speed[i] = math.Hypot(vx[i], vy[i])
		// The tangential acceleration: the speed's rate of change, the
		// number a coach reads as "still accelerating".
		acc[i] = (vx[i]*ax[i] + vy[i]*ay[i]) / speed[i]
		if speed[i] == 0 {
			acc[i] = 0
		}
	}
	return Series{Name: "centre_of_mass", Kind: "com", Unit: "m/s", RateUnit: "m/s²", Value: speed, Rate: acc, Accel: nanSeries(len(frames))}
}

// Differentiate filters xs (NaN where unknown; gaps up to MaxGap frames
// bridged) and returns the filtered values with their first and second
// derivatives per second, NaN where not known. Each run of known samples
// is filtered on its own; runs too short to differentiate stay NaN.
func Differentiate(xs []float64, fps float64) (v, d1, d2 []float64) {
	n := len(xs)
	v, d1, d2 = nanSeries(n), nanSeries(n), nanSeries(n)
	valid := make([]bool, n)
	for i, x := range xs {
		valid[i] = !math.IsNaN(x)
	}
	filled, ok := filter.FillGaps(xs, valid, MaxGap)
	lp, err := filter.Butterworth(math.Min(CutoffHz, 0.4*fps), fps)
	for _, r := range filter.Runs(ok) {
		start, end := r[0], r[1]
		run := filled[start:end]
		if err == nil && len(run) >= 3 {
			run = lp.FiltFilt(run)
		}
		copy(v[start:end], run)
		derive(run, fps, d1[start:end], d2[start:end])
	}
	return v, d1, d2
}

// derive writes central-difference first and second derivatives of xs
// (one-sided at the ends of the run) into d1 and d2.
func derive(xs []float64, fps float64, d1, d2 []float64) {
	n := len(xs)
	if n < 3 {
		return
	}
	for i := range n {
		lo, hi := max(i-1, 0), min(i+1, n-1)
		if i == 0 || i == n-1 {
			d1[i] = (xs[hi] - xs[lo]) * fps
		} else {
			d1[i] = (xs[hi] - xs[lo]) * fps / 2
		}
		c := min(max(i, 1), n-2) // the second difference at the ends is the neighbour's
		d2[i] = (xs[c+1] - 2*xs[c] + xs[c-1]) * fps * fps
	}
}

func nanSeries(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// At is series s's value, rate and acceleration at frame i (NaN outside).
func (s Series) At(i int) (v, rate, accel float64) {
	if i < 0 || i >= len(s.Value) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return s.Value[i], s.Rate[i], s.Accel[i]
}
