package posetrack

import "testing"

// The squares looked through while nobody is tracked lie inside the
// frame, cover every pixel of it, overlap their neighbours by at least a
// quarter of their side, and are scanZoom times smaller than its short
// side, for landscape, portrait, square and small frames; a frame too
// small for a square of a pixel has none.
func TestScanSquaresCoverTheFrame(t *testing.T) {
	if scanSquares(0, 0) != nil || scanSquares(1, 1) != nil {
		t.Error("a frame under 2 px has scan squares")
	}
	for _, sz := range [][2]int{{1280, 720}, {1920, 1080}, {1080, 1920}, {480, 352}, {720, 720}, {608, 1080}} {
		w, h := sz[0], sz[1]
		sq := scanSquares(w, h)
		if len(sq) < 2 {
			t.Errorf("%dx%d: %d squares", w, h, len(sq))
		}
		want := float32(min(w, h)) / scanZoom
		for _, s := range sq {
			if s[2] != want || s[0] < 0 || s[1] < 0 || s[0]+s[2] > float32(w)+0.01 || s[1]+s[2] > float32(h)+0.01 {
				t.Fatalf("%dx%d: square %v is not of side %.1f inside the frame", w, h, s, want)
			}
		}
		for y := 0; y < h; y += 7 {
			for x := 0; x < w; x += 7 {
				in := false
				for _, s := range sq {
					in = in || float32(x) >= s[0] && float32(x) <= s[0]+s[2] && float32(y) >= s[1] && float32(y) <= s[1]+s[2]
				}
				if !in {
					t.Fatalf("%dx%d: pixel (%d, %d) is in no square", w, h, x, y)
				}
			}
		}
		for i, a := range sq {
			for _, b := range sq[i+1:] {
				beside := a[1] == b[1] && b[0] > a[0] && a[0]+a[2]-b[0] < 0.25*want-0.01
				below := a[0] == b[0] && b[1] > a[1] && a[1]+a[2]-b[1] < 0.25*want-0.01
				if beside && !anyBetween(sq, a, b, 0) || below && !anyBetween(sq, a, b, 1) {
					t.Errorf("%dx%d: neighbouring squares %v and %v overlap by less than a quarter", w, h, a, b)
				}
			}
		}
		t.Logf("%dx%d: %d squares of %.0f px", w, h, len(sq), want)
	}
}

// anyBetween reports whether a square of sq lies strictly between a and b
// along axis (0: x, 1: y), in their row or column: then a and b are not
// neighbours.
func anyBetween(sq [][3]float32, a, b [3]float32, axis int) bool {
	for _, c := range sq {
		if c[1-axis] == a[1-axis] && c[axis] > a[axis] && c[axis] < b[axis] {
			return true
		}
	}
	return false
}
