package main

import (
	"fmt"
	"slices"

	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"

	"motionlab/models/tflite"
)

// converter turns one TFLite operator into ONNX nodes (or folds it).
type converter func(*graph, *tflite.Operator) error

// converters holds one entry per supported TFLite op; an op missing here
// is reported by name instead of being guessed at.
var converters = map[tflite.BuiltinOp]converter{
	tflite.OpConv2D:          convertConv2D,
	tflite.OpDepthwiseConv2D: convertConv2D,
	tflite.OpMaxPool2D:       convertPool,
	tflite.OpAveragePool2D:   convertPool,
	tflite.OpAdd:             convertBinary,
	tflite.OpSub:             convertBinary,
	tflite.OpMul:             convertBinary,
	tflite.OpDiv:             convertBinary,
	tflite.OpLogistic:        convertUnary,
	tflite.OpRelu:            convertUnary,
	tflite.OpRelu6:           convertUnary,
	tflite.OpTanh:            convertUnary,
	tflite.OpPad:             convertPad,
	tflite.OpReshape:         convertReshape,
	tflite.OpConcatenation:   convertConcat,
	tflite.OpDepthToSpace:    convertDepthToSpace,
	tflite.OpResizeBilinear:  convertResizeBilinear,
	tflite.OpDequantize:      foldDequantize,
	tflite.OpDensify:         foldDensify,
}

// Convert converts a float (fp16/fp32 weights) TFLite model to ONNX bytes.
// The graph keeps the TFLite input and output names and NHWC shapes, so a
// caller feeds and reads exactly what MediaPipe documents. keep names the
// outputs to convert (all when empty): ONNX Runtime runs every node of a
// graph whatever a caller fetches, so an output nobody reads (the landmark
// models' 256² segmentation mask and 64² heatmaps: a quarter of their time)
// is left out with every node only it needs. Output is deterministic: the
// same input gives the same bytes.
func Convert(tfl []byte, name string, keep []string) ([]byte, error) {
	m, err := tflite.Read(tfl)
	if err != nil {
		return nil, err
	}
	g := newGraph(m)
	outs, err := keptOutputs(m, keep)
	if err != nil {
		return nil, err
	}
	for _, t := range m.Outputs {
		g.used[m.Tensors[t].Name] = true
	}

	var inputs, outputs []*onnx.ValueInfoProto
	for _, t := range m.Inputs {
		tt := &m.Tensors[t]
		if tt.Type != tflite.Float32 {
			return nil, fmt.Errorf("input %q is %s, want FLOAT32", tt.Name, tt.Type)
		}
		g.used[tt.Name] = true
		inputs = append(inputs, valueInfo(tt.Name, g.shape(t)))
		if g.rank(t) == 4 {
			nchw := g.unique(tt.Name + "_nchw")
			g.node("Transpose", []string{tt.Name}, []string{nchw}, ints("perm", 0, 3, 1, 2))
			g.names[int(t)] = nchw
		} else {
			g.names[int(t)] = tt.Name
		}
	}

	for i := range m.Operators {
		op := &m.Operators[i]
		conv, ok := converters[op.Builtin]
		if !ok {
			if op.Builtin == tflite.OpCustom {
				return nil, fmt.Errorf("operator %d: unsupported custom op %q", i, op.Custom)
			}
			return nil, fmt.Errorf("operator %d: unsupported op %s", i, op.Builtin)
		}
		if err := conv(g, op); err != nil {
			return nil, fmt.Errorf("operator %d (%s → %q): %w", i, op.Builtin, m.Tensors[op.Outputs[0]].Name, err)
		}
	}

	for _, t := range outs {
		tt := &m.Tensors[t]
		v, err := g.nhwc(t)
		if err != nil {
			return nil, fmt.Errorf("output %q: %w", tt.Name, err)
		}
		if v != tt.Name {
			g.node("Identity", []string{v}, []string{tt.Name})
		}
		outputs = append(outputs, valueInfo(tt.Name, g.shape(t)))
	}

	var names []string
	for _, o := range outputs {
		names = append(names, o.Name)
	}
	g.prune(names)
	model := &onnx.ModelProto{
		IrVersion:       8,
		OpsetImport:     []*onnx.OperatorSetIdProto{{Domain: "", Version: opset}},
		ProducerName:    "motionlab-convert",
		ProducerVersion: "1",
		Graph: &onnx.GraphProto{
			Name:        name,
			Node:        g.nodes,
			Initializer: g.inits,
			Input:       inputs,
			Output:      outputs,
		},
	}
	return proto.MarshalOptions{Deterministic: true}.Marshal(model)
}

// keptOutputs returns the model's outputs named in keep, in the model's
// order (all of them when keep is empty).
func keptOutputs(m *tflite.Model, keep []string) ([]int32, error) {
	if len(keep) == 0 {
		return m.Outputs, nil
	}
	var outs []int32
	for _, t := range m.Outputs {
		if slices.Contains(keep, m.Tensors[t].Name) {
			outs = append(outs, t)
		}
	}
	if len(outs) != len(keep) {
		var have []string
		for _, t := range m.Outputs {
			have = append(have, m.Tensors[t].Name)
		}
		return nil, fmt.Errorf("outputs %v asked for, the model has %v", keep, have)
	}
	return outs, nil
}
