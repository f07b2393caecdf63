// Package track turns per-frame detections of one subject into a clean
// keypoint track: left/right leg swaps corrected, short dropouts filled,
// jitter removed by a zero-lag low-pass. The raw track is kept beside the
// filtered one.
package track

import (
	"math"

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

// Options tune Clean.
type Options struct {
	// MaxGap is the longest run of missing frames (in seconds) that is
	// filled by interpolation.
	MaxGap float64
	// Cutoff is the low-pass cut-off in Hz. Sprint studies filter
	// keypoints at 6–12 Hz; 8 Hz keeps foot-strike timing at 30 fps.
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

// FixLegSwaps walks the track and swaps the left and right leg points of a
// frame when the swapped assignment is much closer to the previous frame
// than the direct one. It returns how many frames were swapped. Frames
// are changed in place.
func FixLegSwaps(t *Track) int {
	swaps := 0
	var prev *pose.Person
	for _, p := range t.Frames {
		if p == nil {
			continue
		}
		if prev != nil {
			var direct, crossed float64
			for _, pr := range legSwapPairs {
				l, r := pr[0], pr[1]
				direct += dist(p.Keypoints[l], prev.Keypoints[l]) + dist(p.Keypoints[r], prev.Keypoints[r])
				crossed += dist(p.Keypoints[l], prev.Keypoints[r]) + dist(p.Keypoints[r], prev.Keypoints[l])
			}
			// Swap only when clearly better: crossing legs in a side view
			// makes the two nearly equal, and then the model is trusted.
			if crossed < 0.5*direct {
				for _, pr := range legPairs {
					k := p.Keypoints
					k[pr[0]], k[pr[1]] = k[pr[1]], k[pr[0]]
				}
				swaps++
			}
		}
		prev = p
	}
	return swaps
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
			valid[i] = p != nil && k < len(p.Keypoints) && p.Keypoints[k].Visibility >= o.MinVisibility
			if valid[i] {
				xs[i], ys[i], vs[i] = float64(p.Keypoints[k].X), float64(p.Keypoints[k].Y), float64(p.Keypoints[k].Visibility)
			}
		}
		fx, ok := filter.FillGaps(xs, valid, maxGap)
		fy, _ := filter.FillGaps(ys, valid, maxGap)
		fv, _ := filter.FillGaps(vs, valid, maxGap)
		// Filter each contiguous run of valid samples on its own.
		for start := 0; start < n; {
			if !ok[start] {
				start++
				continue
			}
			end := start
			for end < n && ok[end] {
				end++
			}
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
			start = end
		}
	}
	for _, p := range out.Frames {
		if p != nil {
			p.Box = pose.BoundingBox(p.Keypoints)
		}
	}
	return out
}
