// Package photo analyses one still image: every person's keypoints, the
// subject's joint angles and a skeleton overlay. The `pose` command and
// the /v1/images endpoint both use it.
package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig formats
	_ "image/png"
	"math"

	"gocv.io/x/gocv"
	_ "golang.org/x/image/webp"

	"motionlab/server/inference"
	"motionlab/server/video"
	"motionlab/shared/pose"
	"motionlab/shared/running"
)

// Limits on what is decoded: a small file can declare a huge canvas.
const (
	MaxPixels = 50_000_000
	MaxSide   = 12_000
)

var (
	// ErrNotImage: not a JPEG, PNG or WebP image.
	ErrNotImage = errors.New("not a JPEG, PNG or WebP image")
	// ErrTooLarge: the image's dimensions exceed MaxPixels or MaxSide.
	ErrTooLarge = errors.New("image dimensions too large")
)

// Result is one photo's analysis.
type Result struct {
	Width  int `json:"width"`
	Height int `json:"height"`
	// Subject indexes People (most prominent first); −1 without a person.
	Subject int           `json:"subject"`
	People  []pose.Person `json:"people"`
	// Angles are the subject's joint angles in degrees (docs/metrics.md),
	// measured facing the way the subject's toes point.
	Angles map[string]float64 `json:"angles"`
	// Overlay is the photo with the skeletons drawn, as PNG.
	Overlay []byte `json:"-"`
}

// Image is a decoded photo: RGB for the model, BGR for drawing.
type Image struct {
	Format string
	mat    gocv.Mat
}

// Close frees the decoded pixels.
func (im *Image) Close() error { return im.mat.Close() }

// Decode checks the format and declared size, then decodes (EXIF
// orientation applied).
func Decode(data []byte) (*Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	if cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return nil, fmt.Errorf("%w: %d×%d (at most %d px a side, %d MP)", ErrTooLarge, cfg.Width, cfg.Height, MaxSide, MaxPixels/1_000_000)
	}
	mat, err := gocv.IMDecode(data, gocv.IMReadColor)
	if err != nil || mat.Empty() {
		mat.Close()
		return nil, fmt.Errorf("%w: %s data does not decode", ErrNotImage, format)
	}
	return &Image{Format: format, mat: mat}, nil
}

// Analyze finds the people in im with eng and draws the overlay.
func Analyze(eng *inference.Engine, im *Image) (*Result, error) {
	rgb, err := video.MatToRGB(im.mat, nil)
	if err != nil {
		return nil, err
	}
	people, err := eng.Estimate(rgb)
	if err != nil {
		return nil, err
	}
	r := &Result{Width: rgb.W, Height: rgb.H, Subject: -1, People: people, Angles: map[string]float64{}}
	if people == nil {
		r.People = []pose.Person{}
	}
	if len(people) > 0 {
		r.Subject = 0
		r.Angles = running.FrameAngles(&people[0], Facing(&people[0]), 0.3)
	}
	over := im.mat.Clone()
	defer over.Close()
	video.DrawPeople(&over, people, &pose.BlazePose33)
	buf, err := gocv.IMEncode(gocv.PNGFileExt, over)
	if err != nil {
		return nil, fmt.Errorf("encode overlay: %w", err)
	}
	defer buf.Close()
	r.Overlay = append([]byte(nil), buf.GetBytes()...)
	return r, nil
}

// Facing is +1 when the person faces image right, −1 left: where the toes
// point, or else which side of the ears the nose is on.
func Facing(p *pose.Person) float64 {
	k := p.Keypoints
	var d float64
	for _, f := range [][2]int{{pose.LeftHeel, pose.LeftFootIndex}, {pose.RightHeel, pose.RightFootIndex}} {
		if k[f[0]].Visibility >= 0.3 && k[f[1]].Visibility >= 0.3 {
			d += float64(k[f[1]].X - k[f[0]].X)
		}
	}
	if d == 0 {
		d = float64(k[pose.Nose].X - (k[pose.LeftEar].X+k[pose.RightEar].X)/2)
	}
	return math.Copysign(1, d)
}
