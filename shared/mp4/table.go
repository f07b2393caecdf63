package mp4

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// sample is one video sample (an encoded frame) as the sample table
// describes it: where its bytes are, how long it lasts (ticks), its
// composition offset and whether it is a keyframe (a sync sample).
type sample struct {
	off  uint64
	size uint32
	dur  uint32
	cts  int32
	key  bool
}

// videoTrack is what a remux keeps of the first video track: its boxes
// that are copied as they are, its timescales and its samples in decode
// order.
type videoTrack struct {
	mvhd, tkhd, mdhd, hdlr, vmhd, dinf, stsd []byte // payloads
	movieScale, scale                        uint32
	samples                                  []sample
	hasCtts, hasStss                         bool
	cttsVersion                              byte
	audio                                    bool // the file also has a sound track (a remux drops it)
}

// readVideoTrack reads the first video track's sample table.
func readVideoTrack(b []byte) (*videoTrack, error) {
	moov, err := child(b, "moov")
	if err != nil {
		return nil, err
	}
	if len(children(b, "moof")) > 0 {
		return nil, errors.New("mp4: fragmented MP4 (samples in moof boxes) is not supported")
	}
	v := &videoTrack{}
	if v.mvhd, err = child(moov, "mvhd"); err != nil {
		return nil, err
	}
	if v.movieScale, err = fullBoxU32(v.mvhd, 12, 20); err != nil {
		return nil, fmt.Errorf("mvhd timescale: %w", err)
	}
	found := false
	for _, trak := range children(moov, "trak") {
		mdia, err := child(trak, "mdia")
		if err != nil {
			continue
		}
		hdlr, err := child(mdia, "hdlr")
		if err != nil || len(hdlr) < 12 {
			continue
		}
		switch {
		case string(hdlr[8:12]) == "soun":
			v.audio = true
		case string(hdlr[8:12]) == "vide" && !found:
			if err := v.read(trak, mdia, hdlr, len(b)); err != nil {
				return nil, err
			}
			found = true
		}
	}
	if !found {
		return nil, ErrNoVideo
	}
	return v, nil
}

// read fills v from a video trak box.
func (v *videoTrack) read(trak, mdia, hdlr []byte, fileLen int) error {
	var err error
	v.hdlr = hdlr
	if v.tkhd, err = child(trak, "tkhd"); err != nil {
		return err
	}
	if v.mdhd, err = child(mdia, "mdhd"); err != nil {
		return err
	}
	if v.scale, err = timescale(v.mdhd); err != nil {
		return err
	}
	minf, err := child(mdia, "minf")
	if err != nil {
		return err
	}
	if v.vmhd, err = child(minf, "vmhd"); err != nil {
		return err
	}
	if v.dinf, err = child(minf, "dinf"); err != nil {
		return err
	}
	stbl, err := child(minf, "stbl")
	if err != nil {
		return err
	}
	if v.stsd, err = child(stbl, "stsd"); err != nil {
		return err
	}
	return v.readSamples(stbl, fileLen)
}

// readSamples turns stsz, stsc, stco/co64, stts, stss and ctts into one
// record per sample of a file of fileLen bytes. The tables' counts are
// the file's word: each is checked against what its box (or the file)
// can hold before anything is allocated or looped over.
func (v *videoTrack) readSamples(stbl []byte, fileLen int) error {
	sizes, err := readStsz(stbl, fileLen)
	if err != nil {
		return err
	}
	offs, err := sampleOffsets(stbl, sizes)
	if err != nil {
		return err
	}
	v.samples = make([]sample, len(sizes))
	for i := range sizes {
		v.samples[i] = sample{off: offs[i], size: sizes[i], key: true}
	}
	if err := v.readDurations(stbl); err != nil {
		return err
	}
	if stss, err := child(stbl, "stss"); err == nil {
		v.hasStss = true
		if err := v.readSync(stss); err != nil {
			return err
		}
	}
	if ctts, err := child(stbl, "ctts"); err == nil {
		v.hasCtts = true
		return v.readCtts(ctts)
	}
	return nil
}

func readStsz(stbl []byte, fileLen int) ([]uint32, error) {
	stsz, err := child(stbl, "stsz")
	if err != nil {
		return nil, err
	}
	if len(stsz) < 12 {
		return nil, errors.New("mp4: short stsz")
	}
	fixed, n := binary.BigEndian.Uint32(stsz[4:]), int(binary.BigEndian.Uint32(stsz[8:]))
	if n == 0 {
		return nil, errors.New("mp4: the video track has no samples")
	}
	if fixed == 0 && len(stsz) < 12+4*n {
		return nil, errors.New("mp4: truncated stsz")
	}
	if fixed > 0 && uint64(n)*uint64(fixed) > uint64(fileLen) {
		return nil, fmt.Errorf("mp4: stsz lists %d samples of %d bytes, more than the file holds", n, fixed)
	}
	sizes := make([]uint32, n)
	for i := range sizes {
		sizes[i] = fixed
		if fixed == 0 {
			sizes[i] = binary.BigEndian.Uint32(stsz[12+4*i:])
		}
	}
	return sizes, nil
}

