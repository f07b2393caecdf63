package posetrack

import "motionlab/shared/frame"

// Looking back while tracking. Where the tracker loses someone it mostly
// finds them again a few frames later, as a new track that continues the
// lost one (Stitch), and Backfill goes back over the gap: it read the
// video again from the first frame any way back needs to the gap (on the
// 10 s 1080p bench clip, frames 60–171 decoded again for a gap of one
// frame at 172). Of the 33 ways back of the validation clips and their
// variants, 15 were over such gaps, 13 of them of at most three frames.
// A Lookback holds the last LookbackFrames frames while the video is
// tracked, and where a track begins right after another was lost it
// keeps those frames as that track's way back keeps them (Backfill's
// window: the same region, shrunk alike); Backfill takes them from there
// instead of reading the video again. The same pixels, the same poses.
const (
	// LookbackFrames is how many frames a Lookback holds.
	LookbackFrames = 3
	// lookbackBytes bounds the shrunk frames kept (about 1 MB a frame at
	// most; a few tracks a clip begin right after another ended).
	lookbackBytes = 16 << 20
)

// Lookback keeps, while a video is tracked, the frames before each track
// that may continue one lost a moment earlier (see LookbackFrames). The
// zero value is not usable: see NewLookback. Its methods are for one
// goroutine; a nil *Lookback keeps nothing.
type Lookback struct {
	w, h   int
	recent []recentFrame   // the last frames added, oldest first
	last   map[int]int     // each track's last frame so far
	kept   map[int]*window // by track id: its way back's frames
	bytes  int
}

type recentFrame struct {
	index int
	img   *frame.RGB
}

// NewLookback starts a Lookback for a video of w×h frames.
func NewLookback(w, h int) *Lookback {
	return &Lookback{w: w, h: h, last: map[int]int{}, kept: map[int]*window{}}
}

// Add hands l frame i, and who was tracked in it, in order of the frames.
// It returns the frame it no longer holds (nil while it fills up): that
// one is the caller's again.
func (l *Lookback) Add(i int, img *frame.RGB, people []Tracked) *frame.RGB {
	for _, p := range people {
		if p.Start != nil && l.lostJustBefore(i, people) {
			l.keep(i, p)
		}
	}
	for _, p := range people {
		l.last[p.ID] = i
	}
	l.recent = append(l.recent, recentFrame{i, img})
	if len(l.recent) <= LookbackFrames {
		return nil
	}
	out := l.recent[0].img
	l.recent = append(l.recent[:0], l.recent[1:]...)
	return out
}

// lostJustBefore reports whether a track last seen within LookbackFrames
// of frame i is not in it (people).
func (l *Lookback) lostJustBefore(i int, people []Tracked) bool {
	for id, last := range l.last {
		if last >= i-LookbackFrames-1 && find(people, id) == nil {
			return true
		}
	}
	return false
}

// keep shrinks the frames held before frame i, where track p begins, into
// p's way back (Backfill's window for it).
func (l *Lookback) keep(i int, p Tracked) {
	wi := windowTo(p.ID, i, p.Person.Box, *p.Start, l.w, l.h)
	n := len(l.recent)
	if wi == nil || n == 0 || l.recent[n-1].index != i-1 || l.recent[0].index != i-n {
		return // no height, or the frames held are not the ones just before
	}
	if l.bytes+n*wi.frameBytes() > lookbackBytes {
		return
	}
	wi.from = i - n
	wi.kept = make([]frame.Shrunk, n)
	for _, r := range l.recent {
		wi.shrink(r.index, r.img)
	}
	l.kept[p.ID] = wi
	l.bytes += wi.bytes()
}

// fill gives wi the frames kept for its track when they are all of its
// frames, in the same regions; it reports whether it did.
func (l *Lookback) fill(wi *window) bool {
	if l == nil {
		return false
	}
	k := l.kept[wi.id]
	if k == nil || k.to != wi.to || k.from > wi.from || k.x0 != wi.x0 || k.y0 != wi.y0 || k.x1 != wi.x1 || k.y1 != wi.y1 || k.f != wi.f {
		return false
	}
	copy(wi.kept, k.kept[wi.from-k.from:])
	return true
}
