// Package coaching is MotionLab's coaching layer for runners: the full
// metric set of a side or rear view (each with unit, definition, view and
// confidence), target bands personalised to the runner, left/right
// asymmetry, composite patterns turned into at most three ranked findings
// with a cue and a drill in the request's language, and a total score
// derived from the bands. Pure Go on top of shared/running: the browser
// and the server compute the same report from the same keypoints.
package coaching

import (
	"fmt"
	"math"

	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/running"
	"motionlab/shared/stats"
)

// Input is what the report is personalised to, from the request.
type Input struct {
	HeightM  float64
	WeightKg float64
	Sex      string
	// LegLengthM: 0 → estimated from the keypoints (side view) or height.
	LegLengthM float64
	// PaceSecPerKm: the request's pace, 0 when not given.
	PaceSecPerKm float64
	Treadmill    bool
	Language     string
}

// Metric is one measured metric with its band and asymmetry.
type Metric struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Unit       string   `json:"unit"`
	Views      []string `json:"views"`
	Confidence string   `json:"confidence"`
	Definition string   `json:"definition"`
	// Value is the mean over both sides' steps (nil when not measured).
	Value *float64 `json:"value"`
	Left  *float64 `json:"left,omitempty"`
	Right *float64 `json:"right,omitempty"`
	N     int      `json:"n"`
	Band  *Band    `json:"band,omitempty"`
	// Status is good, warn or poor against the band, "info" for metrics
	// without a band, "unmeasured" when Value is nil.
	Status string `json:"status"`
	// Score in [0,1] (Band.Score); nil when not scored (no band, low
	// confidence or not measured).
	Score     *float64   `json:"score,omitempty"`
	Asymmetry *Asymmetry `json:"asymmetry,omitempty"`
}

// Asymmetry compares the left and right values of a bilateral metric.
type Asymmetry struct {
	// IndexPct = |L − R| / stats.Mean(|L|, |R|) × 100.
	IndexPct float64 `json:"index_pct"`
	// Difference = R − L in the metric's unit.
	Difference float64 `json:"difference"`
	// Side is the side whose value is worse for the metric (left|right).
	Side         string  `json:"side"`
	Flagged      bool    `json:"flagged"`
	ThresholdPct float64 `json:"threshold_pct"`
	ThresholdAbs float64 `json:"threshold_abs"`
	// StepsLeft/StepsRight: the samples per side (a per-step metric is
	// flagged only with at least 2 on each side).
	StepsLeft  int `json:"n_left"`
	StepsRight int `json:"n_right"`
}

// Finding is one coaching finding: a composite pattern or a single metric
// out of its band, rendered in the request's language.
type Finding struct {
	Key string `json:"key"`
	// Kind is "pattern" (composite), "metric" or "asymmetry".
	Kind     string   `json:"kind"`
	Severity float64  `json:"severity"`
	Metrics  []string `json:"metrics"`
	Side     string   `json:"side,omitempty"`
	Title    string   `json:"title"`
	// Explanation says in plain words what it means and why it matters.
	Explanation string `json:"explanation"`
	Cue         string `json:"cue"`
	Drill       string `json:"drill"`
}

// Report is calculated_data's `coaching` section.
type Report struct {
	View     string `json:"view"` // side|rear
	Language string `json:"language"`
	// Gait is "walking" when the side view found a walk (duty factor ≥
	// 0.5): metrics and score are reported, findings are not.
	Gait     string    `json:"gait"`
	Profile  Profile   `json:"profile"`
	Metrics  []Metric  `json:"metrics"`
	Findings []Finding `json:"findings"`
	// TotalScore in [0,1], see docs/metrics.md: the confidence-weighted
	// mean of the scored metrics minus 0.03 per flagged asymmetry of a
	// high-confidence metric (at most 0.12); null when no metric was
	// scored (a walk: the bands are running's).
	TotalScore *float64 `json:"total_score"`
	// FlaggedAsymmetry counts the flagged asymmetries (all confidences).
	FlaggedAsymmetry int `json:"flagged_asymmetries"`
	// rearfootShare is the share of side-view contacts landing on the
	// heel (the heavy heel strike pattern needs it).
	rearfootShare float64
}

