// Package export writes an athlete's track as CSV, OpenSim .trc marker
// trajectories and .mot joint angles.
//
// Keypoints are read in the BlazePose-33 layout (pose.BlazePose33): point i
// of a Person is named pose.BlazePose33.Points[i].Name. Keypoints beyond the
// 33rd are ignored; a Person with fewer keypoints has the missing ones
// written as blanks.
package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"motionlab/shared/pose"
)

// Data is what gets exported.
type Data struct {
	FPS    float64
	Frames []*pose.Person       // nil where the athlete is not seen
	Angles []map[string]float64 // same length as Frames (nil entries allowed)
	// PixelsPerMetre converts image pixels to metres for .trc (0 → error for TRC).
	PixelsPerMetre float64
	// ImageHeight in pixels: TRC y is up, so y_m = (ImageHeight − y_px) / PixelsPerMetre.
	ImageHeight int
	Name        string // used in file headers (e.g. the session id)
	// Contacts are the ground contacts in use (nil: no contact columns).
	Contacts []Contact
	// Flights are a jump's flights in use (nil: no flight column).
	Flights []Flight
	// Reps are a lift's repetitions in use (nil: no rep column).
	Reps []Rep
	// Measurements are the measure tool's distances and angles, one CSV
	// column each.
	Measurements []Measurement
}

// Measurement is one of the measure tool's values as the CSV carries it:
// a column named measure_<n>_<kind>_<unit> (n from 1 in the analysis's
// order; kind distance or angle; unit m, px or deg) with Value on the
// row of the frame it was drawn on and empty cells elsewhere.
type Measurement struct {
	Kind  string // "distance" or "angle"
	Unit  string // "m", "px" or "deg"
	Frame int
	Value float64
}

// Rep is one repetition as the exports mark it: its start, turn (bottom)
// and end frames and whether the detector or a coach placed it.
type Rep struct {
	Start, Bottom, End int
	Source             string
}

// trcReps is the .trc first line's field naming the repetitions
// ("\treps=40-70-95:detected,…": start, bottom and end frames, from 0), ""
// without repetitions.
func trcReps(d Data) string {
	if d.Reps == nil {
		return ""
	}
	parts := make([]string, 0, len(d.Reps))
	for _, r := range d.Reps {
		parts = append(parts, fmt.Sprintf("%d-%d-%d:%s", r.Start, r.Bottom, r.End, r.Source))
	}
	return "\treps=" + strings.Join(parts, ",")
}

// repAt is "<source>" for frame i of a repetition, "<source> bottom" at
// its turn, "" outside repetitions.
func repAt(d Data, i int) string {
	for _, r := range d.Reps {
		if i >= r.Start && i <= r.End {
			if i == r.Bottom {
				return r.Source + " bottom"
			}
			return r.Source
		}
	}
	return ""
}

// Flight is one flight as the exports mark it: Takeoff is the last frame
// with a foot on the ground, Landing the first with a foot on it again
// (the frames strictly between are in the air), and whether the detector
// or a coach placed it ("detected", "edited").
type Flight struct {
	Takeoff, Landing int
	Source           string
}

// trcFlights is the .trc first line's field naming the flights
// ("\tflights=11-20:detected,29-39:edited": take-off and landing frames,
// from 0), "" without flights.
func trcFlights(d Data) string {
	if d.Flights == nil {
		return ""
	}
	parts := make([]string, 0, len(d.Flights))
	for _, f := range d.Flights {
		parts = append(parts, fmt.Sprintf("%d-%d:%s", f.Takeoff, f.Landing, f.Source))
	}
	return "\tflights=" + strings.Join(parts, ",")
}

// flightAt is the source of the flight with frame i in the air, "" if none.
func flightAt(d Data, i int) string {
	for _, f := range d.Flights {
		if i > f.Takeoff && i < f.Landing {
			return f.Source
		}
	}
	return ""
}

// Contact is one ground contact as the exports mark it: the frames the
// foot is on the ground (From up to, not including, To) and whether the
// detector or a coach placed it ("detected", "edited").
type Contact struct {
	Foot     string // "left" or "right"
	From, To int
	Source   string
}

// trcContacts is the .trc's first line's extra field naming the ground
// contacts ("\tcontacts=left:12-20:edited,right:25-33:detected", frames
// from 0, To excluded), "" without contacts: readers that take the line's
// first four fields (OpenSim's) skip it.
func trcContacts(d Data) string {
	if d.Contacts == nil {
		return ""
	}
	parts := make([]string, 0, len(d.Contacts))
	for _, c := range d.Contacts {
		parts = append(parts, fmt.Sprintf("%s:%d-%d:%s", c.Foot, c.From, c.To, c.Source))
	}
	return "\tcontacts=" + strings.Join(parts, ",")
}

