package posetrack

import (
	"math"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
)

// Tracked is one person in one frame with a track id that stays the same
// while the tracker follows that person. Held marks a bystander's frame
// the landmark model skipped (see Tracker.BystanderEvery): Person is then
// their last pose until Track interpolates it.
type Tracked struct {
	ID     int
	Person pose.Person
	Held   bool `json:",omitempty"`
	// Start is set on a track's first frame only: the ROI its pose there
	// gives the next frame, where Backfill starts going back from.
	Start *blazepose.Rect `json:"-"`
}

// Tracker follows every person in a video, as MediaPipe follows one: each
// person's ROI for a frame comes from their landmarks in the previous
// frame, and the person detector runs only on the first frame, whenever
// nobody is tracked, and every RedetectEvery frames to pick up people who
// walk in; where someone followed for a while is lost, it looks again,
// closer (see search), and while nobody is tracked it also looks through
// the frame closer, a square at a time (see scanNext). Which track is the
// athlete is decided once the whole video is known (see pipeline), not
// here.
type Tracker struct {
	e      *Engine
	tracks []*trackState
	nextID int
	frame  int
	// RedetectEvery is the detector period in frames while people are
	// tracked (0: only when nobody is).
	RedetectEvery int
	// MaxPeople bounds how many people are tracked at once: each costs one
	// landmark-model run per frame.
	MaxPeople int
	// BystanderEvery is how often, in frames, the landmark model runs on a
	// bystander (1 or 0: every frame). A bystander is a track followed for
	// at least a second whose prominence so far is under a quarter of the
	// leading track's; everyone else runs every frame. The athlete is
	// chosen only once the video is known, so the rule is conservative.
	BystanderEvery int
	// Detections counts detector runs, LandmarkRuns landmark-model runs
	// (for benchmarks and tests).
	Detections, LandmarkRuns int

	lost []lostTrack // where established tracks were lost, for search
	scan int         // the next of scanSquares to look in while nobody is tracked
}

// lostTrack is where a track followed for a while was last seen.
type lostTrack struct {
	box   pose.Box
	frame int
}

type trackState struct {
	id   int
	roi  blazepose.Rect
	spin [2]float32 // the crop's rotation over the last two frames (turn)
	last pose.Person
	born int  // frame of the first sighting
	held bool // skipped this frame: last is the pose of an earlier one
	seen prominenceSoFar
}

// NewTracker starts tracking with e (one tracker per video).
func (e *Engine) NewTracker(redetectEvery, maxPeople int) *Tracker {
	return &Tracker{e: e, RedetectEvery: redetectEvery, MaxPeople: max(1, maxPeople), BystanderEvery: e.BystanderEvery}
}

// Next returns everyone found in img (possibly nobody).
func (t *Tracker) Next(img *frame.RGB) ([]Tracked, error) {
	defer func() { t.frame++ }()
	run := t.toRun()
	var rois []blazepose.Rect
	for k, tr := range t.tracks {
		if run[k] {
			rois = append(rois, tr.roi)
		}
	}
	early := t.detectAhead(img)
	defer early.settle()
	lms, err := t.e.LandmarksAll(img, rois)
	var dets []blazepose.Detection
	if early.whole != nil {
		dets, err = early.whole.wait(err)
	}
	if err != nil {
		return nil, err
	}
	t.LandmarkRuns += len(rois)
	kept := t.tracks[:0]
	for k, tr := range t.tracks {
		if tr.held = !run[k]; tr.held {
			kept = append(kept, tr)
			continue
		}
		lm := lms[0]
		lms = lms[1:]
		if lm.Score < t.e.MinPresence {
			var err error
			if lm, err = t.turn(img, tr, lm); err != nil {
				return nil, err
			}
		}
		if lm.Score < t.e.MinPresence {
			t.lose(tr) // the detector may find them again as a new track
			continue
		}
		p := lm.Person()
		if t.covered(kept, p.Box) {
			continue // two tracks converged on one body: keep the older
		}
		next := lm.NextROI(img.W, img.H)
		tr.spin = [2]float32{tr.spin[1], blazepose.NormalizeRadians(next.Rotation - tr.roi.Rotation)}
		tr.roi, tr.last = next, p
		tr.seen.add(p)
		kept = append(kept, tr)
	}
	t.tracks = kept

	if (len(t.tracks) == 0 || t.scheduled()) && len(t.tracks) < t.MaxPeople {
		if early.whole == nil {
			early.settle() // the detector is one session
			if dets, err = t.e.Detect(img); err != nil {
				return nil, err
			}
		}
		t.Detections++
		if _, err := t.adopt(img, dets); err != nil {
			return nil, err
		}
	}
	if err := t.search(img, &early); err != nil {
		return nil, err
	}
	if len(t.tracks) == 0 {
		early.settle()
		if err := t.scanNext(img); err != nil {
			return nil, err
		}
	}
	out := make([]Tracked, len(t.tracks))
	for i, tr := range t.tracks {
		out[i] = Tracked{ID: tr.id, Person: tr.last, Held: tr.held}
		if tr.born == t.frame {
			roi := tr.roi
			out[i].Start = &roi
		}
	}
	return out, nil
}

