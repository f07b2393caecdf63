package posetrack

import (
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
func ChooseAthlete(people [][]Tracked, fps float64, w, h int, vertical bool) Athlete {
	if vertical {
		a := Choose(people, fps, SubjectBy(people, w, h, true))
		a.Swaps = 0
		o := track.DefaultOptions
		o.Cutoff = 6
		a.Clean = track.Clean(a.Raw, o)
		return a
	}
	return Choose(people, fps, Subject(people, w, h))
}

// Choose makes track id the athlete: its raw track, leg swaps fixed, and
// its cleaned track.
func Choose(people [][]Tracked, fps float64, id int) Athlete {
	a := Athlete{ID: id, Raw: track.Track{FPS: fps, Frames: make([]*pose.Person, len(people))}}
	for i, ps := range people {
		for _, p := range ps {
			if p.ID == id {
				a.Raw.Frames[i] = &p.Person
			}
		}
	}
	fixed := track.Track{FPS: fps, Frames: make([]*pose.Person, len(a.Raw.Frames))}
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
