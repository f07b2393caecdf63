package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"motionlab/shared/coaching"
)

// CoachingHeader is the first line of CoachingCSV.
var CoachingHeader = []string{"id", "name", "unit", "views", "confidence", "value", "left", "right", "n",
	"status", "score", "good_low", "good_high", "warn_low", "warn_high", "band_source",
	"asymmetry_pct", "asymmetry_side", "asymmetry_flagged"}

// CoachingCSV writes a coaching report as one row per metric (empty cells
// where a value, band or asymmetry does not apply), so a coach can open
// an athlete's metrics and targets in a spreadsheet.
func CoachingCSV(w io.Writer, r *coaching.Report) error {
	if r == nil {
		return fmt.Errorf("export: no coaching report")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CoachingHeader); err != nil {
		return fmt.Errorf("export coaching csv: %w", err)
	}
	f := func(x *float64) string {
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	}
	for _, m := range r.Metrics {
		row := []string{m.ID, m.Name, m.Unit, strings.Join(m.Views, "+"), m.Confidence, f(m.Value), f(m.Left), f(m.Right), strconv.Itoa(m.N), m.Status, f(m.Score)}
		if b := m.Band; b != nil {
			row = append(row, f(b.GoodLow), f(b.GoodHigh), f(b.WarnLow), f(b.WarnHigh), b.Source)
		} else {
			row = append(row, "", "", "", "", "")
		}
		if a := m.Asymmetry; a != nil {
			row = append(row, strconv.FormatFloat(a.IndexPct, 'f', -1, 64), a.Side, strconv.FormatBool(a.Flagged))
		} else {
			row = append(row, "", "", "")
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("export coaching csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export coaching csv: %w", err)
	}
	return nil
}
