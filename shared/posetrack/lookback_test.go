package posetrack

import (
	"testing"

	"motionlab/shared/blazepose"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
)

// A Lookback gives each frame back once it holds LookbackFrames newer
// ones, keeps the frames before a track only where another was lost just
// before it, and gives them to that track's window alone, when the
// window's frames and region are the kept ones.
func TestLookbackKeepsOnlyAfterALoss(t *testing.T) {
	const w, h = 64, 48
	person := func(id int, start bool) Tracked {
		p := Tracked{ID: id, Person: pose.Person{Box: pose.Box{X1: 20, Y1: 10, X2: 30, Y2: 40}}}
		if start {
			p.Start = &blazepose.Rect{XCenter: 25, YCenter: 25, Width: 40, Height: 40}
		}
		return p
	}
	frames := make([]*frame.RGB, 14)
	for i := range frames {
		frames[i] = &frame.RGB{W: w, H: h, Stride: 3 * w, Pix: make([]byte, 3*w*h)}
		frames[i].Pix[0] = byte(i)
	}
	people := [][]Tracked{
		{person(1, true)}, {person(1, false)}, {person(1, false)}, {person(1, false)},
		{person(2, true)}, // 1 is lost at 4 as 2 begins: a continuation
		{person(2, false)}, {person(2, false)}, {person(2, false)},
		{person(2, false), person(3, true)}, // 3 begins with nobody lost since 4
		{}, {}, {}, {},                      // 2 and 3 lost at 9, nobody for 4 frames
		{person(4, true)}, // more than LookbackFrames after the loss
	}
	l := NewLookback(w, h)
	for i, ps := range people {
		back := l.Add(i, frames[i], ps)
		switch {
		case i < LookbackFrames && back != nil:
			t.Fatalf("frame %d: gave back frame %p while filling up", i, back)
		case i >= LookbackFrames && back != frames[i-LookbackFrames]:
			t.Fatalf("frame %d: did not give back frame %d", i, i-LookbackFrames)
		}
	}
	if len(l.kept) != 1 || l.kept[2] == nil {
		t.Fatalf("kept the frames before tracks %v, want before 2 only", l.kept)
	}
	k := l.kept[2]
	if k.from != 4-LookbackFrames || k.to != 4 || k.kept[0].Pix[0] != byte(k.from) {
		t.Fatalf("track 2's frames %d–%d (first pixel %d), want %d–4", k.from, k.to, k.kept[0].Pix[0], 4-LookbackFrames)
	}
	wi := windowTo(2, 4, people[4][0].Person.Box, *people[4][0].Start, w, h)
	wi.from, wi.kept = 3, make([]frame.Shrunk, 1)
	if !l.fill(wi) || wi.kept[0].Pix[0] != 3 {
		t.Fatal("track 2's one-frame window was not given frame 3")
	}
	other := windowTo(2, 4, pose.Box{X1: 0, Y1: 0, X2: 10, Y2: 30}, *people[4][0].Start, w, h)
	other.from, other.kept = 3, make([]frame.Shrunk, 1)
	if l.fill(other) {
		t.Fatal("a window over another region was given the kept frames")
	}
	var none *Lookback
	if none.fill(wi) {
		t.Fatal("a nil Lookback filled a window")
	}
}
