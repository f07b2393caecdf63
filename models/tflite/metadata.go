package tflite

import (
	"encoding/binary"
	"fmt"

	flatbuffers "github.com/google/flatbuffers/go"
)

// WithMetadata returns a copy of the model buf with one more entry in its
// metadata list: name (e.g. "TFLITE_METADATA") pointing at a new buffer
// holding data.
//
// A flatbuffer's offsets to tables, vectors and strings only point
// forward, and a finished root table has no room for a field it was built
// without. So the new root table, its new buffers and metadata vectors,
// and the data are written in front of the old body, which moves back by
// a multiple of 16 bytes: every offset inside the old body is relative
// and stays valid, and every tensor buffer keeps its alignment. The old
// root table stays behind, unreferenced. Models whose buffers sit after
// the flatbuffer at absolute file offsets (over 2 GB) are refused.
func WithMetadata(buf []byte, name string, data []byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("malformed tflite flatbuffer: %v", r)
		}
	}()
	if len(buf) < 8 || string(buf[4:8]) != "TFL3" {
		return nil, fmt.Errorf("not a tflite model (missing TFL3 identifier)")
	}
	root := table(buf, flatbuffers.GetUOffsetT(buf))
	buffers := tables(&root, 4)
	for i := range buffers {
		if buffers[i].GetUint64Slot(slot(1), 0) > 1 {
			return nil, fmt.Errorf("buffer %d lies outside the flatbuffer: not supported", i)
		}
	}
	h := &head{b: append([]byte(nil), buf[:8]...)}
	h.rootTable(&root, buffers, tables(&root, 6), name, data)
	for len(h.b)%16 != 8 {
		h.b = append(h.b, 0)
	}
	shift := len(h.b) - 8
	for _, p := range h.old {
		binary.LittleEndian.PutUint32(h.b[p.at:], uint32(p.target+shift-p.at))
	}
	return append(h.b, buf[8:]...), nil
}

// head is the front of the new file being written: b holds its bytes
// from the start of the file; old lists its offsets into the old body,
// written once the body's new place is known.
type head struct {
	b   []byte
	old []ref
}

// ref is a uoffset at position at whose target is position target of the
// old file.
type ref struct{ at, target int }

func (h *head) align(n int) {
	for len(h.b)%n != 0 {
		h.b = append(h.b, 0)
	}
}

func (h *head) u32(v uint32) int {
	at := len(h.b)
	h.b = binary.LittleEndian.AppendUint32(h.b, v)
	return at
}

// link points the uoffset at to target, a position in the head.
func (h *head) link(at, target int) {
	binary.LittleEndian.PutUint32(h.b[at:], uint32(target-at))
}

// oldTarget is where field of the old table t points in the old file,
// when t has it.
func oldTarget(t *flatbuffers.Table, field int) (int, bool) {
	o := t.Offset(slot(field))
	if o == 0 {
		return 0, false
	}
	at := int(t.Pos) + int(o)
	return at + int(flatbuffers.GetUOffsetT(t.Bytes[at:])), true
}

// rootTable writes the new Model table (version, operator_codes,
// subgraphs, description, buffers, metadata, signature_defs) and what it
// alone references: the grown buffers and metadata vectors, the new
// Metadata and Buffer tables, the name and the data.
func (h *head) rootTable(root *flatbuffers.Table, buffers, metadata []flatbuffers.Table, name string, data []byte) {
	// Fields 0..7 of schema.fbs's Model. The deprecated metadata_buffer (5)
	// is dropped; fields the old root lacks stay absent.
	const fields = 8
	old := map[int]int{}
	for _, f := range []int{1, 2, 3, 7} {
		if target, ok := oldTarget(root, f); ok {
			old[f] = target
		}
	}
	present := func(f int) bool {
		_, ok := old[f]
		return ok || f == 0 || f == 4 || f == 6
	}
	h.align(4)
	vt := len(h.b)
	h.b = binary.LittleEndian.AppendUint16(h.b, uint16(4+2*fields))
	h.b = binary.LittleEndian.AppendUint16(h.b, uint16(4+4*fields))
	for f := 0; f < fields; f++ {
		off := 0
		if present(f) {
			off = 4 + 4*f
		}
		h.b = binary.LittleEndian.AppendUint16(h.b, uint16(off))
	}
	h.align(4)
	tab := len(h.b)
	h.link(0, tab) // the file's root offset
	h.b = binary.LittleEndian.AppendUint32(h.b, uint32(int32(tab-vt)))
	slots := make([]int, fields)
	for f := range slots {
		slots[f] = h.u32(0)
	}
	binary.LittleEndian.PutUint32(h.b[slots[0]:], root.GetUint32Slot(slot(0), 0))
	for f, target := range old {
		h.old = append(h.old, ref{slots[f], target})
	}
	vec, newBuffer := h.tableVector(buffers, 1)
	h.link(slots[4], vec)
	vec, newMeta := h.tableVector(metadata, 1)
	h.link(slots[6], vec)

	// Metadata { name:string; buffer:uint; }
	h.link(newMeta, h.tableN(2))
	nameSlot, bufSlot := len(h.b)-8, len(h.b)-4
	binary.LittleEndian.PutUint32(h.b[bufSlot:], uint32(len(buffers)))
	h.link(nameSlot, h.str(name))
	// Buffer { data:[ubyte] (force_align: 16); }
	h.link(newBuffer, h.tableN(1))
	dataSlot := len(h.b) - 4
	for (len(h.b)+4)%16 != 0 {
		h.b = append(h.b, 0)
	}
	h.link(dataSlot, h.u32(uint32(len(data))))
	h.b = append(h.b, data...)
}

// tableVector writes a vector of uoffsets to the old tables ts plus extra
// new elements: its position, and that of the first new element's slot.
func (h *head) tableVector(ts []flatbuffers.Table, extra int) (vec, first int) {
	h.align(4)
	vec = h.u32(uint32(len(ts) + extra))
	for _, t := range ts {
		h.old = append(h.old, ref{h.u32(0), int(t.Pos)})
	}
	first = len(h.b)
	for i := 0; i < extra; i++ {
		h.u32(0)
	}
	return vec, first
}

// tableN writes a vtable and a table of n 4-byte fields, returning the
// table's position (the fields are the last bytes written).
func (h *head) tableN(n int) int {
	h.align(4)
	vt := len(h.b)
	h.b = binary.LittleEndian.AppendUint16(h.b, uint16(4+2*n))
	h.b = binary.LittleEndian.AppendUint16(h.b, uint16(4+4*n))
	for f := 0; f < n; f++ {
		h.b = binary.LittleEndian.AppendUint16(h.b, uint16(4+4*f))
	}
	h.align(4)
	tab := len(h.b)
	h.b = binary.LittleEndian.AppendUint32(h.b, uint32(int32(tab-vt)))
	for f := 0; f < n; f++ {
		h.u32(0)
	}
	return tab
}

// str writes a flatbuffer string and returns its position.
func (h *head) str(s string) int {
	h.align(4)
	at := h.u32(uint32(len(s)))
	h.b = append(h.b, s...)
	h.b = append(h.b, 0)
	return at
}
