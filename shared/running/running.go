// Package running turns a cleaned keypoint track of a runner into the
// running analysis of seed 002: the side view's metrics, overstride, foot
// landing, joint angles, running style and score, or the back view's
// frontal-plane gait cycle, with findings and recommendations in the
// request's language. Pure Go: the browser and the server compute the
// same numbers from the same keypoints.
package running

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"motionlab/shared/advice"
	"motionlab/shared/frontal"
	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
)

// Analysis types.
const (
	SideViewType = "side_view"
	BackViewType = "back_view"
)

var (
	// ErrNoRunner: no person was tracked long enough to analyse.
	ErrNoRunner = errors.New("no runner found in the video")
	// ErrNoSteps: a runner was seen but no complete ground contact.
	ErrNoSteps = errors.New("no complete ground contact found: film at least two full steps with the feet in view")
)

// Result is calculated_data. Exactly one of SideView and BackView is set;
// their fields appear at the top level of the JSON.
type Result struct {
	AnalysisType string `json:"analysis_type"`
	Language     string `json:"language"`
	*SideView
	*BackView
	// TotalScore in [0,1]: the view's weighted component score.
	TotalScore float64 `json:"total_score"`
	// Scores are the components of TotalScore, each in [0,1], −1 when
	// not measurable (side: overstride, cadence, duty_factor,
	// vertical_oscillation, knee_at_contact, trunk_lean, symmetry; back:
	// pelvic_drop, hip_adduction, knee_adduction, pronation, symmetry).
	Scores map[string]float64 `json:"scores"`
	// Findings are the issues found, worst first, with the advice for
	// each in the request's language (GoodForm when there is none).
	Recommendations []advice.Recommendation `json:"recommendations"`
	Scale           Scale                   `json:"scale"`
}

// Scale says how pixels became metres.
type Scale struct {
	HeightM        float64 `json:"runner_height_m"`
	BodyHeightPx   float64 `json:"body_height_px"`
	PixelsPerMetre float64 `json:"pixels_per_metre"`
	// Source is "calibration_line" when a line of known length set the
	// scale; absent when it came from the runner's height.
	Source            string `json:"source,omitempty"`
	SpeedSource       string `json:"speed_source"` // "treadmill_pace" or "hip_displacement"
	FramesAnalysed    int    `json:"frames_analysed"`
	FramesWithAthlete int    `json:"frames_with_athlete"`
}

// BackView is the back-view part of calculated_data.
type BackView struct {
	GaitCycle frontal.GaitCycle `json:"gait_cycle"`
	Steps     []frontal.Stance  `json:"steps"`
	Cadence   float64           `json:"cadence_spm"`
	Mirrored  bool              `json:"mirrored"`
	Scores    BackScores        `json:"-"` // reported as Result.Scores
}

// Analyze runs the analysis of the given type on a cleaned track.
func Analyze(frames []*pose.Person, analysisType string, o Options) (*Result, error) {
	lang := o.Language
	if lang == "" {
		lang = "en"
	}
	if !advice.Supported(lang) {
		return nil, fmt.Errorf("unsupported language %q", lang)
	}
	if o.FPS <= 0 {
		return nil, fmt.Errorf("invalid frame rate %v", o.FPS)
	}
	if o.HeightM <= 0 {
		o.HeightM = pose.DefaultHeightM
	}
	r := &Result{AnalysisType: analysisType, Language: lang}
	seen := 0
	for _, p := range frames {
		if p != nil {
			seen++
		}
	}
	r.Scale.HeightM, r.Scale.FramesAnalysed, r.Scale.FramesWithAthlete = o.HeightM, len(frames), seen
	if seen == 0 {
		return nil, ErrNoRunner
	}
	var findings []advice.Finding
	switch analysisType {
	case SideViewType, "":
		r.AnalysisType = SideViewType
		v, err := Side(frames, o)
		if err != nil {
			return nil, err
		}
		v.FootLanding.Label = advice.Label(lang, v.FootLanding.Dominant)
		v.RunningStyles.Label = advice.Label(lang, v.RunningStyles.Style)
		r.SideView, r.TotalScore = v, v.Scores.Total
		sc := v.Scores
		r.Scores = map[string]float64{"overstride": sc.Overstride, "cadence": sc.Cadence, "duty_factor": sc.DutyFactor,
			"vertical_oscillation": sc.VerticalOscillation, "knee_at_contact": sc.KneeAtContact, "trunk_lean": sc.TrunkLean, "symmetry": sc.Symmetry}
		findings = sideFindings(v, o.HeightM)
		r.Scale.BodyHeightPx = stats.Round(v.Metrics.PixelsPerMetre*o.HeightM, 1)
		r.Scale.PixelsPerMetre = stats.Round(v.Metrics.PixelsPerMetre, 1)
		if o.PixelsPerMetre > 0 {
			r.Scale.Source = "calibration_line"
			r.Scale.BodyHeightPx = stats.Round(gait.BodyHeightPixels(frames), 1)
		}
		r.Scale.SpeedSource = "hip_displacement"
		if o.Treadmill {
			r.Scale.SpeedSource = "treadmill_pace"
		}
	case BackViewType:
		b, f, err := Back(frames, o)
		if err != nil {
			return nil, err
		}
		r.BackView, r.TotalScore, findings = b, b.Scores.Total, f
		sc := b.Scores
		r.Scores = map[string]float64{"pelvic_drop": sc.PelvicDrop, "hip_adduction": sc.HipAdduction, "knee_adduction": sc.KneeAdduction,
			"pronation": sc.Pronation, "symmetry": sc.Symmetry}
	default:
		return nil, fmt.Errorf("unknown analysis type %q", analysisType)
	}
	r.Recommendations = []advice.Recommendation{}
	if r.SideView != nil && r.RunningStyles.Gait == "walking" {
		return r, nil // running advice does not apply to a walk
	}
	recs, err := advice.Recommend(lang, findings, 5)
	if err != nil {
		return nil, err
	}
	r.Recommendations = recs
	return r, nil
}

