package coaching

import (
	"math"

	"motionlab/shared/angles"
	"motionlab/shared/pose"
	"motionlab/shared/running"
	"motionlab/shared/stats"
)

// rearValues measures the rear-view coaching metrics. Distances are in %
// of leg length measured in the same frames (thigh + shank in pixels,
// scaled by Winter's ratio), so the camera's distance cancels.
func rearValues(frames []*pose.Person, r *running.Result, p Profile) map[string]sided {
	b := r.BackView
	out := map[string]sided{}
	if b.Cadence > 0 {
		out["cadence"] = one(b.Cadence)
	}
	var ct, drop, hipAdd, kneeAdd, pron, cross sided
	type landing struct {
		right  bool
		x, leg float64
	}
	var lands []landing
	for _, st := range b.Steps {
		right := st.Foot == "right"
		s := sides[0]
		if right {
			s = sides[1]
		}
		ct.add(right, 1000*st.ContactTime)
		for _, kv := range []struct {
			dst *sided
			v   *float64
		}{{&drop, st.PelvicDrop}, {&hipAdd, st.HipAdduction}, {&kneeAdd, st.KneeAdduction}, {&pron, st.Pronation}} {
			if kv.v != nil {
				kv.dst.add(right, *kv.v)
			}
		}
		var xs, cs, legs []float64
		for f := st.ContactFrame; f < st.ToeOffFrame && f < len(frames); f++ {
			q := frames[f]
			lp := legPx(q)
			if !angles.Visible(q, minVis, pose.LeftHip, pose.RightHip, s.ankle) || math.IsNaN(lp) {
				continue
			}
			k := q.Keypoints
			other := sides[1]
			if right {
				other = sides[0]
			}
			medial := sign(float64(k[other.hip].X - k[s.hip].X))
			mid := float64(k[pose.LeftHip].X+k[pose.RightHip].X) / 2
			xs, legs = append(xs, float64(k[s.ankle].X)), append(legs, lp)
			cs = append(cs, 100*medial*(float64(k[s.ankle].X)-mid)/lp)
		}
		if len(xs) > 0 {
			cross.add(right, stats.Median(cs))
			lands = append(lands, landing{right, stats.Median(xs), stats.Median(legs)})
		}
	}
	out["contact_time_rear"], out["pelvic_drop"], out["hip_adduction"], out["knee_adduction"], out["pronation"] = ct, drop, hipAdd, kneeAdd, pron
	out["crossover"] = cross
	var width sided
	for i := 1; i < len(lands); i++ {
		a, c := lands[i-1], lands[i]
		if a.right != c.right {
			width.all = append(width.all, 100*math.Abs(a.x-c.x)/((a.leg+c.leg)/2))
		}
	}
	out["step_width"] = width

	// Per stride (a stance to the same foot's next stance): trunk and head
	// sway, and each wrist's crossing of the midline.
	var sway, headSway, arms sided
	for i, st := range b.Steps {
		end := -1
		for _, n := range b.Steps[i+1:] {
			if n.Foot == st.Foot {
				end = n.ContactFrame
				break
			}
		}
		if end < 0 || end > len(frames) {
			continue
		}
		tlo, thi := math.Inf(1), math.Inf(-1)
		var nose, noseT, legs []float64
		armMax := [2]float64{math.Inf(-1), math.Inf(-1)}
		for f := st.ContactFrame; f < end; f++ {
			q := frames[f]
			if !angles.Visible(q, minVis, pose.LeftHip, pose.RightHip, pose.LeftShoulder, pose.RightShoulder) {
				continue
			}
			k := q.Keypoints
			hip, sh := angles.Mid(k[pose.LeftHip], k[pose.RightHip]), angles.Mid(k[pose.LeftShoulder], k[pose.RightShoulder])
			a := angles.FromVertical(hip, sh, 1)
			tlo, thi = math.Min(tlo, a), math.Max(thi, a)
			lp := legPx(q)
			if math.IsNaN(lp) {
				continue
			}
			legs = append(legs, lp)
			if angles.Visible(q, minVis, pose.Nose) {
				nose, noseT = append(nose, float64(k[pose.Nose].X)), append(noseT, float64(f))
			}
			for j, s := range sides {
				other := sides[1-j]
				if angles.Visible(q, minVis, s.wrist) {
					medial := sign(float64(k[other.shoulder].X - k[s.shoulder].X))
					armMax[j] = math.Max(armMax[j], 100*medial*(float64(k[s.wrist].X)-sh.X)/lp)
				}
			}
		}
		if !math.IsInf(tlo, 0) {
			sway.all = append(sway.all, thi-tlo)
		}
		if len(nose) >= 3 && len(legs) > 0 {
			headSway.all = append(headSway.all, 100*detrendedRange(noseT, nose)/stats.Median(legs))
		}
		for j := range sides {
			if !math.IsInf(armMax[j], 0) {
				arms.add(j == 1, armMax[j])
			}
		}
	}
	out["lateral_trunk_sway"], out["head_lateral_sway"], out["arm_crossover"] = sway, headSway, arms
	return out
}

// legPx is the longer of the two legs' thigh + shank in pixels, scaled
// to full leg length; NaN when neither leg is seen.
func legPx(q *pose.Person) float64 {
	best := math.NaN()
	for _, s := range sides {
		if angles.Visible(q, minVis, s.hip, s.knee, s.ankle) {
			k := q.Keypoints
			l := angles.Of(k[s.hip]).Sub(angles.Of(k[s.knee])).Len() + angles.Of(k[s.knee]).Sub(angles.Of(k[s.ankle])).Len()
			if math.IsNaN(best) || l > best {
				best = l
			}
		}
	}
	return best * legPerSegments
}

// detrendedRange is the range of y after removing the straight line from
// its first to its last sample (the runner drifting across the frame).
func detrendedRange(t, y []float64) float64 {
	n := len(y)
	slope := 0.0
	if t[n-1] != t[0] {
		slope = (y[n-1] - y[0]) / (t[n-1] - t[0])
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range y {
		d := y[i] - y[0] - slope*(t[i]-t[0])
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	return hi - lo
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}
