package advice

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"
)

var allKeys = []Key{
	Overstride, LowCadence, HighCadence, LongGroundContact, HeelStrike,
	HighVerticalOscillation, LowVerticalOscillation, StiffKneeAtContact,
	ExcessiveTrunkLean, BackwardTrunkLean, LimitedHipExtension, ArmSwing,
	ContactAsymmetry, PelvicDrop, HipAdduction, KneeAdduction, Overpronation,
	Underpronation, FrontalAsymmetry, GoodForm,
	ShallowDepth, ForwardLean, KneeValgus, BarPathDrift, FastEccentric,
	UnevenTempo, GoodLift,
	LowJumpHeight, StiffLanding, RepeatedHops, GoodJump,
	LongSprintContact, SprintOverstride, LowStepFrequency, UprightStart,
	GoodSprint,
}

// loanwords are labels that a language really writes as English does, so
// TestTranslated lets them match: French and Italian lifters say "squat",
// Brazilian ones "clean".
var loanwords = map[string]map[string]bool{
	"fr": {"squat": true},
	"it": {"squat": true},
	"pt": {"clean": true},
}

func fields(m Message) map[string]string {
	return map[string]string{"Title": m.Title, "Advice": m.Advice, "Cue": m.Cue, "Drill": m.Drill}
}

func TestKeys(t *testing.T) {
	seen := map[Key]int{}
	for _, k := range Keys {
		seen[k]++
	}
	for _, k := range allKeys {
		if seen[k] != 1 {
			t.Errorf("Keys holds %q %d times, want once", k, seen[k])
		}
	}
	if len(Keys) != len(allKeys) {
		t.Errorf("len(Keys) = %d, want %d", len(Keys), len(allKeys))
	}
	// New keys are appended: the running keys keep their positions, and
	// each domain ends with its no-issue key.
	if !slices.Equal(Keys, allKeys) {
		t.Errorf("Keys = %v, want %v", Keys, allKeys)
	}
}

// Key values are what the API returns; they must never change.
func TestKeyValues(t *testing.T) {
	want := map[Key]string{
		Overstride:        "overstride",
		GoodForm:          "good_form",
		ShallowDepth:      "shallow_depth",
		ForwardLean:       "forward_lean",
		KneeValgus:        "knee_valgus",
		BarPathDrift:      "bar_path_drift",
		FastEccentric:     "fast_eccentric",
		UnevenTempo:       "uneven_tempo",
		GoodLift:          "good_lift",
		LowJumpHeight:     "low_jump_height",
		StiffLanding:      "stiff_landing",
		GoodJump:          "good_jump",
		RepeatedHops:      "repeated_hops",
		LongSprintContact: "long_sprint_contact",
		SprintOverstride:  "sprint_overstride",
		LowStepFrequency:  "low_step_frequency",
		UprightStart:      "upright_start",
		GoodSprint:        "good_sprint",
	}
	for k, v := range want {
		if string(k) != v {
			t.Errorf("key %q, want %q", k, v)
		}
	}
}

func TestDomains(t *testing.T) {
	if want := []string{"running", "lift", "jump", "sprint"}; !slices.Equal(Domains, want) {
		t.Fatalf("Domains = %v, want %v", Domains, want)
	}
	good := map[string]Key{"running": GoodForm, "lift": GoodLift, "jump": GoodJump, "sprint": GoodSprint}
	var all []Key
	for _, d := range Domains {
		ks, err := DomainKeys(d)
		if err != nil || len(ks) == 0 {
			t.Fatalf("DomainKeys(%s) = %v, %v", d, ks, err)
		}
		if ks[len(ks)-1] != good[d] {
			t.Errorf("%s: last key %s, want %s", d, ks[len(ks)-1], good[d])
		}
		for _, k := range ks[:len(ks)-1] {
			if isGood(k) {
				t.Errorf("%s: no-issue key %s before the end", d, k)
			}
		}
		all = append(all, ks...)
	}
	// The domains partition Keys, in order.
	if !slices.Equal(all, Keys) {
		t.Errorf("domains concatenated = %v, want Keys %v", all, Keys)
	}
	lift, _ := DomainKeys("lift")
	if want := []Key{ShallowDepth, ForwardLean, KneeValgus, BarPathDrift, FastEccentric, UnevenTempo, GoodLift}; !slices.Equal(lift, want) {
		t.Errorf("lift keys = %v, want %v", lift, want)
	}
	lift[0] = "changed"
	if again, _ := DomainKeys("lift"); again[0] != ShallowDepth {
		t.Error("DomainKeys returned its internal slice")
	}
	for _, d := range []string{"", "Running", "lifting", "xx"} {
		if _, err := DomainKeys(d); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", d)) {
			t.Errorf("DomainKeys(%q): err = %v", d, err)
		}
	}
}

