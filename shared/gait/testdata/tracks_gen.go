//go:build ignore

// tracks_gen writes the real walkers' tracks the gait tests read, as the
// server analyses them for activity=running (ChooseAthlete: legs
// relabelled by motion, gaps filled, low-pass filtered), from the tracking
// `motionlab validate` caches with the full model. Only the image
// keypoints are stored, rounded, with the clip frame the file starts at
// ("first"); the clips stay in ../shared/data (BSD-3-Clause, © David
// Pagnon; see ../shared/data/SOURCES.md), their hand annotations are in
// tests/validation. Each file was made from the cache as it was named
// then (AVX2 tracking was the only kind before the kernel family joined
// the name); running this remakes them all from today's caches.
//
//   - walk.json.gz: the walker of walk_side_sports2d_demo4.mp4, her first
//     4.5 s, 135 frames (her right foot's stance 38–61, labels swapped 46–52).
//   - walker_small.json.gz: the walker crossing sports2d_demo.mp4 filmed
//     small (the validation's "small" copy, about 150 px tall), frames
//     60–200 (her right foot stands 98–120, drawn off the ground 104–110).
//   - walk_cross.json.gz: the walk_side_sports2d_demo4.mp4 walker on
//     AVX-512 kernels, frames 60–180 (her right foot stands 104–124, drawn
//     on the passing leg 108–112).
//   - walk_split.json.gz: the walk_side_sports2d_demo4.mp4 walker on AVX2
//     kernels, frames 180–300 (her left foot stands 227–247, its points
//     jump between x 357 and 417 over 225–235).
//   - sprint_overlap.json.gz: the sprinter of
//     sprint_side_pan_sports2d_demo2.mp4 in the validation's mirrored
//     copy on AVX2 kernels, frames 100–420, with the camera's motion (it
//     pans): his stance 302–305 is two one-frame runs of one foot, at 303
//     and 305, in two places.
//   - sprint.json.gz: the same sprinter in the original clip on AVX2
//     kernels, frames 100–420, with the camera's motion (his right stance
//     172–175 drawn on the left leg while the right-labelled points skim
//     20 px up a step behind).
//   - run_switch.json.gz: the runner of
//     run_side_overground_sports2d_demo3.mp4 in the validation's mirrored
//     copy on AVX2 kernels, the whole clip (her right foot stands 4–11,
//     its points drawn on the left foot from 9).
//   - walk_switch.json.gz: the walk_side_sports2d_demo4.mp4 walker on AVX2
//     kernels, frames 0–135 (her right foot stands 38–61, its points
//     drawn on the left foot from 49).
//   - sprint_jitter.json.gz: the panning sprinter in the original clip on
//     AVX2 kernels, tracked with every input value moved by up to 1e-6
//     (`validate --jitter 1e-6`), frames 100–420, with the camera's
//     motion: his right foot's points stand 207–208 in one place and
//     209 in another, two runs too short to be stances.
//   - walk_stop.json.gz: the walk_side_sports2d_demo4.mp4 walker on AVX2
//     kernels, frames 120–240: she stops at the picture's left edge
//     (stands 151–181) and walks back from 191.
//
// Run from the repository root:
//
//	./bin/motionlab validate --cache .cache/validate --variants small   # fills the caches
//	./bin/motionlab validate --cache .cache/validate --jitter 1e-6      # and the jittered ones
//	go run shared/gait/testdata/tracks_gen.go [FILE.json.gz ...]
//
// Named files only are remade when some are named (a cache of the other
// kernel family is not on every machine).
package main

import (
	"log"
	"os"
	"slices"

	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/shared/track"
	"motionlab/tests/testenv"
)

func main() {
	for _, f := range []struct {
		cache, out  string
		first, last int // frames of the clip
	}{
		{"walk_side_sports2d_demo4.mp4--full-avx512.json", "walk.json.gz", 0, 135},
		{"sports2d_demo.mp4-small-full-avx512.json", "walker_small.json.gz", 60, 200},
		{"walk_side_sports2d_demo4.mp4--full-avx512.json", "walk_cross.json.gz", 60, 180},
		{"walk_side_sports2d_demo4.mp4--full-avx2.json", "walk_split.json.gz", 180, 300},
		{"sprint_side_pan_sports2d_demo2.mp4-mirror-full-avx2.json", "sprint_overlap.json.gz", 100, 420},
		{"sprint_side_pan_sports2d_demo2.mp4--full-avx2.json", "sprint.json.gz", 100, 420},
		{"run_side_overground_sports2d_demo3.mp4-mirror-full-avx2.json", "run_switch.json.gz", 0, 47},
		{"walk_side_sports2d_demo4.mp4--full-avx2.json", "walk_switch.json.gz", 0, 135},
		{"sprint_side_pan_sports2d_demo2.mp4--full-avx2-jitter1e-06.json", "sprint_jitter.json.gz", 100, 420},
		{"walk_side_sports2d_demo4.mp4--full-avx2.json", "walk_stop.json.gz", 120, 240},
	} {
		if len(os.Args) > 1 && !slices.Contains(os.Args[1:], f.out) {
			continue
		}
		t, err := testenv.ReadRecording(".cache/validate/" + f.cache)
		if err != nil {
			log.Fatal(err)
		}
		a := posetrack.ChooseAthlete(t.People, t.FPS, t.Width, t.Height, false, t.Camera)
		frames := testenv.ImageKeypoints(a.Clean.Frames[f.first:f.last], 0.1, 0.01)
		var camera []track.Motion // only where the camera moves
		if gait.NewMovingScene(a.Clean.Frames, t.FPS, gait.MinVisibility, t.Camera).Moving() {
			camera = t.Camera[f.first:f.last]
		}
		err = testenv.WriteGzipJSON("shared/gait/testdata/"+f.out, struct {
			FPS    float64        `json:"fps"`
			First  int            `json:"first"`
			Frames []*pose.Person `json:"frames"`
			Camera []track.Motion `json:"camera,omitempty"`
		}{t.FPS, f.first, frames, camera})
		if err != nil {
			log.Fatal(err)
		}
	}
}
