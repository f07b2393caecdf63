package validation

import (
	"strings"
	"testing"
)

func TestFloorsFor(t *testing.T) {
	fs := Floors{Kernels: map[string]Floor{
		"avx2": {Sets: map[string]SetFloor{"run.mp4/running": {Found: 44, Invented: 0, Touchdown1: 16}},
			Variants: map[string]VariantFloor{"run.mp4/running/small": {Found: 42, Extra: 4}}},
		"avx512": {Sets: map[string]SetFloor{"run.mp4/running": {Found: 42, Invented: 1, Touchdown1: 17}},
			Variants: map[string]VariantFloor{"run.mp4/running/small": {Found: 35, Extra: 0}}},
	}}
	f, measured := fs.For("avx512")
	if !measured || f.Sets["run.mp4/running"].Found != 42 {
		t.Fatalf("avx512: %+v measured %v", f, measured)
	}
	f, measured = fs.For("arm64")
	want := SetFloor{Found: 42, Invented: 1, Touchdown1: 16}
	if measured || f.Sets["run.mp4/running"] != want {
		t.Fatalf("arm64: got %+v measured %v, want the lowest %+v", f.Sets["run.mp4/running"], measured, want)
	}
	if v := f.Variants["run.mp4/running/small"]; v != (VariantFloor{Found: 35, Extra: 4}) {
		t.Fatalf("arm64 variant: %+v", v)
	}
	// The lowest floor still fails what falls below every family.
	rep := Report{Sets: []Score{{Clip: "run.mp4", Activity: "running"}}, Variants: []Consistency{{Clip: "run.mp4", Activity: "running", Variant: "small"}}}
	rep.Sets[0].Contacts.Found, rep.Sets[0].Contacts.Invented, rep.Sets[0].Touchdown.Within1 = 41, 1, 16
	rep.Variants[0].Events.Found = 35
	bad := f.Check(rep)
	if len(bad) != 1 || !strings.Contains(bad[0], "contacts found 41, floor 42") {
		t.Fatalf("check: %q", bad)
	}
}

// TestFloorHoldsTheMeans: the mean contact time and step frequency may not
// drift further from the annotation's than the floor's per cent.
func TestFloorHoldsTheMeans(t *testing.T) {
	s := Score{Clip: "sprint.mp4", Activity: "sprint",
		MeanContactMS: Pair{Truth: 108, Got: 103}, StepFrequency: Pair{Truth: 4.75, Got: 4.81}}
	f := FloorOf(Report{Sets: []Score{s}})
	if got := f.Sets["sprint.mp4/sprint"]; got.ContactTimePct != 5 || got.StepFrequencyPct != 2 {
		t.Fatalf("floor of 103/108 ms and 4.81/4.75 Hz: %+v, want 5 %% and 2 %%", got)
	}
	if bad := f.Check(Report{Sets: []Score{s}}); len(bad) != 0 {
		t.Fatalf("the report that set the floor fails it: %q", bad)
	}
	s.MeanContactMS.Got, s.StepFrequency.Got = 121, 0 // 12 % long; no step frequency measured
	bad := f.Check(Report{Sets: []Score{s}})
	if len(bad) != 2 || !strings.Contains(bad[0], "mean contact time error % 13, at most 5") || !strings.Contains(bad[1], "step frequency error % 100, at most 2") {
		t.Fatalf("check: %q", bad)
	}
	// A set without the mean in its annotation sets no bound.
	if got := errorPct(Pair{Got: 3}); got != 0 {
		t.Fatalf("no truth: %d %%", got)
	}
}

// TestFloorHoldsTheTrust: fewer sure contacts right or more sure contacts
// wrong than the floor fails it; calling every contact unsure does not pass.
func TestFloorHoldsTheTrust(t *testing.T) {
	s := Score{Clip: "walk.mp4", Activity: "running", Trust: Trust{Sure: 10, SureWrong: 2, Unsure: 4, UnsureWrong: 3}}
	f := FloorOf(Report{Sets: []Score{s}})
	for _, c := range []struct {
		trust Trust
		bad   string
	}{
		{Trust{Sure: 11, SureWrong: 2, Unsure: 3, UnsureWrong: 2}, ""},
		{Trust{Sure: 11, SureWrong: 3, Unsure: 3, UnsureWrong: 2}, "sure contacts wrong 3, at most 2"},
		{Trust{Sure: 0, Unsure: 14, UnsureWrong: 5}, "sure contacts right 0, floor 8"},
	} {
		s.Trust = c.trust
		bad := f.Check(Report{Sets: []Score{s}})
		if c.bad == "" && len(bad) != 0 || c.bad != "" && (len(bad) != 1 || !strings.Contains(bad[0], c.bad)) {
			t.Errorf("trust %+v: check %q, want %q", c.trust, bad, c.bad)
		}
	}
}

