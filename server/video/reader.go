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

// Limits bound what a video may make the server do. The frame size and
// rate are read from the container before any frame is decoded (an 8K
// frame costs about 100 MB decoded, several times that in the pipeline),
// and checked again on every decoded frame in case the container lied.
// A zero field is no limit.
type Limits struct {
	// MaxPixels caps width × height.
	MaxPixels int
	// MaxFPS caps the frame rate.
	MaxFPS float64
	// MaxSeconds stops decoding after MaxSeconds × frame rate frames (plus
	// one), whatever frame count or duration the container declares.
	MaxSeconds float64
}

// Documented caps (docs/security.md): 4K UHD (3840 × 2160 = 8.3 MP) and
// 240 frames/s.
const (
	MaxPixels = 3840 * 2160
	MaxFPS    = 240
)

// AnalysisLimits are an uploaded analysis's: 4K, 240 fps, 10 s (the
// upload limit; upload.MaxSeconds).
var AnalysisLimits = Limits{MaxPixels: MaxPixels, MaxFPS: MaxFPS, MaxSeconds: 10}

// StreamLimits are /infer/video's and the vitals scans': 4K, 240 fps, and
// at most ten minutes of frames.
var StreamLimits = Limits{MaxPixels: MaxPixels, MaxFPS: MaxFPS, MaxSeconds: 600}

// ErrLimit is wrapped by every *LimitError.
var ErrLimit = errors.New("video over a limit")

// LimitError is a video that breaks Limits: Code is the API's machine
// code, Message is fit to show a user.
type LimitError struct {
	Code    string
	Message string
}

func (e *LimitError) Error() string { return e.Message }

// Is makes errors.Is(err, ErrLimit) true.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// Codes of LimitError.
const (
	CodeResolution = "video_resolution_too_high"
	CodeFrameRate  = "video_frame_rate_too_high"
)

func (l Limits) checkSize(w, h int) error {
	if l.MaxPixels > 0 && w*h > l.MaxPixels {
		return &LimitError{Code: CodeResolution, Message: fmt.Sprintf("the video is %d×%d (%.1f megapixels); the limit is %.1f megapixels (4K UHD, 3840×2160)", w, h, float64(w*h)/1e6, float64(l.MaxPixels)/1e6)}
	}
	return nil
}

func (l Limits) checkFPS(fps float64) error {
	if l.MaxFPS > 0 && fps > l.MaxFPS {
		return &LimitError{Code: CodeFrameRate, Message: fmt.Sprintf("the video runs at %.0f frames/s; the limit is %.0f", fps, l.MaxFPS)}
	}
	return nil
}

// UserMessage is err's text when it is meant for users (unreadable video,
// a broken limit), else a generic one: other errors may name server paths.
func UserMessage(err error) string {
	var le *LimitError
	switch {
	case errors.As(err, &le):
		return le.Message
	case errors.Is(err, ErrUnreadable):
		return err.Error()
	}
	return "the video could not be decoded"
}

// Reader streams a video's frames one at a time; it never holds more than
// the current frame.
type Reader struct {
	cap  *gocv.VideoCapture
	mat  gocv.Mat
	info Info
	next int
	// first frame, decoded by Open to learn the rotated size.
	pending bool
	limits  Limits
	// maxFrames stops decoding (0: never); Truncated tells it did.
	maxFrames int
	Truncated bool
}

// Open opens a video file and decodes its first frame, so a file OpenCV
// cannot read fails here rather than mid-stream. Such failures wrap
// ErrUnreadable with a reason fit to show a user (no path).
func Open(path string) (*Reader, error) { return OpenLimited(path, Limits{}) }

// OpenLimited is Open with limits: a frame size or rate over them is
// refused (a *LimitError) from the container's header, before any frame
// is decoded, and decoding stops after lim.MaxSeconds of frames.
func OpenLimited(path string, lim Limits) (*Reader, error) {
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
	fps := vc.Get(gocv.VideoCaptureFPS)
	if !(fps > 0 && fps < 1000) {
		fps = 30 // containers without a rate (or a time base for one): assume the phone default
	}
	// What the container declares, before anything is decoded.
	err = lim.checkSize(int(vc.Get(gocv.VideoCaptureFrameWidth)), int(vc.Get(gocv.VideoCaptureFrameHeight)))
	if err == nil {
		err = lim.checkFPS(fps)
	}
	if err != nil {
		vc.Close()
		return nil, err
	}
	r := &Reader{cap: vc, mat: gocv.NewMat(), limits: lim}
	if !vc.Read(&r.mat) || r.mat.Empty() {
		r.Close()
		return nil, fmt.Errorf("%w: no frame could be decoded", ErrUnreadable)
	}
	if err := lim.checkSize(r.mat.Cols(), r.mat.Rows()); err != nil {
		r.Close()
		return nil, err
	}
	r.pending = true
	if lim.MaxSeconds > 0 {
		r.maxFrames = int(math.Ceil(lim.MaxSeconds*fps)) + 1
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
// returns it with its index, or io.EOF after the last frame. The frame
// keeps OpenCV's BGR order (see frame.RGB).
func (r *Reader) Next(dst *frame.RGB) (*frame.RGB, int, error) {
	i, err := r.Grab()
	if err != nil {
		return nil, i, err
	}
	img, err := MatToFrame(r.mat, dst)
	if err != nil {
		return nil, i, fmt.Errorf("frame %d: %w", i, err)
	}
	return img, i, nil
}

// Grab decodes the next frame into Mat only (no RGB copy: for callers that
// draw on or measure the BGR frame) and returns its index, or io.EOF.
func (r *Reader) Grab() (int, error) {
	return r.step(func() error {
		if !r.cap.Read(&r.mat) || r.mat.Empty() {
			return io.EOF
		}
		return r.limits.checkSize(r.mat.Cols(), r.mat.Rows())
	})
}

// Position is the index of the frame the next Next, Grab or Skip gives.
func (r *Reader) Position() int { return r.next }

// Skip decodes the next frame without converting it to BGR (for frames
// a caller passes over: a 1080p frame's conversion costs about as much as
// decoding it) and returns its index, or io.EOF. Mat is not set.
func (r *Reader) Skip() (int, error) {
	return r.step(func() error {
		// OpenCV's grab says nothing of the end; its frame count does.
		before := r.cap.Get(gocv.VideoCapturePosFrames)
		r.cap.Grab(1)
		if r.cap.Get(gocv.VideoCapturePosFrames) == before {
			return io.EOF
		}
		return nil
	})
}

// step moves to the next frame, decoding it with decode unless Open's
// first frame is still pending, and returns its index; io.EOF once the
// allowed duration is decoded, whatever the container said.
func (r *Reader) step(decode func() error) (int, error) {
	if r.maxFrames > 0 && r.next >= r.maxFrames {
		r.Truncated = true
		return r.next, io.EOF
	}
	if !r.pending {
		if err := decode(); err != nil {
			return r.next, err
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
