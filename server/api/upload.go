package api

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"

	"motionlab/shared/upload"
)

// formMemory is how much of a multipart form stays in memory; the rest
// spills to temp files that are removed when the request ends.
const formMemory = 8 << 10

// formSlack is room for the form around an upload's file: boundaries,
// part headers and the small text fields.
const formSlack = 64 << 10

// maxBody caps every request body that is not an upload: the largest is
// a browser analysis's keypoint track (Huma's MaxBodyBytes then applies
// each operation's own, usually 1 MB).
const maxBody = maxTrackBytes + formSlack

// uploadCap is the largest file an upload route accepts, by route
// pattern; 0 for routes that take no file.
func (s *Server) uploadCap(pattern string) int64 {
	switch pattern {
	case "POST /v1/analyses":
		return upload.MaxBytes
	case "POST /v1/images":
		return maxImageBytes
	case "POST /v1/scan-session/{id}/video":
		return maxScanBytes
	case "POST /infer/video":
		return s.cfg.MaxUpload
	}
	return 0
}

// multipartForm tells whether a request carries a multipart form, the way
// Go's parser decides it: media types are case-insensitive.
func multipartForm(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return false
	}
	return mt == "multipart/form-data"
}

// limitUploads puts a MaxBytesReader on every request body: an upload
// route's file cap plus room for the form, or maxBody elsewhere. A
// multipart form is parsed here, so an oversize upload is answered 413
// file_too_large before any handler runs and is never buffered whole; the
// cap applies to each file part itself (the slack is for the form only);
// the form's temp files are removed when the request ends, whatever the
// handler did.
func (s *Server) limitUploads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		capBytes := s.uploadCap(s.route(r))
		limit := int64(maxBody)
		if capBytes > 0 {
			limit = capBytes + formSlack
		}
		tooLarge := func() {
			// The rest of the body is not read: close the connection.
			w.Header().Set("Connection", "close")
			if capBytes == 0 {
				writeError(w, NewError(http.StatusRequestEntityTooLarge, "body_too_large", "the request body is too large"))
				return
			}
			writeError(w, NewError(http.StatusRequestEntityTooLarge, upload.CodeTooLarge, upload.TooLarge(capBytes)))
		}
		if r.ContentLength > limit {
			tooLarge()
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if !multipartForm(r) {
			next.ServeHTTP(w, r)
			return
		}
		err := r.ParseMultipartForm(formMemory)
		if r.MultipartForm != nil {
			form := r.MultipartForm
			defer form.RemoveAll()
		}
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			tooLarge()
			return
		case err != nil:
			writeError(w, NewError(http.StatusBadRequest, "invalid_form", "cannot read the multipart form: "+err.Error()))
			return
		}
		if capBytes == 0 {
			capBytes = maxBody
		}
		for _, files := range r.MultipartForm.File {
			for _, fh := range files {
				if fh.Size > capBytes {
					writeError(w, NewError(http.StatusRequestEntityTooLarge, upload.CodeTooLarge, upload.TooLarge(capBytes)))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func writeError(w http.ResponseWriter, e *Error) {
	if internal(e) {
		e = sanitized(w.Header().Get(requestIDHeader), e)
	}
	for k, vs := range e.headers {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(e.Status)
	json.NewEncoder(w).Encode(e)
}
