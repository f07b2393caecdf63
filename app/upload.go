package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/analysis"
	"motionlab/shared/upload"
)

// UploadPage picks a video and its parameters, checks them as the API
// would, and uploads with byte progress.
type UploadPage struct {
	app.Compo

	healthy, needKey bool
	file             app.Value // the chosen File (stays in JS: no copy into Go)
	fileName         string
	fileSize         int64
	duration         float64
	problem          string
	sent, total      float64
	uploading        bool

	activity, view, language, pace string
	exercise                       string
	height, weight                 string
	treadmill, fullBody            bool
	stop                           context.CancelFunc

	where   string // WhereAuto, WhereDevice or WhereServer
	local   *LocalProgress
	notice  string    // which path runs, and why (shown, then kept for the results page)
	running bool      // the browser is analysing
	trim    trimState // cut before upload (trim.go)
}

var languages = [][2]string{{"en", "English"}, {"fr", "Français"}, {"de", "Deutsch"}, {"zh", "中文"}, {"ko", "한국어"}, {"pt", "Português"}, {"es", "Español"}, {"it", "Italiano"}, {"ja", "日本語"}}

func (u *UploadPage) OnMount(ctx app.Context) {
	d := analysis.Defaults()
	u.activity, u.view, u.language, u.fullBody, u.exercise = d.Activity, d.AnalysisType, d.Language, d.FullBody, "squat"
	u.height, u.weight = strconv.FormatFloat(d.Height, 'f', -1, 64), strconv.FormatFloat(d.Weight, 'f', -1, 64)
	u.where = where(ctx)
	c, cancel := context.WithCancel(context.Background())
	u.stop = cancel
	ctx.Async(func() {
		waitHealthy(c, func() { ctx.Dispatch(func(ctx app.Context) { u.healthy = true }) })
	})
}

func (u *UploadPage) OnDismount() {
	if u.stop != nil {
		u.stop()
	}
}