// adopt starts a track for each detection that is nobody tracked yet and
// that the landmark model confirms, while there is room; it returns how
// many it started.
func (t *Tracker) adopt(img *frame.RGB, dets []blazepose.Detection) (int, error) {
	started := 0
	for _, d := range dets {
		if len(t.tracks) >= t.MaxPeople {
			break
		}
		roi := blazepose.ROIFromDetection(d, img.W, img.H)
		if t.inTrack(roi) {
			continue
		}
		lm, err := t.e.Landmarks(img, roi)
		if err != nil {
			return started, err
		}
		t.LandmarkRuns++
		p := lm.Person()
		if lm.Score < t.e.MinPresence || t.covered(t.tracks, p.Box) {
			continue
		}
		p.DetectorScore = d.Score
		tr := &trackState{id: t.nextID, roi: lm.NextROI(img.W, img.H), last: p, born: t.frame}
		tr.seen.add(p)
		t.tracks = append(t.tracks, tr)
		t.nextID++
		started++
	}
	return started, nil
}

// The detector sees the whole frame at 224×224: a runner 150 px tall in
// a 1280-wide frame is 26 px there, and where runners overlap it finds
// them only now and then (the panning sprint loses its sprinter for 12
// frames). Where a track followed for at least half a detector period
// was lost, search runs the detector every frame for a second on a square
// searchZoom times the person's size around where they were, which shows
// them several times larger.
const searchZoom = 3

// lose remembers where an established track was lost.
func (t *Tracker) lose(tr *trackState) {
	if t.RedetectEvery > 0 && 2*tr.seen.n >= t.RedetectEvery {
		t.lost = append(t.lost, lostTrack{box: tr.last.Box, frame: t.frame})
	}
}

// search looks for people again around where tracks were lost in the last
// second (two detector periods), closer than the whole frame, until
// someone is found there.
func (t *Tracker) search(img *frame.RGB, early *ahead) error {
	live := t.lost[:0]
	for k, l := range t.lost {
		sq, ok := t.searchSquare(img, l)
		if !ok {
			continue // given up, or no closer than the whole frame
		}
		if len(t.tracks) < t.MaxPeople {
			dets, err := early.square(k, func() ([]blazepose.Detection, error) {
				return t.e.detectSquare(img, sq[0], sq[1], sq[2])
			})
			if err != nil {
				return err
			}
			t.Detections++
			n, err := t.adopt(img, dets)
			if err != nil {
				return err
			}
			if n > 0 {
				continue // found
			}
		}
		live = append(live, l)
	}
	t.lost = live
	return nil
}

// searchSquare is the square (x, y, side) search looks in for l, while it
// still looks: for two detector periods, where the square is no larger
// than half the frame (and the box not NaN).
func (t *Tracker) searchSquare(img *frame.RGB, l lostTrack) ([3]float32, bool) {
	whole := float32(max(img.W, img.H))
	side := searchZoom * max(l.box.X2-l.box.X1, l.box.Y2-l.box.Y1)
	if t.frame-l.frame > 2*t.RedetectEvery || !(side > 0 && side <= whole/2) {
		return [3]float32{}, false
	}
	cx, cy := (l.box.X1+l.box.X2)/2, (l.box.Y1+l.box.Y2)/2
	return [3]float32{cx - side/2, cy - side/2, side}, true
}

