package video

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"os/exec"
	"strconv"

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

// MaxRenderSide is the longest side (px) of the annotated video: what a
// phone plays smoothly and a coach reads the overlay on. A 1080p source
// is drawn at full size and scaled down once, by the encoder process
// (swscale's area filter: a 1080p → 720p frame costs OpenCV's INTER_AREA
// 8 ms on this side of the pipe); encoding at 720p instead of 1080p more
// than halves the encoder's time and memory.
const MaxRenderSide = 1280

// Annotate writes dst: the video at src (rotation applied) with each
// frame's annotation and a metrics panel drawn on it, encoded as H.264
// (libx264, yuv420p: every browser plays it) at the source's frame rate,
// scaled down to MaxRenderSide, with its index at the front (fast start)
// so browsers play it while it loads. Frames are streamed through an
// ffmpeg process with a short look-ahead: memory stays at a few frames
// whatever the length. progress (may be nil) gets the number of frames
// written.
func Annotate(ctx context.Context, src, dst string, at func(i int) Annotation, panel []string, progress func(done, total int)) error {
	r, err := Open(src)
	if err != nil {
		return err
	}
	defer ReleaseMemory()
	defer r.Close()
	info := r.Info()
	enc, err := newEncoder(ctx, dst, info.Width, info.Height, info.FPS)
	if err != nil {
		return err
	}
	defer enc.abort()
	scale := max(info.Width, info.Height)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		i, err := r.Grab()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		img := r.Mat()
		draw(img, at(i), panel, scale)
		if err := enc.write(img); err != nil {
			return fmt.Errorf("encode frame %d: %w", i, err)
		}
		if progress != nil {
			progress(i+1, info.Frames)
		}
	}
	return enc.finish()
}

// renderSize scales (w, h) down to MaxRenderSide on the longer side, even
// sizes (yuv420p halves both).
func renderSize(w, h int) (int, int) {
	if s := max(w, h); s > MaxRenderSide {
		w, h = w*MaxRenderSide/s, h*MaxRenderSide/s
	}
	return w &^ 1, h &^ 1
}

// draw puts one frame's annotation and the panel on img.
func draw(img *gocv.Mat, a Annotation, panel []string, scale int) {
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
}

// encoder is an ffmpeg process turning raw BGR frames on its stdin into
// an H.264 MP4 at most MaxRenderSide on its longer side. OpenCV's own writer (x264 behind its FFmpeg backend) uses
// x264's default look-ahead and frame threads, which held ~450 MB of 1080p
// frames in the server; here the look-ahead is 10 frames.
//
// Frames of even size go down the pipe as I420 (OpenCV's BT.601 video-
// range conversion, what swscale's default would give): half the bytes of
// BGR, and ffmpeg's scaler then works on planes, which costs it a quarter
// of scaling and converting packed BGR (7.7 → 1.9 ms a 1080p frame).
type encoder struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	stderr bytes.Buffer
	done   bool
	i420   bool
	yuv    gocv.Mat
}

func newEncoder(ctx context.Context, dst string, w, h int, fps float64) (*encoder, error) {
	e := &encoder{i420: w%2 == 0 && h%2 == 0, yuv: gocv.NewMat()}
	in := "bgr24"
	if e.i420 {
		in = "yuv420p"
	}
	ow, oh := renderSize(w, h)
	e.cmd = exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-y",
		"-f", "rawvideo", "-pix_fmt", in, "-s", fmt.Sprintf("%dx%d", w, h), "-r", strconv.FormatFloat(fps, 'f', -1, 64), "-i", "pipe:0",
		"-vf", fmt.Sprintf("scale=%d:%d:flags=area", ow, oh),
		"-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
		"-x264-params", "rc-lookahead=10", "-threads", "2",
		"-movflags", "+faststart", "-f", "mp4", dst)
	e.cmd.Stderr = &e.stderr
	var err error
	if e.in, err = e.cmd.StdinPipe(); err != nil {
		e.yuv.Close()
		return nil, fmt.Errorf("H.264 encoder: %w", err)
	}
	if err := e.cmd.Start(); err != nil {
		e.yuv.Close()
		return nil, fmt.Errorf("start H.264 encoder (ffmpeg): %w", err)
	}
	return e, nil
}

func (e *encoder) write(img *gocv.Mat) error {
	if e.i420 {
		gocv.CvtColor(*img, &e.yuv, gocv.ColorBGRToYUVI420)
		img = &e.yuv
	}
	if !img.IsContinuous() {
		c := img.Clone()
		defer c.Close()
		img = &c
	}
	b, err := img.DataPtrUint8()
	if err != nil {
		return err
	}
	if _, err := e.in.Write(b); err != nil {
		// ffmpeg quit: wait for it before reading what it said.
		e.abort()
		return fmt.Errorf("ffmpeg: %w: %s", err, e.stderr.String())
	}
	return nil
}

// finish closes the input and waits for the file to be written.
func (e *encoder) finish() error {
	e.done = true
	e.yuv.Close()
	e.in.Close()
	if err := e.cmd.Wait(); err != nil {
		return fmt.Errorf("finish H.264 (ffmpeg): %w: %s", err, e.stderr.String())
	}
	return nil
}

// abort stops an encoder that did not finish (an error, a cancelled job).
func (e *encoder) abort() {
	if e.done {
		return
	}
	e.done = true
	e.yuv.Close()
	e.in.Close()
	_ = e.cmd.Process.Kill()
	_ = e.cmd.Wait()
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
