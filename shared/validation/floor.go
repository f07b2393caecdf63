package validation

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
)

// Floors holds a Floor per family of CPU kernels the pose models ran with
// (inference.Kernels): each family tracks a video a little differently
// but the same way every run, so each is held to its own figures
// (tests/validation/floor.json).
type Floors struct {
	Kernels map[string]Floor `json:"kernels"`
	// Stale names, per family, the figures a change to event detection
	// or tracking left behind: the session that made the change could
	// measure only its own machine's family (an AVX2 machine cannot run
	// the AVX-512 kernels). Stale figures are not checked until a machine
	// of that family records them again (`make validate-floor`); on an
	// AVX-512 machine tests/validation/avx2.sh checks the avx2 family's
	// meanwhile (TestValidationFloor).
	Stale map[string]Staleness `json:"stale,omitempty"`
}

// Staleness is which of one family's figures a change left behind.
type Staleness struct {
	Reason string `json:"reason"`
	// Sets are the "clip/activity" keys left behind, each with its
	// variants; none: every figure of the family.
	Sets []string `json:"sets,omitempty"`
}

// Covers reports whether a set's or variant's key is left behind.
func (st Staleness) Covers(key string) bool {
	if len(st.Sets) == 0 {
		return true
	}
	for _, k := range st.Sets {
		if key == k || strings.HasPrefix(key, k+"/") {
			return true
		}
	}
	return false
}

// Record sets family's floor from a report and clears its stale mark.
// With clips, only those clips' figures are replaced (the report measured
// no others). A non-nil stale marks every other family's figures stale
// (the change was measured on this family only), added to what they
// already lacked.
func (fs *Floors) Record(family string, r Report, clips []string, stale *Staleness) {
	if fs.Kernels == nil {
		fs.Kernels = map[string]Floor{}
	}
	f := FloorOf(r).Only(clips)
	if old, ok := fs.Kernels[family]; ok && len(clips) > 0 {
		kept := old.Without(func(key string) bool { return slices.Contains(clips, clipOf(key)) })
		maps.Copy(kept.Sets, f.Sets)
		maps.Copy(kept.Variants, f.Variants)
		f = kept
	}
	fs.Kernels[family] = f
	delete(fs.Stale, family)
	if stale == nil {
		return
	}
	for k := range fs.Kernels {
		if k == family {
			continue
		}
		if fs.Stale == nil {
			fs.Stale = map[string]Staleness{}
		}
		st, was := fs.Stale[k]
		reason := stale.Reason
		if was && st.Reason != stale.Reason {
			reason = st.Reason + "; " + stale.Reason
		}
		switch {
		case !was:
			st = *stale
		case len(st.Sets) == 0 || len(stale.Sets) == 0:
			st = Staleness{Reason: reason}
		default:
			st = Staleness{Reason: reason, Sets: append(slices.Clone(st.Sets), stale.Sets...)}
			slices.Sort(st.Sets)
			st.Sets = slices.Compact(st.Sets)
		}
		fs.Stale[k] = st
	}
}

// clipOf is the clip a set's or variant's key names.
func clipOf(key string) string {
	clip, _, _ := strings.Cut(key, "/")
	return clip
}

// Without is the floor less the sets and variants whose keys drop says.
func (f Floor) Without(drop func(key string) bool) Floor {
	out := Floor{Sets: map[string]SetFloor{}, Variants: map[string]VariantFloor{}}
	for k, s := range f.Sets {
		if !drop(k) {
			out.Sets[k] = s
		}
	}
	for k, v := range f.Variants {
		if !drop(k) {
			out.Variants[k] = v
		}
	}
	return out
}

// Only is the floor of the given clips alone (all of it when none are
// given): what a run over those clips can be checked against.
func (f Floor) Only(clips []string) Floor {
	if len(clips) == 0 {
		return f
	}
	return f.Without(func(key string) bool { return !slices.Contains(clips, clipOf(key)) })
}

// For is the floor for the kernels family, and whether it was measured
// on that family. A family never measured is held to the lowest figure
// (and the most inventions) any measured family whose figures are not
// stale reached: it is known to be different, not how.
func (fs Floors) For(family string) (Floor, bool) {
	if f, ok := fs.Kernels[family]; ok {
		return f, true
	}
	low := Floor{Sets: map[string]SetFloor{}, Variants: map[string]VariantFloor{}}
	for fam, f := range fs.Kernels {
		if st, stale := fs.Stale[fam]; stale {
			f = f.Without(st.Covers) // figures a later change left behind bound nothing
		}
		for k, s := range f.Sets {
			if o, ok := low.Sets[k]; ok {
				s = s.lowest(o)
			}
			low.Sets[k] = s
		}
		for k, v := range f.Variants {
			if o, ok := low.Variants[k]; ok {
				v = v.lowest(o)
			}
			low.Variants[k] = v
		}
	}
	return low, false
}

