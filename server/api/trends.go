package api

import (
	"context"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/shared/coaching"
)

// History (issue 11): per-key metric trends and a before/after comparison,
// computed from the stored analyses and their calculated_data blobs (no
// schema of their own: a key's history is its analyses).

// maxTrendAnalyses bounds how many of a key's newest analyses a trend
// reads (each is a blob read).
const maxTrendAnalyses = 200

type trendsInput struct {
	View    string `query:"view" enum:"side,rear" default:"side" example:"side" doc:"camera view: trends never mix side and rear analyses"`
	Metrics string `query:"metrics" example:"cadence,overstride,vertical_oscillation_cm" doc:"comma-separated metric ids (docs/metrics.md, coaching); all when empty"`
	Limit   int    `query:"limit" minimum:"2" maximum:"200" default:"50" example:"20" doc:"how many of the newest successful running analyses to read"`
}

type trendPoint struct {
	AnalysisID string    `json:"analysis_id"`
	CreatedAt  time.Time `json:"created_at"`
	TotalScore *float64  `json:"total_score" doc:"null for a walk: running's bands do not judge it"`
}

type trendsOutput struct {
	Body struct {
		View      string           `json:"view" example:"side"`
		Analyses  []trendPoint     `json:"analyses" doc:"the analyses used, oldest first, with their total score"`
		Metrics   []coaching.Trend `json:"metrics" doc:"each metric's values over those analyses, oldest first, its least-squares slope per analysis and whether its band score improved from the first to the last"`
		Truncated bool             `json:"truncated,omitempty" doc:"more analyses exist than limit"`
	}
}

type compareInput struct {
	A string `query:"a" required:"true" pattern:"^[0-9a-f]{32}$" example:"5f0c6a1e9b2d4c7f8a3e1d2c4b6a8f90" doc:"the earlier (before) analysis"`
	B string `query:"b" required:"true" pattern:"^[0-9a-f]{32}$" example:"0a1b2c3d4e5f60718293a4b5c6d7e8f9" doc:"the later (after) analysis"`
}

type comparedAnalysis struct {
	ID         string             `json:"id"`
	CreatedAt  time.Time          `json:"created_at"`
	Filename   string             `json:"filename,omitempty"`
	View       string             `json:"view" enum:"side,rear"`
	TotalScore *float64           `json:"total_score" doc:"null for a walk: running's bands do not judge it"`
	Profile    coaching.Profile   `json:"profile"`
	Findings   []coaching.Finding `json:"findings"`
	Gait       string             `json:"gait" enum:"running,walking" doc:"walking: no score, band or finding is given"`
}

type compareOutput struct {
	Body struct {
		A               comparedAnalysis    `json:"a"`
		B               comparedAnalysis    `json:"b"`
		TotalScoreDelta *float64            `json:"total_score_delta" doc:"b − a; null unless both are scored"`
		Metrics         []coaching.Compared `json:"metrics" doc:"each metric in both, delta = b − a, change judged by the band score"`
	}
}

func (s *Server) registerTrends() {
	huma.Register(s.api, huma.Operation{
		OperationID: "get-athlete-trends",
		Method:      http.MethodGet,
		Path:        "/v1/athletes/me/trends",
		Summary:     "The caller's running metrics over time",
		Description: "The coaching metrics of the caller's successful running analyses of one view (only the API key's own analyses), oldest first: per metric the values, status against the personalised band, the least-squares slope per analysis and `change` (improved/worse/unchanged by band score, `not_judged` without a band). Unknown metric id → 400 `unknown_metric`.",
		Tags:        []string{"History"},
		Errors:      []int{400, 401, 422},
	}, s.getTrends)

	huma.Register(s.api, huma.Operation{
		OperationID: "compare-analyses",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/compare",
		Summary:     "Before/after comparison of two analyses",
		Description: "Both analyses must belong to the caller (another key's or an unknown id → 404 `not_found`), have succeeded (400 `not_completed`), be running analyses with coaching data (404 `not_available`) of the same view (400 `different_views`) and differ (400 `same_analysis`). Answers both analyses' scores and findings and, per metric, a, b, delta = b − a and the change judged by the band score.",
		Tags:        []string{"History"},
		Errors:      []int{400, 401, 404, 422},
	}, s.compareAnalyses)
}

