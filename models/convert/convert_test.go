package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"

	"motionlab/models"
	"motionlab/models/tflite"
	"motionlab/tests/testenv"
)

func TestConversionIsDeterministicAndMatchesManifest(t *testing.T) {
	man, _ := models.Load()
	src := testenv.PoseSources(t)
	for _, m := range man.Models {
		if m.Name == "pose_landmark_heavy" {
			continue // 55 MB: covered by make setup's checksum verification
		}
		a, err := Convert(src[m.Name], m.Name, m.Outputs)
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		b, _ := Convert(src[m.Name], m.Name, m.Outputs)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two conversions differ", m.Name)
		}
		if got := sha256hex(a); got != m.ONNXSHA256 {
			t.Errorf("%s: sha256 %s, manifest %s", m.Name, got, m.ONNXSHA256)
		}
	}
}

func TestUnknownOpIsNamed(t *testing.T) {
	src := testenv.PoseSources(t)
	saved := converters[tflite.OpResizeBilinear]
	delete(converters, tflite.OpResizeBilinear)
	defer func() { converters[tflite.OpResizeBilinear] = saved }()
	_, err := Convert(src["pose_landmark_lite"], "lite", nil)
	if err == nil || !strings.Contains(err.Error(), "unsupported op RESIZE_BILINEAR") {
		t.Errorf("error %v, want one naming RESIZE_BILINEAR", err)
	}
}

func TestNotATFLiteFile(t *testing.T) {
	if _, err := Convert([]byte("definitely not a flatbuffer"), "x", nil); err == nil {
		t.Error("garbage converted")
	}
}

// TestDensifyCSR: a 2×3 matrix with CSR on the second dimension.
func TestDensifyCSR(t *testing.T) {
	sp := &tflite.Sparsity{
		TraversalOrder: []int32{0, 1},
		Dims: []tflite.DimMetadata{
			{DenseSize: 2},
			{Sparse: true, Segments: []int32{0, 1, 3}, Indices: []int32{2, 0, 1}},
		},
	}
	got, err := densify([]float32{7, 8, 9}, []int{2, 3}, sp)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0, 0, 7, 8, 9, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("densify = %v, want %v", got, want)
		}
	}
	if _, err := densify([]float32{7, 8}, []int{2, 3}, sp); err == nil {
		t.Error("too few values accepted")
	}
}

func TestSamePadsMatchTensorFlow(t *testing.T) {
	for _, c := range []struct{ in, k, s, lo, hi int }{
		{256, 3, 2, 0, 1}, {256, 3, 1, 1, 1}, {7, 5, 1, 2, 2}, {224, 5, 2, 1, 2},
	} {
		lo, hi := samePads(c.in, c.k, c.s, 1)
		if lo != c.lo || hi != c.hi {
			t.Errorf("samePads(%d,%d,%d) = %d,%d want %d,%d", c.in, c.k, c.s, lo, hi, c.lo, c.hi)
		}
	}
}

// TestUnreadOutputsAreLeftOut: converting only the outputs MotionLab reads
// drops the segmentation and heatmap heads (ONNX Runtime would run them
// for nothing), and leaves a closed graph: every node input is the
// graph's input, an initializer or another node's output.
func TestUnreadOutputsAreLeftOut(t *testing.T) {
	src := testenv.PoseSources(t)
	keep := []string{"Identity", "Identity_1", "Identity_4"}
	parse := func(b []byte) *onnx.GraphProto {
		var m onnx.ModelProto
		if err := proto.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m.Graph
	}
	all, err := Convert(src["pose_landmark_lite"], "lite", nil)
	if err != nil {
		t.Fatal(err)
	}
	some, err := Convert(src["pose_landmark_lite"], "lite", keep)
	if err != nil {
		t.Fatal(err)
	}
	full, kept := parse(all), parse(some)
	var outs []string
	for _, o := range kept.Output {
		outs = append(outs, o.Name)
	}
	if !slices.Equal(outs, keep) || len(full.Output) != 5 {
		t.Fatalf("outputs %v of %d, want %v", outs, len(full.Output), keep)
	}
	if len(kept.Node) >= len(full.Node)*9/10 || len(kept.Initializer) >= len(full.Initializer) {
		t.Errorf("nodes %d → %d, initializers %d → %d: the heads were not dropped", len(full.Node), len(kept.Node), len(full.Initializer), len(kept.Initializer))
	}
	have := map[string]bool{kept.Input[0].Name: true}
	for _, i := range kept.Initializer {
		have[i.Name] = true
	}
	for _, n := range kept.Node {
		for _, in := range n.Input {
			if in != "" && !have[in] {
				t.Fatalf("node %s reads %s, which nothing produces", n.Name, in)
			}
		}
		for _, o := range n.Output {
			have[o] = true
		}
	}
	if _, err := Convert(src["pose_landmark_lite"], "lite", []string{"Identity", "mask"}); err == nil || !strings.Contains(err.Error(), "mask") {
		t.Errorf("an unknown output: error %v", err)
	}
	t.Logf("nodes %d → %d, initializers %d → %d", len(full.Node), len(kept.Node), len(full.Initializer), len(kept.Initializer))
}
