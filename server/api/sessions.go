package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/shared/analysis"
	"motionlab/shared/measure"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// Seed 001's session paths name an activity family; an analysis is a
// session of the family its activity belongs to.
var sessionFamilies = map[string][]string{
	"running":       {"running", "sprint"},
	"jumping":       {"jump"},
	"weightlifting": {"lift"},
}

type sessionInput struct {
	ID string `path:"id" pattern:"^[0-9a-f]{32}$" doc:"session id (the analysis id)"`
}

// SessionDate is seed 001's created_at.
type SessionDate struct {
	Date string `json:"date" example:"05/02/2025" doc:"MM/DD/YYYY, UTC"`
	Time string `json:"time" example:"06:00 PM" doc:"hh:mm AM/PM, UTC"`
}

type sessionBody struct {
	SessionID        string      `json:"session_id"`
	Activity         string      `json:"activity"`
	Status           string      `json:"status" enum:"pending,analyzing,success,failed"`
	Percentage       float64     `json:"percentage"`
	AnalyzedVideoURL *string     `json:"analyzed_video_url" doc:"signed link to the annotated video; null until rendered (GET /sessions/{id}/analyzed-video/ starts it)"`
	VideoURL         string      `json:"video_url" doc:"signed link to the original upload (expires in an hour)"`
	ThumbnailURL     string      `json:"thumbnail_url,omitempty"`
	CreatedAt        SessionDate `json:"created_at"`
	FPS              float64     `json:"fps,omitempty"`
	// Timestamps are each frame's time in seconds; Angles holds one series
	// per angle, aligned with them (null where the athlete is not seen).
	Timestamps []float64             `json:"timestamps,omitempty"`
	Angles     map[string][]*float64 `json:"angles,omitempty" doc:"per-frame joint angles in degrees (docs/metrics.md)"`
	Metrics    *analysis.Result      `json:"metrics,omitempty" doc:"the calculated data (as calculated_data)"`
	ExportURL  string                `json:"export_url,omitempty"`
}

type sessionOutput struct {
	Status int
	Body   sessionBody
}

func (s *Server) registerSessions() {
	for family := range sessionFamilies {
		huma.Register(s.api, huma.Operation{
			OperationID: "get-" + family + "-session",
			Method:      http.MethodGet,
			Path:        "/" + family + "/sessions/{id}/",
			Summary:     "A " + family + " session: video links, metrics, angles, timestamps",
			Description: "Seed 001's session details for an analysis whose activity is " + fmt.Sprint(sessionFamilies[family]) + ". While it is processing: 202 with `status` and `percentage`; failed: 400 with the reason; another family's or another key's session: 404.",
			Tags:        []string{"Sessions"},
			Errors:      []int{400, 401, 404},
		}, func(ctx context.Context, in *sessionInput) (*sessionOutput, error) {
			return s.session(ctx, family, in.ID)
		})
		huma.Register(s.api, huma.Operation{
			OperationID: "export-" + family + "-session",
			Method:      http.MethodGet,
			Path:        "/" + family + "/sessions/{id}/export/",
			Summary:     "Export a " + family + " session: keypoints, angles, timestamps, metrics",
			Description: "`format=json` (default): keypoints per frame (33 × x, y, score in pixels), angles, timestamps, metrics. `csv`: one row per frame (time, each keypoint's x/y/score, each angle). `trc`: OpenSim marker trajectories in metres (y up). `mot`: OpenSim joint angles in degrees. Compressed with zstd or gzip when the client accepts it. 400 `not_completed` before success.",
			Tags:        []string{"Sessions"},
			Errors:      []int{400, 401, 404},
		}, func(ctx context.Context, in *exportInput) (*huma.StreamResponse, error) {
			return s.export(ctx, family, in)
		})
	}
	for _, op := range []struct{ id, path string }{
		{"get-analyzed-video", "/sessions/{id}/analyzed-video/"},
		{"session-management-analyzed-video", "/session-management/sessions/{id}/analyzed-video/"},
	} {
		huma.Register(s.api, huma.Operation{
			OperationID: op.id,
			Method:      http.MethodGet,
			Path:        op.path,
			Summary:     "The annotated video's URL, or start making it",
			Description: "200 with `analyzed_video_url` when the annotated video exists. Otherwise 202 with `status`: `processing` once its rendering is queued (the analysis succeeded), or the analysis's own status while it runs. A failed analysis: 400. An analysis the browser ran has no video on the server: 409 `no_video`.",
			Tags:        []string{"Sessions"},
			Errors:      []int{400, 401, 404, 409},
		}, s.analyzedVideo)
	}
}

