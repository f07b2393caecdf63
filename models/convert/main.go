// Command convert turns MediaPipe's BlazePose TFLite models, read straight
// from the pinned npm tarball, into the ONNX files MotionLab runs.
//
//	go run ./models/convert -tarball .cache/npm/mediapipe-pose-0.5.1675469404.tgz -out .cache/models
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
)

func main() {
	tarball := flag.String("tarball", "", "the @mediapipe/pose npm tarball")
	out := flag.String("out", ".cache/models", "folder for the converted .onnx files")
	update := flag.Bool("update-manifest", false, "rewrite models/manifest.json with the new checksums instead of verifying them")
	flag.Parse()
	if *tarball == "" {
		fmt.Fprintln(os.Stderr, "usage: convert -tarball FILE.tgz [-out DIR] [-update-manifest]")
		os.Exit(2)
	}
	if err := run(*tarball, *out, *update); err != nil {
		slog.Error("convert", "err", err)
		os.Exit(1)
	}
}
