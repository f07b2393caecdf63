package gait

import (
	"fmt"
	"math"

	"motionlab/shared/pose"
	"motionlab/shared/stats"
	"motionlab/shared/track"
)

// Stat is a mean with its standard deviation and count.
type Stat = stats.Stat

// StatOf summarises v.
func StatOf(v []float64) Stat { return stats.Of(v) }

// Step is one step: from this contact to the next contact of the other foot.
type Step struct {
	Contact
	ContactAt   float64 `json:"contact_at_s"`            // time of initial contact in the clip
	ToeOffAt    float64 `json:"toe_off_at_s"`            // time of toe-off in the clip
	ContactTime float64 `json:"contact_time_s"`          // toe-off − contact
	FlightTime  float64 `json:"flight_time_s"`           // next contact − toe-off (0 when both feet touch)
	StepTime    float64 `json:"step_time_s"`             // next contact − contact
	StepLength  float64 `json:"step_length_m,omitempty"` // speed × step time
	DutyFactor  float64 `json:"duty_factor,omitempty"`   // contact time / stride time (when the stride is seen)
	// Flags name the physiological limits the step breaks (StepFlags):
	// such a step cannot be measured right, is shown as uncertain
	// (ShownConfidence) and is left out of the means. Its contact keeps
	// the detector's confidence (a coach's edit compares with it).
	Flags []string `json:"flags,omitempty"`
}

// ShownConfidence is the confidence the step is shown with: its
// contact's, at most FlaggedConfidence when it breaks a limit.
func (s Step) ShownConfidence() float64 {
	if len(s.Flags) > 0 {
		return min(s.Confidence, FlaggedConfidence)
	}
	return s.Confidence
}

// Metrics are the side-view running metrics of one clip.
type Metrics struct {
	Steps       []Step  `json:"steps"`
	Cadence     float64 `json:"cadence_spm"` // steps per minute, from the mean step time
	StepTime    Stat    `json:"step_time_s"`
	ContactTime Stat    `json:"ground_contact_time_s"`
	FlightTime  Stat    `json:"flight_time_s"`
	DutyFactor  Stat    `json:"duty_factor"`
	Speed       float64 `json:"speed_m_s"`
	Pace        string  `json:"pace_min_km"` // MM:SS per km, from Speed
	StepLength  Stat    `json:"step_length_m"`
	// Flags name the physiological limits the clip as a whole breaks
	// (FlagFast: a speed no human runs, a tracking or scale error).
	Flags []string `json:"flags,omitempty"`
	// PixelsPerMetre is the scale used (from the runner's height).
	PixelsPerMetre float64 `json:"pixels_per_metre"`
	// Confidence is the contacts' mean confidence: the timing metrics
	// (contact, flight, duty factor) are as trustworthy as the contacts;
	// under LowConfidence they are shown as uncertain.
	Confidence float64 `json:"confidence"`
}

// Options are the runner facts the metrics need.
type Options struct {
	FPS       float64
	HeightM   float64 // standing height, metres
	Treadmill bool
	// BeltSpeed (m/s) on a treadmill, from the request's pace.
	BeltSpeed float64
	// MinVisibility below which a keypoint counts as unseen (the
	// package's MinVisibility if 0).
	MinVisibility float32
	// Camera is the camera's motion into each frame (nil: fixed camera).
	Camera []track.Motion
	// Contacts, when not nil, are the ground contacts to measure (a
	// coach's corrected events, in frame order) instead of the detector's:
	// the metrics of the same contacts are the same whoever found them.
	Contacts []Contact
	// PixelsPerMetre, when > 0, is the scale measured on a calibration
	// line, used instead of the runner's height.
	PixelsPerMetre float64
	// Scene is the analysis's scene of this track, when it measured one
	// already (nil: measured here with MinVisibility and Camera).
	Scene *Scene
}