// sessionOf loads a session of the given family owned by the caller.
func (s *Server) sessionOf(ctx context.Context, family, id string) (*store.Analysis, string, error) {
	a, err := s.analysis(ctx, id)
	if err != nil {
		return nil, "", err
	}
	p, _ := storedParams(a)
	if family != "" {
		ok := false
		for _, act := range sessionFamilies[family] {
			ok = ok || act == p.Activity
		}
		if !ok {
			return nil, "", NewError(http.StatusNotFound, "not_found", fmt.Sprintf("no %s session %s", family, id))
		}
	}
	if a.Status == store.Failed {
		return nil, "", failedAnalysis(a.Error, a.Reason)
	}
	return a, p.Activity, nil
}

func (s *Server) session(ctx context.Context, family, id string) (*sessionOutput, error) {
	a, activity, err := s.sessionOf(ctx, family, id)
	if err != nil {
		return nil, err
	}
	out := &sessionOutput{Status: http.StatusOK}
	b := &out.Body
	b.SessionID, b.Activity, b.Status, b.Percentage = a.ID, activity, a.Status, a.Percentage
	if a.Video != "" { // browser analyses keep no video
		b.VideoURL = s.mediaURL(a.Video)
	}
	c := a.CreatedAt.UTC()
	b.CreatedAt = SessionDate{Date: c.Format("01/02/2006"), Time: c.Format("03:04 PM")}
	if a.Status != store.Success {
		out.Status = http.StatusAccepted
		return out, nil
	}
	if a.Thumbnail != "" {
		b.ThumbnailURL = s.mediaURL(a.Thumbnail)
	}
	if a.Annotated != "" {
		u := s.mediaURL(a.Annotated)
		b.AnalyzedVideoURL = &u
	}
	if a.Calculated != "" {
		if b.Metrics, err = s.calculated(ctx, a); err != nil {
			return nil, err
		}
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
		b.FPS, b.Timestamps, b.Angles = tr.FPS, timestamps(tr), angleSeries(angles)
	}
	b.ExportURL = "/" + family + "/sessions/" + a.ID + "/export/"
	return out, nil
}

// track reads an analysis's cleaned track.
func (s *Server) track(ctx context.Context, a *store.Analysis) (*track.Track, error) {
	f, err := s.files.Open(ctx, a.Track)
	if err != nil {
		return nil, fmt.Errorf("open track of %s: %w", a.ID, err)
	}
	defer f.Close()
	var t track.Track
	if err := json.NewDecoder(f).Decode(&t); err != nil {
		return nil, fmt.Errorf("read track of %s: %w", a.ID, err)
	}
	return &t, nil
}

// angles reads the joint angles an analysis measured and stored in its
// raw_data, one map per frame of its track of frames frames (nil where
// the athlete is not seen): readers show them rather than measure again.
func (s *Server) angles(ctx context.Context, a *store.Analysis, frames int) ([]map[string]float64, error) {
	out := make([]map[string]float64, frames)
	if a.Result == "" {
		return out, nil
	}
	f, err := s.files.Open(ctx, a.Result)
	if err != nil {
		return nil, fmt.Errorf("open raw_data of %s: %w", a.ID, err)
	}
	defer f.Close()
	var raw struct { // raw_data without the keypoints, which the track holds
		Info   analysis.VideoInfo            `json:"video_input_information"`
		Angles map[string]map[string]float64 `json:"angles"`
	}
	if err := json.NewDecoder(f).Decode(&raw); err != nil {
		return nil, fmt.Errorf("read raw_data of %s: %w", a.ID, err)
	}
	copy(out, analysis.RawData{Info: raw.Info, Angles: raw.Angles}.FrameAngles())
	return out, nil
}

