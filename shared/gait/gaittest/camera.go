package gaittest

import (
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// Followed is frames as a camera that follows the runner films them: it
// keeps the mid-hip at x 640, zooms by zoom(i) (1: the runner's own
// scale) and shifts the picture down by tilt(i) pixels; it returns the
// frames and the camera's motion into each (track.Camera's layout). Every
// frame must hold the runner.
func Followed(frames []*pose.Person, zoom, tilt func(i int) float32) ([]*pose.Person, []track.Motion) {
	n := len(frames)
	centre := make([][2]float32, n) // image = zoom·scene − centre
	cam := make([]track.Motion, n)
	out := make([]*pose.Person, n)
	for i, p := range frames {
		hx := (p.Keypoints[pose.LeftHip].X + p.Keypoints[pose.RightHip].X) / 2
		centre[i] = [2]float32{zoom(i)*hx - 640, zoom(i)*360 - 360 + tilt(i)}
		cam[i] = track.Identity
		if i > 0 {
			k := zoom(i) / zoom(i-1)
			cam[i] = track.Motion{k, 0, k*centre[i-1][0] - centre[i][0], k*centre[i-1][1] - centre[i][1]}
		}
		q := *p
		q.Keypoints = append(q.Keypoints[:0:0], p.Keypoints...)
		for j := range q.Keypoints {
			q.Keypoints[j].X = zoom(i)*q.Keypoints[j].X - centre[i][0]
			q.Keypoints[j].Y = zoom(i)*q.Keypoints[j].Y - centre[i][1]
		}
		out[i] = &q
	}
	return out, cam
}
