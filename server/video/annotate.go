package video

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"os/exec"

	"gocv.io/x/gocv"

	"motionlab/shared/pose"
)

// Label is a text drawn beside a keypoint (a joint angle).
type Label struct {
	At   int // keypoint index
	Text string
}

// Marker is a ring drawn on the ground under a planted foot.
type Marker struct {
	X, Y float32
	Left bool
}

// Annotation is what is drawn on one frame: the athlete's skeleton, angle
// labels, foot-contact markers.
type Annotation struct {
	Person  *pose.Person
	Labels  []Label
	Markers []Marker
}

var (
	panelBG   = color.RGBA{R: 20, G: 20, B: 20, A: 255}
	panelText = color.RGBA{R: 255, G: 255, B: 255, A: 255}
	labelText = color.RGBA{R: 255, G: 255, B: 80, A: 255}
)

// Annotate writes dst: the video at src (rotation applied) with each
// frame's annotation and a metrics panel drawn on it, encoded as H.264
// (fourcc avc1) at the source's size and frame rate, remuxed with its
// index at the front (fast start) so browsers play it while it loads.
// Frames are streamed: memory stays at a few frames whatever the length.
// progress (may be nil) gets the number of frames written.
func Annotate(ctx context.Context, src, dst string, at func(i int) Annotation, panel []string, progress func(done, total int)) error {
	r, err := Open(src)
	if err != nil {
		return err
	}
	defer r.Close()
	info := r.Info()
	raw := dst + ".raw.mp4"
	defer os.Remove(raw)
	w, err := gocv.VideoWriterFile(raw, "avc1", info.FPS, info.Width, info.Height, true)
	if err != nil {
		return fmt.Errorf("open H.264 writer: %w", err)
	}
	if !w.IsOpened() {
		w.Close()
		return errors.New("open H.264 writer: OpenCV has no avc1 encoder")
	}
	scale := max(info.Width, info.Height)
	for {
		if err := ctx.Err(); err != nil {
			w.Close()
			return err
		}
		i, err := r.Grab()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			w.Close()
			return err
		}
		img := r.Mat()
		a := at(i)
		for _, m := range a.Markers {
			c := subjectRight
			if m.Left {
				c = subjectLeft
			}
			gocv.Ellipse(img, image.Pt(int(m.X), int(m.Y)), image.Pt(max(8, scale/60), max(3, scale/200)), 0, 0, 360, c, max(2, scale/400))
		}
		if a.Person != nil {
			DrawPeople(img, []pose.Person{*a.Person}, &pose.BlazePose33)
			fs := float64(scale) / 1400
			for _, l := range a.Labels {
				k := a.Person.Keypoints[l.At]
				if k.Visibility < MinVisibility {
					continue
				}
				p := image.Pt(int(k.X)+scale/120, int(k.Y))
				gocv.PutText(img, l.Text, p, gocv.FontHersheySimplex, fs, panelBG, max(3, scale/300))
				gocv.PutText(img, l.Text, p, gocv.FontHersheySimplex, fs, labelText, max(1, scale/800))
			}
		}
		drawPanel(img, panel, scale)
		if err := w.Write(*img); err != nil {
			w.Close()
			return fmt.Errorf("encode frame %d: %w", i, err)
		}
		if progress != nil {
			progress(i+1, info.Frames)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("finish H.264: %w", err)
	}
	// Fast start: move the index (moov) before the media data.
	out, err := exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-y", "-i", raw, "-c", "copy", "-movflags", "+faststart", "-f", "mp4", dst).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ffmpeg faststart remux: %w: %s", err, out)
	}
	return nil
}

// drawPanel draws lines of text in a dark box at the top left.
func drawPanel(img *gocv.Mat, lines []string, scale int) {
	if len(lines) == 0 {
		return
	}
	fs := float64(scale) / 1600
	th := max(1, scale/900)
	lh := int(30 * fs * 1.4)
	wmax := 0
	for _, l := range lines {
		sz := gocv.GetTextSize(l, gocv.FontHersheySimplex, fs, th)
		wmax = max(wmax, sz.X)
	}
	pad := lh / 2
	gocv.Rectangle(img, image.Rect(0, 0, wmax+2*pad, len(lines)*lh+pad), panelBG, -1)
	for i, l := range lines {
		gocv.PutText(img, l, image.Pt(pad, (i+1)*lh), gocv.FontHersheySimplex, fs, panelText, th)
	}
}
