package video

import (
	"image"
	"math"

	"gocv.io/x/gocv"

	"motionlab/shared/camera"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// CameraTracker estimates how the camera moved between consecutive frames
// (pan, tilt, zoom) from the background: corners found outside the people
// in the previous frame are followed into the next with pyramidal
// Lucas–Kanade optical flow, and a similarity is fitted to them with
// RANSAC (OpenCV's estimateAffinePartial2D), so moving limbs and static
// overlays (a clock burnt into a broadcast) are outliers. It works on a
// grey copy at most flowWidth pixels wide.
//
// The corners that fit one frame's motion are followed on into the next
// (a KLT tracker) instead of being found afresh: corner detection is a
// third of the stage's time, and it runs again only when fewer than
// minKept corners survive (the background panned out of view, people
// covered it).
type CameraTracker struct {
	prev  gocv.Mat
	scale float64
	kept  []gocv.Point2f // corners in prev that fitted the last motion
}

const (
	flowWidth  = 480 // px: enough texture, a few ms per frame
	maxCorners = 400
	minKept    = maxCorners / 2
	minTracked = 12 // fewer flow vectors than this: no estimate (identity)
	// inlierPx: a corner followed on must land within this distance (flow
	// pixels) of where the fitted motion puts it: what moved otherwise
	// (a limb, a ball) is dropped.
	inlierPx = 1.0
)

// NewCameraTracker starts a camera-motion estimate for one video.
func NewCameraTracker() *CameraTracker { return &CameraTracker{prev: gocv.NewMat()} }

// Close frees the OpenCV buffers.
func (c *CameraTracker) Close() { c.prev.Close() }

// Next returns the camera's motion from the previous frame into img.
// people are the boxes of everyone tracked in the previous frame: no
// corner is taken on them. The first frame, and a frame whose background
// has too little texture, give the identity.
func (c *CameraTracker) Next(img *frame.RGB, people []pose.Box) track.Motion {
	cur := c.grey(img)
	defer func() { c.prev.Close(); c.prev = cur }()
	if c.prev.Empty() {
		return track.Identity
	}
	pts := c.background(c.kept, people)
	if len(pts) < minKept {
		pts = c.background(c.corners(), people)
	}
	c.kept = nil
	if len(pts) < minTracked {
		return track.Identity
	}
	from := gocv.NewMatWithSize(len(pts), 1, gocv.MatTypeCV32FC2)
	defer from.Close()
	for i, p := range pts {
		from.SetFloatAt(i, 0, p.X)
		from.SetFloatAt(i, 1, p.Y)
	}
	to, status, errs := gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	defer to.Close()
	defer status.Close()
	defer errs.Close()
	gocv.CalcOpticalFlowPyrLK(c.prev, cur, from, to, &status, &errs)
	var a, b []gocv.Point2f
	for i := range pts {
		if status.GetUCharAt(i, 0) == 1 {
			v := to.GetVecfAt(i, 0)
			a, b = append(a, pts[i]), append(b, gocv.Point2f{X: v[0], Y: v[1]})
		}
	}
	if len(a) < minTracked {
		return track.Identity
	}
	va, vb := gocv.NewPoint2fVectorFromPoints(a), gocv.NewPoint2fVectorFromPoints(b)
	defer va.Close()
	defer vb.Close()
	m := gocv.EstimateAffinePartial2D(va, vb)
	defer m.Close()
	if m.Empty() || m.Rows() != 2 || m.Cols() != 3 {
		return track.Identity
	}
	ma, mb := m.GetDoubleAt(0, 0), m.GetDoubleAt(1, 0)
	tx, ty := m.GetDoubleAt(0, 2)/c.scale, m.GetDoubleAt(1, 2)/c.scale
	if !camera.Plausible(ma, mb, tx, ty) {
		return track.Identity
	}
	c.keep(a, b, ma, mb, m.GetDoubleAt(0, 2), m.GetDoubleAt(1, 2))
	return track.Motion{float32(ma), float32(mb), float32(tx), float32(ty)}
}

// corners are the strongest corners of the previous frame.
func (c *CameraTracker) corners() []gocv.Point2f {
	m := gocv.NewMat()
	defer m.Close()
	gocv.GoodFeaturesToTrack(c.prev, &m, maxCorners, 0.001, 5)
	pts := make([]gocv.Point2f, m.Rows())
	for i := range pts {
		v := m.GetVecfAt(i, 0)
		pts[i] = gocv.Point2f{X: v[0], Y: v[1]}
	}
	return pts
}

// background is pts less those in the frame's margins or on people.
func (c *CameraTracker) background(pts []gocv.Point2f, people []pose.Box) []gocv.Point2f {
	var out []gocv.Point2f
	w, h := float32(c.prev.Cols()), float32(c.prev.Rows())
	for _, p := range pts {
		if camera.Background(float64(p.X), float64(p.Y), float64(w), float64(h), c.scale, people) {
			out = append(out, p)
		}
	}
	return out
}

// keep stores, for the next frame, where the corners that fit the motion
// (a, b, tx, ty in flow pixels) from a landed: b.
func (c *CameraTracker) keep(from, to []gocv.Point2f, a, b, tx, ty float64) {
	for i, p := range from {
		x := a*float64(p.X) - b*float64(p.Y) + tx
		y := b*float64(p.X) + a*float64(p.Y) + ty
		if math.Hypot(x-float64(to[i].X), y-float64(to[i].Y)) <= inlierPx {
			c.kept = append(c.kept, to[i])
		}
	}
}

// grey is img in grey levels, scaled down to at most flowWidth wide.
func (c *CameraTracker) grey(img *frame.RGB) gocv.Mat {
	out := gocv.NewMat()
	if img.Stride != 3*img.W {
		return out
	}
	rgb, err := gocv.NewMatFromBytes(img.H, img.W, gocv.MatTypeCV8UC3, img.Pix[:img.H*img.Stride])
	if err != nil {
		return out
	}
	defer rgb.Close()
	g := gocv.NewMat()
	defer g.Close()
	code := gocv.ColorRGBToGray
	if img.BGR {
		code = gocv.ColorBGRToGray
	}
	gocv.CvtColor(rgb, &g, code)
	c.scale = math.Min(1, float64(flowWidth)/float64(img.W))
	size := image.Pt(int(math.Round(float64(img.W)*c.scale)), int(math.Round(float64(img.H)*c.scale)))
	gocv.Resize(g, &out, size, 0, 0, gocv.InterpolationArea)
	return out
}