// Floor is the accuracy a change may not lose: per annotated set and per
// robustness variant, the counts found and within one frame (at least)
// and the inventions (at most), as `motionlab validate` last measured
// them on one family of CPU kernels.
type Floor struct {
	Sets     map[string]SetFloor     `json:"sets"`
	Variants map[string]VariantFloor `json:"variants,omitempty"`
}

// SetFloor bounds one set's figures.
type SetFloor struct {
	Found      int `json:"contacts_found_min,omitempty"`
	Invented   int `json:"contacts_invented_max,omitempty"`
	Touchdown1 int `json:"touchdowns_within_1_min,omitempty"`
	ToeOff1    int `json:"toe_offs_within_1_min,omitempty"`
	FootLabels int `json:"foot_labels_right_min,omitempty"`
	// The contacts the analysis calls sure (see Trust): as many right,
	// as few wrong.
	SureRight     int `json:"sure_right_min,omitempty"`
	SureWrong     int `json:"sure_wrong_max,omitempty"`
	JumpsFound    int `json:"jumps_found_min,omitempty"`
	JumpsInvented int `json:"jumps_invented_max,omitempty"`
	Flight1       int `json:"flight_times_within_1_min,omitempty"`
	RepsFound     int `json:"reps_found_min,omitempty"`
	RepsInvented  int `json:"reps_invented_max,omitempty"`
	// The means a coach reads, as errors against the annotation's in
	// whole per cent (rounded up): mean contact time and step frequency.
	ContactTimePct   int `json:"mean_contact_time_error_pct_max,omitempty"`
	StepFrequencyPct int `json:"step_frequency_error_pct_max,omitempty"`
	// A sprint's start (StartScore): right at least this often (0 or 1),
	// never wrong.
	StartRight int `json:"start_right_min,omitempty"`
}

// VariantFloor bounds one variant's consistency with its original.
type VariantFloor struct {
	Found  int `json:"events_found_min,omitempty"`
	Extra  int `json:"events_extra_max,omitempty"`
	Start1 int `json:"starts_within_1_min,omitempty"`
	End1   int `json:"ends_within_1_min,omitempty"`
}

// lowest is the weaker of two floors, figure by figure.
func (a SetFloor) lowest(b SetFloor) SetFloor {
	return SetFloor{
		Found: min(a.Found, b.Found), Invented: max(a.Invented, b.Invented),
		Touchdown1: min(a.Touchdown1, b.Touchdown1), ToeOff1: min(a.ToeOff1, b.ToeOff1),
		FootLabels: min(a.FootLabels, b.FootLabels),
		SureRight:  min(a.SureRight, b.SureRight), SureWrong: max(a.SureWrong, b.SureWrong),
		JumpsFound: min(a.JumpsFound, b.JumpsFound), JumpsInvented: max(a.JumpsInvented, b.JumpsInvented),
		Flight1:   min(a.Flight1, b.Flight1),
		RepsFound: min(a.RepsFound, b.RepsFound), RepsInvented: max(a.RepsInvented, b.RepsInvented),
		ContactTimePct: max(a.ContactTimePct, b.ContactTimePct), StepFrequencyPct: max(a.StepFrequencyPct, b.StepFrequencyPct),
		StartRight: min(a.StartRight, b.StartRight),
	}
}

// errorPct is how far a mean is from the annotation's, in whole per cent
// rounded up (at least 1, so that the floor keeps it); 0 where the
// annotation has no such mean. A mean not measured is 100 % off.
func errorPct(p Pair) int {
	if !(p.Truth > 0) {
		return 0
	}
	return max(1, int(math.Ceil(100*math.Abs(p.Got-p.Truth)/p.Truth-1e-9)))
}

func (a VariantFloor) lowest(b VariantFloor) VariantFloor {
	return VariantFloor{Found: min(a.Found, b.Found), Extra: max(a.Extra, b.Extra),
		Start1: min(a.Start1, b.Start1), End1: min(a.End1, b.End1)}
}

// startIs is 1 where s's start has the verdict, else 0.
func startIs(s Score, verdict string) int {
	if s.Start != nil && s.Start.Verdict == verdict {
		return 1
	}
	return 0
}

