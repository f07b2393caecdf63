package analysis

import (
	"reflect"
	"strings"
	"testing"
)

// A parameter has one name: the form's and the JSON's.
func TestParamNames(t *testing.T) {
	ty := reflect.TypeFor[Params]()
	for i := range ty.NumField() {
		f := ty.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if form := f.Tag.Get("form"); form != name {
			t.Errorf("%s: form name %q, JSON name %q", f.Name, form, name)
		}
		if d := f.Tag.Get("default"); d != "" {
			t.Errorf("%s: default tag %q: defaults belong in Defaults", f.Name, d)
		}
	}
}

func TestDefaults(t *testing.T) {
	want := map[string]any{"activity": "running", "analysis_type": "side_view", "height": 170.0, "weight": 70.0,
		"language": "en", "full_body": true}
	if got := DefaultValues(); !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultValues() = %v, want %v", got, want)
	}
	sent := map[string]bool{"activity": true, "height": true, "full_body": true}
	p := Params{Activity: Jump, Height: 180}.WithDefaults(func(name string) bool { return sent[name] })
	want2 := Params{Activity: Jump, AnalysisType: "side_view", Height: 180, Weight: 70, Language: "en"}
	if p != want2 {
		t.Errorf("WithDefaults = %+v, want %+v (a sent false stays false)", p, want2)
	}
}

func TestRunningOptions(t *testing.T) {
	if _, err := (Params{Treadmill: true, Height: 170}).runningOptions(30); err == nil {
		t.Error("treadmill without pace must fail")
	}
	o, err := Params{Treadmill: true, Pace: "04:30", Height: 180}.runningOptions(30)
	if err != nil || o.PaceSecPerKm != 270 || o.HeightM != 1.8 {
		t.Errorf("runningOptions = %+v, %v", o, err)
	}
}

func TestForm(t *testing.T) {
	p := Defaults()
	p.Pace, p.Height = "04:30", 181.5
	want := "activity=running&analysis_type=side_view&full_body=true&height=181.5&language=en&pace=04%3A30&treadmill=false&weight=70"
	if got := p.Form().Encode(); got != want {
		t.Errorf("Form() = %s, want %s", got, want)
	}
}

// The scale is the calibration line's when there is one, else body height
// over the athlete's height.
func TestPixelsPerMetre(t *testing.T) {
	p := Defaults()
	if got := p.PixelsPerMetre(340); got != 200 {
		t.Errorf("170 cm drawn 340 px tall: %v px/m, want 200", got)
	}
	if got := p.PixelsPerMetre(0); got != 0 {
		t.Errorf("no body: %v px/m, want 0", got)
	}
	p = p.WithCalibration(Calibration{X1: 100, Y1: 500, X2: 400, Y2: 900, LengthM: 2.5})
	if got := p.PixelsPerMetre(340); got != 200 {
		t.Errorf("a 500 px line of 2.5 m: %v px/m, want 200", got)
	}
}

// Only a jump's athlete is the one who moves most up and down.
func TestVerticalAthlete(t *testing.T) {
	for _, a := range []string{Running, Sprint, Jump, Lift, ""} {
		if got := (Params{Activity: a}).VerticalAthlete(); got != (a == Jump) {
			t.Errorf("%q: vertical %v", a, got)
		}
	}
}
