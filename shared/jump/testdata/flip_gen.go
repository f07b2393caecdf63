//go:build ignore

// flip_gen writes flip.json.gz: the real track of the jumper of
// ../shared/data/videos/sports2d_demo.mp4 (BSD-3-Clause, © David Pagnon;
// see ../shared/data/SOURCES.md) from the start of the clip through his
// front flip off the box onto the grass (frames 0–215; hand annotation in
// tests/validation/sports2d_demo.json: the four hops, then the flip's
// take-off at 166 and landing at 190). It is the athlete the server
// analyses for activity=jump (ChooseAthlete, vertical, cleaned), as
// validate tracked it with the full model (its cache,
// .cache/validate/sports2d_demo.mp4--full.json): the tracker follows him
// through the flip by turning its crop (posetrack's turn). Only the image
// keypoints are stored, rounded; the clip stays in ../shared/data. Run
// from the repository root:
//
//	./bin/motionlab validate --cache .cache/validate   # fills the cache
//	go run shared/jump/testdata/flip_gen.go
package main

import (
	"log"

	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

func main() {
	t, err := testenv.ReadRecording(".cache/validate/sports2d_demo.mp4--full.json")
	if err != nil {
		log.Fatal(err)
	}
	a := posetrack.ChooseAthlete(t.People, t.FPS, t.Width, t.Height, true, t.Camera)
	out := struct {
		FPS    float64        `json:"fps"`
		Frames []*pose.Person `json:"frames"`
	}{t.FPS, testenv.ImageKeypoints(a.Clean.Frames[:216], 0.01, 0.001)}
	if err := testenv.WriteGzipJSON("shared/jump/testdata/flip.json.gz", out); err != nil {
		log.Fatal(err)
	}
}
