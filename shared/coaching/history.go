package coaching

import (
	"math"
	"time"

	"motionlab/shared/stats"
)

// Change names how a metric moved between two analyses, judged by its
// band score (a raw difference cannot say whether up is better).
const (
	Improved  = "improved"
	Worse     = "worse"
	Unchanged = "unchanged"
	// NotJudged: the metric has no band or is low confidence.
	NotJudged = "not_judged"
)

// changeEps is the band-score difference below which a metric counts as
// unchanged (keypoint noise moves scores by a few hundredths).
const changeEps = 0.05

func judgeChange(a, b *float64) string {
	if a == nil || b == nil {
		return NotJudged
	}
	switch d := *b - *a; {
	case d > changeEps:
		return Improved
	case d < -changeEps:
		return Worse
	}
	return Unchanged
}

// Compared is one metric in a before/after comparison.
type Compared struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Unit       string   `json:"unit"`
	Confidence string   `json:"confidence"`
	A          *float64 `json:"a"`
	B          *float64 `json:"b"`
	// Delta = B − A in the metric's unit (nil unless both are measured).
	Delta   *float64 `json:"delta"`
	StatusA string   `json:"status_a"`
	StatusB string   `json:"status_b"`
	ScoreA  *float64 `json:"score_a,omitempty"`
	ScoreB  *float64 `json:"score_b,omitempty"`
	Change  string   `json:"change" enum:"improved,worse,unchanged,not_judged"`
}

// Compare lines up two reports of the same view metric by metric, in
// catalogue order; metrics measured in neither are left out.
func Compare(a, b *Report) []Compared {
	out := []Compared{}
	for _, d := range Catalog {
		ma, mb := a.Metric(d.ID), b.Metric(d.ID)
		if (ma == nil || ma.Value == nil) && (mb == nil || mb.Value == nil) {
			continue
		}
		c := Compared{ID: d.ID, Name: d.Name, Unit: d.Unit, Confidence: d.Confidence, StatusA: "unmeasured", StatusB: "unmeasured"}
		if ma != nil {
			c.A, c.StatusA, c.ScoreA = ma.Value, ma.Status, ma.Score
		}
		if mb != nil {
			c.B, c.StatusB, c.ScoreB = mb.Value, mb.Status, mb.Score
		}
		if c.A != nil && c.B != nil {
			x := stats.Round(*c.B-*c.A, 1)
			c.Delta = &x
		}
		c.Change = judgeChange(c.ScoreA, c.ScoreB)
		out = append(out, c)
	}
	return out
}

// Point is one analysis's value of a metric.
type Point struct {
	AnalysisID string    `json:"analysis_id"`
	CreatedAt  time.Time `json:"created_at"`
	Value      float64   `json:"value"`
	Status     string    `json:"status"`
	Score      *float64  `json:"score,omitempty"`
}

// Trend is one metric over the athlete's analyses, oldest first.
type Trend struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Unit       string  `json:"unit"`
	Confidence string  `json:"confidence"`
	Points     []Point `json:"points"`
	// SlopePerAnalysis: least-squares change of the value per analysis.
	SlopePerAnalysis float64 `json:"slope_per_analysis"`
	// Change compares the band score of the last point with the first.
	Change string `json:"change" enum:"improved,worse,unchanged,not_judged"`
}

// Trends builds each metric's series from points keyed by metric id;
// ids in catalogue order, metrics with no point left out.
func Trends(points map[string][]Point) []Trend {
	out := []Trend{}
	for _, d := range Catalog {
		ps := points[d.ID]
		if len(ps) == 0 {
			continue
		}
		t := Trend{ID: d.ID, Name: d.Name, Unit: d.Unit, Confidence: d.Confidence, Points: ps, Change: NotJudged}
		if len(ps) >= 2 {
			t.SlopePerAnalysis = stats.Round(slope(ps), 2)
			t.Change = judgeChange(ps[0].Score, ps[len(ps)-1].Score)
		}
		out = append(out, t)
	}
	return out
}

func slope(ps []Point) float64 {
	n := float64(len(ps))
	var sx, sy, sxx, sxy float64
	for i, p := range ps {
		x := float64(i)
		sx, sy, sxx, sxy = sx+x, sy+p.Value, sxx+x*x, sxy+x*p.Value
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	s := (n*sxy - sx*sy) / den
	if math.IsNaN(s) {
		return 0
	}
	return s
}
