// Package advice holds MotionLab's analysis result texts (running, lifting,
// jumping, sprinting): one message per finding and the classification
// labels, in every language the API accepts. It is plain data plus lookups, stdlib only, so the server and
// the js/wasm client render the same wording.
package advice

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Key names a finding; the value is what the API returns, so never change it.
type Key string

const (
	// Side view.
	Overstride              Key = "overstride"                // foot lands well ahead of the hip / shank reaching forward at contact
	LowCadence              Key = "low_cadence"               // below ~160 steps/min at an easy pace
	HighCadence             Key = "high_cadence"              // very short choppy steps for the speed
	LongGroundContact       Key = "long_ground_contact"       // contact time long for the speed
	HeelStrike              Key = "heel_strike"               // pronounced rearfoot landing with the foot far ahead
	HighVerticalOscillation Key = "high_vertical_oscillation" // bouncing
	LowVerticalOscillation  Key = "low_vertical_oscillation"  // shuffling
	StiffKneeAtContact      Key = "stiff_knee_at_contact"     // knee nearly straight at touchdown
	ExcessiveTrunkLean      Key = "excessive_trunk_lean"      // leaning forward from the waist
	BackwardTrunkLean       Key = "backward_trunk_lean"
	LimitedHipExtension     Key = "limited_hip_extension" // little hip extension at toe-off
	ArmSwing                Key = "arm_swing"             // elbows too open / little arm drive
	ContactAsymmetry        Key = "contact_asymmetry"     // left/right contact time or step differ
	// Back view.
	PelvicDrop       Key = "pelvic_drop"       // contralateral pelvic drop in stance (weak hip abductors)
	HipAdduction     Key = "hip_adduction"     // thigh crossing toward the midline in stance
	KneeAdduction    Key = "knee_adduction"    // knee collapsing inward (dynamic valgus)
	Overpronation    Key = "overpronation"     // rearfoot everts a lot in stance
	Underpronation   Key = "underpronation"    // rearfoot stays inverted (supination)
	FrontalAsymmetry Key = "frontal_asymmetry" // left/right differ in the frontal plane
	// No issue found.
	GoodForm Key = "good_form"

	// Weightlifting ("lift" domain).
	ShallowDepth  Key = "shallow_depth"  // squat bottom above parallel (hip crease above the knee)
	ForwardLean   Key = "forward_lean"   // trunk far forward at the bottom of a squat
	KneeValgus    Key = "knee_valgus"    // knees cave inward during the lift (front view)
	BarPathDrift  Key = "bar_path_drift" // bar (wrists) drifts forward/back instead of a vertical line
	FastEccentric Key = "fast_eccentric" // lowering in under ~0.8 s
	UnevenTempo   Key = "uneven_tempo"   // rep speed varies a lot between reps (fatigue, grinding)
	GoodLift      Key = "good_lift"      // no issue found in the lift

	// Jump ("jump" domain).
	LowJumpHeight Key = "low_jump_height" // jump low for the athlete: take-off power
	StiffLanding  Key = "stiff_landing"   // landing with little knee bend
	GoodJump      Key = "good_jump"       // no issue found in the jump
	RepeatedHops  Key = "repeated_hops"   // hops in a row: reported, not judged by maximal-jump norms

	// Sprint ("sprint" domain).
	LongSprintContact Key = "long_sprint_contact" // ground contacts long for sprinting
	SprintOverstride  Key = "sprint_overstride"   // foot lands far ahead of the centre of mass
	LowStepFrequency  Key = "low_step_frequency"  // few steps per second for the speed
	UprightStart      Key = "upright_start"       // rises too early in the acceleration phase
	GoodSprint        Key = "good_sprint"         // no issue found in the sprint
)

