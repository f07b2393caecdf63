package jump

import (
	"encoding/json"
	"math"
	"testing"
)

// TestEditedFlights: the detected flights given back are the detected
// result; a moved landing, a deleted flight and an added one give the
// frame-timed flight (LandingFrame − TakeoffFrame − 1 frames) and its
// g·t²/8, and the summary follows.
func TestEditedFlights(t *testing.T) {
	const fps = 30.0
	var js []synthJump
	for k, f := range []float64{0.4, 0.5, 0.35} {
		js = append(js, levelJump(1.2+1.6*float64(k), f))
	}
	a := athlete{FPS: fps, Duration: 6.5, Noise: 1, Jumps: js}
	frames := clean(a.Frames(), fps)
	o := Options{FPS: fps, HeightM: synthHeightM}
	det := Analyze(frames, o)
	if det.Count != 3 {
		t.Fatalf("%d jumps detected", det.Count)
	}
	same, err := Edited(frames, o, Flights(det))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := json.Marshal(det)
	y, _ := json.Marshal(same)
	if string(x) != string(y) {
		t.Errorf("the detected flights given back:\n%s\nwant\n%s", y, x)
	}

	fs := Flights(det)
	fs[0].LandingFrame += 2
	fs = append(fs[:1], fs[2])                                                             // delete the second
	fs = append(fs, Flight{TakeoffFrame: int(5.6 * fps), LandingFrame: int(5.6*fps) + 10}) // add one
	r, err := Edited(frames, o, fs)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != 3 {
		t.Fatalf("%d jumps", r.Count)
	}
	moved := r.Jumps[0]
	want := float64(fs[0].LandingFrame-fs[0].TakeoffFrame-1) / fps
	if moved.FlightTimeS != want || moved.HeightFlightM != FlightHeight(want) || moved.Confidence != 1 || moved.HipRiseM == nil {
		t.Errorf("moved flight %+v, want %.4f s", moved, want)
	}
	if r.Jumps[1].Index != 2 || r.Jumps[1].TakeoffS != det.Jumps[2].TakeoffS || r.Jumps[1].FlightTimeS != det.Jumps[2].FlightTimeS || r.Jumps[1].Confidence != det.Jumps[2].Confidence {
		t.Errorf("the kept detected flight changed: %+v, was %+v", r.Jumps[1], det.Jumps[2])
	}
	if got := r.Jumps[2].FlightTimeS; math.Abs(got-9/fps) > 1e-12 {
		t.Errorf("added flight %.4f s, want 9 frames", got)
	}
	mean := (moved.FlightTimeS + r.Jumps[1].FlightTimeS + r.Jumps[2].FlightTimeS) / 3
	if math.Abs(r.FlightTime.Mean-mean) > 1e-9 || r.Best == nil || r.Best.Index != 1 {
		t.Errorf("summary %+v best %+v, want mean %.4f", r.FlightTime, r.Best, mean)
	}

	for name, bad := range map[string][]Flight{
		"landing a frame after take-off": {{TakeoffFrame: 10, LandingFrame: 11}},
		"past the clip":                  {{TakeoffFrame: 10, LandingFrame: len(frames)}},
		"overlapping":                    {{TakeoffFrame: 30, LandingFrame: 40}, {TakeoffFrame: 35, LandingFrame: 45}},
		"too long":                       {{TakeoffFrame: 10, LandingFrame: 10 + int(fps*MaxFlightS) + 5}},
	} {
		if _, err := Edited(frames, o, bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
