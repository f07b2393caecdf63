package validation

import (
	"math"
	"sort"
)

// Consistency compares the events found in a variant of a clip (mirrored,
// smaller, cropped, fewer frames per second) with those found in the
// original: every original event should be found again (not vanished, not
// split in two) within one frame of the variant (the coarser rate: the
// variants are made from the original). Events are matched by the
// original's frames they cover, a variant's frame standing for the
// original's frames from the one it shows to the one its next frame shows
// (SourceFrame); errors are whole frames of the variant, against the
// variant's frames that show the original's events. (Compared in seconds,
// frame k at k/15 s, a 15 fps copy of a 29 fps clip is up to a frame of
// the original early and its errors come in steps of 0.52 of its frames.)
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
	// Truth compares the variant's events with the annotation itself,
	// mapped into the variant's frames (MapSet): contacts, flights and
	// repetitions together, as the first table counts the original's.
	Truth Count `json:"truth"`
	// SprintStart is the variant's sprint start against the annotation's,
	// mapped into its frames (nil where none is annotated).
	SprintStart *StartScore `json:"sprint_start,omitempty"`
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
	OrigA int `json:"original_start"`
	OrigB int `json:"original_end"`
	VarA  int `json:"variant_start"`
	VarB  int `json:"variant_end"`
	// Credited: the annotation credits the original event (it is judged).
	Credited bool `json:"credited"`
	// StartErr and EndErr: the variant's event against the original's,
	// in frames of the variant (0 where there is no pair).
	StartErr float64 `json:"start_error_frames"`
	EndErr   float64 `json:"end_error_frames"`
}

// CompareVariant scores a variant's detections against every one of the
// original's (no annotation: all are credited).
func CompareVariant(orig Detected, origFPS float64, v Detected, vFPS float64) Consistency {
	return compareVariant(orig, all(orig), origFPS, v, vFPS)
}

// CompareVariantCredited scores a variant's detections against the
// original's that set's annotation credits (see Consistency), and against
// the annotation mapped into the variant's frames (Consistency.Truth).
func CompareVariantCredited(set Set, orig Detected, origFPS float64, v Detected, vFPS float64) Consistency {
	c := compareVariant(orig, Credit(set, orig), origFPS, v, vFPS)
	s := Compare(MapSet(set, origFPS, vFPS), vFPS, v)
	c.Truth = addCount(addCount(s.Contacts, s.Jumps), s.Reps)
	c.SprintStart = s.Start
	return c
}

// SourceFrame is the original's frame (at rate from) that frame k of a
// copy made at rate to shows, as ffmpeg's fps filter makes the 15fps
// variant: of the original's frames whose time rounds to frame k of the
// new rate, the last, ⌈(k + ½)·from/to⌉ − 1 (k itself when the rates are
// equal). From 29 to 15 frames/s the copy's frame k is not at k/15 s but
// up to a frame of the original later (its frame 154, at 10.267 s, shows
// the original's 298, at 10.276 s); from 30 to 15, frame k shows 2k.
// Checked frame by frame on every frame of the 15fps copies of the
// sprint (29 fps), the walker (30) and the runner (29.97):
// sprint_side_pan_sports2d_demo2, walk_side_sports2d_demo4,
// run_side_overground_sports2d_demo3.
func SourceFrame(k int, from, to float64) int {
	if from == to || from <= 0 || to <= 0 {
		return k
	}
	return int(math.Ceil((float64(k)+0.5)*from/to-1e-9)) - 1
}

// MapSet maps an annotated set from frames of the original (rate from)
// into frames of its copy at rate to, where frame k shows the original's
// frame SourceFrame(k) and stands, like any frame, for the time until the
// next one. A contact covers the copy's frames whose time meets its own:
// from the one holding its touchdown to the one holding its toe-off (the
// same frames CompareVariant matches a variant's events by); one that no
// frame of the copy shows on the ground (shorter than a frame of the
// copy) is marked uncertain (counted, not timed). Take-off (the last frame
// on the ground) and a repetition's start map to the copy's last frame
// showing them or an earlier frame, landing and a repetition's end (the
// first frame back) to its first frame showing them or a later one.
func MapSet(set Set, from, to float64) Set {
	if from == to || from <= 0 || to <= 0 {
		return set
	}
	m := frameMap{from, to}
	out := set
	out.Window = [2]int{m.last(set.Window[0]), m.last(set.Window[1])}
	out.Contacts = make([]Contact, len(set.Contacts))
	for i, c := range set.Contacts {
		out.Contacts[i] = c
		out.Contacts[i].Touchdown, out.Contacts[i].ToeOff = m.last(c.Touchdown), m.last(c.ToeOff)
		if m.last(c.ToeOff) < m.first(c.Touchdown) {
			out.Contacts[i].Uncertain = true
		}
	}
	out.Flights = make([]Flight, len(set.Flights))
	for i, f := range set.Flights {
		out.Flights[i] = f
		out.Flights[i].Takeoff = m.last(f.Takeoff)
		if f.Landing >= 0 {
			out.Flights[i].Landing = m.first(f.Landing)
		}
	}
	out.Reps = make([]Rep, len(set.Reps))
	for i, r := range set.Reps {
		out.Reps[i] = r
		out.Reps[i].Start, out.Reps[i].Bottom, out.Reps[i].End = m.last(r.Start), m.first(r.Bottom), m.first(r.End)
	}
	if st := set.Start; st != nil && st.Frame > 0 {
		// The first movement: the copy's first frame that shows it.
		out.Start = &Start{Kind: st.Kind, Frame: m.first(st.Frame), Note: st.Note}
	}
	return out
}