func (u *UploadPage) Render() app.UI {
	ready := u.healthy && u.file != nil && u.problem == "" && !u.uploading && !u.running
	label := "Analyze"
	switch {
	case !u.healthy:
		label = "Warming up…"
	case u.uploading:
		label = "Uploading…"
	case u.running:
		label = "Analyzing…"
	}
	field := func(id, text string, input app.UI) app.UI {
		return app.Div().Class("field").Body(app.Label().For(id).Text(text), input)
	}
	sel := func(id string, value string, opts [][2]string, on func(string)) app.UI {
		return app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) { on(ctx.JSSrc().Get("value").String()) }).Body(
			app.Range(opts).Slice(func(i int) app.UI {
				return app.Option().Value(opts[i][0]).Text(opts[i][1]).Selected(opts[i][0] == value)
			}))
	}
	return page("/", u.needKey, func(string) { u.needKey = false; u.problem = "" },
		app.H1().Text("Analyze a video"),
		app.P().Class("lead").Text("Film 3–10 seconds from the side (or from behind), phone held still at hip height. MP4, MOV, AVI or WebM, up to 30 MB."),
		app.Form().Class("card").OnSubmit(u.submit).Body(
			app.Label().For("video").Class("drop").
				OnDragOver(func(ctx app.Context, e app.Event) { e.PreventDefault() }).
				OnDrop(u.drop).Body(
				app.Span().Text(u.fileLabel()),
				app.Input().ID("video").Type("file").Accept("video/mp4,video/quicktime,video/x-msvideo,video/webm,.mp4,.mov,.avi,.webm").
					OnChange(func(ctx app.Context, e app.Event) { u.pick(ctx, ctx.JSSrc().Get("files").Index(0)) }),
			),
			u.renderTrim(),
			app.Div().Class("grid").Body(
				field("activity", "Activity", sel("activity", u.activity, [][2]string{{"running", "Running"}, {"sprint", "Sprint"}, {"jump", "Jump"}, {"lift", "Lift"}}, func(v string) { u.activity = v })),
				app.If(u.activity == "lift", func() app.UI {
					return field("exercise", "Exercise", sel("exercise", u.exercise, [][2]string{{"squat", "Squat"}, {"deadlift", "Deadlift"}, {"bench", "Bench press"}, {"clean", "Clean"}, {"snatch", "Snatch"}, {"press", "Overhead press"}}, func(v string) { u.exercise = v }))
				}),
				field("view", "Camera", sel("view", u.view, [][2]string{{"side_view", "Side view"}, {"back_view", "Back view"}}, func(v string) { u.view = v })),
				field("height", "Height (cm)", app.Input().ID("height").Type("number").Min(80).Max(250).Value(u.height).
					OnInput(func(ctx app.Context, e app.Event) { u.height = ctx.JSSrc().Get("value").String() })),
				field("weight", "Weight (kg)", app.Input().ID("weight").Type("number").Min(20).Max(300).Value(u.weight).
					OnInput(func(ctx app.Context, e app.Event) { u.weight = ctx.JSSrc().Get("value").String() })),
				field("language", "Language", sel("language", u.language, languages, func(v string) { u.language = v })),
				field("where", "Run the model", sel("where", u.where, [][2]string{{WhereAuto, "Auto: this device if fast enough"}, {WhereDevice, "On this device"}, {WhereServer, "On the server"}}, func(v string) {
					u.where = v
					app.Window().Get("localStorage").Call("setItem", whereStorage, `"`+v+`"`)
				})),
				app.Div().Class("field check").Body(
					app.Input().ID("treadmill").Type("checkbox").Checked(u.treadmill).
						OnChange(func(ctx app.Context, e app.Event) {
							u.treadmill = ctx.JSSrc().Get("checked").Bool()
							u.problem = u.check()
						}),
					app.Label().For("treadmill").Text("On a treadmill"),
				),
				app.If(u.treadmill, func() app.UI {
					return field("pace", "Treadmill pace (min:s per km)", app.Input().ID("pace").Placeholder("04:30").Pattern(`[0-9]{1,2}:[0-5][0-9]`).Value(u.pace).
						OnInput(func(ctx app.Context, e app.Event) { u.pace = ctx.JSSrc().Get("value").String(); u.problem = u.check() }))
				}),
				app.If(u.view == "back_view", func() app.UI {
					return app.Div().Class("field check").Body(
						app.Input().ID("fullbody").Type("checkbox").Checked(u.fullBody).
							OnChange(func(ctx app.Context, e app.Event) { u.fullBody = ctx.JSSrc().Get("checked").Bool() }),
						app.Label().For("fullbody").Text("Full body (off: pronation only)"))
				}),
			),
			app.If(u.problem != "", func() app.UI { return app.P().Class("error").Role("alert").Text(u.problem) }),
			app.If(u.notice != "", func() app.UI { return app.P().ID("path").Class("note").Aria("live", "polite").Text(u.notice) }),
			app.If(u.running && u.local != nil, func() app.UI {
				return app.Div().Class("progress").Body(
					app.Progress().Max(u.local.Total).Value(u.local.Frame+1).Aria("label", "analysis progress"),
					app.Span().ID("local-progress").Text(fmt.Sprintf("frame %d / %d, %.1f frames/s", u.local.Frame+1, u.local.Total, u.local.FPS)))
			}),
			app.If(u.uploading, func() app.UI {
				return app.Div().Class("progress").Body(
					app.Progress().Max(u.total).Value(u.sent).Aria("label", "upload progress"),
					app.Span().Text(fmt.Sprintf("%.1f / %.1f MB", u.sent/1e6, u.total/1e6)))
			}),
			app.Button().ID("submit").Type("submit").Disabled(!ready).Text(label),
		),
	)
}

func (u *UploadPage) fileLabel() string {
	if u.file == nil {
		return "Choose or drop a video"
	}
	s := fmt.Sprintf("%s — %.1f MB", u.fileName, float64(u.fileSize)/1e6)
	if u.duration > 0 {
		s += fmt.Sprintf(", %.1f s", u.duration)
	}
	return s
}

