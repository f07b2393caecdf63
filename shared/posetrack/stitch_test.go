package posetrack

import (
	"testing"

	"motionlab/shared/pose"
)

// A track found again after a gap continues the lost one when it starts
// within reach of where that one ended, the reach growing with the gap's
// duration in seconds: a gap of about a quarter second (7 frames at 30
// fps, 4 at 15) and 1.2 heights moved join at either rate.
func TestStitchReachGrowsPerSecond(t *testing.T) {
	for _, fps := range []float64{30, 15} {
		gap := int(0.2 * fps)
		n := int(fps)
		people := make([][]Tracked, n)
		box := func(x float32) pose.Person {
			return pose.Person{Box: pose.Box{X1: x, Y1: 100, X2: x + 40, Y2: 200}} // 100 px tall
		}
		lost := n/2 - gap
		for i := 0; i < lost; i++ {
			people[i] = []Tracked{{ID: 1, Person: box(100)}}
		}
		for i := lost + gap; i < n; i++ {
			people[i] = []Tracked{{ID: 2, Person: box(220)}} // 1.2 heights on
		}
		if ids := Stitch(people, fps, 1); !ids[2] {
			t.Errorf("%v fps: a track 0.2 s and 1.2 heights after the lost one does not continue it", fps)
		}
	}
}

// Where two tracks could continue the athlete's backwards equally soon
// (both end on the same frame, as when the tracker follows two runners
// side by side and loses both), the one that starts later wins, then the
// lower id, every time: Go's map order never decides (it did, and the
// panning sprint's contacts came out 40 or 43 from run to run), so the
// same video gives the same numbers on every run.
func TestStitchTiesAreDeterministic(t *testing.T) {
	box := func(x float32) pose.Person {
		return pose.Person{Box: pose.Box{X1: x, Y1: 100, X2: x + 40, Y2: 200}}
	}
	people := make([][]Tracked, 40)
	for i := 0; i < 20; i++ {
		people[i] = []Tracked{{ID: 7, Person: box(100)}, {ID: 3, Person: box(110)}} // 3 starts later, below
		if i < 5 {
			people[i] = people[i][:1]
		}
	}
	for i := 22; i < 40; i++ {
		people[i] = []Tracked{{ID: 9, Person: box(105)}}
	}
	for k := 0; k < 50; k++ {
		ids := Stitch(people, 30, 9)
		if len(ids) != 2 || !ids[9] || !ids[3] {
			t.Fatalf("run %d: the athlete's chain is %v, want 9 continued backwards by 3 (it starts later)", k, ids)
		}
	}
}

// A track found again up to 1.5 s after the athlete was lost continues
// them when it starts where they were (the panning sprint, where runners
// overlap: found again 1.2 s later, 0.4 heights away), at 30 and 15 fps;
// one that starts a height and a half away after that long is someone else.
func TestStitchLongGapOnlyInPlace(t *testing.T) {
	box := func(x float32) pose.Person {
		return pose.Person{Box: pose.Box{X1: x, Y1: 100, X2: x + 40, Y2: 200}} // 100 px tall
	}
	for _, fps := range []float64{30, 15} {
		for _, c := range []struct {
			moved float32
			join  bool
		}{{40, true}, {150, false}} {
			gap := int(1.2 * fps)
			people := make([][]Tracked, int(3*fps))
			for i := range people {
				switch {
				case i < int(fps):
					people[i] = []Tracked{{ID: 1, Person: box(100)}}
				case i >= int(fps)+gap:
					people[i] = []Tracked{{ID: 2, Person: box(100 + c.moved)}}
				}
			}
			if ids := Stitch(people, fps, 2); ids[1] != c.join {
				t.Errorf("%v fps, 1.2 s gap, %v px on: joined %v, want %v", fps, c.moved, ids[1], c.join)
			}
		}
	}
}
