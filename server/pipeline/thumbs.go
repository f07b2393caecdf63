package pipeline

import (
	"motionlab/server/inference"
	"motionlab/server/video"
	"motionlab/shared/frame"
	"motionlab/shared/posetrack"
)

// An analysis's thumbnail shows its athlete where they are largest in the
// picture. Which frame that is, and who the athlete is, are known only at
// the end, and decoding the video again up to that frame cost the results
// of the 10 s 1080p bench clip 0.9 s (frame 171) on a 2-core box. So the
// camera stage keeps, as the frames go by, a shrunk copy of the frame in
// which each tracked person's box is the largest so far; a new copy only
// when the box has grown by thumbGrow, so a person walking toward the
// camera costs a few copies, not one a frame. At most thumbKeep copies
// (~1.3 MB each for 1080p) are held: a new track's first copy takes the
// place of the smallest person's (an athlete whose copy went so gets a
// thumbnail decoded again, as before).
const (
	ThumbnailSide = 640 // the longest side of a thumbnail, pixels
	thumbGrow     = 1.1
	thumbKeep     = 2 * posetrack.MaxTracked
)

// thumb is one person's largest appearance so far.
type thumb struct {
	index int
	area  float32
	pic   frame.Shrunk
}

// thumbs are the thumbnail candidates, by track id.
type thumbs map[int]*thumb

// keep records frame i for each person whose box there is the largest of
// their track so far. Frames in I420 are not kept (the server decodes BGR).
func (t thumbs) keep(i int, img *frame.RGB, people []inference.Tracked) {
	if img.YUV != nil {
		return
	}
	var shrunk *frame.Shrunk // this frame's copy, made once
	for _, p := range people {
		if p.Held {
			continue
		}
		a := p.Person.Box.Area()
		c := t[p.ID]
		if c != nil && a <= thumbGrow*c.area {
			continue
		}
		if c == nil {
			c = t.slot()
			t[p.ID] = c
		}
		if shrunk == nil {
			f := max(1, max(img.W, img.H)/ThumbnailSide)
			frame.Shrink(&c.pic, img, 0, 0, img.W, img.H, f)
			shrunk = &c.pic
		} else {
			c.pic.X0, c.pic.Y0, c.pic.F = shrunk.X0, shrunk.Y0, shrunk.F
			c.pic.RGB = frame.RGB{W: shrunk.W, H: shrunk.H, Stride: shrunk.Stride, Pix: append(c.pic.Pix[:0], shrunk.Pix...)}
		}
		c.index, c.area = i, a
	}
}

// slot is a candidate for a new track: a new one while fewer than
// thumbKeep are held, else the smallest person's, taken from its track.
func (t thumbs) slot() *thumb {
	if len(t) < thumbKeep {
		return &thumb{}
	}
	id := -1
	for k, c := range t {
		if id < 0 || c.area < t[id].area {
			id = k
		}
	}
	c := t[id]
	delete(t, id)
	return c
}

// Thumbnail is a JPEG, at most ThumbnailSide on its longer side, of the
// frame kept while decoding where the athlete (Raw, set by ChooseAthlete)
// is largest, and that frame's index; ok is false when no kept frame
// shows the athlete (no camera stage ran: the caller decodes one).
func (out *Output) Thumbnail() (jpg []byte, index int, ok bool, err error) {
	var best *thumb
	var area float32
	for _, c := range out.thumbs {
		if c.index >= len(out.Raw.Frames) || out.Raw.Frames[c.index] == nil {
			continue
		}
		if a := out.Raw.Frames[c.index].Box.Area(); best == nil || a > area || a == area && c.index < best.index {
			best, area = c, a
		}
	}
	if best == nil {
		return nil, 0, false, nil
	}
	jpg, err = video.JPEG(&best.pic.RGB, ThumbnailSide)
	return jpg, best.index, err == nil, err
}
