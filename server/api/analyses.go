package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/server/video"
	"motionlab/server/webhook"
	"motionlab/shared/analysis"
	"motionlab/shared/jump"
	"motionlab/shared/running"
	"motionlab/shared/upload"
)

// documentParams completes the API document's description of the
// parameters. Their defaults (analysis.Defaults) are not `default` tags,
// which Huma would also apply, so that the handlers, the CLI and the web
// app share one set: they are written into the schemas that hold the
// parameters here. And Huma describes a multipart form's embedded struct
// as one field; the upload form's fields are the parameters themselves.
func (s *Server) documentParams() {
	doc := s.api.OpenAPI()
	reg := doc.Components.Schemas
	for _, name := range []string{"AnalysisParams", "BrowserAnalysisInputBody"} {
		sc := reg.Map()[name]
		if sc == nil {
			panic("document the parameters: no schema " + name)
		}
		for param, v := range analysis.DefaultValues() {
			sc.Properties[param].Default = v
		}
	}
	form := doc.Paths["/v1/analyses"].Post.RequestBody.Content["multipart/form-data"]
	params := reg.Map()["AnalysisParams"]
	delete(form.Schema.Properties, "Params")
	delete(form.Encoding, "Params")
	form.Schema.Required = slices.DeleteFunc(form.Schema.Required, func(n string) bool { return n == "Params" })
	for name, p := range params.Properties {
		form.Schema.Properties[name] = p
		form.Encoding[name] = &huma.Encoding{ContentType: "text/plain"}
	}
}

// storedParams reads the parameters stored with an analysis; ok is false,
// and p empty, where they cannot be read (an older version stored "" for
// NaN heights): readers answer without them rather than fail.
func storedParams(a *store.Analysis) (p analysis.Params, ok bool) {
	return p, json.Unmarshal(a.Params, &p) == nil
}

// checkParams refuses what the schema cannot: numbers that are not finite
// (Huma's minimum and maximum let NaN through, since every comparison
// with NaN is false, and NaN cannot even be stored as JSON) and a pace the
// analysis would refuse after the credit is spent. where is the input's
// location, "form" or "body".
func checkParams(p *analysis.Params, where string) error {
	var details []error
	for _, f := range []struct {
		name string
		v    float64
	}{{"height", p.Height}, {"weight", p.Weight}, {"leg_length", p.LegLength}, {"calibration_x1", p.CalibrationX1},
		{"calibration_y1", p.CalibrationY1}, {"calibration_x2", p.CalibrationX2}, {"calibration_y2", p.CalibrationY2}, {"calibration_m", p.CalibrationM}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			details = append(details, &huma.ErrorDetail{Message: "expected a finite number", Location: where + "." + f.name, Value: fmt.Sprint(f.v)})
		}
	}
	if p.Pace != "" {
		if _, err := running.ParsePace(p.Pace); err != nil {
			details = append(details, &huma.ErrorDetail{Message: "expected a pace from 2:00 to 20:00 per km (MM:SS)", Location: where + ".pace", Value: p.Pace})
		}
	}
	if len(details) == 0 {
		if err := p.CheckCalibration(0, 0); err != nil {
			return NewError(http.StatusUnprocessableEntity, "invalid_calibration", err.Error())
		}
		return nil
	}
	e := huma.NewError(http.StatusUnprocessableEntity, "validation failed", details...).(*Error)
	e.Code = "invalid_input"
	return e
}

type createAnalysisInput struct {
	RawBody huma.MultipartFormFiles[struct {
		Video huma.FormFile `form:"video" required:"true" doc:"the video: MP4, MOV, AVI or WebM, ≤ 30 MB, ≤ 10 s"`
		analysis.Params
	}]
}

