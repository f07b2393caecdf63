package stats

import (
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
