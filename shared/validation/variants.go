package validation

import (
	"math"
	"sort"
)

// Consistency compares the events found in a variant of a clip (mirrored,
// smaller, cropped, fewer frames per second) with those found in the
// original, in seconds: every original event should be found again (not
// vanished, not split in two) within one frame of the coarser of the two
// frame rates. Errors are in those frames.
//
// Only the original's events that the annotation credits (Credit: matched
// with an annotated event that is not optional) are judged: an event the
// original invented, one matched only with an optional annotated event,
// or one outside the annotated window says nothing of the detector's
// robustness, and a variant that lost it (or moved it) lost nothing the
// truth knows of. Those original events, and the variant's events matched
// with them, are left out (LeftOut). Events counts the credited ones:
// Truth the original's credited events, Found those the variant finds
// again, Missed the vanished ones, Invented the variant's extras: every
// variant event matched with no original event at all (a split contact
// shows as one found and one extra). All is the same comparison over
// every original event, as it was counted before the credit rule.
type Consistency struct {
	Clip     string `json:"clip"`
	Activity string `json:"activity"`
	Variant  string `json:"variant"`
	Events   Count  `json:"events"`
	Start    Errors `json:"start_error_frames"`
	End      Errors `json:"end_error_frames"`
	// LeftOut: the original's events not credited by the annotation, and
	// the variant's events matched with them.
	LeftOut LeftOut `json:"left_out"`
	// All counts every original event (credited or not).
	All Count `json:"all_events"`
	// Pairs lists every event: the original's (frames at its rate) and
	// the variant's matched with it (frames at the variant's rate), −1
	// where there is none.
	Pairs []VariantEvent `json:"pairs,omitempty"`
}

// LeftOut counts the events left out of a variant's comparison.
type LeftOut struct {
	Original int `json:"original"`
	Variant  int `json:"variant"`
}

// VariantEvent is one original event and the variant's event matched with
// it (or a variant's extra event, OrigA −1).
type VariantEvent struct {
	OrigA, OrigB int
	VarA, VarB   int
	// Credited: the annotation credits the original event (it is judged).
	Credited bool
}

// CompareVariant scores a variant's detections against every one of the
// original's (no annotation: all are credited).
func CompareVariant(orig Detected, origFPS float64, v Detected, vFPS float64) Consistency {
	return compareVariant(orig, all(orig), origFPS, v, vFPS)
}

// CompareVariantCredited scores a variant's detections against the
// original's that set's annotation credits (see Consistency).
func CompareVariantCredited(set Set, orig Detected, origFPS float64, v Detected, vFPS float64) Consistency {
	return compareVariant(orig, Credit(set, orig), origFPS, v, vFPS)
}

func all(d Detected) Credited {
	yes := func(n int) []bool {
		b := make([]bool, n)
		for i := range b {
			b[i] = true
		}
		return b
	}
	return Credited{yes(len(d.Contacts)), yes(len(d.Flights)), yes(len(d.Reps))}
}

// span is an event in seconds, [from, to), with its frames.
type span struct {
	from, to float64
	a, b     int
	credited bool
}

func spans(d Detected, cr Credited, fps float64) []span {
	var out []span
	for i, c := range d.Contacts {
		// A contact covers [touchdown, toe_off + 1) frames.
		out = append(out, span{float64(c.Touchdown) / fps, float64(c.ToeOff+1) / fps, c.Touchdown, c.ToeOff, cr.Contacts[i]})
	}
	for i, f := range d.Flights {
		out = append(out, span{float64(f.Takeoff) / fps, float64(f.Landing) / fps, f.Takeoff, f.Landing, cr.Flights[i]})
	}
	for i, r := range d.Reps {
		out = append(out, span{float64(r.Start) / fps, float64(r.End) / fps, r.Start, r.End, cr.Reps[i]})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].from < out[b].from })
	return out
}

func compareVariant(orig Detected, cr Credited, origFPS float64, v Detected, vFPS float64) Consistency {
	unit := min(origFPS, vFPS) // frames of the coarser rate
	a, b := spans(orig, cr, origFPS), spans(v, all(v), vFPS)
	// Match in integer ticks of a fine grid so overlap works as for frames.
	tick := func(s []span) []interval {
		out := make([]interval, len(s))
		for i, x := range s {
			out[i] = interval{int(x.from * 1000), int(x.to*1000) - 1}
		}
		return out
	}
	pairs := match(tick(a), tick(b))
	c := Consistency{}
	var se, ee []float64
	used := make([]bool, len(b))
	for i, j := range pairs {
		ev := VariantEvent{OrigA: a[i].a, OrigB: a[i].b, VarA: -1, VarB: -1, Credited: a[i].credited}
		c.All.Truth++
		if j >= 0 {
			used[j] = true
			c.All.Found++
			ev.VarA, ev.VarB = b[j].a, b[j].b
		} else {
			c.All.Missed++
		}
		c.Pairs = append(c.Pairs, ev)
		if !a[i].credited {
			c.LeftOut.Original++
			if j >= 0 {
				c.LeftOut.Variant++
			}
			continue
		}
		c.Events.Truth++
		if j < 0 {
			c.Events.Missed++
			continue
		}
		c.Events.Found++
		se = append(se, frames(b[j].from-a[i].from, unit))
		ee = append(ee, frames(b[j].to-a[i].to, unit))
	}
	for j := range b {
		if !used[j] {
			c.All.Invented++
			c.Events.Invented++
			c.Pairs = append(c.Pairs, VariantEvent{OrigA: -1, OrigB: -1, VarA: b[j].a, VarB: b[j].b})
		}
	}
	c.Start, c.End = errorsOf(se), errorsOf(ee)
	return c
}

// frames is a time difference in frames at fps, rounded to a millionth of
// a frame: times are frame counts over two rates, and an error of exactly
// one frame must not count as more (((k+2)/30 − (k+1)/30)·30 is
// 1.0000000000000027 for some k).
func frames(dt, fps float64) float64 { return math.Round(dt*fps*1e6) / 1e6 }
