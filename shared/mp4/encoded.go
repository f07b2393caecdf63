package mp4

import (
	"errors"
	"fmt"
)

// Frame is one encoded H.264 frame (length-prefixed NAL units, as an
// encoder configured for the "avc" format gives them) to write into a new
// file.
type Frame struct {
	Data     []byte
	Key      bool
	Duration int64 // µs
}

// encodedScale is the new file's timescale: 90 kHz, as broadcasters use
// (every common frame rate's duration is close to a whole number of ticks).
const encodedScale = 90000

// Encoded writes H.264 frames in presentation order (an encoder without
// B-frames gives them so) and their avcC record into a new MP4 of a
// w×h picture, moov first: what the browser's WebCodecs encoder makes of
// a trim that does not start on a keyframe, or of a crop H.264's cropping
// window cannot express.
func Encoded(frames []Frame, avcC []byte, w, h int) ([]byte, error) {
	if len(frames) == 0 || !frames[0].Key {
		return nil, errors.New("mp4: encoded frames must start with a keyframe")
	}
	if len(avcC) < 7 || avcC[0] != 1 {
		return nil, errors.New("mp4: not an avcC record")
	}
	if w <= 0 || h <= 0 || w > 0xffff || h > 0xffff {
		return nil, fmt.Errorf("mp4: picture size %d×%d", w, h)
	}
	var data []byte
	v := &videoTrack{movieScale: 1000, scale: encodedScale, hasStss: true}
	for _, f := range frames {
		ticks := max(1, (f.Duration*encodedScale+500_000)/1_000_000)
		v.samples = append(v.samples, sample{off: uint64(len(data)), size: uint32(len(f.Data)), dur: uint32(ticks), key: f.Key})
		data = append(data, f.Data...)
	}
	v.mvhd = append(u32s(0, 0, 0, 1000, 0, 0x00010000), 0x01, 0, 0, 0)
	v.mvhd = append(v.mvhd, make([]byte, 8)...)
	v.mvhd = append(v.mvhd, identity()...)
	v.mvhd = append(v.mvhd, make([]byte, 24)...)
	v.mvhd = append(v.mvhd, u32s(2)...)
	v.tkhd = append(u32s(3, 0, 0, 1, 0, 0, 0, 0, 0, 0), identity()...)
	v.tkhd = append(v.tkhd, u32s(uint32(w)<<16, uint32(h)<<16)...)
	v.mdhd = append(u32s(0, 0, 0, encodedScale, 0), 0x55, 0xc4, 0, 0) // language "und"
	v.hdlr = append(u32s(0, 0), "vide"...)
	v.hdlr = append(append(v.hdlr, make([]byte, 12)...), "VideoHandler\x00"...)
	v.vmhd = u32s(1, 0, 0)
	v.dinf = box("dref", u32s(0, 1), box("url ", u32s(1)))
	entry := append(make([]byte, 6), 0, 1) // reserved, data reference 1
	entry = append(entry, make([]byte, 16)...)
	entry = append(entry, byte(w>>8), byte(w), byte(h>>8), byte(h))
	entry = append(entry, u32s(0x00480000, 0x00480000, 0)...) // 72 dpi
	entry = append(entry, 0, 1)                               // one frame per sample
	entry = append(entry, make([]byte, 32)...)                // compressor name
	entry = append(entry, 0, 0x18, 0xff, 0xff)                // depth 24, pre-defined −1
	v.stsd = append(u32s(0, 1), box("avc1", entry, box("avcC", avcC))...)
	return v.write(data, 0, len(v.samples), []byte(brands))
}

// identity is the unity transformation matrix of mvhd and tkhd.
func identity() []byte {
	return u32s(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
}
