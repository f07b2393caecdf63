package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/advice"
	"motionlab/shared/analysis"
	"motionlab/shared/jump"
	"motionlab/shared/pose"
	"motionlab/shared/stats"
	"motionlab/shared/stream"
	"motionlab/shared/upload"
)

// EmbedPage is the compact upload-and-analyse UI partner sites put in an
// iframe (/embed?token=…&activity=…). It reports to the host page with
// postMessage, in seed 003's message types, and only to the origins the
// token's key allows (never "*"). docs/embed.md documents every message.
type EmbedPage struct {
	app.Compo

	opts    embedOptions
	targets []string // origins that receive messages
	status  string
	problem string
	pct     float64
	ready   bool
	busy    bool
}

// embedOptions are the iframe URL's parameters.
type embedOptions struct {
	token, activity, view, source, language, exercise, pace string
	inference                                               string // auto, browser or server
	height, weight                                          float64
	heightGiven, treadmill, fullBody                        bool
	keypoints, angles, export                               bool
	stringify                                               bool // payload=string: JSON strings for bridges that stringify
}

func parseEmbed(q url.Values) embedOptions {
	flag := func(k string) bool { v, _ := strconv.ParseBool(q.Get(k)); return v }
	num := func(k string, def float64) float64 {
		if v, err := strconv.ParseFloat(q.Get(k), 64); err == nil {
			return v
		}
		return def
	}
	def := func(k, d string) string {
		if v := q.Get(k); v != "" {
			return v
		}
		return d
	}
	d := analysis.Defaults()
	return embedOptions{
		token: q.Get("token"), activity: def("activity", d.Activity), view: def("analysis_type", d.AnalysisType),
		source: def("source", "video"), language: def("language", d.Language), exercise: q.Get("exercise"), pace: q.Get("pace"),
		inference: def("inference", WhereAuto), height: num("height", d.Height), weight: num("weight", d.Weight), heightGiven: q.Has("height"),
		treadmill: flag("treadmill"), fullBody: q.Get("full_body") != "false",
		keypoints: flag("keypoints"), angles: flag("angles"), export: flag("export"), stringify: q.Get("payload") == "string",
	}
}

// check refuses what the API would, before anything is uploaded.
func (o embedOptions) check() (code, msg string) {
	switch {
	case o.source != "video" && o.source != "image":
		return "invalid_source", fmt.Sprintf("source %q: want video or image", o.source)
	case o.source == "video" && !map[string]bool{"running": true, "sprint": true, "jump": true, "lift": true}[o.activity]:
		return "invalid_exercise", fmt.Sprintf("activity %q: want running, sprint, jump or lift", o.activity)
	case o.source == "video" && o.activity == "jump" && !o.heightGiven:
		return jump.ErrMissingHeight, "activity=jump needs the athlete's height (height=CM in the iframe URL)"
	case o.inference != WhereAuto && o.inference != "browser" && o.inference != WhereServer:
		return "invalid_input", fmt.Sprintf("inference %q: want auto, browser or server", o.inference)
	}
	return "", ""
}

func (o embedOptions) params() analysis.Params {
	return analysisParams(o.activity, o.view, o.language, o.pace, o.exercise, o.height, o.weight, o.treadmill, o.fullBody)
}

func (e *EmbedPage) OnNav(ctx app.Context) {
	e.opts = parseEmbed(ctx.Page().URL().Query())
	embedToken = e.opts.token
	e.status = "Loading…"
	ctx.Async(func() {
		targets := []string{app.Window().Get("location").Get("origin").String()}
		if e.opts.token != "" {
			var cfg struct {
				AllowedOrigins []string `json:"allowed_origins"`
			}
			if _, err := getJSON(ctx, "/v1/embed/config", &cfg); err != nil {
				ctx.Dispatch(func(ctx app.Context) { e.problem = "This embed link is not valid: " + err.Error() })
				return // no origin is known to be allowed: say nothing to anyone
			}
			targets = append(targets, cfg.AllowedOrigins...)
		}
		ctx.Dispatch(func(ctx app.Context) {
			e.targets = targets
			e.post(map[string]any{"type": "initialization", "message": "loading", "ready": false, "source": e.opts.source})
			if code, msg := e.opts.check(); code != "" {
				e.fail(code, msg, nil)
				return
			}
			c, cancel := context.WithTimeout(context.Background(), 60e9)
			ctx.Async(func() {
				defer cancel()
				waitHealthy(c, func() {
					ctx.Dispatch(func(ctx app.Context) {
						e.ready, e.status = true, "Choose a "+e.opts.source+" to analyse."
						e.post(map[string]any{"type": "initialization", "message": "ready", "ready": true, "source": e.opts.source})
					})
				})
			})
		})
	})
}

