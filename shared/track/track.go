// Package track turns per-frame detections of one subject into a clean
// keypoint track: left/right leg swaps corrected, short dropouts filled,
// jitter removed by a zero-lag low-pass. The raw track is kept beside the
// filtered one.
package track

import (
	"math"
	"sort"

	"motionlab/shared/filter"
	"motionlab/shared/pose"
)

// Track is one subject's keypoints over a video. Frames[i] is nil where no
// person was found.
type Track struct {
	FPS    float64        `json:"fps"`
	Frames []*pose.Person `json:"frames"`
	// Width and Height of the frames the keypoints are measured in
	// (0 when unknown).
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Camera is the camera's motion into each frame (empty: a fixed
	// camera); the ground's own image motion for event detection.
	Camera []Motion `json:"camera,omitempty"`
}

// inside reports whether keypoint k lies in the picture (always, when its
// size is unknown). The pose model places the points it cannot see past
// the picture's edge by guess, with high visibility: a foot that left the
// picture would otherwise keep "standing" there.
func (t Track) inside(k pose.Keypoint) bool {
	if t.Width <= 0 || t.Height <= 0 {
		return true
	}
	return k.X >= 0 && k.Y >= 0 && k.X <= float32(t.Width) && k.Y <= float32(t.Height)
}

// Options tune Clean.
type Options struct {
	// MaxGap is the longest run of missing frames (in seconds) that is
	// filled by interpolation.
	MaxGap float64
	// Cutoff is the low-pass cut-off in Hz. Sprint studies filter
	// keypoints at 6–12 Hz; 8 Hz keeps foot-strike timing at 30 fps.
	// At or above half the frame rate (8 Hz under 16 frames/s) the track
	// is not low-passed: its samples hold nothing above that to remove,
	// and a lower cut-off would take away motion that a 30 fps track
	// keeps. (Measured on the 15 fps validation variants, 2026-12-05: a
	// cut-off of 0.45 × the frame rate removes the walker's one extra
	// contact, 0.43 × loses two of the overground runner's three; neither
	// is a margin to build on.)
	Cutoff float64
	// MinVisibility: points below it count as missing for filtering.
	MinVisibility float32
}

// DefaultOptions are the settings used unless a caller overrides them.
var DefaultOptions = Options{MaxGap: 0.25, Cutoff: 8, MinVisibility: 0.3}

// legPairs are the left/right point pairs swapped together when the
// model confuses the legs.
var legPairs = [][2]int{
	{pose.LeftHip, pose.RightHip}, {pose.LeftKnee, pose.RightKnee}, {pose.LeftAnkle, pose.RightAnkle},
	{pose.LeftHeel, pose.RightHeel}, {pose.LeftFootIndex, pose.RightFootIndex},
}

// legSwapPairs are the distal points whose motion decides a swap (hips
// barely move between sides in a side view, so they do not vote).
var legSwapPairs = legPairs[1:]

// swapPrior is the cost (in body-scale units, see FixLegSwaps) of
// overruling the model's labels for one frame: about the prediction
// error of a wrongly labelled frame's four leg points, so a flicker of a
// frame or two (which costs two label jumps) is overruled while a long
// stretch the motion cannot decide keeps the model's labels. Chosen on
// the validation clips (0.1–5 tried; 1–2 best, `motionlab validate`).
const swapPrior = 2.0

// FixLegSwaps relabels the legs of each frame so that every leg point
// moves smoothly, and returns how many frames were swapped (in place).
//
// Pose models swap or flicker the left/right labels of the legs for a
// frame or a few where the legs cross in a side view. A greedy frame-to-
// frame check cannot tell a crossing (the two legs' points coincide for a
// frame) from a swap; a constant-velocity prediction can: each frame is
// kept or swapped so that the summed distance of the knee, ankle, heel and
// toe points from where the two previous frames predict them
// (2·p[i−1] − p[i−2]) is smallest over the whole run of frames — a
// Viterbi search over the keep/swap state of two consecutive frames.
// Distances are divided by the body's size (shoulder–hip length), and
// each swapped frame costs swapPrior, so the model's labels stand where
// motion does not decide. Where the camera's motion is known (t.Camera
// for every frame; identity for a fixed camera), a standing foot keeps
// its label too (see anchorCost), and a frame where the model lost a
// standing foot has its feet's points marked unseen.
func FixLegSwaps(t *Track) int {
	swaps := 0
	for start := 0; start < len(t.Frames); {
		if t.Frames[start] == nil {
			start++
			continue
		}
		end := start
		for end < len(t.Frames) && t.Frames[end] != nil {
			end++
		}
		var cam []Motion
		if len(t.Camera) == len(t.Frames) {
			cam = t.Camera[start:end]
		}
		swaps += fixRun(t.Frames[start:end], cam, t.FPS)
		start = end
	}
	return swaps
}

