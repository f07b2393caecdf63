package tests

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/shared/coaching"
	"motionlab/tests/testenv"
)

type comparedBody struct {
	A, B struct {
		ID         string
		Filename   string
		View       string
		TotalScore *float64 `json:"total_score"`
		Findings   []coaching.Finding
		Gait       string
	}
	TotalScoreDelta *float64 `json:"total_score_delta"`
	Metrics         []coaching.Compared
}

// TestCompareAnalyses: one athlete (one API key) analyses two real clips
// (the Sports2D demo, then the Sports2D overground run); the compare API
// gives both with deltas = after − before, the trends API lists both
// oldest first, another key gets 404 for the same ids, bad input gets
// machine codes; then the PWA's /compare page, with the athlete's key,
// shows both analyses, the deltas the API gave and the charts, at
// desktop and phone widths (screenshots in tests/artifacts).
func TestCompareAnalyses(t *testing.T) {
	needWebApp(t)
	data := t.TempDir()
	key, other := createKey(t, data), createKey(t, data)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	c, stranger := apiClient{s.URL, "Bearer " + key}, apiClient{s.URL, "Bearer " + other}

	before := upload202(t, c, testenv.Data(t, "videos/sports2d_demo.mp4"), map[string]string{"height": "170", "sex": "female"})
	c.waitDone(t, before, 3*time.Minute)
	after := upload202(t, c, testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"), map[string]string{"height": "170", "sex": "female"})
	c.waitDone(t, after, 3*time.Minute)

	// The API: both analyses, each metric's delta = after − before.
	resp, b := c.do(t, http.MethodGet, "/v1/analyses/compare?a="+before+"&b="+after, nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("compare: %d %s", resp.StatusCode, b)
	}
	var cmp comparedBody
	if err := json.Unmarshal(b, &cmp); err != nil {
		t.Fatal(err)
	}
	if cmp.A.ID != before || cmp.B.ID != after || cmp.A.View != "side" || len(cmp.Metrics) < 10 {
		t.Fatalf("compare body: %s", b)
	}
	// The demo is a walk (duty factor ≥ 0.5): metrics, no advice; the run
	// gets at most three findings.
	if cmp.A.Gait != "walking" || len(cmp.A.Findings) != 0 || cmp.B.Gait != "running" || len(cmp.B.Findings) == 0 || len(cmp.B.Findings) > coaching.MaxFindings {
		t.Errorf("gaits and findings: before %s %d, after %s %d", cmp.A.Gait, len(cmp.A.Findings), cmp.B.Gait, len(cmp.B.Findings))
	}
	// The walk is measured, not scored: running's bands do not judge it,
	// so there is no score to change.
	if cmp.A.TotalScore != nil || cmp.B.TotalScore == nil || cmp.TotalScoreDelta != nil {
		t.Errorf("total scores %v → %v, delta %v: want the walk unscored, the run scored, no delta", cmp.A.TotalScore, cmp.B.TotalScore, cmp.TotalScoreDelta)
	}
	for _, m := range cmp.Metrics {
		if m.StatusA != "info" && m.StatusA != "unmeasured" || m.ScoreA != nil {
			t.Errorf("%s: the walk's status %q, score %v", m.ID, m.StatusA, m.ScoreA)
		}
	}
	deltas := map[string]string{}
	for _, m := range cmp.Metrics {
		if m.A != nil && m.B != nil {
			if m.Delta == nil || math.Abs(*m.Delta-(*m.B-*m.A)) > 0.11 {
				t.Errorf("%s: delta %v for %v → %v", m.ID, m.Delta, *m.A, *m.B)
				continue
			}
			deltas[m.ID] = strings.TrimSpace(signedText(*m.Delta) + " " + m.Unit)
		}
	}
	if _, ok := deltas["cadence"]; !ok {
		t.Fatalf("no cadence delta in %s", b)
	}
	if cmp.B.TotalScore != nil {
		t.Logf("real clips: the walk unscored, the run %.2f; %d metrics compared", *cmp.B.TotalScore, len(cmp.Metrics))
	}
	for _, m := range cmp.Metrics {
		if m.A != nil && m.B != nil {
			t.Logf("  %-26s %7.1f → %7.1f %-9s (%s → %s, %s)", m.ID, *m.A, *m.B, m.Unit, m.StatusA, m.StatusB, m.Change)
		}
	}

	resp, b = c.do(t, http.MethodGet, "/v1/athletes/me/trends?metrics=cadence,overstride", nil, "")
	var tr struct {
		Analyses []struct {
			AnalysisID string `json:"analysis_id"`
		}
		Metrics []coaching.Trend
	}
	json.Unmarshal(b, &tr)
	if resp.StatusCode != 200 || len(tr.Analyses) != 2 || tr.Analyses[0].AnalysisID != before || len(tr.Metrics) != 2 || len(tr.Metrics[0].Points) != 2 {
		t.Errorf("trends: %d %s", resp.StatusCode, b)
	}

	// Ownership and bad input.
	resp, b = stranger.do(t, http.MethodGet, "/v1/analyses/compare?a="+before+"&b="+after, nil, "")
	wantError(t, "another key's analyses", resp, b, 404, "not_found")
	resp, b = stranger.do(t, http.MethodGet, "/v1/athletes/me/trends", nil, "")
	if json.Unmarshal(b, &tr); resp.StatusCode != 200 || len(tr.Analyses) != 0 {
		t.Errorf("another key's trends: %d %s", resp.StatusCode, b)
	}
	resp, b = c.do(t, http.MethodGet, "/v1/analyses/compare?a="+before+"&b="+before, nil, "")
	wantError(t, "same analysis", resp, b, 400, "same_analysis")
	resp, b = c.do(t, http.MethodGet, "/v1/analyses/compare?a="+before+"&b=nothex", nil, "")
	wantError(t, "malformed id", resp, b, 422, "invalid_input")
	resp, b = c.do(t, http.MethodGet, "/v1/athletes/me/trends?metrics=cadence,wingspan", nil, "")
	wantError(t, "unknown metric", resp, b, 400, "unknown_metric")

	// The PWA.
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/compare")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the app running", `!document.getElementById("app-wasm-loader")`, 60*time.Second)
	setStorage(t, ctx, map[string]string{"motionlab.key": key})
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/compare?a="+before+"&b="+after)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the comparison table", `document.querySelectorAll("#compare-table tbody tr").length >= 10`, 60*time.Second)
	for id, want := range deltas {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector('#compare-table tr[data-metric=%q] td.delta')?.textContent || ""`, id)))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: page shows delta %q, API %q", id, got, want)
		}
	}
	for _, check := range []struct{ what, js string }{
		{"both analyses named", fmt.Sprintf(`document.querySelector(".score-a").textContent.includes(%q) && document.querySelector(".score-b").textContent.includes(%q)`, cmp.A.Filename, cmp.B.Filename)},
		{"the walk unscored, the run's score", fmt.Sprintf(`document.querySelector(".score-a .value").textContent === "–" && document.querySelector(".score-b .value").textContent === %q && document.querySelector(".score-delta .value").textContent === "–"`,
			fmt.Sprintf("%.0f", 100**cmp.B.TotalScore))},
		{"the pickers on both analyses", fmt.Sprintf(`document.querySelector("#compare-a").value === %q && document.querySelector("#compare-b").value === %q`, before, after)},
		{"bars before and after", `document.querySelectorAll("#compare-chart rect.bar-a").length >= 5 && document.querySelectorAll("#compare-chart rect.bar-b").length >= 5`},
		{"score over time, the run only", `document.querySelectorAll("#trend-chart circle").length === 1`},
		{"the walk without advice", `document.body.innerText.includes("A walk: no running advice.")`},
		{"the run's findings", fmt.Sprintf(`document.querySelectorAll("#comparison .advice li").length === %d`, len(cmp.B.Findings))},
	} {
		if !evalBool(t, ctx, check.what, check.js) {
			t.Errorf("compare page: no %s", check.what)
		}
	}
	screenshot(t, ctx, "compare-desktop.png")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if evalBool(t, ctx, "no horizontal scroll at 360 px", `document.documentElement.scrollWidth > 370`) {
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 370 && !e.closest(".table-wrap")).map(e => e.tagName + "." + e.className + "#" + e.id).slice(0, 8)`))
		t.Errorf("the compare page scrolls sideways at 360 px: %q", wide)
	}
	screenshot(t, ctx, "compare-360.png")

	// The results page shows the coaching card of the run.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/analyses/"+after)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the coaching card", `document.querySelectorAll("#coaching tr[data-metric]").length >= 10`, 60*time.Second)
	if !evalBool(t, ctx, "confidence badges", `document.querySelectorAll("#coaching .badge.conf-high").length >= 3`) {
		t.Error("no confidence shown in the coaching card")
	}
	screenshot(t, ctx, "results-coaching.png")
}

// signedText formats a delta as the compare page does.
func signedText(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	if x > 0 {
		s = "+" + s
	}
	return s
}
