// Package video reads frames from photos and videos with OpenCV (gocv) and
// draws results back onto them.
package video

import (
	"fmt"
	"os"

	"gocv.io/x/gocv"

	"motionlab/shared/frame"
)

// ReadImage decodes a photo (JPEG, PNG, …) into RGB. EXIF orientation is
// applied by OpenCV's imread.
func ReadImage(path string) (*frame.RGB, gocv.Mat, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, gocv.Mat{}, fmt.Errorf("read image: %w", err)
	}
	bgr := gocv.IMRead(path, gocv.IMReadColor)
	if bgr.Empty() {
		bgr.Close()
		return nil, gocv.Mat{}, fmt.Errorf("read image %s: not a decodable image", path)
	}
	img, err := MatToRGB(bgr, nil)
	if err != nil {
		bgr.Close()
		return nil, gocv.Mat{}, err
	}
	return img, bgr, nil
}

// MatToRGB converts an 8-bit BGR Mat into RGB, reusing dst's buffer when
// it is large enough (one allocation per video, not per frame).
func MatToRGB(bgr gocv.Mat, dst *frame.RGB) (*frame.RGB, error) {
	dst, src, err := into(bgr, dst)
	if err != nil {
		return nil, err
	}
	pix := dst.Pix
	for i := 0; i < len(pix); i += 3 {
		pix[i], pix[i+1], pix[i+2] = src[i+2], src[i+1], src[i]
	}
	return dst, nil
}

// MatToFrame copies an 8-bit BGR Mat into dst as it is (a frame.RGB with
// BGR set): a plain copy, several times cheaper than reordering 1080p.
func MatToFrame(bgr gocv.Mat, dst *frame.RGB) (*frame.RGB, error) {
	dst, src, err := into(bgr, dst)
	if err != nil {
		return nil, err
	}
	copy(dst.Pix, src)
	dst.BGR = true
	return dst, nil
}

// into sizes dst for bgr's pixels and returns them.
func into(bgr gocv.Mat, dst *frame.RGB) (*frame.RGB, []byte, error) {
	if bgr.Type() != gocv.MatTypeCV8UC3 {
		return nil, nil, fmt.Errorf("frame type %v, want 8-bit BGR", bgr.Type())
	}
	if !bgr.IsContinuous() {
		return nil, nil, fmt.Errorf("frame is not continuous")
	}
	w, h := bgr.Cols(), bgr.Rows()
	src, err := bgr.DataPtrUint8()
	if err != nil {
		return nil, nil, fmt.Errorf("frame data: %w", err)
	}
	n := 3 * w * h
	if dst == nil || cap(dst.Pix) < n {
		dst = &frame.RGB{Pix: make([]byte, n)}
	}
	dst.W, dst.H, dst.Stride, dst.Pix, dst.BGR = w, h, 3*w, dst.Pix[:n], false
	return dst, src[:n], nil
}
