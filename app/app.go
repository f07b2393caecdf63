// Package app is MotionLab's web app: go-app components for uploading a
// video, following its analysis and reading the results, compiled to
// WebAssembly (see wasm/) and served, pre-rendered, by the server.
package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Routes registers the pages; the server and the browser both call it.
func Routes() {
	app.Route("/", func() app.Composer { return &UploadPage{} })
	app.Route("/history", func() app.Composer { return &HistoryPage{} })
	app.Route("/compare", func() app.Composer { return &ComparePage{} })
	app.Route("/vitals", func() app.Composer { return &VitalsPage{} })
	app.Route("/embed", func() app.Composer { return &EmbedPage{} })
	app.RouteWithRegexp("^/analyses/[0-9a-f]{32}$", func() app.Composer { return &ResultPage{} })
}