// post sends msg to the host page, once per allowed origin: the browser
// delivers it only where the parent's origin matches, so no other site
// ever reads it.
func (e *EmbedPage) post(msg map[string]any) {
	b, err := json.Marshal(msg)
	if err != nil {
		return
	}
	var v any = string(b)
	if !e.opts.stringify {
		v = app.Window().Get("JSON").Call("parse", string(b))
	}
	parent := app.Window().Get("parent")
	for _, o := range e.targets {
		parent.Call("postMessage", v, o)
	}
}

func (e *EmbedPage) fail(code, msg string, details map[string]any) {
	e.problem, e.busy = msg, false
	m := map[string]any{"type": "error", "code": code, "message": msg}
	if details != nil {
		m["details"] = details
	}
	e.post(m)
}

func (e *EmbedPage) Render() app.UI {
	accept := "video/mp4,video/quicktime,video/x-msvideo,video/webm,.mp4,.mov,.avi,.webm"
	if e.opts.source == "image" {
		accept = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"
	}
	return app.Main().Class("embed").Body(
		app.Label().For("file").Class("drop").Body(
			app.Span().Text("MotionLab — "+e.opts.activity),
			app.Input().ID("file").Type("file").Accept(accept).Disabled(!e.ready || e.busy).
				OnChange(func(ctx app.Context, ev app.Event) { e.pick(ctx, ctx.JSSrc().Get("files").Index(0)) }),
		),
		app.P().ID("status").Aria("live", "polite").Text(e.status),
		app.If(e.busy, func() app.UI { return app.Progress().Max(100).Value(e.pct).Aria("label", "analysis progress") }),
		app.If(e.problem != "", func() app.UI { return app.P().Class("error").Role("alert").Text(e.problem) }),
	)
}

func (e *EmbedPage) pick(ctx app.Context, f app.Value) {
	if !f.Truthy() || e.busy {
		return
	}
	name, size := f.Get("name").String(), int64(f.Get("size").Float())
	e.problem = ""
	if e.opts.source == "image" {
		ext := upload.Ext(name)
		if ext != ".jpg" && ext != ".jpeg" && ext != ".png" && ext != ".webp" {
			e.fail(upload.CodeBadType, fmt.Sprintf("unsupported file type %q: use JPEG, PNG or WebP", ext), nil)
			return
		}
		if size > 15<<20 {
			e.fail(upload.CodeTooLarge, "the photo is over 15 MB", map[string]any{"size": size})
			return
		}
		e.busy, e.status = true, "Analysing the photo…"
		ctx.Async(func() { e.image(ctx, f, name) })
		return
	}
	if code, msg := upload.Check(name, size); code != "" {
		e.fail(code, msg, map[string]any{"size": size, "name": name})
		return
	}
	e.busy, e.pct = true, 0
	if e.opts.inference != WhereServer && canRunLocally(name) {
		e.local(ctx, f, name, size)
		return
	}
	if e.opts.inference == "browser" {
		e.fail("browser_unavailable", "this browser cannot analyse this file itself (MP4 or MOV needed)", nil)
		return
	}
	e.server(ctx, f, name, "")
}

// local runs the model in the browser; in auto mode a failure hands over
// to the server.
func (e *EmbedPage) local(ctx app.Context, f app.Value, name string, size int64) {
	url := app.Window().Get("URL").Call("createObjectURL", f).String()
	e.status = "Loading the pose model…"
	auto := e.opts.inference == WhereAuto
	ctx.Async(func() {
		defer app.Window().Get("URL").Call("revokeObjectURL", url)
		announced, last := false, -1
		res, err := LocalRunner(context.Background(), localRequest(ctx, url, e.opts.params(), size, auto), func(p LocalProgress) {
			pct := math.Floor(100 * float64(p.Frame+1) / float64(p.Total))
			ctx.Dispatch(func(ctx app.Context) {
				if !announced {
					announced = true
					e.post(map[string]any{"type": "environment", "poseBackend": p.Backend, "webgl": webglAvailable()})
				}
				e.pct, e.status = pct, fmt.Sprintf("Analysing on this device (%s): %.0f%%", p.Backend, pct)
				if int(pct) != last {
					last = int(pct)
					e.post(map[string]any{"type": "progression", "percentage": pct, "frame": p.Frame, "total": p.Total})
				}
			})
		})
		id := ""
		if err == nil {
			id, err = saveBrowserAnalysis(ctx, e.opts.params(), name, res)
		}
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err == nil:
				e.finish(ctx, id)
			case auto && fallbackReason(err) != "":
				e.server(ctx, f, name, fallbackReason(err))
			default:
				e.fail("analysis_failed", "the analysis in the browser failed: "+err.Error(), nil)
			}
		})
	})
}

