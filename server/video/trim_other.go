//go:build !linux

package video

// ReleaseMemory does nothing where the C library has no malloc_trim.
func ReleaseMemory() {}
