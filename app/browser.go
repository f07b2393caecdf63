package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Where an analysis runs: the user's setting (local storage).
const (
	whereStorage = "motionlab.where"
	WhereAuto    = "auto"   // the browser when it can and is fast enough, else the server
	WhereDevice  = "device" // the browser only
	WhereServer  = "server" // upload the video
)

// Developer settings (local storage), for tests and for trying backends:
// a comma-separated backend list and another model location.
const (
	backendsStorage = "motionlab.backends"
	modelsStorage   = "motionlab.models"
)

// localVideos keeps the object URL of each video analysed in this browser
// session, so its results page can play it (the server never had it).
var localVideos = map[string]string{}

// pathNotes say, per analysis started in this session, which path ran and
// why (shown on its results page).
var pathNotes = map[string]string{}

func browserNote(haveVideo bool) string {
	if haveVideo {
		return "Analysed in this browser: the server keeps the keypoints, not the video."
	}
	return "Analysed in a browser: the server keeps the keypoints, not the video."
}

func where(ctx app.Context) string {
	var w string
	ctx.LocalStorage().Get(whereStorage, &w)
	switch w {
	case WhereDevice, WhereServer:
		return w
	}
	return WhereAuto
}

// canRunLocally says whether the browser path can take this file at all:
// the runner exists (wasm) and the container tells frame times (MP4/MOV).
func canRunLocally(fileName string) bool {
	ext := strings.ToLower(filepath.Ext(fileName))
	return LocalRunner != nil && (ext == ".mp4" || ext == ".mov")
}

// localRequest fills a runner request from the settings and the server's
// speed: the server's time is its measured frame cost (GET /health) plus
// the upload at 2 MB/s and 10 s per analysis already waiting.
func localRequest(ctx app.Context, url string, vertical bool, fileSize int64, auto bool) LocalRequest {
	req := LocalRequest{URL: url, Vertical: vertical}
	var backends, models string
	ctx.LocalStorage().Get(backendsStorage, &backends)
	ctx.LocalStorage().Get(modelsStorage, &models)
	if backends != "" {
		req.Backends = strings.Split(backends, ",")
	}
	req.ModelBase = models
	if auto {
		var h struct {
			FrameMS float64 `json:"frame_ms"`
			Waiting int     `json:"waiting"`
		}
		if _, err := getJSON(ctx, "/health", &h); err == nil && h.FrameMS > 0 {
			req.ServerFrameMS = h.FrameMS
			req.ServerOverhead = float64(fileSize)/2e6 + 10*float64(h.Waiting)
		}
	}
	return req
}

// saveBrowserAnalysis sends the browser's track and the parameters to the
// server, which computes the metrics with the same code and files the
// analysis in history. It returns the analysis id.
func saveBrowserAnalysis(ctx app.Context, params map[string]any, fileName string, res *LocalResult) (string, error) {
	body := map[string]any{"filename": fileName, "backend": res.Backend, "frames_per_second": res.FPS, "track": res.Track}
	for k, v := range params {
		body[k] = v
	}
	b, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	req, err := request(ctx, http.MethodPost, "/v1/analyses/keypoints", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	var out struct {
		ID string `json:"id"`
	}
	if _, err := do(req, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

// fallbackReason says why the browser path gave way to the server, for
// the user; "" when it should not (a forced browser run, or a cancel).
func fallbackReason(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return ""
	case errors.Is(err, ErrTooSlow):
		return err.Error()
	default:
		return fmt.Sprintf("the browser could not run the model (%v)", err)
	}
}
