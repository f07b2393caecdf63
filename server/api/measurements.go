package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/shared/measure"
)

// Measurements drawn with the results page's measure tool are kept in a
// blob of their own, named from the analysis id: saving replaces the
// list, and deleting the analysis removes it (deleteAnalysis).

type measurementsBody struct {
	Measurements []measure.Measurement `json:"measurements" maxItems:"100" doc:"every measurement of the analysis (a PUT replaces the list)"`
}

type putMeasurementsInput struct {
	ID   string `path:"id" pattern:"^[0-9a-f]{32}$" doc:"analysis id"`
	Body measurementsBody
}

type measurementsOutput struct {
	Body measurementsBody
}

func (s *Server) registerMeasurements() {
	huma.Register(s.api, huma.Operation{
		OperationID: "get-analysis-measurements",
		Method:      http.MethodGet,
		Path:        "/v1/analyses/{id}/measurements",
		Summary:     "Distances and angles drawn on the analysis's frames",
		Description: "The measure tool's measurements, with their values: a distance in pixels and, when the analysis has a scale, metres; an angle in degrees. An empty list until some are saved. 400 `not_completed` before success.",
		Tags:        []string{"Analyses"},
		Errors:      []int{400, 401, 404},
	}, func(ctx context.Context, in *idInput) (*measurementsOutput, error) {
		a, err := s.measurable(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		ms, err := s.measurements(ctx, a)
		return &measurementsOutput{Body: measurementsBody{Measurements: ms}}, err
	})
	huma.Register(s.api, huma.Operation{
		OperationID:  "put-analysis-measurements",
		Method:       http.MethodPut,
		Path:         "/v1/analyses/{id}/measurements",
		Summary:      "Save the measurements drawn on an analysis's frames",
		Description:  "Replaces the list (at most 100). Each gives its kind, frame and points in source-video pixels; the server computes the values (pixels, metres with the analysis's scale, degrees) and answers with them. 422 when a measurement's points or frame do not fit.",
		Tags:         []string{"Analyses"},
		MaxBodyBytes: 64 << 10,
		Errors:       []int{400, 401, 404, 422},
	}, s.putMeasurements)
}

func (s *Server) putMeasurements(ctx context.Context, in *putMeasurementsInput) (*measurementsOutput, error) {
	a, err := s.measurable(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	tr, err := s.track(ctx, a)
	if err != nil {
		return nil, err
	}
	calc, err := s.calculated(ctx, a)
	if err != nil {
		return nil, err
	}
	p, _ := storedParams(a)
	ppm, _ := measure.PixelsPerMetre(calc, tr.Frames, p)
	ms := in.Body.Measurements
	if ms == nil {
		ms = []measure.Measurement{}
	}
	if err := measure.ComputeAll(ms, len(tr.Frames), ppm); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_measurement", err.Error())
	}
	b, err := json.Marshal(ms)
	if err != nil {
		return nil, fmt.Errorf("encode measurements of %s: %w", a.ID, err)
	}
	if _, err := s.files.PutAs(measurementsBlob(a.ID), bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("store measurements of %s: %w", a.ID, err)
	}
	return &measurementsOutput{Body: measurementsBody{Measurements: ms}}, nil
}

// measurable is the caller's analysis, once it has succeeded.
func (s *Server) measurable(ctx context.Context, id string) (*store.Analysis, error) {
	a, err := s.analysis(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Status != store.Success {
		return nil, NewError(http.StatusBadRequest, "not_completed", fmt.Sprintf("the analysis is %s; measurements are drawn on its results", a.Status))
	}
	return a, nil
}

func measurementsBlob(id string) string { return store.DerivedName(id, "measurements", ".json") }

// measurements reads an analysis's saved measurements (none saved: empty).
func (s *Server) measurements(ctx context.Context, a *store.Analysis) ([]measure.Measurement, error) {
	ms := []measure.Measurement{}
	f, err := s.files.Open(ctx, measurementsBlob(a.ID))
	if errors.Is(err, fs.ErrNotExist) {
		return ms, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open measurements of %s: %w", a.ID, err)
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(&ms); err != nil {
		return nil, fmt.Errorf("read measurements of %s: %w", a.ID, err)
	}
	return ms, nil
}
