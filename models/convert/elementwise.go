package main

import (
	"fmt"

	"motionlab/models/tflite"
)

// operand returns an ONNX name for input t of an elementwise op whose
// output has rank outRank. Rank-4 constants are moved to NCHW; a
// per-channel vector [C] is reshaped to [C,1,1] so it broadcasts on NCHW.
func (g *graph) operand(t int32, outRank int) (string, error) {
	if !g.isConst(t) {
		return g.value(t)
	}
	c, err := g.constantOf(t)
	if err != nil {
		return "", err
	}
	if c.isInt {
		return "", fmt.Errorf("integer operand %q", g.m.Tensors[t].Name)
	}
	name := g.m.Tensors[t].Name
	switch {
	case outRank != 4 || len(c.shape) == 0 || numel(c.shape) == 1:
		return g.floatInit(name, c.shape, c.f32), nil
	case len(c.shape) == 1:
		return g.floatInit(name, []int{c.shape[0], 1, 1}, c.f32), nil
	case len(c.shape) == 4:
		n, h, w, ch := c.shape[0], c.shape[1], c.shape[2], c.shape[3]
		out := make([]float32, len(c.f32))
		for b := 0; b < n; b++ {
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					for k := 0; k < ch; k++ {
						out[((b*ch+k)*h+y)*w+x] = c.f32[((b*h+y)*w+x)*ch+k]
					}
				}
			}
		}
		return g.floatInit(name, []int{n, ch, h, w}, out), nil
	}
	return "", fmt.Errorf("constant %q of shape %v cannot broadcast against rank 4", name, c.shape)
}

// convertBinary: ADD, SUB, MUL, DIV with their fused activation.
func convertBinary(g *graph, op *tflite.Operator) error {
	onnxOp := map[tflite.BuiltinOp]string{tflite.OpAdd: "Add", tflite.OpSub: "Sub", tflite.OpMul: "Mul", tflite.OpDiv: "Div"}[op.Builtin]
	out := op.Outputs[0]
	r := g.rank(out)
	if g.rank(op.Inputs[0]) != g.rank(op.Inputs[1]) && !g.isConst(op.Inputs[0]) && !g.isConst(op.Inputs[1]) {
		return fmt.Errorf("broadcast between activations of rank %d and %d", g.rank(op.Inputs[0]), g.rank(op.Inputs[1]))
	}
	a, err := g.operand(op.Inputs[0], r)
	if err != nil {
		return err
	}
	b, err := g.operand(op.Inputs[1], r)
	if err != nil {
		return err
	}
	dst, finish := g.fused(op.Options.Int8(0, 0), g.produce(out))
	g.node(onnxOp, []string{a, b}, []string{dst})
	return finish()
}

// convertUnary: activations that keep shape (and so layout).
func convertUnary(g *graph, op *tflite.Operator) error {
	onnxOp := map[tflite.BuiltinOp]string{tflite.OpLogistic: "Sigmoid", tflite.OpRelu: "Relu", tflite.OpTanh: "Tanh"}[op.Builtin]
	x, err := g.value(op.Inputs[0])
	if err != nil {
		return err
	}
	if op.Builtin == tflite.OpRelu6 {
		return g.activation(tflite.ActRelu6, x, g.produce(op.Outputs[0]))
	}
	g.node(onnxOp, []string{x}, []string{g.produce(op.Outputs[0])})
	return nil
}
