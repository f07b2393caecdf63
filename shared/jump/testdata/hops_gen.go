//go:build ignore

// hops_gen writes hops.json.gz: the real track of the jumper of
// ../shared/data/videos/sports2d_demo.mp4 (BSD-3-Clause, © David Pagnon;
// see ../shared/data/SOURCES.md) over his four jumping-jack hops on the box
// (the first 2.8 s; hand annotation in tests/validation/sports2d_demo.json:
// flights 11–20, 29–37, 46–55, 64–72), in the clip and in two of
// `motionlab validate`'s variants of it: "small" (downscaled to 634×356,
// the jumper about 131 px tall) and "15fps" (every other frame). Each is
// the athlete the server analyses for activity=jump (ChooseAthlete,
// vertical, cleaned), as validate tracked it with the full model (its
// cache, .cache/validate/sports2d_demo.mp4-VARIANT-full-avx2.json, named
// -full.json when hops.json.gz was made; the variants' copies are lossless
// since 2026-12-06, so "small" and "15fps" made again are not the tracks
// the tests' comments describe frame by frame). Only the
// image keypoints are stored, rounded (z, presence, world points and
// boxes dropped); the clip stays in ../shared/data. Run from the
// repository root:
//
//	./bin/motionlab validate --cache .cache/validate --variants all   # fills the cache
//	go run shared/jump/testdata/hops_gen.go
package main

import (
	"log"
	"math"

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
	for _, v := range []string{"", "small", "15fps"} {
		t, err := testenv.ReadRecording(".cache/validate/sports2d_demo.mp4-" + v + "-full-avx2.json")
		if err != nil {
			log.Fatal(err)
		}
		a := posetrack.ChooseAthlete(t.People, t.FPS, t.Width, t.Height, true, t.Camera)
		n := int(math.Round(2.8 * t.FPS))
		name := v
		if name == "" {
			name = "original"
		}
		out[name] = clip{FPS: t.FPS, Frames: testenv.ImageKeypoints(a.Clean.Frames[:n], 0.01, 0.001)}
	}
	if err := testenv.WriteGzipJSON("shared/jump/testdata/hops.json.gz", out); err != nil {
		log.Fatal(err)
	}
}