// contactAt is the source of foot's contact covering frame i, "" if none.
func contactAt(d Data, foot string, i int) string {
	for _, c := range d.Contacts {
		if c.Foot == foot && i >= c.From && i < c.To {
			return c.Source
		}
	}
	return ""
}

// MinTRCVisibility is the keypoint visibility below which a marker is
// written as blank in a .trc file.
const MinTRCVisibility = 0.3

var (
	// ErrFPS is returned by TRC and MOT when Data.FPS is not positive.
	ErrFPS = errors.New("export: FPS must be > 0")
	// ErrScale is returned by TRC when Data.PixelsPerMetre is not positive.
	ErrScale = errors.New("export: PixelsPerMetre must be > 0")
)

// preferredAngles is the fixed order AngleNames puts first.
var preferredAngles = func() []string {
	var out []string
	for _, side := range []string{"left", "right"} {
		for _, j := range []string{"ankle", "knee", "hip", "shoulder", "elbow"} {
			out = append(out, side+"_"+j)
		}
	}
	return append(out, "trunk_lean")
}()

// AngleNames returns the angle keys present in any frame, sorted with a
// fixed preferred order first: for side in left,right: ankle, knee, hip,
// shoulder, elbow; then trunk_lean; then any others alphabetically.
func AngleNames(d Data) []string {
	present := map[string]bool{}
	for _, m := range d.Angles {
		for k := range m {
			present[k] = true
		}
	}
	names := make([]string, 0, len(present))
	for _, k := range preferredAngles {
		if present[k] {
			names = append(names, k)
			delete(present, k)
		}
	}
	rest := make([]string, 0, len(present))
	for k := range present {
		rest = append(rest, k)
	}
	slices.Sort(rest)
	return append(names, rest...)
}

// numFrames is the number of rows written: the longer of Frames and Angles.
func numFrames(d Data) int { return max(len(d.Frames), len(d.Angles)) }

func frameAt(d Data, i int) *pose.Person {
	if i < len(d.Frames) {
		return d.Frames[i]
	}
	return nil
}

// angleAt returns the angle and whether it is present and finite.
func angleAt(d Data, i int, name string) (float64, bool) {
	if i >= len(d.Angles) || d.Angles[i] == nil {
		return 0, false
	}
	v, ok := d.Angles[i][name]
	return v, ok && finite(v)
}