// fixRun relabels one run of consecutive frames (none nil), whose
// camera motion is camera (nil: unknown, no anchors).
func fixRun(run []*pose.Person, camera []Motion, fps float64) int {
	n := len(run)
	if n < 3 {
		return 0
	}
	scale := bodyScale(run)
	var anchors []map[int]int
	if camera != nil {
		var lost []int
		anchors, lost = anchorSides(run, camera, fps, scale)
		for _, i := range lost {
			for _, j := range lostFeet {
				run[i].Keypoints[j].Visibility = 0
			}
		}
	}
	// pt is leg point j of side s (0 left, 1 right) in frame i, labels
	// swapped when sw.
	pt := func(i, side, j int, sw int) pose.Keypoint {
		pair := legSwapPairs[j]
		return run[i].Keypoints[pair[side^sw]]
	}
	// cost of frame i in state c given states b (i−1) and a (i−2).
	cost := func(i, a, b, c int) float64 {
		var d float64
		for j := range legSwapPairs {
			for side := 0; side < 2; side++ {
				p0, p1, p2 := pt(i-2, side, j, a), pt(i-1, side, j, b), pt(i, side, j, c)
				px, py := 2*p1.X-p0.X, 2*p1.Y-p0.Y
				d += math.Hypot(float64(p2.X-px), float64(p2.Y-py))
			}
		}
		if anchors != nil {
			d += anchorCost * scale * float64(anchorChanges(anchors, i, a, b, c))
		}
		return d/scale + swapPrior*float64(c)
	}
	// best[i][b][c]: cheapest labelling of frames ..i with states b at
	// i−1 and c at i; from[i][b][c] the state at i−2.
	best := make([][2][2]float64, n)
	from := make([][2][2]int, n)
	for b := 0; b < 2; b++ {
		for c := 0; c < 2; c++ {
			best[1][b][c] = swapPrior * float64(b+c)
		}
	}
	for i := 2; i < n; i++ {
		for b := 0; b < 2; b++ {
			for c := 0; c < 2; c++ {
				best[i][b][c] = math.Inf(1)
				for a := 0; a < 2; a++ {
					if v := best[i-1][a][b] + cost(i, a, b, c); v < best[i][b][c] {
						best[i][b][c], from[i][b][c] = v, a
					}
				}
			}
		}
	}
	b, c := 0, 0
	for bb := 0; bb < 2; bb++ {
		for cc := 0; cc < 2; cc++ {
			if best[n-1][bb][cc] < best[n-1][b][c] {
				b, c = bb, cc
			}
		}
	}
	state := make([]int, n)
	state[n-1], state[n-2] = c, b
	for i := n - 1; i >= 2; i-- {
		state[i-2] = from[i][state[i-1]][state[i]]
	}
	swaps := 0
	for i, st := range state {
		if st == 1 {
			k := run[i].Keypoints
			for _, pr := range legPairs {
				k[pr[0]], k[pr[1]] = k[pr[1]], k[pr[0]]
			}
			swaps++
		}
	}
	return swaps
}

// bodyScale is the median shoulder-to-hip length over a run (pixels, at
// least 1): leg motion is measured in it.
func bodyScale(run []*pose.Person) float64 {
	var v []float64
	for _, p := range run {
		k := p.Keypoints
		v = append(v, (dist(k[pose.LeftShoulder], k[pose.LeftHip])+dist(k[pose.RightShoulder], k[pose.RightHip]))/2)
	}
	sort.Float64s(v)
	return max(1, v[len(v)/2])
}

