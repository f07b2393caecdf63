package api

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/shared/analysis"
)

// Error is every error MotionLab's API returns: RFC 9457 problem details
// plus a machine-readable code.
type Error struct {
	huma.ErrorModel
	Code string `json:"code" doc:"machine-readable error code" example:"file_too_large"`
	// RequestID names the request in the server's log; internal errors
	// carry it instead of their details.
	RequestID string `json:"request_id,omitempty" doc:"the request's id (X-Request-Id); internal errors give it instead of details, which are logged"`
	// Reason says why an analysis failed when it had nothing to measure:
	// not_visible, the athlete never seen. An analysis that saw the
	// athlete but found no step, jump or repetition succeeds instead, with
	// count 0 and its reason in calculated_data's outcome; analyses stored
	// before that may still carry no_contact or no_repetition here.
	Reason  string      `json:"reason,omitempty" doc:"why an analysis failed with nothing to measure: not_visible (the athlete was never seen; analyses that saw the athlete and found no event succeed with outcome.count 0 instead); analyses stored by older versions may carry no_contact or no_repetition" example:"not_visible"`
	headers http.Header // extra response headers, e.g. Retry-After
}

// GetHeaders implements huma.HeadersError.
func (e *Error) GetHeaders() http.Header { return e.headers }

// codeFor names the default code of a status; handlers set specific ones.
func codeFor(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusRequestEntityTooLarge:
		return "file_too_large"
	case http.StatusUnprocessableEntity:
		return "invalid_input"
	case http.StatusTooManyRequests:
		return "rate_limited"
	case http.StatusServiceUnavailable:
		return "not_ready"
	}
	if status >= 500 {
		return "internal_error"
	}
	return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
}

// failedAnalysis is the error for reading a failed analysis: its message,
// and the reason's code when it found nothing to measure (stored with it;
// read back from the message for analyses that failed before it was).
func failedAnalysis(message, reason string) *Error {
	e := NewError(http.StatusBadRequest, "analysis_failed", message)
	if e.Reason = reason; reason == "" {
		e.Reason = analysis.FailureReason(message)
	}
	return e
}

// NewError makes an API error with an explicit code.
func NewError(status int, code, detail string) *Error {
	e := huma.NewError(status, detail).(*Error)
	e.Code = code
	return e
}

func init() {
	// Every error Huma raises (validation, bad bodies) carries a code too.
	base := huma.NewError
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		m := base(status, msg, errs...).(*huma.ErrorModel)
		for _, d := range m.Errors {
			// A validation error echoes the value it refused; JSON has no
			// NaN or infinity, so such a value would break the answer.
			if f, ok := d.Value.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				d.Value = fmt.Sprint(f)
			}
		}
		return &Error{ErrorModel: *m, Code: codeFor(status)}
	}
}

// internal tells whether an error is the server's fault, whose text may
// name files, queries or libraries: every 5xx but 503, whose messages
// (models loading, no inference on this process) are written for users.
func internal(e *Error) bool {
	return e.Status >= 500 && e.Status != http.StatusServiceUnavailable
}

// sanitized logs an internal error's details with the request id and
// returns what the client sees: a generic message and the request id.
func sanitized(requestID string, e *Error) *Error {
	attrs := []any{"request", requestID, "status", e.Status, "code", e.Code, "detail", e.Detail}
	for _, d := range e.Errors {
		attrs = append(attrs, "error", d.Message)
	}
	slog.Error("internal error", attrs...)
	return &Error{
		ErrorModel: huma.ErrorModel{Type: e.Type, Title: http.StatusText(e.Status), Status: e.Status,
			Detail: "internal error; quote request id " + requestID + " when reporting it"},
		Code:      codeFor(e.Status),
		RequestID: requestID,
		headers:   e.headers,
	}
}

// sanitize is a Huma transformer: internal errors leave with a generic
// message and the request id (details go to the log).
func sanitize(ctx huma.Context, _ string, v any) (any, error) {
	if e, ok := v.(*Error); ok && internal(e) {
		return sanitized(requestID(ctx.Context()), e), nil
	}
	return v, nil
}

type requestIDKey struct{}

// requestID is the id instrument gave the request.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
