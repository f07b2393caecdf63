package api

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/app"
)

// versioned resolves the app's static files to URLs carrying the build's
// version, so they can be cached for a year and still change with a build.
type versioned struct{ version string }

func (v versioned) Resolve(p string) string {
	if strings.HasPrefix(p, "/web/") {
		return p + "?v=" + v.version
	}
	return p
}

// registerWebApp serves the web app: go-app's pages, manifest and service
// worker at /, and public/web/ (app.wasm pre-compressed, icons, CSS).
// Without a built app.wasm the API still runs and / says how to build it.
func (s *Server) registerWebApp() {
	app.Routes()
	web := filepath.Join(s.cfg.PublicDir, "web")
	version := "dev"
	if f, err := os.Open(filepath.Join(web, "app.wasm")); err == nil {
		h := sha256.New()
		io.Copy(h, f)
		f.Close()
		version = hex.EncodeToString(h.Sum(nil))[:16]
	} else {
		slog.Warn("web app not built: run `make wasm`", "missing", filepath.Join(web, "app.wasm"))
	}
	h := app.Handler(version)
	h.Resources = versioned{version}
	s.mux.Handle("/", h)
	files := http.FileServer(http.Dir(web))
	s.mux.HandleFunc("GET /web/", func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean(strings.TrimPrefix(r.URL.Path, "/web/"))
		if r.URL.Query().Get("v") == version && version != "dev" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		if name == "app.wasm" {
			serveWasm(w, r, filepath.Join(web, name))
			return
		}
		r2 := *r
		r2.URL.Path = "/" + name
		files.ServeHTTP(w, &r2)
	})
}

// serveWasm sends app.wasm brotli- or gzip-compressed as the client
// accepts, from the files `motionlab assets` made.
func serveWasm(w http.ResponseWriter, r *http.Request, file string) {
	w.Header().Set("Content-Type", "application/wasm")
	w.Header().Add("Vary", "Accept-Encoding")
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !strings.Contains(accept, enc.token) {
			continue
		}
		if f, err := os.Open(file + enc.ext); err == nil {
			defer f.Close()
			st, _ := f.Stat()
			w.Header().Set("Content-Encoding", enc.token)
			http.ServeContent(w, r, "", st.ModTime(), f)
			return
		}
	}
	http.ServeFile(w, r, file)
}

var _ goapp.ResourceResolver = versioned{}
