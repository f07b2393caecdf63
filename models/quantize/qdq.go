package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/advancedclimatesystems/gonnx/onnx"
)

// span is the range of values a tensor takes.
type span struct{ lo, hi float32 }

// qparams are an activation's per-tensor uint8 quantization: real =
// scale × (q − zero).
type qparams struct {
	scale float32
	zero  uint8
}

// Config chooses how the graph is quantized.
type Config struct {
	// WeightBits is 8, or 7 to keep AVX2's u8×s8 pair sums (VPMADDUBSW)
	// from saturating on CPUs without VNNI.
	WeightBits int
	// FloatHeads keeps the regression heads (the convolutions that feed
	// the model's outputs) in float: their errors land on the keypoints
	// directly, and they are a small part of the time.
	FloatHeads bool
	// WeightsOnly, a diagnostic, quantizes the weights alone (activations
	// and biases stay float) of "all" convolutions, or only the
	// "depthwise" or the "pointwise" ones: it separates weight error from
	// activation error, and one kind of layer from the other.
	WeightsOnly string
	// FloatDepthwise leaves depthwise convolutions' weights in float. ONNX
	// Runtime 1.30 quantizes them itself (per tensor) when the convolution
	// sits between a DQ and a Q, so this does not keep them in float there.
	FloatDepthwise bool
}

// quantizable ops read quantized activations; ONNX Runtime fuses
// DQ → op → Q into its integer kernels (QLinearConv, QLinearAdd) or drops
// the pair around MaxPool when both sides share scale and zero point.
var quantizable = map[string]bool{"Conv": true, "Add": true, "MaxPool": true}

// graphIndex answers who produces and who reads each value.
type graphIndex struct {
	inits     map[string]*onnx.TensorProto
	producer  map[string]*onnx.NodeProto
	consumers map[string][]*onnx.NodeProto
}

func index(g *onnx.GraphProto) *graphIndex {
	ix := &graphIndex{inits: map[string]*onnx.TensorProto{}, producer: map[string]*onnx.NodeProto{}, consumers: map[string][]*onnx.NodeProto{}}
	for _, t := range g.Initializer {
		ix.inits[t.Name] = t
	}
	for _, n := range g.Node {
		for _, o := range n.Output {
			ix.producer[o] = n
		}
		for _, in := range n.Input {
			ix.consumers[in] = append(ix.consumers[in], n)
		}
	}
	return ix
}

// isHead reports a convolution whose output no quantizable op reads: one
// of the model's regression heads.
func (ix *graphIndex) isHead(n *onnx.NodeProto) bool {
	if n.OpType != "Conv" {
		return false
	}
	for _, c := range ix.consumers[n.Output[0]] {
		if quantizable[c.OpType] || c.OpType == "Clip" {
			return false
		}
	}
	return true
}

// foldPads moves every zero, spatial-only Pad that only convolutions read
// into those convolutions' pads: one op less, and a Pad between the
// quantized tensors would stay a float op between a DQ and a Q.
func foldPads(g *onnx.GraphProto) error {
	ix := index(g)
	var drop []*onnx.NodeProto
	for _, n := range g.Node {
		if n.OpType != "Pad" || len(n.Input) > 2 || attrString(n, "mode", "constant") != "constant" {
			continue
		}
		p, ok := ix.inits[n.Input[1]]
		if !ok {
			continue
		}
		pads := int64Data(p)
		if len(pads) != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0 {
			continue
		}
		cs := ix.consumers[n.Output[0]]
		if len(cs) == 0 || slices.ContainsFunc(cs, func(c *onnx.NodeProto) bool { return c.OpType != "Conv" }) {
			continue
		}
		for _, c := range cs {
			a := attr(c, "pads")
			if a == nil {
				a = &onnx.AttributeProto{Name: "pads", Type: onnx.AttributeProto_INTS, Ints: make([]int64, 4)}
				c.Attribute = append(c.Attribute, a)
			}
			a.Ints[0] += pads[2]
			a.Ints[1] += pads[3]
			a.Ints[2] += pads[6]
			a.Ints[3] += pads[7]
			c.Input[0] = n.Input[0]
		}
		drop = append(drop, n)
	}
	g.Node = slices.DeleteFunc(g.Node, func(n *onnx.NodeProto) bool { return slices.Contains(drop, n) })
	return nil
}

