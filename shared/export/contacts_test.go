package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// Ground contacts become two CSV columns (the source of the contact
// covering each frame) and a field of the .trc's first line that a .trc
// reader skips.
func TestContacts(t *testing.T) {
	d := testData()
	d.Contacts = []Contact{{Foot: "left", From: 1, To: 3, Source: "edited"}, {Foot: "right", From: 2, To: 4, Source: "detected"}}
	var b bytes.Buffer
	if err := CSV(&b, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	if h[len(h)-2] != "left_contact" || h[len(h)-1] != "right_contact" {
		t.Fatalf("header ends %v", h[len(h)-2:])
	}
	want := [][2]string{{"", ""}, {"edited", ""}, {"edited", "detected"}, {"", "detected"}, {"", ""}}
	for i, w := range want {
		r := rows[1+i]
		if got := [2]string{r[len(r)-2], r[len(r)-1]}; got != w {
			t.Errorf("frame %d: %v, want %v", i, got, w)
		}
	}
	b.Reset()
	if err := TRC(&b, d); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(b.String(), "\n")
	if !strings.HasSuffix(first, "\tcontacts=left:1-3:edited,right:2-4:detected") {
		t.Errorf("first line %q", first)
	}
	if _, rows, err := ReadTRC(&b); err != nil || len(rows) != numFrames(d) {
		t.Errorf("ReadTRC: %d rows, %v", len(rows), err)
	}
}

// A jump's flights become a CSV column (the source of the flight each
// frame is in the air in: strictly between take-off and landing) and a
// field of the .trc's first line.
func TestFlights(t *testing.T) {
	d := testData()
	d.Flights = []Flight{{Takeoff: 0, Landing: 3, Source: "edited"}}
	var b bytes.Buffer
	if err := CSV(&b, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := rows[0]; h[len(h)-1] != "flight" {
		t.Fatalf("header ends %v", h[len(h)-1])
	}
	for i, w := range []string{"", "edited", "edited", "", ""} {
		if r := rows[1+i]; r[len(r)-1] != w {
			t.Errorf("frame %d: %q, want %q", i, r[len(r)-1], w)
		}
	}
	b.Reset()
	if err := TRC(&b, d); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(b.String(), "\n"); !strings.HasSuffix(first, "\tflights=0-3:edited") {
		t.Errorf("first line %q", first)
	}
	if _, rows, err := ReadTRC(&b); err != nil || len(rows) != numFrames(d) {
		t.Errorf("ReadTRC: %d rows, %v", len(rows), err)
	}
}

// A lift's repetitions become a CSV column (the source of the repetition
// covering each frame, "… bottom" at its turn) and a .trc first-line field.
func TestReps(t *testing.T) {
	d := testData()
	d.Reps = []Rep{{Start: 1, Bottom: 2, End: 3, Source: "edited"}}
	var b bytes.Buffer
	if err := CSV(&b, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := rows[0]; h[len(h)-1] != "rep" {
		t.Fatalf("header ends %v", h[len(h)-1])
	}
	for i, w := range []string{"", "edited", "edited bottom", "edited", ""} {
		if r := rows[1+i]; r[len(r)-1] != w {
			t.Errorf("frame %d: %q, want %q", i, r[len(r)-1], w)
		}
	}
	b.Reset()
	if err := TRC(&b, d); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(b.String(), "\n"); !strings.HasSuffix(first, "\treps=1-2-3:edited") {
		t.Errorf("first line %q", first)
	}
}

// The measure tool's values become one CSV column each, filled on the
// frame they were drawn on.
func TestMeasurementColumns(t *testing.T) {
	d := testData()
	d.Measurements = []Measurement{{Kind: "distance", Unit: "m", Frame: 1, Value: 0.51234}, {Kind: "angle", Unit: "deg", Frame: 3, Value: 90}}
	var b bytes.Buffer
	if err := CSV(&b, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	if h[len(h)-2] != "measure_1_distance_m" || h[len(h)-1] != "measure_2_angle_deg" {
		t.Fatalf("header ends %v", h[len(h)-2:])
	}
	want := [][2]string{{"", ""}, {"0.5123", ""}, {"", ""}, {"", "90"}, {"", ""}}
	for i, w := range want {
		r := rows[1+i]
		if got := [2]string{r[len(r)-2], r[len(r)-1]}; got != w {
			t.Errorf("frame %d: %v, want %v", i, got, w)
		}
	}
}
