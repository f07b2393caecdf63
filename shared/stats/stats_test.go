package stats

import (
	"encoding/json"
	"math"
	"testing"
)

func TestOf(t *testing.T) {
	s := Of([]float64{2, 4, 4, 4, 5, 5, 7, 9})
	if s.Mean != 5 || s.N != 8 || math.Abs(s.SD-2.138) > 0.001 {
		t.Errorf("Of = %+v", s)
	}
	if (Of(nil) != Stat{}) || Of([]float64{3}).SD != 0 {
		t.Error("empty or single value")
	}
}

func TestMedian(t *testing.T) {
	if Median([]float64{3, 1, 2}) != 2 || Median([]float64{4, 1, 3, 2}) != 2.5 || Median(nil) != 0 {
		t.Error("Median")
	}
}

func TestMeanAndRound(t *testing.T) {
	if m := Mean(nil); m != 0 {
		t.Errorf("Mean(nil) = %v, want 0", m)
	}
	if m := Mean([]float64{1, 2, 6}); m != 3 {
		t.Errorf("Mean = %v, want 3", m)
	}
	for _, c := range []struct {
		x      float64
		places int
		want   float64
	}{{1.25, 1, 1.3}, {-1.25, 1, -1.3}, {0.125, 2, 0.13}, {2.0004, 3, 2}, {7.77, 0, 8}} {
		if got := Round(c.x, c.places); got != c.want {
			t.Errorf("Round(%v, %d) = %v, want %v", c.x, c.places, got, c.want)
		}
	}
	// The same numbers as the x*10/10 helpers it replaces.
	for x := -3.0; x < 3; x += 0.0137 {
		if Round(x, 1) != math.Round(x*10)/10 || Round(x, 2) != math.Round(x*100)/100 || Round(x, 3) != math.Round(x*1000)/1000 {
			t.Fatalf("Round(%v) differs from math.Round(x*10^n)/10^n", x)
		}
	}
}

// A Stat of no values is null in JSON (no measurement), not a mean of 0;
// a Stat of values keeps its fields, and null reads back as the zero Stat.
func TestStatJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		A Stat `json:"a"`
		B Stat `json:"b"`
	}{B: Of([]float64{1, 3})})
	if err != nil || string(b) != `{"a":null,"b":{"mean":2,"sd":1.4142135623730951,"n":2}}` {
		t.Fatalf("%s %v", b, err)
	}
	var back struct{ A, B Stat }
	if err := json.Unmarshal(b, &back); err != nil || back.A != (Stat{}) || back.B.N != 2 || back.B.Mean != 2 {
		t.Errorf("read back %+v %v", back, err)
	}
}

func TestMovingMedian(t *testing.T) {
	v := []float64{5, 0, 1, 9, 2, 7}
	got := MovingMedian(v, 1, func(j int) bool { return v[j] != 0 })
	want := []float64{5, 3, 5, 2, 7, 4.5}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("at %d: %v, want %v (all: %v)", i, got[i], want[i], got)
		}
	}
	if got := MovingMedian(v, 2, func(int) bool { return false }); got[3] != 0 {
		t.Errorf("nothing known: %v", got)
	}
}