type analysisStatus struct {
	ID         string    `json:"id" example:"5f0c6a1e9b2d4c7f8a3e1d2c4b6a8f90" doc:"analysis id"`
	Status     string    `json:"status" enum:"pending,analyzing,success,failed" example:"pending"`
	Percentage float64   `json:"percentage" example:"0" doc:"progress of the analysis, 0–100"`
	CreatedAt  time.Time `json:"created_at" example:"2026-11-24T13:18:30Z"`
	Error      string    `json:"error,omitempty" doc:"why a failed analysis failed"`
	Filename   string    `json:"filename,omitempty" doc:"the uploaded file's name"`
}

type createAnalysisOutput struct {
	Status int
	Body   analysisStatus
}

func (s *Server) registerAnalyses() {
	huma.Register(s.api, huma.Operation{
		OperationID:   "create-analysis",
		Method:        http.MethodPost,
		Path:          "/v1/analyses",
		Summary:       "Upload a video for analysis",
		Description:   "Stores the video and queues its analysis; answers 202 with the analysis id. Limits: 30 MB (413 `file_too_large`), 10 s (400 `video_too_long`), MP4/MOV/AVI/WebM (400 `invalid_file_type`), decodable (422 `invalid_video`). `treadmill=true` needs `pace` (400 `pace_required`); `activity=jump` needs `height` (400 `jump_analysis_missing_height`). A calibration line (`calibration_x1`, `calibration_y1`, `calibration_x2`, `calibration_y2` in source-video pixels and `calibration_m` in metres) sets the scale instead of the height: finite, both points inside the frame and distinct, length over 0, running or sprint (422 `invalid_calibration`). No credits left: 402 `insufficient_credits`. Queue full: 429 with Retry-After.",
		Tags:          []string{"Analyses"},
		DefaultStatus: http.StatusAccepted,
		MaxBodyBytes:  -1,
		Errors:        []int{400, 401, 402, 413, 422, 429, 503},
	}, s.createAnalysis)

	huma.Register(s.api, huma.Operation{
		OperationID: "get-analysis-results",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/{id}/results",
		Summary:     "Status and results of an analysis",
		Description: "Poll every 3–5 s (or follow `/v1/analyses/{id}/events`).\n\n| status | HTTP | meaning |\n|---|---|---|\n| pending | 200 | queued, waiting for a processing slot |\n| analyzing | 202 | processing; `percentage` shows progress |\n| success | 200 | complete: signed `video_url`, `thumbnail_url`, `raw_data_url` and `biomechanical_analysis` |\n| failed | 400 | could not be completed; `detail` says why |\n\nUnknown id (or another key's) → 404.",
		Tags:        []string{"Analyses"},
		Errors:      []int{400, 401, 404},
	}, s.getResults)

	huma.Register(s.api, huma.Operation{
		OperationID: "get-analysis-raw-data",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/{id}/results/raw_data",
		Summary:     "Frame-by-frame landmarks",
		Description: "`video_input_information` (width, height, fps, duration, frames), `frames` keyed by frame number, each a map of landmark name → x, y (source pixels), z, visibility, or null where the athlete is not seen, and `angles` keyed the same way: sagittal joint angles in degrees (`left_knee`, `right_hip`, …, `trunk_lean`). 400 `not_completed` before success.",
		Tags:        []string{"Analyses"},
		Errors:      []int{400, 401, 404},
	}, s.getRawData)

	huma.Register(s.api, huma.Operation{
		OperationID: "get-analysis-calculated-data",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/{id}/results/calculated_data",
		Summary:     "Calculated metrics, scores and recommendations",
		Description: "Side view: `metrics` (speed, pace, cadence, step length, contact and flight time, duty factor, vertical oscillation, trunk lean, per-step list), `overstride` (angle and 0–1 score per step), `foot_landing` (rearfoot/midfoot/forefoot per step), `joint_angles` (ankle, knee, hip, shoulder, elbow per side at contact, midstance, toe-off, and range), `running_styles` (style with confidence %), `total_score` and `scores`. Back view: `gait_cycle` (stance means per leg of pelvic drop, hip adduction, knee adduction, pronation; pronation only when full_body=false) and `steps`. Both: `coaching` (every coaching metric with unit, views, confidence, its band personalised to height, sex, leg length and speed, left/right asymmetry, at most three findings with explanation, cue and drill), `total_score` (derived from the bands) and `recommendations` (the coaching findings) in the request's language. Definitions: docs/metrics.md. 400 `not_completed` before success; 404 `not_available` for activities without calculated data.",
		Tags:        []string{"Analyses"},
		Errors:      []int{400, 401, 404},
	}, s.getCalculatedData)

	huma.Register(s.api, huma.Operation{
		OperationID:   "delete-analysis",
		Method:        http.MethodDelete,
		Path:          "/v1/analyses/{id}",
		Summary:       "Delete a finished analysis with its video and results",
		Description:   "204 when deleted. 409 `analysis_running` while it is pending or analyzing; unknown (or another key's) id → 404.",
		Tags:          []string{"Analyses"},
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{401, 404, 409},
	}, s.deleteAnalysis)

	huma.Register(s.api, huma.Operation{
		OperationID: "list-analyses",
		Method:      http.MethodGet,
		Path:        "/v1/analyses",
		Summary:     "The caller's analyses, newest first",
		Tags:        []string{"Analyses"},
		Errors:      []int{401},
	}, s.listAnalyses)
}

