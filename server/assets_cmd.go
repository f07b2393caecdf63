package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
	"github.com/spf13/cobra"
)

// assetsCmd prepares the web app's static files: the PWA icons (drawn
// here, so no binary image lives in the repository) and app.wasm
// pre-compressed with brotli and gzip (compressing 13 MB on every request
// would cost the server ~1 s of CPU; brotli at its best level saves a
// third over gzip and takes 40 s, once per build).
func assetsCmd() *cobra.Command {
	var public string
	cmd := &cobra.Command{
		Use:   "assets",
		Short: "Draw the PWA icons and pre-compress app.wasm (run by make)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			web := filepath.Join(public, "web")
			if err := os.MkdirAll(filepath.Join(web, "icons"), 0o755); err != nil {
				return err
			}
			for _, size := range []int{192, 512} {
				var buf bytes.Buffer
				if err := png.Encode(&buf, icon(size)); err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(web, "icons", fmt.Sprintf("icon-%d.png", size)), buf.Bytes(), 0o644); err != nil {
					return err
				}
			}
			wasm := filepath.Join(web, "app.wasm")
			data, err := os.ReadFile(wasm)
			if err != nil {
				return fmt.Errorf("build app.wasm first (make wasm): %w", err)
			}
			if err := compressTo(wasm+".br", data, func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, brotli.BestCompression) }); err != nil {
				return err
			}
			return compressTo(wasm+".gz", data, func(w io.Writer) io.WriteCloser {
				z, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
				return z
			})
		},
	}
	cmd.Flags().StringVar(&public, "public", "public", "the static files folder")
	return cmd
}

func compressTo(path string, data []byte, newWriter func(io.Writer) io.WriteCloser) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := newWriter(f)
	if _, err := w.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := w.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// icon draws MotionLab's mark: a runner's stick figure on a dark square,
// with room around it for maskable crops.
func icon(size int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	bg := color.RGBA{15, 23, 42, 255}
	for i := range img.Pix {
		img.Pix[i] = []uint8{bg.R, bg.G, bg.B, bg.A}[i%4]
	}
	s := float64(size)
	p := func(x, y float64) [2]float64 { return [2]float64{x * s, y * s} }
	limbs := []struct {
		a, b [2]float64
		c    color.RGBA
	}{
		{p(0.50, 0.36), p(0.44, 0.56), color.RGBA{255, 255, 255, 255}}, // trunk
		{p(0.44, 0.56), p(0.58, 0.66), color.RGBA{0, 170, 255, 255}},   // front thigh
		{p(0.58, 0.66), p(0.55, 0.80), color.RGBA{0, 170, 255, 255}},   // front shank
		{p(0.44, 0.56), p(0.36, 0.68), color.RGBA{255, 140, 0, 255}},   // back thigh
		{p(0.36, 0.68), p(0.24, 0.70), color.RGBA{255, 140, 0, 255}},   // back shank
		{p(0.49, 0.40), p(0.60, 0.47), color.RGBA{0, 170, 255, 255}},   // front arm
		{p(0.60, 0.47), p(0.66, 0.38), color.RGBA{0, 170, 255, 255}},
		{p(0.49, 0.40), p(0.40, 0.47), color.RGBA{255, 140, 0, 255}}, // back arm
		{p(0.40, 0.47), p(0.34, 0.42), color.RGBA{255, 140, 0, 255}},
	}
	r := s * 0.03
	for _, l := range limbs {
		n := int(math.Hypot(l.b[0]-l.a[0], l.b[1]-l.a[1]))
		for i := 0; i <= n; i++ {
			t := float64(i) / float64(max(n, 1))
			disc(img, l.a[0]+t*(l.b[0]-l.a[0]), l.a[1]+t*(l.b[1]-l.a[1]), r, l.c)
		}
	}
	disc(img, 0.53*s, 0.28*s, 0.065*s, color.RGBA{255, 255, 255, 255}) // head
	return img
}

func disc(img *image.RGBA, cx, cy, r float64, c color.RGBA) {
	for y := int(cy - r); y <= int(cy+r); y++ {
		for x := int(cx - r); x <= int(cx+r); x++ {
			if (float64(x)-cx)*(float64(x)-cx)+(float64(y)-cy)*(float64(y)-cy) <= r*r {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
