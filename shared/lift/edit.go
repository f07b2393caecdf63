package lift

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"motionlab/shared/pose"
)

// MaxReps is the most repetitions an edit may give: a 10 s clip holds
// about a dozen fast ones.
const MaxReps = 50

// RepFrames is one repetition as a coach marks it, in frames of the
// analysed clip, with Rep's meanings: StartFrame where the movement
// starts, BottomFrame the turning point between the two phases (the
// bottom of a squat or bench, the top of a press, deadlift, clean or
// snatch), EndFrame where it arrives back.
type RepFrames struct {
	StartFrame  int `json:"start_frame" minimum:"0" doc:"where the movement starts (the top before a squat's descent)"`
	BottomFrame int `json:"bottom_frame" minimum:"1" doc:"the turning point between the two phases (a squat's bottom)"`
	EndFrame    int `json:"end_frame" minimum:"2" doc:"where the movement arrives back"`
}

// Frames are the repetitions' frames.
func Frames(r Result) []RepFrames {
	fs := make([]RepFrames, 0, len(r.Reps))
	for _, rp := range r.Reps {
		fs = append(fs, RepFrames{StartFrame: rp.StartFrame, BottomFrame: rp.BottomFrame, EndFrame: rp.EndFrame})
	}
	return fs
}

// ErrNoRepsGiven: an edit must keep at least one repetition.
var ErrNoRepsGiven = errors.New("no repetition: keep at least one")

// CheckReps refuses repetitions that cannot be measured: none, too many,
// frames not in the order start < bottom < end within the clip's
// frames, a frame where the athlete is not seen, out of order or
// overlapping (a repetition may start where the previous one ends).
func CheckReps(rs []RepFrames, frames []*pose.Person) error {
	if len(rs) == 0 {
		return ErrNoRepsGiven
	}
	if len(rs) > MaxReps {
		return fmt.Errorf("%d repetitions: at most %d", len(rs), MaxReps)
	}
	n := len(frames)
	for i, r := range rs {
		if r.StartFrame < 0 || r.EndFrame >= n || !(r.StartFrame < r.BottomFrame && r.BottomFrame < r.EndFrame) {
			return fmt.Errorf("repetition %d: frames %d, %d, %d are not a start, a turn and an end in that order within the clip's %d frames", i, r.StartFrame, r.BottomFrame, r.EndFrame, n)
		}
		for _, f := range []int{r.StartFrame, r.BottomFrame, r.EndFrame} {
			if p := frames[f]; p == nil || len(p.Keypoints) < pose.NumBlazePose {
				return fmt.Errorf("repetition %d: the athlete is not seen at frame %d", i, f)
			}
		}
		if i > 0 && r.StartFrame < rs[i-1].EndFrame {
			return fmt.Errorf("repetition %d: starts at frame %d before the previous one ends at %d (give them in frame order, one after the other)", i, r.StartFrame, rs[i-1].EndFrame)
		}
	}
	return nil
}

// Edited measures the given repetitions instead of the detected ones: the
// result a coach's corrected repetitions give, computed the same way in
// the browser and on the server. A repetition with exactly a detected
// one's three frames is that repetition (its sub-frame phase timing and
// confidence). Any other is timed from its frames: the first phase lasts
// (BottomFrame − StartFrame)/FPS and the second (EndFrame −
// BottomFrame)/FPS (eccentric then concentric for the squat and bench,
// the other way round for the others; a pause at the turn counts into
// the phases), its range of motion, knee angle, trunk lean, depth, bar
// path and knee valgus are measured as for a detected one, and its
// confidence is 1 (a person checked it). The summaries, findings and bar
// path follow. The repetitions must pass CheckReps.
func Edited(frames []*pose.Person, o Options, reps []RepFrames) (Result, error) {
	if err := CheckReps(reps, frames); err != nil {
		return Result{}, err
	}
	a, res, err := prepare(frames, o)
	if err != nil {
		return res, err
	}
	det := a.reps()
	res.Reps = make([]Rep, 0, len(reps))
	for _, f := range reps {
		i := slices.IndexFunc(det, func(r Rep) bool {
			return r.StartFrame == f.StartFrame && r.BottomFrame == f.BottomFrame && r.EndFrame == f.EndFrame
		})
		r := a.edited(f)
		if i >= 0 {
			r = det[i]
		}
		r.Index = len(res.Reps) + 1
		res.Reps = append(res.Reps, r)
	}
	a.summarise(&res)
	return res, nil
}

// edited measures one repetition given in frames (see Edited).
func (a *analysis) edited(f RepFrames) Rep {
	r := Rep{StartFrame: f.StartFrame, BottomFrame: f.BottomFrame, EndFrame: f.EndFrame,
		start: float64(f.StartFrame), arrive: float64(f.BottomFrame), depart: float64(f.BottomFrame), end: float64(f.EndFrame)}
	first, second := float64(f.BottomFrame-f.StartFrame)/a.o.FPS, float64(f.EndFrame-f.BottomFrame)/a.o.FPS
	if a.o.Exercise.eccentricFirst() {
		r.EccentricS, r.ConcentricS = first, second
		r.low = r.BottomFrame
	} else {
		r.ConcentricS, r.EccentricS = first, second
		r.low = r.StartFrame
	}
	hi, lo := math.Inf(-1), math.Inf(1)
	for i := r.StartFrame; i <= r.EndFrame; i++ {
		if a.ref.ok[i] {
			h := -a.ref.y[i] / a.h
			hi, lo = max(hi, h), min(lo, h)
		}
	}
	if hi >= lo {
		r.RangeOfMotionM = (hi - lo) * a.o.HeightM
	}
	a.measure(&r)
	r.Confidence = 1
	return r
}
