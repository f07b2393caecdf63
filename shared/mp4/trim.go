package mp4

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Cut says what Trim did to a file, in seconds of the original's decode
// timeline.
type Cut struct {
	Start, End float64 // the kept span
	Frames     int     // video samples kept
	SoundKept  bool    // false when the original had sound that was dropped
	HadSound   bool
	Crop       *Rect // the picture kept, when cropped (see Options.Crop)
	// Encoded: the kept frames were decoded and encoded again (a cut
	// between keyframes, or a crop the stream cannot express), not copied.
	Encoded bool
}

// Options say what Trim keeps.
type Options struct {
	Start, End float64 // seconds
	MaxLen     float64 // > 0: keep at most this many seconds
	// Crop, when set, keeps this rectangle of the picture (H.264 only; its
	// left edge moves left to a multiple of 64 pixels, see cropUnits).
	Crop *Rect
}

// Duration is the kept span's length in seconds.
func (c Cut) Duration() float64 { return c.End - c.Start }

// String says what happened to the file, for the person who trimmed it.
func (c Cut) String() string {
	s := fmt.Sprintf("cut at keyframes: %.1f s kept, %.1f–%.1f s, not re-encoded", c.Duration(), c.Start, c.End)
	if c.Encoded {
		s = fmt.Sprintf("cut exactly and re-encoded (H.264) on this device: %.1f s kept, %.1f–%.1f s", c.Duration(), c.Start, c.End)
	}
	if c.Crop != nil {
		s += fmt.Sprintf(", cropped to %d×%d at (%d, %d)", c.Crop.W, c.Crop.H, c.Crop.X, c.Crop.Y)
	}
	if c.HadSound && !c.SoundKept {
		s += ", sound dropped"
	}
	return s
}

// brands is the ftyp payload of a file written from scratch.
const brands = "isom\x00\x00\x02\x00isomiso2avc1mp41"

// Trim keeps the video samples from the last keyframe at or before
// o.Start up to o.End (at most o.MaxLen seconds) and writes them into
// a new MP4 (moov first, so it streams) without decoding anything: a
// stream-copy cut, like `ffmpeg -ss -to -c copy`. Cutting the end in
// decode order never loses a reference frame (a B-frame follows the frames
// it refers to), so every kept frame decodes. Only the video track is
// kept: the analysis has no use for sound, and cutting it in step would
// need its own sample table.
func Trim(b []byte, o Options) ([]byte, Cut, error) {
	v, err := readVideoTrack(b)
	if err != nil {
		return nil, Cut{}, err
	}
	first, last, cut := v.span(o.Start, o.End, o.MaxLen)
	if last <= first {
		return nil, Cut{}, fmt.Errorf("mp4: nothing to keep between %.2f and %.2f s", o.Start, o.End)
	}
	cut.HadSound = v.audio
	if o.Crop != nil {
		got, err := v.applyCrop(b, *o.Crop)
		if err != nil {
			return nil, Cut{}, err
		}
		cut.Crop = &got
	}
	ftyp := []byte(brands)
	if f, err := child(b, "ftyp"); err == nil {
		ftyp = f
	}
	out, err := v.write(b, first, last, ftyp)
	if err != nil {
		return nil, Cut{}, err
	}
	return out, cut, nil
}

// span picks the samples [first, last) to keep and the times they cover.
func (v *videoTrack) span(start, end, maxLen float64) (int, int, Cut) {
	scale := float64(v.scale)
	t, first, tFirst := uint64(0), 0, 0.0
	for i, s := range v.samples {
		at := float64(t) / scale
		if at > start+1e-6 {
			break
		}
		if s.key {
			first, tFirst = i, at
		}
		t += uint64(s.dur)
	}
	if start >= float64(t)/scale {
		return 0, 0, Cut{} // past the end: nothing to keep
	}
	if maxLen > 0 {
		end = math.Min(end, tFirst+maxLen)
	}
	last, dur := first, uint64(0)
	for i := first; i < len(v.samples); i++ {
		d := uint64(v.samples[i].dur)
		if tFirst+float64(dur+d)/scale > end+1e-6 {
			break
		}
		dur += d
		last = i + 1
	}
	return first, last, Cut{Start: tFirst, End: tFirst + float64(dur)/scale, Frames: last - first}
}

// write builds the new file from b's samples [first, last): ftyp (its
// payload given), moov (one video trak), mdat.
func (v *videoTrack) write(b []byte, first, last int, ftyp []byte) ([]byte, error) {
	kept := v.samples[first:last]
	var data uint64
	for _, s := range kept {
		if s.off+uint64(s.size) > uint64(len(b)) {
			return nil, errors.New("mp4: a sample lies past the end of the file")
		}
		data += uint64(s.size)
	}
	if data > uint64(len(b)) {
		// Samples that overlap could make a file many times the input.
		return nil, errors.New("mp4: the kept samples add up to more than the file")
	}
	if data > math.MaxUint32-8 {
		return nil, errors.New("mp4: the kept part is over 4 GB")
	}
	ftyp = box("ftyp", ftyp)
	// The chunk offset depends on moov's size, which does not depend on
	// the offset's value: build once to measure, once for real.
	moov := v.moov(kept, 0)
	moov = v.moov(kept, uint64(len(ftyp)+len(moov)+8))
	out := make([]byte, 0, len(ftyp)+len(moov)+8+int(data))
	out = append(out, ftyp...)
	out = append(out, moov...)
	out = binary.BigEndian.AppendUint32(out, uint32(8+data))
	out = append(out, "mdat"...)
	for _, s := range kept {
		out = append(out, b[s.off:s.off+uint64(s.size)]...)
	}
	return out, nil
}

