package store

import "testing"

// Videos keep their video type whatever the system's MIME table says.
func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a.mp4": "video/mp4", "a.MOV": "video/quicktime", "a.webm": "video/webm", "a.avi": "video/x-msvideo",
		"a.jpg": "image/jpeg", "a.png": "image/png", "a.json": "application/json", "a": "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}
