// Package tflite reads the parts of a TensorFlow Lite model that a
// converter needs: tensors, buffers, operators and their options.
//
// Field indices follow tensorflow/lite/schema/schema.fbs. A union field
// takes two vtable slots (its type, then its value), which is why
// Operator's builtin_options sits at field 4.
package tflite

import (
	"encoding/binary"
	"fmt"
	"math"

	flatbuffers "github.com/google/flatbuffers/go"
)

// TensorType is schema.fbs's TensorType enum.
type TensorType int8

const (
	Float32 TensorType = 0
	Float16 TensorType = 1
	Int32   TensorType = 2
	Uint8   TensorType = 3
	Int64   TensorType = 4
	Int8    TensorType = 9
)

func (t TensorType) String() string {
	switch t {
	case Float32:
		return "FLOAT32"
	case Float16:
		return "FLOAT16"
	case Int32:
		return "INT32"
	case Uint8:
		return "UINT8"
	case Int64:
		return "INT64"
	case Int8:
		return "INT8"
	}
	return fmt.Sprintf("TensorType(%d)", int8(t))
}

// Model is one TFLite model's main subgraph.
type Model struct {
	Version   uint32
	Tensors   []Tensor
	Operators []Operator
	Inputs    []int32
	Outputs   []int32
}

// Tensor is a TFLite tensor; Data is nil for activations.
type Tensor struct {
	Name     string
	Shape    []int32
	Type     TensorType
	Data     []byte
	Sparsity *Sparsity
}

// Sparsity is schema.fbs's SparsityParameters.
type Sparsity struct {
	TraversalOrder []int32
	BlockMap       []int32
	Dims           []DimMetadata
}

// DimMetadata is one dimension of a sparse tensor: dense (DenseSize
// elements) or CSR (Segments/Indices).
type DimMetadata struct {
	Sparse    bool
	DenseSize int32
	Segments  []int32
	Indices   []int32
}

// Operator is one node of the graph. Inputs of -1 mean "optional, absent".
type Operator struct {
	Builtin BuiltinOp
	Custom  string
	Version int32
	Inputs  []int32
	Outputs []int32
	Options Options
}

// Options gives typed access to an operator's builtin options table.
type Options struct {
	t  flatbuffers.Table
	ok bool
}

func slot(field int) flatbuffers.VOffsetT { return flatbuffers.VOffsetT(4 + 2*field) }

// Int32 returns option field as int32, or def when absent.
func (o Options) Int32(field int, def int32) int32 {
	if !o.ok {
		return def
	}
	return o.t.GetInt32Slot(slot(field), def)
}

// Int8 returns option field as int8 (enums such as padding), or def.
func (o Options) Int8(field int, def int8) int8 {
	if !o.ok {
		return def
	}
	return o.t.GetInt8Slot(slot(field), def)
}

// Bool returns option field as bool, or def when absent.
func (o Options) Bool(field int, def bool) bool {
	if !o.ok {
		return def
	}
	return o.t.GetBoolSlot(slot(field), def)
}

// Int32s returns an int32 vector option field (nil when absent).
func (o Options) Int32s(field int) []int32 {
	if !o.ok {
		return nil
	}
	return int32Vector(&o.t, field)
}

// Read parses a TFLite flatbuffer. Malformed input gives an error, not a panic.
func Read(buf []byte) (m *Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("malformed tflite flatbuffer: %v", r)
		}
	}()
	if len(buf) < 8 || string(buf[4:8]) != "TFL3" {
		return nil, fmt.Errorf("not a tflite model (missing TFL3 identifier)")
	}
	root := table(buf, flatbuffers.GetUOffsetT(buf))
	m = &Model{Version: root.GetUint32Slot(slot(0), 0)}

	codes := tables(&root, 1)
	buffers := tables(&root, 4)
	subgraphs := tables(&root, 2)
	if len(subgraphs) != 1 {
		return nil, fmt.Errorf("want 1 subgraph, model has %d", len(subgraphs))
	}
	sg := subgraphs[0]
	m.Inputs = int32Vector(&sg, 1)
	m.Outputs = int32Vector(&sg, 2)

	for _, tt := range tables(&sg, 0) {
		t := Tensor{
			Shape: int32Vector(&tt, 0),
			Type:  TensorType(tt.GetInt8Slot(slot(1), 0)),
			Name:  stringField(&tt, 3),
		}
		bi := int(tt.GetUint32Slot(slot(2), 0))
		if bi > 0 && bi < len(buffers) {
			if d := byteVector(&buffers[bi], 0); len(d) > 0 {
				t.Data = d
			} else if off := buffers[bi].GetUint64Slot(slot(1), 0); off > 1 {
				// Large models keep buffers after the flatbuffer (offset/size).
				size := buffers[bi].GetUint64Slot(slot(2), 0)
				if off+size > uint64(len(buf)) {
					return nil, fmt.Errorf("tensor %q: buffer beyond end of file", t.Name)
				}
				t.Data = buf[off : off+size]
			}
		}
		if sp, ok := subTable(&tt, 6); ok {
			t.Sparsity = readSparsity(&sp)
		}
		m.Tensors = append(m.Tensors, t)
	}

	for _, ot := range tables(&sg, 3) {
		ci := int(ot.GetUint32Slot(slot(0), 0))
		if ci >= len(codes) {
			return nil, fmt.Errorf("operator code index %d out of range", ci)
		}
		code := &codes[ci]
		builtin := int32(code.GetInt8Slot(slot(0), 0))
		if b := code.GetInt32Slot(slot(3), 0); b > builtin {
			builtin = b // deprecated_builtin_code saturates at 127
		}
		op := Operator{
			Builtin: BuiltinOp(builtin),
			Custom:  stringField(code, 1),
			Version: code.GetInt32Slot(slot(2), 1),
			Inputs:  int32Vector(&ot, 1),
			Outputs: int32Vector(&ot, 2),
		}
		if opt, ok := subTable(&ot, 4); ok {
			op.Options = Options{t: opt, ok: true}
		}
		m.Operators = append(m.Operators, op)
	}
	return m, nil
}