func (s *Server) createAnalysis(ctx context.Context, in *createAnalysisInput) (*createAnalysisOutput, error) {
	if !s.ready.Load() {
		return nil, NewError(http.StatusServiceUnavailable, "not_ready", "models are loading; retry shortly")
	}
	form := in.RawBody.Data()
	sent := in.RawBody.Form.Value
	// A jump's height from the hips needs the athlete's real height, not
	// the default (seed 003's jump_analysis_missing_height).
	if form.Activity == analysis.Jump && len(sent["height"]) == 0 {
		return nil, NewError(http.StatusBadRequest, jump.ErrMissingHeight, "activity=jump needs the athlete's height (cm)")
	}
	// Huma applies no defaults to multipart forms.
	p := form.Params.WithDefaults(func(name string) bool { return len(sent[name]) > 0 && sent[name][0] != "" })
	if err := checkParams(&p, "form"); err != nil {
		return nil, err
	}
	if err := s.checkCallback(p.CallbackURL); err != nil {
		return nil, err
	}
	if p.Treadmill && p.Pace == "" {
		return nil, NewError(http.StatusBadRequest, upload.CodePaceRequired, upload.PaceRequired)
	}
	ext := strings.ToLower(filepath.Ext(form.Video.Filename))
	if !upload.Extensions[ext] {
		return nil, NewError(http.StatusBadRequest, upload.CodeBadType, upload.BadType(ext))
	}
	if form.Video.Size == 0 {
		return nil, NewError(http.StatusBadRequest, "empty_file", "the uploaded file is empty")
	}
	params, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode params: %w", err)
	}
	name, _, err := s.files.Put(form.Video, ext)
	if err != nil {
		return nil, err
	}
	keep := false
	defer func() {
		if !keep {
			s.files.Remove(name)
		}
	}()
	info, err := s.probe(ctx, name, video.AnalysisLimits)
	if err != nil {
		return nil, err
	}
	if info.Duration > upload.MaxSeconds+0.5/info.FPS {
		return nil, NewError(http.StatusBadRequest, upload.CodeTooLong, upload.TooLong(info.Duration))
	}
	if err := p.CheckCalibration(info.Width, info.Height); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_calibration", err.Error())
	}
	a := &store.Analysis{ID: store.NewID(), KeyID: keyFrom(ctx).ID, Params: params, Video: name, Filename: filepath.Base(form.Video.Filename)}
	if err := s.queue.Submit(ctx, a); err != nil {
		return nil, submitError(err)
	}
	keep = true
	return &createAnalysisOutput{Status: http.StatusAccepted, Body: analysisStatus{ID: a.ID, Status: a.Status, CreatedAt: a.CreatedAt}}, nil
}

