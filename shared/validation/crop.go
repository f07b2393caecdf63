package validation

// The crop variant shows the clip off-centre: it cuts up to CropTop of the
// picture's height and CropSide of its width, from the top and the right
// where the athletes leave room, else from the bottom and the left, and
// never into the athletes (their box over the clip, with a margin of
// CropMargin of the picture): a picture that cuts the athlete off tests
// nothing a detector could do (the Sports2D demo's jumper stands on a box
// at the top of the picture, and a cut of 15 % off the top took his head
// and arms and every hop with them).
const (
	CropTop    = 0.15
	CropSide   = 0.04
	CropMargin = 0.02
)

// Crop is the crop variant's rectangle (pixels, even, for 4:2:0 video) of
// a w×h picture whose athletes stay within x1..x2, y1..y2 over the clip.
func Crop(w, h int, x1, y1, x2, y2 float64) (x, y, cw, ch int) {
	cut := func(size int, lo, hi, most float64) (from, length int) {
		m := CropMargin * float64(size)
		room := func(v float64) float64 { return max(0, min(v, most*float64(size))) }
		// The first cut goes where the clip's athletes leave room (the top
		// or the right), the rest to the other side.
		first := room(lo - m)
		second := room(float64(size) - hi - m)
		second = min(second, most*float64(size)-first)
		from = int(first) &^ 1
		length = (size - from - int(second)) &^ 1
		return from, length
	}
	y, ch = cut(h, y1, y2, CropTop)
	// The width is cut on the right first: mirror the sides.
	r, cw := cut(w, float64(w)-x2, float64(w)-x1, CropSide)
	x = (w - r - cw) &^ 1
	return x, y, cw, ch
}
