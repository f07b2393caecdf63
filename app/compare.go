package app

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/coaching"
)

// comparedInfo is one side of GET /v1/analyses/compare.
type comparedInfo struct {
	ID         string             `json:"id"`
	CreatedAt  time.Time          `json:"created_at"`
	Filename   string             `json:"filename"`
	View       string             `json:"view"`
	TotalScore *float64           `json:"total_score"` // nil for a walk
	Findings   []coaching.Finding `json:"findings"`
	Gait       string             `json:"gait"`
}

type compareResult struct {
	A               comparedInfo        `json:"a"`
	B               comparedInfo        `json:"b"`
	TotalScoreDelta *float64            `json:"total_score_delta"`
	Metrics         []coaching.Compared `json:"metrics"`
}

type trendsResult struct {
	Analyses []struct {
		AnalysisID string    `json:"analysis_id"`
		CreatedAt  time.Time `json:"created_at"`
		TotalScore *float64  `json:"total_score"`
	} `json:"analyses"`
	Metrics []coaching.Trend `json:"metrics"`
}

// ComparePage (/compare?a=ID&b=ID) puts two of the athlete's analyses
// side by side: scores, a chart of each metric's band score before and
// after, the values with their deltas, both sets of findings, and the
// total score over all analyses. Without a and b it compares the two
// newest finished analyses.
type ComparePage struct {
	app.Compo
	items   []historyItem
	a, b    string
	res     *compareResult
	trends  *trendsResult
	needKey bool
	problem string
	loading bool
}

func (c *ComparePage) OnNav(ctx app.Context) {
	q := ctx.Page().URL().Query()
	c.a, c.b = q.Get("a"), q.Get("b")
	c.load(ctx)
}

func (c *ComparePage) load(ctx app.Context) {
	c.loading = true
	a, b := c.a, c.b
	ctx.Async(func() {
		var list struct {
			Items []historyItem `json:"items"`
		}
		_, err := getJSON(ctx, "/v1/analyses?page_size=100", &list)
		var done []historyItem
		for _, it := range list.Items {
			if it.Status == "success" {
				done = append(done, it)
			}
		}
		if err == nil && (a == "" || b == "") && len(done) >= 2 {
			a, b = done[1].ID, done[0].ID // older first
		}
		var res *compareResult
		var tr trendsResult
		if err == nil && a != "" && b != "" {
			res = &compareResult{}
			if _, err = getJSON(ctx, "/v1/analyses/compare?a="+url.QueryEscape(a)+"&b="+url.QueryEscape(b), res); err == nil {
				_, err = getJSON(ctx, "/v1/athletes/me/trends?view="+map[bool]string{true: "rear", false: "side"}[res.A.View == "rear"], &tr)
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			c.loading, c.items, c.a, c.b = false, done, a, b
			c.res, c.trends, c.problem = nil, nil, ""
			switch {
			case err == errNeedKey:
				c.needKey = true
			case err != nil:
				c.problem = err.Error()
			case res == nil:
				c.problem = "Analyse at least two runs to compare them."
			default:
				c.res, c.trends = res, &tr
			}
		})
	})
}

func (c *ComparePage) pick(which string) func(app.Context, app.Event) {
	return func(ctx app.Context, e app.Event) {
		v := ctx.JSSrc().Get("value").String()
		a, b := c.a, c.b
		if which == "a" {
			a = v
		} else {
			b = v
		}
		ctx.Navigate("/compare?a=" + url.QueryEscape(a) + "&b=" + url.QueryEscape(b))
	}
}

