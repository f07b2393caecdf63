package coaching

import (
	"math"

	"motionlab/shared/angles"
	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/running"
	"motionlab/shared/stats"
)

// minVis is the keypoint visibility below which a point counts as unseen
// (the analysis's, see gait.MinVisibility).
const minVis = gait.MinVisibility

// Winter's anthropometric table: leg length (greater trochanter to floor)
// is 0.530 of standing height, thigh + shank 0.491, the ankle 0.039 above
// the floor.
const (
	legFromHeight   = 0.530
	ankleFromHeight = 0.039
	legPerSegments  = 0.530 / 0.491
)

type side struct {
	right                                   bool
	hip, knee, ankle, heel, wrist, shoulder int
}

var sides = []side{
	{false, pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.LeftHeel, pose.LeftWrist, pose.LeftShoulder},
	{true, pose.RightHip, pose.RightKnee, pose.RightAnkle, pose.RightHeel, pose.RightWrist, pose.RightShoulder},
}

func sideOf(f gait.Foot) side {
	if f == gait.RightFoot {
		return sides[1]
	}
	return sides[0]
}

func poseSide(s side) pose.Side {
	if s.right {
		return pose.Right
	}
	return pose.Left
}

// legFromKeypoints estimates leg length: the median over frames of thigh
// + shank (mean of the seen sides) in metres, plus the ankle's height.
// The pixel scale comes from the runner's height, so the estimate follows
// the runner's own proportions only as far as the segments differ from
// Winter's table.
func legFromKeypoints(frames []*pose.Person, ppm, heightM float64) (float64, string) {
	if ppm <= 0 {
		return legFromHeight * heightM, "height"
	}
	var ls []float64
	for _, p := range frames {
		var sum float64
		var n int
		for _, s := range sides {
			if angles.Visible(p, minVis, s.hip, s.knee, s.ankle) {
				k := p.Keypoints
				sum += angles.Of(k[s.hip]).Sub(angles.Of(k[s.knee])).Len() + angles.Of(k[s.knee]).Sub(angles.Of(k[s.ankle])).Len()
				n++
			}
		}
		if n > 0 {
			ls = append(ls, sum/float64(n))
		}
	}
	if len(ls) == 0 {
		return legFromHeight * heightM, "height"
	}
	return stats.Median(ls)/ppm + ankleFromHeight*heightM, "keypoints"
}

// thighAngle is the thigh's (hip→knee) angle from the downward vertical,
// positive with the knee ahead in the direction of travel.
func thighAngle(p *pose.Person, s side, dir float64) float64 {
	if !angles.Visible(p, minVis, s.hip, s.knee) {
		return math.NaN()
	}
	d := angles.Of(p.Keypoints[s.knee]).Sub(angles.Of(p.Keypoints[s.hip]))
	return math.Atan2(dir*d.X, d.Y) * 180 / math.Pi
}