// foldClips removes each Clip that is the only reader of a Conv's or an
// Add's output: the producer writes the Clip's output directly, and the
// clip's bounds go into that tensor's quantization range (zero point at
// the lower bound), where the QuantizeLinear's saturation applies them.
func foldClips(g *onnx.GraphProto) (map[string]span, error) {
	ix := index(g)
	bounds := map[string]span{}
	var drop []*onnx.NodeProto
	for _, n := range g.Node {
		if n.OpType != "Clip" || len(n.Input) != 3 {
			continue
		}
		p := ix.producer[n.Input[0]]
		if p == nil || (p.OpType != "Conv" && p.OpType != "Add") || len(ix.consumers[n.Input[0]]) != 1 {
			continue
		}
		lo, okLo := ix.inits[n.Input[1]]
		hi, okHi := ix.inits[n.Input[2]]
		if !okLo || !okHi {
			return nil, fmt.Errorf("clip %s: bounds are not constants", n.Name)
		}
		p.Output[0] = n.Output[0]
		bounds[n.Output[0]] = span{floatData(lo)[0], floatData(hi)[0]}
		drop = append(drop, n)
	}
	g.Node = slices.DeleteFunc(g.Node, func(n *onnx.NodeProto) bool { return slices.Contains(drop, n) })
	return bounds, nil
}

// activationParams maps a calibrated span (widened to hold 0, narrowed to
// any folded clip) to uint8 parameters.
func activationParams(s span, b span, clipped bool) qparams {
	lo, hi := min(s.lo, 0), max(s.hi, 0)
	if clipped {
		lo, hi = max(lo, b.lo), min(hi, b.hi)
	}
	if hi-lo < 1e-8 {
		hi = lo + 1e-8
	}
	scale := (hi - lo) / 255
	zero := math.Round(float64(-lo / scale))
	return qparams{scale: scale, zero: uint8(min(max(zero, 0), 255))}
}

// Quantize rewrites the float model m in place as a QDQ model: uint8
// activations with per-tensor ranges from spans (calibration, keyed by the
// float graph's value names), int8 symmetric per-output-channel weights
// and int32 biases on every convolution but the heads (with FloatHeads).
func Quantize(m *onnx.ModelProto, spans map[string]span, cfg Config) error {
	g := m.Graph
	if cfg.WeightsOnly != "" {
		return quantizeWeightsOnly(g, cfg)
	}
	if err := foldPads(g); err != nil {
		return err
	}
	bounds, err := foldClips(g)
	if err != nil {
		return err
	}
	ix := index(g)
	qmax := float32(int(1)<<(cfg.WeightBits-1) - 1)

	// Which activations get a Q/DQ pair: every input of a quantized op and
	// every output of a quantized Conv or Add.
	quantized := func(n *onnx.NodeProto) bool {
		if cfg.FloatDepthwise && depthwise(n) {
			return false
		}
		return quantizable[n.OpType] && !(cfg.FloatHeads && ix.isHead(n))
	}
	params := map[string]qparams{}
	want := func(t string) error {
		if _, ok := params[t]; ok || ix.inits[t] != nil {
			return nil
		}
		s, ok := spans[t]
		if !ok {
			return fmt.Errorf("no calibrated range for %q", t)
		}
		b, clipped := bounds[t]
		params[t] = activationParams(s, b, clipped)
		return nil
	}
	for _, n := range g.Node {
		if !quantized(n) {
			continue
		}
		if n.OpType == "Conv" || n.OpType == "Add" {
			ins := n.Input[:2] // an Add's two operands
			if n.OpType == "Conv" {
				ins = n.Input[:1] // weights and bias are handled by quantizeConv
			}
			for _, in := range ins {
				if err := want(in); err != nil {
					return err
				}
			}
			if ix.isHead(n) {
				continue // a quantized head still hands the outputs floats
			}
			if err := want(n.Output[0]); err != nil {
				return err
			}
		}
	}
	// MaxPool picks one of its inputs: its output shares the input's
	// parameters, so the Q/DQ pair around it cancels.
	for _, n := range g.Node {
		if n.OpType == "MaxPool" {
			if err := want(n.Input[0]); err != nil {
				return err
			}
			params[n.Output[0]] = params[n.Input[0]]
		}
	}

	var inits []*onnx.TensorProto
	addInit := func(t *onnx.TensorProto) string { inits = append(inits, t); return t.Name }
	dq := map[string]string{} // activation → its dequantized name
	var nodes []*onnx.NodeProto
	emitQDQ := func(t string) {
		p := params[t]
		s := addInit(floatTensor(t+"_scale", nil, []float32{p.scale}))
		z := addInit(&onnx.TensorProto{Name: t + "_zero", DataType: int32(onnx.TensorProto_UINT8), RawData: []byte{p.zero}})
		nodes = append(nodes,
			&onnx.NodeProto{OpType: "QuantizeLinear", Name: t + "_Q", Input: []string{t, s, z}, Output: []string{t + "_q"}},
			&onnx.NodeProto{OpType: "DequantizeLinear", Name: t + "_DQ", Input: []string{t + "_q", s, z}, Output: []string{t + "_dq"}})
		dq[t] = t + "_dq"
	}
	for _, t := range g.Input {
		if _, ok := params[t.Name]; ok {
			emitQDQ(t.Name)
		}
	}
	for _, n := range g.Node {
		for i, in := range n.Input {
			if d, ok := dq[in]; ok {
				n.Input[i] = d
			}
		}
		if n.OpType == "Conv" && quantized(n) {
			x := params[undq(n.Input[0])]
			if err := quantizeConv(n, ix, x, qmax, addInit, &nodes); err != nil {
				return fmt.Errorf("conv %s: %w", n.Name, err)
			}
		}
		nodes = append(nodes, n)
		for _, o := range n.Output {
			if _, ok := params[o]; ok {
				emitQDQ(o)
			}
		}
	}
	g.Node = nodes
	// Keep the initializers still read (the float weights of quantized
	// convolutions are not).
	read := map[string]bool{}
	for _, n := range nodes {
		for _, in := range n.Input {
			read[in] = true
		}
	}
	g.Initializer = slices.DeleteFunc(g.Initializer, func(t *onnx.TensorProto) bool { return !read[t.Name] })
	g.Initializer = append(g.Initializer, inits...)
	return nil
}

