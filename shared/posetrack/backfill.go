package posetrack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
)

// Backfilling. The detector looks for newcomers twice a second and sees
// the whole frame small, so someone who comes out from behind something
// is followed only from where it first found them: the Sports2D demo's
// walker steps out from behind the tree trunk at frame 37 and is found at
// 60, and her first two contacts (41–65, 60–83) were lost; where the
// tracker loses someone, it finds them again only a few frames later.
// Once the video is known, each track of whoever could be the athlete
// (the first, and each that continues it after a loss) is followed back
// from where it began, frame by frame with the landmark model (each ROI
// from the pose a frame later, as forwards), over frames read again from
// the video: for at most backfillSeconds, until the model no longer
// finds a person, the pose reaches someone tracked there (the same body,
// or another) or the picture's edge, or it nears the edge of the region
// kept around the person. Two seconds, not one: the detector does not
// find someone half out from behind something at its next run, only once
// most of them shows (the walker comes out at 37 and is found at 60 at
// 30 fps, at 70 in the clip's 15 fps copy, where a second back reached
// only 40 and her first contact, 41–65, was lost).
const (
	backfillSeconds = 2.0
	// backfillBytes bounds the frames kept while going back (all the
	// tracks' together, in the order the chains are met): each is a
	// region backfillReach body heights either side of the person's box
	// (a walker covers about that in two seconds, a camera that pans keeps its
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

// Skipper is Frames that can pass over their next frame without making
// it (the server's decoder then skips the frame's conversion to BGR):
// keep passes over the frames between windows so.
type Skipper interface {
	Skip() (int, error)
}

// Backfill follows back in time each track of each chain that could be
// the athlete (ChooseAthlete's two choices: Stitch's chains), from the
// frame it began in (see backfillSeconds; a later track of a chain no
// further than where the one before it ended), adding the poses to
// v.People under its id and the model runs to v.LandmarkRuns: the chain's
// gaps, where the tracker had lost the athlete, get poses instead of the
// cleaning's straight lines. w×h is the frames' size. The frames are read
// again once, through rewind, up to the last one a window needs that lb
// (may be nil) did not keep while tracking. It returns how many poses it
// added.
func (e *Engine) Backfill(ctx context.Context, v *Video, fps float64, w, h int, rewind Rewind, lb *Lookback) (int, error) {
	var ws []*window
	done := map[int]bool{}
	budget := backfillBytes
	for _, vertical := range []bool{false, true} {
		for _, c := range chainSpans(v.People, fps, SubjectBy(v.People, w, h, vertical)) {
			if done[c.id] {
				continue
			}
			done[c.id] = true
			if wi := e.newWindow(v, c, fps, w, h, budget); wi != nil {
				ws = append(ws, wi)
				budget -= wi.bytes()
			}
		}
	}
	var unread []*window
	for _, wi := range ws {
		if !lb.fill(wi) {
			unread = append(unread, wi)
		}
	}
	if len(unread) > 0 {
		if err := keep(ctx, rewind, unread); err != nil {
			return 0, err
		}
	}
	added := 0
	for _, wi := range ws {
		n, err := e.goBack(v, wi, w, h)
		if err != nil {
			return added, fmt.Errorf("backfill track %d from frame %d: %w", wi.id, wi.to, err)
		}
		added += n
	}
	return added, nil
}

// span is a track of a chain: its id, the frame it begins in, and the
// last frame of the chain's track before it (-1 for the first).
type span struct{ id, first, prevLast int }

// chainSpans are the tracks of id's chain (Stitch) in order of time.
func chainSpans(people [][]Tracked, fps float64, id int) []span {
	if id < 0 {
		return nil
	}
	chain := Stitch(people, fps, id)
	var out []span
	last := map[int]int{}
	for i, ps := range people {
		for _, p := range ps {
			if !chain[p.ID] {
				continue
			}
			if _, seen := last[p.ID]; !seen {
				out = append(out, span{id: p.ID, first: i, prevLast: -1})
			}
			last[p.ID] = i
		}
	}
	for k := 1; k < len(out); k++ {
		out[k].prevLast = last[out[k-1].id]
	}
	return out
}

// window is one track's way back: frames [from, to) kept as regions
// (x0, y0)–(x1, y1) of the frame shrunk by f, and the ROI its first
// frame's pose gives.
type window struct {
	id, from, to   int
	x0, y0, x1, y1 int
	f              int
	bh             float64 // body height at the track's first frame, px
	roi            blazepose.Rect
	kept           []frame.Shrunk
}

// newWindow is the way back for the chain's track c, or nil where there is
// none (it begins at the first frame, or right after the track before it).
func (e *Engine) newWindow(v *Video, c span, fps float64, w, h, budget int) *window {
	if c.first <= 0 || c.first-c.prevLast <= 1 {
		return nil
	}
	var wi *window
	for _, p := range v.People[c.first] {
		if p.ID == c.id && p.Start != nil {
			wi = windowTo(c.id, c.first, p.Person.Box, *p.Start, w, h)
		}
	}
	if wi == nil {
		return nil
	}
	n := min(c.first-c.prevLast-1, int(math.Round(backfillSeconds*fps)), budget/max(1, wi.frameBytes()))
	if n <= 0 {
		return nil
	}
	wi.from = c.first - n
	wi.kept = make([]frame.Shrunk, n)
	return wi
}

// windowTo is the region kept going back from track id's first frame,
// to (frames not chosen yet): box is the track's pose's box there, roi
// the ROI that pose gives; nil for a pose with no height.
func windowTo(id, to int, box pose.Box, roi blazepose.Rect, w, h int) *window {
	bh := float64(box.Y2 - box.Y1)
	if bh <= 0 {
		return nil
	}
	return &window{id: id, to: to, bh: bh, roi: roi, f: max(1, int(roi.Width/LandmarkSize)),
		x0: max(0, int(float64(box.X1)-backfillReach*bh)), x1: min(w, int(float64(box.X2)+backfillReach*bh)),
		y0: max(0, int(float64(box.Y1)-backfillRise*bh)), y1: min(h, int(float64(box.Y2)+backfillRise*bh))}
}

// frameBytes is what one kept frame of wi holds, counted as RGB (an I420
// frame's region holds half: the bound is conservative in the browser).
func (wi *window) frameBytes() int { return 3 * ((wi.x1 - wi.x0) / wi.f) * ((wi.y1 - wi.y0) / wi.f) }

// bytes is what all of wi's kept frames hold.
func (wi *window) bytes() int { return len(wi.kept) * wi.frameBytes() }

// goBack runs the landmark model back over wi's kept frames.
func (e *Engine) goBack(v *Video, wi *window, w, h int) (int, error) {
	m := backfillMargin * wi.bh
	inside := func(q pose.Box) bool {
		return (wi.x0 == 0 || float64(q.X1)-m >= float64(wi.x0)) && (wi.x1 == w || float64(q.X2)+m <= float64(wi.x1)) &&
			(wi.y0 == 0 || float64(q.Y1)-m >= float64(wi.y0)) && (wi.y1 == h || float64(q.Y2)+m <= float64(wi.y1))
	}
	roi, added := wi.roi, 0
	for j := wi.to - 1; j >= wi.from && wi.kept[j-wi.from].W > 0; j-- {
		lm, err := e.landmarksShrunk(&wi.kept[j-wi.from], roi)
		if err != nil {
			return added, err
		}
		v.LandmarkRuns++
		q := lm.Person()
		if lm.Score < e.MinPresence || !inside(q.Box) || !inPicture(q.Box, w, h) || someoneAt(v.People[j], q.Box) {
			break
		}
		v.People[j] = append(v.People[j], Tracked{ID: wi.id, Person: q})
		roi = lm.NextROI(w, h)
		added++
	}
	return added, nil
}

// keep reads the frames of every window again, once, through rewind, into
// each window's shrunk copies (passing over those between windows where
// the frames are a Skipper); a frame the video no longer gives stays
// empty.
func keep(ctx context.Context, rewind Rewind, ws []*window) error {
	from, to := ws[0].from, ws[0].to
	for _, wi := range ws {
		from, to = min(from, wi.from), max(to, wi.to)
	}
	src, err := rewind(from)
	if err != nil {
		return err
	}
	if c, ok := src.(io.Closer); ok {
		defer c.Close()
	}
	skip, _ := src.(Skipper)
	next := -1 // the index of the next frame, once one was read
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if skip != nil && next >= 0 && !inWindow(next, ws) {
			i, err := skip.Skip()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("decode frame %d: %w", i, err)
			}
			next = i + 1
			continue
		}
		img, i, err := src.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("decode frame %d: %w", i, err)
		}
		next = i + 1
		for _, wi := range ws {
			if wi.holds(i) {
				wi.shrink(i, img)
			}
		}
		if i >= to-1 {
			return nil
		}
	}
}

// shrink keeps frame i (img) as the window keeps its frames.
func (wi *window) shrink(i int, img *frame.RGB) {
	frame.Shrink(&wi.kept[i-wi.from], img, wi.x0, wi.y0, wi.x1-wi.x0, wi.y1-wi.y0, wi.f)
}

// holds reports whether frame i is one the window keeps.
func (wi *window) holds(i int) bool { return i >= wi.from && i < wi.to }

// inWindow reports whether frame i is one a window keeps.
func inWindow(i int, ws []*window) bool {
	return slices.ContainsFunc(ws, func(wi *window) bool { return wi.holds(i) })
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
		if sameBody(p.Person.Box, box) {
			return true
		}
	}
	return false
}
