package main

import (
	"math"
	"testing"

	"github.com/advancedclimatesystems/gonnx/onnx"
)

func TestActivationParams(t *testing.T) {
	// A folded Relu6 whose calibrated range stays under 6: zero point at
	// 0, so the QuantizeLinear's saturation is the clip.
	p := activationParams(span{-3, 4.5}, span{0, 6}, true)
	if p.zero != 0 || math.Abs(float64(p.scale-4.5/255)) > 1e-7 {
		t.Errorf("relu6 range: %+v, want zero 0, scale 4.5/255", p)
	}
	// A linear tensor: the zero point is the integer nearest −lo/scale
	// (2 / (8/255) = 63.75), so 0 is exactly representable.
	p = activationParams(span{-2, 6}, span{}, false)
	if p.zero != 64 || math.Abs(float64(p.scale-8.0/255)) > 1e-7 {
		t.Errorf("linear range: %+v, want zero point 64, scale 8/255", p)
	}
}

func TestQuantizeConvWeights(t *testing.T) {
	// Two output channels of very different magnitude: each keeps its own
	// scale, so the small one is not rounded away.
	w := []float32{0.5, -1, 0.25, 1, 0.001, -0.002, 0.0005, 0.002}
	ix := &graphIndex{inits: map[string]*onnx.TensorProto{
		"w": floatTensor("w", []int64{2, 4, 1, 1}, w),
		"b": floatTensor("b", []int64{2}, []float32{0.3, -0.01}),
	}}
	n := &onnx.NodeProto{OpType: "Conv", Name: "c", Input: []string{"x", "w", "b"}}
	var inits []*onnx.TensorProto
	add := func(t *onnx.TensorProto) string { inits = append(inits, t); return t.Name }
	var nodes []*onnx.NodeProto
	if err := quantizeConv(n, ix, qparams{scale: 0.02}, 127, add, &nodes); err != nil {
		t.Fatal(err)
	}
	byName := map[string]*onnx.TensorProto{}
	for _, t := range inits {
		byName[t.Name] = t
	}
	wq, ws := byName["w_wq"].RawData, floatData(byName["w_wscale"])
	for i, v := range w {
		got := float32(int8(wq[i])) * ws[i/4]
		if math.Abs(float64(got-v)) > float64(ws[i/4])/2+1e-9 {
			t.Errorf("weight %d: %g → %g, more than half a step (%g) off", i, v, got, ws[i/4])
		}
	}
	bs := floatData(byName["b_c_bscale"])
	if math.Abs(float64(bs[1]-0.02*ws[1])) > 1e-12 {
		t.Errorf("bias scale %g, want input scale × weight scale %g", bs[1], 0.02*ws[1])
	}
	if len(nodes) != 2 || n.Input[1] != "w_wdq" || n.Input[2] != "b_c_bdq" {
		t.Errorf("conv reads %v through %d DequantizeLinear nodes", n.Input, len(nodes))
	}
}
