// Package pipeline turns a video file into a keypoint track: frames are
// decoded ahead on their own goroutine while the pose engine tracks the
// subject, so decoding and inference keep both cores busy; memory stays
// bounded by a small ring of frame buffers.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"motionlab/server/inference"
	"motionlab/server/video"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
	"motionlab/shared/posetrack"
	"motionlab/shared/stream"
	"motionlab/shared/track"
)

// ahead is how many decoded frames may wait for inference, camAhead how
// many tracked frames may wait for the camera-motion estimate. The decoder
// (~6 ms a 1080p frame) and the camera stage (~6 ms) keep well ahead of
// the tracker (~20 ms), so two and one suffice: each more is a 1080p
// frame (6 MB) held.
const (
	ahead    = 2
	camAhead = 1
)

// trackedFrame is a frame the tracker is done with, and who was in it.
type trackedFrame struct {
	index  int
	img    *frame.RGB
	people []inference.Tracked
}

// cameraStage estimates the camera's motion frame by frame on its own
// goroutine, after the tracker (it masks the people the tracker found), so
// it overlaps with the tracking of the next frames instead of adding to
// it; frames go back to the decoder from here. Deterministic: each frame
// is masked with the previous frame's people, in order.
// The thumbnail's candidates are kept here too (thumbs.keep), off the
// tracker's path.
// The last frames are held here too (posetrack.Lookback), for the way
// back over a short gap in a track.
type cameraStage struct {
	in       chan trackedFrame
	done     chan struct{}
	motions  []track.Motion
	thumbs   thumbs
	lookback *posetrack.Lookback
}

func newCameraStage(free chan<- *frame.RGB, w, h int) *cameraStage {
	c := &cameraStage{in: make(chan trackedFrame, camAhead), done: make(chan struct{}), thumbs: thumbs{},
		lookback: posetrack.NewLookback(w, h)}
	go func() {
		defer close(c.done)
		est := video.NewCameraTracker()
		defer est.Close()
		var boxes []pose.Box // everyone in the previous frame
		for f := range c.in {
			c.motions = append(c.motions, est.Next(f.img, boxes))
			c.thumbs.keep(f.index, f.img, f.people)
			if old := c.lookback.Add(f.index, f.img, f.people); old != nil {
				free <- old
			}
			boxes = boxes[:0]
			for _, p := range f.people {
				boxes = append(boxes, p.Person.Box)
			}
		}
	}()
	return c
}

// close waits for the frames in flight; motions is complete after it. A
// nil stage (no camera estimate) has nothing to wait for.
func (c *cameraStage) close() {
	if c == nil {
		return
	}
	close(c.in)
	<-c.done
}

// Output is the result of one video.
type Output struct {
	Info video.Info
	// Raw and Clean are set by ChooseAthlete.
	Raw   track.Track // the subject's per-frame model output (nil where not seen)
	Clean track.Track // legs unswapped, gaps filled, low-pass filtered
	// People is everyone tracked, per frame; SubjectID is the athlete's track.
	People    [][]inference.Tracked
	SubjectID int
	// Camera is the camera's motion into each frame (identity for a fixed
	// camera), estimated from the background.
	Camera []track.Motion
	// Detections is how often the person detector ran, LandmarkRuns the
	// landmark model.
	Detections, LandmarkRuns int
	Swaps                    int
	// thumbs are the thumbnail's candidates (see Thumbnail).
	thumbs thumbs
}

type decoded struct {
	img   *frame.RGB
	index int
	err   error
}

// decodedFrames are the decoder goroutine's frames as posetrack.Frames; a
// frame that failed to decode goes back to the ring at once.
type decodedFrames struct {
	ch   <-chan decoded
	free chan<- *frame.RGB
}

func (d decodedFrames) Next() (*frame.RGB, int, error) {
	f, ok := <-d.ch
	if !ok {
		return nil, 0, io.EOF
	}
	if f.err != nil {
		d.free <- f.img
		return nil, f.index, f.err
	}
	return f.img, f.index, nil
}

// Run decodes path and tracks the subject in every frame with eng. progress,
// when set, is called after each frame. The video is opened before
// anything else, so an unreadable file fails fast with video.ErrUnreadable.
func Run(ctx context.Context, path string, eng *inference.Engine, progress func(stream.ProgressEvent)) (*Output, error) {
	return RunLimited(ctx, path, eng, video.Limits{}, progress)
}

// RunLimited is Run for untrusted videos: lim is checked before any frame
// is decoded, and decoding stops after lim.MaxSeconds of frames.
func RunLimited(ctx context.Context, path string, eng *inference.Engine, lim video.Limits, progress func(stream.ProgressEvent)) (*Output, error) {
	return run(ctx, path, eng, lim, progress, true)
}

// RunKeypoints is RunLimited for callers that want keypoints only
// (/infer/video): the camera-motion estimate, which only the event
// detectors read, is skipped (Output.Camera stays empty): 4–5 ms of CPU a
// 1080p frame, about an eighth of what the frame takes in all.
func RunKeypoints(ctx context.Context, path string, eng *inference.Engine, lim video.Limits, progress func(stream.ProgressEvent)) (*Output, error) {
	return run(ctx, path, eng, lim, progress, false)
}

