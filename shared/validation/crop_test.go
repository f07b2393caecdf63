package validation

import "testing"

func TestCropKeepsTheAthletes(t *testing.T) {
	cases := []struct {
		name           string
		x1, y1, x2, y2 float64
		x, y, cw, ch   int
	}{
		// Room everywhere: 15 % off the top, 4 % off the right.
		{"middle", 300, 200, 600, 400, 0, 150, 960, 850},
		// Reaching the top (a jumper on a box): what the margin leaves
		// off the top (30 − 20 = 10 px), the rest off the bottom.
		{"top", 300, 30, 600, 400, 0, 10, 960, 850},
		// Reaching the right edge: off the left instead.
		{"right", 300, 200, 995, 400, 40, 150, 960, 850},
		// Filling the picture: nothing to cut.
		{"whole", 10, 10, 990, 990, 0, 0, 1000, 1000},
	}
	for _, c := range cases {
		x, y, cw, ch := Crop(1000, 1000, c.x1, c.y1, c.x2, c.y2)
		if x != c.x || y != c.y || cw != c.cw || ch != c.ch {
			t.Errorf("%s: crop %d,%d %d×%d, want %d,%d %d×%d", c.name, x, y, cw, ch, c.x, c.y, c.cw, c.ch)
		}
		if float64(x) > c.x1 || float64(y) > c.y1 || float64(x+cw) < c.x2 || float64(y+ch) < c.y2 {
			t.Errorf("%s: crop %d,%d %d×%d cuts into the athletes' box", c.name, x, y, cw, ch)
		}
	}
}