// While nobody is tracked, the detector on the whole frame misses people
// who are small in it: the panning sprint's three runners, about 100 px
// tall in a 1280×720 frame (17 px in the detector's input), are found by
// it in none of frames 122–140 as they leave the blocks, while in a square
// of 432 px around them it finds two of the three. So each frame in which
// nobody is tracked also looks in one of the frame's scanSquares, in turn:
// the whole frame is looked through closer every few frames, at the cost
// of one detector run per frame only while nobody is followed.
//
// scanZoom is how much smaller than the frame's short side a square is.
const scanZoom = 5.0 / 3

// scanSquares are squares of side short/scanZoom that cover a w×h frame,
// overlapping by at least a quarter of their side, row by row.
func scanSquares(w, h int) [][3]float32 {
	side := float32(min(w, h)) / scanZoom
	if side < 1 {
		return nil
	}
	place := func(length int) []float32 {
		span := float32(length) - side
		n := 1 + int(math.Ceil(float64(span/(0.75*side))))
		out := make([]float32, n)
		for k := range out {
			if n > 1 {
				out[k] = span * float32(k) / float32(n-1)
			}
		}
		return out
	}
	var sq [][3]float32
	for _, y := range place(h) {
		for _, x := range place(w) {
			sq = append(sq, [3]float32{x, y, side})
		}
	}
	return sq
}

// scanNext runs the detector on the next of the frame's scanSquares.
func (t *Tracker) scanNext(img *frame.RGB) error {
	sq := scanSquares(img.W, img.H)
	if len(sq) == 0 {
		return nil
	}
	s := sq[t.scan%len(sq)]
	t.scan++
	dets, err := t.e.detectSquare(img, s[0], s[1], s[2])
	if err != nil {
		return err
	}
	t.Detections++
	_, err = t.adopt(img, dets)
	return err
}

// scheduled: this frame is one of the detector's periodic ones.
func (t *Tracker) scheduled() bool {
	return t.RedetectEvery > 0 && t.frame%t.RedetectEvery == 0
}

// toRun says which tracks get a landmark run this frame: all of them
// every BystanderEvery frames (the detector's frames among them), and in
// between everyone but the bystanders.
func (t *Tracker) toRun() []bool {
	run := make([]bool, len(t.tracks))
	every := max(1, t.BystanderEvery)
	lead := 0.0
	for _, tr := range t.tracks {
		lead = max(lead, tr.seen.score())
	}
	for k, tr := range t.tracks {
		bystander := t.frame-tr.born >= bystanderAge*max(t.RedetectEvery, 15) && tr.seen.score() < lead/4
		run[k] = t.frame%every == 0 || !bystander
	}
	return run
}

// A track the landmark model loses while its body is turning fast (a
// flip: sports2d_demo, frames 169–190, the man upside down in the air) is
// looked for again in its crop turned further by turnSteps, in the
// direction it was turning, before it counts as lost. The crop's rotation
// follows the body a frame late, and the model does not find a body
// turned far within its crop: at 169 the crop turned 0.8 rad further
// scores 0.99 against 0.07. Only a crop that turned at least turnSpin over
// the last two frames is turned again: a model guessing at a body it
// cannot see well (a small runner in the background) also scores higher
// in some turned crop, and turned crops kept such a track alive for
// seconds in the panning sprint, to the sprinter's cost.
var turnSteps = []float32{0.4, 0.8}

const (
	turnSpin = 0.15 // radians over the last two frames
	// turnEdge: a track whose last box came this close (a share of the
	// frame's longer side) to the frame's edge is leaving the picture, not
	// turning.
	turnEdge = 0.02
)

// turn runs the landmark model on tr's crop turned further by each of
// turnSteps, when it was turning, and returns the best-scoring run (lm
// when none scores higher).
func (t *Tracker) turn(img *frame.RGB, tr *trackState, lm *Landmarks) (*Landmarks, error) {
	spin := tr.spin[0] + tr.spin[1]
	b, edge := tr.last.Box, turnEdge*float32(max(img.W, img.H))
	if math.Abs(float64(spin)) < turnSpin || b.X1 < edge || b.Y1 < edge || b.X2 > float32(img.W)-edge || b.Y2 > float32(img.H)-edge {
		return lm, nil
	}
	rois := make([]blazepose.Rect, len(turnSteps))
	for i, d := range turnSteps {
		rois[i] = tr.roi
		rois[i].Rotation = blazepose.NormalizeRadians(tr.roi.Rotation + float32(math.Copysign(float64(d), float64(spin))))
	}
	runs, err := t.e.LandmarksAll(img, rois)
	if err != nil {
		return nil, err
	}
	t.LandmarkRuns += len(rois)
	for _, r := range runs {
		if r.Score > lm.Score {
			lm = r
		}
	}
	return lm, nil
}