// probe opens a stored upload as a video within lim, without decoding
// more than its first frame: 422 invalid_video when nothing decodes it,
// 422 with the limit's code when its declared frame size or rate is over.
func (s *Server) probe(ctx context.Context, name string, lim video.Limits) (video.Info, error) {
	path, err := s.files.Path(ctx, name)
	if err != nil {
		return video.Info{}, err
	}
	r, err := video.OpenLimited(path, lim)
	var le *video.LimitError
	switch {
	case errors.As(err, &le):
		return video.Info{}, NewError(http.StatusUnprocessableEntity, le.Code, le.Message)
	case errors.Is(err, video.ErrUnreadable):
		return video.Info{}, NewError(http.StatusUnprocessableEntity, "invalid_video", err.Error())
	case err != nil:
		return video.Info{}, err
	}
	info := r.Info()
	r.Close()
	return info, nil
}

// submitError answers a refused submission.
func submitError(err error) error {
	switch {
	case errors.Is(err, store.ErrNoCredits):
		return NewError(http.StatusPaymentRequired, "insufficient_credits", "this API key has no credits left")
	case errors.Is(err, store.ErrQueueFull):
		e := NewError(http.StatusTooManyRequests, "queue_full", "the analysis queue is full; retry later")
		e.headers = http.Header{"Retry-After": []string{"10"}}
		return e
	case errors.Is(err, store.ErrKeyQueueFull):
		e := NewError(http.StatusTooManyRequests, "key_queue_full", "this API key already has the most analyses waiting that one key may have; retry when some have finished")
		e.headers = http.Header{"Retry-After": []string{"10"}}
		return e
	}
	return err
}

// checkCallback refuses a callback URL that is not absolute http(s), or
// whose host is a non-public address (unless private webhooks are allowed).
func (s *Server) checkCallback(raw string) error {
	if err := store.CheckCallbackURL(raw); err != nil {
		return NewError(http.StatusUnprocessableEntity, "invalid_callback_url", err.Error())
	}
	if raw != "" && !s.cfg.AllowPrivateWebhooks {
		if err := webhook.CheckHost(raw); err != nil {
			return NewError(http.StatusUnprocessableEntity, "invalid_callback_url", "webhooks are only delivered to public addresses: "+err.Error())
		}
	}
	return nil
}

type idInput struct {
	ID string `path:"id" pattern:"^[0-9a-f]{32}$" doc:"analysis id"`
}

type resultsOutput struct {
	Status int
	Body   analysis.Results
}

func (s *Server) analysis(ctx context.Context, id string) (*store.Analysis, error) {
	a, err := s.meta.Analysis(ctx, keyFrom(ctx).ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, NewError(http.StatusNotFound, "not_found", "no analysis "+id)
	}
	return a, err
}

