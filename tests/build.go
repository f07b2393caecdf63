// Package tests holds MotionLab's black-box end-to-end tests: they build
// the real motionlab binary and drive it as a user would.
package tests
