package running

import (
	"math"
	"testing"

	"motionlab/shared/pose"
)

// standing builds an upright person facing image right (dir +1) with the
// given knee flexion on the left leg; the right leg is straight.
func standing(kneeFlex float64) *pose.Person {
	k := make([]pose.Keypoint, pose.NumBlazePose)
	set := func(i int, x, y float64) { k[i] = pose.Keypoint{X: float32(x), Y: float32(y), Visibility: 1} }
	for _, s := range []struct{ sh, el, wr, hip, knee, ank, heel, toe int }{
		{pose.LeftShoulder, pose.LeftElbow, pose.LeftWrist, pose.LeftHip, pose.LeftKnee, pose.LeftAnkle, pose.LeftHeel, pose.LeftFootIndex},
		{pose.RightShoulder, pose.RightElbow, pose.RightWrist, pose.RightHip, pose.RightKnee, pose.RightAnkle, pose.RightHeel, pose.RightFootIndex},
	} {
		set(s.sh, 100, 100)
		set(s.el, 100, 150)
		set(s.wr, 130, 150) // forearm forward: elbow at 90°
		set(s.hip, 100, 200)
		set(s.knee, 100, 250)
		set(s.ank, 100, 300)
		set(s.heel, 95, 310)
		set(s.toe, 125, 310)
	}
	// Bend the left knee: shank rotates backward by kneeFlex.
	r := kneeFlex * math.Pi / 180
	set(pose.LeftAnkle, 100-50*math.Sin(r), 250+50*math.Cos(r))
	set(pose.Nose, 105, 60)
	return &pose.Person{Keypoints: k}
}

func TestJointAngles(t *testing.T) {
	p := standing(30)
	for _, c := range []struct {
		side pose.Side
		j    Joint
		want float64
	}{
		{pose.Left, Knee, 30}, {pose.Right, Knee, 0}, {pose.Right, Hip, 0}, {pose.Right, Shoulder, 0},
		{pose.Right, Elbow, 90}, {pose.Right, Ankle, 0},
	} {
		if got := JointAngle(p, c.side, c.j, 1, 0.3); math.Abs(got-c.want) > 0.01 {
			t.Errorf("%s %s = %.2f, want %.0f", c.side, c.j, got, c.want)
		}
	}
	// Facing left mirrors x: the same pose mirrored gives the same angles.
	m := standing(30)
	for i := range m.Keypoints {
		m.Keypoints[i].X = 400 - m.Keypoints[i].X
	}
	if got := JointAngle(m, pose.Right, Elbow, -1, 0.3); math.Abs(got-90) > 0.01 {
		t.Errorf("mirrored elbow %.2f", got)
	}
	if got := TrunkLean(m, -1, 0.3); math.Abs(got) > 0.01 {
		t.Errorf("upright trunk lean %.2f", got)
	}
	if a := FrameAngles(p, 1, 0.3); len(a) != 11 || a["left_knee"] != 30 {
		t.Errorf("FrameAngles = %v", a)
	}
	p.Keypoints[pose.LeftKnee].Visibility = 0
	if !math.IsNaN(JointAngle(p, pose.Left, Knee, 1, 0.3)) {
		t.Error("hidden knee must give NaN")
	}
}