// keypointAt returns keypoint j of p when it exists and has finite coordinates.
func keypointAt(p *pose.Person, j int) (pose.Keypoint, bool) {
	if p == nil || j >= len(p.Keypoints) {
		return pose.Keypoint{}, false
	}
	k := p.Keypoints[j]
	return k, finite(float64(k.X)) && finite(float64(k.Y))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// num formats v with up to prec decimals, dropping trailing zeros.
func num(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.ContainsRune(s, '.') {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// headerName makes Name safe for a one-line header field.
func headerName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		return "motionlab"
	}
	return name
}

// CSV writes one header row and one row per frame: frame (0-based), time_s,
// then for each of the 33 keypoints <name>_x, <name>_y, <name>_score (image
// pixels and visibility; empty cells when the frame has no person), then
// each angle in AngleNames (degrees, empty when missing), then with
// Contacts left_contact and right_contact (the source of the foot's
// contact covering the frame), with Flights flight (the source of the
// flight with the frame in the air) and with Reps rep (the source of the
// repetition covering the frame, "<source> bottom" at its turn), then one
// column per measurement (see Measurement). time_s is empty when FPS ≤ 0.
func CSV(w io.Writer, d Data) error {
	names := AngleNames(d)
	pts := pose.BlazePose33.Points
	cw := csv.NewWriter(w)
	rec := make([]string, 0, 2+3*len(pts)+len(names))
	rec = append(rec, "frame", "time_s")
	for _, p := range pts {
		rec = append(rec, p.Name+"_x", p.Name+"_y", p.Name+"_score")
	}
	rec = append(rec, names...)
	if d.Contacts != nil {
		rec = append(rec, "left_contact", "right_contact")
	}
	if d.Flights != nil {
		rec = append(rec, "flight")
	}
	if d.Reps != nil {
		rec = append(rec, "rep")
	}
	for i, m := range d.Measurements {
		rec = append(rec, fmt.Sprintf("measure_%d_%s_%s", i+1, m.Kind, m.Unit))
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i := range numFrames(d) {
		rec = rec[:0]
		t := ""
		if d.FPS > 0 {
			t = num(float64(i)/d.FPS, 4)
		}
		rec = append(rec, strconv.Itoa(i), t)
		p := frameAt(d, i)
		for j := range pts {
			if k, ok := keypointAt(p, j); ok {
				rec = append(rec, num(float64(k.X), 2), num(float64(k.Y), 2), num(float64(k.Visibility), 3))
			} else {
				rec = append(rec, "", "", "")
			}
		}
		for _, n := range names {
			if v, ok := angleAt(d, i, n); ok {
				rec = append(rec, num(v, 2))
			} else {
				rec = append(rec, "")
			}
		}
		if d.Contacts != nil {
			rec = append(rec, contactAt(d, "left", i), contactAt(d, "right", i))
		}
		if d.Flights != nil {
			rec = append(rec, flightAt(d, i))
		}
		if d.Reps != nil {
			rec = append(rec, repAt(d, i))
		}
		for _, m := range d.Measurements {
			v := ""
			if m.Frame == i && finite(m.Value) {
				v = num(m.Value, 4)
			}
			rec = append(rec, v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// TRC writes an OpenSim marker trajectory file (.trc, tab separated) in
// metres: the five standard header lines, a blank line, then one row per
// frame with Frame# starting at 1, time in seconds, and X Y Z per marker
// (X = x_px/ppm, Y = (ImageHeight − y_px)/ppm so that Y is up, Z = 0).
// Frames without a person, and markers with visibility below
// MinTRCVisibility, have empty cells, which OpenSim reads as missing
// markers. Marker names are the BlazePose-33 keypoint names. It returns
// ErrScale when PixelsPerMetre ≤ 0 and ErrFPS when FPS ≤ 0.
func TRC(w io.Writer, d Data) error {
	if !(d.PixelsPerMetre > 0) || math.IsInf(d.PixelsPerMetre, 0) {
		return ErrScale
	}
	if !(d.FPS > 0) || math.IsInf(d.FPS, 0) {
		return ErrFPS
	}
	pts := pose.BlazePose33.Points
	n := numFrames(d)
	name := headerName(d.Name)
	if !strings.HasSuffix(strings.ToLower(name), ".trc") {
		name += ".trc"
	}
	rate := num(d.FPS, 6)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "PathFileType\t4\t(X/Y/Z)\t%s%s%s%s\n", name, trcContacts(d), trcFlights(d), trcReps(d))
	bw.WriteString("DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n")
	fmt.Fprintf(bw, "%s\t%s\t%d\t%d\tm\t%s\t1\t%d\n", rate, rate, n, len(pts), rate, n)
	bw.WriteString("Frame#\tTime")
	for _, p := range pts {
		bw.WriteString("\t" + p.Name + "\t\t")
	}
	bw.WriteString("\n\t")
	for j := range pts {
		fmt.Fprintf(bw, "\tX%d\tY%d\tZ%d", j+1, j+1, j+1)
	}
	bw.WriteString("\n\n")
	ppm, h := d.PixelsPerMetre, float64(d.ImageHeight)
	for i := range n {
		fmt.Fprintf(bw, "%d\t%s", i+1, num(float64(i)/d.FPS, 6))
		p := frameAt(d, i)
		for j := range pts {
			k, ok := keypointAt(p, j)
			if !ok || !(k.Visibility >= MinTRCVisibility) {
				bw.WriteString("\t\t\t")
				continue
			}
			x := float64(k.X) / ppm
			y := (h - float64(k.Y)) / ppm
			fmt.Fprintf(bw, "\t%s\t%s\t0", num(x, 5), num(y, 5))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// MOT writes joint angles (degrees) as an OpenSim storage file (.mot): the
// header "<name>\nversion=1\nnRows=N\nnColumns=M\ninDegrees=yes\nendheader\n"
// (M counts the time column), then a tab-separated column header
// "time\t<angle names>" with the names of AngleNames, and one row per frame.
// A missing (or non-finite) angle is written as NaN, which OpenSim's
// Storage reads as not-a-number. It returns ErrFPS when FPS ≤ 0.
func MOT(w io.Writer, d Data) error {
	if !(d.FPS > 0) || math.IsInf(d.FPS, 0) {
		return ErrFPS
	}
	names := AngleNames(d)
	n := numFrames(d)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\nversion=1\nnRows=%d\nnColumns=%d\ninDegrees=yes\nendheader\n",
		headerName(d.Name), n, 1+len(names))
	bw.WriteString("time")
	for _, name := range names {
		bw.WriteString("\t" + name)
	}
	bw.WriteByte('\n')
	for i := range n {
		bw.WriteString(num(float64(i)/d.FPS, 6))
		for _, name := range names {
			if v, ok := angleAt(d, i, name); ok {
				bw.WriteString("\t" + num(v, 4))
			} else {
				bw.WriteString("\tNaN")
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
