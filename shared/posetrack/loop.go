package posetrack

import (
	"context"
	"errors"
	"fmt"
	"io"

	"motionlab/shared/frame"
)

// The tracking policy the server and the browser share: look for
// newcomers twice a second, follow up to four people (each costs one
// landmark run per frame); the athlete is chosen once the video is known.
const (
	DetectPerSecond = 2
	MaxTracked      = 4
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
	// Detections is how often the person detector ran.
	Detections int
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
	v.Detections = tr.Detections
	return v, nil
}
