//go:build !linux

package video

// widenPipe does nothing where pipes cannot be resized.
func widenPipe(any) {}
