package gait

import (
	"math"
	"sort"
)

// Why Doubt doubted a contact (Contact.Doubt).
const (
	// DoubtNoDoubleSupport: in a walk, a foot left the ground before the
	// other landed (or landed after this one left).
	DoubtNoDoubleSupport = "no_double_support"
	// DoubtOverlap: in a run, both feet were down at once.
	DoubtOverlap = "overlap"
	// DoubtLandsAgain: the same foot landed again less than half a step
	// after it left.
	DoubtLandsAgain = "lands_again"
	// DoubtPointsJumped: the model drew the foot's points in two places
	// during the stance (the other leg passing it), and Contacts joined the
	// two planted runs as one stance (splitShift); where it stood first is
	// the model's guess, so the touchdown may be a few frames off.
	DoubtPointsJumped = "points_jumped"
)

// Doubt halves the confidence of the contacts whose timing the gait rules
// out, once the contacts are final (after SingleSupport and Alternate:
// those choose between contacts by the detector's confidence, which this
// does not change):
//
//   - one foot's contact and the other foot's next: in a walk the next foot
//     lands before this one leaves (double support, every step), in a run
//     after it (a flight). One of the two instants between them is wrong,
//     and the contacts alone do not say which, so both are doubted;
//   - one foot landing again less than half a step after it left: no leg
//     swings that fast, so one of the two stances is not the foot's;
//   - a stance Contacts joined from two runs in different places
//     (DoubtPointsJumped, set there).
//
// On the Demo4 walker the model draws both feet between the legs for a few
// frames as they cross, and the contacts it found either side of such a
// "flight" were five to ten frames off (the toe-off of 73–92 found at 87,
// the touchdowns of 104 and 227 at 113 and 237) at confidence 0.67–0.98
// (ACCURACY.md, "Confidence that tells wrong from right").
func Doubt(cs []Contact, walk bool) {
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cs[order[a]].Contact < cs[order[b]].Contact })
	var gaps []float64
	for k := 1; k < len(order); k++ {
		gaps = append(gaps, float64(cs[order[k]].Contact-cs[order[k-1]].Contact))
	}
	step := median(gaps)
	why := make([]string, len(cs))
	for i, c := range cs {
		why[i] = c.Doubt
	}
	for k := 1; k < len(order); k++ {
		a, b := cs[order[k-1]], cs[order[k]]
		ruled := ""
		switch {
		case a.Foot == b.Foot:
			if float64(b.Contact-a.ToeOff) < step/2 {
				ruled = DoubtLandsAgain
			}
		case walk && b.Contact >= a.ToeOff:
			ruled = DoubtNoDoubleSupport
		case !walk && b.Contact < a.ToeOff:
			ruled = DoubtOverlap
		}
		for _, i := range []int{order[k-1], order[k]} {
			if ruled != "" && why[i] == "" {
				why[i] = ruled
			}
		}
	}
	for i, w := range why {
		if w != "" {
			cs[i].Confidence = math.Round(100*cs[i].Confidence/2) / 100
			cs[i].Doubt = w
		}
	}
}