// MaxFindings is how many findings a report shows at most.
const MaxFindings = 3

// Evaluate builds the coaching report of a finished running analysis from
// the same cleaned track and the gait scene the analysis measured it in
// (nil: no direction of travel was found; image right is taken).
func Evaluate(frames []*pose.Person, scene *gait.Scene, r *running.Result, in Input) (*Report, error) {
	if r == nil {
		return nil, fmt.Errorf("coaching: no running result")
	}
	lang := in.Language
	if lang == "" {
		lang = "en"
	}
	if !Supported(lang) {
		return nil, fmt.Errorf("coaching: unsupported language %q", lang)
	}
	if in.HeightM <= 0 {
		in.HeightM = pose.DefaultHeightM
	}
	p := Profile{HeightM: in.HeightM, WeightKg: in.WeightKg, Sex: in.Sex}
	var vals map[string]sided
	var view string
	switch {
	case r.SideView != nil:
		view = Side
		p.LegLengthM, p.LegSource = legFromKeypoints(frames, r.SideView.Metrics.PixelsPerMetre, in.HeightM)
		p.SpeedMS, p.SpeedSource = r.SideView.Metrics.Speed, "measured"
		if in.Treadmill && in.PaceSecPerKm > 0 {
			p.SpeedSource = "pace"
		}
	case r.BackView != nil:
		view = Rear
		p.LegLengthM, p.LegSource = legFromHeight*in.HeightM, "height"
	default:
		return nil, fmt.Errorf("coaching: the analysis has no side or back view")
	}
	if in.LegLengthM > 0 {
		p.LegLengthM, p.LegSource = in.LegLengthM, "request"
	}
	if p.SpeedMS <= 0 {
		p.SpeedMS, p.SpeedSource = refSpeed, "default"
		if in.PaceSecPerKm > 0 {
			p.SpeedMS, p.SpeedSource = 1000/in.PaceSecPerKm, "pace"
		}
	}
	p.LegLengthM = stats.Round(p.LegLengthM, 2)
	p.SpeedMS = stats.Round(p.SpeedMS, 2)
	if view == Side {
		vals = sideValues(frames, scene, r, p)
	} else {
		vals = rearValues(frames, r, p)
	}
	rep := &Report{View: view, Language: lang, Profile: p, Metrics: []Metric{}}
	if n := footLandings(r); n > 0 {
		rep.rearfootShare = float64(r.FootLanding.Counts[running.Rearfoot]) / float64(n)
	}
	// A walk is measured, not judged: the bands, scores and findings are
	// running's (the Demo4 walker scored 0.46, her cadence and duty factor
	// "poor" against a runner's).
	walking := r.SideView != nil && r.RunningStyles.Gait == "walking"
	for _, d := range Catalog {
		if !hasView(d, view) {
			continue
		}
		rep.Metrics = append(rep.Metrics, measure(d, vals[d.ID], p, !walking))
	}
	rep.TotalScore, rep.FlaggedAsymmetry = total(rep.Metrics)
	rep.Gait = "running"
	if walking {
		rep.Gait = "walking"
	}
	if !walking {
		fs, err := findings(rep, lang)
		if err != nil {
			return nil, err
		}
		rep.Findings = fs
	}
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	return rep, nil
}

// Metric returns the report's metric id (nil when absent).
func (r *Report) Metric(id string) *Metric {
	for i := range r.Metrics {
		if r.Metrics[i].ID == id {
			return &r.Metrics[i]
		}
	}
	return nil
}

// footLandings is how many counted contacts a side view classed by foot
// strike (0 without one).
func footLandings(r *running.Result) int {
	if r.SideView == nil {
		return 0
	}
	n := 0
	for _, c := range r.FootLanding.Counts {
		n += c
	}
	return n
}

func hasView(d Def, v string) bool {
	for _, x := range d.Views {
		if x == v {
			return true
		}
	}
	return false
}

// sided holds a metric's samples: per side for bilateral metrics, or all.
type sided struct {
	left, right, all []float64
}

