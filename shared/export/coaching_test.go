package export

import (
	"bytes"
	"encoding/csv"
	"testing"

	"motionlab/shared/coaching"
)

func TestCoachingCSV(t *testing.T) {
	v, l, r, lo, hi, sc := 9.5, 8.0, 11.0, 2.0, 10.0, 1.0
	rep := &coaching.Report{Metrics: []coaching.Metric{
		{ID: "trunk_lean", Name: "Trunk lean", Unit: "°", Views: []string{"side"}, Confidence: "high", Value: &v, N: 1, Status: "good", Score: &sc,
			Band: &coaching.Band{GoodLow: &lo, GoodHigh: &hi, Source: "teng_powers_2014"}},
		{ID: "hip_extension", Name: "Hip extension", Unit: "°", Views: []string{"side"}, Confidence: "high", Value: &v, Left: &l, Right: &r, N: 6, Status: "info",
			Asymmetry: &coaching.Asymmetry{IndexPct: 31.6, Side: "left", Flagged: true}},
		{ID: "head_drop", Name: "Head drop", Unit: "% leg", Views: []string{"side"}, Confidence: "moderate", Status: "unmeasured"},
	}}
	var buf bytes.Buffer
	if err := CoachingCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || len(rows[0]) != len(CoachingHeader) {
		t.Fatalf("rows %q", rows)
	}
	want := map[string][2]string{"value": {"9.5", ""}, "good_high": {"10", ""}, "band_source": {"teng_powers_2014", ""}, "asymmetry_pct": {"", "31.6"}, "asymmetry_side": {"", "left"}, "left": {"", "8"}}
	for i, h := range rows[0] {
		if w, ok := want[h]; ok && (rows[1][i] != w[0] || (h != "value" && rows[2][i] != w[1])) {
			t.Errorf("column %s: %q / %q, want %q", h, rows[1][i], rows[2][i], w)
		}
	}
	if rows[3][5] != "" || rows[3][9] != "unmeasured" {
		t.Errorf("unmeasured row %q", rows[3])
	}
	if err := CoachingCSV(&buf, nil); err == nil {
		t.Error("nil report: no error")
	}
}
