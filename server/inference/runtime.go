// Package inference runs the converted pose models with ONNX Runtime:
// sessions are created once, with tensors allocated once, and reused for
// every frame.
package inference

import (
	"errors"
	"fmt"
	"os"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// Options configures the runtime and every session made from it.
type Options struct {
	// Library is the path of libonnxruntime.so (from the onnxruntime-node
	// npm tarball, or a GPU build for CUDA).
	Library string
	// Device is "cpu" (default) or "cuda".
	Device string
	// Threads is ONNX Runtime's intra-op thread count per session. On a
	// 2-core machine 1 thread per session beats 2 (measured in BENCHMARKS.md);
	// run one session per core instead.
	Threads int
	// LandmarkEngines is how many landmark-model sessions a video's engine
	// runs in parallel while several people are tracked (1: one after the
	// other; 0: 2 with 2+ cores and 1-thread sessions). Each extra one
	// costs the model's memory (~30 MB for full).
	LandmarkEngines int
}

var (
	initOnce sync.Once
	initErr  error
	initLib  string
)

// Init loads the ONNX Runtime library once per process. Later calls with
// another library path fail rather than silently using the first one.
func Init(lib string) error {
	initOnce.Do(func() {
		initLib = lib
		if _, err := os.Stat(lib); err != nil {
			initErr = fmt.Errorf("onnx runtime library %s: %w (run `make setup`)", lib, err)
			return
		}
		ort.SetSharedLibraryPath(lib)
		if err := ort.InitializeEnvironment(); err != nil {
			initErr = fmt.Errorf("load onnx runtime %s: %w", lib, err)
		}
	})
	if initErr == nil && lib != initLib {
		return fmt.Errorf("onnx runtime already loaded from %s, cannot load %s", initLib, lib)
	}
	return initErr
}

// ErrCUDAUnavailable reports that the CUDA execution provider could not load.
var ErrCUDAUnavailable = errors.New("CUDA execution provider unavailable")

func sessionOptions(o Options) (*ort.SessionOptions, error) {
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, err
	}
	threads := o.Threads
	if threads <= 0 {
		threads = 1
	}
	if err := so.SetIntraOpNumThreads(threads); err != nil {
		so.Destroy()
		return nil, err
	}
	if err := so.SetInterOpNumThreads(1); err != nil {
		so.Destroy()
		return nil, err
	}
	switch o.Device {
	case "", "cpu":
	case "cuda":
		cuda, err := ort.NewCUDAProviderOptions()
		if err == nil {
			err = so.AppendExecutionProviderCUDA(cuda)
			cuda.Destroy()
		}
		if err != nil {
			so.Destroy()
			return nil, fmt.Errorf("%w: %v (needs a GPU build of libonnxruntime with libonnxruntime_providers_cuda.so beside it and CUDA/cuDNN libraries on the loader path; see README)", ErrCUDAUnavailable, err)
		}
	default:
		so.Destroy()
		return nil, fmt.Errorf("unknown device %q (want cpu or cuda)", o.Device)
	}
	return so, nil
}

// session is one model with its input and output tensors bound.
type session struct {
	s    *ort.AdvancedSession
	in   *ort.Tensor[float32]
	outs []*ort.Tensor[float32]
}

type tensorSpec struct {
	name  string
	shape []int64
}

func newSession(path string, input tensorSpec, outputs []tensorSpec, o Options) (*session, error) {
	so, err := sessionOptions(o)
	if err != nil {
		return nil, err
	}
	defer so.Destroy()
	in, err := ort.NewEmptyTensor[float32](ort.NewShape(input.shape...))
	if err != nil {
		return nil, err
	}
	s := &session{in: in}
	names := make([]string, len(outputs))
	values := make([]ort.Value, len(outputs))
	for i, spec := range outputs {
		t, err := ort.NewEmptyTensor[float32](ort.NewShape(spec.shape...))
		if err != nil {
			s.destroy()
			return nil, err
		}
		s.outs = append(s.outs, t)
		names[i], values[i] = spec.name, t
	}
	s.s, err = ort.NewAdvancedSession(path, []string{input.name}, names, []ort.Value{in}, values, so)
	if err != nil {
		s.destroy()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

func (s *session) run() error { return s.s.Run() }

func (s *session) destroy() {
	if s.s != nil {
		s.s.Destroy()
	}
	s.in.Destroy()
	for _, t := range s.outs {
		t.Destroy()
	}
}
