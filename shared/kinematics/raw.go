package kinematics

import (
	"math"
	"strconv"

	"motionlab/shared/analysis"
	"motionlab/shared/pose"
)

// FromRaw reads raw_data back into per-frame people (BlazePose-33, nil
// where the athlete is not seen) and joint angles, so that the web app and
// a test reading the API compute the panel from the same numbers.
func FromRaw(raw analysis.RawData) ([]*pose.Person, []map[string]float64) {
	n := int(math.Round(raw.Info.Duration * raw.Info.FPS))
	if raw.Info.Frames > 0 {
		n = raw.Info.Frames
	}
	frames, angs := make([]*pose.Person, n), make([]map[string]float64, n)
	index := map[string]int{}
	for i, p := range pose.BlazePose33.Points {
		index[p.Name] = i
	}
	for k, lm := range raw.Frames {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= n || lm == nil {
			continue
		}
		kp := make([]pose.Keypoint, len(pose.BlazePose33.Points))
		for name, p := range lm {
			if j, ok := index[name]; ok {
				kp[j] = pose.Keypoint{X: p.X, Y: p.Y, Z: p.Z, Visibility: p.Visibility}
			}
		}
		frames[i], angs[i] = &pose.Person{Keypoints: kp}, raw.Angles[k]
	}
	return frames, angs
}