func readSparsity(sp *flatbuffers.Table) *Sparsity {
	s := &Sparsity{TraversalOrder: int32Vector(sp, 0), BlockMap: int32Vector(sp, 1)}
	for _, dm := range tables(sp, 2) {
		d := DimMetadata{Sparse: dm.GetInt8Slot(slot(0), 0) == 1, DenseSize: dm.GetInt32Slot(slot(1), 0)}
		if d.Sparse {
			d.Segments = indexVector(&dm, 2)
			d.Indices = indexVector(&dm, 4)
		}
		s.Dims = append(s.Dims, d)
	}
	return s
}

// indexVector reads a SparseIndexVector union (type at field, value at field+1):
// Int32Vector=1, Uint16Vector=2, Uint8Vector=3, each a table with `values` at field 0.
func indexVector(t *flatbuffers.Table, field int) []int32 {
	kind := t.GetUint8Slot(slot(field), 0)
	v, ok := subTable(t, field+1)
	if !ok {
		return nil
	}
	o := flatbuffers.UOffsetT(v.Offset(slot(0)))
	if o == 0 {
		return nil
	}
	n := v.VectorLen(o)
	start := v.Vector(o)
	out := make([]int32, n)
	for i := range out {
		switch kind {
		case 1:
			out[i] = int32(binary.LittleEndian.Uint32(v.Bytes[int(start)+4*i:]))
		case 2:
			out[i] = int32(binary.LittleEndian.Uint16(v.Bytes[int(start)+2*i:]))
		case 3:
			out[i] = int32(v.Bytes[int(start)+i])
		default:
			panic(fmt.Sprintf("unknown sparse index vector type %d", kind))
		}
	}
	return out
}

func table(buf []byte, pos flatbuffers.UOffsetT) flatbuffers.Table {
	return flatbuffers.Table{Bytes: buf, Pos: pos}
}

func subTable(t *flatbuffers.Table, field int) (flatbuffers.Table, bool) {
	o := flatbuffers.UOffsetT(t.Offset(slot(field)))
	if o == 0 {
		return flatbuffers.Table{}, false
	}
	return table(t.Bytes, t.Indirect(o+t.Pos)), true
}

func tables(t *flatbuffers.Table, field int) []flatbuffers.Table {
	o := flatbuffers.UOffsetT(t.Offset(slot(field)))
	if o == 0 {
		return nil
	}
	n := t.VectorLen(o)
	start := t.Vector(o)
	out := make([]flatbuffers.Table, n)
	for i := range out {
		p := start + flatbuffers.UOffsetT(4*i)
		out[i] = table(t.Bytes, t.Indirect(p))
	}
	return out
}

func int32Vector(t *flatbuffers.Table, field int) []int32 {
	o := flatbuffers.UOffsetT(t.Offset(slot(field)))
	if o == 0 {
		return nil
	}
	n := t.VectorLen(o)
	start := int(t.Vector(o))
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(binary.LittleEndian.Uint32(t.Bytes[start+4*i:]))
	}
	return out
}

func byteVector(t *flatbuffers.Table, field int) []byte {
	o := flatbuffers.UOffsetT(t.Offset(slot(field)))
	if o == 0 {
		return nil
	}
	return t.ByteVector(o + t.Pos)
}

func stringField(t *flatbuffers.Table, field int) string {
	o := flatbuffers.UOffsetT(t.Offset(slot(field)))
	if o == 0 {
		return ""
	}
	return t.String(o + t.Pos)
}

// Float32s decodes a little-endian float32 buffer.
func Float32s(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// Int32s decodes a little-endian int32 buffer.
func Int32s(b []byte) []int32 {
	out := make([]int32, len(b)/4)
	for i := range out {
		out[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// Float16s decodes IEEE half floats to float32.
func Float16s(b []byte) []float32 {
	out := make([]float32, len(b)/2)
	for i := range out {
		out[i] = halfToFloat(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return out
}

func halfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0 && mant == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: renormalise
		e := uint32(127 - 15 + 1)
		for mant&0x400 == 0 {
			mant <<= 1
			e--
		}
		mant &= 0x3ff
		return math.Float32frombits(sign | e<<23 | mant<<13)
	case exp == 0x1f:
		return math.Float32frombits(sign | 0xff<<23 | mant<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
}
