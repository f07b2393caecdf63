package main

import (
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/advancedclimatesystems/gonnx/onnx"
	ort "github.com/yalue/onnxruntime_go"
	"google.golang.org/protobuf/proto"
)

// exposeAll runs model file p unoptimized on crop with every node output
// fetched, returning each value's data by name.
func exposeAll(t *testing.T, p string, crop []float32) (map[string][]float32, []string) {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	m := &onnx.ModelProto{}
	if err := proto.Unmarshal(b, m); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, o := range m.Graph.Output {
		have[o.Name] = true
	}
	var names []string
	for _, n := range m.Graph.Node {
		if n.OpType == "QuantizeLinear" {
			continue
		}
		for _, o := range n.Output {
			names = append(names, o)
			if !have[o] {
				m.Graph.Output = append(m.Graph.Output, &onnx.ValueInfoProto{Name: o, Type: &onnx.TypeProto{Value: &onnx.TypeProto_TensorType{TensorType: &onnx.TypeProto_Tensor{ElemType: int32(onnx.TensorProto_FLOAT)}}}})
			}
		}
	}
	bb, _ := proto.Marshal(m)
	so, _ := ort.NewSessionOptions()
	defer so.Destroy()
	so.SetGraphOptimizationLevel(ort.GraphOptimizationLevelDisableAll)
	s, err := ort.NewDynamicAdvancedSessionWithONNXData(bb, []string{"input_1"}, names, so)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Destroy()
	in, _ := ort.NewTensor(ort.NewShape(1, 256, 256, 3), crop)
	defer in.Destroy()
	outs := make([]ort.Value, len(names))
	if err := s.Run([]ort.Value{in}, outs); err != nil {
		t.Fatal(err)
	}
	got := map[string][]float32{}
	for i, v := range outs {
		if tt, ok := v.(*ort.Tensor[float32]); ok {
			got[names[i]] = append([]float32(nil), tt.GetData()...)
		}
		v.Destroy()
	}
	return got, names
}

// TestLayerErrors (MOTIONLAB_Q_A float, MOTIONLAB_Q_B QDQ, MOTIONLAB_Q_CROPS):
// the relative error of each value both graphs name, in graph order, to
// find the layers quantization hurts.
func TestLayerErrors(t *testing.T) {
	a, b, dir := os.Getenv("MOTIONLAB_Q_A"), os.Getenv("MOTIONLAB_Q_B"), os.Getenv("MOTIONLAB_Q_CROPS")
	if a == "" || b == "" || dir == "" {
		t.Skip("MOTIONLAB_Q_A, MOTIONLAB_Q_B, MOTIONLAB_Q_CROPS not set")
	}
	ort.SetSharedLibraryPath(os.Getenv("MOTIONLAB_ORT_LIB"))
	if err := ort.InitializeEnvironment(); err != nil {
		t.Fatal(err)
	}
	defer ort.DestroyEnvironment()
	crops, err := readCrops(dir, 4)
	if err != nil {
		t.Fatal(err)
	}
	fa, names := exposeAll(t, a, crops[1])
	fb, _ := exposeAll(t, b, crops[1])
	for i, n := range names {
		x, y := fa[n], fb[n]
		if d, ok := fb[n+"_dq"]; ok {
			y = d // a folded Clip acts at the QuantizeLinear
		}
		if y == nil || len(x) != len(y) {
			continue
		}
		var num, den, mx float64
		for k := range x {
			d := float64(x[k] - y[k])
			num += d * d
			den += float64(x[k]) * float64(x[k])
			mx = max(mx, math.Abs(float64(x[k])))
		}
		short := n
		if len(short) > 60 {
			short = short[len(short)-60:]
		}
		fmt.Printf("%3d %-60s rel %.4f max|x| %.2f\n", i, short, math.Sqrt(num/max(den, 1e-20)), mx)
	}
}