// moov is the movie box for the kept samples, stored as one chunk at off.
func (v *videoTrack) moov(kept []sample, off uint64) []byte {
	var ticks uint64
	for _, s := range kept {
		ticks += uint64(s.dur)
	}
	movieTicks := ticks * uint64(v.movieScale) / uint64(v.scale)
	stbl := box("stbl", box("stsd", v.stsd), v.stts(kept), v.stss(kept), v.ctts(kept),
		box("stsc", u32s(0, 1, 1, uint32(len(kept)), 1)), v.stsz(kept), box("stco", u32s(0, 1, uint32(off))))
	minf := box("minf", box("vmhd", v.vmhd), box("dinf", v.dinf), stbl)
	mdia := box("mdia", box("mdhd", withDuration(v.mdhd, 16, 24, ticks)), box("hdlr", v.hdlr), minf)
	trak := box("trak", box("tkhd", withDuration(v.tkhd, 20, 28, movieTicks)), v.edts(kept, movieTicks), mdia)
	return box("moov", box("mvhd", withDuration(v.mvhd, 16, 24, movieTicks)), trak)
}

// edts shifts presentation back by the first frame's composition offset
// (as encoders do with B-frames) so the trimmed clip starts at 0.
func (v *videoTrack) edts(kept []sample, movieTicks uint64) []byte {
	if !v.hasCtts || len(kept) == 0 || kept[0].cts <= 0 {
		return nil
	}
	return box("edts", box("elst", u32s(0, 1, uint32(movieTicks), uint32(kept[0].cts), 1<<16)))
}

// stts run-length encodes the sample durations.
func (v *videoTrack) stts(kept []sample) []byte {
	var runs [][2]uint32
	for _, s := range kept {
		if n := len(runs); n > 0 && runs[n-1][1] == s.dur {
			runs[n-1][0]++
		} else {
			runs = append(runs, [2]uint32{1, s.dur})
		}
	}
	p := u32s(0, uint32(len(runs)))
	for _, r := range runs {
		p = append(p, u32s(r[0], r[1])...)
	}
	return box("stts", p)
}

func (v *videoTrack) ctts(kept []sample) []byte {
	if !v.hasCtts {
		return nil
	}
	var runs [][2]uint32
	for _, s := range kept {
		if n := len(runs); n > 0 && runs[n-1][1] == uint32(s.cts) {
			runs[n-1][0]++
		} else {
			runs = append(runs, [2]uint32{1, uint32(s.cts)})
		}
	}
	p := u32s(uint32(v.cttsVersion)<<24, uint32(len(runs)))
	for _, r := range runs {
		p = append(p, u32s(r[0], r[1])...)
	}
	return box("ctts", p)
}

func (v *videoTrack) stss(kept []sample) []byte {
	if !v.hasStss {
		return nil
	}
	var keys []uint32
	for i, s := range kept {
		if s.key {
			keys = append(keys, uint32(i+1))
		}
	}
	return box("stss", u32s(append([]uint32{0, uint32(len(keys))}, keys...)...))
}

func (v *videoTrack) stsz(kept []sample) []byte {
	p := u32s(0, 0, uint32(len(kept)))
	for _, s := range kept {
		p = binary.BigEndian.AppendUint32(p, s.size)
	}
	return box("stsz", p)
}

// withDuration copies a full box's payload with its duration field (at
// off0 in version 0, a 64-bit one at off1 in version 1) set to d.
func withDuration(p []byte, off0, off1 int, d uint64) []byte {
	q := append([]byte(nil), p...)
	if len(q) > 0 && q[0] == 1 {
		if len(q) >= off1+8 {
			binary.BigEndian.PutUint64(q[off1:], d)
		}
	} else if len(q) >= off0+4 {
		binary.BigEndian.PutUint32(q[off0:], uint32(min(d, math.MaxUint32)))
	}
	return q
}

// box makes a box of the given type around the concatenated payloads
// (nil payloads, for optional boxes, add nothing).
func box(typ string, payloads ...[]byte) []byte {
	n := 8
	for _, p := range payloads {
		n += len(p)
	}
	out := binary.BigEndian.AppendUint32(make([]byte, 0, n), uint32(n))
	out = append(out, typ...)
	for _, p := range payloads {
		out = append(out, p...)
	}
	return out
}

func u32s(xs ...uint32) []byte {
	out := make([]byte, 0, 4*len(xs))
	for _, x := range xs {
		out = binary.BigEndian.AppendUint32(out, x)
	}
	return out
}
