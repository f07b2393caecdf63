// Package mptask packs the BlazePose TFLite models that MotionLab converts
// as a MediaPipe Tasks pose landmarker bundle (.task), so that Google's
// own runtime (npm @mediapipe/tasks-vision, XNNPACK) can run the very
// same models as MotionLab's benchmark peer (make bench-browser).
//
// Google publishes its .task files outside npm, which is all this machine
// reaches; the legacy @mediapipe/pose package holds the same models
// without the TFLite metadata the Tasks runtime needs to scale an image
// into a float input tensor. This package writes that metadata
// (tflite_support's metadata_schema.fbs, file identifier "M001": an RGB
// image with its NormalizationOptions) and zips the two models under the
// names the pose landmarker graph opens.
package mptask

import (
	"archive/zip"
	"bytes"
	"fmt"

	flatbuffers "github.com/google/flatbuffers/go"

	"motionlab/models/tflite"
)

// Normalization maps a pixel value v in [0, 255] to (v - Mean) / Std.
type Normalization struct{ Mean, Std float32 }

// The inputs of the BlazePose models (models/manifest.json's decoders).
var (
	DetectorInput = Normalization{Mean: 127.5, Std: 127.5} // [-1, 1]
	LandmarkInput = Normalization{Mean: 0, Std: 255}       // [0, 1]
)

// PoseLandmarker is a .task bundle of a pose detector and a landmark
// model, each given the metadata of its input.
func PoseLandmarker(detector, landmarks []byte) ([]byte, error) {
	det, err := WithImageInput(detector, "pose_detector", DetectorInput)
	if err != nil {
		return nil, fmt.Errorf("pose detector: %w", err)
	}
	lm, err := WithImageInput(landmarks, "pose_landmarks_detector", LandmarkInput)
	if err != nil {
		return nil, fmt.Errorf("pose landmarks detector: %w", err)
	}
	return bundle([]file{{"pose_detector.tflite", det}, {"pose_landmarks_detector.tflite", lm}})
}

// WithImageInput is the TFLite model with metadata describing its one
// input as an RGB image normalized by n.
func WithImageInput(model []byte, name string, n Normalization) ([]byte, error) {
	m, err := tflite.Read(model)
	if err != nil {
		return nil, err
	}
	if len(m.Inputs) != 1 || m.Tensors[m.Inputs[0]].Type != tflite.Float32 {
		return nil, fmt.Errorf("want one float32 input, model has %d", len(m.Inputs))
	}
	return tflite.WithMetadata(model, "TFLITE_METADATA", imageMetadata(name, m.Tensors[m.Inputs[0]].Name, n))
}

// Field numbers of metadata_schema.fbs's tables and union members used.
const (
	unionImageProperties     = 2 // ContentProperties.ImageProperties
	unionNormalizationOption = 1 // ProcessUnitOptions.NormalizationOptions
	colorSpaceRGB            = 1
)

// imageMetadata is a ModelMetadata flatbuffer: one subgraph whose one
// input is an RGB image with n's normalization.
func imageMetadata(model, input string, n Normalization) []byte {
	b := flatbuffers.NewBuilder(256)
	floats := func(v float32) flatbuffers.UOffsetT {
		b.StartVector(4, 1, 4)
		b.PrependFloat32(v)
		return b.EndVector(1)
	}
	// Every table vector here holds one table.
	tables := func(t flatbuffers.UOffsetT) flatbuffers.UOffsetT {
		b.StartVector(4, 1, 4)
		b.PrependUOffsetT(t)
		return b.EndVector(1)
	}
	mean, std := floats(n.Mean), floats(n.Std)
	b.StartObject(2) // NormalizationOptions
	b.PrependUOffsetTSlot(0, mean, 0)
	b.PrependUOffsetTSlot(1, std, 0)
	norm := b.EndObject()

	b.StartObject(2) // ProcessUnit
	b.PrependByteSlot(0, unionNormalizationOption, 0)
	b.PrependUOffsetTSlot(1, norm, 0)
	unit := b.EndObject()
	units := tables(unit)

	b.StartObject(2) // ImageProperties
	b.PrependByteSlot(0, colorSpaceRGB, 0)
	image := b.EndObject()
	b.StartObject(3) // Content
	b.PrependByteSlot(0, unionImageProperties, 0)
	b.PrependUOffsetTSlot(1, image, 0)
	content := b.EndObject()

	name := b.CreateString(input)
	b.StartObject(7) // TensorMetadata
	b.PrependUOffsetTSlot(0, name, 0)
	b.PrependUOffsetTSlot(3, content, 0)
	b.PrependUOffsetTSlot(4, units, 0)
	tensor := b.EndObject()
	inputs := tables(tensor)

	b.StartObject(4) // SubGraphMetadata
	b.PrependUOffsetTSlot(2, inputs, 0)
	sub := b.EndObject()
	subs := tables(sub)

	modelName, parser := b.CreateString(model), b.CreateString("1.0.0")
	b.StartObject(8) // ModelMetadata
	b.PrependUOffsetTSlot(0, modelName, 0)
	b.PrependUOffsetTSlot(3, subs, 0)
	b.PrependUOffsetTSlot(7, parser, 0)
	b.FinishWithFileIdentifier(b.EndObject(), []byte("M001"))
	return b.FinishedBytes()
}

type file struct {
	name string
	data []byte
}

// bundle zips files uncompressed: the Tasks runtime reads a bundle's
// models in place.
func bundle(files []file) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Store})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
