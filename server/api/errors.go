package api

import (
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// Error is every error MotionLab's API returns: RFC 9457 problem details
// plus a machine-readable code.
type Error struct {
	huma.ErrorModel
	Code    string      `json:"code" doc:"machine-readable error code" example:"file_too_large"`
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
		return &Error{ErrorModel: *m, Code: codeFor(status)}
	}
}
