package running

import (
	"math"

	"motionlab/shared/angles"
	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
)

// Joint names a sagittal-plane angle, reported per side.
type Joint string

const (
	Ankle    Joint = "ankle"
	Knee     Joint = "knee"
	Hip      Joint = "hip"
	Shoulder Joint = "shoulder"
	Elbow    Joint = "elbow"
)

// Joints in report order.
var Joints = []Joint{Ankle, Knee, Hip, Shoulder, Elbow}

type limb struct {
	shoulder, elbow, wrist, hip, knee, ankle, heel, toe int
}

var limbs = map[pose.Side]limb{
	pose.Left:  {pose.LeftShoulder, pose.LeftElbow, pose.LeftWrist, pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.LeftHeel, pose.LeftFootIndex},
	pose.Right: {pose.RightShoulder, pose.RightElbow, pose.RightWrist, pose.RightHip, pose.RightKnee, pose.RightAnkle, pose.RightHeel, pose.RightFootIndex},
}

// JointAngle is the sagittal angle of one joint on one side in degrees,
// NaN when its keypoints are not seen. dir is the direction of travel in
// the image (+1 right, −1 left). Definitions (all 0 in upright standing):
//
//   - ankle: dorsiflexion, 90° minus the angle between the shank
//     (ankle→knee) and the foot (heel→toe); plantarflexion is negative.
//   - knee: flexion, 180° minus the hip–knee–ankle angle.
//   - hip: flexion, the angle between the trunk (hip→shoulder, reversed)
//     and the thigh (hip→knee), positive with the knee ahead of the trunk
//     line; extension is negative.
//   - shoulder: flexion, the angle between the trunk (shoulder→hip) and
//     the upper arm (shoulder→elbow), positive with the elbow ahead.
//   - elbow: flexion, 180° minus the shoulder–elbow–wrist angle.
func JointAngle(p *pose.Person, side pose.Side, j Joint, dir float64, minVis float32) float64 {
	l := limbs[side]
	k := p.Keypoints
	need := map[Joint][]int{
		Ankle: {l.knee, l.ankle, l.heel, l.toe}, Knee: {l.hip, l.knee, l.ankle},
		Hip: {l.shoulder, l.hip, l.knee}, Shoulder: {l.shoulder, l.elbow, l.hip}, Elbow: {l.shoulder, l.elbow, l.wrist},
	}[j]
	if !angles.Visible(p, minVis, need...) {
		return math.NaN()
	}
	v := func(i int) angles.Vec { return angles.Of(k[i]) }
	switch j {
	case Ankle:
		shank := v(l.knee).Sub(v(l.ankle))
		foot := v(l.toe).Sub(v(l.heel))
		return 90 - angles.Interior(shank, angles.Vec{}, foot)
	case Knee:
		return angles.Flexion(v(l.hip), v(l.knee), v(l.ankle))
	case Hip:
		return segmentFromDown(v(l.hip), v(l.knee), dir) - segmentFromDown(v(l.shoulder), v(l.hip), dir)
	case Shoulder:
		return segmentFromDown(v(l.shoulder), v(l.elbow), dir) - segmentFromDown(v(l.shoulder), v(l.hip), dir)
	case Elbow:
		return angles.Flexion(v(l.shoulder), v(l.elbow), v(l.wrist))
	}
	return math.NaN()
}

// segmentFromDown is the angle of from→to against the downward vertical,
// positive when to lies ahead (in the direction of travel).
func segmentFromDown(from, to angles.Vec, dir float64) float64 {
	d := to.Sub(from)
	return math.Atan2(dir*d.X, d.Y) * 180 / math.Pi
}

// TrunkLean is the trunk's forward lean from vertical in degrees (mid-hip
// to mid-shoulder), positive leaning forward.
func TrunkLean(p *pose.Person, dir float64, minVis float32) float64 {
	if !angles.Visible(p, minVis, pose.LeftHip, pose.RightHip, pose.LeftShoulder, pose.RightShoulder) {
		return math.NaN()
	}
	k := p.Keypoints
	return angles.FromVertical(angles.Mid(k[pose.LeftHip], k[pose.RightHip]), angles.Mid(k[pose.LeftShoulder], k[pose.RightShoulder]), dir)
}

// FrameAngles are one frame's sagittal angles keyed "left_knee",
// "right_hip", …, plus "trunk_lean"; joints not seen are left out.
func FrameAngles(p *pose.Person, dir float64, minVis float32) map[string]float64 {
	out := map[string]float64{}
	if p == nil {
		return out
	}
	for _, side := range []pose.Side{pose.Left, pose.Right} {
		for _, j := range Joints {
			if a := JointAngle(p, side, j, dir, minVis); !math.IsNaN(a) {
				out[string(side)+"_"+string(j)] = stats.Round(a, 1)
			}
		}
	}
	if a := TrunkLean(p, dir, minVis); !math.IsNaN(a) {
		out["trunk_lean"] = stats.Round(a, 1)
	}
	return out
}

// TrackAngles are FrameAngles for every frame of a cleaned track, each
// measured against the direction of travel the analysis's scene saw in
// that frame (image right without a scene), nil where the athlete is not
// seen.
func TrackAngles(frames []*pose.Person, scene *gait.Scene) []map[string]float64 {
	dir := func(int) float64 { return 1 }
	if scene != nil {
		dir = scene.DirAt
	}
	out := make([]map[string]float64, len(frames))
	for i, p := range frames {
		if p != nil {
			out[i] = FrameAngles(p, dir(i), gait.MinVisibility)
		}
	}
	return out
}