// Each domain's keys, its no-issue key last.
var (
	runningKeys = []Key{
		Overstride, LowCadence, HighCadence, LongGroundContact, HeelStrike,
		HighVerticalOscillation, LowVerticalOscillation, StiffKneeAtContact,
		ExcessiveTrunkLean, BackwardTrunkLean, LimitedHipExtension, ArmSwing,
		ContactAsymmetry,
		PelvicDrop, HipAdduction, KneeAdduction, Overpronation, Underpronation,
		FrontalAsymmetry,
		GoodForm,
	}
	liftKeys = []Key{
		ShallowDepth, ForwardLean, KneeValgus, BarPathDrift, FastEccentric,
		UnevenTempo,
		GoodLift,
	}
	jumpKeys   = []Key{LowJumpHeight, StiffLanding, RepeatedHops, GoodJump}
	sprintKeys = []Key{
		LongSprintContact, SprintOverstride, LowStepFrequency, UprightStart,
		GoodSprint,
	}
)

// Keys lists every finding key in a stable order, so clients can build
// menus and tests can walk them: running (side view, back view, then
// GoodForm), then lift, jump and sprint, each ending with its no-issue key.
// A new key goes last in its domain before that no-issue key.
var Keys = slices.Concat(runningKeys, liftKeys, jumpKeys, sprintKeys)

// Domains lists the analysis domains RecommendFor accepts, "running" first.
var Domains = []string{"running", "lift", "jump", "sprint"}

var domainKeys = map[string][]Key{
	"running": runningKeys,
	"lift":    liftKeys,
	"jump":    jumpKeys,
	"sprint":  sprintKeys,
}

// goodKeys maps each domain to its no-issue key, the message RecommendFor
// shows when nothing was found.
var goodKeys = map[string]Key{
	"running": GoodForm,
	"lift":    GoodLift,
	"jump":    GoodJump,
	"sprint":  GoodSprint,
}

// DomainKeys returns a copy of the keys of one domain, in Keys order with
// its no-issue key last, or an error naming an unknown domain.
func DomainKeys(domain string) ([]Key, error) {
	ks, ok := domainKeys[domain]
	if !ok {
		return nil, fmt.Errorf("advice: unknown domain %q", domain)
	}
	return slices.Clone(ks), nil
}

// isGood reports whether k is a no-issue key of any domain.
func isGood(k Key) bool {
	for _, g := range goodKeys {
		if k == g {
			return true
		}
	}
	return false
}

// Languages lists the supported language codes, "en" first.
var Languages = []string{"en", "fr", "de", "zh", "ko", "pt", "es", "it", "ja"}

// LabelKeys lists every label key: foot strike, running style (van Oeveren's
// dual-axis model, as named by shared/running), severity, side, lift
// exercise, the count nouns for reps and jumps, then the sentences that say
// why an analysis found nothing to measure (reason.CODE, CODE being the
// machine-readable reason) or that its values are uncertain, why the gait
// rules a contact's timing out (doubt.CODE, gait.Contact's Doubt), and the
// caveats of an analysis's figures (caveat.CODE, with {fps}, {ms},
// {need}, {t} and the like filled in by shared/analysis). Count nouns
// are lower-case (they follow a number, "5 reps"); the others are
// capitalised.
var LabelKeys = []string{
	"rearfoot", "midfoot", "forefoot",
	"stick", "bounce", "push", "hop", "sit",
	"low", "moderate", "high",
	"left", "right",
	"squat", "deadlift", "bench", "clean", "snatch", "press",
	"rep", "reps", "jump", "jumps",
	"reason.no_flight", "reason.flights_not_counted", "reason.no_contact", "reason.no_repetition", "reason.not_visible",
	"reason.low_confidence",
	"doubt.no_double_support", "doubt.overlap", "doubt.lands_again", "doubt.points_jumped",
	"caveat.coarse_timing", "caveat.sprint_speed", "caveat.no_sprint", "caveat.start_not_seen",
}

// Message is what a user reads for one finding.
type Message struct {
	Title  string `json:"title"`  // a few words, e.g. "Overstriding"
	Advice string `json:"advice"` // 1–3 sentences: what it means and what to do
	Cue    string `json:"cue"`    // a one-line in-run cue
	Drill  string `json:"drill"`  // one corrective drill with dosing
}

// catalog is one language's texts; each lives in its own messages_<lang>.go
// so a translator edits one file and the tests check all of them.
type catalog struct {
	messages map[Key]Message
	labels   map[string]string
}