func (s *sided) add(right bool, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return
	}
	if right {
		s.right = append(s.right, x)
	} else {
		s.left = append(s.left, x)
	}
}

func one(x float64) sided {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return sided{}
	}
	return sided{all: []float64{x}}
}

func measure(d Def, s sided, p Profile, banded bool) Metric {
	m := Metric{ID: d.ID, Name: d.Name, Unit: d.Unit, Views: d.Views, Confidence: d.Confidence, Definition: d.Definition, Status: "unmeasured"}
	all := append(append(append([]float64{}, s.all...), s.left...), s.right...)
	m.N = len(all)
	if m.N == 0 {
		return m
	}
	v := stats.Round(stats.Mean(all), 1)
	m.Value = &v
	if d.Bilateral && len(s.left) > 0 && len(s.right) > 0 {
		l, r := stats.Round(stats.Mean(s.left), 1), stats.Round(stats.Mean(s.right), 1)
		m.Left, m.Right = &l, &r
	}
	m.Status = "info"
	b, ok := BandFor(d.ID, p)
	if ok && banded {
		m.Band = &b
		m.Status = b.Status(v)
		if d.Confidence != Low {
			sc := stats.Round(b.Score(v), 2)
			m.Score = &sc
		}
	}
	if m.Left != nil {
		m.Asymmetry = asymmetry(d, *m.Left, *m.Right, m.Band)
		m.Asymmetry.StepsLeft, m.Asymmetry.StepsRight = len(s.left), len(s.right)
		if !d.perClip && min(len(s.left), len(s.right)) < running.MinAsymSteps {
			m.Asymmetry.Flagged = false
		}
	}
	return m
}

// asymmetry compares both sides; the worse side is the one the band
// scores lower or, without a band or on a tie, the one further in the
// metric's worse direction.
func asymmetry(d Def, l, r float64, b *Band) *Asymmetry {
	den := (math.Abs(l) + math.Abs(r)) / 2
	a := &Asymmetry{Difference: stats.Round(r-l, 1), ThresholdPct: d.asym.Pct, ThresholdAbs: d.asym.Abs}
	if den > 0 {
		a.IndexPct = stats.Round(100*math.Abs(l-r)/den, 1)
	}
	a.Flagged = a.IndexPct > d.asym.Pct && math.Abs(l-r) > d.asym.Abs
	rightWorse := false
	switch {
	case b != nil && b.Score(l) != b.Score(r):
		rightWorse = b.Score(r) < b.Score(l)
	case d.worse > 0:
		rightWorse = r > l
	case d.worse < 0:
		rightWorse = r < l
	case b != nil:
		mid := func(x float64) float64 {
			lo, hi := b.good[0], b.good[1]
			if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
				return 0
			}
			return math.Abs(x - (lo+hi)/2)
		}
		rightWorse = mid(r) > mid(l)
	default:
		rightWorse = math.Abs(r) > math.Abs(l)
	}
	a.Side = "left"
	if rightWorse {
		a.Side = "right"
	}
	return a
}

// Confidence weights of the total score: low-confidence metrics are
// reported, not scored.
var confidenceWeight = map[string]float64{High: 1, Moderate: 0.5, Low: 0}

// Asymmetry penalty of the total score.
const (
	asymPenalty    = 0.03
	asymPenaltyMax = 0.12
)

// total is the confidence-weighted mean of the scored metrics minus the
// penalty for flagged high-confidence asymmetries, clamped to [0,1] (nil
// when no metric was scored), and how many asymmetries are flagged.
func total(ms []Metric) (*float64, int) {
	var w, x float64
	flagged, penalised := 0, 0
	for _, m := range ms {
		if m.Score != nil {
			cw := confidenceWeight[m.Confidence]
			w, x = w+cw, x+cw**m.Score
		}
		if m.Asymmetry != nil && m.Asymmetry.Flagged {
			flagged++
			if m.Confidence == High {
				penalised++
			}
		}
	}
	if w == 0 {
		return nil, flagged
	}
	t := stats.Round(math.Max(0, math.Min(1, x/w-math.Min(asymPenaltyMax, asymPenalty*float64(penalised)))), 2)
	return &t, flagged
}
