// Command quantize writes an int8 (QDQ) version of a converted landmark
// model, its activation ranges calibrated on real person crops (the ones
// the engine's tracker makes from the shared videos and photos):
//
//	MOTIONLAB_CALIB_OUT=/tmp/int8calib go test -run WriteCalibrationCrops ./server/inference
//	go run ./models/quantize -calib /tmp/int8calib -out /tmp/int8models/pose_landmark_full_int8.onnx
//
// Issue 19 tried it on the full model and did not keep it (BENCHMARKS.md,
// "int8 landmark model"): slower in onnxruntime-web, and keypoints move
// several % of body height.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/advancedclimatesystems/gonnx/onnx"
	ort "github.com/yalue/onnxruntime_go"
	"google.golang.org/protobuf/proto"
)

func main() {
	in := flag.String("in", ".cache/models/pose_landmark_full.onnx", "the float model")
	calib := flag.String("calib", "", "folder of calibration crops (*.rgb)")
	out := flag.String("out", "", "the int8 model to write")
	n := flag.Int("crops", 0, "use at most this many crops (0: all)")
	bits := flag.Int("weight-bits", 8, "weight bits: 8, or 7 against VPMADDUBSW saturation")
	heads := flag.Bool("float-heads", true, "keep the output convolutions in float")
	mean := flag.Bool("mean-range", false, "ranges: mean of each crop's min/max instead of the overall min/max")
	wonly := flag.String("weights-only", "", "diagnostic: quantize only the weights of all, depthwise or pointwise convolutions")
	fdw := flag.Bool("float-depthwise", false, "keep depthwise convolutions in float")
	lib := flag.String("ort", os.Getenv("MOTIONLAB_ORT_LIB"), "libonnxruntime.so")
	flag.Parse()
	if *calib == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: quantize -in MODEL.onnx -calib DIR -out MODEL_int8.onnx")
		os.Exit(2)
	}
	if err := run(*in, *calib, *out, *lib, *n, *mean, Config{WeightBits: *bits, FloatHeads: *heads, WeightsOnly: *wonly, FloatDepthwise: *fdw}); err != nil {
		slog.Error("quantize", "err", err)
		os.Exit(1)
	}
}

func run(in, calib, out, lib string, n int, mean bool, cfg Config) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	m := &onnx.ModelProto{}
	if err := proto.Unmarshal(b, m); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	crops, err := readCrops(calib, n)
	if err != nil {
		return err
	}
	ort.SetSharedLibraryPath(lib)
	if err := ort.InitializeEnvironment(); err != nil {
		return fmt.Errorf("onnxruntime %s: %w", lib, err)
	}
	defer ort.DestroyEnvironment()
	input := m.Graph.Input[0]
	var shape []int64
	for _, d := range input.Type.GetTensorType().Shape.Dim {
		shape = append(shape, d.GetDimValue())
	}
	spans, err := calibrate(m, input.Name, shape, crops, mean)
	if err != nil {
		return err
	}
	if err := Quantize(m, spans, cfg); err != nil {
		return err
	}
	q, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, q, 0o644); err != nil {
		return err
	}
	slog.Info("quantized", "file", out, "bytes", len(q), "crops", len(crops))
	return nil
}
