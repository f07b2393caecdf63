package pipeline

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"testing"

	"motionlab/server/inference"
	"motionlab/server/video"
	"motionlab/shared/frame"
	"motionlab/shared/pose"
	"motionlab/tests/testenv"
)

// TestThumbnailKeptWhileDecoding: the analysis's thumbnail comes from the
// frames the pipeline kept as it decoded, not from decoding the video
// again. On the Sports2D demo it shows the athlete (the walker, for a
// run) at nearly her largest (within the copies' growth step) and is that
// very frame: nearer the picture that decoding it again gives than the
// pictures of the frames around it.
func TestThumbnailKeptWhileDecoding(t *testing.T) {
	clip := testenv.Data(t, "videos/sports2d_demo.mp4")
	out, err := Run(context.Background(), clip, fullEngine(t, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	out.ChooseAthlete(false)
	jpg, index, ok, err := out.Thumbnail()
	if err != nil || !ok {
		t.Fatalf("no thumbnail kept: ok %v, %v", ok, err)
	}
	var largest float32
	for _, p := range out.Raw.Frames {
		if p != nil {
			largest = max(largest, p.Box.Area())
		}
	}
	got := out.Raw.Frames[index].Box.Area()
	t.Logf("thumbnail of frame %d: athlete's box %.0f px², largest %.0f", index, got, largest)
	if got < largest/thumbGrow {
		t.Errorf("thumbnail's athlete box %.0f px², under 1/%.1f of her largest (%.0f)", got, thumbGrow, largest)
	}
	kept := decodeJPEG(t, jpg)
	if b := kept.Bounds(); max(b.Dx(), b.Dy()) > ThumbnailSide || max(b.Dx(), b.Dy()) < ThumbnailSide/2 {
		t.Errorf("thumbnail is %v, want its longer side at most %d", b.Size(), ThumbnailSide)
	}
	same := meanDiff(t, kept, clip, index)
	t.Logf("mean |difference| from frame %d decoded again: %.2f", index, same)
	if same > 4 {
		t.Errorf("the thumbnail differs from frame %d decoded again by %.2f levels", index, same)
	}
	for _, d := range []int{-30, -10, -3, 3, 10} {
		j := index + d
		if j < 0 || j >= len(out.Raw.Frames) {
			continue
		}
		if other := meanDiff(t, kept, clip, j); other <= same {
			t.Errorf("the thumbnail is closer to frame %d (%.2f) than to frame %d (%.2f)", j, other, index, same)
		} else {
			t.Logf("frame %d: %.2f", j, other)
		}
	}
}

func decodeJPEG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// meanDiff is the mean absolute difference per channel between img and
// frame i of clip made into a thumbnail by decoding it again.
func meanDiff(t *testing.T, img image.Image, clip string, i int) float64 {
	t.Helper()
	b, err := video.Thumbnail(clip, i, ThumbnailSide)
	if err != nil {
		t.Fatal(err)
	}
	ref := decodeJPEG(t, b)
	w, h := min(img.Bounds().Dx(), ref.Bounds().Dx()), min(img.Bounds().Dy(), ref.Bounds().Dy())
	var sum float64
	for y := range h {
		for x := range w {
			r1, g1, b1, _ := img.At(img.Bounds().Min.X+x*img.Bounds().Dx()/w, img.Bounds().Min.Y+y*img.Bounds().Dy()/h).RGBA()
			r2, g2, b2, _ := ref.At(ref.Bounds().Min.X+x*ref.Bounds().Dx()/w, ref.Bounds().Min.Y+y*ref.Bounds().Dy()/h).RGBA()
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				sum += float64(max(d, -d))
			}
		}
	}
	return sum / float64(3*w*h)
}

// TestThumbnailCandidatesBounded: however many people a video shows, at
// most thumbKeep frame copies are held; a new person's copy takes the
// smallest person's place.
func TestThumbnailCandidatesBounded(t *testing.T) {
	img := &frame.RGB{W: 64, H: 48, Stride: 3 * 64, Pix: make([]byte, 3*64*48), BGR: true}
	th := thumbs{}
	for id := range 3 * thumbKeep {
		side := float32(10 + id)
		th.keep(id, img, []inference.Tracked{{ID: id, Person: pose.Person{Box: pose.Box{X2: side, Y2: side}}}})
	}
	if len(th) != thumbKeep {
		t.Fatalf("%d candidates held, want %d", len(th), thumbKeep)
	}
	for id := range 2 * thumbKeep {
		if th[id] != nil {
			t.Errorf("track %d, among the smallest, still held", id)
		}
	}
}
