package mptask

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"testing"
	"unsafe"

	flatbuffers "github.com/google/flatbuffers/go"

	"motionlab/models/tflite"
	"motionlab/tests/testenv"
)

// TestMetadataLeavesTheModelAlone: the model with metadata has the same
// tensors, weights and graph as the source, every weight buffer keeps its
// 16-byte alignment, and the metadata reads back as written.
func TestMetadataLeavesTheModelAlone(t *testing.T) {
	src := testenv.PoseSources(t)
	for name, n := range map[string]Normalization{"pose_detection": DetectorInput, "pose_landmark_full": LandmarkInput} {
		out, err := WithImageInput(src[name], name, n)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		a, err := tflite.Read(src[name])
		if err != nil {
			t.Fatal(err)
		}
		b, err := tflite.Read(out)
		if err != nil {
			t.Fatalf("%s with metadata: %v", name, err)
		}
		if len(a.Tensors) != len(b.Tensors) || len(a.Operators) != len(b.Operators) || !slices.Equal(a.Inputs, b.Inputs) || !slices.Equal(a.Outputs, b.Outputs) {
			t.Fatalf("%s: graph changed: %d→%d tensors, %d→%d operators", name, len(a.Tensors), len(b.Tensors), len(a.Operators), len(b.Operators))
		}
		for i := range a.Tensors {
			x, y := a.Tensors[i], b.Tensors[i]
			if x.Name != y.Name || !slices.Equal(x.Shape, y.Shape) || x.Type != y.Type || !bytes.Equal(x.Data, y.Data) {
				t.Fatalf("%s: tensor %d (%s) changed", name, i, x.Name)
			}
			if len(x.Data) > 0 && offset(src[name], x.Data)%16 != offset(out, y.Data)%16 {
				t.Errorf("%s: tensor %s's weights lost their alignment", name, x.Name)
			}
		}
		mean, std := readNormalization(t, out)
		if mean != n.Mean || std != n.Std {
			t.Errorf("%s: metadata normalization (%g, %g), want (%g, %g)", name, mean, std, n.Mean, n.Std)
		}
	}
}

func offset(file, part []byte) int {
	return int(uintptr(unsafe.Pointer(&part[0])) - uintptr(unsafe.Pointer(&file[0])))
}

// readNormalization finds the TFLITE_METADATA buffer of a model and reads
// its first input's NormalizationOptions.
func readNormalization(t *testing.T, model []byte) (mean, std float32) {
	t.Helper()
	slot := func(f int) flatbuffers.VOffsetT { return flatbuffers.VOffsetT(4 + 2*f) }
	at := func(buf []byte, pos flatbuffers.UOffsetT) *flatbuffers.Table {
		return &flatbuffers.Table{Bytes: buf, Pos: pos}
	}
	field := func(tb *flatbuffers.Table, f int) *flatbuffers.Table {
		o := flatbuffers.UOffsetT(tb.Offset(slot(f)))
		if o == 0 {
			t.Fatalf("field %d missing", f)
		}
		return at(tb.Bytes, tb.Indirect(tb.Pos+o))
	}
	element := func(tb *flatbuffers.Table, f, i int) *flatbuffers.Table {
		v := tb.Vector(flatbuffers.UOffsetT(tb.Offset(slot(f))))
		return at(tb.Bytes, tb.Indirect(v+flatbuffers.UOffsetT(4*i)))
	}
	root := at(model, flatbuffers.GetUOffsetT(model))
	metas := root.VectorLen(flatbuffers.UOffsetT(root.Offset(slot(6))))
	for i := 0; i < metas; i++ {
		m := element(root, 6, i)
		if string(m.ByteVector(m.Pos+flatbuffers.UOffsetT(m.Offset(slot(0))))) != "TFLITE_METADATA" {
			continue
		}
		buf := element(root, 4, int(m.GetUint32Slot(slot(1), 0)))
		data := buf.ByteVector(buf.Pos + flatbuffers.UOffsetT(buf.Offset(slot(0))))
		if string(data[4:8]) != "M001" {
			t.Fatalf("metadata identifier %q", data[4:8])
		}
		md := at(data, flatbuffers.GetUOffsetT(data))
		input := element(element(md, 3, 0), 2, 0)
		unit := element(input, 4, 0)
		if unit.GetByteSlot(slot(0), 0) != unionNormalizationOption {
			t.Fatal("process unit is not NormalizationOptions")
		}
		norm := field(unit, 1)
		mv := norm.Vector(flatbuffers.UOffsetT(norm.Offset(slot(0))))
		sv := norm.Vector(flatbuffers.UOffsetT(norm.Offset(slot(1))))
		return norm.GetFloat32(mv), norm.GetFloat32(sv)
	}
	t.Fatal("no TFLITE_METADATA entry")
	return 0, 0
}

// TestPoseLandmarkerBundle: the .task holds the two models, stored
// uncompressed, under the names the Tasks pose landmarker opens.
func TestPoseLandmarkerBundle(t *testing.T) {
	src := testenv.PoseSources(t)
	task, err := PoseLandmarker(src["pose_detection"], src["pose_landmark_full"])
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(task), int64(len(task)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
		if f.Method != zip.Store {
			t.Errorf("%s is compressed", f.Name)
		}
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		if _, err := tflite.Read(b); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	if !slices.Equal(names, []string{"pose_detector.tflite", "pose_landmarks_detector.tflite"}) {
		t.Errorf("bundle holds %v", names)
	}
}
