//go:build !linux

package main

// limitMallocArenas: the arena limit is glibc's; elsewhere nothing to do.
func limitMallocArenas() {}
