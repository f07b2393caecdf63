// Package mp4 reads the timing of an MP4/MOV file's video track: how many
// frames it holds and at what rate. The browser needs it to grab every
// frame from a <video> element (which tells neither); the server's decoder
// counts frames itself. Only the boxes on the path to the sample table are
// read: moov → trak → mdia → (hdlr, mdhd, minf → stbl → stts).
//
// Trim (trim.go) cuts a clip in the browser before upload without
// re-encoding: it reads the whole video sample table (table.go) and
// writes the kept samples into a new file.
package mp4

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Timing is a video track's frame count and mean frame rate.
type Timing struct {
	Frames   int
	FPS      float64
	Duration float64 // seconds, from the sample durations
}

// ErrNoVideo means the file parsed but holds no video track.
var ErrNoVideo = errors.New("mp4: no video track")

// ReadTiming finds the first video track in an MP4/MOV file's bytes.
func ReadTiming(b []byte) (Timing, error) {
	moov, err := child(b, "moov")
	if err != nil {
		return Timing{}, err
	}
	for _, trak := range children(moov, "trak") {
		mdia, err := child(trak, "mdia")
		if err != nil {
			continue
		}
		if hdlr, err := child(mdia, "hdlr"); err != nil || len(hdlr) < 12 || string(hdlr[8:12]) != "vide" {
			continue
		}
		mdhd, err := child(mdia, "mdhd")
		if err != nil {
			return Timing{}, err
		}
		scale, err := timescale(mdhd)
		if err != nil {
			return Timing{}, err
		}
		stts, err := path(mdia, "minf", "stbl", "stts")
		if err != nil {
			return Timing{}, err
		}
		frames, ticks, err := sampleTimes(stts)
		if err != nil {
			return Timing{}, err
		}
		if frames > len(b) {
			// Every frame takes at least a byte of the file.
			return Timing{}, fmt.Errorf("mp4: stts lists %d frames, more than a %d-byte file holds", frames, len(b))
		}
		if frames == 0 || ticks == 0 {
			return Timing{}, fmt.Errorf("mp4: empty video track")
		}
		d := float64(ticks) / float64(scale)
		return Timing{Frames: frames, FPS: float64(frames) / d, Duration: d}, nil
	}
	return Timing{}, ErrNoVideo
}

// timescale reads mdhd's ticks per second (version 0 or 1 layout).
func timescale(mdhd []byte) (uint32, error) {
	off := 12 // version+flags, creation, modification (32-bit each)
	if len(mdhd) > 0 && mdhd[0] == 1 {
		off = 20 // 64-bit creation and modification times
	}
	if len(mdhd) < off+4 {
		return 0, errors.New("mp4: short mdhd")
	}
	s := binary.BigEndian.Uint32(mdhd[off:])
	if s == 0 {
		return 0, errors.New("mp4: zero timescale")
	}
	return s, nil
}

// sampleTimes sums stts: the sample count and the total duration in ticks.
func sampleTimes(stts []byte) (int, uint64, error) {
	if len(stts) < 8 {
		return 0, 0, errors.New("mp4: short stts")
	}
	n := int(binary.BigEndian.Uint32(stts[4:]))
	if len(stts) < 8+8*n {
		return 0, 0, errors.New("mp4: truncated stts")
	}
	frames, ticks := 0, uint64(0)
	for i := range n {
		e := stts[8+8*i:]
		c, d := binary.BigEndian.Uint32(e), binary.BigEndian.Uint32(e[4:])
		frames += int(c)
		ticks += uint64(c) * uint64(d)
	}
	return frames, ticks, nil
}

func path(b []byte, names ...string) ([]byte, error) {
	var err error
	for _, n := range names {
		if b, err = child(b, n); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func child(b []byte, name string) ([]byte, error) {
	if c := children(b, name); len(c) > 0 {
		return c[0], nil
	}
	return nil, fmt.Errorf("mp4: no %s box", name)
}

// children returns the payloads of the boxes named name directly in b.
// Malformed sizes end the walk rather than read out of bounds.
func children(b []byte, name string) [][]byte {
	var out [][]byte
	for len(b) >= 8 {
		size := uint64(binary.BigEndian.Uint32(b))
		typ := string(b[4:8])
		hdr := uint64(8)
		switch size {
		case 0: // to the end of the enclosing box
			size = uint64(len(b))
		case 1: // 64-bit size follows the type
			if len(b) < 16 {
				return out
			}
			size, hdr = binary.BigEndian.Uint64(b[8:]), 16
		}
		if size < hdr || size > uint64(len(b)) {
			return out
		}
		if typ == name {
			out = append(out, b[hdr:size])
		}
		b = b[size:]
	}
	return out
}
