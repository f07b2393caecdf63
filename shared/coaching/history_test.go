package coaching

import (
	"testing"
	"time"

	"motionlab/shared/gait/gaittest"
)

// Before: an overstrider; after: landing under the hip. The comparison
// has both values, delta = after − before, and calls overstride improved.
func TestCompareAndTrends(t *testing.T) {
	before, _ := report(t, gaittest.Runner{Cadence: 150, Contact: 0.25, Speed: 3.5, FPS: 120, Duration: 4, Dir: 1, Reach: 0.4}, Input{})
	after, _ := report(t, gaittest.Runner{Cadence: 172, Contact: 0.25, Speed: 3.5, FPS: 120, Duration: 4, Dir: 1, Reach: 0.05}, Input{})
	cs := Compare(before, after)
	var os *Compared
	for i := range cs {
		if cs[i].ID == "overstride" {
			os = &cs[i]
		}
	}
	if os == nil || os.A == nil || os.B == nil || os.Delta == nil {
		t.Fatalf("overstride comparison %+v", os)
	}
	near(t, "delta", *os.Delta, *os.B-*os.A, 0.11)
	if *os.Delta > -15 || os.Change != Improved {
		t.Errorf("overstride %+v: want a large drop, improved", os)
	}
	if len(cs) != len(before.Metrics) {
		t.Errorf("%d compared metrics, want %d", len(cs), len(before.Metrics))
	}

	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pts := map[string][]Point{}
	for i, r := range []*Report{before, after, after} {
		m := r.Metric("cadence")
		pts["cadence"] = append(pts["cadence"], Point{AnalysisID: string(rune('a' + i)), CreatedAt: t0.AddDate(0, 0, i), Value: *m.Value, Status: m.Status, Score: m.Score})
	}
	tr := Trends(pts)
	if len(tr) != 1 || tr[0].ID != "cadence" || len(tr[0].Points) != 3 {
		t.Fatalf("trends %+v", tr)
	}
	near(t, "cadence slope", tr[0].SlopePerAnalysis, (*after.Metric("cadence").Value-*before.Metric("cadence").Value)/2, 0.01)
	if tr[0].Change != Improved {
		t.Errorf("cadence 150 → 172: change %s", tr[0].Change)
	}
	if one := Trends(map[string][]Point{"cadence": pts["cadence"][:1]}); one[0].Change != NotJudged {
		t.Errorf("single point: %s", one[0].Change)
	}
}
