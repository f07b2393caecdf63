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
	"motionlab/shared/frame"
	"motionlab/shared/mp4"
	"motionlab/shared/posetrack"
)

// probeFrames is how many frames are timed before the runner decides
// whether this device beats the server's estimate.
const probeFrames = 10

// runLocal is app.LocalRunner: the same tracker as the server's pipeline
// (shared/posetrack) over frames grabbed from a <video> element, with the
// models run by onnxruntime-web.
func runLocal(ctx context.Context, req mlapp.LocalRequest, progress func(mlapp.LocalProgress)) (*mlapp.LocalResult, error) {
	bridge := js.Global().Get("motionlabPose")
	if !bridge.Truthy() {
		return nil, errors.New("the pose bridge (pose.js) did not load")
	}
	timing, err := readTiming(req.URL)
	if err != nil {
		return nil, err
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
	meta, err := await(bridge.Call("open", req.URL))
	if err != nil {
		return nil, err
	}
	defer bridge.Call("close")
	w, h := meta.Get("width").Int(), meta.Get("height").Int()
	if w <= 0 || h <= 0 {
		return nil, errors.New("the video has no picture")
	}
	duration := meta.Get("duration").Float()

	eng := posetrack.NewEngine(newJSModels(bridge))
	src := &grabbed{bridge: bridge, fps: timing.FPS, n: timing.Frames, duration: duration,
		img: &frame.RGB{W: w, H: h, Stride: 3 * w, Pix: make([]byte, 3*w*h)}, rgba: make([]byte, 4*w*h)}
	start := time.Now()
	tracked := 0 // person-frames so far: the server's cost grows with them too
	v, err := eng.Track(ctx, src, timing.FPS, func(i int, _ *frame.RGB, found []posetrack.Tracked) error {
		tracked += max(1, len(found))
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
	people := v.People
	a := posetrack.ChooseAthlete(people, timing.FPS, w, h, req.Vertical)
	res.Track = a.Clean
	res.Track.Width, res.Track.Height = w, h
	return res, nil
}

// grabbed is the video's frames as posetrack.Frames, each grabbed by
// seeking the page's <video> to the middle of its display interval (which
// shows exactly that frame) and converted from RGBA into one reused frame.
type grabbed struct {
	bridge        js.Value
	fps, duration float64
	n, next       int
	img           *frame.RGB
	rgba          []byte
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
	js.CopyBytesToGo(g.rgba, px)
	for p, q := 0, 0; p < len(g.rgba); p, q = p+4, q+3 {
		g.img.Pix[q], g.img.Pix[q+1], g.img.Pix[q+2] = g.rgba[p], g.rgba[p+1], g.rgba[p+2]
	}
	return g.img, i, nil
}

// readTiming fetches the video's bytes (an object URL: no network) and
// reads its frame count and rate from the MP4/MOV sample table.
func readTiming(url string) (mp4.Timing, error) {
	resp, err := await(js.Global().Call("fetch", url))
	if err != nil {
		return mp4.Timing{}, fmt.Errorf("read the video: %w", err)
	}
	buf, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return mp4.Timing{}, fmt.Errorf("read the video: %w", err)
	}
	b := make([]byte, buf.Get("byteLength").Int())
	js.CopyBytesToGo(b, js.Global().Get("Uint8Array").New(buf))
	t, err := mp4.ReadTiming(b)
	if err != nil {
		return mp4.Timing{}, fmt.Errorf("the browser path reads MP4/MOV only: %w", err)
	}
	return t, nil
}
