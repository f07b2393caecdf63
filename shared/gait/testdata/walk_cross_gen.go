//go:build ignore

// walk_cross_gen writes walk_cross.json.gz: the real track of the walker of
// ../shared/data/videos/walk_side_sports2d_demo4.mp4 (BSD-3-Clause,
// © David Pagnon; see ../shared/data/SOURCES.md), frames 60–180, as the
// server analyses it for activity=running (ChooseAthlete: legs relabelled
// by motion, gaps filled, low-pass filtered), tracked by `motionlab
// validate` with the full model on AVX-512 kernels (its cache,
// .cache/validate/walk_side_sports2d_demo4.mp4--full-avx512.json). Her right
// foot stands from 104 to 124 while the left swings past it, and the model
// draws the right foot's points on the passing leg for 108–112. The hand
// annotation is tests/validation/walk_side_sports2d_demo4.json. Only the
// image keypoints are stored, rounded; the clip stays in ../shared/data.
// Run from the repository root:
//
//	./bin/motionlab validate --cache .cache/validate   # fills the cache
//	go run shared/gait/testdata/walk_cross_gen.go
package main

import (
	"log"

	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

func main() {
	t, err := testenv.ReadRecording(".cache/validate/walk_side_sports2d_demo4.mp4--full-avx512.json")
	if err != nil {
		log.Fatal(err)
	}
	a := posetrack.ChooseAthlete(t.People, t.FPS, t.Width, t.Height, false)
	frames := testenv.ImageKeypoints(a.Clean.Frames[60:180], 0.1, 0.01)
	err = testenv.WriteGzipJSON("shared/gait/testdata/walk_cross.json.gz", struct {
		FPS    float64        `json:"fps"`
		First  int            `json:"first"`
		Frames []*pose.Person `json:"frames"`
	}{t.FPS, 60, frames})
	if err != nil {
		log.Fatal(err)
	}
}