func (s *Server) getTrends(ctx context.Context, in *trendsInput) (*trendsOutput, error) {
	var want []string
	if in.Metrics != "" {
		for _, id := range strings.Split(in.Metrics, ",") {
			id = strings.TrimSpace(id)
			d, ok := coaching.DefOf(id)
			if !ok || !slices.Contains(d.Views, in.View) {
				return nil, NewError(http.StatusBadRequest, "unknown_metric", "no "+in.View+"-view coaching metric "+id+" (see docs/metrics.md)")
			}
			want = append(want, id)
		}
	}
	limit := in.Limit
	if limit == 0 {
		limit = 50
	}
	view := in.View
	if view == "" {
		view = coaching.Side
	}
	keyID := keyFrom(ctx).ID
	out := &trendsOutput{}
	out.Body.View = view
	out.Body.Analyses = []trendPoint{}
	points := map[string][]coaching.Point{}
	// Newest first from the store, a page at a time, until limit
	// analyses of the view are read.
	var used []trendPoint
	var reports []*coaching.Report
	for offset := 0; len(used) < limit && offset < maxTrendAnalyses; offset += 50 {
		page, total, err := s.meta.Analyses(ctx, keyID, 50, offset)
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			if len(used) == limit {
				out.Body.Truncated = true
				break
			}
			c := s.coachingOf(ctx, &a)
			if c == nil || c.View != view {
				continue
			}
			used = append(used, trendPoint{AnalysisID: a.ID, CreatedAt: a.CreatedAt, TotalScore: c.TotalScore})
			reports = append(reports, c)
		}
		if offset+50 >= total {
			break
		}
	}
	// Oldest first.
	for i := len(used) - 1; i >= 0; i-- {
		out.Body.Analyses = append(out.Body.Analyses, used[i])
		for _, m := range reports[i].Metrics {
			if m.Value == nil || (want != nil && !slices.Contains(want, m.ID)) {
				continue
			}
			points[m.ID] = append(points[m.ID], coaching.Point{AnalysisID: used[i].AnalysisID, CreatedAt: used[i].CreatedAt, Value: *m.Value, Status: m.Status, Score: m.Score})
		}
	}
	out.Body.Metrics = coaching.Trends(points)
	return out, nil
}

// coachingOf reads an analysis's coaching report; nil when it has none
// (not finished, not running, or analysed before the coaching layer).
func (s *Server) coachingOf(ctx context.Context, a *store.Analysis) *coaching.Report {
	if a.Status != store.Success || a.Calculated == "" {
		return nil
	}
	r, err := s.calculated(ctx, a)
	if err != nil || r.Coaching == nil {
		return nil
	}
	return r.Coaching
}

func (s *Server) compareAnalyses(ctx context.Context, in *compareInput) (*compareOutput, error) {
	if in.A == in.B {
		return nil, NewError(http.StatusBadRequest, "same_analysis", "a and b are the same analysis; compare two different ones")
	}
	var sides [2]comparedAnalysis
	var reps [2]*coaching.Report
	for i, id := range []string{in.A, in.B} {
		a, err := s.analysis(ctx, id) // 404 unless the caller's own
		if err != nil {
			return nil, err
		}
		if a.Status != store.Success {
			return nil, NewError(http.StatusBadRequest, "not_completed", "analysis "+id+" is "+a.Status+"; compare finished analyses")
		}
		c := s.coachingOf(ctx, a)
		if c == nil {
			return nil, NewError(http.StatusNotFound, "not_available", "analysis "+id+" has no coaching data (not a running analysis, a run in which no step was found, or analysed before coaching existed)")
		}
		reps[i] = c
		sides[i] = comparedAnalysis{ID: a.ID, CreatedAt: a.CreatedAt, Filename: a.Filename, View: c.View, TotalScore: c.TotalScore, Profile: c.Profile, Findings: c.Findings, Gait: c.Gait}
	}
	if reps[0].View != reps[1].View {
		return nil, NewError(http.StatusBadRequest, "different_views", "a is a "+reps[0].View+" view and b a "+reps[1].View+" view; compare analyses of the same view")
	}
	out := &compareOutput{}
	out.Body.A, out.Body.B = sides[0], sides[1]
	if a, b := sides[0].TotalScore, sides[1].TotalScore; a != nil && b != nil {
		d := math.Round((*b-*a)*100) / 100
		out.Body.TotalScoreDelta = &d
	}
	out.Body.Metrics = coaching.Compare(reps[0], reps[1])
	return out, nil
}
