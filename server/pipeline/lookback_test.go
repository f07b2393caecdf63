package pipeline

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"motionlab/server/video"
	"motionlab/shared/frame"
	"motionlab/shared/posetrack"
	"motionlab/tests/testenv"
)

// TestLookbackSparesReadingAgain: in the Sports2D demo the tracker loses
// the walker for a frame at 174 and finds her again at 175, so going back
// over that gap read the video again from the start of her first way back
// (frame 0) to 174. With the frames the Lookback held while tracking,
// Backfill reads only as far as her first way back needs, and adds the
// very same poses.
func TestLookbackSparesReadingAgain(t *testing.T) {
	e := fullEngine(t, 2)
	clip := testenv.Data(t, "videos/sports2d_demo.mp4")
	r, err := video.Open(clip)
	if err != nil {
		t.Fatal(err)
	}
	info := r.Info()
	lb := posetrack.NewLookback(info.Width, info.Height)
	src := &recycled{r: r}
	v, err := e.Track(context.Background(), src, info.FPS, func(i int, img *frame.RGB, people []posetrack.Tracked) error {
		src.spare = lb.Add(i, img, people)
		return nil
	})
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	with, without := clonePeople(v), clonePeople(v)
	var read [2]int
	for k, c := range []struct {
		v  *posetrack.Video
		lb *posetrack.Lookback
	}{{with, lb}, {without, nil}} {
		rewind := func(from int) (posetrack.Frames, error) {
			f, err := reread(clip, video.Limits{})(from)
			if err != nil {
				return nil, err
			}
			return &counted{f.(*rereadFrames), &read[k]}, nil
		}
		if _, err := e.Backfill(context.Background(), c.v, info.FPS, info.Width, info.Height, rewind, c.lb); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(with.People, without.People) {
		t.Fatal("going back with the frames the Lookback held found other poses than reading them again")
	}
	if added := with.LandmarkRuns - v.LandmarkRuns; added == 0 {
		t.Fatal("nothing was gone back over: the test needs the walker's ways back")
	}
	if read[0] >= read[1] || read[0] > 70 {
		t.Fatalf("frames read again: %d with the Lookback, %d without; want only the first way back's (to frame 59)", read[0], read[1])
	}
	t.Logf("frames read again: %d with the Lookback, %d without", read[0], read[1])
}

// recycled is the reader's frames, each in a buffer of its own or one
// the Lookback gave back.
type recycled struct {
	r     *video.Reader
	spare *frame.RGB
}

func (s *recycled) Next() (*frame.RGB, int, error) {
	buf := s.spare
	s.spare = nil
	return s.r.Next(buf)
}

// counted counts the frames read again, converted or skipped.
type counted struct {
	*rereadFrames
	n *int
}

func (c *counted) Next() (*frame.RGB, int, error) { *c.n++; return c.rereadFrames.Next() }
func (c *counted) Skip() (int, error)             { *c.n++; return c.rereadFrames.Skip() }

// clonePeople is v with its frames' people copied (Backfill adds to them).
func clonePeople(v *posetrack.Video) *posetrack.Video {
	c := *v
	c.People = make([][]posetrack.Tracked, len(v.People))
	for i, ps := range v.People {
		c.People[i] = slices.Clone(ps)
	}
	return &c
}