func (c *ComparePage) Render() app.UI {
	return page("/compare", c.needKey, func(string) { c.needKey = false; c.problem = "" },
		app.H1().Text("Progress"),
		app.P().Class("lead").Text("Compare two of your runs filmed the same way: every coaching metric before and after, and your score over time."),
		c.renderPickers(),
		app.If(c.loading, func() app.UI { return app.P().Class("note").Role("status").Text("Loading…") }),
		app.If(c.problem != "", func() app.UI { return app.P().ID("compare-problem").Class("error").Role("alert").Text(c.problem) }),
		app.If(c.res != nil, func() app.UI { return c.renderComparison() }),
		app.If(c.trends != nil && len(c.trends.Analyses) >= 2, func() app.UI { return c.renderTrend() }),
	)
}

func (c *ComparePage) renderPickers() app.UI {
	sel := func(id, label, which, current string) app.UI {
		return app.Div().Class("field").Body(
			app.Label().For(id).Text(label),
			app.Select().ID(id).OnChange(c.pick(which)).Body(app.Range(c.items).Slice(func(i int) app.UI {
				it := c.items[i]
				return app.Option().Value(it.ID).Selected(it.ID == current).Text(itemName(it))
			})),
		)
	}
	return app.Div().Class("compare-pick card").Body(sel("compare-a", "Before", "a", c.a), sel("compare-b", "After", "b", c.b))
}

func itemName(it historyItem) string {
	name := it.Filename
	if name == "" && len(it.ID) >= 8 {
		name = it.ID[:8]
	}
	return name + " · " + it.CreatedAt.Local().Format("2 Jan 2006 15:04")
}

// signedScore is a score change in points, or a dash where one side was
// not scored (a walk).
func signedScore(d *float64) string {
	if d == nil {
		return "–"
	}
	return signed(100 * *d)
}

func signed(x float64) string {
	if x > 0 {
		return "+" + num(x)
	}
	return num(x)
}

func (c *ComparePage) renderComparison() app.UI {
	r := c.res
	side := func(cls, label string, s comparedInfo) app.UI {
		return app.Div().Class("metric "+cls).Body(
			app.Span().Class("label").Text(label+": "+s.Filename),
			app.Span().Class("value").Text(score(s.TotalScore)),
			app.Span().Class("unit").Text("/ 100 · "+s.CreatedAt.Local().Format("2 Jan 2006 15:04")),
		)
	}
	return app.Section().ID("comparison").Body(
		app.Div().Class("cards").Body(
			side("score-a", "Before", r.A), side("score-b", "After", r.B),
			app.Div().Class("metric score-delta").Body(app.Span().Class("label").Text("Score change"),
				app.Span().Class("value").Text(signedScore(r.TotalScoreDelta)), app.Span().Class("unit").Text("points")),
		),
		app.H2().Text("Band scores before and after"),
		c.renderBars(),
		app.H2().Text("Metrics"),
		stackTable(app.Table().ID("compare-table").Body(
			compareCols.head(),
			app.TBody().Body(app.Range(r.Metrics).Slice(func(i int) app.UI { return compareRow(r.Metrics[i]) })),
		)),
		app.Div().Class("grid").Body(findingsList("Before", r.A), findingsList("After", r.B)),
	)
}

var compareCols = columns{"Metric", "Before", "After", "Δ", "Change"}

func compareRow(m coaching.Compared) app.UI {
	c := compareCols
	delta := "–"
	if m.Delta != nil {
		delta = signed(*m.Delta) + " " + m.Unit
	}
	return app.Tr().DataSet("metric", m.ID).Body(
		app.Th().Scope("row").Text(m.Name),
		c.cell(1).Class("a").Text(valueText(m.A, m.Unit)),
		c.cell(2).Class("b").Text(valueText(m.B, m.Unit)),
		c.cell(3).Class("delta").Text(delta),
		c.cell(4).Class("change").Body(app.Span().Class("badge "+m.Change).Text(strings.ReplaceAll(m.Change, "_", " "))),
	)
}

