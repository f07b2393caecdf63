package posetrack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"motionlab/shared/frame"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// The tracking policy the server and the browser share: look for
// newcomers twice a second, follow up to four people (each costs one
// landmark run per frame, a bystander's every third frame); the athlete
// is chosen once the video is known.
const (
	DetectPerSecond = 2
	MaxTracked      = 4
	BystanderEvery  = 3
)

// Frames is a video's frames in order: the server's decoder, or the
// browser's.
type Frames interface {
	// Next returns the next frame and its index, io.EOF after the last.
	Next() (*frame.RGB, int, error)
}

// Video is everyone tracked in a video, frame by frame.
type Video struct {
	People [][]Tracked
	// Detections is how often the person detector ran, LandmarkRuns the
	// landmark model.
	Detections, LandmarkRuns int
}

// Track follows everyone in src, a video at fps frames per second. after,
// when set, is called with each frame once it is tracked and who is in it;
// the frame is then the caller's again (the server hands it on to the
// camera-motion stage), and an error from after stops tracking.
func (e *Engine) Track(ctx context.Context, src Frames, fps float64, after func(i int, img *frame.RGB, people []Tracked) error) (*Video, error) {
	tr := e.NewTracker(max(1, int(fps/DetectPerSecond)), MaxTracked)
	v := &Video{}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		img, i, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("decode frame %d: %w", i, err)
		}
		people, err := tr.Next(img)
		if err != nil {
			return nil, fmt.Errorf("frame %d: %w", i, err)
		}
		v.People = append(v.People, people)
		if after != nil {
			if err := after(i, img, people); err != nil {
				return nil, err
			}
		}
	}
	v.Detections, v.LandmarkRuns = tr.Detections, tr.LandmarkRuns
	interpolateHeld(v.People)
	return v, nil
}

// interpolateHeld replaces each held pose (a bystander's frame the model
// skipped) by the linear interpolation of the same track's poses in the
// frames the model ran on either side; held frames after a track's last
// run are dropped (the track may have been lost there). Held stays set,
// so a reader knows the pose was not measured.
func interpolateHeld(frames [][]Tracked) {
	last := map[int]int{} // track id → last frame it was measured in
	for i, people := range frames {
		for _, tr := range people {
			if tr.Held {
				continue
			}
			if j, ok := last[tr.ID]; ok && j < i-1 {
				a := find(frames[j], tr.ID)
				for k := j + 1; k < i; k++ {
					if h := find(frames[k], tr.ID); h != nil {
						h.Person = lerpPerson(a.Person, tr.Person, float32(k-j)/float32(i-j))
					}
				}
			}
			last[tr.ID] = i
		}
	}
	for i, people := range frames {
		frames[i] = slices.DeleteFunc(people, func(tr Tracked) bool { return tr.Held && last[tr.ID] < i })
	}
}

func find(people []Tracked, id int) *Tracked {
	for k := range people {
		if people[k].ID == id {
			return &people[k]
		}
	}
	return nil
}

// lerpPerson is (1−f)·a + f·b, keypoint by keypoint; scores and
// visibilities too.
func lerpPerson(a, b pose.Person, f float32) pose.Person {
	mix := func(x, y float32) float32 { return x + f*(y-x) }
	p := b
	p.Score = mix(a.Score, b.Score)
	p.Keypoints = make([]pose.Keypoint, len(b.Keypoints))
	for j, kb := range b.Keypoints {
		ka := a.Keypoints[j]
		p.Keypoints[j] = pose.Keypoint{X: mix(ka.X, kb.X), Y: mix(ka.Y, kb.Y), Z: mix(ka.Z, kb.Z),
			Visibility: mix(ka.Visibility, kb.Visibility), Presence: mix(ka.Presence, kb.Presence)}
	}
	if len(a.World) == len(b.World) {
		p.World = make([]pose.Point3, len(b.World))
		for j, wb := range b.World {
			wa := a.World[j]
			p.World[j] = pose.Point3{X: mix(wa.X, wb.X), Y: mix(wa.Y, wb.Y), Z: mix(wa.Z, wb.Z)}
		}
	}
	p.Box = pose.BoundingBox(p.Keypoints)
	return p
}

// Recording is a clip's tracking kept for replay without the models:
// everyone in every frame and the camera's motion between frames, with
// the clip's size and rate (validate's cache, test fixtures).
type Recording struct {
	FPS    float64        `json:"fps"`
	Width  int            `json:"width"`
	Height int            `json:"height"`
	People [][]Tracked    `json:"people"`
	Camera []track.Motion `json:"camera"`
}