func setKey(s Score) string { return s.Clip + "/" + s.Activity }

func variantKey(c Consistency) string { return c.Clip + "/" + c.Activity + "/" + c.Variant }

// FloorOf is the floor a report sets.
func FloorOf(r Report) Floor {
	f := Floor{Sets: map[string]SetFloor{}, Variants: map[string]VariantFloor{}}
	for _, s := range r.Sets {
		f.Sets[setKey(s)] = SetFloor{
			Found: s.Contacts.Found, Invented: s.Contacts.Invented, Touchdown1: s.Touchdown.Within1, ToeOff1: s.ToeOff.Within1,
			FootLabels: s.FootLabels,
			SureRight:  s.Trust.Sure - s.Trust.SureWrong, SureWrong: s.Trust.SureWrong,
			JumpsFound: s.Jumps.Found, JumpsInvented: s.Jumps.Invented, Flight1: s.FlightTime.Within1,
			RepsFound: s.Reps.Found, RepsInvented: s.Reps.Invented,
			ContactTimePct: errorPct(s.MeanContactMS), StepFrequencyPct: errorPct(s.StepFrequency),
			StartRight: startIs(s, StartRight),
		}
	}
	for _, c := range r.Variants {
		f.Variants[variantKey(c)] = VariantFloor{Found: c.Events.Found, Extra: c.Events.Invented, Start1: c.Start.Within1, End1: c.End.Within1}
	}
	return f
}

// Check lists every way the report falls below the floor (nothing when it
// holds). A set or variant the floor has but the report lacks is a
// failure too: the validation set may grow, not shrink.
func (f Floor) Check(r Report) []string {
	var bad []string
	atLeast := func(key, what string, got, min int) {
		if got < min {
			bad = append(bad, fmt.Sprintf("%s: %s %d, floor %d", key, what, got, min))
		}
	}
	atMost := func(key, what string, got, max int) {
		if got > max {
			bad = append(bad, fmt.Sprintf("%s: %s %d, at most %d", key, what, got, max))
		}
	}
	seen := map[string]bool{}
	for _, s := range r.Sets {
		k := setKey(s)
		fl, ok := f.Sets[k]
		if !ok {
			continue
		}
		seen[k] = true
		atLeast(k, "contacts found", s.Contacts.Found, fl.Found)
		atMost(k, "contacts invented", s.Contacts.Invented, fl.Invented)
		atLeast(k, "touchdowns within 1 frame", s.Touchdown.Within1, fl.Touchdown1)
		atLeast(k, "toe-offs within 1 frame", s.ToeOff.Within1, fl.ToeOff1)
		atLeast(k, "contacts with the annotated foot", s.FootLabels, fl.FootLabels)
		atLeast(k, "sure contacts right", s.Trust.Sure-s.Trust.SureWrong, fl.SureRight)
		atMost(k, "sure contacts wrong", s.Trust.SureWrong, fl.SureWrong)
		atLeast(k, "jumps found", s.Jumps.Found, fl.JumpsFound)
		atMost(k, "jumps invented", s.Jumps.Invented, fl.JumpsInvented)
		atLeast(k, "flight times within 1 frame", s.FlightTime.Within1, fl.Flight1)
		atLeast(k, "reps found", s.Reps.Found, fl.RepsFound)
		atMost(k, "reps invented", s.Reps.Invented, fl.RepsInvented)
		if fl.ContactTimePct > 0 {
			atMost(k, "mean contact time error %", errorPct(s.MeanContactMS), fl.ContactTimePct)
		}
		if fl.StepFrequencyPct > 0 {
			atMost(k, "step frequency error %", errorPct(s.StepFrequency), fl.StepFrequencyPct)
		}
		atLeast(k, "start right", startIs(s, StartRight), fl.StartRight)
		atMost(k, "start wrong", startIs(s, StartWrong), 0)
	}
	for _, c := range r.Variants {
		k := variantKey(c)
		fl, ok := f.Variants[k]
		if !ok {
			continue
		}
		seen[k] = true
		atLeast(k, "events found", c.Events.Found, fl.Found)
		atMost(k, "extra events", c.Events.Invented, fl.Extra)
		atLeast(k, "starts within 1 frame", c.Start.Within1, fl.Start1)
		atLeast(k, "ends within 1 frame", c.End.Within1, fl.End1)
	}
	var missing []string
	for k := range f.Sets {
		if !seen[k] {
			missing = append(missing, k)
		}
	}
	for k := range f.Variants {
		if !seen[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		bad = append(bad, k+": not measured")
	}
	return bad
}