func findingsList(label string, s comparedInfo) app.UI {
	fs := s.Findings
	none := "No finding."
	if s.Gait == "walking" {
		none = "A walk: no running advice."
	}
	return app.Div().Class("card").Body(
		app.H3().Text(label),
		app.If(len(fs) == 0, func() app.UI { return app.P().Class("note").Text(none) }),
		app.Ol().Class("advice").Body(app.Range(fs).Slice(func(i int) app.UI {
			return app.Li().Body(app.Strong().Text(fs[i].Title), app.Text(" — "+fs[i].Cue))
		})),
	)
}

// renderBars draws, for each metric with a band, its band score before
// (grey) and after (accent) as two bars from 0 to 1.
func (c *ComparePage) renderBars() app.UI {
	var ms []coaching.Compared
	for _, m := range c.res.Metrics {
		if m.ScoreA != nil || m.ScoreB != nil {
			ms = append(ms, m)
		}
	}
	const w, row, label = 600.0, 26.0, 190.0
	h := row*float64(len(ms)) + 8
	var els []app.UI
	bar := func(y float64, s *float64, color, cls string) app.UI {
		v := 0.0
		if s != nil {
			v = *s
		}
		return svg("rect").Class(cls).Attr("x", label).Attr("y", y).Attr("height", 9).Attr("width", fmt.Sprintf("%.1f", (w-label-10)*v)).Attr("fill", color)
	}
	for i, m := range ms {
		y := 4 + row*float64(i)
		els = append(els,
			svg("text").Attr("x", 0).Attr("y", y+14).Attr("fill", "#cbd5e1").Attr("font-size", "12").Text(m.Name),
			bar(y+2, m.ScoreA, "#64748b", "bar-a"), bar(y+12, m.ScoreB, "#38bdf8", "bar-b"))
	}
	return app.Div().Body(
		svg("svg").ID("compare-chart").Class("chart").Attr("viewBox", fmt.Sprintf("0 0 %.0f %.0f", w, h)).Attr("role", "img").
			Attr("aria-label", "each metric's band score, before in grey and after in blue; longer is better").Body(els...),
		app.P().Class("legend").Body(app.Span().Class("key").Style("--c", "#64748b").Text("before"), app.Span().Class("key").Style("--c", "#38bdf8").Text("after")),
	)
}

// renderTrend draws the total score over all the athlete's analyses of
// this view, oldest first.
func (c *ComparePage) renderTrend() app.UI {
	an := c.trends.Analyses
	const w, h = 600.0, 140.0
	x := func(i int) float64 { return 20 + (w-40)*float64(i)/float64(len(an)-1) }
	y := func(v float64) float64 { return h - 15 - (h-30)*v }
	var pts []string
	var dots []app.UI
	for i, a := range an {
		if a.TotalScore == nil {
			continue // a walk: not scored
		}
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(*a.TotalScore)))
		dots = append(dots, svg("circle").Attr("cx", x(i)).Attr("cy", y(*a.TotalScore)).Attr("r", 4).Attr("fill", "#38bdf8"))
	}
	els := []app.UI{svg("polyline").Attr("points", strings.Join(pts, " ")).Attr("fill", "none").Attr("stroke", "#38bdf8").Attr("stroke-width", "2")}
	for _, g := range []float64{0, 0.5, 1} {
		els = append(els, svg("line").Attr("x1", 0).Attr("x2", w).Attr("y1", y(g)).Attr("y2", y(g)).Attr("stroke", "#334155"),
			svg("text").Attr("x", 2).Attr("y", y(g)-2).Attr("fill", "#94a3b8").Attr("font-size", "10").Text(f0(100*g)))
	}
	els = append(els, dots...)
	return app.Section().Body(
		app.H2().Text("Score over time"),
		svg("svg").ID("trend-chart").Class("chart").Attr("viewBox", fmt.Sprintf("0 0 %.0f %.0f", w, h)).Attr("role", "img").
			Attr("aria-label", fmt.Sprintf("total score of your last %d analyses, oldest first", len(an))).Body(els...),
	)
}