// server uploads the video and follows the analysis's progress.
func (e *EmbedPage) server(ctx app.Context, f app.Value, name, why string) {
	env := map[string]any{"type": "environment", "poseBackend": "server", "webgl": webglAvailable()}
	if why != "" {
		env["reason"] = why
	}
	e.post(env)
	e.status = "Uploading…"
	form := app.Window().Get("FormData").New()
	for k, v := range e.opts.params().Form() {
		form.Call("append", k, v[0])
	}
	form.Call("append", "video", f, name)
	ctx.Async(func() {
		id, err := postForm(ctx, "/v1/analyses", form)
		if err != nil {
			ctx.Dispatch(func(ctx app.Context) { e.failAPI(err) })
			return
		}
		last := -1.0
		err = followEvents(ctx, id, func(ev stream.StatusEvent) {
			ctx.Dispatch(func(ctx app.Context) {
				e.pct, e.status = ev.Percentage, fmt.Sprintf("Analysing on the server: %.0f%%", ev.Percentage)
				if ev.Status == "analyzing" && math.Floor(ev.Percentage) != last {
					last = math.Floor(ev.Percentage)
					e.post(map[string]any{"type": "progression", "percentage": last})
				}
			})
		})
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				e.fail("analysis_failed", "lost the analysis's progress: "+err.Error(), nil)
				return
			}
			e.finish(ctx, id)
		})
	})
}

// failAPI turns an API error into an error message with the API's code.
func (e *EmbedPage) failAPI(err error) {
	var ae *apiError
	if errors.As(err, &ae) && ae.Code != "" {
		e.fail(ae.Code, ae.Detail, map[string]any{"status": ae.Status})
		return
	}
	e.fail("upload_failed", err.Error(), nil)
}

// finish reads the finished analysis and sends the result messages.
func (e *EmbedPage) finish(ctx app.Context, id string) {
	e.status = "Reading the results…"
	ctx.Async(func() {
		var res analysis.Results
		var raw analysis.RawData
		_, err := getJSON(ctx, "/v1/analyses/"+id+"/results", &res)
		if err == nil {
			_, err = getJSON(ctx, "/v1/analyses/"+id+"/results/raw_data", &raw)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				e.failAPI(err)
				return
			}
			if res.Status == "failed" {
				e.fail("analysis_failed", "the analysis failed", nil)
				return
			}
			e.results(id, res.Biomechanical, raw, res.RawDataDownloadURL)
			e.busy, e.pct, e.status = false, 100, "Done."
		})
	})
}

func (e *EmbedPage) results(id string, calc *analysis.Result, raw analysis.RawData, download string) {
	e.post(map[string]any{"type": "progression", "percentage": 100})
	if calc != nil {
		// The count is calculated_data's outcome, one for every activity;
		// when it is 0 the counter says why (reason: machine code, message:
		// the sentence in the request's language) and there is no
		// form_score: nothing was judged.
		counter := map[string]any{"type": "counter", "current_count": calc.Found(), "final": true}
		if calc.Outcome.Reason != "" {
			counter["reason"], counter["message"] = calc.Outcome.Reason, calc.Outcome.Message
		}
		e.post(counter)
		if calc.Result != nil && calc.Result.TotalScore != nil && calc.Judged() {
			e.post(map[string]any{"type": "form_score", "score": math.Round(*calc.Result.TotalScore*100) / 100})
		}
		recs := recommendations(calc)
		if recs == nil {
			recs = []advice.Recommendation{}
		}
		e.post(map[string]any{"type": "recommendations", "recommendations": recs})
		if calc.Jump != nil {
			for _, m := range jump.Messages(calc.Jump.Result, raw.Info.FPS) {
				b, _ := json.Marshal(m)
				var mm map[string]any
				json.Unmarshal(b, &mm)
				e.post(mm)
			}
		}
	}
	frames := batchFrames(raw)
	if n := len(frames); n > 0 {
		last := frames[n-1]
		if e.opts.keypoints {
			e.post(map[string]any{"type": "keypoints", "frame": last["frame"], "timestamp": last["timestamp"], "keypoints": last["keypoints"]})
		}
		if e.opts.angles {
			e.post(map[string]any{"type": "angles", "frame": last["frame"], "timestamp": last["timestamp"], "angles": raw.Angles[strconv.Itoa(last["frame"].(int))]})
		}
	}
	if e.opts.keypoints {
		e.post(map[string]any{"type": "keypoints_batch", "fps": raw.Info.FPS, "frames": frames})
	}
	if e.opts.export && download != "" {
		origin := app.Window().Get("location").Get("origin").String()
		e.post(map[string]any{"type": "export_ready", "url": origin + download, "mimeType": "application/json", "analysis_id": id})
	}
}

