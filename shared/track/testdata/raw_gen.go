//go:build ignore

// raw_gen writes the real raw track the leg-swap tests read: the
// athlete's keypoints as the landmark model gave them (before any label
// fix), from the tracking `motionlab validate` caches with the full model
// on AVX2 kernels. Only the image keypoints are stored, rounded, with the
// clip frame the file starts at ("first"); the clip stays in
// ../shared/data (BSD-3-Clause, © David Pagnon; see
// ../shared/data/SOURCES.md), its hand annotation is in tests/validation.
//
//   - walk_raw.json.gz: the walker of walk_side_sports2d_demo4.mp4,
//     frames 30–75 (fixed camera): her right foot stands 38–61 while the
//     left swings past it and lands at 57; the model's labels are wrong at
//     46, 48–52 and 57–59, and at 60 it draws both legs between the feet.
//
// Run from the repository root:
//
//	./bin/motionlab validate --cache .cache/validate   # fills the caches
//	go run shared/track/testdata/raw_gen.go
package main

import (
	"log"

	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

func main() {
	t, err := testenv.ReadRecording(".cache/validate/walk_side_sports2d_demo4.mp4--full-avx2.json")
	if err != nil {
		log.Fatal(err)
	}
	const first, last = 30, 76
	a := posetrack.Choose(t.People, t.FPS, t.Width, t.Height, posetrack.Subject(t.People, t.Width, t.Height), nil)
	frames := testenv.ImageKeypoints(a.Raw.Frames[first:last], 0.1, 0.01)
	err = testenv.WriteGzipJSON("shared/track/testdata/walk_raw.json.gz", struct {
		FPS    float64        `json:"fps"`
		First  int            `json:"first"`
		Frames []*pose.Person `json:"frames"`
	}{t.FPS, first, frames})
	if err != nil {
		log.Fatal(err)
	}
}
