package main

import (
	"fmt"

	"motionlab/models/tflite"
)

// nchwAxis maps an NHWC axis to its NCHW position.
func nchwAxis(a int) int { return [4]int{0, 2, 3, 1}[a] }

// convertPad: PAD with constant paddings [rank,2], zeros filled.
func convertPad(g *graph, op *tflite.Operator) error {
	x, err := g.value(op.Inputs[0])
	if err != nil {
		return err
	}
	p, err := g.constantOf(op.Inputs[1])
	if err != nil {
		return fmt.Errorf("paddings: %w", err)
	}
	r := g.rank(op.Inputs[0])
	if !p.isInt || len(p.i32) != 2*r {
		return fmt.Errorf("paddings of shape %v for rank %d", p.shape, r)
	}
	pads := make([]int64, 2*r)
	for a := 0; a < r; a++ {
		d := a
		if r == 4 {
			d = nchwAxis(a)
		}
		pads[d], pads[r+d] = int64(p.i32[2*a]), int64(p.i32[2*a+1])
	}
	g.node("Pad", []string{x, g.int64Init("pads", pads)}, []string{g.produce(op.Outputs[0])}, strAttr("mode", "constant"))
	return nil
}

// convertReshape reshapes in TFLite's element order (NHWC), so rank-4
// tensors are transposed to NHWC before and back to NCHW after.
func convertReshape(g *graph, op *tflite.Operator) error {
	x, err := g.nhwc(op.Inputs[0])
	if err != nil {
		return err
	}
	out := op.Outputs[0]
	dims := g.shape(out)
	shape := g.int64Init("shape", int64s(dims))
	if len(dims) != 4 {
		g.node("Reshape", []string{x, shape}, []string{g.produce(out)})
		return nil
	}
	tmp := g.unique(g.m.Tensors[out].Name + "_nhwc")
	g.node("Reshape", []string{x, shape}, []string{tmp})
	g.node("Transpose", []string{tmp}, []string{g.produce(out)}, ints("perm", 0, 3, 1, 2))
	g.nhwcOf[int(out)] = tmp
	return nil
}

// convertConcat: CONCATENATION along a (layout-mapped) axis.
func convertConcat(g *graph, op *tflite.Operator) error {
	r := g.rank(op.Outputs[0])
	axis := int(op.Options.Int32(0, 0))
	if axis < 0 {
		axis += r
	}
	if r == 4 {
		axis = nchwAxis(axis)
	}
	var in []string
	for _, t := range op.Inputs {
		v, err := g.operand(t, r)
		if err != nil {
			return err
		}
		in = append(in, v)
	}
	dst, finish := g.fused(op.Options.Int8(1, 0), g.produce(op.Outputs[0]))
	g.node("Concat", in, []string{dst}, intAttr("axis", axis))
	return finish()
}

// convertDepthToSpace: TensorFlow's channel order is ONNX's DCR mode.
func convertDepthToSpace(g *graph, op *tflite.Operator) error {
	x, err := g.value(op.Inputs[0])
	if err != nil {
		return err
	}
	bs := int(op.Options.Int32(0, 0))
	if bs < 2 {
		return fmt.Errorf("block size %d", bs)
	}
	g.node("DepthToSpace", []string{x}, []string{g.produce(op.Outputs[0])}, intAttr("blocksize", bs), strAttr("mode", "DCR"))
	return nil
}

// convertResizeBilinear emits Resize with scales (not sizes): onnxruntime-web's
// WebGL backend rejects a Resize whose sizes input is int64.
func convertResizeBilinear(g *graph, op *tflite.Operator) error {
	x, err := g.value(op.Inputs[0])
	if err != nil {
		return err
	}
	in, out := g.shape(op.Inputs[0]), g.shape(op.Outputs[0])
	if len(in) != 4 {
		return fmt.Errorf("input rank %d, want 4", len(in))
	}
	mode := "asymmetric"
	switch {
	case op.Options.Bool(2, false):
		mode = "align_corners"
	case op.Options.Bool(3, false):
		mode = "half_pixel"
	}
	scales := g.floatInit("scales", []int{4}, []float32{1, 1, float32(out[1]) / float32(in[1]), float32(out[2]) / float32(in[2])})
	g.node("Resize", []string{x, "", scales}, []string{g.produce(op.Outputs[0])},
		strAttr("mode", "linear"), strAttr("coordinate_transformation_mode", mode))
	return nil
}