// batchFrames are the frames where the athlete is seen, in order, each
// {frame, timestamp (s), keypoints: [{name, x, y, z, score}]}.
func batchFrames(raw analysis.RawData) []map[string]any {
	var out []map[string]any
	n := int(math.Round(raw.Info.Duration * raw.Info.FPS))
	for i := range n {
		lm := raw.Frames[strconv.Itoa(i)]
		if lm == nil {
			continue
		}
		kps := make([]map[string]any, 0, len(pose.BlazePose33.Points))
		for _, p := range pose.BlazePose33.Points {
			k := lm[p.Name]
			kps = append(kps, map[string]any{"name": p.Name, "x": stats.Round(float64(k.X), 2), "y": stats.Round(float64(k.Y), 2), "z": stats.Round(float64(k.Z), 2), "score": stats.Round(float64(k.Visibility), 2)})
		}
		out = append(out, map[string]any{"frame": i, "timestamp": math.Round(float64(i)/raw.Info.FPS*1000) / 1000, "keypoints": kps})
	}
	return out
}

// image analyses a photo on the server and sends its overlay.
func (e *EmbedPage) image(ctx app.Context, f app.Value, name string) {
	e.post(map[string]any{"type": "environment", "poseBackend": "server", "webgl": webglAvailable()})
	form := app.Window().Get("FormData").New()
	form.Call("append", "image", f, name)
	var out struct {
		Subject int                `json:"subject"`
		People  []pose.Person      `json:"people"`
		Angles  map[string]float64 `json:"angles"`
		Overlay struct {
			DataURL string `json:"dataUrl"`
		} `json:"image_overlay"`
	}
	err := postFormJSON(ctx, "/v1/images", form, &out)
	ctx.Dispatch(func(ctx app.Context) {
		if err != nil {
			e.failAPI(err)
			return
		}
		if e.opts.keypoints && out.Subject >= 0 && out.Subject < len(out.People) {
			var kps []map[string]any
			for i, k := range out.People[out.Subject].Keypoints {
				kps = append(kps, map[string]any{"name": pose.BlazePose33.Points[i].Name, "x": stats.Round(float64(k.X), 2), "y": stats.Round(float64(k.Y), 2), "z": stats.Round(float64(k.Z), 2), "score": stats.Round(float64(k.Visibility), 2)})
			}
			e.post(map[string]any{"type": "keypoints", "keypoints": kps})
		}
		if e.opts.angles {
			e.post(map[string]any{"type": "angles", "angles": out.Angles})
		}
		e.post(map[string]any{"type": "image_overlay", "dataUrl": out.Overlay.DataURL})
		e.busy, e.status = false, "Done."
	})
}

func webglAvailable() bool {
	c := app.Window().Get("document").Call("createElement", "canvas")
	return c.Call("getContext", "webgl2").Truthy() || c.Call("getContext", "webgl").Truthy()
}

// postForm sends a multipart form (a JS FormData, so the File is never
// copied into Go) and returns the new analysis's id.
func postForm(ctx app.Context, path string, form app.Value) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	err := postFormJSON(ctx, path, form, &out)
	return out.ID, err
}

func postFormJSON(ctx app.Context, path string, form app.Value, v any) error {
	headers := map[string]any{}
	if k := apiKey(ctx); k != "" {
		headers["Authorization"] = "Bearer " + k
	}
	resp, err := awaitJS(app.Window().Call("fetch", path, map[string]any{"method": "POST", "body": form, "headers": headers}))
	if err != nil {
		return fmt.Errorf("cannot reach the server: %w", err)
	}
	text, err := awaitJS(resp.Call("text"))
	if err != nil {
		return err
	}
	status := resp.Get("status").Int()
	if status >= 300 {
		ae := &apiError{Status: status}
		json.Unmarshal([]byte(text.String()), ae)
		if status == http.StatusUnauthorized {
			return errNeedKey
		}
		return ae
	}
	return json.Unmarshal([]byte(text.String()), v)
}

// awaitJS waits for a JS promise (from a goroutine, never the event loop).
func awaitJS(p app.Value) (app.Value, error) {
	return Await(p, app.FuncOf, func(reason app.Value) string { return strings.TrimSpace(reason.Call("toString").String()) })
}
