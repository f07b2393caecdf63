package main

import (
	"fmt"

	"motionlab/models/tflite"
)

// samePads returns TensorFlow's SAME padding (before, after) for one axis.
func samePads(in, k, stride, dil int) (int, int) {
	out := (in + stride - 1) / stride
	total := max((out-1)*stride+(k-1)*dil+1-in, 0)
	return total / 2, total - total/2
}

// spatialPads gives ONNX pads [top, left, bottom, right] for an NHWC input.
func spatialPads(padding int8, inShape []int, kh, kw, sh, sw, dh, dw int) []int {
	if padding == tflite.PadValid {
		return []int{0, 0, 0, 0}
	}
	t, b := samePads(inShape[1], kh, sh, dh)
	l, r := samePads(inShape[2], kw, sw, dw)
	return []int{t, l, b, r}
}

// transposeOHWItoOIHW reorders TFLite conv weights [O,H,W,I] for ONNX.
func transposeOHWItoOIHW(w []float32, o, h, wd, i int) []float32 {
	out := make([]float32, len(w))
	for a := 0; a < o; a++ {
		for y := 0; y < h; y++ {
			for x := 0; x < wd; x++ {
				for c := 0; c < i; c++ {
					out[((a*i+c)*h+y)*wd+x] = w[((a*h+y)*wd+x)*i+c]
				}
			}
		}
	}
	return out
}

// convertConv2D: CONV_2D (weights OHWI) and DEPTHWISE_CONV_2D (weights
// [1,H,W,C·mult]) both become ONNX Conv, the latter with group = C.
func convertConv2D(g *graph, op *tflite.Operator) error {
	depthwise := op.Builtin == tflite.OpDepthwiseConv2D
	in, out := op.Inputs[0], op.Outputs[0]
	x, err := g.value(in)
	if err != nil {
		return err
	}
	if g.rank(in) != 4 {
		return fmt.Errorf("input rank %d, want 4", g.rank(in))
	}
	w, err := g.constantOf(op.Inputs[1])
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	inShape := g.shape(in)
	o := op.Options
	// Option field numbers differ: depthwise has depth_multiplier at 3.
	padding, sw, sh := o.Int8(0, 0), int(o.Int32(1, 1)), int(o.Int32(2, 1))
	actField, dilField := 3, 4
	if depthwise {
		actField, dilField = 4, 5
	}
	act := o.Int8(actField, 0)
	dw, dh := int(o.Int32(dilField, 1)), int(o.Int32(dilField+1, 1))

	var weights []float32
	var wdims []int
	group := 1
	kh, kw := w.shape[1], w.shape[2]
	if depthwise {
		cout := w.shape[3]
		cin := inShape[3]
		// [1,H,W,Cout] is [O=1..]: as OHWI with O and I swapped.
		weights = transposeOHWItoOIHW(w.f32, 1, kh, kw, cout) // gives [1,Cout,H,W] order
		wdims = []int{cout, 1, kh, kw}
		group = cin
	} else {
		weights = transposeOHWItoOIHW(w.f32, w.shape[0], kh, kw, w.shape[3])
		wdims = []int{w.shape[0], w.shape[3], kh, kw}
	}
	name := g.m.Tensors[op.Inputs[1]].Name
	inputs := []string{x, g.floatInit(name, wdims, weights)}
	if len(op.Inputs) > 2 && op.Inputs[2] >= 0 {
		b, err := g.constantOf(op.Inputs[2])
		if err != nil {
			return fmt.Errorf("bias: %w", err)
		}
		inputs = append(inputs, g.floatInit(g.m.Tensors[op.Inputs[2]].Name, []int{len(b.f32)}, b.f32))
	}
	dst, finish := g.fused(act, g.produce(out))
	g.node("Conv", inputs, []string{dst},
		ints("kernel_shape", kh, kw),
		ints("strides", sh, sw),
		ints("dilations", dh, dw),
		ints("pads", spatialPads(padding, inShape, kh, kw, sh, sw, dh, dw)...),
		intAttr("group", group))
	return finish()
}

// convertPool: MAX_POOL_2D and AVERAGE_POOL_2D. Padded cells never count,
// as in TensorFlow (ONNX count_include_pad = 0).
func convertPool(g *graph, op *tflite.Operator) error {
	in := op.Inputs[0]
	x, err := g.value(in)
	if err != nil {
		return err
	}
	o := op.Options
	padding, sw, sh := o.Int8(0, 0), int(o.Int32(1, 1)), int(o.Int32(2, 1))
	fw, fh, act := int(o.Int32(3, 1)), int(o.Int32(4, 1)), o.Int8(5, 0)
	pads := spatialPads(padding, g.shape(in), fh, fw, sh, sw, 1, 1)
	dst, finish := g.fused(act, g.produce(op.Outputs[0]))
	if op.Builtin == tflite.OpMaxPool2D {
		g.node("MaxPool", []string{x}, []string{dst},
			ints("kernel_shape", fh, fw), ints("strides", sh, sw), ints("pads", pads...))
	} else {
		g.node("AveragePool", []string{x}, []string{dst},
			ints("kernel_shape", fh, fw), ints("strides", sh, sw), ints("pads", pads...),
			intAttr("count_include_pad", 0))
	}
	return finish()
}
