package app

import (
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/mp4"
	"motionlab/shared/upload"
)

// Trim before upload (issue 21, item 4), in the browser: the kept part of
// an MP4/MOV is cut at keyframes and written into a new MP4 by
// shared/mp4 (no re-encoding, nothing leaves the device), so a long phone
// clip becomes one the API accepts. A crop of an H.264 file rewrites the
// stream's cropping window (shared/mp4/crop.go): still no re-encoding.
// Where the nearest keyframe is more than half a frame before the start,
// or the crop needs it (VP9), the frames are decoded and encoded again
// with WebCodecs, exactly from the start. Other containers are not cut
// here; the page says so.

// trimState is the upload page's trim part. orig is the file as picked,
// so that a second cut starts from it, not from the first cut.
type trimState struct {
	orig       app.Value
	name       string
	start, end string
	busy       bool
	note       string // what the cut did to the file
	problem    string

	width, height int       // the picked video's picture size
	crop          bool      // keep only a rectangle of the picture
	rect          [4]string // x, y, width, height fields
}

// resetTrim forgets any cut: a new file was picked.
func (u *UploadPage) resetTrim(f app.Value, name string) {
	u.trim = trimState{orig: f, name: name}
}

// sized records the picked video's picture size (from its metadata).
func (u *UploadPage) sized(w, h int) {
	u.trim.width, u.trim.height = w, h
}

// cropRect is the crop fields as a rectangle (empty fields: the whole
// picture); nil when not cropping.
func (u *UploadPage) cropRect() (*mp4.Rect, error) {
	if !u.trim.crop {
		return nil, nil
	}
	full := []int{0, 0, u.trim.width, u.trim.height}
	var v [4]int
	for i, f := range u.trim.rect {
		v[i] = full[i]
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("the crop takes whole pixels, not %q", f)
		}
		v[i] = n
	}
	return &mp4.Rect{X: v[0], Y: v[1], W: v[2], H: v[3]}, nil
}

func (u *UploadPage) renderCrop() app.UI {
	full := []int{0, 0, u.trim.width, u.trim.height}
	names := []string{"x", "y", "w", "h"}
	labels := []string{"Left (px)", "Top (px)", "Width (px)", "Height (px)"}
	fields := make([]app.UI, 4)
	for i := range fields {
		value := u.trim.rect[i]
		if value == "" {
			value = strconv.Itoa(full[i])
		}
		fields[i] = app.Div().Class("field").Body(app.Label().For("trim-"+names[i]).Text(labels[i]),
			app.Input().ID("trim-"+names[i]).Type("number").Min(0).Step(1).Value(value).
				OnChange(func(ctx app.Context, e app.Event) { u.trim.rect[i] = ctx.JSSrc().Get("value").String() }))
	}
	return app.Div().Body(
		app.Div().Class("field check").Body(
			app.Input().ID("trim-crop").Type("checkbox").Checked(u.trim.crop).
				OnChange(func(ctx app.Context, e app.Event) { u.trim.crop = ctx.JSSrc().Get("checked").Bool() }),
			app.Label().For("trim-crop").Text(fmt.Sprintf("Crop the picture (%d×%d now)", u.trim.width, u.trim.height))),
		app.If(u.trim.crop, func() app.UI { return app.Div().Class("grid").Body(fields...) }),
	)
}

func trimmable(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".mp4" || ext == ".mov" || ext == ".m4v"
}

// trimBounds are the start and end fields, defaulting to the whole clip
// up to the API's limit.
func (u *UploadPage) trimBounds() (string, string) {
	s, e := u.trim.start, u.trim.end
	if s == "" {
		s = "0"
	}
	if e == "" {
		e = strconv.FormatFloat(min(upload.MaxSeconds, u.duration), 'f', 1, 64)
	}
	return s, e
}

