package video

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"gocv.io/x/gocv"

	"motionlab/shared/frame"
)

// OpenCV 4.6 property ids that gocv v0.31 does not name.
const (
	propOrientationMeta gocv.VideoCaptureProperties = 48 // rotation from the container, degrees
	propOrientationAuto gocv.VideoCaptureProperties = 49 // apply it while decoding
)

// Info describes a video as it will be decoded (rotation applied).
type Info struct {
	Width    int     `json:"width"`
	Height   int     `json:"height"`
	FPS      float64 `json:"fps"`
	Frames   int     `json:"frames"`   // container's count, or an estimate when it has none
	Duration float64 `json:"duration"` // seconds: Frames / FPS
	Rotation int     `json:"rotation"` // degrees the container asked for (already applied)
	Codec    string  `json:"codec"`
}

// ErrUnreadable is wrapped by Open when OpenCV cannot decode the file.
var ErrUnreadable = errors.New("unreadable video")

// Reader streams a video's frames one at a time; it never holds more than
// the current frame.
type Reader struct {
	cap  *gocv.VideoCapture
	mat  gocv.Mat
	info Info
	next int
	// first frame, decoded by Open to learn the rotated size.
	pending bool
}

// Open opens a video file and decodes its first frame, so a file OpenCV
// cannot read fails here rather than mid-stream. Such failures wrap
// ErrUnreadable with a reason fit to show a user (no path).
func Open(path string) (*Reader, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open video: %w", err)
	} else if st.Size() == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrUnreadable)
	}
	vc, err := gocv.VideoCaptureFile(path)
	if err != nil || !vc.IsOpened() {
		if vc != nil {
			vc.Close()
		}
		return nil, fmt.Errorf("%w: no decoder accepts the file", ErrUnreadable)
	}
	vc.Set(propOrientationAuto, 1)
	r := &Reader{cap: vc, mat: gocv.NewMat()}
	if !vc.Read(&r.mat) || r.mat.Empty() {
		r.Close()
		return nil, fmt.Errorf("%w: no frame could be decoded", ErrUnreadable)
	}
	r.pending = true
	fps := vc.Get(gocv.VideoCaptureFPS)
	if !(fps > 0 && fps < 1000) {
		fps = 30 // containers without a rate: assume the phone default
	}
	count := int(math.Round(vc.Get(gocv.VideoCaptureFrameCount)))
	if count <= 0 {
		count = 1
	}
	r.info = Info{
		Width:    r.mat.Cols(),
		Height:   r.mat.Rows(),
		FPS:      fps,
		Frames:   count,
		Duration: float64(count) / fps,
		Rotation: int(vc.Get(propOrientationMeta)),
		Codec:    vc.CodecString(),
	}
	return r, nil
}

// Info returns what the container says, with the rotated frame size.
func (r *Reader) Info() Info { return r.info }

// Next decodes the next frame into dst (reused when large enough) and
// returns it with its index, or io.EOF after the last frame.
func (r *Reader) Next(dst *frame.RGB) (*frame.RGB, int, error) {
	i, err := r.Grab()
	if err != nil {
		return nil, i, err
	}
	img, err := MatToRGB(r.mat, dst)
	if err != nil {
		return nil, i, fmt.Errorf("frame %d: %w", i, err)
	}
	return img, i, nil
}

// Grab decodes the next frame into Mat only (no RGB copy: for callers that
// draw on or measure the BGR frame) and returns its index, or io.EOF.
func (r *Reader) Grab() (int, error) {
	if !r.pending {
		if !r.cap.Read(&r.mat) || r.mat.Empty() {
			return r.next, io.EOF
		}
	}
	r.pending = false
	i := r.next
	r.next++
	return i, nil
}

// Mat is the last decoded frame in BGR (valid until the next call to Next).
func (r *Reader) Mat() *gocv.Mat { return &r.mat }

// Close releases the decoder.
func (r *Reader) Close() error {
	r.mat.Close()
	return r.cap.Close()
}
