package tests

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/tests/testenv"
)

// TestHistoryDeletesTheRowTapped: the history page's Delete removes the
// analysis its row shows, also once the rows have moved: after the first
// row's analysis is deleted, the next tap on the first row deletes the
// analysis now shown there (go-app keeps a row's click handler of the
// first render; a handler holding its analysis deleted the first one
// again).
func TestHistoryDeletesTheRowTapped(t *testing.T) {
	needWebApp(t)
	s := startServer(t, "--rate-per-minute", "6000")
	c := apiClient{url: s.URL}
	clip := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	var ids []string
	for range 3 {
		ids = append(ids, upload202(t, c, clip, map[string]string{"activity": "running"}))
	}
	for _, id := range ids {
		c.waitDone(t, id, 2*time.Minute)
	}
	ctx := browser(t)
	run := runner(t, ctx)
	run("open the history", chromedp.Navigate(s.URL+"/history"))
	rows := `document.querySelectorAll(".history li button.quiet").length`
	waitFor(t, ctx, "three rows", rows+" == 3", 30*time.Second)
	run("accept confirmations", chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
	firstShown := func() string {
		t.Helper()
		href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".history li a").getAttribute("href")`))
		if err != nil {
			t.Fatal(err)
		}
		return href
	}
	var deleted []string
	for n := 2; n >= 1; n-- {
		deleted = append(deleted, firstShown())
		run("delete the first row", chromedp.Click(".history li:nth-child(1) button.quiet"))
		waitFor(t, ctx, "one row less", rows+" == "+string(rune('0'+n)), 30*time.Second)
	}
	for _, href := range deleted {
		if resp, _ := c.do(t, http.MethodGet, "/v1"+href+"/results", nil, ""); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s was shown in the first row and deleted, but answers %d", href, resp.StatusCode)
		}
	}
	if deleted[0] == deleted[1] {
		t.Fatalf("the first row showed %s twice", deleted[0])
	}
	left := firstShown()
	if resp, _ := c.do(t, http.MethodGet, "/v1"+left+"/results", nil, ""); resp.StatusCode != http.StatusOK {
		t.Errorf("%s, still shown, answers %d", left, resp.StatusCode)
	}
}
