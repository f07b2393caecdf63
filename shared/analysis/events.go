package analysis

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"motionlab/shared/gait"
	"motionlab/shared/jump"
	"motionlab/shared/lift"
	"motionlab/shared/track"
)

// Where an event comes from.
const (
	SourceDetected = "detected" // found by the contact detector
	SourceEdited   = "edited"   // moved or added by a coach
)

// MaxContacts is the most ground contacts an edit may give: a 10 s clip
// at a sprinter's 5 steps/s has 50; 200 leaves room for 60 fps slow
// motion without letting a body grow without bound.
const MaxContacts = 200

// Contact is one ground contact in use, with where it comes from.
type Contact struct {
	gait.Contact
	Source string `json:"source" enum:"detected,edited" doc:"detected: as the detector found it; edited: moved or added by a coach"`
}

// Events are an analysis's corrected ground contacts beside the
// detector's originals, and who corrected them when: a coach's
// correction never erases what the detector said.
type Events struct {
	Contacts []Contact `json:"contacts" doc:"the contacts the metrics are computed from"`
	Detected []Contact `json:"detected" doc:"the detector's original contacts"`
	EditedBy string    `json:"edited_by,omitempty" doc:"the API key (name, or id) that saved the edit"`
	EditedAt time.Time `json:"edited_at" doc:"when the edit was saved"`

	// A jump's flights (flights.go): in use and the detector's.
	Flights         []FlightEvent `json:"flights,omitempty" doc:"a jump analysis's flights the metrics are computed from"`
	DetectedFlights []FlightEvent `json:"detected_flights,omitempty" doc:"the detector's original flights"`

	// A lift's repetitions (reps.go): in use and the detector's.
	Reps         []RepEvent `json:"reps,omitempty" doc:"a lift analysis's repetitions the metrics are computed from"`
	DetectedReps []RepEvent `json:"detected_reps,omitempty" doc:"the detector's original repetitions"`
}

// ErrEventsUnsupported: the analysis has no events to edit (back-view
// running is analysed from other events).
var ErrEventsUnsupported = errors.New("only the ground contacts of side-view running and sprint, the flights of a jump and the repetitions of a lift can be edited")

// Editable reports whether an analysis with these parameters has ground
// contacts a coach can edit.
func Editable(p Params) bool {
	switch p.Activity {
	case Running, "":
		return p.AnalysisType == "" || p.AnalysisType == "side_view"
	case Sprint:
		return true
	}
	return false
}

// Recalculate is Calculate from the given ground contacts instead of the
// detected ones: the browser (while a coach edits) and the server (when
// the edit is saved) both call it, so both show the same numbers. The
// contacts must pass CheckContacts.
func Recalculate(t track.Track, req Params, contacts []gait.Contact) (*Result, error) {
	if !Editable(req) {
		return nil, ErrEventsUnsupported
	}
	if err := CheckContacts(contacts, t); err != nil {
		return nil, err
	}
	if contacts == nil {
		contacts = []gait.Contact{} // none given is none, not "detect them"
	}
	r, _, err := calculate(t, req, contacts)
	return r, err
}

// CheckContacts refuses contacts the metrics cannot be computed from:
// too many, an unknown foot, outside the clip, a toe-off not after its
// touchdown, a frame where the athlete is not seen, out of order, or
// overlapping another contact of the same foot.
func CheckContacts(cs []gait.Contact, t track.Track) error {
	if len(cs) > MaxContacts {
		return fmt.Errorf("%d contacts: at most %d", len(cs), MaxContacts)
	}
	n := len(t.Frames)
	last := map[gait.Foot]int{gait.LeftFoot: -1, gait.RightFoot: -1}
	for i, c := range cs {
		if c.Foot != gait.LeftFoot && c.Foot != gait.RightFoot {
			return fmt.Errorf("contact %d: foot %q is not left or right", i, c.Foot)
		}
		if c.Contact < 0 || c.ToeOff >= n || c.Contact >= c.ToeOff {
			return fmt.Errorf("contact %d: frames %d–%d are not a touchdown before a toe-off within the clip's %d frames", i, c.Contact, c.ToeOff, n)
		}
		if t.Frames[c.Contact] == nil || t.Frames[c.ToeOff] == nil {
			return fmt.Errorf("contact %d: the athlete is not seen at frame %d or %d", i, c.Contact, c.ToeOff)
		}
		if i > 0 && c.Contact < cs[i-1].Contact {
			return fmt.Errorf("contact %d: touchdown %d before the previous contact's %d (give them in frame order)", i, c.Contact, cs[i-1].Contact)
		}
		if c.Contact < last[c.Foot] {
			return fmt.Errorf("contact %d: the %s foot is still on the ground until frame %d", i, c.Foot, last[c.Foot])
		}
		last[c.Foot] = c.ToeOff
	}
	return nil
}

