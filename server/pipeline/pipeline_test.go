package pipeline

import (
	"context"
	"math"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"motionlab/server/inference"
	"motionlab/server/video"
	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

// TestParallelLandmarksSameTrack: with a second landmark session the
// tracker runs the people of a frame in parallel, and the detector runs
// beside the landmark model: on its periodic frames, and on the squares
// where someone was lost in an earlier frame (search). On the Sports2D
// demo (two people from its second second on) and the panning sprint's
// first 190 frames (the sprinter lost and searched for from 171 on: see
// TestSearchFindsTheLostSprinter) everyone's keypoints in every frame are
// exactly what one session running one model at a time gives.
func TestParallelLandmarksSameTrack(t *testing.T) {
	for _, c := range []struct {
		clip    string
		seconds float64
	}{{"videos/sports2d_demo.mp4", 4}, {"videos/sprint_side_pan_sports2d_demo2.mp4", 6.6}} {
		t.Run(filepath.Base(c.clip), func(t *testing.T) {
			clip := testenv.Data(t, c.clip)
			run := func(engines int, alongside bool) *Output {
				e := fullEngine(t, engines)
				e.DetectAlongside = alongside
				out, err := RunLimited(context.Background(), clip, e, video.Limits{MaxSeconds: c.seconds}, nil)
				if err != nil {
					t.Fatal(err)
				}
				return out
			}
			one, two := run(1, false), run(2, true)
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
				t.Fatal("two landmark sessions and the detector alongside tracked differently from one session in turn")
			}
			if one.Detections != two.Detections {
				t.Fatalf("detector runs: %d with one session, %d with two", one.Detections, two.Detections)
			}
			t.Logf("%d frames, %d with several people, %d detector runs: identical", len(one.People), several, one.Detections)
		})
	}
}

// TestBystandersAtLowerRate: a walker crosses the picture while a skier
// (a COCO photo beside the clip) stands still: the skier's landmark model
// runs every third frame once they are clearly a bystander. The walker's
// keypoints are exactly those of tracking everyone every frame, the
// skier's interpolated poses stay close to what the model gives there,
// and the landmark runs drop.
func TestBystandersAtLowerRate(t *testing.T) {
	clip := filepath.Join(t.TempDir(), "walker_and_skier.mp4")
	ffmpeg := exec.Command("ffmpeg", "-v", "error", "-y", "-i", testenv.Data(t, "videos/walk_side_sports2d_demo4.mp4"),
		"-loop", "1", "-framerate", "30", "-t", "8", "-i", testenv.Data(t, "images/000000000785.jpg"), "-filter_complex",
		"[1]scale=480:-2,pad=480:720:0:250[b];[0][b]hstack=shortest=1,format=yuv420p", "-t", "8", "-c:v", "libx264", "-preset", "veryfast", clip)
	if out, err := ffmpeg.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	e := fullEngine(t, 1)
	run := func(every int) *Output {
		e.BystanderEvery = every
		out, err := Run(context.Background(), clip, e, nil)
		if err != nil {
			t.Fatal(err)
		}
		out.ChooseAthlete(false)
		return out
	}
	all, some := run(1), run(posetrack.BystanderEvery)
	if all.SubjectID != some.SubjectID || !reflect.DeepEqual(all.Raw.Frames, some.Raw.Frames) {
		t.Fatalf("the athlete's track changed: id %d → %d", all.SubjectID, some.SubjectID)
	}
	held, far := 0, 0
	for i, people := range some.People {
		for _, p := range people {
			if !p.Held {
				continue
			}
			held++
			var q *inference.Tracked
			for k := range all.People[i] {
				if all.People[i][k].ID == p.ID {
					q = &all.People[i][k]
				}
			}
			if q == nil {
				t.Fatalf("frame %d: held track %d is not tracked at full rate", i, p.ID)
			}
			if p.ID == some.SubjectID {
				t.Fatalf("frame %d: the athlete is held", i)
			}
			if d := meanDistance(p.Person.Keypoints, q.Person.Keypoints); d > 0.05*float64(q.Person.Height()) {
				far++
			}
		}
	}
	if held < 60 {
		t.Fatalf("only %d held poses: the skier should be held two frames in three", held)
	}
	if far > held/10 {
		t.Errorf("%d of %d interpolated poses are more than 5%% of the body's height from the model's", far, held)
	}
	if some.LandmarkRuns > all.LandmarkRuns-held {
		t.Errorf("landmark runs %d at the lower rate, %d at full rate, %d held", some.LandmarkRuns, all.LandmarkRuns, held)
	}
	t.Logf("%d frames: landmark runs %d → %d, %d held poses (%d far)", len(all.People), all.LandmarkRuns, some.LandmarkRuns, held, far)
}

