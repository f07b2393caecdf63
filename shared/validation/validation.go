// Package validation compares what MotionLab's analyses found in a clip
// with a hand annotation of the same clip (tests/validation/*.json): foot
// contacts, jump flights and lift repetitions, matched one to one, with
// the timing errors in frames and the metrics a coach reads. Pure Go: it
// knows frames and events, not videos or models.
package validation

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

// File is one clip's annotation.
type File struct {
	Clip   string  `json:"clip"`
	FPS    float64 `json:"fps"`
	Frames int     `json:"frames"`
	Sets   []Set   `json:"sets"`
	Notes  string  `json:"notes"`
}

// Set is the events of one subject that one activity's analysis should find.
type Set struct {
	Activity string    `json:"activity"`
	Subject  string    `json:"subject"`
	Window   [2]int    `json:"window"`
	Contacts []Contact `json:"contacts"`
	Flights  []Flight  `json:"flights"`
	Reps     []Rep     `json:"reps"`
	// Start is how a sprint began (nil: not annotated).
	Start *Start `json:"start,omitempty"`
}

// Start is how a sprint began, as sprint.Start names it: "standing" (a
// block or standing start; Frame is the first movement, the first frame
// the athlete is no longer set) or "flying"; an analysis may also answer
// "not_seen" or "unknown" (it did not see the start).
type Start struct {
	Kind  string `json:"kind"`
	Frame int    `json:"frame,omitempty"`
	Note  string `json:"note,omitempty"`
}

// Contact is one foot's ground contact: Touchdown is the first frame on
// the ground, ToeOff the last (inclusive).
type Contact struct {
	Foot      string `json:"foot"`
	Side      string `json:"side,omitempty"`
	Touchdown int    `json:"touchdown"`
	ToeOff    int    `json:"toe_off"`
	Uncertain bool   `json:"uncertain,omitempty"`
	Note      string `json:"note,omitempty"`
	// Confidence is the detector's (0 in annotations).
	Confidence float64 `json:"confidence,omitempty"`
}

// Flight is a jump's time in the air: Takeoff is the last frame with a
// foot on the ground, Landing the first frame with one on it again (−1:
// the landing is not in the clip).
type Flight struct {
	Takeoff   int    `json:"takeoff"`
	Landing   int    `json:"landing"`
	Uncertain bool   `json:"uncertain,omitempty"`
	Note      string `json:"note,omitempty"`
	// FlightTimeS is the detector's sub-frame flight time (0 in annotations).
	FlightTimeS float64 `json:"flight_time_s,omitempty"`
}