// bystanderAge is how long (in detector periods: a second at the default
// rate) a track is followed at full rate before it may count as a
// bystander: a newcomer, or the athlete found again after a loss, has not
// shown how they move yet.
const bystanderAge = 2

// prominenceSoFar is Subject's size × (1 + travel) for one track over the
// frames it was seen in, travel the larger of Subject's and SubjectBy's
// vertical one (the tracker does not know the activity).
type prominenceSoFar struct {
	n                      int
	area, height           float64
	minX, maxX, minY, maxY float64
}

func (s *prominenceSoFar) add(p pose.Person) {
	k := p.Keypoints
	hx := float64(k[pose.LeftHip].X+k[pose.RightHip].X) / 2
	hy := float64(k[pose.LeftHip].Y+k[pose.RightHip].Y) / 2
	if s.n == 0 {
		s.minX, s.maxX, s.minY, s.maxY = hx, hx, hy, hy
	}
	s.n++
	s.area += float64(p.Box.Area())
	s.height += float64(p.Height())
	s.minX, s.maxX = math.Min(s.minX, hx), math.Max(s.maxX, hx)
	s.minY, s.maxY = math.Min(s.minY, hy), math.Max(s.maxY, hy)
}

func (s *prominenceSoFar) score() float64 {
	if s.n == 0 {
		return 0
	}
	n := float64(s.n)
	body := math.Max(s.height/n, 1)
	travel := math.Max(math.Hypot(s.maxX-s.minX, s.maxY-s.minY), 3*(s.maxY-s.minY)) / body
	return s.area / n * (1 + travel)
}

// inTrack reports whether a detection's ROI centre lies inside someone
// already tracked (their keypoint box), so it is not started twice.
func (t *Tracker) inTrack(roi blazepose.Rect) bool {
	for _, tr := range t.tracks {
		b := tr.last.Box
		if roi.XCenter >= b.X1 && roi.XCenter <= b.X2 && roi.YCenter >= b.Y1 && roi.YCenter <= b.Y2 {
			return true
		}
	}
	return false
}

func (t *Tracker) covered(tracks []*trackState, b pose.Box) bool {
	for _, tr := range tracks {
		if sameBody(tr.last.Box, b) {
			return true
		}
	}
	return false
}

// Subject picks the athlete among the tracks of a whole video: the track
// with the highest presence × size × (1 + distance covered), where presence
// is the fraction of frames it was seen, size its mean keypoint-box area
// over the frame area, and distance the extent of its hip path in body
// heights. A runner crossing the frame beats a bystander standing closer;
// on a treadmill, where nobody travels, the largest, steadiest person wins.
// It returns -1 when there is no track.
func Subject(frames [][]Tracked, w, h int) int { return SubjectBy(frames, w, h, false) }

// SubjectBy is Subject; with vertical, travel counts only upward and
// downward, weighted three times (a jumper beats a passer-by).
func SubjectBy(frames [][]Tracked, w, h int, vertical bool) int {
	byID := map[int]*prominenceSoFar{}
	for _, people := range frames {
		for _, tr := range people {
			s := byID[tr.ID]
			if s == nil {
				s = &prominenceSoFar{}
				byID[tr.ID] = s
			}
			s.add(tr.Person)
		}
	}
	best, bestScore := -1, -1.0
	for id, s := range byID {
		n := float64(s.n)
		presence := n / float64(len(frames))
		size := s.area / n / float64(w*h)
		body := math.Max(s.height/n, 1)
		dist := math.Hypot(s.maxX-s.minX, s.maxY-s.minY) / body
		if vertical {
			dist = 3 * (s.maxY - s.minY) / body
		}
		score := presence * size * (1 + dist)
		if score > bestScore || (score == bestScore && id < best) {
			best, bestScore = id, score
		}
	}
	return best
}
