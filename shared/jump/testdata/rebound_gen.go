//go:build ignore

// rebound_gen writes rebound.json.gz: the jumper of
// ../shared/data/videos/sports2d_demo.mp4 (BSD-3-Clause, © David Pagnon;
// see ../shared/data/SOURCES.md) over the whole clip (hand annotation in
// tests/validation/sports2d_demo.json: his four hops on the box, flights
// 11–20, 29–37, 46–55, 64–72, and a flip off it, 166–190), tracked with the full model and AVX2 kernels
// with the landmark model's x scaled by 1+J and y by 1−J, J = 10⁻⁶ and
// 3·10⁻⁶ (`motionlab validate --jitter J`: a ten-thousandth of a pixel,
// less than two CPU kernel families differ), so that it is tracked as
// other machines could: the athlete the server analyses for activity=jump
// (ChooseAthlete, vertical, cleaned). Only the image keypoints are stored,
// rounded (as hops_gen.go); the clip stays in ../shared/data. Run from the
// repository root:
//
//	./bin/motionlab validate --cache .cache/validate --clip sports2d_demo.mp4 --jitter 1e-6
//	./bin/motionlab validate --cache .cache/validate --clip sports2d_demo.mp4 --jitter 3e-6
//	go run shared/jump/testdata/rebound_gen.go
package main

import (
	"log"

	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

type clip struct {
	FPS    float64        `json:"fps"`
	Frames []*pose.Person `json:"frames"`
}

func main() {
	out := map[string]clip{}
	for _, j := range []string{"1e-06", "3e-06"} {
		t, err := testenv.ReadRecording(".cache/validate/sports2d_demo.mp4--full-avx2-jitter" + j + ".json")
		if err != nil {
			log.Fatal(err)
		}
		a := posetrack.ChooseAthlete(t.People, t.FPS, t.Width, t.Height, true, t.Camera)
		out[j] = clip{FPS: t.FPS, Frames: testenv.ImageKeypoints(a.Clean.Frames, 0.01, 0.001)}
	}
	if err := testenv.WriteGzipJSON("shared/jump/testdata/rebound.json.gz", out); err != nil {
		log.Fatal(err)
	}
}
