package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// columns names a table's columns once, for both the header row and the
// cells: on a phone the stylesheet hides the header row of a "stack" table
// and shows each cell's data-label above its value instead (one card per
// row), so a label can never drift from its header.
type columns []string

// head is the header row.
func (c columns) head() app.UI {
	ths := make([]app.UI, len(c))
	for i, name := range c {
		ths[i] = app.Th().Scope("col").Text(name)
	}
	return app.THead().Body(app.Tr().Body(ths...))
}

// cell is a data cell of column i, labelled with the column's name.
func (c columns) cell(i int) app.HTMLTd {
	return app.Td().DataSet("label", c[i])
}

// stackTable is a table that becomes one card per row on narrow screens
// (class "stack" in motionlab.css); the wrapper still scrolls sideways on
// screens too wide to stack and too narrow for every column.
func stackTable(table app.HTMLTable) app.UI {
	return app.Div().Class("table-wrap").Body(table.Class("steps stack"))
}
