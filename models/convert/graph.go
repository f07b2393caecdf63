package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/advancedclimatesystems/gonnx/onnx"

	"motionlab/models/tflite"
)

// opset is the ONNX opset the converter targets: new enough for Resize
// with scales and Clip with tensor bounds, old enough for onnxruntime-web.
const opset = 17

// constant is a folded constant tensor in TFLite (NHWC) layout.
type constant struct {
	shape []int
	f32   []float32
	i32   []int32
	isInt bool
}

// graph accumulates ONNX nodes while the converter walks TFLite operators.
//
// Layout: TFLite is NHWC. Every rank-4 activation is kept NCHW in ONNX (the
// layout ONNX convolutions want); value() knows each tensor's ONNX name and
// nhwc() inserts (and caches) a transpose back where NHWC order matters:
// reshapes and graph outputs.
type graph struct {
	m      *tflite.Model
	consts map[int]*constant // folded constants by TFLite tensor index
	names  map[int]string    // ONNX value name of each produced activation
	nhwcOf map[int]string    // cached NHWC transposes of rank-4 activations
	used   map[string]bool

	nodes []*onnx.NodeProto
	inits []*onnx.TensorProto
}

func newGraph(m *tflite.Model) *graph {
	return &graph{
		m:      m,
		consts: map[int]*constant{},
		names:  map[int]string{},
		nhwcOf: map[int]string{},
		used:   map[string]bool{},
	}
}

// unique returns a value name derived from base that is not yet used.
func (g *graph) unique(base string) string {
	if base == "" {
		base = "v"
	}
	name := base
	for i := 1; g.used[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	g.used[name] = true
	return name
}

func (g *graph) shape(t int32) []int {
	s := g.m.Tensors[t].Shape
	out := make([]int, len(s))
	for i, v := range s {
		out[i] = int(v)
	}
	return out
}

func (g *graph) rank(t int32) int { return len(g.m.Tensors[t].Shape) }

// value is the ONNX name of activation t (NCHW when rank 4).
func (g *graph) value(t int32) (string, error) {
	if n, ok := g.names[int(t)]; ok {
		return n, nil
	}
	return "", fmt.Errorf("tensor %d %q is used before it is produced", t, g.m.Tensors[t].Name)
}

// nhwc is activation t in TFLite's own element order.
func (g *graph) nhwc(t int32) (string, error) {
	v, err := g.value(t)
	if err != nil || g.rank(t) != 4 {
		return v, err
	}
	if n, ok := g.nhwcOf[int(t)]; ok {
		return n, nil
	}
	out := g.unique(g.m.Tensors[t].Name + "_nhwc")
	g.node("Transpose", []string{v}, []string{out}, ints("perm", 0, 2, 3, 1))
	g.nhwcOf[int(t)] = out
	return out, nil
}

// produce names the ONNX output of activation t; want is the preferred name.
func (g *graph) produce(t int32) string {
	name := g.unique(g.m.Tensors[t].Name)
	g.names[int(t)] = name
	return name
}

func (g *graph) node(op string, in, out []string, attrs ...*onnx.AttributeProto) {
	g.nodes = append(g.nodes, &onnx.NodeProto{
		OpType:    op,
		Name:      g.unique(fmt.Sprintf("%s_%d", op, len(g.nodes))),
		Input:     in,
		Output:    out,
		Attribute: attrs,
	})
}

// floatInit adds a float32 initializer with the given ONNX dims.
func (g *graph) floatInit(base string, dims []int, data []float32) string {
	name := g.unique(base)
	raw := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	g.inits = append(g.inits, &onnx.TensorProto{Name: name, Dims: int64s(dims), DataType: int32(onnx.TensorProto_FLOAT), RawData: raw})
	return name
}

// int64Init adds a 1-D int64 initializer.
func (g *graph) int64Init(base string, data []int64) string {
	name := g.unique(base)
	raw := make([]byte, 8*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint64(raw[8*i:], uint64(v))
	}
	g.inits = append(g.inits, &onnx.TensorProto{Name: name, Dims: []int64{int64(len(data))}, DataType: int32(onnx.TensorProto_INT64), RawData: raw})
	return name
}

// activation applies a TFLite fused activation to in, writing out.
func (g *graph) activation(act int8, in, out string) error {
	switch act {
	case tflite.ActNone:
		g.node("Identity", []string{in}, []string{out})
	case tflite.ActRelu:
		g.node("Relu", []string{in}, []string{out})
	case tflite.ActRelu6:
		lo := g.floatInit("relu6_min", nil, []float32{0})
		hi := g.floatInit("relu6_max", nil, []float32{6})
		g.node("Clip", []string{in, lo, hi}, []string{out})
	default:
		return fmt.Errorf("unsupported fused activation %d", act)
	}
	return nil
}

// fused emits op into a temporary when an activation follows it, so the
// final name always belongs to the tensor TFLite names.
func (g *graph) fused(act int8, out string) (string, func() error) {
	if act == tflite.ActNone {
		return out, func() error { return nil }
	}
	tmp := g.unique(out + "_preact")
	return tmp, func() error { return g.activation(act, tmp, out) }
}

func ints(name string, v ...int) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_INTS, Ints: int64s(v)}
}

func intAttr(name string, v int) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_INT, I: int64(v)}
}

func strAttr(name, v string) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_STRING, S: []byte(v)}
}

func int64s(v []int) []int64 {
	out := make([]int64, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}

func valueInfo(name string, dims []int) *onnx.ValueInfoProto {
	shape := &onnx.TensorShapeProto{}
	for _, d := range dims {
		shape.Dim = append(shape.Dim, &onnx.TensorShapeProto_Dimension{Value: &onnx.TensorShapeProto_Dimension_DimValue{DimValue: int64(d)}})
	}
	return &onnx.ValueInfoProto{Name: name, Type: &onnx.TypeProto{Value: &onnx.TypeProto_TensorType{TensorType: &onnx.TypeProto_Tensor{ElemType: int32(onnx.TensorProto_FLOAT), Shape: shape}}}}
}

// prune drops every node and initializer that none of outputs depends on.
// Nodes are in execution order, so one backward pass finds the live ones.
func (g *graph) prune(outputs []string) {
	need := map[string]bool{}
	for _, o := range outputs {
		need[o] = true
	}
	live := make([]bool, len(g.nodes))
	for i := len(g.nodes) - 1; i >= 0; i-- {
		n := g.nodes[i]
		if !slices.ContainsFunc(n.Output, func(o string) bool { return need[o] }) {
			continue
		}
		live[i] = true
		for _, in := range n.Input {
			need[in] = true
		}
	}
	nodes := g.nodes[:0]
	for i, n := range g.nodes {
		if live[i] {
			nodes = append(nodes, n)
		}
	}
	g.nodes = nodes
	g.inits = slices.DeleteFunc(g.inits, func(t *onnx.TensorProto) bool { return !need[t.Name] })
}
