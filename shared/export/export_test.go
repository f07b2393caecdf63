package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"motionlab/shared/pose"
)

const (
	nFrames  = 10
	lowFrame = 2 // frame whose left_heel has low visibility
	noAngle  = 5 // frame missing left_knee
)

func isNil(i int) bool { return i == 3 || i == 7 }

func kp(i, j int) pose.Keypoint {
	k := pose.Keypoint{
		X:          float32(100+10*j+i) + 0.25,
		Y:          float32(200+5*j) + 0.5*float32(i),
		Visibility: 0.9,
	}
	if i == lowFrame && j == pose.LeftHeel {
		k.Visibility = 0.1
	}
	return k
}

func testData() Data {
	d := Data{FPS: 30, PixelsPerMetre: 500, ImageHeight: 1080, Name: "sess-1"}
	for i := range nFrames {
		if isNil(i) {
			d.Frames = append(d.Frames, nil)
		} else {
			p := &pose.Person{Score: 1, Keypoints: make([]pose.Keypoint, pose.NumBlazePose)}
			for j := range p.Keypoints {
				p.Keypoints[j] = kp(i, j)
			}
			d.Frames = append(d.Frames, p)
		}
		if i == 7 {
			d.Angles = append(d.Angles, nil)
			continue
		}
		m := map[string]float64{
			"left_knee":  120 + float64(i) + 0.123,
			"right_hip":  -10.5 + float64(i),
			"trunk_lean": 5.25,
			"zz_custom":  1,
			"a_custom":   2,
		}
		if i == noAngle {
			delete(m, "left_knee")
		}
		d.Angles = append(d.Angles, m)
	}
	return d
}

var wantAngles = []string{"left_knee", "right_hip", "trunk_lean", "a_custom", "zz_custom"}