// TestFloorHoldsTheStart: a sprint's start found right stays right; one
// the analysis says it did not see passes a floor that never had it right;
// a wrong one fails every floor.
func TestFloorHoldsTheStart(t *testing.T) {
	truth := Start{Kind: "standing", Frame: 93}
	s := Score{Clip: "sprint.mp4", Activity: "sprint", Start: scoreStart(truth, &Start{Kind: "standing", Frame: 95})}
	right := FloorOf(Report{Sets: []Score{s}})
	s.Start = scoreStart(truth, &Start{Kind: "not_seen", Frame: 95})
	unseen := FloorOf(Report{Sets: []Score{s}})
	for _, c := range []struct {
		got   Start
		floor Floor
		bad   string
	}{
		{Start{Kind: "standing", Frame: 90}, right, ""},
		{Start{Kind: "not_seen", Frame: 95}, right, "start right 0, floor 1"},
		{Start{Kind: "not_seen", Frame: 95}, unseen, ""},
		{Start{Kind: "standing", Frame: 101}, unseen, "start wrong 1, at most 0"},
		{Start{Kind: "flying"}, unseen, "start wrong 1, at most 0"},
	} {
		s.Start = scoreStart(truth, &c.got)
		bad := c.floor.Check(Report{Sets: []Score{s}})
		if c.bad == "" && len(bad) != 0 || c.bad != "" && (len(bad) != 1 || !strings.Contains(bad[0], c.bad)) {
			t.Errorf("start %+v: check %q, want %q", c.got, bad, c.bad)
		}
	}
}

// TestRecordMarksTheOthersStale: a floor recorded on one family with a
// staleness leaves the others' figures of those sets stale (kept, bounding
// nothing), a run over some clips replaces only theirs, and recording a
// stale family again clears its mark.
func TestRecordMarksTheOthersStale(t *testing.T) {
	rep := func(found int) Report {
		r := Report{Sets: []Score{{Clip: "run.mp4", Activity: "running"}, {Clip: "hop.mp4", Activity: "jump"}},
			Variants: []Consistency{{Clip: "hop.mp4", Activity: "jump", Variant: "small"}}}
		r.Sets[0].Contacts.Found, r.Sets[1].Jumps.Found, r.Variants[0].Events.Found = found, found/10, found/10
		return r
	}
	var fs Floors
	fs.Record("avx512", rep(42), nil, nil)
	fs.Record("avx2", rep(44), nil, nil)
	if len(fs.Stale) != 0 {
		t.Fatalf("recorded without a staleness: stale %v", fs.Stale)
	}
	// A jump change measured on AVX2: the jump clip's figures only.
	fs.Record("avx2", rep(50), []string{"hop.mp4"}, &Staleness{Reason: "jump rule", Sets: []string{"hop.mp4/jump"}})
	if got := fs.Kernels["avx2"]; got.Sets["run.mp4/running"].Found != 44 || got.Sets["hop.mp4/jump"].JumpsFound != 5 || got.Variants["hop.mp4/jump/small"].Found != 5 {
		t.Fatalf("avx2 after a run over hop.mp4: %+v, want run.mp4 kept (44) and hop.mp4 replaced (5)", got)
	}
	st := fs.Stale["avx512"]
	if st.Reason != "jump rule" || !st.Covers("hop.mp4/jump") || !st.Covers("hop.mp4/jump/small") || st.Covers("run.mp4/running") || len(fs.Stale) != 1 {
		t.Fatalf("stale %+v, want avx512's hop.mp4/jump and its variants only", fs.Stale)
	}
	// The stale figures bound nothing, the others still do.
	f, measured := fs.For("arm64")
	if measured || f.Sets["run.mp4/running"].Found != 42 || f.Sets["hop.mp4/jump"].JumpsFound != 5 || f.Variants["hop.mp4/jump/small"].Found != 5 {
		t.Fatalf("arm64: %+v measured %v, want run.mp4 at the lowest (42) and hop.mp4 at avx2's (5)", f, measured)
	}
	if k := fs.Kernels["avx512"].Without(st.Covers); len(k.Sets) != 1 || len(k.Variants) != 0 {
		t.Fatalf("avx512 less its stale figures: %+v", k)
	}
	if got := f.Only([]string{"run.mp4"}); len(got.Sets) != 1 || len(got.Variants) != 0 {
		t.Fatalf("run.mp4 only: %+v", got)
	}
	// The same change recorded again (after more work on it): the same mark.
	fs.Record("avx2", rep(50), []string{"hop.mp4"}, &Staleness{Reason: "jump rule", Sets: []string{"hop.mp4/jump"}})
	if st := fs.Stale["avx512"]; st.Reason != "jump rule" || len(st.Sets) != 1 {
		t.Fatalf("recorded twice: stale %+v", st)
	}
	// A change to everything adds to it: the whole family is stale.
	fs.Record("avx2", rep(50), nil, &Staleness{Reason: "tracker"})
	if st := fs.Stale["avx512"]; len(st.Sets) != 0 || !st.Covers("run.mp4/running") || st.Reason != "jump rule; tracker" {
		t.Fatalf("stale %+v, want all of avx512", st)
	}
	fs.Record("avx512", rep(45), nil, nil)
	if len(fs.Stale) != 0 || fs.Kernels["avx512"].Sets["run.mp4/running"].Found != 45 {
		t.Fatalf("recorded again: stale %v, figures %+v", fs.Stale, fs.Kernels["avx512"])
	}
}
