package video

import (
	"errors"
	"fmt"
	"image"
	"io"

	"gocv.io/x/gocv"
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
	img := r.Mat()
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
