package validation

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Report is what `motionlab validate` prints and writes as JSON.
type Report struct {
	Model    string        `json:"model"`
	Kernels  string        `json:"kernels"`          // the CPU kernels family the models ran with
	Jitter   float32       `json:"jitter,omitempty"` // validate --jitter
	Sets     []Score       `json:"sets"`
	Total    Score         `json:"total"`
	Variants []Consistency `json:"variants,omitempty"`
	// Goals is issue 17's conditions on these sets (Goals).
	Goals []Goal `json:"goals,omitempty"`
	// ShowEvents: Print lists every event, truth against found.
	ShowEvents bool `json:"-"`
}

// Print writes the report as plain-text tables (Markdown-compatible rows).
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "model: %s, CPU kernels: %s", r.Model, r.Kernels)
	if r.Jitter != 0 {
		fmt.Fprintf(w, ", landmarks jittered by %g", r.Jitter)
	}
	fmt.Fprint(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "| clip\t| activity\t| contacts found/truth\t| missed\t| invented\t| touchdown ±1 (med/worst)\t| toe-off ±1 (med/worst)\t| foot right/found\t| sure wrong/sure\t| unsure wrong/unsure\t| contact ms truth/got\t| contact err ms (med/worst)\t| flight ms truth/got\t| step Hz truth/got\t| jumps found/truth (+inv)\t| flight err med/worst\t| reps found/truth (+inv)\t| note")
	fmt.Fprintln(tw, "|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---")
	for _, s := range append(append([]Score(nil), r.Sets...), r.Total) {
		fmt.Fprintf(tw, "| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\n",
			s.Clip, s.Activity, counts(s.Contacts), num(s.Contacts.Truth, s.Contacts.Missed), num(s.Contacts.Truth, s.Contacts.Invented),
			errs(s.Touchdown), errs(s.ToeOff), feet(s), trust(s.Trust.SureWrong, s.Trust.Sure), trust(s.Trust.UnsureWrong, s.Trust.Unsure), pair(s.MeanContactMS, "%.0f"), spread(s.ContactTimeMS, "%.0f"), pair(s.MeanFlightMS, "%.0f"), pair(s.StepFrequency, "%.2f"),
			jumpCounts(s.Jumps), medWorst(s.FlightTime), jumpCounts(s.Reps), short(s.Reason))
	}
	tw.Flush()
	printStarts(w, r.Sets)
	if r.ShowEvents {
		for _, s := range r.Sets {
			fmt.Fprintf(w, "\n%s (%s): truth → found\n", s.Clip, s.Activity)
			for _, e := range s.Events {
				fmt.Fprintf(w, "  %-7s %-5s %4d–%-4d → %-5s %4d–%-4d  conf %.2f%s\n", e.Kind, e.Foot, e.TruthA, e.TruthB, e.GotFoot, e.GotA, e.GotB, e.GotConfidence, map[bool]string{true: "  (optional)"}[e.Optional])
			}
		}
	}
	defer printGoals(w, r)
	if len(r.Variants) == 0 {
		return
	}
	fmt.Fprintln(w, "\nrobustness: events of each variant against the original's that the annotation credits (errors in frames of the variant);")
	fmt.Fprintln(w, "left out: the original's events no annotation credits (invented, optional, outside the window) / the variant's matched with them;")
	fmt.Fprintln(w, "all: every original event found again, as counted before the credit rule; truth: the variant's events against the annotation mapped into its frames")
	tw = tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "| clip\t| activity\t| variant\t| events found/original\t| vanished\t| extra\t| start ±1 (med/worst)\t| end ±1 (med/worst)\t| left out orig/variant\t| all found/original\t| truth found/truth (+inv)")
	fmt.Fprintln(tw, "|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---\t|---")
	for _, v := range r.Variants {
		fmt.Fprintf(tw, "| %s\t| %s\t| %s\t| %d/%d\t| %d\t| %d\t| %s\t| %s\t| %d/%d\t| %d/%d\t| %s\n", v.Clip, v.Activity, v.Variant,
			v.Events.Found, v.Events.Truth, v.Events.Missed, v.Events.Invented, errs(v.Start), errs(v.End),
			v.LeftOut.Original, v.LeftOut.Variant, v.All.Found, v.All.Truth, jumpCounts(v.Truth))
	}
	tw.Flush()
	for _, v := range r.Variants {
		if st := v.SprintStart; st != nil {
			fmt.Fprintf(w, "start of %s (%s) %s: truth %s, found %s: %s\n", v.Clip, v.Activity, v.Variant, startText(st.Truth), startText(st.Got), st.Verdict)
		}
	}
	if r.ShowEvents {
		for _, v := range r.Variants {
			fmt.Fprintf(w, "\n%s (%s) %s: original → variant (frames at each one's rate; start and end error in frames of the variant)\n", v.Clip, v.Activity, v.Variant)
			for _, e := range v.Pairs {
				note := ""
				switch {
				case e.OrigA < 0:
					note = "  (extra)"
				case !e.Credited:
					note = "  (not credited: left out)"
				case e.VarA < 0:
					note = "  (vanished)"
				}
				errs := ""
				if e.OrigA >= 0 && e.VarA >= 0 {
					errs = fmt.Sprintf("  %+5.2f %+5.2f", e.StartErr, e.EndErr)
				}
				fmt.Fprintf(w, "  %4d–%-4d → %4d–%-4d%s%s\n", e.OrigA, e.OrigB, e.VarA, e.VarB, errs, note)
			}
		}
	}
}

func counts(c Count) string {
	if c.Truth == 0 && c.Invented == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d", c.Found, c.Truth)
}

func jumpCounts(c Count) string {
	if c.Truth == 0 && c.Invented == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d (+%d)", c.Found, c.Truth, c.Invented)
}

// feet is how many found contacts carry the annotated foot, of those found.
func feet(s Score) string {
	if s.Contacts.Truth == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d", s.FootLabels, s.Contacts.Found)
}

// trust is "wrong/all" of a confidence class ("–" when empty).
func trust(wrong, all int) string {
	if all == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d", wrong, all)
}

func num(truth, n int) string {
	if truth == 0 && n == 0 {
		return "–"
	}
	return fmt.Sprint(n)
}

func errs(e Errors) string {
	if e.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d (%.0f/%.0f)", e.Within1, e.N, e.Median, e.Worst)
}

func spread(e Spread, f string) string {
	if e.N == 0 {
		return "–"
	}
	return fmt.Sprintf(f+"/"+f, e.Median, e.Worst)
}

func medWorst(e Errors) string {
	if e.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f/%.1f", e.Median, e.Worst)
}

func pair(p Pair, f string) string {
	if p.Truth == 0 && p.Got == 0 {
		return "–"
	}
	return fmt.Sprintf(f+"/"+f, p.Truth, p.Got)
}

func short(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strings.ReplaceAll(s, "|", "/")
}

// printStarts writes each annotated sprint start, truth against found.
func printStarts(w io.Writer, sets []Score) {
	for _, s := range sets {
		if st := s.Start; st != nil {
			fmt.Fprintf(w, "\nstart of %s (%s): truth %s, found %s: %s\n", s.Clip, s.Activity, startText(st.Truth), startText(st.Got), st.Verdict)
		}
	}
}

func startText(s Start) string {
	if s.Frame > 0 {
		return fmt.Sprintf("%s at %d", s.Kind, s.Frame)
	}
	return s.Kind
}