// meanDistance is the mean distance between the keypoints of a and b.
func meanDistance(a, b []pose.Keypoint) float64 {
	sum := 0.0
	for j := range pose.NumBlazePose {
		sum += math.Hypot(float64(a[j].X-b[j].X), float64(a[j].Y-b[j].Y))
	}
	return sum / pose.NumBlazePose
}

// TestSearchFindsTheLostSprinter: in the panning sprint, three runners
// about 150 px tall overlap from frame 171 on (1280×720; they are all in
// the picture and in focus: see the frames). The detector, seeing the
// whole frame at 224 px, finds them only now and then and the landmark
// model loses the sprinter; without the search around where he was lost
// nobody was tracked from 176 to 187. Now a runner is tracked in the
// sprinter's place (x 150–320) in every frame.
func TestSearchFindsTheLostSprinter(t *testing.T) {
	out := trackStart(t, "videos/sprint_side_pan_sports2d_demo2.mp4", 190, 29)
	everyFrame(t, out, 171, 187, "nobody tracked where the sprinter runs", func(b pose.Box) bool {
		cx := (b.X1 + b.X2) / 2
		return cx >= 150 && cx <= 320
	})
}

// TestScanFindsTheRunnersLeavingTheBlocks: in the panning sprint the
// three runners leave the blocks about 100 px tall in a 1280×720 frame
// (17 px in the whole-frame detector's input, which finds none of them in
// frames 122–140: nobody was tracked there). While nobody is tracked the
// tracker also looks through the frame's scan squares, one per frame, at
// 432 px; now a runner, a body 60–200 px tall, is tracked in every one of
// those frames.
func TestScanFindsTheRunnersLeavingTheBlocks(t *testing.T) {
	out := trackStart(t, "videos/sprint_side_pan_sports2d_demo2.mp4", 142, 29)
	everyFrame(t, out, 122, 140, "no runner tracked", func(b pose.Box) bool {
		h := b.Y2 - b.Y1
		return h >= 60 && h <= 200
	})
}

// trackStart tracks the first frames of a clip in ../shared/data at its
// frame rate fps with one landmark session.
func trackStart(t *testing.T, clip string, frames int, fps float64) *Output {
	t.Helper()
	out, err := RunLimited(context.Background(), testenv.Data(t, clip), fullEngine(t, 1), video.Limits{MaxSeconds: float64(frames) / fps}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.People) < frames {
		t.Fatalf("%d frames decoded of %d", len(out.People), frames)
	}
	t.Logf("%d frames, %d detector runs, %d landmark runs", len(out.People), out.Detections, out.LandmarkRuns)
	return out
}

// everyFrame fails for each frame from..to where nobody whose box is
// as wanted is tracked.
func everyFrame(t *testing.T, out *Output, from, to int, fail string, want func(pose.Box) bool) {
	t.Helper()
	for i := from; i <= to; i++ {
		found := false
		for _, p := range out.People[i] {
			found = found || want(p.Person.Box)
		}
		if !found {
			t.Errorf("frame %d: %s (%d people)", i, fail, len(out.People[i]))
		}
	}
}

// TestTurnFollowsTheFlip: in the Sports2D demo the jumper flips off the
// box (take-off 166, landing 190; he is upside down at 172–176). The
// landmark model loses a body turned far within its crop; the tracker
// turns the crop of a body that was turning, and follows him through the
// flip but for at most two frames (without the turn nobody was tracked
// where he flew from 172 to 201).
func TestTurnFollowsTheFlip(t *testing.T) {
	out := trackStart(t, "videos/sports2d_demo.mp4", 192, 30)
	var missed []int
	for i := 166; i <= 191; i++ {
		found := false
		for _, p := range out.People[i] {
			// The flipper, not the walker (x < 450 then): above the grass
			// he lands on (y ~900) and right of the walker.
			cx := (p.Person.Box.X1 + p.Person.Box.X2) / 2
			found = found || cx >= 650 && cx <= 1250 && p.Person.Box.Y1 < 800
		}
		if !found {
			missed = append(missed, i)
		}
	}
	if len(missed) > 2 {
		t.Errorf("the flipper was not tracked in frames %v", missed)
	}
	t.Logf("%d frames, not tracked in %v, %d landmark runs", len(out.People), missed, out.LandmarkRuns)
}

