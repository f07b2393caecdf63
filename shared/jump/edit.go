package jump

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"motionlab/shared/pose"
)

// MaxFlights is the most flights an edit may give: a 10 s clip of
// repeated hops has about 20.
const MaxFlights = 50

// Flight is one flight as a coach marks it, in frames of the analysed
// clip: the take-off frame is the last frame with a foot on the ground,
// the landing frame the first with a foot on the ground again (the frames
// strictly between are in the air), as in Jump.
type Flight struct {
	TakeoffFrame int `json:"takeoff_frame" minimum:"0" doc:"take-off: the last frame with a foot on the ground"`
	LandingFrame int `json:"landing_frame" minimum:"1" doc:"landing: the first frame with a foot on the ground again"`
}

// Flights are the counted jumps' flights.
func Flights(r Result) []Flight {
	fs := make([]Flight, 0, len(r.Jumps))
	for _, j := range r.Jumps {
		fs = append(fs, Flight{TakeoffFrame: j.TakeoffFrame, LandingFrame: j.LandingFrame})
	}
	return fs
}

// ErrNotReady: the athlete's body and feet were not seen well enough to
// measure any flight.
var ErrNotReady = errors.New("the athlete's body and feet are not visible")

// CheckFlights refuses flights that cannot be measured: too many, a
// landing less than two frames after its take-off (no frame in the air),
// longer than MaxFlightS, outside the clip's n frames, on a frame where
// the athlete is not seen, out of order or overlapping.
func CheckFlights(fs []Flight, frames []*pose.Person, fps float64) error {
	if len(fs) > MaxFlights {
		return fmt.Errorf("%d flights: at most %d", len(fs), MaxFlights)
	}
	n := len(frames)
	for i, f := range fs {
		if f.TakeoffFrame < 0 || f.LandingFrame >= n || f.LandingFrame < f.TakeoffFrame+2 {
			return fmt.Errorf("flight %d: frames %d–%d are not a take-off and a landing at least two frames later within the clip's %d frames", i, f.TakeoffFrame, f.LandingFrame, n)
		}
		if fps > 0 && editedFlightTime(f, fps) > MaxFlightS {
			return fmt.Errorf("flight %d: frames %d–%d are %.2f s in the air, longer than any jump (%.1f s)", i, f.TakeoffFrame, f.LandingFrame, editedFlightTime(f, fps), MaxFlightS)
		}
		if frames[f.TakeoffFrame] == nil || frames[f.LandingFrame] == nil {
			return fmt.Errorf("flight %d: the athlete is not seen at frame %d or %d", i, f.TakeoffFrame, f.LandingFrame)
		}
		if i > 0 && f.TakeoffFrame < fs[i-1].LandingFrame {
			return fmt.Errorf("flight %d: take-off %d before the previous flight's landing %d (give them in frame order, one after the other)", i, f.TakeoffFrame, fs[i-1].LandingFrame)
		}
	}
	return nil
}

// editedFlightTime is the time in the air of a flight given in whole
// frames: each instant is taken in the middle of its frame interval
// (take-off half a frame after the take-off frame, landing half a frame
// before the landing frame), so LandingFrame − TakeoffFrame − 1 frames.
func editedFlightTime(f Flight, fps float64) float64 {
	return float64(f.LandingFrame-f.TakeoffFrame-1) / fps
}

// Edited measures the given flights instead of the detected ones: the
// result a coach's corrected flights give, computed the same way in the
// browser and on the server. A flight with exactly a detected jump's
// frames is that jump (its sub-frame instants and confidence). Any other
// is timed from its frames: TakeoffS = (TakeoffFrame + ½)/FPS, LandingS =
// (LandingFrame − ½)/FPS, so FlightTimeS = (LandingFrame − TakeoffFrame −
// 1)/FPS; its height is g·t²/8, the hips' figures, ground levels and peak
// are measured as for a detected jump, its confidence is 1 (a person
// checked it) and none of the detector's discard rules apply (the coach
// decides what is a jump). The detector's discarded flights that overlap
// a given flight are dropped. The flights must pass CheckFlights.
func Edited(frames []*pose.Person, o Options, flights []Flight) (Result, error) {
	if err := CheckFlights(flights, frames, o.FPS); err != nil {
		return Result{}, err
	}
	a, det, ok := prepare(frames, o)
	if !ok {
		return det, ErrNotReady
	}
	res := Result{Jumps: []Jump{}, Discarded: []Discarded{}, Ready: true, BodyHeightPx: det.BodyHeightPx}
	for _, f := range flights {
		i := slices.IndexFunc(det.Jumps, func(j Jump) bool { return j.TakeoffFrame == f.TakeoffFrame && j.LandingFrame == f.LandingFrame })
		if i >= 0 {
			res.Jumps = append(res.Jumps, det.Jumps[i])
			continue
		}
		res.Jumps = append(res.Jumps, a.edited(f))
	}
	for _, d := range det.Discarded {
		end := d.LandingFrame
		if end < 0 {
			end = a.n - 1
		}
		if !slices.ContainsFunc(flights, func(f Flight) bool { return f.TakeoffFrame <= end && d.TakeoffFrame <= f.LandingFrame }) {
			res.Discarded = append(res.Discarded, d)
		}
	}
	summarise(&res)
	return res, nil
}

// edited measures one flight given in frames (see Edited).
func (a *analyzer) edited(f Flight) Jump {
	to, ld := f.TakeoffFrame, f.LandingFrame
	j := Jump{
		TakeoffFrame: to,
		LandingFrame: ld,
		TakeoffS:     (float64(to) + 0.5) / a.fps,
		LandingS:     (float64(ld) - 0.5) / a.fps,
		FlightTimeS:  editedFlightTime(f, a.fps),
		PeakFrame:    to + 1,
		Timing:       TimedByCoach,
		Confidence:   1,
	}
	j.HeightFlightM = FlightHeight(j.FlightTimeS)
	peakY := math.Inf(1)
	for i := to + 1; i < ld; i++ {
		if a.hip.valid[i] && a.hip.y[i] < peakY {
			j.PeakFrame, peakY = i, a.hip.y[i]
		}
	}
	// Ground levels: the feet's grounded positions just before take-off
	// and just after landing, or where they are at those frames when the
	// detector had them in the air.
	ground := func(from, to, at int) float64 {
		var sum float64
		k := 0
		for s := 0; s < 2; s++ {
			lv := a.level(s, from, to)
			if math.IsNaN(lv) && a.feet[s].valid[at] {
				lv = a.feet[s].y[at]
			}
			if !math.IsNaN(lv) {
				sum, k = sum+lv, k+1
			}
		}
		if k == 0 {
			return math.NaN()
		}
		return sum / float64(k)
	}
	before := ground(max(0, to-a.w), to, to)
	after := ground(ld, min(a.n-1, ld+a.w), ld)
	if !math.IsNaN(before) && !math.IsNaN(after) {
		j.LevelChange = (after - before) / a.H
		j.LevelChanged = math.Abs(j.LevelChange) > LevelChangeFraction
	}
	if a.scaleOK && !math.IsInf(peakY, 1) && !math.IsNaN(before) {
		hip := (before - a.legPx - peakY) / a.pxPerM
		j.HeightHipM = &hip
		if y := a.hipAt(j.TakeoffS); !math.IsNaN(y) {
			rise := (y - peakY) / a.pxPerM
			j.HipRiseM = &rise
		}
		lc := j.LevelChange * a.o.HeightM
		j.LevelChangeM = &lc
	}
	j.HeightMarginM = a.heightMargin(j)
	return j
}
