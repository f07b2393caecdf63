package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/analysis"
	"motionlab/shared/track"
)

// Where an analysis runs: the user's setting (local storage).
const (
	whereStorage = "motionlab.where"
	WhereAuto    = "auto"   // the browser when it can and is fast enough, else the server
	WhereDevice  = "device" // the browser only
	WhereServer  = "server" // upload the video
)

// Developer settings (local storage), for tests and for trying backends:
// a comma-separated backend list, another model location, and "seek" to
// grab frames by seeking a <video> even where WebCodecs could decode them
// (to compare the two).
const (
	backendsStorage = "motionlab.backends"
	modelsStorage   = "motionlab.models"
	decoderStorage  = "motionlab.decoder"
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

// analysisParams are an analysis's parameters (the upload page and the
// embed page both send them): the exercise only for a lift.
func analysisParams(activity, view, language, pace, exercise string, height, weight float64, treadmill, fullBody bool) analysis.Params {
	p := analysis.Params{Activity: activity, AnalysisType: view, Height: height, Weight: weight,
		Language: language, Treadmill: treadmill, FullBody: fullBody, Pace: pace}
	if activity == analysis.Lift {
		p.Exercise = exercise
	}
	return p
}

// localRequest fills a runner request from the settings and the server's
// speed: the server's time is its measured frame cost (GET /health) plus
// the upload at 2 MB/s and 10 s per analysis already waiting.
func localRequest(ctx app.Context, url string, params analysis.Params, fileSize int64, auto bool) LocalRequest {
	req := LocalRequest{URL: url, Vertical: params.VerticalAthlete(), Camera: params.ReadsCamera()}
	var backends, models, decoder string
	ctx.LocalStorage().Get(backendsStorage, &backends)
	ctx.LocalStorage().Get(modelsStorage, &models)
	ctx.LocalStorage().Get(decoderStorage, &decoder)
	req.Seek = decoder == "seek"
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
func saveBrowserAnalysis(ctx app.Context, params analysis.Params, fileName string, res *LocalResult) (string, error) {
	body := struct {
		analysis.Params
		Filename        string      `json:"filename"`
		Backend         string      `json:"backend"`
		FramesPerSecond float64     `json:"frames_per_second"`
		Track           track.Track `json:"track"`
	}{params, fileName, res.Backend, res.FPS, res.Track}
	b, err := json.Marshal(body)
	if err != nil {
		return "", fmt.Errorf("encode the keypoints: %w", err)
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

// localResult is an analysis computed entirely in this tab: the metrics
// by the same shared/ code the server runs, kept when the server could not
// be reached to save it.
type localResult struct {
	res analysis.Results
	raw analysis.RawData
}

// localResults are this session's unsaved analyses, by a local id.
var localResults = map[string]localResult{}

// computeLocally runs the activity's analysis on the browser's track, as
// the server does for an upload, and builds the results page's data.
func computeLocally(req analysis.Params, t track.Track) (localResult, error) {
	calc, raw, err := analysis.Run(t, analysis.TrackInfo(t), req)
	if err != nil {
		return localResult{}, err
	}
	lr := localResult{raw: raw}
	lr.res.Status, lr.res.Source, lr.res.Biomechanical, lr.res.Params = "success", "browser", calc, &req
	return lr, nil
}

// summary is a one-line account of local metrics, for progress notes.
func (lr localResult) summary() string {
	c := lr.res.Biomechanical
	switch {
	case c == nil:
		return ""
	case !c.Judged():
		return c.Outcome.Message
	case c.Result != nil && c.Result.SideView != nil:
		m := c.Result.SideView.Metrics
		return fmt.Sprintf("%d steps, cadence %.1f/min", len(m.Steps), math.Round(m.Cadence*10)/10)
	case c.Jump != nil:
		return fmt.Sprintf("%d jumps", c.Jump.Count)
	case c.Lift != nil:
		return fmt.Sprintf("%d repetitions", c.Lift.Count)
	case c.Sprint != nil:
		return fmt.Sprintf("%d steps", len(c.Sprint.Steps))
	}
	return ""
}

// localID names an unsaved analysis like a server id, so its page has a URL.
func localID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// unreachable reports an error of the network rather than of the API.
func unreachable(err error) bool {
	var ae *apiError
	return err != nil && !errors.As(err, &ae) && err != errNeedKey
}
