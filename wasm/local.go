//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall/js"
	"time"

	mlapp "motionlab/app"
	"motionlab/shared/camera"
	"motionlab/shared/frame"
	"motionlab/shared/mp4"
	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/shared/track"
)

// probeFrames is how many frames are timed before the runner decides
// whether this device beats the server's estimate.
const probeFrames = 10

// runLocal is app.LocalRunner: the same tracker as the server's pipeline
// (shared/posetrack) over frames decoded by WebCodecs (or grabbed from a
// <video> element where it cannot), with the
// models run by onnxruntime-web, and where the analysis reads it the
// camera's motion (shared/camera's Sampler: the server's method, sampled
// while the camera is still).
func runLocal(ctx context.Context, req mlapp.LocalRequest, progress func(mlapp.LocalProgress)) (*mlapp.LocalResult, error) {
	bridge := js.Global().Get("motionlabPose")
	if !bridge.Truthy() {
		return nil, errors.New("the pose bridge (pose.js) did not load")
	}
	file, fileJS, err := readVideo(req.URL)
	if err != nil {
		return nil, err
	}
	timing, err := mp4.ReadTiming(file)
	if err != nil {
		return nil, fmt.Errorf("the browser path reads MP4/MOV only: %w", err)
	}
	base := req.ModelBase
	if base == "" {
		base = "/web/models/"
	}
	backends := make([]any, len(req.Backends))
	for i, b := range req.Backends {
		backends[i] = b
	}
	info, err := await(bridge.Call("load", map[string]any{
		"detector":  base + "pose_detection.onnx",
		"landmarks": base + "pose_landmark_full.onnx",
		"backends":  backends,
	}))
	if err != nil {
		return nil, fmt.Errorf("load the pose models: %w", err)
	}
	res := &mlapp.LocalResult{Backend: info.Get("backend").String(), WebGL: info.Get("webgl").Bool(), Threads: info.Get("threads").Int()}
	src, w, h, err := openFrames(bridge, req.URL, file, fileJS, timing, req.Seek)
	if err != nil {
		return nil, err
	}
	defer bridge.Call("close")
	res.Decoder = src.how
	eng := posetrack.NewEngine(newJSModels(bridge))
	var cam *camera.Sampler
	if req.Camera {
		cam = camera.NewSampler()
	}
	start := time.Now()
	tracked := 0 // person-frames so far: the server's cost grows with them too
	var boxes []pose.Box
	// Decoded frames are held a few at a time for a way back over a short
	// gap (their buffers turn in decodedFrames); a sought frame is not.
	df, _ := src.Frames.(*decodedFrames)
	var lb *posetrack.Lookback
	if df != nil {
		lb = posetrack.NewLookback(w, h)
	}
	v, err := eng.Track(ctx, src.Frames, timing.FPS, func(i int, img *frame.RGB, found []posetrack.Tracked) error {
		if lb != nil {
			lb.Add(i, img, found) // the frame it gives back is its slot's again anyway
		}
		tracked += max(1, len(found))
		if cam != nil {
			boxes = boxes[:0]
			for _, p := range found {
				boxes = append(boxes, p.Person.Box)
			}
			cam.Add(img, boxes)
		}
		elapsed := time.Since(start).Seconds()
		res.FPS = float64(i+1) / elapsed
		if progress != nil {
			progress(mlapp.LocalProgress{Frame: i, Total: timing.Frames, FPS: res.FPS, Backend: res.Backend})
		}
		if i+1 == probeFrames && req.ServerFrameMS > 0 {
			perFrame := float64(tracked) / probeFrames
			server := float64(timing.Frames)*perFrame*req.ServerFrameMS/1000 + req.ServerOverhead
			if here := elapsed / probeFrames * float64(timing.Frames); here > server {
				return fmt.Errorf("%w (%.1f frames/s here: about %.0f s against the server's %.0f s)",
					mlapp.ErrTooSlow, res.FPS, here, server)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := eng.Backfill(ctx, v, timing.FPS, w, h, src.rewind, lb); err != nil {
		return nil, err
	}
	// The clip's frames over the whole tracking, going back included.
	res.FPS = float64(len(v.People)) / time.Since(start).Seconds()
	res.Runs = v.LandmarkRuns
	if df != nil {
		res.Reread = df.reread
		if df.planes > 0 {
			res.Decoder += " (I420 planes)"
		}
	}
	var motions []track.Motion
	if cam != nil {
		motions = cam.Motions()
	}
	a := posetrack.ChooseAthlete(v.People, timing.FPS, w, h, req.Vertical, motions)
	res.Track = a.Clean
	res.Track.Width, res.Track.Height = w, h
	return res, nil
}

// grabbed is the video's frames as posetrack.Frames, each grabbed by
// seeking the page's <video> to the middle of its display interval (which
// shows exactly that frame) and copied into one reused RGBA frame.
type grabbed struct {
	bridge        js.Value
	fps, duration float64
	n, next       int
	img           *frame.RGB
}

func (g *grabbed) Next() (*frame.RGB, int, error) {
	i := g.next
	if i >= g.n {
		return nil, i, io.EOF
	}
	g.next++
	t := min((float64(i)+0.5)/g.fps, g.duration-0.001)
	px, err := await(g.bridge.Call("grab", t))
	if err != nil {
		return nil, i, err
	}
	toRGB(g.img, px)
	return g.img, i, nil
}

// readVideo fetches the video's bytes (an object URL: no network), in Go
// and as the JavaScript array they were read into (the decoder's input).
func readVideo(url string) ([]byte, js.Value, error) {
	resp, err := await(js.Global().Call("fetch", url))
	if err != nil {
		return nil, js.Value{}, fmt.Errorf("read the video: %w", err)
	}
	buf, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return nil, js.Value{}, fmt.Errorf("read the video: %w", err)
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, arr.Length())
	js.CopyBytesToGo(b, arr)
	return b, arr, nil
}

// frameSource is where the frames come from, how (for the page's note),
// and how to read them again (posetrack's backfill).
type frameSource struct {
	posetrack.Frames
	how    string
	rewind posetrack.Rewind
}

// openFrames decodes the video in order with WebCodecs when the browser
// can (H.264 or VP9, picture not rotated): no seeking, which costs about
// as much as the models per frame. Otherwise it grabs frames by seeking a
// <video> element.
func openFrames(bridge js.Value, url string, file []byte, fileJS js.Value, timing mp4.Timing, seek bool) (frameSource, int, int, error) {
	if d, err := mp4.ReadDecoding(file); err == nil && !seek && !d.Rotated && len(d.Samples) == timing.Frames {
		samples := make([]any, len(d.Samples))
		for i, s := range d.Samples {
			samples[i] = []any{s.Offset, s.Size, s.Key, s.Time, s.Duration}
		}
		cfg := map[string]any{"codec": d.Codec, "codedWidth": d.Width, "codedHeight": d.Height}
		if d.Description != nil {
			desc := js.Global().Get("Uint8Array").New(len(d.Description))
			js.CopyBytesToJS(desc, d.Description)
			cfg["description"] = desc
		}
		matrices := []any{}
		for _, n := range frame.MatrixNames() {
			matrices = append(matrices, n)
		}
		args := []any{fileJS, cfg, samples, matrices}
		if _, err := await(bridge.Call("openDecoder", args...)); err == nil {
			df := &decodedFrames{bridge: bridge, w: d.Width, h: d.Height}
			return frameSource{df, "WebCodecs", df.rewind(args)}, d.Width, d.Height, nil
		}
		bridge.Call("close")
	}
	meta, err := await(bridge.Call("open", url))
	if err != nil {
		return frameSource{}, 0, 0, err
	}
	w, h := meta.Get("width").Int(), meta.Get("height").Int()
	if w <= 0 || h <= 0 {
		bridge.Call("close")
		return frameSource{}, 0, 0, errors.New("the video has no picture")
	}
	g := &grabbed{bridge: bridge, fps: timing.FPS, n: timing.Frames, duration: meta.Get("duration").Float(),
		img: newRGB(w, h)}
	rewind := func(from int) (posetrack.Frames, error) {
		again := *g
		again.next = from // each frame is sought anyway
		return &again, nil
	}
	return frameSource{g, "seeking", rewind}, w, h, nil
}

// newRGB is a frame for a canvas's RGBA pixels, read as they are (a
// whole-frame conversion costs Go's WebAssembly more than the crops).
func newRGB(w, h int) *frame.RGB {
	return &frame.RGB{W: w, H: h, Stride: 4 * w, Pix: make([]byte, 4*w*h), Alpha: true}
}

// decodedFrames are the frames WebCodecs decodes, in presentation order:
// the decoder's I420 planes where pose.js passes them, else RGBA.
//
// Each frame is copied into the next of a few buffers in turn, so that the
// frames the tracking's Lookback holds (the last LookbackFrames) stay as
// they were while the next is read.
type decodedFrames struct {
	bridge js.Value
	w, h   int
	next   int
	slots  [posetrack.LookbackFrames + 1]slot
	planes int // frames read as I420 planes
	skipTo int // frames before this one are decoded but not copied
	reread int // frames decoded again (going back), copied or not

	rereading bool
}

// slot is one frame's buffers.
type slot struct {
	img    *frame.RGB // the RGBA frame (made when first needed)
	yuv    frame.RGB  // the I420 frame, in buf
	chroma frame.Chroma
	buf    []byte
}

// rewind is posetrack.Rewind for d: the decoder opened again with args
// (openDecoder's), decoding from the first frame.
func (d *decodedFrames) rewind(args []any) posetrack.Rewind {
	return func(from int) (posetrack.Frames, error) {
		d.bridge.Call("close")
		if _, err := await(d.bridge.Call("openDecoder", args...)); err != nil {
			return nil, fmt.Errorf("open the decoder again: %w", err)
		}
		d.next, d.skipTo, d.rereading = 0, from, true
		return d, nil
	}
}

func (d *decodedFrames) Next() (*frame.RGB, int, error) {
	for d.next < d.skipTo {
		px, err := await(d.bridge.Call("decodeNext", true))
		if err != nil {
			return nil, d.next, err
		}
		if px.IsNull() {
			return nil, d.next, io.EOF
		}
		d.next++
		d.count()
	}
	px, err := await(d.bridge.Call("decodeNext", false))
	if err != nil {
		return nil, d.next, err
	}
	if px.IsNull() {
		return nil, d.next, io.EOF
	}
	i := d.next
	d.next++
	d.count()
	sl := &d.slots[i%len(d.slots)]
	if px.Get("layout").Truthy() {
		img, err := d.toI420(sl, px)
		if err != nil {
			return nil, i, fmt.Errorf("frame %d: %w", i, err)
		}
		d.planes++
		return img, i, nil
	}
	if sl.img == nil {
		sl.img = newRGB(d.w, d.h)
	}
	toRGB(sl.img, px)
	return sl.img, i, nil
}

// count counts a frame decoded again.
func (d *decodedFrames) count() {
	if d.rereading {
		d.reread++
	}
}

// toI420 copies a frame's I420 planes from JavaScript into sl.yuv.
func (d *decodedFrames) toI420(sl *slot, px js.Value) (*frame.RGB, error) {
	pix, layout := px.Get("pix"), px.Get("layout")
	m, ok := frame.MatrixNamed(px.Get("matrix").String(), px.Get("full").Bool())
	if !ok || layout.Length() != 6 {
		return nil, fmt.Errorf("I420 planes in matrix %q, %d layout numbers", px.Get("matrix").String(), layout.Length())
	}
	var l [6]int
	for j := range l {
		l[j] = layout.Index(j).Int()
	}
	w, h, n := d.w, d.h, pix.Length()
	cw, ch := (w+1)/2, (h+1)/2
	if l[1] < w || l[3] < cw || l[5] != l[3] || l[0]+l[1]*(h-1)+w > n || l[2]+l[3]*(ch-1)+cw > n || l[4]+l[5]*(ch-1)+cw > n {
		return nil, fmt.Errorf("I420 planes %v do not fit %d bytes of a %d×%d frame", l, n, w, h)
	}
	if cap(sl.buf) < n {
		sl.buf = make([]byte, n)
	}
	buf := sl.buf[:n]
	js.CopyBytesToGo(buf, pix)
	sl.chroma = frame.Chroma{U: buf[l[2]:], V: buf[l[4]:], Stride: l[3], Matrix: m}
	sl.yuv = frame.RGB{W: w, H: h, Stride: l[1], Pix: buf[l[0]:], YUV: &sl.chroma}
	return &sl.yuv, nil
}

// toRGB copies a frame's RGBA pixels from JavaScript into img.
func toRGB(img *frame.RGB, px js.Value) {
	js.CopyBytesToGo(img.Pix, px)
}
