//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"
	"unsafe"

	mlapp "motionlab/app"
	"motionlab/shared/posetrack"
)

// await waits for p (see mlapp.Await); a rejection's error is its
// reason's message.
func await(p js.Value) (js.Value, error) {
	return mlapp.Await(p, js.FuncOf, func(reason js.Value) string {
		if m := reason.Get("message"); m.Type() == js.TypeString {
			return m.String()
		}
		return reason.String()
	})
}

// bytesOf views a float32 slice as bytes (no copy), for js.CopyBytes*.
func bytesOf(f []float32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(f))), 4*len(f))
}

// toJS copies a Go float32 slice into dst, a JS Float32Array of the same
// length (made once per model: a frame runs the models several times).
func toJS(dst js.Value, f []float32) js.Value {
	js.CopyBytesToJS(js.Global().Get("Uint8Array").New(dst.Get("buffer")), bytesOf(f))
	return dst
}

// fromJS copies a JS Float32Array into dst (grown as needed).
func fromJS(dst []float32, arr js.Value) []float32 {
	n := arr.Get("length").Int()
	if cap(dst) < n {
		dst = make([]float32, n)
	}
	dst = dst[:n]
	js.CopyBytesToGo(bytesOf(dst), js.Global().Get("Uint8Array").New(arr.Get("buffer"), arr.Get("byteOffset"), 4*n))
	return dst
}

// jsModels runs the pose models through public/web/pose.js.
type jsModels struct {
	bridge           js.Value
	detIn, lmIn      []float32
	detJS, lmJS      js.Value // the inputs' JS copies
	boxes, scores    []float32
	landmarks, world []float32
}

func newJSModels(bridge js.Value) *jsModels {
	m := &jsModels{
		bridge: bridge,
		detIn:  make([]float32, posetrack.DetectorSize*posetrack.DetectorSize*3),
		lmIn:   make([]float32, posetrack.LandmarkSize*posetrack.LandmarkSize*3),
	}
	f32 := js.Global().Get("Float32Array")
	m.detJS, m.lmJS = f32.New(len(m.detIn)), f32.New(len(m.lmIn))
	return m
}

func (m *jsModels) DetectorInput() []float32 { return m.detIn }
func (m *jsModels) LandmarkInput() []float32 { return m.lmIn }

func (m *jsModels) RunDetector() ([]float32, []float32, error) {
	out, err := await(m.bridge.Call("detect", toJS(m.detJS, m.detIn)))
	if err != nil {
		return nil, nil, fmt.Errorf("detector: %w", err)
	}
	m.boxes = fromJS(m.boxes, out.Index(0))
	m.scores = fromJS(m.scores, out.Index(1))
	return m.boxes, m.scores, nil
}

func (m *jsModels) RunLandmarks() ([]float32, float32, []float32, error) {
	out, err := await(m.bridge.Call("landmarks", toJS(m.lmJS, m.lmIn)))
	if err != nil {
		return nil, 0, nil, fmt.Errorf("landmarks: %w", err)
	}
	m.landmarks = fromJS(m.landmarks, out.Index(0))
	m.world = fromJS(m.world, out.Index(2))
	return m.landmarks, float32(out.Index(1).Float()), m.world, nil
}

func (m *jsModels) Close() {}
