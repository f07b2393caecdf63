package validation

import (
	"sort"

	"motionlab/shared/stats"
)

// interval is an event's frames, inclusive.
type interval struct{ from, to int }

func overlap(a, b interval) int { return min(a.to, b.to) - max(a.from, b.from) + 1 }

// match pairs truth and detected events one to one, largest overlap first
// and, among equal overlaps, the closest (start and end errors summed);
// pairs[i] is the detected index matched to truth i, or −1.
func match(truth, det []interval) []int {
	type cand struct{ t, d, ov, off int }
	var cs []cand
	for i, t := range truth {
		for j, d := range det {
			if ov := overlap(t, d); ov >= 1 {
				cs = append(cs, cand{i, j, ov, abs(d.from-t.from) + abs(d.to-t.to)})
			}
		}
	}
	sort.SliceStable(cs, func(a, b int) bool {
		return cs[a].ov > cs[b].ov || cs[a].ov == cs[b].ov && cs[a].off < cs[b].off
	})
	pairs := make([]int, len(truth))
	for i := range pairs {
		pairs[i] = -1
	}
	used := make([]bool, len(det))
	for _, c := range cs {
		if pairs[c.t] < 0 && !used[c.d] {
			pairs[c.t], used[c.d] = c.d, true
		}
	}
	return pairs
}

// inWindow: an event that ends before the window or starts after it is
// outside the annotation and not judged.
func inWindow(w [2]int, iv interval) bool { return iv.to >= w[0] && iv.from <= w[1] }

// Compare scores what an analysis found against one annotated set.
//
// An uncertain contact that touches the window's edge (cut by the clip's
// start or end) is optional: an analysis may leave it out, since its duration is
// unknown, and is not credited when it reports it. Uncertain events count
// as found or missed but are left out of the timing errors. A flight whose
// landing is not in the clip (Landing −1) is optional likewise.
func Compare(set Set, fps float64, det Detected) Score {
	s := Score{Activity: set.Activity, Reason: det.Reason}
	s.compareContacts(set, fps, det)
	s.compareFlights(set, fps, det)
	s.compareReps(set, det)
	if set.Start != nil {
		s.Start = scoreStart(*set.Start, det.Start)
	}
	return s
}

// StartTolerance (frames) is how far a standing start's first movement
// may be from the annotation's and be right: the speed it is read on is
// smoothed over ±0.1 s, three frames at 30 fps, and the annotation's own
// call is ±1 (the hands lift a frame before they leave the track).
const StartTolerance = 3

// The verdicts of a start (StartScore.Verdict).
const (
	StartRight  = "right"
	StartUnseen = "unseen"
	StartWrong  = "wrong"
)

// StartScore is a sprint's start, the annotation's and the analysis's:
// right (the same kind, and a standing start's first movement within
// StartTolerance frames), unseen (the analysis said it did not see the
// start: nothing measured, nothing wrong claimed) or wrong.
type StartScore struct {
	Truth   Start  `json:"truth"`
	Got     Start  `json:"got"`
	Verdict string `json:"verdict"`
}

func scoreStart(truth Start, got *Start) *StartScore {
	s := &StartScore{Truth: truth, Got: Start{Kind: "unknown"}, Verdict: StartUnseen}
	if got == nil {
		return s
	}
	s.Got = *got
	switch {
	case got.Kind == "not_seen" || got.Kind == "unknown":
	case got.Kind == truth.Kind && (truth.Kind != "standing" || abs(got.Frame-truth.Frame) <= StartTolerance):
		s.Verdict = StartRight
	default:
		s.Verdict = StartWrong
	}
	return s
}

// partial: an uncertain contact that touches the window's edge is
// optional (see Compare).
func partial(set Set, c Contact) bool {
	w := set.Window
	return c.Uncertain && (c.Touchdown <= w[0] || c.ToeOff >= w[1])
}

// matchContacts matches the detected contacts inside the set's window with
// the annotated ones: dets are those contacts, at[j] the index in
// det.Contacts of dets[j], pairs[i] the index in dets matched to truth i
// (or −1).
func matchContacts(set Set, det Detected) (dets []Contact, at, pairs []int) {
	var truth, got []interval
	for _, c := range set.Contacts {
		truth = append(truth, interval{c.Touchdown, c.ToeOff})
	}
	for k, c := range det.Contacts {
		if inWindow(set.Window, interval{c.Touchdown, c.ToeOff}) {
			dets, at = append(dets, c), append(at, k)
			got = append(got, interval{c.Touchdown, c.ToeOff})
		}
	}
	return dets, at, match(truth, got)
}

// matchFlights matches the detected flights with the annotated ones
// (pairs[i]: the index in det.Flights matched to truth i, or −1).
func matchFlights(set Set, det Detected) []int {
	var truth, got []interval
	for _, f := range set.Flights {
		truth = append(truth, interval{f.Takeoff, max(f.Landing, f.Takeoff+1)})
		if f.Landing < 0 {
			truth[len(truth)-1].to = set.Window[1]
		}
	}
	for _, f := range det.Flights {
		got = append(got, interval{f.Takeoff, f.Landing})
	}
	return match(truth, got)
}

