package app

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/analysis"
)

// VitalsPage records or uploads a face video and shows heart rate,
// breathing, HRV, quality and the pulse waveform (seed 004's API).
type VitalsPage struct {
	app.Compo
	needKey   bool
	problem   string
	status    string
	sent      float64
	total     float64
	sessionID string
	vitals    *analysis.VitalsResult
}

func (v *VitalsPage) Render() app.UI {
	return page("/vitals", v.needKey, func(string) { v.needKey = false; v.problem = "" },
		app.H1().Text("Camera vitals"),
		app.P().Class("lead").Text("Film your face for 10–30 s: phone still, face filling a third of the frame, good even light, no talking."),
		app.Div().Class("card").Body(
			app.Label().For("face-video").Class("drop").Body(
				app.Span().Text("Record or choose a face video"),
				app.Input().ID("face-video").Type("file").Accept("video/*").Attr("capture", "user").
					OnChange(func(ctx app.Context, e app.Event) { v.send(ctx, ctx.JSSrc().Get("files").Index(0)) }),
			),
			app.If(v.status != "", func() app.UI {
				label := map[string]string{"uploading": fmt.Sprintf("Uploading %.1f / %.1f MB", v.sent/1e6, v.total/1e6),
					"processing": "Measuring…", "completed": "Done", "failed": "Failed"}[v.status]
				return app.P().Role("status").Text(label)
			}),
			app.If(v.problem != "", func() app.UI { return app.P().Class("error").Role("alert").Text(v.problem) }),
		),
		app.If(v.vitals != nil, func() app.UI { return v.renderVitals() }),
	)
}

func (v *VitalsPage) renderVitals() app.UI {
	d := v.vitals
	hrv := "–"
	if d.HRV != nil {
		hrv = f0(*d.HRV)
	}
	quality := "low"
	switch {
	case d.Confidence >= 0.7:
		quality = "good"
	case d.Confidence >= 0.4:
		quality = "fair"
	}
	return app.Section().Body(
		cards([]card{
			{"Heart rate", f0(d.HeartRate), "bpm"},
			{"Breathing", f0(d.RespiratoryRate), "breaths/min"},
			{"HRV (RMSSD)", hrv, "ms"},
			{"Confidence", f0(100 * d.Confidence), "% · " + quality},
			{"Signal", f1(d.SignalQuality.SNR), "dB SNR"},
		}),
		app.H2().Text("Pulse"),
		pulseChart(d.Pulse),
	)
}

// pulseChart draws the pulse waveform as SVG.
func pulseChart(p []float64) app.UI {
	if len(p) < 2 {
		return app.Text("")
	}
	const w, h = 600.0, 120.0
	lo, hi := p[0], p[0]
	for _, x := range p {
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi == lo {
		hi = lo + 1
	}
	pts := make([]string, len(p))
	for i, x := range p {
		pts[i] = fmt.Sprintf("%.1f,%.1f", w*float64(i)/float64(len(p)-1), h-h*(x-lo)/(hi-lo))
	}
	return svg("svg").ID("pulse-chart").Attr("viewBox", fmt.Sprintf("0 0 %.0f %.0f", w, h)).Attr("role", "img").
		Attr("aria-label", "pulse waveform").Class("chart").Body(
		svg("polyline").Attr("points", strings.Join(pts, " ")).Attr("fill", "none").Attr("stroke", "#f87171").Attr("stroke-width", "1.5"))
}

// send creates a scan session, uploads the video with progress and polls
// the vitals until they are ready.
func (v *VitalsPage) send(ctx app.Context, f app.Value) {
	if !f.Truthy() {
		return
	}
	v.problem, v.vitals, v.status = "", nil, "uploading"
	v.total = f.Get("size").Float()
	ctx.Async(func() {
		req, err := request(ctx, http.MethodPost, "/v1/scan-session", nil)
		var created struct {
			SessionID string `json:"session_id"`
		}
		if err == nil {
			_, err = do(req, &created)
		}
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err == errNeedKey:
				v.needKey, v.status = true, ""
			case err != nil:
				v.problem, v.status = err.Error(), ""
			default:
				v.sessionID = created.SessionID
				v.upload(ctx, f)
			}
		})
	})
}

func (v *VitalsPage) upload(ctx app.Context, f app.Value) {
	form := app.Window().Get("FormData").New()
	form.Call("append", "file", f, f.Get("name").String())
	xhr := app.Window().Get("XMLHttpRequest").New()
	xhr.Call("open", "POST", "/v1/scan-session/"+v.sessionID+"/video")
	if k := apiKey(ctx); k != "" {
		xhr.Call("setRequestHeader", "Authorization", "Bearer "+k)
	}
	var onProgress, onLoad app.Func
	onProgress = app.FuncOf(func(this app.Value, args []app.Value) any {
		sent := args[0].Get("loaded").Float()
		ctx.Dispatch(func(ctx app.Context) { v.sent = sent })
		return nil
	})
	onLoad = app.FuncOf(func(this app.Value, args []app.Value) any {
		status, body := xhr.Get("status").Int(), xhr.Get("responseText").String()
		onProgress.Release()
		onLoad.Release()
		ctx.Dispatch(func(ctx app.Context) {
			if status != 202 {
				v.status, v.problem = "", fmt.Sprintf("upload refused (HTTP %d): %s", status, body)
				return
			}
			v.status = "processing"
			v.poll(ctx)
		})
		return nil
	})
	xhr.Get("upload").Call("addEventListener", "progress", onProgress)
	xhr.Call("addEventListener", "load", onLoad)
	xhr.Call("send", form)
}

func (v *VitalsPage) poll(ctx app.Context) {
	ctx.Async(func() {
		var r struct {
			Status string                 `json:"status"`
			Error  string                 `json:"error"`
			Vitals *analysis.VitalsResult `json:"vitals"`
		}
		_, err := getJSON(ctx, "/v1/scan-session/"+v.sessionID+"/vitals", &r)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err != nil:
				v.problem = err.Error()
			case r.Status == "completed":
				v.status, v.vitals = "completed", r.Vitals
			case r.Status == "failed":
				v.status, v.problem = "failed", r.Error
			default:
				ctx.After(2*time.Second, v.poll)
			}
		})
	})
}
