package app

import (
	"fmt"
	"net/http"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// historyStorage caches the last list seen, so history shows offline.
const historyStorage = "motionlab.history"

type historyItem struct {
	ID         string    `json:"id"`
	Status     string    `json:"status"`
	Percentage float64   `json:"percentage"`
	CreatedAt  time.Time `json:"created_at"`
	Filename   string    `json:"filename,omitempty"`
	Error      string    `json:"error,omitempty"`
}

// rememberAnalysis adds a new upload to the cached history at once.
func rememberAnalysis(ctx app.Context, id, name string) {
	var items []historyItem
	ctx.LocalStorage().Get(historyStorage, &items)
	items = append([]historyItem{{ID: id, Status: "pending", CreatedAt: time.Now().UTC(), Filename: name}}, items...)
	ctx.LocalStorage().Set(historyStorage, items)
}

// HistoryPage lists the caller's analyses, newest first.
type HistoryPage struct {
	app.Compo
	items   []historyItem
	offline bool
	needKey bool
	problem string
	loaded  bool
}

func (h *HistoryPage) OnMount(ctx app.Context) { h.load(ctx) }

func (h *HistoryPage) load(ctx app.Context) {
	ctx.LocalStorage().Get(historyStorage, &h.items)
	ctx.Async(func() {
		var list struct {
			Items []historyItem `json:"items"`
		}
		_, err := getJSON(ctx, "/v1/analyses?page_size=100", &list)
		ctx.Dispatch(func(ctx app.Context) {
			h.loaded = true
			switch {
			case err == errNeedKey:
				h.needKey = true
			case err != nil:
				h.offline, h.problem = true, "Offline: showing the analyses this device saw last."
			default:
				h.offline, h.problem, h.items = false, "", list.Items
				ctx.LocalStorage().Set(historyStorage, list.Items)
			}
		})
	})
}

func (h *HistoryPage) remove(ctx app.Context, id string) {
	if !app.Window().Call("confirm", "Delete this analysis and its video?").Bool() {
		return
	}
	ctx.Async(func() {
		req, err := request(ctx, http.MethodDelete, "/v1/analyses/"+id, nil)
		if err == nil {
			_, err = do(req, nil)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				h.problem = "Could not delete: " + err.Error()
				return
			}
			h.load(ctx)
		})
	})
}

func (h *HistoryPage) Render() app.UI {
	return page("/history", h.needKey, func(string) { h.needKey = false },
		app.H1().Text("History"),
		app.If(h.problem != "", func() app.UI { return app.P().Class("note").Role("status").Text(h.problem) }),
		app.If(h.loaded && len(h.items) == 0 && !h.needKey, func() app.UI {
			return app.P().Text("No analyses yet. ").Body(app.A().Href("/").Text("Analyze a video"))
		}),
		app.Ul().Class("history").Body(
			app.Range(h.items).Slice(func(i int) app.UI {
				it := h.items[i]
				name := it.Filename
				if name == "" {
					name = it.ID[:8]
				}
				status := it.Status
				if it.Status == "analyzing" {
					status = fmt.Sprintf("analyzing %.0f%%", it.Percentage)
				}
				return app.Li().Class("card row").Body(
					app.A().Href("/analyses/"+it.ID).Body(
						app.Strong().Text(name),
						app.Span().Class("muted").Text(" "+it.CreatedAt.Local().Format("2 Jan 2006 15:04")),
					),
					app.Span().Class("status "+it.Status).Text(status),
					app.If(!h.offline, func() app.UI {
						// The id rides on the element: go-app keeps a row's
						// handler of the first render, and the rows move
						// as analyses are added and deleted (see seekLink).
						return app.Button().Class("quiet").Aria("label", "Delete "+name).Text("Delete").DataSet("id", it.ID).
							OnClick(func(ctx app.Context, e app.Event) { h.remove(ctx, ctx.JSSrc().Get("dataset").Get("id").String()) })
					}),
				)
			}),
		),
	)
}