// DetectedContacts are the ground contacts a result was computed from
// (nil for results without contacts).
func DetectedContacts(r *Result) []gait.Contact {
	switch {
	case r == nil:
		return nil
	case r.Result != nil && r.SideView != nil:
		var cs []gait.Contact
		for _, s := range r.SideView.Metrics.Steps {
			cs = append(cs, s.Contact)
		}
		return cs
	case r.Sprint != nil:
		return r.Sprint.Contacts
	}
	return nil
}

// NewEvents records an edit: each given contact is "detected" where it is
// exactly one of the detector's (same foot, touchdown and toe-off) and
// "edited" otherwise. detected are the detector's original contacts.
func NewEvents(given, detected []gait.Contact, by string, at time.Time) *Events {
	e := &Events{Contacts: []Contact{}, Detected: []Contact{}, EditedBy: by, EditedAt: at.UTC()}
	for _, c := range detected {
		e.Detected = append(e.Detected, Contact{Contact: c, Source: SourceDetected})
	}
	for _, c := range given {
		src := SourceEdited
		if slices.ContainsFunc(detected, func(d gait.Contact) bool { return sameContact(c, d) }) {
			src = SourceDetected
		}
		e.Contacts = append(e.Contacts, Contact{Contact: c, Source: src})
	}
	return e
}

func sameContact(a, b gait.Contact) bool {
	return a.Foot == b.Foot && a.Contact == b.Contact && a.ToeOff == b.ToeOff
}

// Confirmed are contacts as a coach saves them: an edited contact gets
// full confidence (a person checked it); an untouched detected one keeps
// the detector's, and its doubt.
func Confirmed(given, detected []gait.Contact) []gait.Contact {
	out := make([]gait.Contact, 0, len(given))
	for _, c := range given {
		i := slices.IndexFunc(detected, func(d gait.Contact) bool { return sameContact(c, d) })
		if i >= 0 {
			c.Confidence, c.Doubt = detected[i].Confidence, detected[i].Doubt
		} else {
			c.Confidence, c.Doubt = 1, ""
		}
		out = append(out, c)
	}
	return out
}

// EventsEdit is a coach's corrected contacts as the API takes them (PUT
// /v1/analyses/{id}/events) and the web app sends them.
type EventsEdit struct {
	Contacts []ContactEdit    `json:"contacts,omitempty" maxItems:"200" doc:"side-view running and sprint: every ground contact, in frame order"`
	Flights  []jump.Flight    `json:"flights,omitempty" maxItems:"50" doc:"jump: every flight, in frame order"`
	Reps     []lift.RepFrames `json:"reps,omitempty" maxItems:"50" doc:"lift: every repetition, in frame order"`
}

// ContactEdit is one contact of an edit, in frames of the analysed clip.
type ContactEdit struct {
	Foot    gait.Foot `json:"foot" enum:"left,right"`
	Contact int       `json:"contact_frame" minimum:"0" doc:"touchdown: the first frame on the ground"`
	ToeOff  int       `json:"toe_off_frame" minimum:"1" doc:"toe-off: the first frame off the ground again"`
}

// NewEventsEdit is the edit that gives these contacts.
func NewEventsEdit(cs []gait.Contact) EventsEdit {
	e := EventsEdit{Contacts: make([]ContactEdit, 0, len(cs))}
	for _, c := range cs {
		e.Contacts = append(e.Contacts, ContactEdit{Foot: c.Foot, Contact: c.Contact, ToeOff: c.ToeOff})
	}
	return e
}

// GaitContacts are the edit's contacts (confidence unset: see Confirmed).
func (e EventsEdit) GaitContacts() []gait.Contact {
	cs := make([]gait.Contact, 0, len(e.Contacts))
	for _, c := range e.Contacts {
		cs = append(cs, gait.Contact{Foot: c.Foot, Contact: c.Contact, ToeOff: c.ToeOff})
	}
	return cs
}