func TestLanguages(t *testing.T) {
	if len(Languages) == 0 || Languages[0] != "en" {
		t.Fatalf("Languages = %v, want en first", Languages)
	}
	if len(catalogs) != len(Languages) {
		t.Errorf("%d catalogs for %d languages", len(catalogs), len(Languages))
	}
	for _, l := range Languages {
		if !Supported(l) {
			t.Errorf("Supported(%q) = false", l)
		}
	}
	for _, l := range []string{"", "EN", "en-US", "xx", "pt-BR"} {
		if Supported(l) {
			t.Errorf("Supported(%q) = true", l)
		}
	}
}

// Every key has every field in every language, and no catalog holds extras.
func TestComplete(t *testing.T) {
	for _, l := range Languages {
		c := catalogs[l]
		if len(c.messages) != len(Keys) {
			t.Errorf("%s: %d messages, want %d", l, len(c.messages), len(Keys))
		}
		titles := map[string]Key{}
		for _, k := range Keys {
			m, err := Text(l, k)
			if err != nil {
				t.Errorf("Text(%s, %s): %v", l, k, err)
				continue
			}
			for name, s := range fields(m) {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s/%s: empty %s", l, k, name)
				} else if s != strings.TrimSpace(s) {
					t.Errorf("%s/%s: %s has stray whitespace: %q", l, k, name, s)
				}
			}
			if other, dup := titles[m.Title]; dup {
				t.Errorf("%s: %s and %s share the title %q", l, other, k, m.Title)
			}
			titles[m.Title] = k
		}
	}
}

// A non-English field equal to the English one is an untranslated copy.
func TestTranslated(t *testing.T) {
	for _, l := range Languages[1:] {
		for _, k := range Keys {
			en, _ := Text("en", k)
			m, _ := Text(l, k)
			ef := fields(en)
			for name, s := range fields(m) {
				if s == ef[name] {
					t.Errorf("%s/%s: %s is the English text %q", l, k, name, s)
				}
			}
		}
		for _, key := range LabelKeys {
			if Label(l, key) == Label("en", key) && !loanwords[l][key] {
				t.Errorf("%s: label %q is the English %q", l, key, Label(l, key))
			}
		}
	}
}

// CJK catalogs must be written in their own script, which catches a Chinese
// text pasted into Japanese and English left in any of them.
func TestScripts(t *testing.T) {
	has := func(s string, tabs ...*unicode.RangeTable) bool {
		return strings.IndexFunc(s, func(r rune) bool { return unicode.In(r, tabs...) }) >= 0
	}
	for _, k := range Keys {
		zh, _ := Text("zh", k)
		ko, _ := Text("ko", k)
		ja, _ := Text("ja", k)
		for name, s := range fields(zh) {
			if !has(s, unicode.Han) || has(s, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				t.Errorf("zh/%s: %s is not Chinese: %q", k, name, s)
			}
		}
		for name, s := range fields(ko) {
			if !has(s, unicode.Hangul) {
				t.Errorf("ko/%s: %s is not Korean: %q", k, name, s)
			}
		}
		for name, s := range fields(ja) {
			if !has(s, unicode.Hiragana, unicode.Katakana, unicode.Han) || has(s, unicode.Hangul) {
				t.Errorf("ja/%s: %s is not Japanese: %q", k, name, s)
			}
		}
		if !has(ja.Advice, unicode.Hiragana) {
			t.Errorf("ja/%s: advice has no kana: %q", k, ja.Advice)
		}
	}
	for _, key := range LabelKeys {
		if s := Label("zh", key); !has(s, unicode.Han) || has(s, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			t.Errorf("zh: label %q is not Chinese: %q", key, s)
		}
		if s := Label("ko", key); !has(s, unicode.Hangul) {
			t.Errorf("ko: label %q is not Korean: %q", key, s)
		}
		if s := Label("ja", key); !has(s, unicode.Hiragana, unicode.Katakana, unicode.Han) || has(s, unicode.Hangul) {
			t.Errorf("ja: label %q is not Japanese: %q", key, s)
		}
	}
}

