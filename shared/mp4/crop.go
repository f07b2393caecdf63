package mp4

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Cropping without re-encoding: an H.264 stream's sequence parameter set
// carries a cropping window that every decoder applies to the pictures it
// outputs (it is how 1088 coded lines become 1080). applyCrop rewrites
// that window in the avcC of the sample description, and the picture
// sizes in the sample entry and track header; the frames are untouched, so
// they are still decoded whole (no saving in decode time).

// applyCrop sets the track's cropping window to r (in the picture as it
// is shown now) and returns the rectangle it really gives.
func (v *videoTrack) applyCrop(b []byte, r Rect) (Rect, error) {
	if !identityMatrix(v.tkhd) {
		return r, errors.New("the video is rotated: crop is not supported for it")
	}
	if len(v.stsd) < 16 || binary.BigEndian.Uint32(v.stsd[4:]) != 1 {
		return r, errors.New("crop needs a single sample description")
	}
	entry := v.stsd[8:]
	size := int(binary.BigEndian.Uint32(entry))
	if size > len(entry) || size < 8+78 || string(entry[4:8]) != "avc1" {
		return r, fmt.Errorf("crop without re-encoding needs H.264 (avc1), not %q", entry[4:8])
	}
	fixed, kids := append([]byte(nil), entry[8:8+78]...), entry[8+78:size]
	avcC, err := child(kids, "avcC")
	if err != nil {
		return r, err
	}
	if v.inBandSPS(b, avcC) {
		return r, errors.New("this video repeats its parameter sets in its frames: crop would need re-encoding")
	}
	newC, got, err := cropAvcC(avcC, r)
	if err != nil {
		return r, err
	}
	binary.BigEndian.PutUint16(fixed[24:], uint16(got.W))
	binary.BigEndian.PutUint16(fixed[26:], uint16(got.H))
	var rest []byte
	for len(kids) >= 8 { // every child box as it was, avcC replaced
		n := int(binary.BigEndian.Uint32(kids))
		if n < 8 || n > len(kids) {
			break
		}
		if string(kids[4:8]) == "avcC" {
			rest = append(rest, box("avcC", newC)...)
		} else {
			rest = append(rest, kids[:n]...)
		}
		kids = kids[n:]
	}
	v.stsd = append(append([]byte(nil), v.stsd[:8]...), box("avc1", fixed, rest)...)
	v.tkhd = withSize(v.tkhd, got.W, got.H)
	return got, nil
}

// cropAvcC rewrites every SPS of an avcC with the cropping window for r.
func cropAvcC(c []byte, r Rect) ([]byte, Rect, error) {
	if len(c) < 6 {
		return nil, r, errors.New("mp4: short avcC")
	}
	out := append([]byte(nil), c[:6]...)
	n, p := int(c[5]&0x1f), 6
	if n == 0 {
		return nil, r, errors.New("mp4: avcC holds no SPS")
	}
	var got Rect
	for range n {
		if p+2 > len(c) {
			return nil, r, errors.New("mp4: truncated avcC")
		}
		l := int(binary.BigEndian.Uint16(c[p:]))
		if p+2+l > len(c) || l < 2 {
			return nil, r, errors.New("mp4: truncated SPS in avcC")
		}
		nal := c[p+2 : p+2+l]
		rbsp := unescape(nal[1:])
		s, err := parseSPS(rbsp)
		if err != nil {
			return nil, r, err
		}
		crop, g, err := s.cropUnits(r)
		if err != nil {
			return nil, r, err
		}
		got = g
		sps := append([]byte{nal[0]}, escape(s.withCrop(rbsp, crop))...)
		out = binary.BigEndian.AppendUint16(out, uint16(len(sps)))
		out = append(out, sps...)
		p += 2 + l
	}
	return append(out, c[p:]...), got, nil
}

// inBandSPS reports whether the first sample carries an SPS NAL unit of
// its own (avc1 files should not; a decoder would then use that one).
func (v *videoTrack) inBandSPS(b, avcC []byte) bool {
	if len(avcC) < 5 || len(v.samples) == 0 {
		return false
	}
	ls := int(avcC[4]&3) + 1
	s := v.samples[0]
	if s.off+uint64(s.size) > uint64(len(b)) {
		return false
	}
	data := b[s.off : s.off+uint64(s.size)]
	for len(data) > ls {
		n := 0
		for _, c := range data[:ls] {
			n = n<<8 | int(c)
		}
		data = data[ls:]
		if n <= 0 || n > len(data) {
			return false
		}
		if data[0]&0x1f == 7 {
			return true
		}
		data = data[n:]
	}
	return false
}

// tkhdLayout: the matrix and the 16.16 width and height of a tkhd payload,
// version 0 and version 1 (64-bit times).
func tkhdOffsets(p []byte) (matrix, size int) {
	if len(p) > 0 && p[0] == 1 {
		return 52, 88
	}
	return 40, 76
}

func identityMatrix(tkhd []byte) bool {
	m, _ := tkhdOffsets(tkhd)
	if len(tkhd) < m+36 {
		return false
	}
	a, b := binary.BigEndian.Uint32(tkhd[m:]), binary.BigEndian.Uint32(tkhd[m+4:])
	c, d := binary.BigEndian.Uint32(tkhd[m+12:]), binary.BigEndian.Uint32(tkhd[m+16:])
	return a == 1<<16 && b == 0 && c == 0 && d == 1<<16
}

func withSize(tkhd []byte, w, h int) []byte {
	q := append([]byte(nil), tkhd...)
	if _, off := tkhdOffsets(q); len(q) >= off+8 {
		binary.BigEndian.PutUint32(q[off:], uint32(w)<<16)
		binary.BigEndian.PutUint32(q[off+4:], uint32(h)<<16)
	}
	return q
}