// depthwise reports a grouped convolution (BlazePose's only kind: one
// group per channel).
func depthwise(n *onnx.NodeProto) bool {
	a := attr(n, "group")
	return n.OpType == "Conv" && a != nil && a.I > 1
}

func quantizeWeightsOnly(g *onnx.GraphProto, cfg Config) error {
	ix := index(g)
	qmax := float32(int(1)<<(cfg.WeightBits-1) - 1)
	var inits []*onnx.TensorProto
	addInit := func(t *onnx.TensorProto) string { inits = append(inits, t); return t.Name }
	var nodes []*onnx.NodeProto
	for _, n := range g.Node {
		dw := depthwise(n)
		if n.OpType == "Conv" && !(cfg.FloatHeads && ix.isHead(n)) &&
			(cfg.WeightsOnly == "all" || (cfg.WeightsOnly == "depthwise") == dw) {
			bias := ""
			if len(n.Input) > 2 {
				bias = n.Input[2]
				n.Input = n.Input[:2]
			}
			if err := quantizeConv(n, ix, qparams{}, qmax, addInit, &nodes); err != nil {
				return err
			}
			if bias != "" {
				n.Input = append(n.Input, bias)
			}
		}
		nodes = append(nodes, n)
	}
	g.Node = nodes
	g.Initializer = append(g.Initializer, inits...)
	return nil
}

// undq is the activation name behind a dequantized name.
func undq(name string) string {
	n, _ := strings.CutSuffix(name, "_dq")
	return n
}

