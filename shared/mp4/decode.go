package mp4

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Decoding is what a frame-accurate decoder (the browser's WebCodecs
// VideoDecoder) needs to decode an MP4/MOV's first video track without a
// <video> element: the codec string and configuration record, the coded
// size, and every sample in decode order.
type Decoding struct {
	Codec       string // WebCodecs codec string, e.g. "avc1.64001f", "vp09.00.40.08"
	Description []byte // the avcC record (H.264); nil for VP9
	Width       int    // coded size, from the sample entry
	Height      int
	// Rotated: the track's matrix turns or flips the picture, which a
	// decoder does not apply (a player does).
	Rotated bool
	Sound   bool // the file also has a sound track
	Samples []Sample
	vp9     bool
}

// Sample is one encoded frame: where its bytes are and when it is shown.
type Sample struct {
	Offset, Size int
	Key          bool
	// Time and Duration in microseconds (presentation time: decode time
	// plus the composition offset, the first frame shown at 0).
	Time, Duration int64
}

// ErrCodec means the track's codec is not one ReadDecoding describes.
var ErrCodec = errors.New("mp4: codec not supported for frame decoding (H.264 and VP9 are)")

// ReadDecoding reads the first video track of an MP4/MOV file's bytes.
func ReadDecoding(b []byte) (Decoding, error) {
	v, err := readVideoTrack(b)
	if err != nil {
		return Decoding{}, err
	}
	d, err := sampleEntry(v.stsd)
	if err != nil {
		return Decoding{}, err
	}
	d.Rotated, d.Sound = !identityMatrix(v.tkhd), v.audio
	if d.vp9 && len(v.samples) > 0 && v.samples[0].off < uint64(len(b)) {
		// A muxer may write a vpcC that disagrees with the stream (the
		// Sports2D demo's says profile 1 over a profile 0 stream): the
		// first frame's header is the truth.
		if h := b[v.samples[0].off]; h>>6 == 2 {
			d.Codec = fmt.Sprintf("vp09.%02d%s", (h>>5)&1|(h>>4)&1<<1, d.Codec[7:])
		}
	}
	var dts int64
	for _, s := range v.samples {
		if s.off+uint64(s.size) > uint64(len(b)) {
			return Decoding{}, fmt.Errorf("mp4: a sample lies past the end of the file")
		}
		us := func(ticks int64) int64 { return ticks * 1_000_000 / int64(v.scale) }
		d.Samples = append(d.Samples, Sample{Offset: int(s.off), Size: int(s.size), Key: s.key,
			Time: us(dts + int64(s.cts)), Duration: us(int64(s.dur))})
		dts += int64(s.dur)
	}
	// Players start the picture at the first frame shown (the edit list
	// of a file with B-frames skips the composition delay): so do the
	// times here, or a cut at 3 s would start two frames early.
	if len(d.Samples) > 0 {
		first := slices.MinFunc(d.Samples, func(a, b Sample) int { return cmp.Compare(a.Time, b.Time) }).Time
		for i := range d.Samples {
			d.Samples[i].Time -= first
		}
	}
	return d, nil
}

// sampleEntry reads stsd's first entry: a VisualSampleEntry (78 bytes
// after its header) followed by its codec configuration box.
func sampleEntry(stsd []byte) (Decoding, error) {
	const visual = 8 + 78
	if len(stsd) < 8+visual {
		return Decoding{}, errors.New("mp4: short stsd")
	}
	entry := stsd[8:]
	size := int(binary.BigEndian.Uint32(entry))
	if size < visual || size > len(entry) {
		return Decoding{}, errors.New("mp4: bad sample entry size")
	}
	d := Decoding{Width: int(binary.BigEndian.Uint16(entry[32:])), Height: int(binary.BigEndian.Uint16(entry[34:]))}
	boxes := entry[visual:size]
	switch string(entry[4:8]) {
	case "avc1", "avc3":
		c, err := child(boxes, "avcC")
		if err != nil || len(c) < 4 {
			return Decoding{}, fmt.Errorf("mp4: H.264 track without its avcC record")
		}
		d.Codec = fmt.Sprintf("%s.%02x%02x%02x", entry[4:8], c[1], c[2], c[3])
		d.Description = c
	case "vp09":
		c, err := child(boxes, "vpcC")
		if err != nil || len(c) < 7 {
			return Decoding{}, fmt.Errorf("mp4: VP9 track without its vpcC record")
		}
		// vpcC is a full box: version and flags, then profile, level and
		// the bit depth in the high 4 bits.
		d.Codec, d.vp9 = fmt.Sprintf("vp09.%02d.%02d.%02d", c[4], c[5], c[6]>>4), true
	default:
		return Decoding{}, fmt.Errorf("%w: %q", ErrCodec, entry[4:8])
	}
	return d, nil
}
