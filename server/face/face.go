// Package face follows a face through a video and measures, per frame, the
// mean colour of its forehead and cheeks: the traces camera vitals are
// computed from (shared/vitals).
//
// Faces are found with OpenCV's Haar cascade for frontal faces from
// Debian's opencv-data package: MediaPipe's face detector would need a
// conversion of its own (the project's converter handles the pose models,
// not yet this one), while the cascade is maintained, ships with OpenCV 4.6
// and finds a frontal face in a few milliseconds at 320 px.
package face

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"

	"gocv.io/x/gocv"

	"motionlab/server/video"
	"motionlab/shared/vitals"
)

// CascadePath is where Debian's opencv-data installs the cascade.
var CascadePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

// ErrNoFace is the seed's failure text for a video without a usable face.
var ErrNoFace = errors.New("No face detected in video")

// Trace is a video's skin-colour trace.
type Trace struct {
	FPS        float64         `json:"fps"`
	Frames     int             `json:"frames"`
	FaceFrames int             `json:"face_frames"`
	Samples    []vitals.Sample `json:"samples"`
}

// detectWidth is the width frames are shrunk to for detection.
const detectWidth = 320

// maxMotion: a face box whose centre moves more than this share of its
// width from one frame to the next marks the frame unusable (motion
// corrupts the colour average far more than the pulse changes it).
const maxMotion = 0.06

// holdMotion: detections within this share of the box width of the held
// box are detector jitter, not movement.
const holdMotion = 0.03

// Measure reads the video at path and returns its trace. At least half
// the frames must show a face, or it fails with ErrNoFace.
func Measure(ctx context.Context, path string, progress func(done, total int)) (*Trace, error) {
	if _, err := os.Stat(CascadePath); err != nil {
		return nil, fmt.Errorf("face cascade missing (install Debian's opencv-data): %w", err)
	}
	cascade := gocv.NewCascadeClassifier()
	defer cascade.Close()
	if !cascade.Load(CascadePath) {
		return nil, fmt.Errorf("load face cascade %s", CascadePath)
	}
	r, err := video.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	info := r.Info()
	t := &Trace{FPS: info.FPS}
	gray, small := gocv.NewMat(), gocv.NewMat()
	defer gray.Close()
	defer small.Close()
	var box image.Rectangle // smoothed face box
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		i, err := r.Grab()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		img := r.Mat()
		scale := float64(detectWidth) / float64(img.Cols())
		gocv.CvtColor(*img, &gray, gocv.ColorBGRToGray)
		gocv.Resize(gray, &small, image.Pt(detectWidth, int(float64(img.Rows())*scale)), 0, 0, gocv.InterpolationArea)
		faces := cascade.DetectMultiScaleWithParams(small, 1.1, 5, 0, image.Pt(40, 40), image.Pt(0, 0))
		var s vitals.Sample
		if best, ok := largest(faces); ok {
			found := image.Rect(int(float64(best.Min.X)/scale), int(float64(best.Min.Y)/scale), int(float64(best.Max.X)/scale), int(float64(best.Max.Y)/scale))
			shift := centreShift(box, found)
			moved := box.Empty() || shift > maxMotion
			// The detector's box jitters by a few pixels from frame to
			// frame; moving the regions with it would change their colour
			// more than the pulse does. Hold the box while the face stays
			// within holdMotion of it, follow at once when it moves more.
			switch {
			case box.Empty() || moved:
				box = found
			case shift > holdMotion:
				box = blend(box, found, 0.5)
			}
			s = skin(*img, box)
			s.OK = s.OK && !moved
			t.FaceFrames++
		}
		t.Samples = append(t.Samples, s)
		t.Frames = i + 1
		if progress != nil {
			progress(i+1, info.Frames)
		}
	}
	if t.Frames == 0 || t.FaceFrames*2 < t.Frames {
		return t, ErrNoFace
	}
	return t, nil
}

func largest(rs []image.Rectangle) (image.Rectangle, bool) {
	best, area := image.Rectangle{}, 0
	for _, r := range rs {
		if a := r.Dx() * r.Dy(); a > area {
			best, area = r, a
		}
	}
	return best, area > 0
}

func centreShift(a, b image.Rectangle) float64 {
	ca, cb := a.Min.Add(a.Max).Div(2), b.Min.Add(b.Max).Div(2)
	return math.Hypot(float64(ca.X-cb.X), float64(ca.Y-cb.Y)) / math.Max(1, float64(a.Dx()))
}

func blend(a, b image.Rectangle, w float64) image.Rectangle {
	m := func(x, y int) int { return int(math.Round(float64(x)*(1-w) + float64(y)*w)) }
	return image.Rect(m(a.Min.X, b.Min.X), m(a.Min.Y, b.Min.Y), m(a.Max.X, b.Max.X), m(a.Max.Y, b.Max.Y))
}

// regions are the skin areas as fractions of the face box: the forehead
// and both cheeks, away from eyes, brows, nostrils and lips.
var regions = [][4]float64{
	{0.30, 0.08, 0.70, 0.22}, // forehead
	{0.15, 0.55, 0.38, 0.75}, // cheek
	{0.62, 0.55, 0.85, 0.75}, // cheek
}

// skin is the area-weighted mean colour of the regions (0–255).
func skin(img gocv.Mat, box image.Rectangle) vitals.Sample {
	var r, g, b, n float64
	bounds := image.Rect(0, 0, img.Cols(), img.Rows())
	for _, f := range regions {
		w, h := float64(box.Dx()), float64(box.Dy())
		rect := image.Rect(box.Min.X+int(f[0]*w), box.Min.Y+int(f[1]*h), box.Min.X+int(f[2]*w), box.Min.Y+int(f[3]*h)).Intersect(bounds)
		if rect.Empty() {
			continue
		}
		roi := img.Region(rect)
		m := roi.Mean()
		roi.Close()
		a := float64(rect.Dx() * rect.Dy())
		b, g, r, n = b+m.Val1*a, g+m.Val2*a, r+m.Val3*a, n+a
	}
	if n == 0 {
		return vitals.Sample{}
	}
	return vitals.Sample{R: r / n, G: g / n, B: b / n, OK: true}
}
