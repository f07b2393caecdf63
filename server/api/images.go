package api

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/photo"
	"motionlab/shared/pose"
	"motionlab/shared/stream"
)

// maxImageBytes caps an uploaded photo.
const maxImageBytes = 15 << 20

type imageInput struct {
	RawBody huma.MultipartFormFiles[struct {
		Image huma.FormFile `form:"image" required:"true" doc:"the photo: JPEG, PNG or WebP, ≤ 15 MB, ≤ 50 megapixels"`
	}]
}

type imageOutput struct {
	Body struct {
		Width   int                 `json:"width" example:"640"`
		Height  int                 `json:"height" example:"480"`
		Subject int                 `json:"subject" doc:"index of the subject in people (most prominent first), −1 when nobody is found"`
		Layout  []string            `json:"layout" doc:"keypoint names, in the order of each person's keypoints"`
		People  []pose.Person       `json:"people"`
		Angles  map[string]float64  `json:"angles" doc:"the subject's joint angles in degrees (left_knee, right_hip, …, trunk_lean), as defined in docs/metrics.md"`
		Overlay stream.ImageOverlay `json:"image_overlay" doc:"the photo with skeletons drawn, as seed 003's image_overlay message"`
	}
}

func (s *Server) registerImages() {
	huma.Register(s.api, huma.Operation{
		OperationID:  "analyze-image",
		Method:       http.MethodPost,
		Path:         "/v1/images",
		Summary:      "Keypoints, joint angles and a skeleton overlay for one photo",
		Description:  "Finds every person in the photo (33 BlazePose keypoints each, in image pixels), the subject's joint angles, and returns the photo with skeletons drawn as a PNG data URL. Limits: 15 MB (413 `file_too_large`), 50 megapixels (422 `image_too_large`); not JPEG/PNG/WebP → 422 `invalid_image`. A photo without a person answers 200 with `subject` −1.",
		Tags:         []string{"Images"},
		MaxBodyBytes: -1, // the upload middleware enforces the limit
		Errors:       []int{400, 401, 413, 422, 429, 503},
	}, s.analyzeImage)
}

func (s *Server) analyzeImage(ctx context.Context, in *imageInput) (*imageOutput, error) {
	if !s.ready.Load() {
		return nil, NewError(http.StatusServiceUnavailable, "not_ready", "models are loading; retry shortly")
	}
	if s.pool == nil {
		return nil, errNoInference()
	}
	f := in.RawBody.Data().Image
	if f.Size == 0 {
		return nil, NewError(http.StatusBadRequest, "empty_file", "the uploaded image is empty")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read image: %w", err)
	}
	img, err := photo.Decode(data)
	switch {
	case errors.Is(err, photo.ErrTooLarge):
		return nil, NewError(http.StatusUnprocessableEntity, "image_too_large", err.Error())
	case err != nil:
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_image", err.Error())
	}
	defer img.Close()
	eng, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	r, err := photo.Analyze(eng, img)
	s.pool.Release(eng)
	if err != nil {
		return nil, err
	}
	out := &imageOutput{}
	b := &out.Body
	b.Width, b.Height, b.Subject, b.People, b.Angles = r.Width, r.Height, r.Subject, r.People, r.Angles
	for _, p := range pose.BlazePose33.Points {
		b.Layout = append(b.Layout, p.Name)
	}
	b.Overlay = stream.ImageOverlay{Type: "image_overlay", DataURL: "data:image/png;base64," + base64.StdEncoding.EncodeToString(r.Overlay)}
	return out, nil
}
