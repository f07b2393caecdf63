package posetrack

import (
	"math"

	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// Athlete is the chosen person's track through a whole video.
type Athlete struct {
	ID    int         // track id among the tracked people (-1: nobody)
	Raw   track.Track // per-frame model output (nil where not seen)
	Clean track.Track // legs unswapped, gaps filled, low-pass filtered
	Swaps int         // leg swaps fixed
}

// ChooseAthlete picks the athlete among everyone tracked in a video of
// size w×h: the person who travels most (Subject), or with vertical the
// one who moves most up and down (a jumper). Both feet count the same in a
// jump, so a jumper's track is cleaned without the leg-swap fix, which
// feet spreading and closing in the air can mislead, and with a 6 Hz
// low-pass: take-off and landing are timed from the fitted arc of the
// flight, which keypoint jitter at 8 Hz breaks into pieces (on the
// Sports2D demo, 8 Hz loses two of the man's five hops, 6 Hz finds all).
func ChooseAthlete(people [][]Tracked, fps float64, w, h int, vertical bool, camera []track.Motion) Athlete {
	if vertical {
		a := Choose(people, fps, w, h, SubjectBy(people, w, h, true), camera)
		a.Swaps = 0
		o := track.DefaultOptions
		o.Cutoff = 6
		a.Clean = track.Clean(a.Raw, o)
		return a
	}
	return Choose(people, fps, w, h, Subject(people, w, h), camera)
}

// Choose makes track id the athlete, with the tracks that continue it
// (Stitch): its raw track, leg swaps fixed, and its cleaned track. w and h
// are the frames' size (0 when unknown): keypoints outside the picture are
// the model's guesses and the cleaned track does not trust them. camera
// is the camera's motion into each frame where it is known (nil
// otherwise): the leg-swap fix then also keeps a standing foot's label.
func Choose(people [][]Tracked, fps float64, w, h, id int, camera []track.Motion) Athlete {
	a := Athlete{ID: id, Raw: track.Track{FPS: fps, Width: w, Height: h, Frames: make([]*pose.Person, len(people)), Camera: camera}}
	ids := Stitch(people, fps, id)
	for i, ps := range people {
		for _, p := range ps {
			if ids[p.ID] {
				a.Raw.Frames[i] = &p.Person
			}
		}
	}
	fixed := track.Track{FPS: fps, Width: w, Height: h, Frames: make([]*pose.Person, len(a.Raw.Frames)), Camera: camera}
	for i, p := range a.Raw.Frames {
		if p != nil {
			cp := *p
			cp.Keypoints = append([]pose.Keypoint(nil), p.Keypoints...)
			fixed.Frames[i] = &cp
		}
	}
	a.Swaps = track.FixLegSwaps(&fixed)
	a.Clean = track.Clean(fixed, track.DefaultOptions)
	return a
}

// Stitching: a small, fast athlete (a sprinter filmed from the stands) is
// lost by the landmark tracker for a few frames now and then and found
// again by the detector under a new track id. A track that starts within
// stitchGap seconds after another ends, where that one ended (within
// stitchReach of its height, plus stitchDrift per thirtieth of a second of
// gap: 0.1 per frame at 30 fps, as it was tuned, and the same distance
// per second at any other rate, 0.2 per frame at 15), with a similar
// height (within a factor stitchSize), continues it.
//
// Where runners overlap the tracker may lose the athlete for longer, and
// follow someone else meanwhile: on the panning sprint (frames 105–250)
// it found her again after 1.2 s. A track that starts up to stitchLongGap
// seconds after another ends continues it too when it starts within
// stitchReach of where that one ended, without drift: a camera that
// follows the athlete keeps them near one place, and a fixed one sees a
// runner move several heights in a second, so a far piece is someone else.
const (
	stitchGap     = 0.5
	stitchLongGap = 1.5
	stitchReach   = 0.75
	stitchDrift   = 0.1
	stitchSize    = 1.7
)

// Stitch returns id and the tracks that continue it, forwards and
// backwards (a chain without overlaps in time).
func Stitch(people [][]Tracked, fps float64, id int) map[int]bool {
	type span struct {
		first, last int
		start, end  pose.Box
	}
	spans := map[int]*span{}
	for i, ps := range people {
		for _, p := range ps {
			s := spans[p.ID]
			if s == nil {
				s = &span{first: i, start: p.Person.Box}
				spans[p.ID] = s
			}
			s.last, s.end = i, p.Person.Box
		}
	}
	ids := map[int]bool{id: true}
	if spans[id] == nil {
		return ids
	}
	maxGap, longGap := int(math.Ceil(stitchGap*fps)), int(math.Ceil(stitchLongGap*fps))
	// joins reports whether b continues a (b starts after a ends).
	joins := func(a, b *span) bool {
		gap := b.first - a.last
		if gap <= 0 || gap > longGap {
			return false
		}
		ha, hb := float64(a.end.Y2-a.end.Y1), float64(b.start.Y2-b.start.Y1)
		if ha <= 0 || hb <= 0 || ha/hb > stitchSize || hb/ha > stitchSize {
			return false
		}
		d := math.Hypot(float64(a.end.X1+a.end.X2-b.start.X1-b.start.X2)/2, float64(a.end.Y2-b.start.Y2))
		if gap > maxGap {
			return d <= ha*stitchReach
		}
		return d <= ha*(stitchReach+stitchDrift*float64(gap)*30/fps)
	}
	// earlier: a continues the chain sooner than b (it starts first going
	// forwards, ends last going backwards); ties fall to the other end,
	// then (in next) to the lower id, so the map's order never decides.
	earlier := func(a, b *span, forward bool) bool {
		if forward {
			return a.first < b.first || a.first == b.first && a.last < b.last
		}
		return a.last > b.last || a.last == b.last && a.first > b.first
	}
	// next picks the earliest continuation of cur among the unused tracks.
	next := func(cur *span, forward bool) int {
		best := -1
		for oid, o := range spans {
			if ids[oid] {
				continue
			}
			ok := forward && joins(cur, o) || !forward && joins(o, cur)
			if !ok {
				continue
			}
			if best < 0 || earlier(o, spans[best], forward) || !earlier(spans[best], o, forward) && oid < best {
				best = oid
			}
		}
		return best
	}
	for _, forward := range []bool{true, false} {
		cur := spans[id]
		for {
			n := next(cur, forward)
			if n < 0 {
				break
			}
			ids[n], cur = true, spans[n]
		}
	}
	return ids
}
