package analysis

import (
	"encoding/json"
	"strings"
	"testing"

	"motionlab/shared/gait/gaittest"
	"motionlab/shared/running"
	"motionlab/shared/track"
)

// raw_data has every frame of the video: null where the athlete is not
// seen, on the server's path and the browser's alike.
func TestNewRawDataKeepsUnseenFrames(t *testing.T) {
	frames, _ := gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: 30, Duration: 1, Dir: 1}.Frames(0)
	frames[3] = nil
	tr := track.Track{FPS: 30, Width: 1280, Height: 720, Frames: frames}
	r := NewRawData(tr, TrackInfo(tr), running.TrackAngles(tr.Frames, nil))
	if len(r.Frames) != len(frames) || len(r.Angles) != len(frames) || r.Info.Frames != len(frames) || r.Info.Duration != 1 {
		t.Fatalf("%d frames, %d angles, info %+v for %d frames", len(r.Frames), len(r.Angles), r.Info, len(frames))
	}
	if r.Frames["3"] != nil || r.Frames["4"]["left_ankle"].Visibility == 0 {
		t.Errorf("frame 3 %v (want null), frame 4 %v", r.Frames["3"], r.Frames["4"])
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"3":null`) {
		t.Errorf("frame 3 is not null in the JSON")
	}
}

// People reads back what NewRawData wrote: the same keypoints, nil where
// the athlete was not seen.
func TestRawDataPeopleRoundTrip(t *testing.T) {
	frames, _ := gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: 30, Duration: 1, Dir: 1}.Frames(0)
	frames[3] = nil
	tr := track.Track{FPS: 30, Width: 1280, Height: 720, Frames: frames}
	people, angles := NewRawData(tr, TrackInfo(tr), running.TrackAngles(tr.Frames, nil)).People()
	if len(people) != len(frames) || len(angles) != len(frames) {
		t.Fatalf("%d people, %d angle maps for %d frames", len(people), len(angles), len(frames))
	}
	if people[3] != nil {
		t.Errorf("frame 3: %v, want nil", people[3])
	}
	for i, p := range frames {
		if p == nil {
			continue
		}
		for j, k := range p.Keypoints {
			if people[i].Keypoints[j] != k {
				t.Fatalf("frame %d keypoint %d: %+v, want %+v", i, j, people[i].Keypoints[j], k)
			}
		}
	}
}
