package video

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
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
// phone plays smoothly and a coach reads the overlay on. Encoding at 720p
// instead of 1080p more than halves the encoder's time and memory.
const MaxRenderSide = 1280

// Annotate writes dst: the video at src (rotation applied) with each
// frame's annotation and a metrics panel drawn on it, encoded as H.264
// (libx264, yuv420p: every browser plays it) at the source's frame rate,
// scaled down to MaxRenderSide, with its index at the front (fast start)
// so browsers play it while it loads. at gives frame i's annotation in
// the source's pixels. progress (may be nil) gets the number of frames
// written.
//
// Frames stream from one ffmpeg process to another, a frame at a time:
// the decoder scales them to the render size as I420 (swscale's area
// filter, on planes), the overlay is drawn on those planes here, and the
// encoder takes them as they are. Decoding with OpenCV instead (BGR at
// full size), drawing there and converting back to I420 took 9 of the
// render's CPU seconds on the 10 s 1080p bench clip where this takes
// about 7 (BENCHMARKS.md).
func Annotate(ctx context.Context, src, dst string, at func(i int) Annotation, panel []string, progress func(done, total int)) error {
	// Held open from the start: a video deleted while it is drawn (its
	// analysis deleted) is still read to the end.
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer f.Close()
	r, err := Open(src)
	if err != nil {
		return err
	}
	info := r.Info()
	r.Close()
	defer ReleaseMemory()
	w, h := renderSize(info.Width, info.Height)
	dec, err := newDecoder(ctx, f, info.Rotation, w, h)
	if err != nil {
		return err
	}
	defer dec.abort()
	enc, err := newEncoder(ctx, dst, w, h, info.FPS)
	if err != nil {
		return err
	}
	defer enc.abort()
	pic := newI420(w, h)
	defer pic.Close()
	sx, sy := float32(w)/float32(info.Width), float32(h)/float32(info.Height)
	i := 0
	for ; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := dec.read(pic)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("decode frame %d of %s: %w", i, src, err)
		}
		draw(pic, at(i).scaled(sx, sy), panel)
		if err := enc.write(pic); err != nil {
			return fmt.Errorf("encode frame %d: %w", i, err)
		}
		if progress != nil {
			progress(i+1, info.Frames)
		}
	}
	if err := dec.wait(); err != nil {
		return err
	}
	if i == 0 {
		return fmt.Errorf("decode %s: %w: no frames", src, ErrUnreadable)
	}
	return enc.finish()
}

// scaled is a in a picture scaled by sx, sy from the source's.
func (a Annotation) scaled(sx, sy float32) Annotation {
	if a.Person != nil {
		p := *a.Person
		p.Keypoints = append([]pose.Keypoint(nil), p.Keypoints...)
		for i := range p.Keypoints {
			p.Keypoints[i].X *= sx
			p.Keypoints[i].Y *= sy
		}
		a.Person = &p
	}
	m := make([]Marker, len(a.Markers))
	for i, k := range a.Markers {
		m[i] = Marker{X: k.X * sx, Y: k.Y * sy, Left: k.Left}
	}
	a.Markers = m
	return a
}

// renderSize scales (w, h) down to MaxRenderSide on the longer side, even
// sizes (yuv420p halves both).
func renderSize(w, h int) (int, int) {
	if s := max(w, h); s > MaxRenderSide {
		w, h = w*MaxRenderSide/s, h*MaxRenderSide/s
	}
	return w &^ 1, h &^ 1
}

// draw puts one frame's annotation and the panel on img; sizes follow the
// picture's longer side.
func draw(img canvas, a Annotation, panel []string) {
	w, h := img.size()
	scale := max(w, h)
	for _, m := range a.Markers {
		c := subjectRight
		if m.Left {
			c = subjectLeft
		}
		img.ellipse(image.Pt(int(m.X), int(m.Y)), image.Pt(max(8, scale/60), max(3, scale/200)), c, max(2, scale/400))
	}
	if a.Person != nil {
		drawPeople(img, []pose.Person{*a.Person}, &pose.BlazePose33)
		fs := float64(scale) / 1400
		for _, l := range a.Labels {
			k := a.Person.Keypoints[l.At]
			if k.Visibility < MinVisibility {
				continue
			}
			p := image.Pt(int(k.X)+scale/120, int(k.Y))
			img.text(l.Text, p, fs, panelBG, max(3, scale/300))
			img.text(l.Text, p, fs, labelText, max(1, scale/800))
		}
	}
	drawPanel(img, panel, scale)
}