// BackScores are the back view's component scores in [0,1] (−1 when not
// measured) and their mean.
//
//	pelvic_drop     1 at ≤ 5°, 0 at ≥ 10° (stance mean, worse leg)
//	hip_adduction   1 at ≤ 10°, 0 at ≥ 18°
//	knee_adduction  1 at ≤ 8°, 0 at ≥ 16°
//	pronation       1 between −2° and 8° of eversion, 0 at ≤ −8° or ≥ 16°
//	symmetry        1 at ≤ 2°, 0 at ≥ 6° left/right difference (mean over measures)
type BackScores struct {
	PelvicDrop    float64 `json:"pelvic_drop"`
	HipAdduction  float64 `json:"hip_adduction"`
	KneeAdduction float64 `json:"knee_adduction"`
	Pronation     float64 `json:"pronation"`
	Symmetry      float64 `json:"symmetry"`
	Total         float64 `json:"total"`
}

// Back analyses a cleaned back-view track.
func Back(frames []*pose.Person, o Options) (*BackView, []advice.Finding, error) {
	res := frontal.Analyze(frames, frontal.Options{FPS: o.FPS, FullBody: o.FullBody, MinVisibility: o.minVis()})
	if len(res.Steps) == 0 {
		return nil, nil, ErrNoSteps
	}
	b := &BackView{GaitCycle: res.GaitCycle, Steps: res.Steps, Cadence: stats.Round(res.Cadence, 1), Mirrored: res.Mirrored}
	l, r := res.GaitCycle.Left, res.GaitCycle.Right
	worse := func(a, b *frontal.Stat) (float64, bool) {
		switch {
		case a != nil && b != nil && a.N > 0 && b.N > 0:
			return math.Max(a.Mean, b.Mean), true
		case a != nil && a.N > 0:
			return a.Mean, true
		case b != nil && b.N > 0:
			return b.Mean, true
		}
		return 0, false
	}
	diff := func(a, b *frontal.Stat) (float64, bool) {
		if a != nil && b != nil && a.N > 0 && b.N > 0 {
			return math.Abs(a.Mean - b.Mean), true
		}
		return 0, false
	}
	var findings []advice.Finding
	add := func(k advice.Key, sev float64) {
		if sev > 0 {
			findings = append(findings, advice.Finding{Key: k, Severity: stats.Round(math.Min(1, sev), 2)})
		}
	}
	sc := BackScores{PelvicDrop: -1, HipAdduction: -1, KneeAdduction: -1, Pronation: -1, Symmetry: -1}
	var tw, tx float64
	part := func(dst *float64, x float64) { *dst = stats.Round(x, 2); tw, tx = tw+1, tx+x }
	if x, ok := worse(l.PelvicDrop, r.PelvicDrop); ok {
		part(&sc.PelvicDrop, ramp(x, 10, 5))
		add(advice.PelvicDrop, (x-7)/6)
	}
	if x, ok := worse(l.HipAdduction, r.HipAdduction); ok {
		part(&sc.HipAdduction, ramp(x, 18, 10))
		add(advice.HipAdduction, (x-12)/8)
	}
	if x, ok := worse(l.KneeAdduction, r.KneeAdduction); ok {
		part(&sc.KneeAdduction, ramp(x, 16, 8))
		add(advice.KneeAdduction, (x-10)/8)
	}
	if x, ok := worse(l.Pronation, r.Pronation); ok {
		part(&sc.Pronation, math.Min(ramp(x, 16, 8), ramp(x, -8, -2)))
		add(advice.Overpronation, (x-10)/8)
		lo := x
		if l.Pronation != nil && r.Pronation != nil && l.Pronation.N > 0 && r.Pronation.N > 0 {
			lo = math.Min(l.Pronation.Mean, r.Pronation.Mean)
		}
		add(advice.Underpronation, (-2-lo)/6)
	}
	var diffs []float64
	for _, pair := range [][2]*frontal.Stat{{l.PelvicDrop, r.PelvicDrop}, {l.HipAdduction, r.HipAdduction}, {l.KneeAdduction, r.KneeAdduction}, {l.Pronation, r.Pronation}} {
		if d, ok := diff(pair[0], pair[1]); ok {
			diffs = append(diffs, d)
		}
	}
	if len(diffs) > 0 {
		d := stats.Mean(diffs)
		part(&sc.Symmetry, ramp(d, 6, 2))
		add(advice.FrontalAsymmetry, (d-4)/6)
	}
	if tw > 0 {
		sc.Total = stats.Round(tx/tw, 2)
	}
	b.Scores = sc
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Severity > findings[j].Severity })
	return b, findings, nil
}
