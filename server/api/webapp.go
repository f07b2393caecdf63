package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/app"
	"motionlab/models"
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
	s.mux.Handle("/", s.catchAll(isolated(h)))
	s.mux.HandleFunc("GET /embed", func(w http.ResponseWriter, r *http.Request) {
		s.embedHeaders(w, r)
		h.ServeHTTP(w, r)
	})
	s.mux.HandleFunc("GET /web/models/{name}", s.serveModel)
	// The app's pages ("/", see isPublic), its embed page and its files
	// are public; what they show comes from the API with a key.
	s.markPublic("GET /embed", "GET /web/models/{name}", "GET /web/")
	files := http.FileServer(http.Dir(web))
	s.mux.Handle("GET /web/", isolated(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean(strings.TrimPrefix(r.URL.Path, "/web/"))
		if r.URL.Query().Get("v") == version && version != "dev" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		if name == "app.wasm" || strings.HasPrefix(name, "ort/") {
			servePrecompressed(w, r, filepath.Join(web, name))
			return
		}
		r2 := *r
		r2.URL.Path = "/" + name
		files.ServeHTTP(w, &r2)
	})))
}

// catchAll guards the web app's route, which matches every path and
// method no other route does: the app answers only GET and HEAD outside
// the API's paths; anything else gets a JSON error with a code (405 with
// Allow when the path exists for other methods, else 404).
func (s *Server) catchAll(app http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api := false
		for _, p := range apiPrefixes {
			api = api || strings.HasPrefix(r.URL.Path, p)
		}
		if !api && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			app.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, p := s.mux.Handler(probe); p != "" && p != "/" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, NewError(http.StatusMethodNotAllowed, "method_not_allowed", fmt.Sprintf("%s is not allowed here; use %s", sanitizeMethod(r.Method), strings.Join(allow, " or "))))
			return
		}
		writeError(w, NewError(http.StatusNotFound, "not_found", "no such operation: see /openapi.json"))
	})
}

// sanitizeMethod keeps an echoed method short and printable.
func sanitizeMethod(m string) string {
	if len(m) > 16 || strings.ContainsFunc(m, func(r rune) bool { return r < '!' || r > '~' }) {
		return "this method"
	}
	return m
}

// isolated makes the app's pages cross-origin isolated, so
// onnxruntime-web may run on several threads (SharedArrayBuffer); its
// static files carry the same headers, which its worker scripts need.
// "credentialless" rather than "require-corp": media links that redirect to
// an object store still load, without cookies.
func isolated(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "credentialless")
		h.ServeHTTP(w, r)
	})
}

// browserModels are the converted models the browser may fetch, by the
// file name in /web/models/NAME: the name is looked up, never joined into
// a path.
var browserModels = map[string]string{
	"pose_detection.onnx":      "pose_detection",
	"pose_landmark_lite.onnx":  "pose_landmark_lite",
	"pose_landmark_full.onnx":  "pose_landmark_full",
	"pose_landmark_heavy.onnx": "pose_landmark_heavy",
}

// manifest is read once: it changes only with the binary.
var manifest = sync.OnceValues(models.Load)

// serveModel sends a converted ONNX model to the browser (the same file
// the server runs). Models change only with the manifest: cache a day.
func (s *Server) serveModel(w http.ResponseWriter, r *http.Request) {
	id, ok := browserModels[r.PathValue("name")]
	if !ok {
		writeError(w, NewError(http.StatusNotFound, "not_found", "no such model"))
		return
	}
	man, err := manifest()
	if err != nil {
		writeError(w, NewError(http.StatusInternalServerError, "internal_error", "model manifest: "+err.Error()))
		return
	}
	dir := s.cfg.Engine.ModelsDir
	if dir == "" {
		dir = models.DefaultDir()
	}
	file, err := man.Path(dir, id)
	if err != nil {
		writeError(w, NewError(http.StatusNotFound, "not_found", "model not converted here: run `make setup`"))
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeFile(w, r, file)
}

// servePrecompressed sends a static file brotli- or gzip-compressed as the
// client accepts, from the .br/.gz copies made at setup (`motionlab
// assets` for app.wasm, make for onnxruntime-web).
func servePrecompressed(w http.ResponseWriter, r *http.Request, file string) {
	if ct := mime.TypeByExtension(filepath.Ext(file)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
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