// decoder is an ffmpeg process decoding a video (every frame as decoded:
// -fps_mode passthrough, the frames OpenCV's reader numbers) and scaling
// it to w×h I420 on its stdout. The container's rotation is applied as
// OpenCV's reader applies it (Info.Rotation degrees clockwise), which is
// what the keypoints were measured on: ffmpeg's own autorotation turned
// a clip tagged rotate=90 the other way round. Two decoding threads: as
// fast as ffmpeg's automatic count on two cores, ~12 MB less memory.
type decoder struct {
	child
	out io.ReadCloser
}

// turn is the ffmpeg filter that rotates a picture by deg clockwise.
func turn(deg int) string {
	switch (deg%360 + 360) % 360 {
	case 90:
		return "transpose=clock,"
	case 180:
		return "hflip,vflip,"
	case 270:
		return "transpose=cclock,"
	}
	return ""
}

func newDecoder(ctx context.Context, src *os.File, rotation, w, h int) (*decoder, error) {
	d := &decoder{child: child{name: "video decoder"}}
	// The file goes to ffmpeg as its fd 3, opened again there (seekable).
	d.cmd = exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-nostdin", "-threads", "2", "-noautorotate", "-i", "/dev/fd/3",
		"-map", "0:v:0", "-an", "-sn", "-dn", "-fps_mode", "passthrough",
		"-vf", fmt.Sprintf("%sscale=%d:%d:flags=area", turn(rotation), w, h), "-pix_fmt", "yuv420p", "-f", "rawvideo", "pipe:1")
	d.cmd.Stderr, d.cmd.ExtraFiles = &d.stderr, []*os.File{src}
	var err error
	if d.out, err = d.cmd.StdoutPipe(); err != nil {
		return nil, fmt.Errorf("video decoder: %w", err)
	}
	widenPipe(d.out)
	return d, d.start()
}

// read fills pic with the next frame; io.EOF after the last one.
func (d *decoder) read(pic *i420) error {
	for k, b := range pic.planes() {
		if _, err := io.ReadFull(d.out, b); err != nil {
			if k == 0 && errors.Is(err, io.EOF) {
				return io.EOF
			}
			return fmt.Errorf("%w: %s", err, d.stderr.String())
		}
	}
	return nil
}

// child is an ffmpeg process, its error output kept for the error it
// ends with; name says which one.
type child struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	name   string
	done   bool
}

func (c *child) start() error {
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("start %s (ffmpeg): %w", c.name, err)
	}
	return nil
}

// wait waits for a process whose work is done (its input or output
// ended).
func (c *child) wait() error {
	c.done = true
	if err := c.cmd.Wait(); err != nil {
		return fmt.Errorf("%s (ffmpeg): %w: %s", c.name, err, c.stderr.String())
	}
	return nil
}

// abort stops a process that did not finish (an error, a cancelled job).
func (c *child) abort() {
	if c.done {
		return
	}
	c.done = true
	_ = c.cmd.Process.Kill()
	_ = c.cmd.Wait()
}

// encoder is an ffmpeg process turning w×h I420 frames on its stdin into
// an H.264 MP4. OpenCV's own writer (x264 behind its FFmpeg backend) uses
// x264's default look-ahead and frame threads, which held ~450 MB of 1080p
// frames in the server; here the look-ahead is 10 frames. Sub-pixel
// refinement 1 instead of veryfast's 2: a quarter less encoding time for
// a file 9 % larger at the same SSIM (0.978 on the bench clip).
type encoder struct {
	child
	in io.WriteCloser
}

func newEncoder(ctx context.Context, dst string, w, h int, fps float64) (*encoder, error) {
	e := &encoder{child: child{name: "H.264 encoder"}}
	e.cmd = exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-y",
		"-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", fmt.Sprintf("%dx%d", w, h), "-r", strconv.FormatFloat(fps, 'f', -1, 64), "-i", "pipe:0",
		"-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
		"-x264-params", "rc-lookahead=10:subme=1", "-threads", "2",
		"-movflags", "+faststart", "-f", "mp4", dst)
	e.cmd.Stderr = &e.stderr
	var err error
	if e.in, err = e.cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("H.264 encoder: %w", err)
	}
	widenPipe(e.in)
	return e, e.start()
}

func (e *encoder) write(pic *i420) error {
	for _, b := range pic.planes() {
		if _, err := e.in.Write(b); err != nil {
			// ffmpeg quit: wait for it before reading what it said.
			e.abort()
			return fmt.Errorf("ffmpeg: %w: %s", err, e.stderr.String())
		}
	}
	return nil
}

// finish closes the input and waits for the file to be written.
func (e *encoder) finish() error {
	e.in.Close()
	return e.wait()
}

// drawPanel draws lines of text in a dark box at the top left.
func drawPanel(img canvas, lines []string, scale int) {
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
	img.fill(image.Rect(0, 0, wmax+2*pad, len(lines)*lh+pad), panelBG)
	for i, l := range lines {
		img.text(l, image.Pt(pad, (i+1)*lh), fs, panelText, th)
	}
}