// Rep is a lift repetition: last frame at rest before, lowest frame,
// first frame at rest after.
type Rep struct {
	Start     int    `json:"start"`
	Bottom    int    `json:"bottom"`
	End       int    `json:"end"`
	Uncertain bool   `json:"uncertain,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Event is one annotated event and the detection matched to it (or an
// invented detection, Truth −1).
type Event struct {
	Kind    string `json:"kind"` // contact, flight, rep
	Foot    string `json:"foot,omitempty"`
	TruthA  int    `json:"truth_start"`
	TruthB  int    `json:"truth_end"`
	GotFoot string `json:"got_foot,omitempty"`
	GotA    int    `json:"got_start"`
	GotB    int    `json:"got_end"`
	// GotConfidence is the detection's own confidence (0 when none).
	GotConfidence float64 `json:"got_confidence,omitempty"`
	Optional      bool    `json:"optional,omitempty"`
}

// Parse reads and checks an annotation.
func Parse(data []byte) (*File, error) {
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("annotation: %w", err)
	}
	if f.Clip == "" || !(f.FPS > 0) || f.Frames <= 0 {
		return nil, fmt.Errorf("annotation: clip, fps and frames are required")
	}
	for i, s := range f.Sets {
		if s.Window == [2]int{} {
			f.Sets[i].Window = [2]int{0, f.Frames - 1}
		}
		for _, c := range s.Contacts {
			if c.ToeOff < c.Touchdown {
				return nil, fmt.Errorf("annotation %s: contact %d–%d ends before it starts", f.Clip, c.Touchdown, c.ToeOff)
			}
		}
	}
	return &f, nil
}

// Detected is what an analysis reported, in the annotation's conventions
// (a contact's ToeOff is its last frame on the ground).
type Detected struct {
	Contacts []Contact
	Flights  []Flight
	Reps     []Rep
	// Summary values as the analysis reports them (0: not reported).
	ContactTimeS  float64
	FlightTimeS   float64
	StepFrequency float64 // steps per second
	// Start is a sprint's start (nil for other activities).
	Start *Start
	// Reason says why nothing was found, when the analysis said so.
	Reason string
	// Sure is the confidence from which the analysis calls a contact sure
	// (gait.LowConfidence; under it the app shows the contact as
	// uncertain); 0: every contact is sure.
	Sure float64
}

// Trust sorts the contacts an analysis reports where the annotation
// times both events (found or invented; optional and uncertain ones
// left out) by the analysis's own confidence: Sure at or above
// Detected.Sure, Unsure under it. A contact is wrong when it was invented
// or its touchdown or toe-off is more than a frame off. A coach reads a
// sure contact as a fact and an unsure one as a guess, so wrong sure
// contacts are the errors that mislead.
type Trust struct {
	Sure        int `json:"sure"`
	SureWrong   int `json:"sure_wrong"`
	Unsure      int `json:"unsure"`
	UnsureWrong int `json:"unsure_wrong"`
}

func (t *Trust) add(conf, sure float64, wrong bool) {
	w := 0
	if wrong {
		w = 1
	}
	if conf >= sure {
		t.Sure, t.SureWrong = t.Sure+1, t.SureWrong+w
	} else {
		t.Unsure, t.UnsureWrong = t.Unsure+1, t.UnsureWrong+w
	}
}

// Errors summarises absolute timing errors in frames.
type Errors struct {
	N       int     `json:"n"`
	Within1 int     `json:"within_1"`
	Within2 int     `json:"within_2"`
	Median  float64 `json:"median"`
	Worst   float64 `json:"worst"`
}

func errorsOf(v []float64) Errors {
	e := Errors{N: len(v)}
	if len(v) == 0 {
		return e
	}
	a := make([]float64, len(v))
	for i, x := range v {
		a[i] = math.Abs(x)
		if a[i] <= 1 {
			e.Within1++
		}
		if a[i] <= 2 {
			e.Within2++
		}
	}
	sort.Float64s(a)
	e.Median, e.Worst = median(a), a[len(a)-1]
	return e
}

// Spread is the median and the worst of errors' sizes.
type Spread struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	Worst  float64 `json:"worst"`
}

func spreadOf(v []float64) Spread {
	e := errorsOf(v)
	return Spread{N: e.N, Median: e.Median, Worst: e.Worst}
}

// Count is how many events were expected, found, missed and invented.
type Count struct {
	Truth    int `json:"truth"`
	Found    int `json:"found"`
	Missed   int `json:"missed"`
	Invented int `json:"invented"`
}

// Pair is a reported value against the truth.
type Pair struct {
	Truth float64 `json:"truth"`
	Got   float64 `json:"got"`
}

// Score is one set's comparison.
type Score struct {
	Clip     string `json:"clip"`
	Activity string `json:"activity"`
	Variant  string `json:"variant,omitempty"`
	Reason   string `json:"reason,omitempty"`

	Contacts    Count  `json:"contacts"`
	Touchdown   Errors `json:"touchdown_error_frames"`
	ToeOff      Errors `json:"toe_off_error_frames"`
	ContactTime Errors `json:"contact_time_error_frames"`
	// ContactTimeMS is the contact-time error in milliseconds (median and
	// worst of its size): issue 17 asks for a median under 20 ms.
	ContactTimeMS Spread `json:"contact_time_error_ms"`
	// FootLabels is how many matched contacts carry the annotated foot.
	FootLabels int `json:"foot_labels_right"`
	// Trust is whether the contacts' confidence tells right from wrong.
	Trust         Trust `json:"trust"`
	MeanContactMS Pair  `json:"mean_contact_time_ms"`
	MeanFlightMS  Pair  `json:"mean_flight_time_ms"`
	StepFrequency Pair  `json:"step_frequency_hz"`

	// Start is the sprint's start against the annotation's (nil where
	// none is annotated).
	Start *StartScore `json:"start,omitempty"`

	Jumps      Count  `json:"jumps"`
	FlightTime Errors `json:"flight_time_error_frames"`
	Reps       Count  `json:"reps"`
	RepBottom  Errors `json:"rep_bottom_error_frames"`

	// Events lists every contact, flight or repetition: the truth and
	// what was found (−1 where there is none).
	Events []Event `json:"events"`

	// The raw errors, for overall figures.
	TDErr, TOErr, CTErr, FTErr, RepErr []float64 `json:"-"`
	CTErrMS                            []float64 `json:"-"`
}
