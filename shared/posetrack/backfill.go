package posetrack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
)

// Backfilling. The detector looks for newcomers twice a second and sees
// the whole frame small, so someone who comes out from behind something
// is followed only from where it first found them: the Sports2D demo's
// walker steps out from behind the tree trunk at frame 37 and is found at
// 60, and her first two contacts (41–65, 60–83) were lost. Once the video
// is known, the first track of whoever could be the athlete is followed
// back from where it began, frame by frame with the landmark model (each
// ROI from the pose a frame later, as forwards), over frames read again
// from the video: for at most backfillSeconds, until the model no longer
// finds a person, the pose reaches someone tracked there (the same body,
// or another) or the picture's edge, or it nears the edge of the region
// kept around the person.
const (
	backfillSeconds = 1.0
	// backfillBytes bounds the frames kept while going back: each is a
	// region backfillReach body heights either side of the person's box
	// (a walker covers less in a second, a camera that pans keeps its
	// athlete in it) and backfillRise above and below, shrunk until the
	// person's model crop is still sampled from at least its own
	// resolution (frame.Shrunk): about 0.5 MB a frame.
	backfillBytes  = 32 << 20
	backfillReach  = 1.5
	backfillRise   = 0.5
	backfillMargin = 0.25 // body heights kept between the pose and a region edge inside the frame
)

// Rewind reads a video's frames again, from frame from on (the first
// Next may return an earlier frame: Backfill skips to from). The frames
// may implement io.Closer.
type Rewind func(from int) (Frames, error)

// Backfill follows the first track of each chain that could be the
// athlete (ChooseAthlete's two choices) back from the frame it began in
// (see backfillSeconds), adding the poses to v.People under its id and
// the model runs to v.LandmarkRuns. w×h is the frames' size. It returns
// how many poses it added.
func (e *Engine) Backfill(ctx context.Context, v *Video, fps float64, w, h int, rewind Rewind) (int, error) {
	added := 0
	done := map[int]bool{}
	for _, vertical := range []bool{false, true} {
		id, s := firstOfChain(v.People, fps, SubjectBy(v.People, w, h, vertical))
		roi, ok := v.starts[id]
		if id < 0 || s <= 0 || done[id] || !ok {
			continue
		}
		done[id] = true
		n, err := e.backfillTrack(ctx, v, id, s, roi, fps, w, h, rewind)
		if err != nil {
			return added, fmt.Errorf("backfill track %d from frame %d: %w", id, s, err)
		}
		added += n
	}
	return added, nil
}

// firstOfChain is the track that begins id's chain (Stitch) and the frame
// it begins in (-1, -1 without id).
func firstOfChain(people [][]Tracked, fps float64, id int) (int, int) {
	if id < 0 {
		return -1, -1
	}
	chain := Stitch(people, fps, id)
	for i, ps := range people {
		for _, p := range ps {
			if chain[p.ID] {
				return p.ID, i
			}
		}
	}
	return -1, -1
}

// backfillTrack goes back from frame s, where track id began with roi as
// its next ROI.
func (e *Engine) backfillTrack(ctx context.Context, v *Video, id, s int, roi blazepose.Rect, fps float64, w, h int, rewind Rewind) (int, error) {
	var first pose.Person
	for _, p := range v.People[s] {
		if p.ID == id {
			first = p.Person
		}
	}
	b := first.Box
	bh := float64(b.Y2 - b.Y1)
	if bh <= 0 {
		return 0, nil
	}
	x0, x1 := max(0, int(float64(b.X1)-backfillReach*bh)), min(w, int(float64(b.X2)+backfillReach*bh))
	y0, y1 := max(0, int(float64(b.Y1)-backfillRise*bh)), min(h, int(float64(b.Y2)+backfillRise*bh))
	f := max(1, int(roi.Width/LandmarkSize))
	per := 3 * ((x1 - x0) / f) * ((y1 - y0) / f)
	n := min(s, int(math.Round(backfillSeconds*fps)), backfillBytes/max(1, per))
	if n <= 0 {
		return 0, nil
	}
	kept, err := keep(ctx, rewind, s-n, s, func(dst *frame.Shrunk, img *frame.RGB) {
		frame.Shrink(dst, img, x0, y0, x1-x0, y1-y0, f)
	})
	if err != nil {
		return 0, err
	}
	m := backfillMargin * bh
	inside := func(q pose.Box) bool {
		return (x0 == 0 || float64(q.X1)-m >= float64(x0)) && (x1 == w || float64(q.X2)+m <= float64(x1)) &&
			(y0 == 0 || float64(q.Y1)-m >= float64(y0)) && (y1 == h || float64(q.Y2)+m <= float64(y1))
	}
	added := 0
	for j := s - 1; j >= s-n && kept[j-(s-n)].W > 0; j-- {
		lm, err := e.landmarksShrunk(&kept[j-(s-n)], roi)
		if err != nil {
			return added, err
		}
		v.LandmarkRuns++
		q := lm.Person()
		if lm.Score < e.MinPresence || !inside(q.Box) || !inPicture(q.Box, w, h) || someoneAt(v.People[j], q.Box) {
			break
		}
		v.People[j] = append(v.People[j], Tracked{ID: id, Person: q})
		roi = lm.NextROI(w, h)
		added++
	}
	return added, nil
}

// keep reads frames [from, to) again through rewind into shrunk copies
// (shrink makes one); a frame the video no longer gives stays empty.
func keep(ctx context.Context, rewind Rewind, from, to int, shrink func(*frame.Shrunk, *frame.RGB)) ([]frame.Shrunk, error) {
	src, err := rewind(from)
	if err != nil {
		return nil, err
	}
	if c, ok := src.(io.Closer); ok {
		defer c.Close()
	}
	kept := make([]frame.Shrunk, to-from)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		img, i, err := src.Next()
		if errors.Is(err, io.EOF) || i >= to {
			return kept, nil
		}
		if err != nil {
			return nil, fmt.Errorf("decode frame %d: %w", i, err)
		}
		if i >= from {
			shrink(&kept[i-from], img)
		}
		if i >= to-1 {
			return kept, nil
		}
	}
}

// inPicture reports whether a pose lies within the w×h picture: going
// back, one that reaches past its edge is someone walking out of it
// (walking in, forwards), the model guessing what it cannot see (the Demo4
// walker, found at 28 as she enters on the right, was followed back to 0
// as a sliver at the edge, her heels drawn 100 px over the floor).
func inPicture(b pose.Box, w, h int) bool {
	return b.X1 >= 0 && b.Y1 >= 0 && b.X2 <= float32(w) && b.Y2 <= float32(h)
}

// someoneAt reports whether a person tracked in a frame stands where box
// is (see Tracker.covered).
func someoneAt(people []Tracked, box pose.Box) bool {
	for _, p := range people {
		if iou(p.Person.Box, box) > 0.5 {
			return true
		}
	}
	return false
}
