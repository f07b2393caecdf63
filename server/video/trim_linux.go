package video

// #include <malloc.h>
import "C"

// ReleaseMemory hands the C heap's free pages back to the operating system
// (glibc's malloc_trim, which also releases free pages inside its arenas).
// FFmpeg's decoder, OpenCV's frames and ONNX Runtime's buffers are freed
// when a video is done, but glibc keeps the pages; the next job's buffers
// then stack on top of them in the server's resident memory.
func ReleaseMemory() { C.malloc_trim(0) }