func dist(a, b pose.Keypoint) float64 {
	return math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y))
}

// Clean returns a filtered copy of t: per keypoint coordinate, gaps up to
// MaxGap filled, then a Butterworth low-pass run forward and back. Frames
// with no person stay nil unless a filled gap covers them, in which case
// the filled frame gets the interpolated points, their visibility
// interpolated too (points not filled keep visibility 0).
func Clean(t Track, o Options) Track {
	n := len(t.Frames)
	out := Track{FPS: t.FPS, Frames: make([]*pose.Person, n), Width: t.Width, Height: t.Height, Camera: t.Camera}
	for i, p := range t.Frames {
		if p != nil {
			cp := *p
			cp.Keypoints = append([]pose.Keypoint(nil), p.Keypoints...)
			cp.World = append([]pose.Point3(nil), p.World...)
			out.Frames[i] = &cp
		}
	}
	if n == 0 {
		return out
	}
	maxGap := int(math.Round(o.MaxGap * t.FPS))
	var lp *filter.Biquad
	if q, err := filter.Butterworth(o.Cutoff, t.FPS); err == nil {
		lp = &q
	}
	// Frames that exist (person found) after gap filling of the presence itself.
	present := make([]bool, n)
	for i, p := range t.Frames {
		present[i] = p != nil
	}
	_, filledPresence := filter.FillGaps(make([]float64, n), present, maxGap)

	xs, ys, vs := make([]float64, n), make([]float64, n), make([]float64, n)
	valid := make([]bool, n)
	for k := 0; k < pose.NumBlazePose; k++ {
		for i, p := range t.Frames {
			valid[i] = p != nil && k < len(p.Keypoints) && p.Keypoints[k].Visibility >= o.MinVisibility && t.inside(p.Keypoints[k])
			if valid[i] {
				xs[i], ys[i], vs[i] = float64(p.Keypoints[k].X), float64(p.Keypoints[k].Y), float64(p.Keypoints[k].Visibility)
			}
		}
		fx, ok := filter.FillGaps(xs, valid, maxGap)
		fy, _ := filter.FillGaps(ys, valid, maxGap)
		fv, _ := filter.FillGaps(vs, valid, maxGap)
		// Filter each contiguous run of valid samples on its own.
		for _, r := range filter.Runs(ok) {
			start, end := r[0], r[1]
			sx, sy := fx[start:end], fy[start:end]
			if lp != nil && end-start >= 6 {
				sx, sy = lp.FiltFilt(sx), lp.FiltFilt(sy)
			}
			for i := start; i < end; i++ {
				if out.Frames[i] == nil {
					if !filledPresence[i] {
						continue
					}
					out.Frames[i] = &pose.Person{Keypoints: make([]pose.Keypoint, pose.NumBlazePose)}
				}
				kp := &out.Frames[i].Keypoints[k]
				kp.X, kp.Y = float32(sx[i-start]), float32(sy[i-start])
				if !valid[i] {
					// Filled: visibility interpolated from the frames around the gap.
					kp.Visibility = float32(fv[i])
				}
			}
		}
	}
	for _, p := range out.Frames {
		if p != nil {
			t.hideAtEdge(p)
			p.Box = pose.BoundingBox(p.Keypoints)
		}
	}
	return out
}

// EdgeMargin (fraction of the picture's width or height): a keypoint this
// close to the edge may belong to a body part partly out of the picture,
// whose position the model guesses (on walk_side_sports2d_demo4 a foot
// that left the picture "stood" 40 px inside its edge); it counts as not
// seen. Applied after gap filling, so it is never interpolated over.
const EdgeMargin = 0.02

func (t Track) hideAtEdge(p *pose.Person) {
	if t.Width <= 0 || t.Height <= 0 {
		return
	}
	mx, my := float32(EdgeMargin*float64(t.Width)), float32(EdgeMargin*float64(t.Height))
	for i := range p.Keypoints {
		k := &p.Keypoints[i]
		if k.X < mx || k.Y < my || k.X > float32(t.Width)-mx || k.Y > float32(t.Height)-my {
			k.Visibility = 0
		}
	}
}