func (u *UploadPage) drop(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if files := e.Get("dataTransfer").Get("files"); files.Length() > 0 {
		u.pick(ctx, files.Index(0))
	}
}

// pick checks a chosen file: type and size now, duration from a <video>
// element once its metadata loads.
func (u *UploadPage) pick(ctx app.Context, f app.Value) {
	if !f.Truthy() {
		return
	}
	u.file, u.fileName, u.fileSize, u.duration = f, f.Get("name").String(), int64(f.Get("size").Float()), 0
	u.resetTrim(f, u.fileName)
	u.problem = u.check()
	if u.problem != "" && !trimmable(u.fileName) {
		return // too big or the wrong type, and no cut can help
	}
	url := app.Window().Get("URL").Call("createObjectURL", f)
	v := app.Window().Get("document").Call("createElement", "video")
	v.Set("preload", "metadata")
	var onMeta, onErr app.Func
	done := func() {
		app.Window().Get("URL").Call("revokeObjectURL", url)
		onMeta.Release()
		onErr.Release()
	}
	onMeta = app.FuncOf(func(this app.Value, args []app.Value) any {
		d, w, h := v.Get("duration").Float(), v.Get("videoWidth").Int(), v.Get("videoHeight").Int()
		ctx.Dispatch(func(ctx app.Context) { u.duration = d; u.sized(w, h); u.problem = u.check() })
		done()
		return nil
	})
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) { u.problem = "this browser cannot read the video; the server will check it" })
		done()
		return nil
	})
	v.Call("addEventListener", "loadedmetadata", onMeta)
	v.Call("addEventListener", "error", onErr)
	v.Set("src", url)
}

// check applies the API's rules to what is known so far.
func (u *UploadPage) check() string {
	if u.file == nil {
		return ""
	}
	if _, msg := upload.Check(u.fileName, u.fileSize); msg != "" {
		return msg
	}
	if u.duration > upload.MaxSeconds+0.05 {
		return upload.TooLong(u.duration)
	}
	if u.treadmill && u.pace == "" {
		return upload.PaceRequired
	}
	return ""
}

func (u *UploadPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if u.problem = u.check(); u.problem != "" || u.file == nil || !u.healthy {
		return
	}
	u.notice = ""
	switch {
	case u.where != WhereServer && canRunLocally(u.fileName):
		u.runLocally(ctx, u.where == WhereAuto)
	case u.where == WhereDevice:
		u.problem = "this device analyses MP4 and MOV videos only: choose “On the server” for this file"
	default:
		u.upload(ctx)
	}
}

// params are the form's analysis parameters (pace only on a treadmill);
// a number left blank takes its default.
func (u *UploadPage) params() analysis.Params {
	d := analysis.Defaults()
	num := func(s string, def float64) float64 {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v
		}
		return def
	}
	pace := ""
	if u.treadmill {
		pace = u.pace
	}
	return analysisParams(u.activity, u.view, u.language, pace, u.exercise, num(u.height, d.Height), num(u.weight, d.Weight), u.treadmill, u.fullBody)
}

