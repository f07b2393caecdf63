package posetrack

import (
	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
)

// ahead is the detector runs a frame needs whatever its landmarks say,
// started beside them where the models allow (Engine.DetectAlongside):
// the scheduled look at the whole frame, and search's squares around the
// tracks lost before this frame. Each gives what it would give run in
// turn; a square that search then skips (someone was found, no room is
// left) cost a detector run on the core the landmark model left idle.
type ahead struct {
	whole   *detection   // nil: not started
	squares []*detection // by index in the tracker's lost at the frame's start; nil: not started
	all     []*detection
}

// detectAhead starts the frame's detector runs that need nothing from its
// landmarks, while someone is tracked and there is room for more. It is
// called every frame: a value, so a frame without any costs nothing.
func (t *Tracker) detectAhead(img *frame.RGB) (a ahead) {
	if !t.e.DetectAlongside || len(t.tracks) == 0 || len(t.tracks) >= t.MaxPeople {
		return a
	}
	var squares [][3]float32
	if t.scheduled() {
		squares = append(squares, wholeSquare(img))
	}
	at := make([]int, 0, len(t.lost))
	for k, l := range t.lost {
		if sq, ok := t.searchSquare(img, l); ok {
			squares = append(squares, sq)
			at = append(at, k)
		}
	}
	if len(squares) == 0 {
		return a
	}
	a.all = t.e.detectAsync(img, squares)
	ds := a.all
	if t.scheduled() {
		a.whole, ds = ds[0], ds[1:]
	}
	a.squares = make([]*detection, len(t.lost))
	for i, k := range at {
		a.squares[k] = ds[i]
	}
	return a
}

// square is search's detections for the k-th lost track: those started
// ahead, or else run now, once nothing else is using the detector.
func (a *ahead) square(k int, run func() ([]blazepose.Detection, error)) ([]blazepose.Detection, error) {
	if k < len(a.squares) && a.squares[k] != nil {
		return a.squares[k].wait(nil)
	}
	a.settle()
	return run()
}

// settle waits for every run still under way: they read the frame and
// the detector's buffers.
func (a *ahead) settle() {
	for _, d := range a.all {
		<-d.done
	}
}
