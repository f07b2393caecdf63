package mp4

import (
	"os"
	"strings"
	"testing"
)

// hostileFile is an MP4 whose only video track has the sample table
// boxes given (stsd is a valid avc1 entry), with mdat bytes after it.
func hostileFile(mdat int, tables ...[]byte) []byte {
	entry := make([]byte, 78)
	entry[24], entry[25], entry[26], entry[27] = 0, 64, 0, 48 // 64×48
	avcC := box("avcC", []byte{1, 0x42, 0xc0, 0x1e, 0xff, 0xe0, 0})
	stsd := box("stsd", u32s(0, 1), box("avc1", entry, avcC))
	stbl := box("stbl", append([][]byte{stsd}, tables...)...)
	hdlr := append(u32s(0, 0), []byte("vide")...)
	hdlr = append(hdlr, make([]byte, 13)...)
	minf := box("minf", box("vmhd", u32s(1, 0, 0)), box("dinf", box("dref", u32s(0, 0))), stbl)
	mdia := box("mdia", box("mdhd", u32s(0, 0, 0, 30, 30, 0)), box("hdlr", hdlr), minf)
	moov := box("moov", box("mvhd", u32s(0, 0, 0, 1000, 1000)), box("trak", box("tkhd", u32s(0, 0, 0, 1, 0, 0)), mdia))
	return append(append(box("ftyp", []byte(brands)), moov...), box("mdat", make([]byte, mdat))...)
}

// TestHostileTablesFailFast: sample tables whose counts promise more than
// the file holds are refused before anything is allocated or looped over
// that many times (a 4-byte count could ask for 16 GB or four billion
// turns); a short box is an error, not a panic. The browser reads every
// file a person picks with this code.
func TestHostileTablesFailFast(t *testing.T) {
	stts := box("stts", u32s(0, 1, 3, 1))
	stsz := box("stsz", u32s(0, 0, 3, 10, 10, 10))
	stsc := box("stsc", u32s(0, 1, 1, 3, 1))
	stco := box("stco", u32s(0, 1, 0))
	good := hostileFile(64, stts, stsz, stsc, stco)
	if d, err := ReadDecoding(good); err != nil || len(d.Samples) != 3 {
		t.Fatalf("the well-formed file: %d samples, %v", len(d.Samples), err)
	}
	for _, c := range []struct {
		name   string
		file   []byte
		refuse string // in ReadDecoding's and Trim's error; "" = read
	}{
		{"stsz: 2³¹ samples of a fixed size", hostileFile(64, stts, box("stsz", u32s(0, 1000, 1<<31-1)), stsc, stco), "more than the file holds"},
		{"stts: a run of 2³²−1 samples", hostileFile(64, box("stts", u32s(0, 1, 1<<32-1, 1)), stsz, stsc, stco), ""},
		{"ctts: a run of 2³²−1 samples", hostileFile(64, stts, box("ctts", u32s(0, 1, 1<<32-1, 1)), stsz, stsc, stco), ""},
		{"stts: shorter than its header", hostileFile(64, box("stts", []byte{0, 0}), stsz, stsc, stco), "short stts"},
		{"stsc: first chunks going back", hostileFile(64, stts, stsz, box("stsc", u32s(0, 3, 2, 0, 1, 1, 0, 1, 1, 1, 0, 1)), stco), "not increasing"},
		{"samples that overlap", hostileFile(64, stts, box("stsz", u32s(0, 0, 3, 60, 60, 60)), box("stsc", u32s(0, 1, 1, 1, 1)), box("stco", u32s(0, 3, 0, 0, 0))), ""},
	} {
		d, err := ReadDecoding(c.file)
		if c.refuse != "" {
			if err == nil || !strings.Contains(err.Error(), c.refuse) {
				t.Errorf("%s: ReadDecoding gave %v, want %q", c.name, err, c.refuse)
			}
		} else if err != nil || len(d.Samples) != 3 {
			t.Errorf("%s: ReadDecoding: %d samples, %v", c.name, len(d.Samples), err)
		}
		if tm, err := ReadTiming(c.file); err == nil && tm.Frames > len(c.file) {
			t.Errorf("%s: ReadTiming counts %d frames in %d bytes", c.name, tm.Frames, len(c.file))
		}
		if out, _, err := Trim(c.file, Options{End: 1}); err == nil && len(out) > 2*len(c.file) {
			t.Errorf("%s: Trim wrote %d bytes from %d", c.name, len(out), len(c.file))
		}
	}
}

// FuzzTables: no file makes the readers panic, hang or write a file
// larger than they read (seeds: real clips, cut, and the 4.6 KB file the
// fuzzer found that took 50 s before the tables' counts were checked).
func FuzzTables(f *testing.F) {
	for _, name := range []string{"run_side_overground_sports2d_demo3.mp4", "pose2sim_cam01.mp4"} {
		b, err := os.ReadFile("../../../shared/data/videos/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(b[len(b)-64<<10:])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if tm, err := ReadTiming(b); err == nil && tm.Frames > len(b) {
			t.Errorf("ReadTiming counts %d frames in %d bytes", tm.Frames, len(b))
		}
		if d, err := ReadDecoding(b); err == nil && len(d.Samples) > len(b) {
			t.Errorf("ReadDecoding lists %d samples in %d bytes", len(d.Samples), len(b))
		}
		for _, o := range []Options{{Start: 0.5, End: 1.5, MaxLen: 1}, {End: 2, Crop: &Rect{X: 100, Y: 50, W: 200, H: 100}}} {
			if out, _, err := Trim(b, o); err == nil && len(out) > 5*len(b)+4096 { // per-sample sizes: 4 bytes a sample of at least one
				t.Errorf("Trim wrote %d bytes from %d", len(out), len(b))
			}
		}
	})
}
