package pipeline

import (
	"context"
	"reflect"
	"testing"

	"motionlab/server/video"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

// TestKnownActivityFewerRuns: on the Sports2D demo (a walker crossing, a
// man hopping in place), a tracker told the analysis is a run scores
// people by travel only and follows the hopper at the bystanders' rate
// once the walker leads him clearly: fewer landmark runs, the same
// athlete, never held. Told nothing (MoveAny), it tracks exactly as an
// engine that was never told.
func TestKnownActivityFewerRuns(t *testing.T) {
	clip := testenv.Data(t, "videos/sports2d_demo.mp4")
	e := fullEngine(t, 1)
	run := func(m posetrack.Movement) *Output {
		e.Movement = m
		out, err := RunKeypoints(context.Background(), clip, e, video.Limits{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		out.ChooseAthlete(false)
		return out
	}
	plain := run(posetrack.MoveAny)
	travel := run(posetrack.MoveTravel)
	if travel.LandmarkRuns >= plain.LandmarkRuns {
		t.Errorf("landmark runs: %d told it is a run, %d told nothing", travel.LandmarkRuns, plain.LandmarkRuns)
	}
	if travel.SubjectID != plain.SubjectID {
		t.Fatalf("the athlete changed: track %d → %d", plain.SubjectID, travel.SubjectID)
	}
	for i, people := range travel.People {
		for _, p := range people {
			if p.Held && p.ID == travel.SubjectID {
				t.Fatalf("frame %d: the athlete is held", i)
			}
		}
	}
	again, err := RunKeypoints(context.Background(), clip, fullEngine(t, 1), video.Limits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.People, plain.People) {
		t.Error("MoveAny tracked differently from an engine never told the activity")
	}
	t.Logf("%d frames: landmark runs %d told nothing, %d told it is a run (athlete %d)", len(plain.People), plain.LandmarkRuns, travel.LandmarkRuns, travel.SubjectID)
}
