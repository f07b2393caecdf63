package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/advancedclimatesystems/gonnx/onnx"
	ort "github.com/yalue/onnxruntime_go"
	"google.golang.org/protobuf/proto"
)

// readCrops loads calibration inputs: files of 256×256×3 bytes (RGB × 255,
// as server/inference's TestWriteCalibrationCrops writes them).
func readCrops(dir string, n int) ([][]float32, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.rgb"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no .rgb crops in %s", dir)
	}
	if n > 0 && len(files) > n {
		// Spread the pick over the whole set: it is in video order.
		picked := make([]string, n)
		for i := range n {
			picked[i] = files[i*len(files)/n]
		}
		files = picked
	}
	var crops [][]float32
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		c := make([]float32, len(b))
		for i, v := range b {
			c[i] = float32(v) / 255
		}
		crops = append(crops, c)
	}
	return crops, nil
}

// calibrate runs the float model on every crop with each node's output
// exposed and returns each value's range: the mean over crops of each
// crop's minimum and maximum when mean is set (one outlying crop then
// does not stretch a tensor's scale for all the others), else the
// overall minimum and maximum.
func calibrate(m *onnx.ModelProto, input string, shape []int64, crops [][]float32, mean bool) (map[string]span, error) {
	cm := proto.Clone(m).(*onnx.ModelProto)
	have := map[string]bool{}
	for _, o := range cm.Graph.Output {
		have[o.Name] = true
	}
	var names []string
	for _, n := range cm.Graph.Node {
		for _, o := range n.Output {
			names = append(names, o)
			if !have[o] {
				cm.Graph.Output = append(cm.Graph.Output, &onnx.ValueInfoProto{Name: o, Type: &onnx.TypeProto{Value: &onnx.TypeProto_TensorType{TensorType: &onnx.TypeProto_Tensor{ElemType: int32(onnx.TensorProto_FLOAT)}}}})
			}
		}
	}
	b, err := proto.Marshal(cm)
	if err != nil {
		return nil, err
	}
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, err
	}
	defer so.Destroy()
	s, err := ort.NewDynamicAdvancedSessionWithONNXData(b, []string{input}, names, so)
	if err != nil {
		return nil, fmt.Errorf("calibration session: %w", err)
	}
	defer s.Destroy()
	in, err := ort.NewEmptyTensor[float32](ort.NewShape(shape...))
	if err != nil {
		return nil, err
	}
	defer in.Destroy()

	spans := map[string]span{}
	sums := map[string][2]float64{}
	for k, c := range crops {
		copy(in.GetData(), c)
		outs := make([]ort.Value, len(names))
		if err := s.Run([]ort.Value{in}, outs); err != nil {
			return nil, fmt.Errorf("crop %d: %w", k, err)
		}
		for i, v := range outs {
			t, ok := v.(*ort.Tensor[float32])
			if !ok {
				v.Destroy()
				continue
			}
			d := t.GetData()
			lo, hi := d[0], d[0]
			for _, x := range d {
				lo, hi = min(lo, x), max(hi, x)
			}
			sp, seen := spans[names[i]]
			if !seen {
				sp = span{lo, hi}
			}
			spans[names[i]] = span{min(sp.lo, lo), max(sp.hi, hi)}
			sm := sums[names[i]]
			sums[names[i]] = [2]float64{sm[0] + float64(lo), sm[1] + float64(hi)}
			v.Destroy()
		}
	}
	if mean {
		for name, sm := range sums {
			spans[name] = span{float32(sm[0] / float64(len(crops))), float32(sm[1] / float64(len(crops)))}
		}
	}
	return spans, nil
}
