package gait

import (
	"math"
	"testing"

	"motionlab/shared/track"
)

// TestSceneLinesFollowTheCamera: a flat ground (y = 500 in the first
// frame) filmed by a camera that tilts, pans and zooms a little each
// frame, with one low foot point a frame. In the picture the points
// trace a steep line (the camera's path); carried back into the first
// frame by the motions they lie on the ground, and each frame's line is
// that ground where the frame shows it.
func TestSceneLinesFollowTheCamera(t *testing.T) {
	const n = 60
	cam := make([]track.Motion, n)
	a, tr := complex(1, 0), complex(0, 0) // frame 0 → frame i
	var xs, ys []float64
	var fs []int
	for i := 0; i < n; i++ {
		if i > 0 {
			cam[i] = track.Motion{1.004, 0, -6, 4} // zoom in, pan, tilt
			m, d := complex(1.004, 0), complex(-6, 4)
			a, tr = m*a, m*tr+d
		} else {
			cam[i] = track.Identity
		}
		scene := complex(300+8*float64(i), 500) // the foot on the ground
		p := a*scene + tr
		xs, ys, fs = append(xs, real(p)), append(ys, imag(p)), append(fs, i)
	}
	if picA, picB := groundLine(xs, ys, 2); math.Abs(picB) < maxGroundSlope {
		t.Fatalf("the picture's fit %.1f + %.3f·x is not steep: no test", picA, picB)
	}
	lines := sceneLines(cam, xs, ys, fs, 2)
	a, tr = 1, 0
	for i, l := range lines {
		if i > 0 {
			m := complex(1.004, 0)
			a, tr = m*a, m*tr+complex(-6, 4)
		}
		for _, x0 := range []float64{0, 600} {
			p := a*complex(x0, 500) + tr // a ground point in frame i
			if got := l[0] + l[1]*real(p); math.Abs(got-imag(p)) > 0.5 {
				t.Errorf("frame %d: line %.1f + %.4f·x puts (%.1f, %.1f) at y %.1f", i, l[0], l[1], real(p), imag(p), got)
			}
		}
	}
}

// TestSceneLinesRefuseNoCamera: motions whose composition no camera makes
// (a zoom of 0.5 every frame for 1200 frames: 2⁻¹²⁰⁰, under a float's
// range) leave the clip's line in place rather than lines of NaN.
func TestSceneLinesRefuseNoCamera(t *testing.T) {
	const n = 1200
	cam := make([]track.Motion, n)
	var xs, ys []float64
	var fs []int
	for i := range cam {
		cam[i] = track.Motion{0.5, 0, 0, 0}
		xs, ys, fs = append(xs, float64(i%600)), append(ys, 500+float64(i%7)), append(fs, i)
	}
	if lines := sceneLines(cam, xs, ys, fs, 2); lines != nil {
		t.Errorf("lines for an impossible camera: %v…", lines[:3])
	}
}
