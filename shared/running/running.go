// Package running turns a cleaned keypoint track of a runner into the
// running analysis of seed 002: the side view's metrics, overstride, foot
// landing, joint angles and running style, or the back view's frontal-plane
// gait cycle. It measures; shared/coaching judges (scores, findings and
// recommendations). Pure Go: the browser and the server compute the
// same numbers from the same keypoints.
package running

import (
	"errors"
	"fmt"

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
	// TotalScore, Scores and Recommendations are the coaching layer's
	// (shared/coaching, filled in by shared/analysis): the running
	// analysis measures, coaching judges. TotalScore is in [0,1]; Scores
	// are its components by metric id, each in [0,1]; Recommendations are
	// the coaching findings as advice in the request's language (none for
	// a walk). TotalScore is null when nothing was scored: an analysis
	// that found no step to judge (shared/analysis's Outcome says why).
	TotalScore      *float64                `json:"total_score"`
	Scores          map[string]float64      `json:"scores"`
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
	switch analysisType {
	case SideViewType, "":
		r.AnalysisType = SideViewType
		v, err := Side(frames, o)
		if err != nil {
			return nil, err
		}
		v.FootLanding.Label = advice.Label(lang, v.FootLanding.Dominant)
		v.RunningStyles.Label = advice.Label(lang, v.RunningStyles.Style)
		r.SideView = v
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
		b, err := Back(frames, o)
		if err != nil {
			return nil, err
		}
		r.BackView = b
	default:
		return nil, fmt.Errorf("unknown analysis type %q", analysisType)
	}
	return r, nil
}

// Back analyses a cleaned back-view track.
func Back(frames []*pose.Person, o Options) (*BackView, error) {
	res := frontal.Analyze(frames, frontal.Options{FPS: o.FPS, FullBody: o.FullBody, MinVisibility: o.minVis()})
	if len(res.Steps) == 0 {
		return nil, ErrNoSteps
	}
	return &BackView{GaitCycle: res.GaitCycle, Steps: res.Steps, Cadence: stats.Round(res.Cadence, 1), Mirrored: res.Mirrored}, nil
}
