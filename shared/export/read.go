package export

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// lineReader yields lines without their end-of-line characters.
type lineReader struct {
	sc *bufio.Scanner
	n  int
}

func newLineReader(r io.Reader) *lineReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	return &lineReader{sc: sc}
}

// next returns the next line; ok is false at the end (err set on a read error).
func (l *lineReader) next() (line string, ok bool, err error) {
	if !l.sc.Scan() {
		return "", false, l.sc.Err()
	}
	l.n++
	return strings.TrimRight(l.sc.Text(), "\r"), true, nil
}

// nextNonBlank skips blank lines.
func (l *lineReader) nextNonBlank() (string, bool, error) {
	for {
		line, ok, err := l.next()
		if !ok || strings.TrimSpace(line) != "" {
			return line, ok, err
		}
	}
}

// fields splits a table line on tabs, or on white space when it has none.
func fields(line string) []string {
	if !strings.Contains(line, "\t") {
		return strings.Fields(line)
	}
	f := strings.Split(line, "\t")
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	return f
}

// ReadMOT reads an OpenSim storage file (.mot/.sto) as written by MOT:
// the angle column names (without time), the time column and one row of
// values per time. "NaN"/"nan" cells read as NaN. The header's nRows and
// nColumns, when given, must match the table.
func ReadMOT(r io.Reader) (names []string, times []float64, values [][]float64, err error) {
	lr := newLineReader(r)
	nRows, nCols := -1, -1
	for {
		line, ok, err := lr.next()
		if err != nil {
			return nil, nil, nil, err
		}
		if !ok {
			return nil, nil, nil, fmt.Errorf("export: mot: no endheader line")
		}
		line = strings.TrimSpace(line)
		if strings.EqualFold(line, "endheader") {
			break
		}
		k, v, found := strings.Cut(line, "=")
		if !found {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "nrows":
			nRows, err = strconv.Atoi(strings.TrimSpace(v))
		case "ncolumns":
			nCols, err = strconv.Atoi(strings.TrimSpace(v))
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("export: mot line %d: %v", lr.n, err)
		}
	}
	line, ok, err := lr.nextNonBlank()
	if err != nil {
		return nil, nil, nil, err
	}
	if !ok {
		return nil, nil, nil, fmt.Errorf("export: mot: no column header")
	}
	labels := fields(line)
	if len(labels) == 0 || !strings.EqualFold(labels[0], "time") {
		return nil, nil, nil, fmt.Errorf("export: mot line %d: first column is not time", lr.n)
	}
	if nCols >= 0 && nCols != len(labels) {
		return nil, nil, nil, fmt.Errorf("export: mot: nColumns=%d but %d columns", nCols, len(labels))
	}
	names = labels[1:]
	for {
		line, ok, err := lr.nextNonBlank()
		if err != nil {
			return nil, nil, nil, err
		}
		if !ok {
			break
		}
		f := fields(line)
		if len(f) != len(labels) {
			return nil, nil, nil, fmt.Errorf("export: mot line %d: %d cells, want %d", lr.n, len(f), len(labels))
		}
		row := make([]float64, len(f))
		for i, s := range f {
			if row[i], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, nil, nil, fmt.Errorf("export: mot line %d: %v", lr.n, err)
			}
		}
		times = append(times, row[0])
		values = append(values, row[1:])
	}
	if nRows >= 0 && nRows != len(times) {
		return nil, nil, nil, fmt.Errorf("export: mot: nRows=%d but %d rows", nRows, len(times))
	}
	return names, times, values, nil
}

// ReadTRC reads an OpenSim marker trajectory file (.trc) as written by TRC:
// the marker names and one row per frame holding Frame#, Time, then X, Y, Z
// per marker, with NaN for blank cells (missing markers). The header's
// NumMarkers and NumFrames must match the table.
func ReadTRC(r io.Reader) (markers []string, rows [][]float64, err error) {
	lr := newLineReader(r)
	var head [5]string
	for i := range head {
		line, ok, err := lr.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, fmt.Errorf("export: trc: header ends at line %d", lr.n)
		}
		head[i] = line
	}
	if !strings.HasPrefix(head[0], "PathFileType") {
		return nil, nil, fmt.Errorf("export: trc: first line is not PathFileType")
	}
	keys, vals := fields(head[1]), fields(head[2])
	if len(vals) < len(keys) {
		return nil, nil, fmt.Errorf("export: trc: %d header values for %d keys", len(vals), len(keys))
	}
	numFrames, numMarkers := -1, -1
	for i, k := range keys {
		var err error
		switch k {
		case "NumFrames":
			numFrames, err = strconv.Atoi(vals[i])
		case "NumMarkers":
			numMarkers, err = strconv.Atoi(vals[i])
		}
		if err != nil {
			return nil, nil, fmt.Errorf("export: trc: %s: %v", k, err)
		}
	}
	for _, f := range strings.Split(head[3], "\t") {
		if f = strings.TrimSpace(f); f != "" {
			markers = append(markers, f)
		}
	}
	if len(markers) < 2 || markers[0] != "Frame#" || markers[1] != "Time" {
		return nil, nil, fmt.Errorf("export: trc: line 4 does not start with Frame#, Time")
	}
	markers = markers[2:]
	if numMarkers >= 0 && numMarkers != len(markers) {
		return nil, nil, fmt.Errorf("export: trc: NumMarkers=%d but %d marker names", numMarkers, len(markers))
	}
	width := 2 + 3*len(markers)
	for {
		line, ok, err := lr.nextNonBlank()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		f := strings.Split(line, "\t")
		for len(f) > width && strings.TrimSpace(f[len(f)-1]) == "" {
			f = f[:len(f)-1]
		}
		if len(f) > width {
			return nil, nil, fmt.Errorf("export: trc line %d: %d cells, want %d", lr.n, len(f), width)
		}
		row := make([]float64, width)
		for i := range row {
			s := ""
			if i < len(f) {
				s = strings.TrimSpace(f[i])
			}
			if s == "" {
				if i < 2 {
					return nil, nil, fmt.Errorf("export: trc line %d: blank frame or time", lr.n)
				}
				row[i] = math.NaN()
				continue
			}
			if row[i], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, nil, fmt.Errorf("export: trc line %d: %v", lr.n, err)
			}
		}
		rows = append(rows, row)
	}
	if numFrames >= 0 && numFrames != len(rows) {
		return nil, nil, fmt.Errorf("export: trc: NumFrames=%d but %d rows", numFrames, len(rows))
	}
	return markers, rows, nil
}