// sideValues measures the side-view coaching metrics.
func sideValues(frames []*pose.Person, scene *gait.Scene, r *running.Result, p Profile) map[string]sided {
	v := r.SideView
	m := v.Metrics
	ppm := m.PixelsPerMetre
	leg := p.LegLengthM
	dir := func(int) float64 { return 1 }
	if scene != nil {
		dir = scene.DirAt
	}
	out := map[string]sided{}
	if m.Cadence > 0 {
		out["cadence"] = one(m.Cadence)
	}
	if m.DutyFactor.N > 0 {
		out["duty_factor"] = one(100 * m.DutyFactor.Mean)
	}
	if m.TrunkLean.N > 0 {
		out["trunk_lean"] = one(m.TrunkLean.Mean)
	}
	if vo := m.VerticalOscillation; vo.N > 0 {
		out["vertical_oscillation_cm"] = one(vo.Mean)
		if leg > 0 {
			out["vertical_oscillation_leg"] = one(vo.Mean / leg) // cm / (100 leg) × 100
		}
		if m.StepLength.N > 0 && m.StepLength.Mean > 0 {
			out["vertical_ratio"] = one(vo.Mean / m.StepLength.Mean)
		}
	}
	var os, ahead sided
	// Only the steps the means count (gait.Metrics.Counted).
	use := m.Counted()
	counted := map[int]bool{}
	for i, st := range m.Steps {
		if use[i] {
			counted[st.Contact.Contact] = true
		}
	}
	for _, s := range v.Overstride.Steps {
		if !counted[s.ContactFrame] {
			continue
		}
		right := s.Foot == gait.RightFoot
		os.add(right, s.AngleDeg)
		if s.FootAheadM != 0 && leg > 0 {
			ahead.add(right, 100*s.FootAheadM/leg)
		}
	}
	out["overstride"], out["foot_ahead_of_hip"] = os, ahead

	at := func(i int, f func(*pose.Person, float64) float64) float64 {
		if i < 0 || i >= len(frames) || frames[i] == nil {
			return math.NaN()
		}
		return f(frames[i], dir(i))
	}
	var ct, hipExt, kneeC, kneeM, drive, heel, head sided
	for i, st := range m.Steps {
		if !use[i] {
			continue
		}
		s := sideOf(st.Foot)
		ps := poseSide(s)
		ct.add(s.right, 1000*st.ContactTime)
		knee := func(q *pose.Person, d float64) float64 { return running.JointAngle(q, ps, running.Knee, d, minVis) }
		hip := func(q *pose.Person, d float64) float64 { return running.JointAngle(q, ps, running.Hip, d, minVis) }
		kneeC.add(s.right, at(st.Contact.Contact, knee))
		lo, hi := math.Inf(1), math.Inf(-1)
		for f := st.Contact.Contact; f < st.ToeOff; f++ {
			if h := at(f, hip); !math.IsNaN(h) {
				lo = math.Min(lo, h)
			}
			if k := at(f, knee); !math.IsNaN(k) {
				hi = math.Max(hi, k)
			}
		}
		hipExt.add(s.right, -lo)
		kneeM.add(s.right, hi)
		if ppm > 0 && leg > 0 {
			head.add(s.right, 100*noseDrop(frames, st)/ppm/leg)
		}
		// Swing: toe-off to the same foot's next contact.
		next := -1
		for _, n := range m.Steps[i+1:] {
			if n.Foot == st.Foot {
				next = n.Contact.Contact
				break
			}
		}
		if next < 0 {
			continue
		}
		peak := math.Inf(-1)
		for f := st.ToeOff; f < next; f++ {
			if a := at(f, func(q *pose.Person, d float64) float64 { return thighAngle(q, s, d) }); !math.IsNaN(a) {
				peak = math.Max(peak, a)
			}
		}
		drive.add(s.right, peak)
		if ppm > 0 && leg > 0 {
			mid := (st.Contact.Contact + st.ToeOff - 1) / 2
			if q := frames[mid]; angles.Visible(q, minVis, s.heel) {
				base := float64(q.Keypoints[s.heel].Y)
				top := math.Inf(1)
				for f := st.ToeOff; f < next; f++ {
					if q := frames[f]; angles.Visible(q, minVis, s.heel) {
						top = math.Min(top, float64(q.Keypoints[s.heel].Y))
					}
				}
				heel.add(s.right, 100*(base-top)/ppm/leg)
			}
		}
	}
	out["ground_contact_time"], out["hip_extension"], out["knee_flexion_contact"] = ct, hipExt, kneeC
	out["knee_flexion_midstance"], out["knee_drive"], out["heel_recovery"], out["head_drop"] = kneeM, drive, heel, head

	var arm, elbow sided
	for _, sd := range []struct {
		right bool
		j     map[running.Joint]running.JointEvents
	}{{false, v.JointAngles.Left}, {true, v.JointAngles.Right}} {
		if e, ok := sd.j[running.Shoulder]; ok && e.Range > 0 {
			arm.add(sd.right, e.Range)
		}
		if e, ok := sd.j[running.Elbow]; ok && e.Range > 0 {
			elbow.add(sd.right, (e.Min+e.Max)/2)
		}
	}
	out["arm_swing"], out["elbow_angle"] = arm, elbow
	// Head drop is one value for the body, not per side.
	out["head_drop"] = sided{all: append(head.left, head.right...)}
	return out
}

// noseDrop is how far (px, down positive) the nose goes from initial
// contact to its lowest point in the stance; NaN when not seen.
func noseDrop(frames []*pose.Person, st gait.Step) float64 {
	c := frames[st.Contact.Contact]
	if !angles.Visible(c, minVis, pose.Nose) {
		return math.NaN()
	}
	y0 := float64(c.Keypoints[pose.Nose].Y)
	low := y0
	for f := st.Contact.Contact; f < st.ToeOff && f < len(frames); f++ {
		if q := frames[f]; angles.Visible(q, minVis, pose.Nose) {
			low = math.Max(low, float64(q.Keypoints[pose.Nose].Y))
		}
	}
	return low - y0
}
