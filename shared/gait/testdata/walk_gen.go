//go:build ignore

// walk_gen writes walk.json.gz: the real track of the walker of
// ../shared/data/videos/walk_side_sports2d_demo4.mp4 (BSD-3-Clause,
// © David Pagnon; see ../shared/data/SOURCES.md) over its first 4.5 s, as
// the server analyses it for activity=running (ChooseAthlete: legs
// relabelled by motion, gaps filled, low-pass filtered), tracked by
// `motionlab validate` with the full model (its cache,
// .cache/validate/walk_side_sports2d_demo4.mp4--full.json). The hand
// annotation is tests/validation/walk_side_sports2d_demo4.json. Only the
// image keypoints are stored, rounded; the clip stays in ../shared/data.
// Run from the repository root:
//
//	./bin/motionlab validate --cache .cache/validate   # fills the cache
//	go run shared/gait/testdata/walk_gen.go
package main

import (
	"compress/gzip"
	"encoding/json"
	"log"
	"math"
	"os"

	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
)

func round(v float32, q float64) float32 { return float32(math.Round(float64(v)/q) * q) }

func main() {
	b, err := os.ReadFile(".cache/validate/walk_side_sports2d_demo4.mp4--full.json")
	if err != nil {
		log.Fatal(err)
	}
	var t posetrack.Recording
	if err := json.Unmarshal(b, &t); err != nil {
		log.Fatal(err)
	}
	a := posetrack.ChooseAthlete(t.People, t.FPS, t.Width, t.Height, false)
	var frames []*pose.Person
	for _, p := range a.Clean.Frames[:int(4.5*t.FPS)] {
		if p == nil {
			frames = append(frames, nil)
			continue
		}
		q := &pose.Person{Keypoints: make([]pose.Keypoint, len(p.Keypoints))}
		for j, k := range p.Keypoints {
			q.Keypoints[j] = pose.Keypoint{X: round(k.X, 0.1), Y: round(k.Y, 0.1), Visibility: round(k.Visibility, 0.01)}
		}
		frames = append(frames, q)
	}
	f, err := os.Create("shared/gait/testdata/walk.json.gz")
	if err != nil {
		log.Fatal(err)
	}
	z := gzip.NewWriter(f)
	if err := json.NewEncoder(z).Encode(struct {
		FPS    float64        `json:"fps"`
		Frames []*pose.Person `json:"frames"`
	}{t.FPS, frames}); err != nil {
		log.Fatal(err)
	}
	if err := z.Close(); err != nil {
		log.Fatal(err)
	}
}