// quantizeConv replaces n's float weights and bias with int8 weights
// (symmetric, one scale per output channel) and int32 biases (scale =
// input scale × weight scale, as QLinearConv requires), each behind a
// DequantizeLinear on axis 0.
func quantizeConv(n *onnx.NodeProto, ix *graphIndex, x qparams, qmax float32, addInit func(*onnx.TensorProto) string, nodes *[]*onnx.NodeProto) error {
	wt, ok := ix.inits[n.Input[1]]
	if !ok {
		return fmt.Errorf("weights %q are not a constant", n.Input[1])
	}
	w := floatData(wt)
	cout := int(wt.Dims[0])
	per := len(w) / cout
	scales := make([]float32, cout)
	wq := make([]byte, len(w))
	for c := range cout {
		var m float32
		for _, v := range w[c*per : (c+1)*per] {
			m = max(m, float32(math.Abs(float64(v))))
		}
		s := m / qmax
		if s == 0 {
			s = 1 // an all-zero channel: any scale reproduces it
		}
		scales[c] = s
		for i, v := range w[c*per : (c+1)*per] {
			q := math.Round(float64(v / s))
			wq[c*per+i] = byte(int8(min(max(q, -float64(qmax)), float64(qmax))))
		}
	}
	base := n.Input[1]
	ws := addInit(floatTensor(base+"_wscale", []int64{int64(cout)}, scales))
	wz := addInit(&onnx.TensorProto{Name: base + "_wzero", Dims: []int64{int64(cout)}, DataType: int32(onnx.TensorProto_INT8), RawData: make([]byte, cout)})
	wn := addInit(&onnx.TensorProto{Name: base + "_wq", Dims: wt.Dims, DataType: int32(onnx.TensorProto_INT8), RawData: wq})
	*nodes = append(*nodes, &onnx.NodeProto{OpType: "DequantizeLinear", Name: base + "_wDQ", Input: []string{wn, ws, wz}, Output: []string{base + "_wdq"},
		Attribute: []*onnx.AttributeProto{{Name: "axis", Type: onnx.AttributeProto_INT, I: 0}}})
	n.Input[1] = base + "_wdq"
	if len(n.Input) < 3 || n.Input[2] == "" {
		return nil
	}
	bt, ok := ix.inits[n.Input[2]]
	if !ok {
		return fmt.Errorf("bias %q is not a constant", n.Input[2])
	}
	b := floatData(bt)
	bs := make([]float32, cout)
	bq := make([]byte, 4*cout)
	for c := range cout {
		bs[c] = x.scale * scales[c]
		q := math.Round(float64(b[c] / bs[c]))
		binary.LittleEndian.PutUint32(bq[4*c:], uint32(int32(min(max(q, math.MinInt32), math.MaxInt32))))
	}
	bbase := n.Input[2] + "_" + n.Name
	bsn := addInit(floatTensor(bbase+"_bscale", []int64{int64(cout)}, bs))
	bz := addInit(&onnx.TensorProto{Name: bbase + "_bzero", Dims: []int64{int64(cout)}, DataType: int32(onnx.TensorProto_INT32), RawData: make([]byte, 4*cout)})
	bn := addInit(&onnx.TensorProto{Name: bbase + "_bq", Dims: []int64{int64(cout)}, DataType: int32(onnx.TensorProto_INT32), RawData: bq})
	*nodes = append(*nodes, &onnx.NodeProto{OpType: "DequantizeLinear", Name: bbase + "_bDQ", Input: []string{bn, bsn, bz}, Output: []string{bbase + "_bdq"},
		Attribute: []*onnx.AttributeProto{{Name: "axis", Type: onnx.AttributeProto_INT, I: 0}}})
	n.Input[2] = bbase + "_bdq"
	return nil
}

func attr(n *onnx.NodeProto, name string) *onnx.AttributeProto {
	for _, a := range n.Attribute {
		if a.Name == name {
			return a
		}
	}
	return nil
}

func attrString(n *onnx.NodeProto, name, def string) string {
	if a := attr(n, name); a != nil {
		return string(a.S)
	}
	return def
}

func int64Data(t *onnx.TensorProto) []int64 {
	if len(t.RawData) == 0 {
		return t.Int64Data
	}
	out := make([]int64, len(t.RawData)/8)
	for i := range out {
		out[i] = int64(binary.LittleEndian.Uint64(t.RawData[8*i:]))
	}
	return out
}

func floatData(t *onnx.TensorProto) []float32 {
	if len(t.RawData) == 0 {
		return t.FloatData
	}
	out := make([]float32, len(t.RawData)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.RawData[4*i:]))
	}
	return out
}

func floatTensor(name string, dims []int64, v []float32) *onnx.TensorProto {
	raw := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(x))
	}
	return &onnx.TensorProto{Name: name, Dims: dims, DataType: int32(onnx.TensorProto_FLOAT), RawData: raw}
}