func (u *UploadPage) renderTrim() app.UI {
	if u.trim.orig == nil {
		return app.Text("")
	}
	if !trimmable(u.trim.name) {
		return app.P().ID("trim-note").Class("note").Text("Trimming in the browser works on MP4 and MOV files (cut at keyframes); this file would need re-encoding, which this app does not do yet.")
	}
	start, end := u.trimBounds()
	num := func(id, label, value string, set func(string)) app.UI {
		return app.Div().Class("field").Body(app.Label().For(id).Text(label),
			app.Input().ID(id).Type("number").Min(0).Step(0.1).Value(value).
				// On change, not on input: a number field reads "" while
				// "2." is being typed, which would reset it mid-typing.
				OnChange(func(ctx app.Context, e app.Event) { set(ctx.JSSrc().Get("value").String()) }))
	}
	label := "Cut"
	if u.trim.busy {
		label = "Cutting…"
	}
	return app.Details().ID("trim").Open(u.duration > upload.MaxSeconds || u.trim.note != "").Body(
		app.Summary().Text(fmt.Sprintf("Trim (keep up to %.0f s)", upload.MaxSeconds)),
		app.Div().Class("grid").Body(
			num("trim-start", "Start (s)", start, func(v string) { u.trim.start = v }),
			num("trim-end", "End (s)", end, func(v string) { u.trim.end = v }),
		),
		u.renderCrop(),
		app.Button().ID("trim-apply").Type("button").Class("quiet").Disabled(u.trim.busy).Text(label).OnClick(u.applyTrim),
		app.P().Class("note").Text("Cut on this device, at keyframes without re-encoding where one falls on the start; otherwise re-encoded (H.264) from exactly the start. The sound is dropped. A crop of an H.264 video (not rotated) changes the stream's cropping window, its left edge moved left to a multiple of 64 pixels; other crops are re-encoded."),
		app.If(u.trim.note != "", func() app.UI { return app.P().ID("trim-done").Class("note").Aria("live", "polite").Text(u.trim.note) }),
		app.If(u.trim.problem != "", func() app.UI { return app.P().ID("trim-problem").Class("error").Text(u.trim.problem) }),
	)
}

// applyTrim cuts the picked file and puts the cut in its place.
func (u *UploadPage) applyTrim(ctx app.Context, e app.Event) {
	s, en := u.trimBounds()
	start, err1 := strconv.ParseFloat(s, 64)
	end, err2 := strconv.ParseFloat(en, 64)
	if err1 != nil || err2 != nil || end <= start {
		u.trim.problem = "give a start and an end in seconds, the end after the start"
		return
	}
	crop, err := u.cropRect()
	if err != nil {
		u.trim.problem = err.Error()
		return
	}
	src, name := u.trim.orig, u.trim.name
	u.trim.busy, u.trim.problem = true, ""
	ctx.Async(func() {
		file, cut, err := cutFile(src, name, mp4.Options{Start: start, End: end, MaxLen: upload.MaxSeconds, Crop: crop})
		ctx.Dispatch(func(ctx app.Context) {
			u.trim.busy = false
			if err != nil {
				u.trim.problem = "could not cut this file: " + err.Error()
				return
			}
			u.file, u.fileName, u.fileSize, u.duration = file, file.Get("name").String(), int64(file.Get("size").Float()), cut.Duration()
			u.trim.note = fmt.Sprintf("%s; %.1f MB → %.1f MB.", upperFirst(cut.String()), src.Get("size").Float()/1e6, float64(u.fileSize)/1e6)
			u.problem = u.check()
		})
	})
}

// needsEncoding says whether a cut must decode and re-encode the frames:
// the keyframe cut starts more than half a frame before the asked start
// (the stream has few keyframes), or the crop is one the stream's cropping
// window cannot hold (a VP9 file).
func needsEncoding(b []byte, cut mp4.Cut, o mp4.Options, err error) (bool, string) {
	t, terr := mp4.ReadTiming(b)
	if terr != nil {
		return false, ""
	}
	if err != nil {
		return o.Crop != nil, "this crop needs re-encoding"
	}
	if o.Start-cut.Start > 0.5/t.FPS {
		return true, fmt.Sprintf("the nearest keyframe is at %.2f s", cut.Start)
	}
	return false, ""
}

