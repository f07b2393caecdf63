package api

import (
	"crypto/subtle"
	"net/http"
	"os"
	"strconv"
	"time"

	"motionlab/server/store"
)

// mediaURL signs a link to a blob: /media/NAME?exp=UNIX&sig=HMAC(name|exp).
// Anyone holding the link may fetch the file until it expires, so links
// can go into <video> tags without exposing the API key.
func (s *Server) mediaURL(name string) string {
	exp := strconv.FormatInt(time.Now().Add(s.cfg.MediaTTL).Unix(), 10)
	return "/media/" + name + "?exp=" + exp + "&sig=" + store.Sign(s.secrets.Media, []byte(name+"|"+exp))
}

// presignTTL is how long an object-store link from a media redirect works:
// enough to start (and seek in) a video; the signed /media/ link is the
// long-lived one.
const presignTTL = 15 * time.Minute

// serveMedia checks the signature and expiry, then serves the blob (with
// range requests, so videos seek).
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	name, exp, sig := r.PathValue("name"), r.URL.Query().Get("exp"), r.URL.Query().Get("sig")
	want := store.Sign(s.secrets.Media, []byte(name+"|"+exp))
	if subtle.ConstantTimeCompare([]byte(sig), []byte(want)) != 1 {
		writeError(w, NewError(http.StatusForbidden, "invalid_signature", "the media link's signature is not valid"))
		return
	}
	if t, err := strconv.ParseInt(exp, 10, 64); err != nil || time.Now().Unix() > t {
		writeError(w, NewError(http.StatusForbidden, "link_expired", "the media link has expired; fetch the results again for a fresh one"))
		return
	}
	if ps, ok := s.files.(Presigner); ok {
		// Object store: send the client to a short-lived presigned URL, so
		// video bytes never pass through API processes.
		u, err := ps.PresignGet(r.Context(), name, presignTTL)
		if err != nil {
			writeError(w, NewError(http.StatusInternalServerError, "internal_error", "cannot link the media"))
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, u, http.StatusFound)
		return
	}
	f, err := s.files.Open(r.Context(), name)
	if err != nil {
		writeError(w, NewError(http.StatusNotFound, "not_found", "no such media"))
		return
	}
	defer f.Close()
	var modified time.Time // a local blob's; none sent otherwise
	if st, ok := f.(interface{ Stat() (os.FileInfo, error) }); ok {
		fi, err := st.Stat()
		if err != nil {
			writeError(w, NewError(http.StatusInternalServerError, "internal_error", "media unreadable"))
			return
		}
		modified = fi.ModTime()
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, name, modified, f)
}
