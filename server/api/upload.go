package api

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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
		limit := s.cfg.MaxUpload + 64<<10
		if r.ContentLength > limit {
			writeError(w, NewError(http.StatusRequestEntityTooLarge, "file_too_large", tooLarge(s.cfg.MaxUpload)))
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
			writeError(w, NewError(http.StatusRequestEntityTooLarge, "file_too_large", tooLarge(s.cfg.MaxUpload)))
			return
		case err != nil:
			writeError(w, NewError(http.StatusBadRequest, "invalid_form", "cannot read the multipart form: "+err.Error()))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func tooLarge(limit int64) string {
	return fmt.Sprintf("the upload is larger than the %d MB limit", limit>>20)
}

func writeError(w http.ResponseWriter, e *Error) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(e.Status)
	json.NewEncoder(w).Encode(e)
}

// saveUpload copies an uploaded file into the uploads folder under a random
// name (never one taken from the request) and returns its path.
func (s *Server) saveUpload(f multipart.File) (string, int64, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", 0, err
	}
	path := filepath.Join(s.uploads, hex.EncodeToString(id[:]))
	dst, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", 0, fmt.Errorf("save upload: %w", err)
	}
	n, err := io.Copy(dst, f)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", 0, fmt.Errorf("save upload: %w", err)
	}
	return path, n, nil
}