func (s *Server) getResults(ctx context.Context, in *idInput) (*resultsOutput, error) {
	a, err := s.analysis(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &resultsOutput{Status: http.StatusOK, Body: analysis.Results{ID: a.ID, Status: a.Status, Percentage: a.Percentage,
		CreatedAt: a.CreatedAt, Filename: a.Filename, Source: a.Source}}
	if p, ok := storedParams(a); ok {
		out.Body.Params = &p
	}
	switch a.Status {
	case store.Analyzing:
		out.Status = http.StatusAccepted
	case store.Failed:
		return nil, failedAnalysis(a.Error, a.Reason)
	case store.Success:
		if err := s.successLinks(ctx, &out.Body, a); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// successLinks fills a finished analysis's links and calculated_data.
func (s *Server) successLinks(ctx context.Context, b *analysis.Results, a *store.Analysis) error {
	b.RawDataURL = "/v1/analyses/" + a.ID + "/results/raw_data"
	b.RawDataDownloadURL = s.mediaURL(a.Result)
	if a.Video != "" { // browser analyses keep no video
		b.VideoURL = s.mediaURL(a.Video)
	}
	if a.Thumbnail != "" {
		b.ThumbnailURL = s.mediaURL(a.Thumbnail)
	}
	if a.Annotated != "" {
		b.AnnotatedURL = s.mediaURL(a.Annotated)
	}
	if a.Calculated == "" {
		return nil
	}
	var err error
	b.Biomechanical, err = s.calculated(ctx, a)
	return err
}

// calculated reads an analysis's calculated_data blob.
func (s *Server) calculated(ctx context.Context, a *store.Analysis) (*analysis.Result, error) {
	f, err := s.files.Open(ctx, a.Calculated)
	if err != nil {
		return nil, fmt.Errorf("open calculated data of %s: %w", a.ID, err)
	}
	defer f.Close()
	var r analysis.Result
	if err := json.NewDecoder(f).Decode(&r); err != nil {
		return nil, fmt.Errorf("read calculated data of %s: %w", a.ID, err)
	}
	return &r, nil
}

type calculatedOutput struct {
	Body *analysis.Result
}

func (s *Server) getCalculatedData(ctx context.Context, in *idInput) (*calculatedOutput, error) {
	a, err := s.analysis(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if a.Status != store.Success {
		return nil, NewError(http.StatusBadRequest, "not_completed", fmt.Sprintf("the analysis is %s; calculated data exists once it succeeds", a.Status))
	}
	if a.Calculated == "" {
		p, _ := storedParams(a)
		return nil, NewError(http.StatusNotFound, "not_available", fmt.Sprintf("no calculated data for activity %q yet: use raw_data", p.Activity))
	}
	r, err := s.calculated(ctx, a)
	if err != nil {
		return nil, err
	}
	return &calculatedOutput{Body: r}, nil
}

func (s *Server) getRawData(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
	a, err := s.analysis(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if a.Status != store.Success {
		return nil, NewError(http.StatusBadRequest, "not_completed", fmt.Sprintf("the analysis is %s; raw data exists once it succeeds", a.Status))
	}
	f, err := s.files.Open(ctx, a.Result)
	if err != nil {
		return nil, fmt.Errorf("open result of %s: %w", a.ID, err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer f.Close()
		hc.SetHeader("Content-Type", "application/json")
		io.Copy(hc.BodyWriter(), f)
	}}, nil
}

type listInput struct {
	Page     int `query:"page" minimum:"1" maximum:"100000" default:"1" doc:"page number, 1–100000"`
	PageSize int `query:"page_size" minimum:"1" maximum:"100" default:"20"`
}

type listOutput struct {
	Body struct {
		Items    []analysisStatus `json:"items"`
		Total    int              `json:"total"`
		Page     int              `json:"page"`
		PageSize int              `json:"page_size"`
	}
}

func (s *Server) listAnalyses(ctx context.Context, in *listInput) (*listOutput, error) {
	items, total, err := s.meta.Analyses(ctx, keyFrom(ctx).ID, in.PageSize, (in.Page-1)*in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &listOutput{}
	out.Body.Items = []analysisStatus{}
	for _, a := range items {
		out.Body.Items = append(out.Body.Items, analysisStatus{ID: a.ID, Status: a.Status, Percentage: a.Percentage, CreatedAt: a.CreatedAt, Error: a.Error, Filename: a.Filename})
	}
	out.Body.Total, out.Body.Page, out.Body.PageSize = total, in.Page, in.PageSize
	return out, nil
}

func (s *Server) deleteAnalysis(ctx context.Context, in *idInput) (*struct{}, error) {
	blobs, err := s.meta.DeleteAnalysis(ctx, keyFrom(ctx).ID, in.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, NewError(http.StatusNotFound, "not_found", "no analysis "+in.ID)
	case errors.Is(err, store.ErrBusy):
		return nil, NewError(http.StatusConflict, "analysis_running", "the analysis is still running; delete it once it has finished")
	case err != nil:
		return nil, err
	}
	for _, b := range append(blobs, measurementsBlob(in.ID), timingBlob(in.ID)) {
		if err := s.files.Remove(b); err != nil && !errors.Is(err, fs.ErrNotExist) {
			slog.Warn("remove blob", "analysis", in.ID, "blob", b, "err", err)
		}
	}
	return nil, nil
}
