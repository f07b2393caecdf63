//go:build ignore

// standing_gen writes standing.json.gz, the real track of a person who
// stands still: the first 8 s (frames 0–239) of
// ../shared/data/videos/backsquat_side_rohanx01_squat.mp4 (MIT,
// rohanx01/Squat-Analysis-Model; he stands about 9 s before his first
// rep), as `motionlab validate` tracked it with the full model (its cache,
// .cache/validate/backsquat_side_rohanx01_squat.mp4--full.json). Only
// these derived keypoints are stored, rounded (world points dropped); the
// clip stays in ../shared/data. Run from the repository root:
//
//	./bin/motionlab validate --cache .cache/validate   # fills the cache
//	go run shared/analysis/testdata/standing_gen.go
package main

import (
	"log"

	"motionlab/tests/testenv"
)

func main() {
	t, err := testenv.ReadRecording(".cache/validate/backsquat_side_rohanx01_squat.mp4--full.json")
	if err != nil {
		log.Fatal(err)
	}
	const n = 240
	t.People, t.Camera = t.People[:n], t.Camera[:n]
	for _, ps := range t.People {
		for i := range ps {
			p := &ps[i].Person
			p.World = nil
			for j := range p.Keypoints {
				k := &p.Keypoints[j]
				k.X, k.Y, k.Z = testenv.Round(k.X, 0.01), testenv.Round(k.Y, 0.01), testenv.Round(k.Z, 0.01)
				k.Visibility, k.Presence = testenv.Round(k.Visibility, 0.001), testenv.Round(k.Presence, 0.001)
			}
		}
	}
	if err := testenv.WriteGzipJSON("shared/analysis/testdata/standing.json.gz", t); err != nil {
		log.Fatal(err)
	}
}
