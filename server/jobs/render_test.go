package jobs

import (
	"strings"
	"testing"

	"motionlab/shared/analysis"
	"motionlab/shared/running"
)

// The annotated video's panel of an analysis that found nothing says what
// was not found, with no metric and no score (zeros would read as
// measurements); a scored run shows its score.
func TestPanelOfNothingFound(t *testing.T) {
	empty := &analysis.Result{Activity: analysis.Running, Outcome: analysis.Outcome{Reason: analysis.ReasonNoContact, Message: "…"},
		Result: &running.Result{AnalysisType: running.SideViewType, Recommendations: nil}}
	got := strings.Join(Panel(empty), "\n")
	if !strings.Contains(got, "No ground contact found") || strings.Contains(got, "Score") || strings.Contains(got, "Cadence") {
		t.Errorf("panel of no step:\n%s", got)
	}
	for _, r := range []string{analysis.ReasonNoFlight, analysis.ReasonFlightsNotCounted, analysis.ReasonNoRepetition, analysis.ReasonNotVisible} {
		if lines := Panel(&analysis.Result{Outcome: analysis.Outcome{Reason: r}}); len(lines) < 2 || lines[1] == "" {
			t.Errorf("%s: panel %q has no line for it", r, lines)
		}
	}
	score := 0.42
	scored := &analysis.Result{Activity: analysis.Running, Outcome: analysis.Outcome{Count: 2},
		Result: &running.Result{AnalysisType: running.BackViewType, BackView: &running.BackView{Cadence: 170}, TotalScore: &score}}
	if got := strings.Join(Panel(scored), "\n"); !strings.Contains(got, "Score 42 / 100") {
		t.Errorf("panel of a scored run:\n%s", got)
	}
}
