package app

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/coaching"
	"motionlab/shared/export"
)

// coachingCard shows the coaching report on the results page: the score
// and what it is personalised to, then every metric with its value, left
// and right, target band, status and confidence. The findings themselves
// are the page's Advice section (calculated_data's recommendations).
func (r *ResultPage) coachingCard(c *coaching.Report) app.UI {
	p := c.Profile
	profile := "Targets for " + f2(p.HeightM) + " m"
	if p.Sex != "" {
		profile += ", " + p.Sex
	}
	profile += ", leg " + f2(p.LegLengthM) + " m (" + legSource(p.LegSource) + "), " + f1(p.SpeedMS) + " m/s (" + p.SpeedSource + ")."
	return app.Section().ID("coaching").Body(
		app.H2().Text("Coaching"),
		app.P().Class("note").Text(profile+" Score: the bands' mean, weighted by confidence, minus flagged asymmetries."),
		app.If(c.Gait == "walking", func() app.UI {
			return app.P().Class("note").Text("This is a walk: the running targets are shown for reference, without advice.")
		}),
		stackTable(app.Table().Class("coaching").Body(
			coachingCols.head(),
			app.TBody().Body(app.Range(c.Metrics).Slice(func(i int) app.UI { return coachingRow(c.Metrics[i]) })),
		)),
		// The report is read when the button is pressed: go-app keeps the
		// handler of the first render, and an edit of the events changes
		// the report (see seekLink).
		app.Button().Class("quiet").Text("Coaching CSV").OnClick(func(ctx app.Context, e app.Event) {
			calc := r.res.Biomechanical
			if calc == nil || calc.Coaching == nil {
				return
			}
			var buf bytes.Buffer
			if err := export.CoachingCSV(&buf, calc.Coaching); err == nil {
				saveText(buf.String(), "text/csv", r.id+"-coaching.csv")
			}
		}),
	)
}

var coachingCols = columns{"Metric", "Value", "Left / right", "Target", "Status", "Confidence"}

// coachingRow is one metric; its cells' classes place them on a phone
// (the status badge beside the value: the point of the card).
func coachingRow(m coaching.Metric) app.UI {
	c := coachingCols
	return app.Tr().DataSet("metric", m.ID).Body(
		app.Th().Scope("row").Title(m.Definition).Text(m.Name),
		c.cell(1).Class("value").Text(valueText(m.Value, m.Unit)),
		c.cell(2).Class("lr").Text(lrText(m)),
		c.cell(3).Class("target").Text(bandText(m.Band, m.Unit)),
		c.cell(4).Class("state").Body(app.Span().Class("badge "+m.Status).Text(m.Status)),
		c.cell(5).Class("conf").Body(app.Span().Class("badge conf-"+m.Confidence).Text(m.Confidence)),
	)
}

func legSource(s string) string {
	switch s {
	case "keypoints":
		return "from the video"
	case "request":
		return "as given"
	}
	return "from height"
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func valueText(v *float64, unit string) string {
	if v == nil {
		return "–"
	}
	return num(*v) + " " + unit
}

// lrText is "L / R", with the asymmetry index and a flag when beyond the
// threshold.
func lrText(m coaching.Metric) string {
	if m.Left == nil || m.Right == nil {
		return ""
	}
	s := num(*m.Left) + " / " + num(*m.Right)
	if a := m.Asymmetry; a != nil {
		s += " (" + num(a.IndexPct) + " %"
		if a.Flagged {
			s += ", " + a.Side + " flagged"
		}
		s += ")"
	}
	return s
}

// bandText writes the good band, e.g. "2.0–10.0 °", "≤ 8.0 °", "≥ 10.0 °".
func bandText(b *coaching.Band, unit string) string {
	if b == nil {
		return "info only"
	}
	switch {
	case b.GoodLow != nil && b.GoodHigh != nil:
		return num(*b.GoodLow) + "–" + num(*b.GoodHigh) + " " + unit
	case b.GoodHigh != nil:
		return "≤ " + num(*b.GoodHigh) + " " + unit
	case b.GoodLow != nil:
		return "≥ " + num(*b.GoodLow) + " " + unit
	}
	return ""
}

// saveText hands text to the browser as a file download.
func saveText(text, mime, name string) {
	blob := app.Window().Get("Blob").New([]any{text}, map[string]any{"type": mime})
	url := app.Window().Get("URL").Call("createObjectURL", blob)
	a := app.Window().Get("document").Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", strings.ReplaceAll(name, "/", "_"))
	a.Call("click")
	app.Window().Get("URL").Call("revokeObjectURL", url)
}