// Analyze computes the metrics of a cleaned side-view track.
func Analyze(frames []*pose.Person, o Options) Metrics {
	m := Metrics{Steps: []Step{}}
	bh := BodyHeightPixels(frames)
	if bh > 0 && o.HeightM > 0 {
		m.PixelsPerMetre = bh / o.HeightM
	}
	if o.PixelsPerMetre > 0 {
		m.PixelsPerMetre = o.PixelsPerMetre
	}
	mv := o.MinVisibility
	if mv == 0 {
		mv = MinVisibility
	}
	scene := o.Scene
	if scene == nil {
		scene = NewMovingScene(frames, o.FPS, mv, o.Camera)
	}
	if scene == nil {
		return m
	}
	contacts := o.Contacts
	if contacts == nil {
		contacts = scene.Contacts(frames)
		walk := walking(contacts)
		if !walk {
			contacts = Alternate(contacts)
		}
		Doubt(contacts, walk)
	}
	if o.Treadmill && o.BeltSpeed > 0 {
		m.Speed = o.BeltSpeed
	} else if m.PixelsPerMetre > 0 {
		m.Speed = scene.SpeedMS(o.HeightM, o.PixelsPerMetre)
	}
	if m.Speed > 0 {
		secPerKm := 1000 / m.Speed
		m.Pace = formatPace(secPerKm)
	}
	var stepT, contactT, flightT, duty, stepL, conf []float64
	// Means are taken over the confident contacts when there are at least
	// two (the uncertain ones are reported one by one).
	sure := 0
	for _, c := range contacts {
		if c.Confidence >= LowConfidence {
			sure++
		}
	}
	ends, typical := StepEnds(contacts)
	for i, c := range contacts {
		conf = append(conf, c.Confidence)
		st := Step{Contact: c, ContactTime: float64(c.ToeOff-c.Contact) / o.FPS,
			ContactAt: float64(c.Contact) / o.FPS, ToeOffAt: float64(c.ToeOff) / o.FPS}
		if ends[i] >= 0 {
			n := contacts[ends[i]]
			st.StepTime = float64(n.Contact-c.Contact) / o.FPS
			st.FlightTime = math.Max(0, float64(n.Contact-c.ToeOff)/o.FPS)
		}
		hz := 0.0
		if st.StepTime > 0 {
			hz = 1 / st.StepTime
		}
		st.Flags = StepFlags(st.ContactTime, hz, 1/o.FPS, 0)
		counts := counted(st, sure)
		if counts {
			contactT = append(contactT, st.ContactTime)
		}
		// The next contact of the same foot ends the stride.
		for _, n := range contacts[i+1:] {
			if n.Foot == c.Foot {
				stride := float64(n.Contact-c.Contact) / o.FPS
				st.DutyFactor = st.ContactTime / stride
				if counts && float64(n.Contact-c.Contact) <= 2.6*typical {
					duty = append(duty, st.DutyFactor)
				}
				break
			}
		}
		if st.StepTime > 0 && counts {
			stepT = append(stepT, st.StepTime)
			flightT = append(flightT, st.FlightTime)
			if m.Speed > 0 {
				st.StepLength = m.Speed * st.StepTime
				stepL = append(stepL, st.StepLength)
			}
		}
		m.Steps = append(m.Steps, st)
	}
	m.StepTime, m.ContactTime, m.FlightTime = StatOf(stepT), StatOf(contactT), StatOf(flightT)
	m.DutyFactor, m.StepLength = StatOf(duty), StatOf(stepL)
	m.Confidence = math.Round(100*StatOf(conf).Mean) / 100
	if m.StepTime.Mean > 0 {
		m.Cadence = 60 / m.StepTime.Mean
	}
	if m.Speed > MaxSpeedMS {
		m.Flags = append(m.Flags, FlagFast)
	}
	return m
}

// counted reports whether step st counts in the means, sure of the steps'
// contacts being sure (Confidence ≥ LowConfidence): the sure ones when
// there are at least two, else all; never a step over a limit.
func counted(st Step, sure int) bool {
	return (sure < 2 || st.Confidence >= LowConfidence) && len(st.Flags) == 0
}

// Counted marks the steps the means are taken over (see counted). What is
// built on the steps (contact-time asymmetry, overstride, foot strike,
// joint angles at contact, the coaching's measures) reads these too: an
// uncertain contact's frames may not be the contact's (a doubted one is
// often frames off), and a summary of them said what the means do not.
func (m Metrics) Counted() []bool {
	sure := 0
	for _, st := range m.Steps {
		if st.Confidence >= LowConfidence {
			sure++
		}
	}
	out := make([]bool, len(m.Steps))
	for i, st := range m.Steps {
		out[i] = counted(st, sure)
	}
	return out
}

// StepEnds pairs each contact (in frame order) with the one that ends its
// step: the next contact, when it is the other foot's, comes later (a
// coach's edit may put both feet down at once) and within 1.6 typical step
// times, typical being the median gap between consecutive contacts, in
// frames: a longer gap hides a missed contact, whose "step" would halve
// the frequency. ends[i] is that contact's index, −1 where there is none.
func StepEnds(contacts []Contact) (ends []int, typical float64) {
	var gaps []float64
	for i := 1; i < len(contacts); i++ {
		gaps = append(gaps, float64(contacts[i].Contact-contacts[i-1].Contact))
	}
	typical = median(gaps)
	ends = make([]int, len(contacts))
	for i, c := range contacts {
		ends[i] = -1
		if i+1 < len(contacts) {
			n := contacts[i+1]
			if n.Foot != c.Foot && n.Contact > c.Contact && float64(n.Contact-c.Contact) <= 1.6*typical {
				ends[i] = i + 1
			}
		}
	}
	return ends, typical
}

func formatPace(secPerKm float64) string {
	s := int(math.Round(secPerKm))
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}
