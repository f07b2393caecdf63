package pose

import "testing"

func TestWholeBodyFlat(t *testing.T) {
	p := &Person{Keypoints: make([]Keypoint, NumBlazePose), World: make([]Point3, NumBlazePose)}
	for i := range p.Keypoints {
		p.Keypoints[i] = Keypoint{X: float32(i), Y: float32(100 + i), Visibility: 0.9}
		p.World[i] = Point3{X: float32(i) / 10, Y: -1, Z: 2}
	}
	flat := WholeBodyFlat(p, make([]float32, WholeBodyPoints*6))
	// COCO 15 = left ankle (BlazePose 27); COCO 22 = right heel (30).
	for _, c := range []struct{ wb, bp int }{{15, LeftAnkle}, {22, RightHeel}, {0, Nose}, {112, RightWrist}} {
		if flat[3*c.wb] != float32(c.bp) || flat[3*c.wb+1] != float32(100+c.bp) || flat[3*c.wb+2] != 0.9 {
			t.Errorf("COCO %d = %v, want BlazePose %d", c.wb, flat[3*c.wb:3*c.wb+3], c.bp)
		}
		if w := flat[3*WholeBodyPoints+3*c.wb]; w != float32(c.bp)/10 {
			t.Errorf("COCO %d world x = %v", c.wb, w)
		}
	}
	// Small toe (18) has no BlazePose point: score 0.
	if flat[3*18+2] != 0 {
		t.Error("small toe has a score")
	}
	empty := WholeBodyFlat(nil, flat)
	for i, v := range empty {
		if v != 0 {
			t.Fatalf("no-person frame has %v at %d", v, i)
		}
	}
}
