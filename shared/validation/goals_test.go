package validation

import (
	"bytes"
	"strings"
	"testing"
)

// Goals reads issue 17's conditions off a report: a set that meets them
// all, and the same set one figure short of each in turn.
func TestGoals(t *testing.T) {
	good := func() Report {
		return Report{
			Total: Score{
				Contacts:      Count{Truth: 10, Found: 10},
				Touchdown:     Errors{N: 10, Within1: 9, Within2: 10},
				ToeOff:        Errors{N: 10, Within1: 10, Within2: 10},
				ContactTimeMS: Spread{N: 10, Median: 19},
				Jumps:         Count{Truth: 2, Found: 2},
				FlightTime:    Errors{N: 2, Within1: 2, Within2: 2},
				Reps:          Count{Truth: 3, Found: 3},
			},
			Variants: []Consistency{{Events: Count{Truth: 4, Found: 4}, Start: Errors{N: 4, Within1: 4}, End: Errors{N: 4, Within1: 4}}},
		}
	}
	g := Goals(good())
	if len(g) != 12 {
		t.Fatalf("%d goals, want 12: %+v", len(g), g)
	}
	for _, x := range g {
		if !x.Met {
			t.Errorf("%s: %s, not met", x.Name, x.Got)
		}
	}
	for _, c := range []struct {
		name  string
		spoil func(*Report)
	}{
		{"every contact found", func(r *Report) { r.Total.Contacts.Found, r.Total.Contacts.Missed = 9, 1 }},
		{"no contact invented", func(r *Report) { r.Total.Contacts.Invented = 1 }},
		{"90 % of touchdowns within a frame", func(r *Report) { r.Total.Touchdown.Within1 = 8 }},
		{"every toe-off within two frames", func(r *Report) { r.Total.ToeOff.Within2 = 9 }},
		{"contact-time error median under 20 ms", func(r *Report) { r.Total.ContactTimeMS.Median = 20 }},
		{"every jump found, none invented", func(r *Report) { r.Total.Jumps.Invented = 1 }},
		{"flight times within a frame", func(r *Report) { r.Total.FlightTime.Within1 = 1 }},
		{"every repetition found, none invented", func(r *Report) { r.Total.Reps.Found, r.Total.Reps.Missed = 2, 1 }},
		{"variants: every event found again, none split off", func(r *Report) { r.Variants[0].Events.Invented = 1 }},
		{"variants: starts and ends within a frame of the original's", func(r *Report) { r.Variants[0].End.Within1 = 3 }},
	} {
		r := good()
		c.spoil(&r)
		for _, x := range Goals(r) {
			if x.Met == (x.Name == c.name) {
				t.Errorf("%s broken: %q met %v (%s)", c.name, x.Name, x.Met, x.Got)
			}
		}
	}
	// Nothing to measure: no goal about it.
	r := good()
	r.Total.Jumps, r.Total.Reps, r.Variants = Count{}, Count{}, nil
	if n := len(Goals(r)); n != 7 {
		t.Errorf("contacts only: %d goals, want 7", n)
	}
	var b bytes.Buffer
	r = good()
	r.Goals = Goals(r)
	printGoals(&b, r)
	if !strings.Contains(b.String(), "12 of 12 met") {
		t.Errorf("printed:\n%s", b.String())
	}
}
