package posetrack

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestBystanderReplay replays the tracking in MOTIONLAB_REPLAY (a
// validate --cache folder, tracked with everyone at full rate) through the
// bystander rule for each movement, in a second instead of a validate
// run's minutes: which person-frames the rule would hold and about how
// many landmark runs a frame that leaves. It fails where the athlete that
// ChooseAthlete picks for the movement would be held. The replay is an
// estimate: holding someone changes what is tracked after.
func TestBystanderReplay(t *testing.T) {
	dir := os.Getenv("MOTIONLAB_REPLAY")
	if dir == "" {
		t.Skip("MOTIONLAB_REPLAY names no validate cache folder")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recordings in %s (%v)", dir, err)
	}
	for _, f := range files {
		r, err := readRecording(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []Movement{MoveAny, MoveTravel, MoveVertical} {
			held, runs, athleteHeld := replay(r, m)
			if athleteHeld > 0 {
				t.Errorf("%s, %s: the athlete would be held in %d frames", filepath.Base(f), m, athleteHeld)
			}
			t.Logf("%-60s %-8s held person-frames %3d, landmark runs a frame %.2f", filepath.Base(f), m, held, runs)
		}
	}
}

func readRecording(path string) (*Recording, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Recording
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// replay runs Tracker.toRun's rule over r for movement m: the
// person-frames it would hold, the landmark runs a frame (a held person
// costs a third), and the frames it would hold the athlete picked for m
// (a lift's MoveAny counts as travel) or a track stitched to them.
func replay(r *Recording, m Movement) (held int, runsPerFrame float64, athleteHeld int) {
	a := ChooseAthlete(r.People, r.FPS, r.Width, r.Height, m == MoveVertical)
	athlete := Stitch(r.People, r.FPS, a.ID)
	t := &Tracker{Movement: m}
	age := bystanderAge * max(int(r.FPS/DetectPerSecond), 15)
	seen, born := map[int]*prominenceSoFar{}, map[int]int{}
	runs := 0.0
	for i, people := range r.People {
		lead := 0.0
		for _, p := range people {
			if seen[p.ID] == nil {
				seen[p.ID], born[p.ID] = &prominenceSoFar{}, i
			}
			lead = max(lead, seen[p.ID].score(m))
		}
		for _, p := range people {
			if i-born[p.ID] < age || seen[p.ID].score(m) >= lead*t.bystanderShare() {
				runs++
				continue
			}
			held++
			runs += 1.0 / BystanderEvery
			if athlete[p.ID] {
				athleteHeld++
			}
		}
		for _, p := range people {
			if !p.Held {
				seen[p.ID].add(p.Person)
			}
		}
	}
	return held, runs / float64(max(1, len(r.People))), athleteHeld
}

// TestMoveAnyIsBothWays: told nothing, the tracker scores travel as it did
// before it could be told (the larger of the two kinds), so nobody either
// choice of the athlete could pick is held.
func TestMoveAnyIsBothWays(t *testing.T) {
	s := &prominenceSoFar{n: 10, area: 1000, height: 1000, minX: 10, maxX: 90, minY: 40, maxY: 70}
	want := max(s.score(MoveTravel), s.score(MoveVertical))
	if got := s.score(MoveAny); got != want {
		t.Fatalf("MoveAny scores %.1f, the larger of travel's and vertical's is %.1f", got, want)
	}
}