// frameMap maps frames of an original (rate from) into frames of its copy
// at rate to (SourceFrame).
type frameMap struct{ from, to float64 }

// first is the copy's first frame that shows the original's frame n or a
// later one.
func (m frameMap) first(n int) int {
	if m.from == m.to || m.from <= 0 || m.to <= 0 {
		return n
	}
	k := max(0, int(math.Floor(float64(n)*m.to/m.from))-2)
	for SourceFrame(k, m.from, m.to) < n {
		k++
	}
	return k
}

// last is the copy's last frame that shows the original's frame n or an
// earlier one.
func (m frameMap) last(n int) int { return m.first(n+1) - 1 }

// contact maps a contact's frames (touchdown and toe-off, the first and
// last on the ground): the copy's frames that show them; one that no
// frame of the copy shows spans the copy's two frames around it.
func (m frameMap) contact(td, to int) (int, int) {
	a, b := m.first(td), m.last(to)
	if b < a {
		a, b = b, a
	}
	return a, b
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

// span is an event's frames: a and b in its own clip (a contact's
// touchdown and toe-off, a flight's take-off and landing, a repetition's
// start and end); sa and sb the original's frames it covers, for matching;
// ma and mb its frames in the variant, for the errors.
type span struct {
	a, b, sa, sb, ma, mb int
	credited             bool
}

// origSpans are the original's events (rate from) with their frames in a
// variant at rate to (frameMap).
func origSpans(d Detected, cr Credited, from, to float64) []span {
	m := frameMap{from, to}
	var out []span
	for i, c := range d.Contacts {
		ma, mb := m.contact(c.Touchdown, c.ToeOff)
		out = append(out, span{c.Touchdown, c.ToeOff, c.Touchdown, c.ToeOff, ma, mb, cr.Contacts[i]})
	}
	for i, f := range d.Flights {
		out = append(out, span{f.Takeoff, f.Landing, f.Takeoff, f.Landing, m.last(f.Takeoff), m.first(f.Landing), cr.Flights[i]})
	}
	for i, r := range d.Reps {
		out = append(out, span{r.Start, r.End, r.Start, r.End, m.last(r.Start), m.first(r.End), cr.Reps[i]})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].sa < out[b].sa })
	return out
}

// variantSpans are a variant's events (rate to, made from an original at
// rate from) with the original's frames they cover: frame k of the
// variant stands, like any frame, for the time from its instant to the
// next frame's, the original's frames SourceFrame(k) to SourceFrame(k+1)
// − 1.
func variantSpans(d Detected, from, to float64) []span {
	src := func(k int) int { return SourceFrame(k, from, to) }
	var out []span
	for _, c := range d.Contacts {
		out = append(out, span{c.Touchdown, c.ToeOff, src(c.Touchdown), src(c.ToeOff+1) - 1, c.Touchdown, c.ToeOff, true})
	}
	for _, f := range d.Flights {
		out = append(out, span{f.Takeoff, f.Landing, src(f.Takeoff), src(f.Landing), f.Takeoff, f.Landing, true})
	}
	for _, r := range d.Reps {
		out = append(out, span{r.Start, r.End, src(r.Start), src(r.End), r.Start, r.End, true})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].sa < out[b].sa })
	return out
}

// compareVariant matches the variant's events with the original's by the
// original's frames they cover (overlap, largest first), and measures
// their starts and ends in whole frames of the variant, against the
// variant's frames that show the original's events (frameMap). In seconds
// (frame k at k/15 s) a 15 fps copy of a 29 fps clip is up to a frame of
// the original early (SourceFrame), and its errors come in steps of the
// original's frame: one frame of its own off could count as 0.52 or 1.03
// frames.
func compareVariant(orig Detected, cr Credited, origFPS float64, v Detected, vFPS float64) Consistency {
	a, b := origSpans(orig, cr, origFPS, vFPS), variantSpans(v, origFPS, vFPS)
	ivs := func(s []span) []interval {
		out := make([]interval, len(s))
		for i, x := range s {
			out[i] = interval{x.sa, x.sb}
		}
		return out
	}
	pairs := match(ivs(a), ivs(b))
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
			ev.StartErr, ev.EndErr = float64(b[j].a-a[i].ma), float64(b[j].b-a[i].mb)
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
		se, ee = append(se, ev.StartErr), append(ee, ev.EndErr)
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

// Cut is set as a copy of the clip's first n frames shows it (the upload
// variant): the window ends by frame n−1, events that start after it are
// left out, a contact still on the ground at the copy's last frame is
// uncertain (optional: cut by the end), a flight not landed by then has no
// landing, and a repetition not finished by then is left out.
func Cut(set Set, n int) Set {
	out := set
	out.Window = [2]int{set.Window[0], min(set.Window[1], n-1)}
	out.Contacts, out.Flights, out.Reps = nil, nil, nil
	for _, c := range set.Contacts {
		if c.Touchdown > n-1 {
			continue
		}
		if c.ToeOff >= n-1 {
			c.Uncertain = true
		}
		out.Contacts = append(out.Contacts, c)
	}
	for _, f := range set.Flights {
		if f.Takeoff > n-1 {
			continue
		}
		if f.Landing > n-1 {
			f.Landing = -1
		}
		out.Flights = append(out.Flights, f)
	}
	for _, r := range set.Reps {
		if r.End <= n-1 {
			out.Reps = append(out.Reps, r)
		}
	}
	return out
}
