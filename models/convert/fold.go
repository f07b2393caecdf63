package main

import (
	"fmt"

	"motionlab/models/tflite"
)

// constantOf returns tensor t as a folded constant: raw weights straight
// from the file, or the result of DENSIFY/DEQUANTIZE already folded.
func (g *graph) constantOf(t int32) (*constant, error) {
	if c, ok := g.consts[int(t)]; ok {
		return c, nil
	}
	tt := &g.m.Tensors[t]
	if tt.Data == nil {
		return nil, fmt.Errorf("tensor %q is not constant", tt.Name)
	}
	if tt.Sparsity != nil {
		return nil, fmt.Errorf("tensor %q is sparse; only DENSIFY may read it", tt.Name)
	}
	c := &constant{shape: g.shape(t)}
	switch tt.Type {
	case tflite.Float32:
		c.f32 = tflite.Float32s(tt.Data)
	case tflite.Float16:
		c.f32 = tflite.Float16s(tt.Data)
	case tflite.Int32:
		c.i32, c.isInt = tflite.Int32s(tt.Data), true
	default:
		return nil, fmt.Errorf("tensor %q: constant type %s not supported", tt.Name, tt.Type)
	}
	if n := numel(c.shape); (c.isInt && len(c.i32) != n) || (!c.isInt && len(c.f32) != n) {
		return nil, fmt.Errorf("tensor %q: %d values for shape %v", tt.Name, max(len(c.i32), len(c.f32)), c.shape)
	}
	g.consts[int(t)] = c
	return c, nil
}

func (g *graph) isConst(t int32) bool {
	_, ok := g.consts[int(t)]
	return ok || g.m.Tensors[t].Data != nil
}

// foldDequantize: fp16 weights become fp32 at conversion time.
func foldDequantize(g *graph, op *tflite.Operator) error {
	in := op.Inputs[0]
	if !g.isConst(in) {
		return fmt.Errorf("DEQUANTIZE of a non-constant tensor is not supported")
	}
	c, err := g.constantOf(in)
	if err != nil {
		return err
	}
	if c.isInt {
		return fmt.Errorf("DEQUANTIZE of integer (quantized) weights is not supported")
	}
	g.consts[int(op.Outputs[0])] = &constant{shape: c.shape, f32: c.f32}
	return nil
}

// foldDensify expands a sparse constant to its dense form, following the
// traversal order and block map of TFLite's SparsityParameters.
func foldDensify(g *graph, op *tflite.Operator) error {
	tt := &g.m.Tensors[op.Inputs[0]]
	sp := tt.Sparsity
	if sp == nil || tt.Data == nil {
		return fmt.Errorf("DENSIFY input %q is not a sparse constant", tt.Name)
	}
	var vals []float32
	switch tt.Type {
	case tflite.Float32:
		vals = tflite.Float32s(tt.Data)
	case tflite.Float16:
		vals = tflite.Float16s(tt.Data)
	default:
		return fmt.Errorf("DENSIFY of %s is not supported", tt.Type)
	}
	shape := g.shape(op.Inputs[0])
	dense, err := densify(vals, shape, sp)
	if err != nil {
		return fmt.Errorf("densify %q: %w", tt.Name, err)
	}
	g.consts[int(op.Outputs[0])] = &constant{shape: shape, f32: dense}
	return nil
}

func densify(vals []float32, shape []int, sp *tflite.Sparsity) ([]float32, error) {
	rank := len(shape)
	levels := len(sp.TraversalOrder)
	if len(sp.Dims) != levels || levels != rank+len(sp.BlockMap) {
		return nil, fmt.Errorf("inconsistent sparsity: %d levels, %d dims, rank %d, %d blocks", levels, len(sp.Dims), rank, len(sp.BlockMap))
	}
	blockSize := make([]int, len(sp.BlockMap))
	for i := range blockSize {
		// Block dimensions come after the original ones in traversal order.
		for l, d := range sp.TraversalOrder {
			if int(d) == rank+i {
				blockSize[i] = int(sp.Dims[l].DenseSize)
			}
		}
	}
	out := make([]float32, numel(shape))
	idx := make([]int, levels)
	orig := make([]int, rank)
	next := 0
	var walk func(level, prev int) error
	walk = func(level, prev int) error {
		if level == levels {
			for i := 0; i < rank; i++ {
				orig[sp.TraversalOrder[i]] = idx[i]
			}
			for i := rank; i < levels; i++ {
				b := int(sp.TraversalOrder[i]) - rank
				d := sp.BlockMap[b]
				orig[d] = orig[d]*blockSize[b] + idx[i]
			}
			flat := 0
			for i, v := range orig {
				if v >= shape[i] {
					return fmt.Errorf("index %v outside shape %v", orig, shape)
				}
				flat = flat*shape[i] + v
			}
			if next >= len(vals) {
				return fmt.Errorf("sparse data has only %d values", len(vals))
			}
			out[flat] = vals[next]
			next++
			return nil
		}
		dm := sp.Dims[level]
		if !dm.Sparse {
			n := int(dm.DenseSize)
			for i := 0; i < n; i++ {
				idx[level] = i
				if err := walk(level+1, prev*n+i); err != nil {
					return err
				}
			}
			return nil
		}
		if prev+1 >= len(dm.Segments) {
			return fmt.Errorf("segment %d out of range", prev)
		}
		for i := dm.Segments[prev]; i < dm.Segments[prev+1]; i++ {
			idx[level] = int(dm.Indices[i])
			if err := walk(level+1, int(i)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(0, 0); err != nil {
		return nil, err
	}
	if next != len(vals) {
		return nil, fmt.Errorf("used %d of %d sparse values", next, len(vals))
	}
	return out, nil
}

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}
