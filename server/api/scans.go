package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/server/video"
	"motionlab/shared/analysis"
	"motionlab/shared/upload"
)

// maxScanBytes caps a vitals video (seed 004: 100 MB).
const maxScanBytes = 100 << 20

type scanCreateOutput struct {
	Status int
	Body   struct {
		SessionID string    `json:"session_id" example:"sess_20261124131830_a1b2c3"`
		CreatedAt time.Time `json:"created_at"`
		Owner     string    `json:"owner" doc:"the API key's id"`
		ExpiresAt time.Time `json:"expires_at" doc:"the session and its vitals are deleted after 24 h"`
	}
}

type scanInput struct {
	ID string `path:"id" pattern:"^sess_[0-9]{14}_[0-9a-f]{6}$" doc:"scan session id"`
}

type scanUploadInput struct {
	ID      string `path:"id" pattern:"^sess_[0-9]{14}_[0-9a-f]{6}$" doc:"scan session id"`
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true" doc:"the face video: MP4, WebM, MOV or AVI, ≤ 100 MB; 10–30 s, face still and well lit"`
	}]
}

type scanUploadOutput struct {
	Status int
	Body   struct {
		SessionID string `json:"session_id"`
		Status    string `json:"status" example:"processing"`
		Message   string `json:"message"`
	}
}

type vitalsOutput struct {
	Body struct {
		Status    string                 `json:"status" enum:"pending,processing,completed,failed"`
		SessionID string                 `json:"session_id"`
		Vitals    *analysis.VitalsResult `json:"vitals,omitempty"`
		Error     string                 `json:"error,omitempty"`
	}
}

func (s *Server) registerScans() {
	huma.Register(s.api, huma.Operation{
		OperationID:   "create-scan-session",
		Method:        http.MethodPost,
		Path:          "/v1/scan-session",
		Summary:       "Create a camera-vitals scan session",
		Description:   "Seed 004. Answers 201 with the session id; upload the face video to it next. Sessions expire after 24 h.",
		Tags:          []string{"Vitals"},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{401, 429},
	}, s.createScan)
	huma.Register(s.api, huma.Operation{
		OperationID:  "upload-scan-video",
		Method:       http.MethodPost,
		Path:         "/v1/scan-session/{id}/video",
		Summary:      "Upload the face video of a scan session",
		Description:  "Multipart field `file`. 202 `processing`. While the session's video is processed, another upload → 409 `scan_processing` (a re-upload after it ends replaces the video). Not MP4/WebM/MOV/AVI → 400 `invalid_file_type`; over 100 MB → 413 `file_too_large`; undecodable → 422 `invalid_video`; unknown or expired session → 404.",
		Tags:         []string{"Vitals"},
		MaxBodyBytes: -1, // the upload middleware enforces the limit
		Errors:       []int{400, 401, 404, 409, 413, 422, 429},
	}, s.uploadScan)
	huma.Register(s.api, huma.Operation{
		OperationID: "get-scan-vitals",
		Method:      http.MethodGet,
		Path:        "/v1/scan-session/{id}/vitals",
		Summary:     "Vital signs of a scan session",
		Description: "Always 200: `pending` (no video yet), `processing`, `completed` with `vitals` (heart_rate bpm, respiratory_rate /min, hrv RMSSD ms, blood_pressure null, confidence 0–1, timestamp, processing_time_ms, signal_quality {snr dB, stability, periodicity}), or `failed` with `error` (e.g. \"No face detected in video\"). Unknown or expired session → 404.",
		Tags:        []string{"Vitals"},
		Errors:      []int{401, 404},
	}, s.getVitals)
}

func (s *Server) createScan(ctx context.Context, _ *struct{}) (*scanCreateOutput, error) {
	key := keyFrom(ctx)
	sc, err := s.meta.CreateScan(ctx, key.ID)
	if err != nil {
		return nil, err
	}
	out := &scanCreateOutput{Status: http.StatusCreated}
	out.Body.SessionID, out.Body.CreatedAt, out.Body.Owner, out.Body.ExpiresAt = sc.ID, sc.CreatedAt, key.ID, sc.ExpiresAt
	return out, nil
}

func (s *Server) scan(ctx context.Context, id string) (*store.Scan, error) {
	sc, err := s.meta.Scan(ctx, keyFrom(ctx).ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, NewError(http.StatusNotFound, "not_found", "no scan session "+id+" (unknown, another key's, or expired)")
	}
	return sc, err
}

func (s *Server) uploadScan(ctx context.Context, in *scanUploadInput) (*scanUploadOutput, error) {
	if !s.ready.Load() {
		return nil, NewError(http.StatusServiceUnavailable, "not_ready", "models are loading; retry shortly")
	}
	sc, err := s.scan(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if sc.Status == store.ScanProcessing {
		return nil, NewError(http.StatusConflict, "scan_processing", "this session's video is being processed")
	}
	f := in.RawBody.Data().File
	if ext := upload.Ext(f.Filename); !upload.Extensions[ext] {
		return nil, NewError(http.StatusBadRequest, upload.CodeBadType, upload.BadType(ext))
	}
	if f.Size == 0 {
		return nil, NewError(http.StatusBadRequest, "empty_file", "the uploaded file is empty")
	}
	name, _, err := s.files.Put(f, upload.Ext(f.Filename))
	if err != nil {
		return nil, err
	}
	if _, err := s.probe(ctx, name, video.StreamLimits); err != nil {
		s.files.Remove(name)
		if e, ok := err.(*Error); ok && e.Code == "invalid_video" {
			e.Detail = "the file is not a decodable video"
		}
		return nil, err
	}
	if err := s.queue.SubmitScan(ctx, sc.ID, name); err != nil {
		s.files.Remove(name)
		if errors.Is(err, store.ErrScanBusy) {
			// Another upload to this session won the race.
			return nil, NewError(http.StatusConflict, "scan_processing", "this session's video is being processed")
		}
		return nil, fmt.Errorf("queue scan %s: %w", sc.ID, err)
	}
	out := &scanUploadOutput{Status: http.StatusAccepted}
	out.Body.SessionID, out.Body.Status, out.Body.Message = sc.ID, store.ScanProcessing, "Video uploaded successfully and is being processed"
	return out, nil
}

func (s *Server) getVitals(ctx context.Context, in *scanInput) (*vitalsOutput, error) {
	sc, err := s.scan(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &vitalsOutput{}
	out.Body.Status, out.Body.SessionID, out.Body.Error = sc.Status, sc.ID, sc.Error
	if sc.Status == store.ScanCompleted && len(sc.Vitals) > 0 {
		out.Body.Vitals = &analysis.VitalsResult{}
		if err := json.Unmarshal(sc.Vitals, out.Body.Vitals); err != nil {
			return nil, fmt.Errorf("read vitals of %s: %w", sc.ID, err)
		}
	}
	return out, nil
}
