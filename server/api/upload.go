package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"motionlab/shared/upload"
)

// formMemory is how much of a multipart form stays in memory; the rest
// spills to temp files that are removed when the request ends.
const formMemory = 8 << 10

// limitUploads caps multipart bodies at MaxUpload (plus room for the form
// around the file) and parses them here, so an oversize upload is answered
// 413 file_too_large before any handler runs, and never buffered whole.
func (s *Server) limitUploads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			next.ServeHTTP(w, r)
			return
		}
		capBytes := s.cfg.MaxUpload
		switch r.URL.Path {
		case "/v1/analyses":
			capBytes = upload.MaxBytes
		case "/v1/images":
			capBytes = maxImageBytes
		default:
			if strings.HasPrefix(r.URL.Path, "/v1/scan-session/") {
				capBytes = maxScanBytes
			}
		}
		limit := capBytes + 64<<10
		if r.ContentLength > limit {
			writeError(w, NewError(http.StatusRequestEntityTooLarge, upload.CodeTooLarge, upload.TooLarge(capBytes)))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		err := r.ParseMultipartForm(formMemory)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			writeError(w, NewError(http.StatusRequestEntityTooLarge, upload.CodeTooLarge, upload.TooLarge(capBytes)))
			return
		case err != nil:
			writeError(w, NewError(http.StatusBadRequest, "invalid_form", "cannot read the multipart form: "+err.Error()))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeError(w http.ResponseWriter, e *Error) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(e.Status)
	json.NewEncoder(w).Encode(e)
}
