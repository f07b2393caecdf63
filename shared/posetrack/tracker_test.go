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
		for i := 1; i < len(sq); i++ {
			if sq[i][1] == sq[i-1][1] && sq[i-1][0]+sq[i-1][2]-sq[i][0] < 0.25*want-0.01 {
				t.Errorf("%dx%d: squares %v and %v overlap by less than a quarter", w, h, sq[i-1], sq[i])
			}
		}
		t.Logf("%dx%d: %d squares of %.0f px", w, h, len(sq), want)
	}
}