var catalogs = map[string]catalog{
	"en": {enMessages, enLabels},
	"fr": {frMessages, frLabels},
	"de": {deMessages, deLabels},
	"zh": {zhMessages, zhLabels},
	"ko": {koMessages, koLabels},
	"pt": {ptMessages, ptLabels},
	"es": {esMessages, esLabels},
	"it": {itMessages, itLabels},
	"ja": {jaMessages, jaLabels},
}

// Supported reports whether lang is one of Languages (exact, lower-case code).
func Supported(lang string) bool {
	_, ok := catalogs[lang]
	return ok
}

// Text returns the message for k in lang, or an error naming the unknown
// language or key.
func Text(lang string, k Key) (Message, error) {
	c, ok := catalogs[lang]
	if !ok {
		return Message{}, fmt.Errorf("advice: unsupported language %q", lang)
	}
	m, ok := c.messages[k]
	if !ok {
		return Message{}, fmt.Errorf("advice: unknown finding key %q", k)
	}
	return m, nil
}

// Label translates a classification label. It has no error return because
// it is used inline when building results: an unknown key comes back as
// itself, and an unsupported language falls back to English.
func Label(lang, key string) string {
	c, ok := catalogs[lang]
	if !ok {
		c = catalogs["en"]
	}
	if s, ok := c.labels[key]; ok {
		return s
	}
	return key
}

// Finding is one detected issue with a severity in [0,1] (1 worst).
type Finding struct {
	Key      Key     `json:"key"`
	Severity float64 `json:"severity"`
}

// Recommendation is a finding rendered in a language.
type Recommendation struct {
	Key      Key     `json:"key"`
	Severity float64 `json:"severity"`
	Message
}

// Recommend renders running findings: it is RecommendFor("running", …),
// whose rules it follows.
func Recommend(lang string, findings []Finding, max int) ([]Recommendation, error) {
	return RecommendFor("running", lang, findings, max)
}

// RecommendFor renders findings of one domain (one of Domains) in lang,
// worst first (input order for ties), at most max of them (max <= 0: all).
// With no findings it returns the domain's no-issue message alone: GoodForm
// for "running", GoodLift for "lift", GoodJump for "jump", GoodSprint for
// "sprint". It errors for an unknown domain, an unsupported lang or an
// unknown key. A key of another domain is accepted (a jump analysis may
// report KneeValgus on landing); the domain only picks the no-issue message.
//
// Severities are clamped to [0,1] and NaN becomes 0, because encoding/json
// cannot encode NaN and the sort needs a total order. A key given twice is
// shown once, at its worst severity and first position. No-issue keys (of
// any domain) are dropped when real findings exist, since the two would
// contradict; given alone, they give the domain's own no-issue message.
func RecommendFor(domain, lang string, findings []Finding, max int) ([]Recommendation, error) {
	good, ok := goodKeys[domain]
	if !ok {
		return nil, fmt.Errorf("advice: unknown domain %q", domain)
	}
	c, ok := catalogs[lang]
	if !ok {
		return nil, fmt.Errorf("advice: unsupported language %q", lang)
	}
	list := make([]Finding, 0, len(findings))
	at := make(map[Key]int, len(findings))
	for _, f := range findings {
		if _, ok := c.messages[f.Key]; !ok {
			return nil, fmt.Errorf("advice: unknown finding key %q", f.Key)
		}
		f.Severity = clamp01(f.Severity)
		if i, dup := at[f.Key]; dup {
			list[i].Severity = math.Max(list[i].Severity, f.Severity)
			continue
		}
		at[f.Key] = len(list)
		list = append(list, f)
	}
	if slices.ContainsFunc(list, func(f Finding) bool { return !isGood(f.Key) }) {
		list = slices.DeleteFunc(list, func(f Finding) bool { return isGood(f.Key) })
	} else {
		only := Finding{Key: good}
		if i, ok := at[good]; ok {
			only.Severity = list[i].Severity
		}
		list = []Finding{only}
	}
	slices.SortStableFunc(list, func(a, b Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	if max > 0 && len(list) > max {
		list = list[:max]
	}
	out := make([]Recommendation, len(list))
	for i, f := range list {
		out[i] = Recommendation{Key: f.Key, Severity: f.Severity, Message: c.messages[f.Key]}
	}
	return out, nil
}

func clamp01(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}