// runLocally analyses the video in the browser and saves the keypoints;
// in auto mode any failure (model, backend, speed) hands over to the server.
func (u *UploadPage) runLocally(ctx app.Context, auto bool) {
	url := app.Window().Get("URL").Call("createObjectURL", u.file).String()
	u.running, u.local, u.notice = true, nil, "Loading the pose model to run it on this device…"
	params, name, size := u.params(), u.fileName, u.fileSize
	c, cancel := context.WithCancel(context.Background())
	u.stop = cancel
	ctx.Async(func() {
		req := localRequest(ctx, url, params, size, auto)
		res, err := LocalRunner(c, req, func(p LocalProgress) {
			ctx.Dispatch(func(ctx app.Context) {
				u.local = &p
				u.notice = "Analyzing on this device (" + p.Backend + ")…"
			})
		})
		id, note := "", ""
		var local localResult
		if err == nil {
			// The metrics, here, with the server's own code; the server
			// recomputes them from the saved keypoints.
			local, err = computeLocally(params, res.Track)
			note = fmt.Sprintf("Ran on this device: %s backend, %d thread(s), %.1f frames/s, frames by %s, %d landmark runs, %d frames read again; %s.", res.Backend, res.Threads, res.FPS, res.Decoder, res.Runs, res.Reread, local.summary())
		}
		saved := true
		if err == nil {
			id, err = saveBrowserAnalysis(ctx, params, name, res)
			if unreachable(err) {
				id, err, saved = localID(), nil, false
				localResults[id] = local
				note += " Not saved: the server cannot be reached, so these results live in this tab only."
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			u.running = false
			switch {
			case err == nil:
				localVideos[id] = url
				pathNotes[id] = note
				if saved {
					rememberAnalysis(ctx, id, name)
				}
				ctx.Navigate("/analyses/" + id)
			case err == errNeedKey:
				u.needKey, u.problem = true, "this server needs an API key"
			case auto && fallbackReason(err) != "":
				app.Window().Get("URL").Call("revokeObjectURL", url)
				u.notice = "Sent to the server: " + fallbackReason(err) + "."
				u.upload(ctx)
			default:
				app.Window().Get("URL").Call("revokeObjectURL", url)
				u.notice, u.problem = "", "The analysis on this device failed: "+err.Error()
			}
		})
	})
}

// upload sends the video to the server with byte progress.
func (u *UploadPage) upload(ctx app.Context) {
	form := app.Window().Get("FormData").New()
	for k, v := range u.params().Form() {
		form.Call("append", k, v[0])
	}
	form.Call("append", "video", u.file, u.fileName)
	u.uploading, u.sent, u.total = true, 0, float64(u.fileSize)
	xhr := app.Window().Get("XMLHttpRequest").New()
	xhr.Call("open", "POST", "/v1/analyses")
	if k := apiKey(ctx); k != "" {
		xhr.Call("setRequestHeader", "Authorization", "Bearer "+k)
	}
	var onProgress, onLoad, onError app.Func
	release := func() { onProgress.Release(); onLoad.Release(); onError.Release() }
	onProgress = app.FuncOf(func(this app.Value, args []app.Value) any {
		sent, total := args[0].Get("loaded").Float(), args[0].Get("total").Float()
		ctx.Dispatch(func(ctx app.Context) { u.sent, u.total = sent, total })
		return nil
	})
	onLoad = app.FuncOf(func(this app.Value, args []app.Value) any {
		status, body := xhr.Get("status").Int(), xhr.Get("responseText").String()
		release()
		ctx.Dispatch(func(ctx app.Context) { u.uploaded(ctx, status, body) })
		return nil
	})
	onError = app.FuncOf(func(this app.Value, args []app.Value) any {
		release()
		ctx.Dispatch(func(ctx app.Context) {
			u.uploading, u.problem = false, "the upload failed: the server cannot be reached"
		})
		return nil
	})
	xhr.Get("upload").Call("addEventListener", "progress", onProgress)
	xhr.Call("addEventListener", "load", onLoad)
	xhr.Call("addEventListener", "error", onError)
	xhr.Call("send", form)
}

func (u *UploadPage) uploaded(ctx app.Context, status int, body string) {
	u.uploading = false
	var r struct {
		ID     string `json:"id"`
		Detail string `json:"detail"`
	}
	json.Unmarshal([]byte(body), &r)
	switch {
	case status == 401:
		u.needKey, u.problem = true, "this server needs an API key"
	case status == 202 && r.ID != "":
		if u.notice != "" {
			pathNotes[r.ID] = u.notice
		}
		rememberAnalysis(ctx, r.ID, u.fileName)
		ctx.Navigate("/analyses/" + r.ID)
	case r.Detail != "":
		u.problem = r.Detail
	default:
		u.problem = fmt.Sprintf("the upload failed (HTTP %d)", status)
	}
}
