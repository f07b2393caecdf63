package pipeline

import (
	"context"
	"reflect"
	"testing"

	"motionlab/server/inference"
	"motionlab/server/video"
	"motionlab/tests/testenv"
)

// TestParallelLandmarksSameTrack: with a second landmark session the
// tracker runs the people of a frame in parallel; on the Sports2D demo
// (two people from its second second on) everyone's keypoints in every
// frame are exactly what one session gives.
func TestParallelLandmarksSameTrack(t *testing.T) {
	clip := testenv.Data(t, "videos/sports2d_demo.mp4")
	run := func(engines int) *Output {
		e, err := inference.NewEngine(inference.Config{ModelsDir: testenv.ModelsDir(t), Model: "full",
			Options: inference.Options{Library: testenv.RuntimeLib(t), LandmarkEngines: engines}})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		out, err := RunLimited(context.Background(), clip, e, video.Limits{MaxSeconds: 4}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, two := run(1), run(2)
	several := 0
	for _, people := range one.People {
		if len(people) > 1 {
			several++
		}
	}
	if several < 10 {
		t.Fatalf("only %d of %d frames have several people: the test needs them", several, len(one.People))
	}
	if !reflect.DeepEqual(one.People, two.People) {
		t.Fatal("two landmark sessions tracked differently from one")
	}
	if one.Detections != two.Detections {
		t.Fatalf("detector runs: %d with one session, %d with two", one.Detections, two.Detections)
	}
	t.Logf("%d frames, %d with several people: identical", len(one.People), several)
}