// encodeCut cuts exactly at o.Start (and crops) by decoding and encoding
// again with the browser's WebCodecs (public/web/pose.js reencode); the
// frames are written into a new MP4 by shared/mp4.
func encodeCut(in app.Value, b []byte, o mp4.Options) ([]byte, mp4.Cut, error) {
	d, err := mp4.ReadDecoding(b)
	if err != nil {
		return nil, mp4.Cut{}, err
	}
	if d.Rotated {
		return nil, mp4.Cut{}, errors.New("the picture is rotated by the file's metadata")
	}
	end := o.End
	if o.MaxLen > 0 {
		end = min(end, o.Start+o.MaxLen)
	}
	startUs, endUs := int64(o.Start*1e6), int64(end*1e6)
	first := 0 // the last keyframe shown at or before the start
	for i, s := range d.Samples {
		if s.Key && s.Time <= startUs {
			first = i
		}
	}
	var samples []any
	for _, s := range d.Samples[first:] {
		if s.Key && s.Time >= endUs {
			break
		}
		samples = append(samples, []any{s.Offset, s.Size, s.Key, s.Time, s.Duration})
	}
	cfg := map[string]any{"codec": d.Codec, "codedWidth": d.Width, "codedHeight": d.Height}
	if d.Description != nil {
		desc := app.Window().Get("Uint8Array").New(len(d.Description))
		app.CopyBytesToJS(desc, d.Description)
		cfg["description"] = desc
	}
	var crop any
	cut := mp4.Cut{Start: o.Start, HadSound: d.Sound, Encoded: true}
	if o.Crop != nil {
		r := evenRect(*o.Crop, d.Width, d.Height)
		crop, cut.Crop = map[string]any{"x": r.X, "y": r.Y, "width": r.W, "height": r.H}, &r
	}
	t, _ := mp4.ReadTiming(b)
	res, err := awaitJS(app.Window().Get("motionlabPose").Call("reencode", in, cfg, samples, startUs, endUs, crop, t.FPS))
	if err != nil {
		return nil, cut, err
	}
	desc := make([]byte, res.Get("description").Length())
	app.CopyBytesToGo(desc, res.Get("description"))
	js := res.Get("frames")
	frames := make([]mp4.Frame, js.Length())
	var us int64
	for i := range frames {
		f := js.Index(i)
		frames[i] = mp4.Frame{Data: make([]byte, f.Index(0).Length()), Key: f.Index(1).Bool(), Duration: int64(f.Index(2).Float())}
		app.CopyBytesToGo(frames[i].Data, f.Index(0))
		us += frames[i].Duration
	}
	out, err := mp4.Encoded(frames, desc, res.Get("width").Int(), res.Get("height").Int())
	cut.End, cut.Frames = o.Start+float64(us)/1e6, len(frames)
	return out, cut, err
}

// evenRect is r inside a w×h picture with even corners (4:2:0 chroma).
func evenRect(r mp4.Rect, w, h int) mp4.Rect {
	x, y := max(0, r.X)&^1, max(0, r.Y)&^1
	return mp4.Rect{X: x, Y: y, W: min(r.W, w-x) &^ 1, H: min(r.H, h-y) &^ 1}
}

// cutFile reads a File's bytes into Go, trims them and makes a new File.
func cutFile(src app.Value, name string, o mp4.Options) (app.Value, mp4.Cut, error) {
	buf, err := awaitJS(src.Call("arrayBuffer"))
	if err != nil {
		return nil, mp4.Cut{}, fmt.Errorf("read the file: %w", err)
	}
	in := app.Window().Get("Uint8Array").New(buf)
	b := make([]byte, in.Length())
	app.CopyBytesToGo(b, in)
	out, cut, err := mp4.Trim(b, o)
	if exact, why := needsEncoding(b, cut, o, err); exact {
		if out, cut, err = encodeCut(in, b, o); err != nil {
			return nil, cut, fmt.Errorf("%s, and re-encoding failed: %w", why, err)
		}
	}
	if err != nil {
		return nil, cut, err
	}
	arr := app.Window().Get("Uint8Array").New(len(out))
	app.CopyBytesToJS(arr, out)
	opts := app.Window().Get("Object").New()
	opts.Set("type", "video/mp4")
	newName := strings.TrimSuffix(name, path.Ext(name)) + "-trim.mp4"
	return app.Window().Get("File").New(app.Window().Get("Array").New(arr), newName, opts), cut, nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
