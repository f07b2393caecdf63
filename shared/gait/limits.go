package gait

// Physiological limits of a human step, whatever the gait: contacts of
// sprinters at maximal velocity last ~0.08 s (elite men, Weyand et al.
// 2000; Mann & Murphy 2015), the shortest any runner makes; step frequency
// peaks at ~5 Hz in elite sprinters (Nagahara et al. 2014; Bolt ~4.3–4.5
// Hz), over 5.5 Hz no human steps; top running speed is 12.4 m/s (Bolt's
// 2009 100 m splits), over 12.5 m/s is a tracking or scale error; the
// longest sprint steps are about 1.4 body heights (Bolt: ~2.7 m at 1.95 m,
// Mann & Murphy 2015), over MaxStepHeights a foot was placed wrong. A step
// beyond them is flagged (Step.Flags): it cannot be measured right, is
// shown as uncertain (confidence at most FlaggedConfidence) and is left
// out of the means. Activities add their own ceilings on contact time
// (sprint.MaxContactS).
const (
	MinContactS = 0.07
	MaxStepFreq = 5.5
	MaxSpeedMS  = 12.5
	// MaxStepHeights: a step's length in body heights (needs no scale).
	MaxStepHeights = 1.6
	FlagShort      = "contact_too_short"
	FlagLong       = "contact_too_long"
	FlagFrequent   = "step_frequency_too_high"
	FlagFast       = "speed_too_high"
	FlagStride     = "step_too_long"
)

// FlaggedConfidence caps a flagged step's confidence.
const FlaggedConfidence = 0.3

// StepFlags names the limits a step breaks: its contact lasted contactS
// and the next step began stepHz⁻¹ later (0: no next step), both measured
// in whole frames of frame seconds; maxContactS > 0 is the activity's
// ceiling on contact time. Each instant is known to within a frame (a
// touchdown lies between its frame and the one before, a toe-off between
// the last frame on the ground and the first off it), so a contact or step
// of n frames lasted between n−1 and n+1 of them: it breaks a limit only
// when no duration within a frame of the measured one keeps it. Flagging
// merely imprecise steps would leave out one side of the rounding: on the
// panning sprint (29 fps) 11 of the 50 annotated contacts last 2 frames
// (69 ms, under MinContactS), and a floor of 2 frames dropped them from
// the means, which read 119–126 ms of contact and 4.3–4.5 steps a second
// against the annotation's 108 ms and 4.75 (ACCURACY.md).
func StepFlags(contactS, stepHz, frame, maxContactS float64) []string {
	var f []string
	if contactS+frame < MinContactS {
		f = append(f, FlagShort)
	}
	if maxContactS > 0 && contactS-frame > maxContactS {
		f = append(f, FlagLong)
	}
	if stepHz > 0 && stepHz/(1+frame*stepHz) > MaxStepFreq {
		f = append(f, FlagFrequent)
	}
	return f
}
