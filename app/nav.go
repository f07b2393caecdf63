package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// page wraps a page's content with the header and the key prompt.
func page(current string, needKey bool, onKey func(string), content ...app.UI) app.UI {
	link := func(href, label string) app.UI {
		a := app.A().Href(href).Text(label)
		if href == current {
			a = a.Aria("current", "page").Class("current")
		}
		return a
	}
	return app.Div().Class("shell").Body(
		app.Header().Class("top").Body(
			app.A().Href("/").Class("brand").Text("MotionLab"),
			app.Nav().Aria("label", "main").Body(link("/", "Analyze"), link("/history", "History"), link("/compare", "Progress"), link("/vitals", "Vitals")),
		),
		app.If(needKey, func() app.UI { return &keyPrompt{OnKey: onKey} }),
		app.Main().Body(content...),
	)
}

// keyPrompt asks once for an API key and keeps it in local storage.
type keyPrompt struct {
	app.Compo
	OnKey func(string)
	value string
}

func (k *keyPrompt) Render() app.UI {
	return app.Form().Class("card key").OnSubmit(k.save).Body(
		app.P().Text("This MotionLab server needs an API key (ask its operator, or run `motionlab keys create --name me`)."),
		app.Label().For("api-key").Text("API key"),
		app.Input().ID("api-key").Type("password").AutoComplete(false).Required(true).
			OnInput(func(ctx app.Context, e app.Event) { k.value = ctx.JSSrc().Get("value").String() }),
		app.Button().Type("submit").Text("Save key"),
	)
}

func (k *keyPrompt) save(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if k.value == "" {
		return
	}
	ctx.LocalStorage().Set(keyStorage, k.value)
	if k.OnKey != nil {
		k.OnKey(k.value)
	}
}
