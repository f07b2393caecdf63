package api

import (
	"net/http"
	"path/filepath"
)

// registerDocs serves the docs page and its Swagger UI assets from
// public/docs (copied there from the swagger-ui-dist npm tarball by make
// setup), so the page works offline and loads nothing from a CDN.
func (s *Server) registerDocs() {
	dir := filepath.Join(s.cfg.PublicDir, "docs")
	s.mux.Handle("GET /docs/", http.StripPrefix("/docs/", http.FileServer(http.Dir(dir))))
	index := filepath.Join(dir, "index.html")
	s.mux.HandleFunc("GET /docs", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, index)
	})
	s.markPublic("GET /docs/", "GET /docs")
}
