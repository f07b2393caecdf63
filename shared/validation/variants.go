package validation

import (
	"math"
	"sort"
)

// Consistency compares the events found in a variant of a clip (mirrored,
// smaller, cropped, fewer frames per second) with those found in the
// original, in seconds: every original event should be found again (not
// vanished, not split in two) within one frame of the coarser of the two
// frame rates. Errors are in those frames; Truth counts the original's
// events, Missed the vanished ones, Invented the variant's extras (a
// split contact shows as one found and one invented).
type Consistency struct {
	Clip     string `json:"clip"`
	Activity string `json:"activity"`
	Variant  string `json:"variant"`
	Events   Count  `json:"events"`
	Start    Errors `json:"start_error_frames"`
	End      Errors `json:"end_error_frames"`
}

// Compare scores a variant's detections against the original's.
func CompareVariant(orig Detected, origFPS float64, v Detected, vFPS float64) Consistency {
	unit := min(origFPS, vFPS) // frames of the coarser rate
	secs := func(d Detected, fps float64) [][2]float64 {
		var out [][2]float64
		for _, c := range d.Contacts {
			// A contact covers [touchdown, toe_off + 1) frames.
			out = append(out, [2]float64{float64(c.Touchdown) / fps, float64(c.ToeOff+1) / fps})
		}
		for _, f := range d.Flights {
			out = append(out, [2]float64{float64(f.Takeoff) / fps, float64(f.Landing) / fps})
		}
		for _, r := range d.Reps {
			out = append(out, [2]float64{float64(r.Start) / fps, float64(r.End) / fps})
		}
		sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
		return out
	}
	a, b := secs(orig, origFPS), secs(v, vFPS)
	// Match in integer ticks of a fine grid so overlap works as for frames.
	tick := func(s [][2]float64) []interval {
		out := make([]interval, len(s))
		for i, x := range s {
			out[i] = interval{int(x[0] * 1000), int(x[1]*1000) - 1}
		}
		return out
	}
	pairs := match(tick(a), tick(b))
	c := Consistency{}
	var se, ee []float64
	used := make([]bool, len(b))
	for i, j := range pairs {
		c.Events.Truth++
		if j < 0 {
			c.Events.Missed++
			continue
		}
		used[j] = true
		c.Events.Found++
		se = append(se, frames(b[j][0]-a[i][0], unit))
		ee = append(ee, frames(b[j][1]-a[i][1], unit))
	}
	for j := range b {
		if !used[j] {
			c.Events.Invented++
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
