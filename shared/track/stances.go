package track

import (
	"math"

	"motionlab/shared/pose"
)

// Standing feet. Where one foot stands while the other swings past it
// (double support in a walk), the pose model may draw both legs' points
// on either foot, frame after frame: on the Demo4 walker's first steps
// (walk_side_sports2d_demo4, frames 46–59) its labels were wrong in 9 of
// 14 frames, and the motion alone (FixLegSwaps's prediction) cannot tell
// which stretch is the swapped one when the model is wrong as often as
// right. A foot on the ground can: it stays where it stands, whatever
// label the model gives it, and keeps one label while it stands. So a
// heel or toe that stays within anchorRadius of one place over the ground
// for at least anchorSeconds is an anchor, found without the labels (in
// frames where the two legs' heels, or toes, are that close together
// neither is taken as the anchor's), and FixLegSwaps makes each anchor's
// label change cost anchorCost. Where no point is at a standing foot's
// place for one frame between frames where one is (the model drew both
// legs between the feet, as at frame 60 of that clip and, in a run with
// jittered pixels, 91; or both at one place), the model lost the feet in
// that frame: their points are marked unseen, and Clean fills them from
// the frames around.
const (
	// anchorRadius (shoulder–hip lengths, FixLegSwaps's scale, ≈ 0.1 body
	// height): a standing heel or toe's keypoint jitters by up to about a
	// tenth of that from frame to frame on phone video, a swinging foot
	// moves further within a frame at 30 fps.
	anchorRadius = 0.3
	// anchorSeconds: a stance shorter than this (a sprinter's, 0.1 s; the
	// panning sprint's first steps, 0.15–0.25 s, where the camera's
	// estimated motion is least sure) is too short to tell from a foot
	// passing slowly; walkers and joggers stand 0.5–0.8 s (at 0.2 s the
	// sprint's first steps changed, none for the better).
	anchorSeconds = 0.3
	// anchorCost (scale units) for an anchor's label changing between
	// two frames: more than the label jumps of a wrongly swapped frame
	// cost the motion, so the standing foot decides.
	anchorCost = 5.0
	// anchorCloser: where both legs' points lie within anchorRadius of an
	// anchor (the swinging foot passing the standing one), the nearer one
	// carries it when it is this much nearer and the two differ by half
	// the radius; otherwise neither does in that frame.
	anchorCloser = 0.7
)

// footPoints are the heel and toe of each side, for anchors.
var footPoints = [2][2]int{{pose.LeftHeel, pose.LeftFootIndex}, {pose.RightHeel, pose.RightFootIndex}}

// anchor is a heel (kind 0) or toe (kind 1) staying put: its mean
// place, in the coordinates of the last frame it was seen in, and per
// frame seen the side carrying it (−1 where neither clearly does).
type anchor struct {
	kind   int
	x, y   float64
	last   int
	frames []int
	sides  []int
}

// anchorSides finds the anchors of a run of frames (none nil) whose
// camera motion into each frame is camera and returns, per frame, the
// side carrying each (by anchor index), and the frames where an anchor
// seen the frame before and after was not seen, unless a frame next to
// them is such a frame too (there the model's feet are in doubt for
// longer, and a foot may have left).
func anchorSides(run []*pose.Person, camera []Motion, fps, scale float64) (sides []map[int]int, lost []int) {
	rad := anchorRadius * scale
	var open, done []*anchor
	for i, p := range run {
		for _, a := range open {
			dx, dy := camera[i].Shift(a.x, a.y)
			a.x, a.y = a.x+dx, a.y+dy
		}
		var next []*anchor
		for kind := range 2 {
			took := [2]bool{}
			if together(p.Keypoints, kind, rad) {
				continue // either label could be the standing foot's
			}
			for _, a := range open {
				if a.kind == kind {
					a.see(i, p.Keypoints, rad, &took)
				}
			}
			for side := range 2 {
				q := p.Keypoints[footPoints[side][kind]]
				if !took[side] && q.Visibility >= DefaultOptions.MinVisibility {
					next = append(next, &anchor{kind: kind, x: float64(q.X), y: float64(q.Y), last: i, frames: []int{i}, sides: []int{side}})
				}
			}
		}
		for _, a := range open {
			if i-a.last <= 1 {
				next = append(next, a)
			} else {
				done = append(done, a)
			}
		}
		open = next
	}
	done = append(done, open...)
	sides = make([]map[int]int, len(run))
	gap := make([]bool, len(run))
	minLen := max(3, int(math.Round(anchorSeconds*fps)))
	for id, a := range done {
		if len(a.frames) < minLen {
			continue
		}
		for j, f := range a.frames {
			if j > 0 && f-a.frames[j-1] == 2 {
				gap[f-1] = true
			}
			if a.sides[j] >= 0 {
				if sides[f] == nil {
					sides[f] = map[int]int{}
				}
				sides[f][id] = a.sides[j]
			}
		}
	}
	for i, g := range gap {
		if g && (i == 0 || !gap[i-1]) && (i+1 == len(gap) || !gap[i+1]) {
			lost = append(lost, i)
		}
	}
	return sides, lost
}

// lostFeet are the points marked unseen in a frame where the model lost
// a standing foot: both legs' ankles, heels and toes.
var lostFeet = []int{pose.LeftAnkle, pose.RightAnkle, pose.LeftHeel, pose.RightHeel, pose.LeftFootIndex, pose.RightFootIndex}

// together reports whether both legs' heels (kind 0) or toes (kind 1) lie
// within rad of each other: where the model draws the feet at one place
// (legs crossing, a foot hidden), the frame does not tell which label a
// standing foot has.
func together(k []pose.Keypoint, kind int, rad float64) bool {
	l, r := k[footPoints[0][kind]], k[footPoints[1][kind]]
	return math.Hypot(float64(l.X-r.X), float64(l.Y-r.Y)) <= rad
}

// see extends a with frame i's points of its kind within rad (took marks
// the sides used), the nearer one carrying it where both are.
func (a *anchor) see(i int, k []pose.Keypoint, rad float64, took *[2]bool) {
	var d [2]float64
	for side := range 2 {
		q := k[footPoints[side][a.kind]]
		d[side] = math.Inf(1)
		if q.Visibility >= DefaultOptions.MinVisibility {
			d[side] = math.Hypot(float64(q.X)-a.x, float64(q.Y)-a.y)
		}
	}
	side := -1
	apart := math.Abs(d[0]-d[1]) > rad/2
	switch {
	case d[0] > rad && d[1] > rad:
		return
	case d[0] < anchorCloser*d[1] && apart:
		side = 0
	case d[1] < anchorCloser*d[0] && apart:
		side = 1
	}
	took[0], took[1] = took[0] || d[0] <= rad, took[1] || d[1] <= rad
	if side >= 0 {
		q := k[footPoints[side][a.kind]]
		n := float64(len(a.frames))
		a.x, a.y = (a.x*n+float64(q.X))/(n+1), (a.y*n+float64(q.Y))/(n+1)
	}
	a.frames, a.sides, a.last = append(a.frames, i), append(a.sides, side), i
}

// anchorChanges is the number of anchors whose side changes from frame
// i−1 (or i−2, where i−1 does not tell) to frame i with the frames'
// swap states a (i−2), b (i−1) and c (i).
func anchorChanges(anchors []map[int]int, i, a, b, c int) int {
	n := 0
	for id, sc := range anchors[i] {
		if sb, ok := anchors[i-1][id]; ok {
			if sb^b != sc^c {
				n++
			}
		} else if sa, ok := anchors[i-2][id]; ok && sa^a != sc^c {
			n++
		}
	}
	return n
}