// matchReps matches the detected repetitions with the annotated ones.
func matchReps(set Set, det Detected) []int {
	var truth, got []interval
	for _, r := range set.Reps {
		truth = append(truth, interval{r.Start, r.End})
	}
	for _, r := range det.Reps {
		got = append(got, interval{r.Start, r.End})
	}
	return match(truth, got)
}

// Credited marks which of an analysis's events the annotation credits.
type Credited struct{ Contacts, Flights, Reps []bool }

// Credit marks the events of det that Compare matches with an annotated
// event that is not optional: found events. Invented events, those
// matched only with an optional event (a contact cut by the window's
// edge, a flight without a landing) and those outside the window are not
// credited: the annotation says nothing of whether they are right.
func Credit(set Set, det Detected) Credited {
	c := Credited{Contacts: make([]bool, len(det.Contacts)), Flights: make([]bool, len(det.Flights)), Reps: make([]bool, len(det.Reps))}
	_, at, pairs := matchContacts(set, det)
	for i, j := range pairs {
		if j >= 0 && !partial(set, set.Contacts[i]) {
			c.Contacts[at[j]] = true
		}
	}
	for i, j := range matchFlights(set, det) {
		if j >= 0 && set.Flights[i].Landing >= 0 {
			c.Flights[j] = true
		}
	}
	for _, j := range matchReps(set, det) {
		if j >= 0 {
			c.Reps[j] = true
		}
	}
	return c
}

func (s *Score) compareContacts(set Set, fps float64, det Detected) {
	w := set.Window
	partial := func(c Contact) bool { return partial(set, c) }
	dets, _, pairs := matchContacts(set, det)
	used := make([]bool, len(dets))
	var ct []float64
	for i, c := range set.Contacts {
		j := pairs[i]
		if j >= 0 {
			used[j] = true
		}
		ev := Event{Kind: "contact", Foot: c.Foot, TruthA: c.Touchdown, TruthB: c.ToeOff, GotA: -1, GotB: -1, Optional: partial(c)}
		if j >= 0 {
			ev.GotFoot, ev.GotA, ev.GotB, ev.GotConfidence = dets[j].Foot, dets[j].Touchdown, dets[j].ToeOff, dets[j].Confidence
		}
		s.Events = append(s.Events, ev)
		if partial(c) {
			continue
		}
		s.Contacts.Truth++
		ct = append(ct, float64(c.ToeOff-c.Touchdown+1)/fps)
		if j < 0 {
			s.Contacts.Missed++
			continue
		}
		s.Contacts.Found++
		d := dets[j]
		if d.Foot == c.Foot {
			s.FootLabels++
		}
		if c.Uncertain {
			continue
		}
		s.TDErr = append(s.TDErr, float64(d.Touchdown-c.Touchdown))
		s.TOErr = append(s.TOErr, float64(d.ToeOff-c.ToeOff))
		s.Trust.add(d.Confidence, det.Sure, abs(d.Touchdown-c.Touchdown) > 1 || abs(d.ToeOff-c.ToeOff) > 1)
		s.CTErr = append(s.CTErr, float64((d.ToeOff-d.Touchdown)-(c.ToeOff-c.Touchdown)))
		s.CTErrMS = append(s.CTErrMS, 1000*s.CTErr[len(s.CTErr)-1]/fps)
	}
	for j := range dets {
		if !used[j] {
			s.Contacts.Invented++
			s.Trust.add(dets[j].Confidence, det.Sure, true)
			s.Events = append(s.Events, Event{Kind: "contact", TruthA: -1, TruthB: -1, GotFoot: dets[j].Foot, GotA: dets[j].Touchdown, GotB: dets[j].ToeOff, GotConfidence: dets[j].Confidence})
		}
	}
	s.Touchdown, s.ToeOff, s.ContactTime = errorsOf(s.TDErr), errorsOf(s.TOErr), errorsOf(s.CTErr)
	s.ContactTimeMS = spreadOf(s.CTErrMS)
	s.MeanContactMS = Pair{Truth: 1000 * stats.Of(ct).Mean, Got: 1000 * det.ContactTimeS}
	s.MeanFlightMS = Pair{Truth: 1000 * truthFlight(set.Contacts, fps), Got: 1000 * det.FlightTimeS}
	s.StepFrequency = Pair{Truth: truthStepFrequency(set.Contacts, w, fps), Got: det.StepFrequency}
}

// truthFlight is the mean time from one foot's toe-off to the other foot's
// next touchdown, 0 where both feet are down (a walk), as the analyses
// report it.
func truthFlight(cs []Contact, fps float64) float64 {
	sorted := append([]Contact(nil), cs...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].Touchdown < sorted[b].Touchdown })
	var v []float64
	for i := 0; i+1 < len(sorted); i++ {
		if sorted[i].Foot != sorted[i+1].Foot {
			v = append(v, max(0, float64(sorted[i+1].Touchdown-sorted[i].ToeOff-1))/fps)
		}
	}
	return stats.Of(v).Mean
}

