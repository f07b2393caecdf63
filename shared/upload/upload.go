// Package upload holds the limits on an analysis upload and the messages
// for breaking them, so the browser checks a video before sending it with
// exactly the rules and words the API answers with.
package upload

import (
	"fmt"
	"path"
	"strings"
)

// Limits of seed 002.
const (
	MaxBytes   = 30 << 20 // 30 MB
	MaxSeconds = 10.0
)

// Error codes, as the API's `code`.
const (
	CodeTooLarge     = "file_too_large"
	CodeTooLong      = "video_too_long"
	CodeBadType      = "invalid_file_type"
	CodePaceRequired = "pace_required"
)

// VideoTypes are the accepted video file extensions (seed 002's MP4, MOV,
// AVI, plus WebM, which browsers record) with their MIME types: stored
// videos are served with them (a system's MIME table may lack them, or,
// as Debian's does, call .webm audio).
var VideoTypes = map[string]string{".mp4": "video/mp4", ".mov": "video/quicktime", ".avi": "video/x-msvideo", ".webm": "video/webm"}

// Extensions are the accepted video file extensions (VideoTypes').
var Extensions = func() map[string]bool {
	m := make(map[string]bool, len(VideoTypes))
	for ext := range VideoTypes {
		m[ext] = true
	}
	return m
}()

// TooLarge is the message for an upload over limit bytes.
func TooLarge(limit int64) string {
	return fmt.Sprintf("the upload is larger than the %d MB limit", limit>>20)
}

// TooLong is the message for a video of the given duration in seconds.
func TooLong(seconds float64) string {
	return fmt.Sprintf("the video lasts %.1f s; the limit is %.0f s", seconds, MaxSeconds)
}

// BadType is the message for a file whose extension is not accepted.
func BadType(ext string) string {
	return fmt.Sprintf("unsupported file type %q: upload MP4, MOV, AVI or WebM", ext)
}

// PaceRequired is the message for treadmill=true without a pace.
const PaceRequired = "pace (MM:SS) is required when treadmill=true"

// Ext is name's extension in lower case.
func Ext(name string) string { return strings.ToLower(path.Ext(name)) }

// Check validates what is known before upload: the file's name and size.
// It returns the code and message the API would answer with, or "".
func Check(name string, size int64) (code, msg string) {
	if ext := Ext(name); !Extensions[ext] {
		return CodeBadType, BadType(ext)
	}
	if size > MaxBytes {
		return CodeTooLarge, TooLarge(MaxBytes)
	}
	return "", ""
}