// TestKeypointsWithoutCamera: /infer/video's run skips the camera-motion
// stage and tracks exactly the same people (the analysis run adds only
// the poses it finds going back from where a track began: Backfill); the
// analysis run estimates the panning sprint's camera motion.
func TestKeypointsWithoutCamera(t *testing.T) {
	e := fullEngine(t, 2)
	clip := testenv.Data(t, "videos/sprint_side_pan_sports2d_demo2.mp4")
	lim := video.Limits{MaxSeconds: 2}
	full, err := RunLimited(context.Background(), clip, e, lim, nil)
	if err != nil {
		t.Fatal(err)
	}
	kp, err := RunKeypoints(context.Background(), clip, e, lim, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(withoutBackfill(full.People, kp.People), kp.People) {
		t.Fatal("the keypoints-only run tracked differently")
	}
	if len(kp.Camera) != 0 {
		t.Fatalf("the keypoints-only run estimated %d camera motions", len(kp.Camera))
	}
	panned := 0.0
	for _, m := range full.Camera {
		panned += math.Abs(float64(m[2]))
	}
	if len(full.Camera) != len(full.People) || panned < 50 {
		t.Fatalf("the analysis run's camera: %d motions for %d frames, %.0f px panned", len(full.Camera), len(full.People), panned)
	}
	t.Logf("%d frames, camera panned %.0f px", len(full.People), panned)
}

// withoutBackfill is people (an analysis run's) without the poses of
// each track before the frame it begins in in tracked (the same video's
// keypoints-only run, which does not go back).
func withoutBackfill(people, tracked [][]posetrack.Tracked) [][]posetrack.Tracked {
	begins := map[int]int{}
	for i := len(tracked) - 1; i >= 0; i-- {
		for _, p := range tracked[i] {
			begins[p.ID] = i
		}
	}
	out := make([][]posetrack.Tracked, len(people))
	for i, ps := range people {
		out[i] = []posetrack.Tracked{}
		for _, p := range ps {
			if b, ok := begins[p.ID]; ok && i >= b {
				out[i] = append(out[i], p)
			}
		}
		if len(tracked[i]) == 0 && len(out[i]) == 0 {
			out[i] = tracked[i]
		}
	}
	return out
}

// TestBackfillFollowsTheWalkerBack: the Sports2D demo's walker comes out
// from behind the tree trunk at the right edge at frame 37 (hand
// annotation, tests/validation/sports2d_demo.json, her first touchdown at
// 41), and the detector, half of her hidden, first finds her at 57–60. The
// analysis run follows her back from there (Backfill) to where she came
// out, and the poses it adds are hers: at the right edge, where she walks
// in. The keypoints-only run (/infer/video) does not go back.
func TestBackfillFollowsTheWalkerBack(t *testing.T) {
	e := fullEngine(t, 1)
	clip := testenv.Data(t, "videos/sports2d_demo.mp4")
	first := func(out *Output) int {
		out.ChooseAthlete(false)
		for i, p := range out.Raw.Frames {
			if p != nil {
				return i
			}
		}
		return -1
	}
	kp, err := RunKeypoints(context.Background(), clip, e, video.Limits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	full, err := Run(context.Background(), clip, e, nil)
	if err != nil {
		t.Fatal(err)
	}
	kpFirst, fullFirst := first(kp), first(full)
	if kpFirst < 55 {
		t.Fatalf("without going back the walker is tracked from frame %d: the test needs the late find", kpFirst)
	}
	if fullFirst < 30 || fullFirst > 41 {
		t.Errorf("the analysis run follows the walker from frame %d, want from where she comes out (37) to her first touchdown (41)", fullFirst)
	}
	for i := fullFirst; i < kpFirst; i++ {
		p := full.Raw.Frames[i]
		if p == nil || p.Box.X1 < 1250 {
			t.Fatalf("frame %d: the pose found going back %+v is not the walker coming in at the right edge", i, p)
		}
	}
	if extra := full.LandmarkRuns - kp.LandmarkRuns; extra < kpFirst-fullFirst || extra > 2*30 {
		t.Errorf("%d landmark runs more for %d frames gone back", extra, kpFirst-fullFirst)
	}
	t.Logf("walker from frame %d (without going back %d); landmark runs %d → %d", fullFirst, kpFirst, kp.LandmarkRuns, full.LandmarkRuns)
}

// fullEngine opens the full model with n landmark sessions, closed when
// the test ends.
func fullEngine(t *testing.T, n int) *inference.Engine {
	t.Helper()
	e, err := inference.NewEngine(inference.Config{ModelsDir: testenv.ModelsDir(t), Model: "full",
		Options: inference.Options{Library: testenv.RuntimeLib(t), LandmarkEngines: n}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}
