package app

import (
	"context"
	"errors"

	"motionlab/shared/track"
)

// Browser inference: wasm/ sets LocalRunner to a runner that tracks the
// athlete with onnxruntime-web and shared/posetrack; the pages here only
// decide when to use it and what to do with its track. On the server (and
// before wasm/ sets it) it is nil and every analysis goes to the server.
var LocalRunner func(ctx context.Context, req LocalRequest, progress func(LocalProgress)) (*LocalResult, error)

// LocalRequest says what to analyse in the browser.
type LocalRequest struct {
	URL      string   // object URL of the chosen video
	Vertical bool     // choose the athlete who moves most up and down (jumps)
	Camera   bool     // estimate the camera's motion (the analysis reads it)
	Backends []string // only these backends (webgpu, webgl, wasm); empty: best available
	Seek     bool     // grab frames by seeking a <video>, not with WebCodecs
	// ModelBase is where the ONNX models are served (default /web/models/).
	ModelBase string
	// ServerFrameMS is the server's measured cost per frame and
	// ServerOverhead its fixed delay in seconds (upload, queue): when the
	// browser's measured speed projects longer than the server would take,
	// the runner stops with ErrTooSlow (ServerFrameMS 0: never).
	ServerFrameMS, ServerOverhead float64
}

// LocalProgress reports each analysed frame.
type LocalProgress struct {
	Frame, Total int
	FPS          float64 // frames analysed per second so far
	Backend      string
}

// LocalResult is the athlete's cleaned track and how it was made.
type LocalResult struct {
	Track   track.Track // cleaned, with the video's size
	Backend string      // webgpu, webgl or wasm
	WebGL   bool        // whether the browser offers WebGL at all
	Threads int         // WASM threads (2+ only when cross-origin isolated)
	FPS     float64     // frames analysed per second
	Decoder string      // how frames were read: "WebCodecs" or "seeking" a <video>
	Runs    int         // landmark-model runs (every tracked person, every frame they ran)
	Reread  int         // frames decoded again to go back for the athlete (posetrack.Backfill)
}

// ErrTooSlow means the browser would take longer than the server.
var ErrTooSlow = errors.New("this device would be slower than the server")