func TestAngleNames(t *testing.T) {
	if got := AngleNames(testData()); !slices.Equal(got, wantAngles) {
		t.Fatalf("AngleNames = %v, want %v", got, wantAngles)
	}
	d := Data{Angles: []map[string]float64{
		{"trunk_lean": 0, "right_ankle": 0, "left_elbow": 0},
		nil,
		{"left_ankle": 0, "b": 0, "right_elbow": 0, "left_shoulder": 0},
	}}
	want := []string{"left_ankle", "left_shoulder", "left_elbow", "right_ankle", "right_elbow", "trunk_lean", "b"}
	if got := AngleNames(d); !slices.Equal(got, want) {
		t.Fatalf("AngleNames = %v, want %v", got, want)
	}
	if got := AngleNames(Data{}); len(got) != 0 {
		t.Fatalf("AngleNames(empty) = %v", got)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestCSV(t *testing.T) {
	d := testData()
	var buf bytes.Buffer
	if err := CSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+nFrames {
		t.Fatalf("%d records, want %d", len(recs), 1+nFrames)
	}
	head := recs[0]
	if want := 2 + 33*3 + len(wantAngles); len(head) != want {
		t.Fatalf("%d columns, want %d", len(head), want)
	}
	if head[0] != "frame" || head[1] != "time_s" || head[2] != "nose_x" || head[3] != "nose_y" || head[4] != "nose_score" {
		t.Fatalf("header starts %v", head[:5])
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	if !slices.Equal(head[2+99:], wantAngles) {
		t.Fatalf("angle columns %v", head[2+99:])
	}
	parse := func(s string) float64 {
		t.Helper()
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("cell %q: %v", s, err)
		}
		return v
	}
	for i := range nFrames {
		r := recs[1+i]
		if r[0] != strconv.Itoa(i) || !near(parse(r[1]), float64(i)/30, 1e-4) {
			t.Fatalf("row %d: frame %q time %q", i, r[0], r[1])
		}
		for j, p := range pose.BlazePose33.Points {
			x, y, s := r[col[p.Name+"_x"]], r[col[p.Name+"_y"]], r[col[p.Name+"_score"]]
			if isNil(i) {
				if x != "" || y != "" || s != "" {
					t.Fatalf("row %d %s: want empty, got %q %q %q", i, p.Name, x, y, s)
				}
				continue
			}
			k := kp(i, j)
			if !near(parse(x), float64(k.X), 0.005) || !near(parse(y), float64(k.Y), 0.005) || !near(parse(s), float64(k.Visibility), 0.0005) {
				t.Fatalf("row %d %s: got %q %q %q, want %v", i, p.Name, x, y, s, k)
			}
		}
		for _, n := range wantAngles {
			cell := r[col[n]]
			want, ok := d.Angles[i][n]
			if !ok {
				if cell != "" {
					t.Fatalf("row %d %s: want empty, got %q", i, n, cell)
				}
				continue
			}
			if !near(parse(cell), want, 0.005) {
				t.Fatalf("row %d %s: got %q, want %v", i, n, cell, want)
			}
		}
	}
	if r := recs[1+noAngle]; r[col["left_knee"]] != "" || r[col["right_hip"]] == "" {
		t.Fatalf("row %d angles: %q %q", noAngle, r[col["left_knee"]], r[col["right_hip"]])
	}
}

func TestTRC(t *testing.T) {
	d := testData()
	var buf bytes.Buffer
	if err := TRC(&buf, d); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	want := []string{
		"PathFileType\t4\t(X/Y/Z)\tsess-1.trc",
		"DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
		"30\t30\t10\t33\tm\t30\t1\t10",
	}
	for i, w := range want {
		if lines[i] != w {
			t.Fatalf("line %d = %q, want %q", i+1, lines[i], w)
		}
	}
	if !strings.HasPrefix(lines[3], "Frame#\tTime\tnose\t\t\tleft_eye_inner\t\t\t") ||
		!strings.HasSuffix(lines[3], "\tright_foot_index\t\t") {
		t.Fatalf("line 4 = %q", lines[3])
	}
	if !strings.HasPrefix(lines[4], "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\t") || !strings.HasSuffix(lines[4], "\tX33\tY33\tZ33") {
		t.Fatalf("line 5 = %q", lines[4])
	}
	if lines[5] != "" {
		t.Fatalf("line 6 = %q, want blank", lines[5])
	}
	if got := len(strings.Split(lines[6], "\t")); got != 2+33*3 {
		t.Fatalf("first data row has %d cells", got)
	}

	markers, rows, err := ReadTRC(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(markers) != 33 || markers[0] != "nose" || markers[pose.LeftHeel] != "left_heel" || markers[32] != "right_foot_index" {
		t.Fatalf("markers %v", markers)
	}
	if len(rows) != nFrames {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		if r[0] != float64(i+1) || !near(r[1], float64(i)/30, 1e-6) {
			t.Fatalf("row %d: frame %v time %v", i, r[0], r[1])
		}
		for j := range 33 {
			x, y, z := r[2+3*j], r[3+3*j], r[4+3*j]
			blank := isNil(i) || (i == lowFrame && j == pose.LeftHeel)
			if blank {
				if !math.IsNaN(x) || !math.IsNaN(y) || !math.IsNaN(z) {
					t.Fatalf("row %d marker %d: want blank, got %v %v %v", i, j, x, y, z)
				}
				continue
			}
			k := kp(i, j)
			wx, wy := float64(k.X)/500, (1080-float64(k.Y))/500
			if !near(x, wx, 1e-5) || !near(y, wy, 1e-5) || z != 0 {
				t.Fatalf("row %d marker %d: got %v %v %v, want %v %v 0", i, j, x, y, z, wx, wy)
			}
		}
	}
	// A known value: frame 0 nose at (100.25, 200) px → (0.2005, 1.76) m.
	if x, y := rows[0][2], rows[0][3]; !near(x, 0.2005, 1e-9) || !near(y, 1.76, 1e-9) {
		t.Fatalf("nose frame 1 = %v %v", x, y)
	}
	// The low-visibility heel is blank while its neighbour is not.
	if r := rows[lowFrame]; !math.IsNaN(r[2+3*pose.LeftHeel]) || math.IsNaN(r[2+3*pose.RightHeel]) {
		t.Fatalf("heels in frame %d: %v %v", lowFrame, r[2+3*pose.LeftHeel], r[2+3*pose.RightHeel])
	}
}

func TestMOT(t *testing.T) {
	d := testData()
	var buf bytes.Buffer
	if err := MOT(&buf, d); err != nil {
		t.Fatal(err)
	}
	head := "sess-1\nversion=1\nnRows=10\nnColumns=6\ninDegrees=yes\nendheader\ntime\tleft_knee\tright_hip\ttrunk_lean\ta_custom\tzz_custom\n"
	if !strings.HasPrefix(buf.String(), head) {
		t.Fatalf("header:\n%s", buf.String()[:min(len(buf.String()), len(head)+20)])
	}
	names, times, values, err := ReadMOT(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, wantAngles) {
		t.Fatalf("names %v", names)
	}
	if len(times) != nFrames || len(values) != nFrames {
		t.Fatalf("%d times, %d rows", len(times), len(values))
	}
	for i := range nFrames {
		if !near(times[i], float64(i)/30, 1e-6) {
			t.Fatalf("time %d = %v", i, times[i])
		}
		for c, n := range names {
			got := values[i][c]
			want, ok := d.Angles[i][n]
			if !ok {
				if !math.IsNaN(got) {
					t.Fatalf("row %d %s = %v, want NaN", i, n, got)
				}
				continue
			}
			if !near(got, want, 1e-4) {
				t.Fatalf("row %d %s = %v, want %v", i, n, got, want)
			}
		}
	}
	if !math.IsNaN(values[noAngle][0]) || !math.IsNaN(values[7][2]) {
		t.Fatal("missing angles not NaN")
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name     string
		fps, ppm float64
		trc, mot error
	}{
		{"ppm0", 30, 0, ErrScale, nil},
		{"ppmNeg", 30, -1, ErrScale, nil},
		{"fps0", 0, 500, ErrFPS, ErrFPS},
		{"fpsNeg", -30, 500, ErrFPS, ErrFPS},
		{"fpsNaN", math.NaN(), 500, ErrFPS, ErrFPS},
	} {
		d := testData()
		d.FPS, d.PixelsPerMetre = c.fps, c.ppm
		var buf bytes.Buffer
		if err := TRC(&buf, d); !errors.Is(err, c.trc) || err == nil {
			t.Errorf("%s: TRC err = %v, want %v", c.name, err, c.trc)
		}
		if err := MOT(&buf, d); !errors.Is(err, c.mot) || (c.mot == nil) != (err == nil) {
			t.Errorf("%s: MOT err = %v, want %v", c.name, err, c.mot)
		}
	}
}

func TestEmptyAndShort(t *testing.T) {
	// No frames: valid, empty tables.
	d := Data{FPS: 60, PixelsPerMetre: 100, ImageHeight: 720}
	var buf bytes.Buffer
	if err := TRC(&buf, d); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "PathFileType\t4\t(X/Y/Z)\tmotionlab.trc\n") {
		t.Fatalf("default name: %q", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	if m, rows, err := ReadTRC(&buf); err != nil || len(m) != 33 || len(rows) != 0 {
		t.Fatalf("ReadTRC(empty) = %d markers, %d rows, %v", len(m), len(rows), err)
	}
	buf.Reset()
	if err := MOT(&buf, d); err != nil {
		t.Fatal(err)
	}
	if n, ts, _, err := ReadMOT(&buf); err != nil || len(n) != 0 || len(ts) != 0 {
		t.Fatalf("ReadMOT(empty) = %v %v %v", n, ts, err)
	}
	// A person with fewer keypoints: the rest are blank.
	d.Frames = []*pose.Person{{Keypoints: []pose.Keypoint{{X: 10, Y: 20, Visibility: 1}}}}
	buf.Reset()
	if err := CSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if r := recs[1]; r[2] != "10" || r[3] != "20" || r[4] != "1" || r[5] != "" || len(r) != 2+99 {
		t.Fatalf("short person row %v", r[:6])
	}
}

func TestReadErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := MOT(&buf, testData()); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(buf.String(), "nRows=10", "nRows=11", 1)
	if _, _, _, err := ReadMOT(strings.NewReader(bad)); err == nil {
		t.Error("ReadMOT accepted wrong nRows")
	}
	if _, _, _, err := ReadMOT(strings.NewReader("x\nversion=1\n")); err == nil {
		t.Error("ReadMOT accepted missing endheader")
	}
	buf.Reset()
	if err := TRC(&buf, testData()); err != nil {
		t.Fatal(err)
	}
	bad = strings.Replace(buf.String(), "\t10\t33\tm", "\t9\t33\tm", 1)
	if _, _, err := ReadTRC(strings.NewReader(bad)); err == nil {
		t.Error("ReadTRC accepted wrong NumFrames")
	}
	// Trailing blank cells stripped by an editor still read as blanks.
	trimmed := strings.ReplaceAll(buf.String(), "\t\t\t\n", "\n")
	if _, rows, err := ReadTRC(strings.NewReader(trimmed)); err != nil || !math.IsNaN(rows[3][len(rows[3])-1]) {
		t.Errorf("ReadTRC(trimmed) err = %v", err)
	}
}