// truthStepFrequency is steps per second from the touchdowns that were
// seen (not cut by the window's start).
func truthStepFrequency(cs []Contact, w [2]int, fps float64) float64 {
	var td []int
	for _, c := range cs {
		if c.Touchdown > w[0] {
			td = append(td, c.Touchdown)
		}
	}
	sort.Ints(td)
	if len(td) < 2 {
		return 0
	}
	return fps * float64(len(td)-1) / float64(td[len(td)-1]-td[0])
}

func (s *Score) compareFlights(set Set, fps float64, det Detected) {
	pairs := matchFlights(set, det)
	used := make([]bool, len(det.Flights))
	for i, f := range set.Flights {
		j := pairs[i]
		if j >= 0 {
			used[j] = true
		}
		ev := Event{Kind: "flight", TruthA: f.Takeoff, TruthB: f.Landing, GotA: -1, GotB: -1, Optional: f.Landing < 0}
		if j >= 0 {
			ev.GotA, ev.GotB = det.Flights[j].Takeoff, det.Flights[j].Landing
		}
		s.Events = append(s.Events, ev)
		if f.Landing < 0 {
			if j >= 0 {
				s.Jumps.Invented++ // a flight with no landing cannot be timed
			}
			continue
		}
		s.Jumps.Truth++
		if j < 0 {
			s.Jumps.Missed++
			continue
		}
		s.Jumps.Found++
		if f.Uncertain {
			continue
		}
		// Take-off falls between the last frame on the ground and the
		// next, landing between the frame before the first frame back and
		// that frame: the flight lasts landing − takeoff − 1 frames on
		// average (as a contact lasts toe_off − touchdown + 1).
		d := det.Flights[j]
		dt := float64(d.Landing - d.Takeoff - 1)
		if d.FlightTimeS > 0 {
			dt = d.FlightTimeS * fps
		}
		s.FTErr = append(s.FTErr, dt-float64(f.Landing-f.Takeoff-1))
	}
	for j := range det.Flights {
		if !used[j] {
			s.Jumps.Invented++
			s.Events = append(s.Events, Event{Kind: "flight", TruthA: -1, TruthB: -1, GotA: det.Flights[j].Takeoff, GotB: det.Flights[j].Landing})
		}
	}
	s.FlightTime = errorsOf(s.FTErr)
}

func (s *Score) compareReps(set Set, det Detected) {
	pairs := matchReps(set, det)
	used := make([]bool, len(det.Reps))
	for i, r := range set.Reps {
		s.Reps.Truth++
		j := pairs[i]
		ev := Event{Kind: "rep", TruthA: r.Start, TruthB: r.End, GotA: -1, GotB: -1}
		if j >= 0 {
			ev.GotA, ev.GotB = det.Reps[j].Start, det.Reps[j].End
		}
		s.Events = append(s.Events, ev)
		if j < 0 {
			s.Reps.Missed++
			continue
		}
		used[j] = true
		s.Reps.Found++
		if !r.Uncertain {
			s.RepErr = append(s.RepErr, float64(det.Reps[j].Bottom-r.Bottom))
		}
	}
	for j := range det.Reps {
		if !used[j] {
			s.Reps.Invented++
			s.Events = append(s.Events, Event{Kind: "rep", TruthA: -1, TruthB: -1, GotA: det.Reps[j].Start, GotB: det.Reps[j].End})
		}
	}
	s.RepBottom = errorsOf(s.RepErr)
}

// Total adds up scores: counts summed, errors over all events.
func Total(scores []Score) Score {
	t := Score{Clip: "all"}
	for _, s := range scores {
		t.Contacts = addCount(t.Contacts, s.Contacts)
		t.Jumps = addCount(t.Jumps, s.Jumps)
		t.Reps = addCount(t.Reps, s.Reps)
		t.FootLabels += s.FootLabels
		t.Trust = Trust{t.Trust.Sure + s.Trust.Sure, t.Trust.SureWrong + s.Trust.SureWrong, t.Trust.Unsure + s.Trust.Unsure, t.Trust.UnsureWrong + s.Trust.UnsureWrong}
		t.TDErr = append(t.TDErr, s.TDErr...)
		t.TOErr = append(t.TOErr, s.TOErr...)
		t.CTErr = append(t.CTErr, s.CTErr...)
		t.CTErrMS = append(t.CTErrMS, s.CTErrMS...)
		t.FTErr = append(t.FTErr, s.FTErr...)
		t.RepErr = append(t.RepErr, s.RepErr...)
	}
	t.Touchdown, t.ToeOff, t.ContactTime = errorsOf(t.TDErr), errorsOf(t.TOErr), errorsOf(t.CTErr)
	t.ContactTimeMS = spreadOf(t.CTErrMS)
	t.FlightTime, t.RepBottom = errorsOf(t.FTErr), errorsOf(t.RepErr)
	return t
}

func addCount(a, b Count) Count {
	return Count{a.Truth + b.Truth, a.Found + b.Found, a.Missed + b.Missed, a.Invented + b.Invented}
}

func median(v []float64) float64 { return stats.Median(v) }

func abs(x int) int { return max(x, -x) }
