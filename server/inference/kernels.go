package inference

import (
	"runtime"

	"golang.org/x/sys/cpu"
)

// Kernels names the family of CPU kernels ONNX Runtime runs the models
// with on this machine: "avx512", "avx2" or the architecture. Its MLAS
// library picks them from the CPU (AVX-512F with the OS saving its
// state, else AVX2 with FMA), and the families add in different orders
// (NCHWc blocks of 16 floats against 8): the same photo's keypoints differ
// by a few thousandths of a pixel. That is noise, but the tracker feeds
// each frame's keypoints into the next frame's crop, so a video's tracking
// and the events found in it differ from one family to the other, while
// each family gives the same answer every run (tests/validation/README.md).
func Kernels() string {
	switch {
	case runtime.GOARCH != "amd64":
		return runtime.GOARCH
	case cpu.X86.HasAVX512F:
		return "avx512"
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return "avx2"
	}
	return "amd64"
}