// chunkOffsets reads stco (32-bit) or co64 (64-bit) chunk offsets.
func chunkOffsets(stbl []byte) ([]uint64, error) {
	width := 4
	box, err := child(stbl, "stco")
	if err != nil {
		if box, err = child(stbl, "co64"); err != nil {
			return nil, errors.New("mp4: no stco or co64 box")
		}
		width = 8
	}
	if len(box) < 8 {
		return nil, errors.New("mp4: short chunk offset box")
	}
	n := int(binary.BigEndian.Uint32(box[4:]))
	if len(box) < 8+width*n {
		return nil, errors.New("mp4: truncated chunk offset box")
	}
	out := make([]uint64, n)
	for i := range out {
		if width == 4 {
			out[i] = uint64(binary.BigEndian.Uint32(box[8+4*i:]))
		} else {
			out[i] = binary.BigEndian.Uint64(box[8+8*i:])
		}
	}
	return out, nil
}

// sampleOffsets places each sample in the file: stsc says how many
// samples each run of chunks holds; within a chunk samples follow each
// other.
func sampleOffsets(stbl []byte, sizes []uint32) ([]uint64, error) {
	chunks, err := chunkOffsets(stbl)
	if err != nil {
		return nil, err
	}
	stsc, err := child(stbl, "stsc")
	if err != nil {
		return nil, err
	}
	if len(stsc) < 8 {
		return nil, errors.New("mp4: short stsc")
	}
	n := int(binary.BigEndian.Uint32(stsc[4:]))
	if len(stsc) < 8+12*n || n == 0 {
		return nil, errors.New("mp4: bad stsc")
	}
	offs := make([]uint64, 0, len(sizes))
	for e := range n {
		first := int(binary.BigEndian.Uint32(stsc[8+12*e:])) - 1
		// The runs' first chunks increase (ISO/IEC 14496-12), so the
		// walk visits each chunk once at most.
		if first < 0 || e > 0 && first <= int(binary.BigEndian.Uint32(stsc[8+12*(e-1):]))-1 {
			return nil, errors.New("mp4: bad stsc (first chunks not increasing)")
		}
		per := int(binary.BigEndian.Uint32(stsc[8+12*e+4:]))
		last := len(chunks)
		if e+1 < n {
			last = int(binary.BigEndian.Uint32(stsc[8+12*(e+1):])) - 1
		}
		for c := first; c < last && c < len(chunks); c++ {
			off := chunks[c]
			for range per {
				if len(offs) == len(sizes) {
					return offs, nil
				}
				offs = append(offs, off)
				off += uint64(sizes[len(offs)-1])
			}
		}
	}
	if len(offs) != len(sizes) {
		return nil, fmt.Errorf("mp4: chunks hold %d samples, stsz lists %d", len(offs), len(sizes))
	}
	return offs, nil
}

func (v *videoTrack) readDurations(stbl []byte) error {
	stts, err := child(stbl, "stts")
	if err != nil {
		return err
	}
	if len(stts) < 8 {
		return errors.New("mp4: short stts")
	}
	n := int(binary.BigEndian.Uint32(stts[4:]))
	if len(stts) < 8+8*n {
		return errors.New("mp4: truncated stts")
	}
	i := 0
	for e := range n {
		c, d := binary.BigEndian.Uint32(stts[8+8*e:]), binary.BigEndian.Uint32(stts[12+8*e:])
		for ; c > 0 && i < len(v.samples); c-- {
			v.samples[i].dur = d
			i++
		}
	}
	return nil
}

func (v *videoTrack) readSync(stss []byte) error {
	if len(stss) < 8 {
		return errors.New("mp4: short stss")
	}
	n := int(binary.BigEndian.Uint32(stss[4:]))
	if len(stss) < 8+4*n {
		return errors.New("mp4: truncated stss")
	}
	for i := range v.samples {
		v.samples[i].key = false
	}
	for e := range n {
		if k := int(binary.BigEndian.Uint32(stss[8+4*e:])) - 1; k >= 0 && k < len(v.samples) {
			v.samples[k].key = true
		}
	}
	return nil
}

func (v *videoTrack) readCtts(ctts []byte) error {
	if len(ctts) < 8 {
		return errors.New("mp4: short ctts")
	}
	v.cttsVersion = ctts[0]
	n := int(binary.BigEndian.Uint32(ctts[4:]))
	if len(ctts) < 8+8*n {
		return errors.New("mp4: truncated ctts")
	}
	i := 0
	for e := range n {
		c, o := binary.BigEndian.Uint32(ctts[8+8*e:]), int32(binary.BigEndian.Uint32(ctts[12+8*e:]))
		for ; c > 0 && i < len(v.samples); c-- {
			v.samples[i].cts = o
			i++
		}
	}
	return nil
}

// fullBoxU32 reads the 32-bit field at off0 (version 0) or off1 (version 1)
// of a full box's payload.
func fullBoxU32(p []byte, off0, off1 int) (uint32, error) {
	off := off0
	if len(p) > 0 && p[0] == 1 {
		off = off1
	}
	if len(p) < off+4 {
		return 0, errors.New("mp4: short box")
	}
	return binary.BigEndian.Uint32(p[off:]), nil
}
