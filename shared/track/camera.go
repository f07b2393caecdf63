package track

// Motion is the camera's motion from one frame to the next, as a
// similarity in image pixels: a point of the scene at (x, y) in the
// previous frame is at (A·x − B·y + TX, B·x + A·y + TY) in this one. A
// fixed camera gives the identity {1, 0, 0, 0}; a pan shifts by TX, a
// zoom scales by √(A²+B²). The server estimates it from the background
// (video.CameraTracker); a track without it is from a fixed camera.
type Motion [4]float32

// Identity is a camera that did not move.
var Identity = Motion{1, 0, 0, 0}

// Shift is how far a scene point at (x, y) in the previous frame moved in
// the image (dx, dy pixels) because of the camera.
func (m Motion) Shift(x, y float64) (dx, dy float64) {
	a, b, tx, ty := float64(m[0]), float64(m[1]), float64(m[2]), float64(m[3])
	if a == 0 && b == 0 {
		return 0, 0 // unset: no estimate
	}
	return a*x - b*y + tx - x, b*x + a*y + ty - y
}
