package mp4

import (
	"errors"
	"fmt"
)

// sps is what a crop needs of an H.264 sequence parameter set: the coded
// picture size, the crop units and where in the RBSP the cropping fields
// lie, so that they can be rewritten and every other bit copied.
type sps struct {
	codedW, codedH    int
	unitX, unitY      int       // pixels per crop unit
	crop              [4]uint32 // left, right, top, bottom, in crop units
	cropAt, afterCrop int       // bit positions around the cropping fields
	stop              int       // bit position of rbsp_stop_one_bit
}

// highProfiles carry chroma format, bit depths and scaling lists.
var highProfiles = map[uint32]bool{100: true, 110: true, 122: true, 244: true, 44: true, 83: true, 86: true, 118: true, 128: true, 138: true, 139: true, 134: true, 135: true}

// parseSPS reads an SPS RBSP (after the NAL header byte, unescaped).
func parseSPS(rbsp []byte) (sps, error) {
	r := &bitReader{b: rbsp}
	profile := r.bits(8)
	r.bits(16) // constraint flags, level
	r.ue()     // seq_parameter_set_id
	chroma := uint32(1)
	if highProfiles[profile] {
		if chroma = r.ue(); chroma == 3 {
			r.bit() // separate_colour_plane_flag
		}
		r.ue() // bit_depth_luma_minus8
		r.ue() // bit_depth_chroma_minus8
		r.bit()
		if r.bit() == 1 { // seq_scaling_matrix_present_flag
			skipScalingLists(r, chroma)
		}
	}
	r.ue() // log2_max_frame_num_minus4
	switch r.ue() {
	case 0:
		r.ue()
	case 1:
		r.bit()
		r.se()
		r.se()
		for n := r.ue(); n > 0 && r.err == nil; n-- {
			r.se()
		}
	}
	r.ue()  // max_num_ref_frames
	r.bit() // gaps_in_frame_num_value_allowed_flag
	s := sps{codedW: 16 * int(r.ue()+1)}
	mapUnits := int(r.ue() + 1)
	frameMbsOnly := int(r.bit())
	s.codedH = 16 * mapUnits * (2 - frameMbsOnly)
	if frameMbsOnly == 0 {
		r.bit()
	}
	r.bit() // direct_8x8_inference_flag
	s.cropAt = r.pos
	if r.bit() == 1 {
		for i := range s.crop {
			s.crop[i] = r.ue()
		}
	}
	s.afterCrop = r.pos
	s.unitX, s.unitY = 1, 2-frameMbsOnly
	if chroma == 1 || chroma == 2 {
		s.unitX = 2
	}
	if chroma == 1 {
		s.unitY *= 2
	}
	if r.err != nil {
		return s, r.err
	}
	s.stop = lastOne(rbsp)
	if s.stop < s.afterCrop {
		return s, errors.New("mp4: SPS has no stop bit")
	}
	return s, nil
}

func skipScalingLists(r *bitReader, chroma uint32) {
	n := 8
	if chroma == 3 {
		n = 12
	}
	for i := range n {
		if r.bit() == 0 {
			continue
		}
		size := 16
		if i >= 6 {
			size = 64
		}
		last, next := int32(8), int32(8)
		for range size {
			if next != 0 {
				next = (last + r.se() + 256) % 256
			}
			if next != 0 {
				last = next
			}
		}
	}
}

// lastOne is the position of the last set bit (the RBSP stop bit).
func lastOne(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		for j := 0; j < 8; j++ {
			if b[i]>>j&1 == 1 {
				return 8*i + 7 - j
			}
		}
	}
	return -1
}

// shown is the picture size after the SPS's own cropping.
func (s sps) shown() (int, int) {
	return s.codedW - s.unitX*int(s.crop[0]+s.crop[1]), s.codedH - s.unitY*int(s.crop[2]+s.crop[3])
}

// withCrop writes the RBSP again with new cropping fields.
func (s sps) withCrop(rbsp []byte, crop [4]uint32) []byte {
	w := &bitWriter{}
	w.copyBits(rbsp, 0, s.cropAt)
	w.bit(1)
	for _, c := range crop {
		w.ue(c)
	}
	w.copyBits(rbsp, s.afterCrop, s.stop+1)
	for w.n%8 != 0 {
		w.bit(0)
	}
	return w.b
}

// Rect is a rectangle in a video's pixels (as decoded, before rotation).
type Rect struct{ X, Y, W, H int }

// cropUnits turns r (within the picture as shown now) into cropping
// fields, with the left edge moved left to a multiple of 64 coded pixels:
// FFmpeg (hence the server's decoder) keeps its planes 32-byte aligned and
// would otherwise crop less on the left than asked. It returns the fields
// and the rectangle they really give.
func (s sps) cropUnits(r Rect) ([4]uint32, Rect, error) {
	w, h := s.shown()
	if r.W <= 0 || r.H <= 0 || r.X < 0 || r.Y < 0 || r.X+r.W > w || r.Y+r.H > h {
		return [4]uint32{}, r, fmt.Errorf("the crop %d×%d at (%d, %d) is not inside the %d×%d picture", r.W, r.H, r.X, r.Y, w, h)
	}
	left := s.unitX*int(s.crop[0]) + r.X
	left -= left % 64
	top := s.unitY*int(s.crop[2]) + r.Y
	top -= top % s.unitY
	right := s.unitX*int(s.crop[0]) + r.X + r.W // exclusive, coded pixels
	bottom := s.unitY*int(s.crop[2]) + r.Y + r.H
	right += (s.unitX - right%s.unitX) % s.unitX
	bottom += (s.unitY - bottom%s.unitY) % s.unitY
	right, bottom = min(right, s.codedW-s.unitX*int(s.crop[1])), min(bottom, s.codedH-s.unitY*int(s.crop[3]))
	left = max(left, s.unitX*int(s.crop[0]))
	got := Rect{X: left - s.unitX*int(s.crop[0]), Y: top - s.unitY*int(s.crop[2]), W: right - left, H: bottom - top}
	return [4]uint32{uint32(left / s.unitX), uint32((s.codedW - right) / s.unitX), uint32(top / s.unitY), uint32((s.codedH - bottom) / s.unitY)}, got, nil
}
