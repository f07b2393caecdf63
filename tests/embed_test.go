package tests

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"motionlab/shared/advice"
	"motionlab/tests/testenv"
)

// servePartner serves public/ (partner-demo.html) on its own loopback
// port: another origin than MotionLab's.
func servePartner(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(filepath.Join(testenv.Root(t), "public")))}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String()
}

type message map[string]any

// childFrame is the URL the page's first iframe shows (chrome-error://…
// when the browser refused to load it there).
func childFrame(t *testing.T, ctx context.Context) string {
	t.Helper()
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.FrameTree.ChildFrames) == 0 {
		t.Fatal("the page has no iframe")
	}
	return tree.FrameTree.ChildFrames[0].Frame.URL
}

func messages(t *testing.T, ctx context.Context) []message {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.messages || [])`))
	if err != nil {
		t.Fatal(err)
	}
	var out []message
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEmbedPostsMessagesToAllowedOriginOnly: a partner page on another
// origin embeds /embed with a token of a key that allows that origin,
// analyses a video in the iframe, and receives seed 003's messages in
// order with their fields; a page on an origin not on the list gets a
// refused frame and no message.
func TestEmbedPostsMessagesToAllowedOriginOnly(t *testing.T) {
	data := t.TempDir()
	partner, stranger := servePartner(t), servePartner(t)
	key := createKey(t, data, "--origin", partner)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	c := apiClient{s.URL, "Bearer " + key}

	resp, b := c.do(t, http.MethodPost, "/v1/embed/tokens", strings.NewReader(`{"ttl_seconds": 600}`), "application/json")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("embed token: %d %s", resp.StatusCode, b)
	}
	var tok struct {
		Token          string   `json:"token"`
		AllowedOrigins []string `json:"allowed_origins"`
	}
	json.Unmarshal(b, &tok)
	if len(tok.AllowedOrigins) != 1 || tok.AllowedOrigins[0] != partner {
		t.Fatalf("token origins %v, want [%s]", tok.AllowedOrigins, partner)
	}
	// The token is scoped: it cannot list the key's analyses or mint tokens.
	resp, b = apiClient{s.URL, "Bearer " + tok.Token}.do(t, http.MethodGet, "/v1/analyses", nil, "")
	wantError(t, "embed token listing", resp, b, 403, "embed_token_scope")
	resp, b = apiClient{s.URL, "Bearer " + tok.Token + "x"}.do(t, http.MethodGet, "/v1/embed/config", nil, "")
	wantError(t, "forged embed token", resp, b, 401, "unauthorized")
	// Who may frame /embed is the key's list, exactly.
	resp, _ = http.Get(s.URL + "/embed?token=" + url.QueryEscape(tok.Token))
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); csp != "frame-ancestors 'self' "+partner {
		t.Errorf("/embed CSP %q, want frame-ancestors 'self' %s", csp, partner)
	}

	query := url.Values{"server": {s.URL}, "token": {tok.Token}, "activity": {"running"}, "keypoints": {"true"},
		"angles": {"true"}, "export": {"true"}, "inference": {"server"}}
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(partner+"/partner-demo.html?"+query.Encode())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "initialization ready", `(window.messages||[]).some(m => m.type === "initialization" && m.ready)`, 60*time.Second)
	// Choose the file inside the iframe (same site, so same process).
	frames, err := chromedp.Run(ctx, chromedp.Nodes("#motionlab"))
	if err != nil || len(frames) == 0 {
		t.Fatalf("the iframe: %v", err)
	}
	video := testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#file", []string{video}, chromedp.FromNode(frames[0]))); err != nil {
		t.Fatalf("choose the file in the iframe: %v", err)
	}
	if u := childFrame(t, ctx); !strings.HasPrefix(u, s.URL+"/embed?") {
		t.Errorf("the iframe on the allowed origin shows %q", u)
	}
	waitFor(t, ctx, "export_ready", `(window.messages||[]).some(m => m.type === "export_ready")`, 3*time.Minute)
	screenshot(t, ctx, "embed-partner-demo.png")
	msgs := messages(t, ctx)
	var order []string
	for _, m := range msgs {
		if n := len(order); n == 0 || order[n-1] != m["type"] {
			order = append(order, m["type"].(string))
		}
	}
	t.Logf("message sequence: %v", order)
	pos := func(typ string) int {
		for i, o := range order {
			if o == typ {
				return i
			}
		}
		t.Errorf("no %s message (got %v)", typ, order)
		return -1
	}
	if !(pos("initialization") < pos("environment") && pos("environment") < pos("progression") &&
		pos("progression") < pos("keypoints_batch") && pos("keypoints_batch") < pos("export_ready")) {
		t.Errorf("message order %v: want initialization → environment → progression… → keypoints_batch → export_ready", order)
	}
	for _, m := range msgs {
		switch m["type"] {
		case "initialization":
			if _, ok := m["ready"].(bool); !ok || m["source"] != "video" || m["message"] == "" {
				t.Errorf("initialization %v: want ready (bool), source video, message", m)
			}
		case "environment":
			if m["poseBackend"] != "server" {
				t.Errorf("environment %v: want poseBackend server (inference=server)", m)
			}
			if _, ok := m["webgl"].(bool); !ok {
				t.Errorf("environment %v: webgl is not a boolean", m)
			}
		case "progression":
			if p, ok := m["percentage"].(float64); !ok || p < 0 || p > 100 {
				t.Errorf("progression %v: want percentage 0–100", m)
			}
		case "counter":
			if n, _ := m["current_count"].(float64); n < 2 || m["final"] != true {
				t.Errorf("counter %v: want the steps counted, final", m)
			}
		case "keypoints_batch":
			fr, _ := m["frames"].([]any)
			if m["fps"].(float64) < 29 || len(fr) < 20 {
				t.Fatalf("keypoints_batch: fps %v, %d frames", m["fps"], len(fr))
			}
			f0 := fr[0].(map[string]any)
			kps := f0["keypoints"].([]any)
			if _, ok := f0["timestamp"].(float64); !ok || len(kps) != 33 || kps[0].(map[string]any)["name"] != "nose" {
				t.Errorf("keypoints_batch frame %v: want timestamp and 33 named keypoints", f0)
			}
		case "export_ready":
			u, _ := m["url"].(string)
			if !strings.HasPrefix(u, s.URL+"/media/") || m["mimeType"] != "application/json" {
				t.Errorf("export_ready %v: want a signed %s/media/ URL and a mimeType", m, s.URL)
			}
			r, err := http.Get(u)
			if err != nil || r.StatusCode != 200 {
				t.Errorf("export url: %v %v", err, r.Status)
			} else {
				r.Body.Close()
			}
		}
	}

	// The same page on an origin the key does not allow: the frame is
	// refused (CSP) and nothing reaches the page.
	if err := chromedp.Do(ctx, chromedp.Navigate(stranger+"/partner-demo.html?"+query.Encode())); err != nil {
		t.Fatal(err)
	}
	time.Sleep(4 * time.Second)
	if got := messages(t, ctx); len(got) != 0 {
		t.Errorf("a page on %s (not allowed) received %d messages: %v", stranger, len(got), got)
	}
	if u := childFrame(t, ctx); !strings.HasPrefix(u, "chrome-error://") {
		t.Errorf("the iframe on %s (not allowed) shows %q, want Chrome's refused-frame page", stranger, u)
	}
}

// TestEmbedReportsBadParameters: the seed's error codes reach the host.
func TestEmbedReportsBadParameters(t *testing.T) {
	data := t.TempDir()
	partner := servePartner(t)
	key := createKey(t, data, "--origin", partner)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	resp, b := apiClient{s.URL, "Bearer " + key}.do(t, http.MethodPost, "/v1/embed/tokens", strings.NewReader(`{}`), "application/json")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("embed token: %d %s", resp.StatusCode, b)
	}
	var tok struct{ Token string }
	json.Unmarshal(b, &tok)
	ctx := browser(t)
	for _, c := range []struct{ query, code string }{
		{"activity=rowing", "invalid_exercise"},
		{"activity=jump", "jump_analysis_missing_height"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(partner+"/partner-demo.html?server="+url.QueryEscape(s.URL)+"&token="+url.QueryEscape(tok.Token)+"&payload=string&"+c.query)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, c.code, `(window.messages||[]).some(m => m.type === "error" && m.code === "`+c.code+`" && m.message)`, 60*time.Second)
	}
	// A wrong file type, chosen in the iframe.
	if err := chromedp.Do(ctx, chromedp.Navigate(partner+"/partner-demo.html?server="+url.QueryEscape(s.URL)+"&token="+url.QueryEscape(tok.Token))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "initialization ready", `(window.messages||[]).some(m => m.type === "initialization" && m.ready)`, 60*time.Second)
	frames, err := chromedp.Run(ctx, chromedp.Nodes("#motionlab"))
	if err != nil || len(frames) == 0 {
		t.Fatalf("the iframe: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#file", []string{testenv.Data(t, "images/astronaut.png")}, chromedp.FromNode(frames[0]))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "invalid_file_type", `(window.messages||[]).some(m => m.type === "error" && m.code === "invalid_file_type")`, 30*time.Second)

	// source=image: keypoints, angles and the overlay, as JSON strings.
	if err := chromedp.Do(ctx, chromedp.Navigate(partner+"/partner-demo.html?server="+url.QueryEscape(s.URL)+"&token="+url.QueryEscape(tok.Token)+
		"&source=image&keypoints=true&angles=true&payload=string")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "initialization ready", `(window.messages||[]).some(m => m.type === "initialization" && m.ready && m.source === "image")`, 60*time.Second)
	frames, err = chromedp.Run(ctx, chromedp.Nodes("#motionlab"))
	if err != nil || len(frames) == 0 {
		t.Fatalf("the iframe: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#file", []string{testenv.Data(t, "images/000000000785.jpg")}, chromedp.FromNode(frames[0]))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "image_overlay", `(window.messages||[]).some(m => m.type === "image_overlay" && m.dataUrl.startsWith("data:image/"))`, time.Minute)
	if !evalBool(t, ctx, "image keypoints and angles", `window.messages.some(m => m.type === "keypoints" && m.keypoints.length === 33) &&
		window.messages.some(m => m.type === "angles" && typeof m.angles.left_knee === "number")`) {
		t.Errorf("image messages: want keypoints (33) and angles: %v", messages(t, ctx))
	}
}

// An embedded analysis of a clip in which nothing happens (a man standing
// still, analysed as a run) reports count 0 to the host page, with the
// reason and its sentence in the requested language, no form_score and
// no recommendation.
func TestEmbedReportsNothingFound(t *testing.T) {
	data := t.TempDir()
	partner := servePartner(t)
	key := createKey(t, data, "--origin", partner)
	s := startServer(t, "--data", data, "--rate-per-minute", "6000")
	token := embedToken(t, apiClient{s.URL, "Bearer " + key})
	query := url.Values{"server": {s.URL}, "token": {token}, "activity": {"running"}, "language": {"it"}, "height": {"175"},
		"export": {"true"}, "inference": {"server"}}
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(partner+"/partner-demo.html?"+query.Encode())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "initialization ready", `(window.messages||[]).some(m => m.type === "initialization" && m.ready)`, 60*time.Second)
	frames, err := chromedp.Run(ctx, chromedp.Nodes("#motionlab"))
	if err != nil || len(frames) == 0 {
		t.Fatalf("the iframe: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#file", []string{standingClip(t)}, chromedp.FromNode(frames[0]))); err != nil {
		t.Fatalf("choose the file in the iframe: %v", err)
	}
	waitFor(t, ctx, "export_ready", `(window.messages||[]).some(m => m.type === "export_ready")`, 3*time.Minute)
	var counters, recs int
	for _, m := range messages(t, ctx) {
		switch m["type"] {
		case "counter":
			counters++
			want := advice.Label("it", "reason.no_contact")
			if n, ok := m["current_count"].(float64); !ok || n != 0 || m["final"] != true || m["reason"] != "no_contact" || m["message"] != want {
				t.Errorf("counter %v: want current_count 0, final, reason no_contact, message %q", m, want)
			}
		case "form_score":
			t.Errorf("form_score %v for nothing judged", m)
		case "recommendations":
			recs++
			if r, ok := m["recommendations"].([]any); !ok || len(r) != 0 {
				t.Errorf("recommendations %v: want an empty list", m["recommendations"])
			}
		case "error":
			t.Errorf("error %v: the analysis completed", m)
		}
	}
	if counters != 1 || recs != 1 {
		t.Errorf("%d counter and %d recommendations messages, want one each", counters, recs)
	}
}
