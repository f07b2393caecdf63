package mp4

import "errors"

// bitReader reads an H.264 RBSP (emulation prevention removed) bit by bit,
// with the Exp-Golomb codes of the spec (ue(v), se(v)).
type bitReader struct {
	b   []byte
	pos int // in bits
	err error
}

var errShortSPS = errors.New("mp4: SPS ends early")

func (r *bitReader) bit() uint32 {
	if r.pos >= 8*len(r.b) {
		r.err = errShortSPS
		return 0
	}
	v := uint32(r.b[r.pos/8]>>(7-r.pos%8)) & 1
	r.pos++
	return v
}

func (r *bitReader) bits(n int) uint32 {
	var v uint32
	for range n {
		v = v<<1 | r.bit()
	}
	return v
}

func (r *bitReader) ue() uint32 {
	zeros := 0
	for r.bit() == 0 {
		if zeros++; zeros > 31 || r.err != nil {
			r.err = errShortSPS
			return 0
		}
	}
	return (1<<zeros - 1) + r.bits(zeros)
}

func (r *bitReader) se() int32 {
	k := r.ue()
	if k%2 == 1 {
		return int32(k/2 + 1)
	}
	return -int32(k / 2)
}

// bitWriter appends bits.
type bitWriter struct {
	b []byte
	n int // bits written
}

func (w *bitWriter) bit(v uint32) {
	if w.n%8 == 0 {
		w.b = append(w.b, 0)
	}
	if v&1 == 1 {
		w.b[len(w.b)-1] |= 1 << (7 - w.n%8)
	}
	w.n++
}

func (w *bitWriter) ue(v uint32) {
	x := uint64(v) + 1
	n := 0
	for t := x; t > 1; t >>= 1 {
		n++
	}
	for range n {
		w.bit(0)
	}
	for i := n; i >= 0; i-- {
		w.bit(uint32(x >> i))
	}
}

// copyBits appends bits [from, to) of b.
func (w *bitWriter) copyBits(b []byte, from, to int) {
	for i := from; i < to; i++ {
		w.bit(uint32(b[i/8] >> (7 - i%8)))
	}
}

// unescape removes emulation prevention bytes (00 00 03 → 00 00).
func unescape(nal []byte) []byte {
	out := make([]byte, 0, len(nal))
	zeros := 0
	for _, c := range nal {
		if zeros >= 2 && c == 3 {
			zeros = 0
			continue
		}
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
		out = append(out, c)
	}
	return out
}

// escape inserts emulation prevention bytes where the RBSP would
// otherwise contain a start code prefix.
func escape(rbsp []byte) []byte {
	out := make([]byte, 0, len(rbsp)+4)
	zeros := 0
	for _, c := range rbsp {
		if zeros >= 2 && c <= 3 {
			out = append(out, 3)
			zeros = 0
		}
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
		out = append(out, c)
	}
	return out
}