// Every drill carries a dose, written "sets × reps" (or "reps × sets").
func TestDrillDosing(t *testing.T) {
	for _, l := range Languages {
		for _, k := range Keys {
			m, _ := Text(l, k)
			if !strings.Contains(m.Drill, " × ") || !strings.ContainsFunc(m.Drill, unicode.IsDigit) {
				t.Errorf("%s/%s: drill has no dosing: %q", l, k, m.Drill)
			}
		}
	}
}

func TestText(t *testing.T) {
	m, err := Text("en", Overstride)
	if err != nil || m.Title != "Overstriding" {
		t.Errorf("Text(en, overstride) = %+v, %v", m, err)
	}
	if _, err := Text("xx", Overstride); err == nil || !strings.Contains(err.Error(), `"xx"`) {
		t.Errorf("unknown language: err = %v", err)
	}
	if _, err := Text("en", "nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown key: err = %v", err)
	}
}

func TestLabels(t *testing.T) {
	want := []string{
		"rearfoot", "midfoot", "forefoot", "stick", "bounce", "push", "hop", "sit", "low", "moderate", "high", "left", "right",
		"squat", "deadlift", "bench", "clean", "snatch", "press", "rep", "reps", "jump", "jumps",
		"reason.no_flight", "reason.flights_not_counted", "reason.no_contact", "reason.no_repetition", "reason.not_visible",
		"reason.low_confidence", "doubt.no_double_support", "doubt.overlap", "doubt.lands_again", "doubt.points_jumped",
		"caveat.coarse_timing", "caveat.sprint_speed", "caveat.no_sprint", "caveat.start_not_seen",
	}
	if !slices.Equal(LabelKeys, want) {
		t.Errorf("LabelKeys = %v, want %v", LabelKeys, want)
	}
	for _, l := range Languages {
		if n := len(catalogs[l].labels); n != len(LabelKeys) {
			t.Errorf("%s: %d labels, want %d", l, n, len(LabelKeys))
		}
		for _, key := range LabelKeys {
			if s, ok := catalogs[l].labels[key]; !ok || strings.TrimSpace(s) == "" {
				t.Errorf("%s: no label for %q", l, key)
			}
		}
	}
	for _, c := range []struct{ lang, key, want string }{
		{"de", "forefoot", "Vorfuß"},
		{"en", "bench", "Bench press"},
		{"en", "reps", "reps"},
		{"de", "deadlift", "Kreuzheben"},
		{"fr", "snatch", "Arraché"},
		{"es", "reps", "repeticiones"},
		{"it", "jumps", "salti"},
		{"ja", "press", "オーバーヘッドプレス"},
	} {
		if got := Label(c.lang, c.key); got != c.want {
			t.Errorf("Label(%s, %s) = %q, want %q", c.lang, c.key, got, c.want)
		}
	}
	if got := Label("fr", "unknown_label"); got != "unknown_label" {
		t.Errorf("unknown label = %q, want the key", got)
	}
	if got := Label("xx", "left"); got != "Left" {
		t.Errorf("unknown language = %q, want English", got)
	}
}

func keysOf(rs []Recommendation) []Key {
	out := make([]Key, len(rs))
	for i, r := range rs {
		out[i] = r.Key
	}
	return out
}