func run(ctx context.Context, path string, eng *inference.Engine, lim video.Limits, progress func(stream.ProgressEvent), camera bool) (*Output, error) {
	r, err := video.OpenLimited(path, lim)
	if err != nil {
		return nil, err
	}
	defer video.ReleaseMemory()
	info := r.Info()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Frame buffers circulate between the decoder, the tracker and the
	// camera-motion stage, which holds the last few (Lookback).
	buffers := ahead + camAhead + 1
	if camera {
		buffers += posetrack.LookbackFrames
	}
	free := make(chan *frame.RGB, buffers)
	for range buffers {
		free <- nil
	}
	frames := make(chan decoded, ahead)
	go func() {
		defer close(frames)
		defer r.Close()
		for {
			var buf *frame.RGB
			select {
			case buf = <-free:
			case <-ctx.Done():
				return
			}
			img, i, err := r.Next(buf)
			if errors.Is(err, io.EOF) {
				return
			}
			select {
			case frames <- decoded{img, i, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()

	out := &Output{Info: info}
	var cam *cameraStage
	if camera {
		cam = newCameraStage(free, info.Width, info.Height)
	}
	start := time.Now()
	v, err := func() (*posetrack.Video, error) {
		defer cam.close()
		return eng.Track(ctx, decodedFrames{frames, free}, info.FPS, func(i int, img *frame.RGB, people []inference.Tracked) error {
			if cam != nil {
				cam.in <- trackedFrame{i, img, people}
			} else {
				free <- img
			}
			if progress != nil {
				// The container's count can be wrong: never report frame ≥ total.
				total := max(info.Frames, i+1)
				progress(stream.NewProgress(i, total, time.Since(start).Seconds()))
			}
			return nil
		})
	}()
	var lookback *posetrack.Lookback
	if cam != nil {
		out.Camera, out.thumbs, lookback = cam.motions, cam.thumbs, cam.lookback
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if camera {
		// The analyses follow their athlete back to where the tracker
		// should have found them; /infer/video gives what it tracked.
		if _, err := eng.Backfill(ctx, v, info.FPS, info.Width, info.Height, reread(path, lim), lookback); err != nil {
			return nil, err
		}
	}
	out.People, out.Detections, out.LandmarkRuns = v.People, v.Detections, v.LandmarkRuns
	if len(out.People) == 0 {
		return nil, fmt.Errorf("%w: no frames", video.ErrUnreadable)
	}
	// The decoded count is the truth when the container's differs.
	out.Info.Frames = len(out.People)
	out.Info.Duration = float64(out.Info.Frames) / info.FPS
	return out, nil
}

// ChooseAthlete makes the athlete the person who travels most, or with
// vertical (analysis.Params.VerticalAthlete: a jump) the one who moves
// most up and down (see posetrack.ChooseAthlete); Raw, Clean and
// SubjectID are set from then on. Callers choose once, knowing the
// activity.
func (out *Output) ChooseAthlete(vertical bool) {
	out.set(posetrack.ChooseAthlete(out.People, out.Info.FPS, out.Info.Width, out.Info.Height, vertical, out.Camera))
}

// Choose makes track id the subject: its raw track, leg swaps fixed, and
// its cleaned track.
func (out *Output) Choose(id int) {
	out.set(posetrack.Choose(out.People, out.Info.FPS, out.Info.Width, out.Info.Height, id, out.Camera))
}

func (out *Output) set(a posetrack.Athlete) {
	a.Raw.Camera, a.Clean.Camera = out.Camera, out.Camera
	out.SubjectID, out.Raw, out.Clean, out.Swaps = a.ID, a.Raw, a.Clean, a.Swaps
}

// reread is posetrack.Rewind for the video at path: opened again, the
// frames before from decoded but not copied out.
func reread(path string, lim video.Limits) posetrack.Rewind {
	return func(from int) (posetrack.Frames, error) {
		r, err := video.OpenLimited(path, lim)
		if err != nil {
			return nil, err
		}
		return &rereadFrames{r: r, from: from}, nil
	}
}

type rereadFrames struct {
	r    *video.Reader
	from int
	buf  *frame.RGB
}

func (f *rereadFrames) Next() (*frame.RGB, int, error) {
	for {
		if f.r.Position() < f.from {
			if i, err := f.r.Skip(); err != nil {
				return nil, i, err
			}
			continue
		}
		i, err := f.r.Grab()
		if err != nil {
			return nil, i, err
		}
		img, err := video.MatToFrame(*f.r.Mat(), f.buf)
		f.buf = img
		return img, i, err
	}
}

// Skip passes over the next frame (posetrack.Skipper): decoded, not
// converted.
func (f *rereadFrames) Skip() (int, error) { return f.r.Skip() }

func (f *rereadFrames) Close() error { return f.r.Close() }
