package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/charts"
	"motionlab/server/store"
	"motionlab/shared/advice"
	"motionlab/shared/analysis"
	"motionlab/shared/lift"
)

type liftAnalysisInput struct {
	ID       string `path:"id" pattern:"^[0-9a-f]{32}$" doc:"session id (the analysis id)"`
	Language string `query:"language" enum:"en,fr,de,zh,ko,pt,es,it,ja" doc:"language of the recommendations (default: the analysis's)"`
}

// LiftImage is one analysis plot.
type LiftImage struct {
	Name    string `json:"name" example:"bar_path"`
	Title   string `json:"title"`
	DataURL string `json:"data_url" doc:"the plot as a base64 PNG data URL"`
}

type liftAnalysisOutput struct {
	Status int
	Body   struct {
		SessionID       string                  `json:"session_id"`
		Status          string                  `json:"status"`
		Exercise        string                  `json:"exercise,omitempty"`
		Language        string                  `json:"language,omitempty"`
		RepCount        int                     `json:"rep_count"`
		Outcome         *analysis.Outcome       `json:"outcome,omitempty" doc:"once finished: how many repetitions were found and, when none, why (reason) in a sentence (message, in language); no recommendation then"`
		Reps            []lift.Rep              `json:"reps,omitempty"`
		Images          []LiftImage             `json:"images,omitempty"`
		Recommendations []advice.Recommendation `json:"recommendations,omitempty"`
	}
}

func (s *Server) registerLiftAnalysis() {
	huma.Register(s.api, huma.Operation{
		OperationID: "weightlifting-lift-analysis",
		Method:      http.MethodGet,
		Path:        "/weightlifting/sessions/{id}/lift-analysis/",
		Summary:     "Lift analysis images and recommendations",
		Description: "For a finished lift: the repetitions, plots as PNG data URLs (`bar_path`: the wrists' path side on; `joint_angles`: knee and hip flexion over time with each repetition's bottom marked) and recommendations in `language`. 202 with `status` while the analysis runs; failed: 400; not a lift session: 404.",
		Tags:        []string{"Sessions"},
		Errors:      []int{400, 401, 404},
	}, s.liftAnalysis)
}

func (s *Server) liftAnalysis(ctx context.Context, in *liftAnalysisInput) (*liftAnalysisOutput, error) {
	a, _, err := s.sessionOf(ctx, "weightlifting", in.ID)
	if err != nil {
		return nil, err
	}
	out := &liftAnalysisOutput{Status: http.StatusOK}
	b := &out.Body
	b.SessionID, b.Status = a.ID, a.Status
	if a.Status != store.Success {
		out.Status = http.StatusAccepted
		return out, nil
	}
	calc, err := s.calculated(ctx, a)
	if err != nil {
		return nil, err
	}
	if calc.Lift == nil {
		return nil, NewError(http.StatusNotFound, "not_available", "this session holds no lift analysis")
	}
	l := calc.Lift
	b.Exercise, b.RepCount, b.Reps, b.Recommendations = string(l.Exercise), l.Count, l.Reps, l.Recommendations
	o := calc.Outcome
	o.Count = calc.Found()
	b.Outcome = &o
	if !calc.Judged() {
		// No repetition: nothing to advise (never "good lift"); the
		// reason's sentence in the language asked for.
		b.Recommendations = nil
		if in.Language != "" && o.Reason != "" {
			if !advice.Supported(in.Language) {
				return nil, NewError(http.StatusUnprocessableEntity, "invalid_input", fmt.Sprintf("unsupported language %q", in.Language))
			}
			o.Message, b.Language = advice.Label(in.Language, "reason."+o.Reason), in.Language
			b.Outcome = &o
		}
	} else if in.Language != "" {
		var fs []advice.Finding
		for _, f := range l.Findings {
			fs = append(fs, advice.Finding{Key: advice.Key(f.Key), Severity: f.Severity})
		}
		if b.Recommendations, err = advice.RecommendFor("lift", in.Language, fs, 5); err != nil {
			return nil, NewError(http.StatusUnprocessableEntity, "invalid_input", err.Error())
		}
		b.Language = in.Language
	}
	dataURL := func(png []byte) string { return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png) }
	if png, err := charts.BarPath(l.Result); err == nil {
		b.Images = append(b.Images, LiftImage{Name: "bar_path", Title: "Bar path (wrists), side on", DataURL: dataURL(png)})
	}
	if a.Track != "" {
		tr, err := s.track(ctx, a)
		if err != nil {
			return nil, err
		}
		angles, err := s.angles(ctx, a, len(tr.Frames))
		if err != nil {
			return nil, err
		}
		var series []charts.Series
		for _, j := range []struct {
			key, name string
			left      bool
		}{{"left_knee", "left knee", true}, {"right_knee", "right knee", false}, {"left_hip", "left hip", true}, {"right_hip", "right hip", false}} {
			sr := charts.Series{Name: j.name, Left: j.left}
			for i, m := range angles {
				if v, ok := m[j.key]; ok {
					sr.T, sr.Deg = append(sr.T, float64(i)/tr.FPS), append(sr.Deg, v)
				}
			}
			series = append(series, sr)
		}
		var bottoms []float64
		for _, r := range l.Reps {
			bottoms = append(bottoms, float64(r.BottomFrame)/tr.FPS)
		}
		if png, err := charts.Angles(fmt.Sprintf("%s: knee and hip flexion", l.Exercise), series, bottoms); err == nil {
			b.Images = append(b.Images, LiftImage{Name: "joint_angles", Title: "Knee and hip flexion over time", DataURL: dataURL(png)})
		}
	}
	return out, nil
}
