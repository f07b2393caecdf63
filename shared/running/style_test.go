package running

import (
	"math"
	"testing"
)

// TestStyleFarFromEveryAnchor: a cadence no runner has (a coach's odd
// edit: steps a frame apart) still gives probabilities, all of them
// numbers, summing to 100 %, the nearest anchor's the largest.
func TestStyleFarFromEveryAnchor(t *testing.T) {
	for _, c := range []struct{ cadence, df float64 }{{3600, 0.2}, {170, 0.35}, {20, 0.45}} {
		r := classifyStyle(c.cadence, c.df, 4, 1.75)
		var sum float64
		for name, p := range r.Probabilities {
			if math.IsNaN(p) || math.IsInf(p, 0) {
				t.Fatalf("cadence %v: %s probability %v", c.cadence, name, p)
			}
			sum += p
		}
		if math.Abs(sum-100) > 0.5 || math.IsNaN(r.Confidence) || r.Probabilities[r.Style] != r.Confidence {
			t.Errorf("cadence %v: probabilities %v (sum %.1f), style %q at %v %%", c.cadence, r.Probabilities, sum, r.Style, r.Confidence)
		}
	}
}