func TestRecommend(t *testing.T) {
	fs := []Finding{
		{PelvicDrop, 0.4},
		{Overstride, 0.9},
		{LowCadence, 0.4}, // ties PelvicDrop: must stay after it
		{ArmSwing, 0.1},
		{HeelStrike, 0.6},
	}
	rs, err := Recommend("fr", fs, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Key{Overstride, HeelStrike, PelvicDrop, LowCadence, ArmSwing}
	if !slices.Equal(keysOf(rs), want) {
		t.Errorf("order = %v, want %v", keysOf(rs), want)
	}
	fr, _ := Text("fr", Overstride)
	if rs[0].Message != fr || rs[0].Severity != 0.9 {
		t.Errorf("rs[0] = %+v, want French overstride at 0.9", rs[0])
	}
	if fs[0].Key != PelvicDrop {
		t.Error("Recommend reordered its input")
	}

	rs, _ = Recommend("en", fs, 2)
	if !slices.Equal(keysOf(rs), want[:2]) {
		t.Errorf("max=2: %v, want %v", keysOf(rs), want[:2])
	}
	rs, _ = Recommend("en", fs, 99)
	if len(rs) != len(fs) {
		t.Errorf("max=99: %d results, want %d", len(rs), len(fs))
	}
	rs, _ = Recommend("en", fs, -1)
	if len(rs) != len(fs) {
		t.Errorf("max=-1: %d results, want all %d", len(rs), len(fs))
	}
}

func TestRecommendGoodForm(t *testing.T) {
	for _, fs := range [][]Finding{nil, {}, {{GoodForm, 0}}} {
		rs, err := Recommend("ja", fs, 3)
		ja, _ := Text("ja", GoodForm)
		if err != nil || len(rs) != 1 || rs[0].Key != GoodForm || rs[0].Message != ja {
			t.Errorf("Recommend(ja, %v) = %+v, %v; want GoodForm alone", fs, rs, err)
		}
	}
	rs, _ := Recommend("en", []Finding{{GoodForm, 0}, {KneeAdduction, 0.5}}, 0)
	if !slices.Equal(keysOf(rs), []Key{KneeAdduction}) {
		t.Errorf("GoodForm beside a finding: %v, want it dropped", keysOf(rs))
	}
}

func TestRecommendFor(t *testing.T) {
	good := map[string]Key{"running": GoodForm, "lift": GoodLift, "jump": GoodJump, "sprint": GoodSprint}
	for _, d := range Domains {
		for _, l := range Languages {
			// Nothing found, or only no-issue keys (of any domain): the
			// domain's own no-issue message alone.
			for _, fs := range [][]Finding{nil, {{GoodForm, 0}}, {{GoodSprint, 0}, {GoodLift, 0}}} {
				rs, err := RecommendFor(d, l, fs, 3)
				want, _ := Text(l, good[d])
				if err != nil || len(rs) != 1 || rs[0].Key != good[d] || rs[0].Message != want {
					t.Errorf("RecommendFor(%s, %s, %v) = %+v, %v; want %s alone", d, l, fs, rs, err, good[d])
				}
			}
		}
	}

	fs := []Finding{
		{GoodLift, 0},
		{KneeValgus, 0.3},
		{BarPathDrift, 0.8},
		{GoodForm, 0}, // a no-issue key of another domain: dropped too
		{FastEccentric, 0.3},
		{ShallowDepth, 0.5},
	}
	rs, err := RecommendFor("lift", "de", fs, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Key{BarPathDrift, ShallowDepth, KneeValgus, FastEccentric}
	if !slices.Equal(keysOf(rs), want) {
		t.Errorf("lift order = %v, want %v", keysOf(rs), want)
	}
	de, _ := Text("de", BarPathDrift)
	if rs[0].Message != de {
		t.Errorf("rs[0] = %+v, want German bar_path_drift", rs[0])
	}
	rs, _ = RecommendFor("lift", "en", fs, 2)
	if !slices.Equal(keysOf(rs), want[:2]) {
		t.Errorf("lift max=2: %v, want %v", keysOf(rs), want[:2])
	}

	// A key from another domain is accepted.
	rs, err = RecommendFor("jump", "ko", []Finding{{StiffLanding, 0.4}, {KneeValgus, 0.6}, {GoodJump, 0}}, 0)
	if err != nil || !slices.Equal(keysOf(rs), []Key{KneeValgus, StiffLanding}) {
		t.Errorf("jump with knee_valgus = %v, %v", keysOf(rs), err)
	}
	rs, err = RecommendFor("sprint", "zh", []Finding{{UprightStart, 0.2}, {LongSprintContact, 0.2}, {SprintOverstride, 0.9}, {LowStepFrequency, 0.5}}, 0)
	if want := []Key{SprintOverstride, LowStepFrequency, UprightStart, LongSprintContact}; err != nil || !slices.Equal(keysOf(rs), want) {
		t.Errorf("sprint = %v, %v; want %v", keysOf(rs), err, want)
	}

	// Recommend is RecommendFor("running", …).
	run := []Finding{{PelvicDrop, 0.4}, {Overstride, 0.9}, {GoodForm, 0}, {LowJumpHeight, 0.5}}
	a, errA := Recommend("pt", run, 0)
	b, errB := RecommendFor("running", "pt", run, 0)
	if errA != nil || errB != nil || !slices.Equal(a, b) {
		t.Errorf("Recommend = %+v, %v; RecommendFor(running) = %+v, %v", a, errA, b, errB)
	}
	if !slices.Equal(keysOf(a), []Key{Overstride, LowJumpHeight, PelvicDrop}) {
		t.Errorf("running order = %v", keysOf(a))
	}
}

func TestRecommendForErrors(t *testing.T) {
	for _, d := range []string{"", "Running", "swim", "good_form"} {
		if _, err := RecommendFor(d, "en", nil, 0); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("domain %q", d)) {
			t.Errorf("unknown domain %q: err = %v", d, err)
		}
	}
	if _, err := RecommendFor("lift", "xx", nil, 0); err == nil || !strings.Contains(err.Error(), `"xx"`) {
		t.Errorf("unsupported language: err = %v", err)
	}
	if _, err := RecommendFor("sprint", "en", []Finding{{"bogus", 0.5}}, 0); err == nil || !strings.Contains(err.Error(), `"bogus"`) {
		t.Errorf("unknown key: err = %v", err)
	}
}

func TestRecommendCleansInput(t *testing.T) {
	fs := []Finding{
		{Overpronation, math.NaN()},
		{HipAdduction, 0.3},
		{Overpronation, 0.5}, // duplicate: kept once, at its worst
		{ArmSwing, 7},
		{LowCadence, -2},
	}
	rs, err := Recommend("en", fs, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Key{ArmSwing, Overpronation, HipAdduction, LowCadence}
	if !slices.Equal(keysOf(rs), want) {
		t.Fatalf("order = %v, want %v", keysOf(rs), want)
	}
	if rs[0].Severity != 1 || rs[1].Severity != 0.5 || rs[3].Severity != 0 {
		t.Errorf("severities = %+v", rs)
	}
	if _, err := json.Marshal(rs); err != nil {
		t.Errorf("result does not encode: %v", err)
	}
}

func TestRecommendErrors(t *testing.T) {
	if _, err := Recommend("xx", nil, 0); err == nil || !strings.Contains(err.Error(), `"xx"`) {
		t.Errorf("unsupported language: err = %v", err)
	}
	if _, err := Recommend("en", []Finding{{"bogus", 0.5}}, 0); err == nil || !strings.Contains(err.Error(), `"bogus"`) {
		t.Errorf("unknown key: err = %v", err)
	}
}

func TestJSONShape(t *testing.T) {
	rs, _ := Recommend("en", []Finding{{Overstride, 0.5}}, 0)
	b, _ := json.Marshal(rs[0])
	var got map[string]any
	_ = json.Unmarshal(b, &got)
	for _, k := range []string{"key", "severity", "title", "advice", "cue", "drill"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON %s lacks %q", b, k)
		}
	}
}
