package analysis

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"motionlab/shared/gait"
)

// TestAnyCheckedEditIsJSON: contacts a coach may send (any that
// CheckContacts accepts, at random) always give a result with a number in
// every field: JSON has no NaN or infinity, and a result that cannot be
// encoded is a failed request. Found: both feet down at one frame made a
// sprint step of infinite frequency, and an absurd cadence made the
// running style's probabilities 0/0.
func TestAnyCheckedEditIsJSON(t *testing.T) {
	tr, req, _ := runnerTrack(t)
	rng := rand.New(rand.NewPCG(1, 2))
	n := len(tr.Frames)
	for _, act := range []string{Running, Sprint} {
		req.Activity = act
		bad := 0
		for it := 0; it < 400; it++ {
			var cs []gait.Contact
			last := map[gait.Foot]int{gait.LeftFoot: -1, gait.RightFoot: -1}
			at := 0
			for k := 0; k < 1+rng.IntN(12); k++ {
				at += rng.IntN(8)
				f := gait.LeftFoot
				if rng.IntN(2) == 0 {
					f = gait.RightFoot
				}
				if at < last[f] {
					continue
				}
				to := at + 1 + rng.IntN(10)
				if to >= n {
					break
				}
				cs = append(cs, gait.Contact{Foot: f, Contact: at, ToeOff: to})
				last[f] = to
			}
			if CheckContacts(cs, tr) != nil {
				continue
			}
			r, err := Recalculate(tr, req, cs)
			if err != nil {
				continue
			}
			if _, err := json.Marshal(r); err != nil {
				bad++
				if bad < 4 {
					t.Errorf("%s %v: %v", act, cs, err)
				}
			}
		}
	}
}
