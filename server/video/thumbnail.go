package video

import (
	"errors"
	"fmt"
	"image"
	"io"

	"gocv.io/x/gocv"

	"motionlab/shared/frame"
)

// Thumbnail decodes frame index of the video at path and returns it as a
// JPEG no wider or taller than maxSide pixels.
func Thumbnail(path string, index, maxSide int) ([]byte, error) {
	r, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for i := 0; ; i++ {
		_, err := r.Grab()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("thumbnail: video has no frame %d", index)
		}
		if err != nil {
			return nil, err
		}
		if i == index {
			break
		}
	}
	return encodeJPEG(r.Mat(), maxSide)
}

// JPEG encodes a packed RGB or BGR picture (no alpha, no I420) as a JPEG
// no wider or taller than maxSide pixels.
func JPEG(pic *frame.RGB, maxSide int) ([]byte, error) {
	if pic.YUV != nil || pic.Alpha || pic.Stride != 3*pic.W {
		return nil, fmt.Errorf("thumbnail: want packed RGB or BGR, got %dx%d stride %d", pic.W, pic.H, pic.Stride)
	}
	m, err := gocv.NewMatFromBytes(pic.H, pic.W, gocv.MatTypeCV8UC3, pic.Pix)
	if err != nil {
		return nil, fmt.Errorf("thumbnail: %w", err)
	}
	defer m.Close()
	if !pic.BGR {
		bgr := gocv.NewMat()
		defer bgr.Close()
		gocv.CvtColor(m, &bgr, gocv.ColorBGRToRGB) // the same swap
		return encodeJPEG(&bgr, maxSide)
	}
	return encodeJPEG(&m, maxSide)
}

// encodeJPEG is img (BGR) as a JPEG, scaled down to maxSide (area
// averaging) where larger.
func encodeJPEG(img *gocv.Mat, maxSide int) ([]byte, error) {
	w, h := img.Cols(), img.Rows()
	if s := max(w, h); s > maxSide {
		small := gocv.NewMat()
		defer small.Close()
		gocv.Resize(*img, &small, image.Pt(w*maxSide/s, h*maxSide/s), 0, 0, gocv.InterpolationArea)
		img = &small
	}
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, *img, []int{gocv.IMWriteJpegQuality, 85})
	if err != nil {
		return nil, fmt.Errorf("thumbnail: %w", err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...), nil
}
