//go:build ignore

// walker_small_gen writes walker_small.json.gz: the real track of the
// walker crossing ../shared/data/videos/sports2d_demo.mp4 (BSD-3-Clause,
// © David Pagnon; see ../shared/data/SOURCES.md), filmed smaller: the
// clip downscaled with ffmpeg until she is about 150 px tall (the
// validation's "small" copy), frames 60–200, as the server analyses it for
// activity=running (ChooseAthlete: legs relabelled by motion, gaps
// filled, low-pass filtered), tracked by `motionlab validate --variants
// small` with the full model (its cache,
// .cache/validate/sports2d_demo.mp4-small-full.json). The hand annotation
// is tests/validation/sports2d_demo.json. Only the image keypoints are
// stored, rounded; the clip stays in ../shared/data. Run from the
// repository root:
//
//	./bin/motionlab validate --cache .cache/validate --variants small   # fills the cache
//	go run shared/gait/testdata/walker_small_gen.go
package main

import (
	"log"

	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

func main() {
	t, err := testenv.ReadRecording(".cache/validate/sports2d_demo.mp4-small-full.json")
	if err != nil {
		log.Fatal(err)
	}
	a := posetrack.ChooseAthlete(t.People, t.FPS, t.Width, t.Height, false)
	frames := testenv.ImageKeypoints(a.Clean.Frames[60:200], 0.1, 0.01)
	err = testenv.WriteGzipJSON("shared/gait/testdata/walker_small.json.gz", struct {
		FPS    float64        `json:"fps"`
		First  int            `json:"first"`
		Frames []*pose.Person `json:"frames"`
	}{t.FPS, 60, frames})
	if err != nil {
		log.Fatal(err)
	}
}
