package sprint

import (
	"fmt"
	"math"
)

// MaxZoneM is the longest timing zone: a whole 100 m race; MinZoneM the
// shortest, a stride. Each zone is timed by a scan of the clip: a zone of
// a micrometre would ask for tens of millions of them.
const (
	MaxZoneM = 100
	MinZoneM = 1
)

// TimingStart is the coach's sprint timing set-up, kept with the analysis: the
// start mode, the start frame, the zone length and whether the coach
// confirmed the frame (else it is the analysis's proposal).
type TimingStart struct {
	Mode      string  `json:"mode" enum:"static,flying" doc:"static: block or standing start, time 0 at the first movement; flying: time 0 at the first zone line"`
	Frame     int     `json:"frame" doc:"the first-movement frame (static) or the frame the run-up starts (flying), from 0"`
	ZoneM     float64 `json:"zone_m" doc:"zone length in metres, 1 to 100"`
	Confirmed bool    `json:"confirmed" doc:"the coach confirmed the frame"`
}

// Proposed is the start the analysis proposes: ProposedStart with 10 m
// zones, not confirmed.
func Proposed(r *Result) TimingStart {
	mode, frame := ProposedStart(r)
	return TimingStart{Mode: mode, Frame: frame, ZoneM: 10}
}

// Check refuses a start that cannot be timed in a clip of n frames: an
// unknown mode, a frame outside the clip, a zone length outside
// MinZoneM–MaxZoneM.
func (s TimingStart) Check(n int) error {
	if s.Mode != StaticStart && s.Mode != FlyingStart {
		return fmt.Errorf("start mode %q is not %s or %s", s.Mode, StaticStart, FlyingStart)
	}
	if s.Frame < 0 || s.Frame >= n {
		return fmt.Errorf("start frame %d is outside the clip's %d frames", s.Frame, n)
	}
	if !(s.ZoneM >= MinZoneM && s.ZoneM <= MaxZoneM) || math.IsInf(s.ZoneM, 0) {
		return fmt.Errorf("zone length %g m is not %d–%d m", s.ZoneM, MinZoneM, MaxZoneM)
	}
	return nil
}

// Time is the splits of this start (see Splits).
func (s TimingStart) Time(r *Result, fps float64) Timing {
	return Splits(r.Frames, fps, s.Frame, s.Mode, s.ZoneM)
}
