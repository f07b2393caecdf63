package filter

import (
	"math"
	"testing"
)

func TestFillGapsShortOnly(t *testing.T) {
	xs := []float64{0, 99, 2, 3, 99, 99, 99, 99, 8, 99}
	valid := []bool{true, false, true, true, false, false, false, false, true, false}
	out, ok := FillGaps(xs, valid, 3)
	if !ok[1] || math.Abs(out[1]-1) > 1e-12 {
		t.Errorf("1-sample gap: got %v ok=%v, want 1", out[1], ok[1])
	}
	for i := 4; i <= 7; i++ {
		if ok[i] {
			t.Errorf("sample %d in a 4-sample gap was filled (max 3)", i)
		}
	}
	if ok[9] {
		t.Error("trailing gap was invented")
	}
}

func TestButterworthPassesLowRejectsHigh(t *testing.T) {
	fs := 60.0
	q, err := Butterworth(6, fs)
	if err != nil {
		t.Fatal(err)
	}
	n := 600
	low, high := make([]float64, n), make([]float64, n)
	for i := range low {
		tt := float64(i) / fs
		low[i] = math.Sin(2 * math.Pi * 1 * tt)
		high[i] = math.Sin(2 * math.Pi * 20 * tt)
	}
	fl, fh := q.FiltFilt(low), q.FiltFilt(high)
	var errLow, ampHigh float64
	for i := 60; i < n-60; i++ {
		errLow = math.Max(errLow, math.Abs(fl[i]-low[i]))
		ampHigh = math.Max(ampHigh, math.Abs(fh[i]))
	}
	if errLow > 0.01 {
		t.Errorf("1 Hz passes with max error %.4f (zero lag expected), want ≤ 0.01", errLow)
	}
	if ampHigh > 0.02 {
		t.Errorf("20 Hz amplitude after filtering %.4f, want ≤ 0.02", ampHigh)
	}
	// A constant stays constant, ends included.
	c := q.FiltFilt([]float64{5, 5, 5, 5, 5, 5, 5, 5})
	for _, v := range c {
		if math.Abs(v-5) > 1e-9 {
			t.Fatalf("constant input changed: %v", c)
		}
	}
}

func TestButterworthRejectsBadCutoff(t *testing.T) {
	if _, err := Butterworth(40, 60); err == nil {
		t.Error("cut-off above Nyquist accepted")
	}
}

func TestRuns(t *testing.T) {
	got := Runs([]bool{true, true, false, false, true, false, true})
	want := [][2]int{{0, 2}, {4, 5}, {6, 7}}
	if len(got) != len(want) {
		t.Fatalf("Runs = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Runs = %v, want %v", got, want)
		}
	}
	if Runs(nil) != nil || Runs([]bool{false}) != nil {
		t.Error("no run should give nil")
	}
}
