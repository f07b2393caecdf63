package jump

import (
	"fmt"
	"sort"
)

// ErrMissingHeight is the error code a caller returns when an output that
// needs metres from the video (HeightHipM, LevelChangeM, any
// displacement) is requested without Options.HeightM. Flight-time heights
// never need it: they come from time alone.
const ErrMissingHeight = "jump_analysis_missing_height"

// The postMessage messages of the jump analysis (seed 003). Each carries
// its name in Type; Messages produces them in time order.

// JumpCalibration is sent first: whether the athlete's body and feet were
// found, so jumps can be detected.
type JumpCalibration struct {
	Type    string `json:"type"` // "jump_calibration"
	Ready   bool   `json:"ready"`
	Message string `json:"message"`
}

// JumpStarted is sent at every take-off (counted or not).
type JumpStarted struct {
	Type  string  `json:"type"`  // "jump_started"
	Frame int     `json:"frame"` // take-off frame (last frame on the ground)
	TimeS float64 `json:"time_s"`
}

// JumpDiscarded follows a JumpStarted whose flight was not counted.
type JumpDiscarded struct {
	Type   string `json:"type"`   // "jump_discarded"
	Reason string `json:"reason"` // Discarded.Reason
	Detail string `json:"detail"`
	Frame  int    `json:"frame"` // landing frame, or the take-off frame when there is none
}

// JumpHeight follows a JumpStarted whose flight was counted.
type JumpHeight struct {
	Type     string  `json:"type"` // "jump_height"
	Index    int     `json:"index"`
	HeightCM float64 `json:"height_cm"` // from flight time; 0 when level_changed
	// MarginCM is Jump.HeightMarginM in cm: the height ± one frame of
	// flight time.
	MarginCM     float64 `json:"margin_cm"`
	FlightTimeMS float64 `json:"flight_time_ms"`
	Frame        int     `json:"frame"` // landing frame
	// LevelChanged: the athlete landed on another level (off a box, a
	// flip down to the floor): the flight is real but gives no height.
	LevelChanged bool `json:"level_changed,omitempty"`
}

// JumpSummary is sent last.
type JumpSummary struct {
	Type   string       `json:"type"` // "jump_summary"
	Count  int          `json:"count"`
	BestCM float64      `json:"best_cm"`
	MeanCM float64      `json:"mean_cm"`
	Jumps  []JumpHeight `json:"jumps"`
}

// Message type names.
const (
	TypeCalibration = "jump_calibration"
	TypeStarted     = "jump_started"
	TypeDiscarded   = "jump_discarded"
	TypeHeight      = "jump_height"
	TypeSummary     = "jump_summary"
)

// Messages turns r into the postMessage stream: JumpCalibration first,
// then per flight in take-off order JumpStarted followed by JumpHeight
// (counted) or JumpDiscarded, and JumpSummary last. fps converts frames to
// seconds for discarded flights.
func Messages(r Result, fps float64) []any {
	cal := JumpCalibration{Type: TypeCalibration, Ready: r.Ready}
	if r.Ready {
		cal.Message = fmt.Sprintf("athlete found (%.0f px tall): ready to detect jumps", r.BodyHeightPx)
	} else {
		cal.Message = "not ready: " + r.Note
	}
	out := []any{cal}
	type ev struct {
		frame int
		t     float64
		msgs  []any
	}
	var evs []ev
	heights := make([]JumpHeight, 0, len(r.Jumps))
	for _, j := range r.Jumps {
		h := JumpHeight{Type: TypeHeight, Index: j.Index, HeightCM: j.HeightFlightM * 100, MarginCM: j.HeightMarginM * 100, FlightTimeMS: j.FlightTimeS * 1000, Frame: j.LandingFrame, LevelChanged: j.LevelChanged}
		if j.LevelChanged {
			h.HeightCM = 0
		}
		heights = append(heights, h)
		evs = append(evs, ev{j.TakeoffFrame, j.TakeoffS, []any{JumpStarted{Type: TypeStarted, Frame: j.TakeoffFrame, TimeS: j.TakeoffS}, h}})
	}
	for _, d := range r.Discarded {
		t := 0.0
		if fps > 0 {
			t = float64(d.TakeoffFrame) / fps
		}
		f := d.LandingFrame
		if f < 0 {
			f = d.TakeoffFrame
		}
		evs = append(evs, ev{d.TakeoffFrame, t, []any{JumpStarted{Type: TypeStarted, Frame: d.TakeoffFrame, TimeS: t},
			JumpDiscarded{Type: TypeDiscarded, Reason: d.Reason, Detail: d.Detail, Frame: f}}})
	}
	sort.SliceStable(evs, func(a, b int) bool { return evs[a].frame < evs[b].frame })
	for _, e := range evs {
		out = append(out, e.msgs...)
	}
	sum := JumpSummary{Type: TypeSummary, Count: r.Count, MeanCM: r.Height.Mean * 100, Jumps: heights}
	if r.Best != nil {
		sum.BestCM = r.Best.HeightFlightM * 100
	}
	return append(out, sum)
}
