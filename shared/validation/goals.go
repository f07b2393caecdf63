package validation

import (
	"fmt"
	"io"
)

// Goal is one condition of issue 17's "done when", measured on a report:
// what it asks, what the report gives, and whether that meets it.
type Goal struct {
	Name string `json:"name"`
	Got  string `json:"got"`
	Met  bool   `json:"met"`
}

// ContactTimeGoalMS is the median contact-time error the issue asks for.
const ContactTimeGoalMS = 20

// Goals measures r's sets and variants against the conditions:
// every contact found and none invented; at least 90 % of touchdowns and
// of toe-offs within a frame and all within two; the contact-time error's
// median under 20 ms; every jump and repetition found, flight times within
// a frame; every variant's events found again, none split, within a frame
// of the original's. A condition with nothing to measure (no annotated
// jump in the sets run, no variant run) is left out.
func Goals(r Report) []Goal {
	t := r.Total
	var g []Goal
	add := func(name string, met bool, got string, args ...any) {
		g = append(g, Goal{Name: name, Got: fmt.Sprintf(got, args...), Met: met})
	}
	if c := t.Contacts; c.Truth > 0 {
		add("every contact found", c.Missed == 0, "%d/%d", c.Found, c.Truth)
		add("no contact invented", c.Invented == 0, "%d", c.Invented)
		for _, e := range []struct {
			what string
			err  Errors
		}{{"touchdown", t.Touchdown}, {"toe-off", t.ToeOff}} {
			n := max(e.err.N, 1)
			add("90 % of "+e.what+"s within a frame", 10*e.err.Within1 >= 9*e.err.N, "%d/%d (%d %%)", e.err.Within1, e.err.N, 100*e.err.Within1/n)
			add("every "+e.what+" within two frames", e.err.Within2 == e.err.N, "%d/%d", e.err.Within2, e.err.N)
		}
		if m := t.ContactTimeMS; m.N > 0 {
			add(fmt.Sprintf("contact-time error median under %d ms", ContactTimeGoalMS), m.Median < ContactTimeGoalMS, "%.0f ms", m.Median)
		}
	}
	if j := t.Jumps; j.Truth > 0 {
		add("every jump found, none invented", j.Missed == 0 && j.Invented == 0, "%d/%d (+%d)", j.Found, j.Truth, j.Invented)
		add("flight times within a frame", t.FlightTime.Within1 == t.FlightTime.N, "%d/%d", t.FlightTime.Within1, t.FlightTime.N)
	}
	if p := t.Reps; p.Truth > 0 {
		add("every repetition found, none invented", p.Missed == 0 && p.Invented == 0, "%d/%d (+%d)", p.Found, p.Truth, p.Invented)
	}
	if len(r.Variants) > 0 {
		var ev Count
		var start, end Errors
		for _, v := range r.Variants {
			ev = addCount(ev, v.Events)
			start.N, start.Within1 = start.N+v.Start.N, start.Within1+v.Start.Within1
			end.N, end.Within1 = end.N+v.End.N, end.Within1+v.End.Within1
		}
		add("variants: every event found again, none split off", ev.Missed == 0 && ev.Invented == 0, "%d/%d (+%d)", ev.Found, ev.Truth, ev.Invented)
		add("variants: starts and ends within a frame of the original's", start.Within1 == start.N && end.Within1 == end.N,
			"%d/%d, %d/%d", start.Within1, start.N, end.Within1, end.N)
	}
	return g
}

// printGoals writes r.Goals, one line each.
func printGoals(w io.Writer, r Report) {
	g := r.Goals
	if len(g) == 0 {
		return
	}
	met := 0
	for _, x := range g {
		if x.Met {
			met++
		}
	}
	fmt.Fprintf(w, "\nissue 17's goals on these sets: %d of %d met\n", met, len(g))
	for _, x := range g {
		mark := "not met"
		if x.Met {
			mark = "met"
		}
		fmt.Fprintf(w, "  %-7s  %s: %s\n", mark, x.Name, x.Got)
	}
}