func timestamps(t *track.Track) []float64 {
	ts := make([]float64, len(t.Frames))
	for i := range ts {
		ts[i] = math.Round(float64(i)/t.FPS*1e4) / 1e4
	}
	return ts
}

// angleSeries turns per-frame angle maps into one series per angle.
func angleSeries(frames []map[string]float64) map[string][]*float64 {
	out := map[string][]*float64{}
	for i, m := range frames {
		for k, v := range m {
			if out[k] == nil {
				out[k] = make([]*float64, len(frames))
			}
			out[k][i] = &v
		}
	}
	return out
}

type analyzedVideoOutput struct {
	Status int
	Body   struct {
		SessionID        string `json:"session_id"`
		Status           string `json:"status" enum:"ready,processing,pending,analyzing" doc:"ready: the URL is set; processing: rendering is queued; pending/analyzing: the analysis itself is not done"`
		AnalyzedVideoURL string `json:"analyzed_video_url,omitempty"`
	}
}

func (s *Server) analyzedVideo(ctx context.Context, in *sessionInput) (*analyzedVideoOutput, error) {
	a, _, err := s.sessionOf(ctx, "", in.ID)
	if err != nil {
		return nil, err
	}
	out := &analyzedVideoOutput{Status: http.StatusAccepted}
	out.Body.SessionID = a.ID
	switch {
	case a.Annotated != "":
		out.Status, out.Body.Status, out.Body.AnalyzedVideoURL = http.StatusOK, "ready", s.mediaURL(a.Annotated)
	case a.Video == "":
		return nil, NewError(http.StatusConflict, "no_video", "this analysis ran in the browser: the server has its keypoints but no video to annotate")
	case a.Status == store.Success:
		// Normally queued with the analysis; ask again in case that job
		// was lost or failed (unique while queued, so this is cheap).
		if err := s.queue.RequestRender(ctx, a.ID); err != nil {
			return nil, fmt.Errorf("queue render of %s: %w", a.ID, err)
		}
		out.Body.Status = "processing"
	default:
		out.Body.Status = a.Status
	}
	return out, nil
}

type exportInput struct {
	ID     string `path:"id" pattern:"^[0-9a-f]{32}$" doc:"session id (the analysis id)"`
	Format string `query:"format" enum:"json,csv,trc,mot" default:"json" doc:"json, csv, trc (OpenSim markers, metres) or mot (OpenSim joint angles)"`
}

// exportJSON is the JSON export.
type exportJSON struct {
	SessionID  string                `json:"session_id"`
	Activity   string                `json:"activity"`
	FPS        float64               `json:"fps"`
	Layout     []string              `json:"layout"`
	Timestamps []float64             `json:"timestamps"`
	Keypoints  [][][3]float32        `json:"keypoints" doc:"per frame, 33 × [x, y, score] in pixels; null where the athlete is not seen"`
	Angles     map[string][]*float64 `json:"angles"`
	Metrics    *analysis.Result      `json:"metrics,omitempty"`
	// Measurements are the measure tool's distances and angles.
	Measurements []measure.Measurement `json:"measurements"`
	Exported     time.Time             `json:"exported_at"`
}

func (s *Server) exportData(ctx context.Context, family, id string) (*store.Analysis, string, *track.Track, error) {
	a, activity, err := s.sessionOf(ctx, family, id)
	if err != nil {
		return nil, "", nil, err
	}
	if a.Status != store.Success {
		return nil, "", nil, NewError(http.StatusBadRequest, "not_completed", fmt.Sprintf("the session is %s; exports exist once it succeeds", a.Status))
	}
	tr, err := s.track(ctx, a)
	if err != nil {
		return nil, "", nil, err
	}
	return a, activity, tr, nil
}

func keypointRows(frames []*pose.Person) [][][3]float32 {
	out := make([][][3]float32, len(frames))
	for i, p := range frames {
		if p == nil {
			continue
		}
		row := make([][3]float32, len(p.Keypoints))
		for j, k := range p.Keypoints {
			row[j] = [3]float32{k.X, k.Y, k.Visibility}
		}
		out[i] = row
	}
	return out
}
