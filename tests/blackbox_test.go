package tests

// TestHostileBlackBox throws a few hundred malformed requests at a running
// server (issue 18): truncated and mislabelled bodies, huge headers, wrong
// methods, NaN/Inf/negative/enormous numbers, odd encodings and paths.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"motionlab/tests/testenv"
)

// hostileCase is one malformed request: built with net/http, or written
// raw on the connection when net/http would refuse to send it.
type hostileCase struct {
	name   string
	method string
	path   string
	ctype  string
	header map[string]string
	body   []byte
	raw    []byte // whole request as bytes; the write side is closed after it
}

// form builds a multipart body: fields, then a file part (skipped when
// file is nil). mangle may rewrite the finished bytes.
func form(fields [][2]string, fileField, fileName string, file []byte) ([]byte, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	if file != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, fileField, fileName))
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		w.Write(file)
	}
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func hostileCases(t *testing.T) []hostileCase {
	clip, err := os.ReadFile(testenv.Data(t, "videos/run_side_overground_sports2d_demo3.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	var cs []hostileCase
	add := func(c hostileCase) { cs = append(cs, c) }
	upload := func(name string, fields [][2]string) {
		body, ct := form(fields, "video", "clip.mp4", clip)
		add(hostileCase{name: name, method: "POST", path: "/v1/analyses", ctype: ct, body: body})
	}

	// Numbers: NaN, infinities, negative, enormous, not numbers at all.
	for _, field := range []string{"height", "weight", "leg_length"} {
		for _, v := range []string{"NaN", "nan", "-NaN", "Inf", "+Inf", "-Inf", "Infinity", "-1", "0", "-0", "1e308", "1e400", "-1e400",
			"0x1p9", "abc", "170cm", "１７０", "170\x00", " 170 ", "9999999999999999999999", "1,70"} {
			upload(field+"="+v, [][2]string{{field, v}})
		}
	}
	for _, v := range []string{"99:99", "-1:00", "00:00", "99:59", "1:59", "20:01", "5:5", "aa:bb", "05:00:00", "٥:٣٠", "05:3O"} {
		upload("pace="+v, [][2]string{{"treadmill", "true"}, {"pace", v}})
	}
	for _, kv := range [][2]string{
		{"activity", "swim"}, {"activity", "RUNNING"}, {"activity", "running\x00"}, {"analysis_type", "top_view"},
		{"language", "xx"}, {"language", "../../etc/passwd"}, {"treadmill", "maybe"}, {"treadmill", "2"}, {"full_body", "yes please"},
		{"exercise", "curl"}, {"sex", "other"}, {"callback_url", "javascript:alert(1)"}, {"callback_url", "file:///etc/passwd"},
		{"callback_url", "http://127.0.0.1:22/"}, {"callback_url", "http://[::1]/"}, {"callback_url", "http://169.254.169.254/latest/"},
		{"callback_url", "http://10.1.2.3/"}, {"callback_url", "http://localhost/"}, {"callback_url", "https://" + strings.Repeat("a", 3000) + ".example/"},
		{"callback_url", "http://[fe80::1%25eth0]/"}, {"treadmill", "true"},
	} {
		upload(kv[0]+"="+kv[1][:min(len(kv[1]), 40)], [][2]string{kv})
	}

	// Multipart framing: truncated, wrong boundary, no boundary, odd names.
	good, ct := form(nil, "video", "clip.mp4", clip)
	add(hostileCase{name: "truncated form", method: "POST", path: "/v1/analyses", ctype: ct, body: good[:len(good)/2]})
	add(hostileCase{name: "no closing boundary", method: "POST", path: "/v1/analyses", ctype: ct, body: good[:len(good)-8]})
	add(hostileCase{name: "wrong boundary", method: "POST", path: "/v1/analyses", ctype: "multipart/form-data; boundary=nope", body: good})
	add(hostileCase{name: "no boundary", method: "POST", path: "/v1/analyses", ctype: "multipart/form-data", body: good})
	add(hostileCase{name: "mixed-case media type, bad boundary", method: "POST", path: "/v1/analyses", ctype: "MULTIPART/FORM-DATA; boundary=\"", body: good})
	add(hostileCase{name: "empty body", method: "POST", path: "/v1/analyses", ctype: ct})
	for _, name := range []string{"../../../etc/passwd.mp4", "clip.exe", "clip", ".mp4", strings.Repeat("x", 5000) + ".mp4", "\xff\xfe.mp4", "a\"b.mp4", "nul\x00.mp4"} {
		body, ct := form(nil, "video", name, []byte("not a video at all"))
		add(hostileCase{name: "filename " + name[:min(len(name), 30)], method: "POST", path: "/v1/analyses", ctype: ct, body: body})
	}
	body, ct2 := form([][2]string{{"height", "180"}}, "file", "clip.mp4", clip)
	add(hostileCase{name: "file under the wrong field", method: "POST", path: "/v1/analyses", ctype: ct2, body: body})
	body, ct2 = form([][2]string{{"video", "I am text"}}, "", "", nil)
	add(hostileCase{name: "video as a text field", method: "POST", path: "/v1/analyses", ctype: ct2, body: body})
	for _, n := range []int{1, 100, 5000} {
		body, ct2 := form(nil, "video", "clip.mp4", clip[:n])
		add(hostileCase{name: fmt.Sprintf("first %d bytes of a video", n), method: "POST", path: "/v1/analyses", ctype: ct2, body: body})
	}
	var many bytes.Buffer
	mw := multipart.NewWriter(&many)
	for i := 0; i < 3000; i++ {
		mw.WriteField(fmt.Sprintf("f%d", i), "x")
	}
	mw.Close()
	add(hostileCase{name: "3000 form fields", method: "POST", path: "/v1/analyses", ctype: mw.FormDataContentType(), body: many.Bytes()})

	// Wrong content types.
	for _, ctype := range []string{"application/json", "text/plain", "application/x-www-form-urlencoded", "image/png", "", "multipart/mixed; boundary=x", "text/plain; charset=utf-16"} {
		add(hostileCase{name: "analyses as " + ctype, method: "POST", path: "/v1/analyses", ctype: ctype, body: []byte(`{"video":"x"}`)})
		add(hostileCase{name: "keypoints as " + ctype, method: "POST", path: "/v1/analyses/keypoints", ctype: ctype, body: []byte("height=170")})
	}

	// Keypoint JSON: broken, non-finite, nested, huge, mistyped.
	frame := `{"keypoints":[` + strings.TrimSuffix(strings.Repeat(`{"x":1,"y":2,"z":0,"visibility":1,"presence":1},`, 33), ",") + `]}`
	track := func(fps, w, h, frames string) string {
		return `{"activity":"running","track":{"fps":` + fps + `,"width":` + w + `,"height":` + h + `,"frames":` + frames + `}}`
	}
	for name, b := range map[string]string{
		"truncated":        track("30", "640", "480", "["+frame+","+frame+"]")[:100],
		"NaN literal":      track("NaN", "640", "480", "["+frame+"]"),
		"fps -1":           track("-1", "640", "480", "["+frame+"]"),
		"fps 1e9":          track("1e9", "640", "480", "["+frame+"]"),
		"fps 1e400":        track("1e400", "640", "480", "["+frame+"]"),
		"width 0":          track("30", "0", "480", "["+frame+"]"),
		"width huge":       track("30", "99999999999", "480", "["+frame+"]"),
		"frames null":      track("30", "640", "480", "null"),
		"frames empty":     track("30", "640", "480", "[]"),
		"frames all null":  track("30", "640", "480", "[null,null]"),
		"32 keypoints":     track("30", "640", "480", `[{"keypoints":[`+strings.TrimSuffix(strings.Repeat(`{"x":1,"y":2},`, 32), ",")+`]}]`),
		"strings":          track(`"30"`, `"640"`, "480", "["+frame+"]"),
		"11 s":             track("1", "640", "480", "["+strings.TrimSuffix(strings.Repeat(frame+",", 11), ",")+"]"),
		"deep nesting":     strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
		"BOM":              "\xef\xbb\xbf" + track("30", "640", "480", "["+frame+"]"),
		"not JSON":         "hello",
		"height NaN-ish":   `{"height":"NaN","track":{}}`,
		"height 1e400":     `{"height":1e400,"track":{}}`,
		"height -5":        `{"height":-5,"track":{}}`,
		"pace 99:59":       `{"pace":"99:59","treadmill":true,"track":{}}`,
		"unknown activity": `{"activity":"swim","track":{}}`,
		"top-level array":  `[1,2,3]`,
		"empty":            ``,
	} {
		add(hostileCase{name: "keypoints " + name, method: "POST", path: "/v1/analyses/keypoints", ctype: "application/json", body: []byte(b)})
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(track("30", "640", "480", "["+frame+"]")))
	zw.Close()
	add(hostileCase{name: "keypoints gzip-encoded", method: "POST", path: "/v1/analyses/keypoints", ctype: "application/json", header: map[string]string{"Content-Encoding": "gzip"}, body: gz.Bytes()})
	add(hostileCase{name: "keypoints bogus gzip", method: "POST", path: "/v1/analyses/keypoints", ctype: "application/json", header: map[string]string{"Content-Encoding": "gzip"}, body: []byte("not gzip")})
	add(hostileCase{name: "keypoints utf-16", method: "POST", path: "/v1/analyses/keypoints", ctype: "application/json; charset=utf-16", body: []byte("\xff\xfe{\x00}\x00")})

	// Photos, SprintLab's stream and vitals with bad files.
	for _, f := range []struct{ path, field, name string }{{"/v1/images", "image", "photo.jpg"}, {"/infer/video", "file", "clip.mp4"}} {
		for what, data := range map[string][]byte{
			"text":       []byte("not an image"),
			"empty":      {},
			"png header": []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x02\x00\x00\x00"),
			"half video": clip[:len(clip)/4],
		} {
			body, ct := form(nil, f.field, f.name, data)
			add(hostileCase{name: f.path + " " + what, method: "POST", path: f.path, ctype: ct, body: body})
		}
	}
	for _, id := range []string{"sess_1", "../../etc", "sess_20261124131830_zzzzzz", "sess_20261124131830_a1b2c3"} {
		body, ct := form(nil, "file", "face.mp4", []byte("x"))
		add(hostileCase{name: "scan upload " + id, method: "POST", path: "/v1/scan-session/" + url.PathEscape(id) + "/video", ctype: ct, body: body})
		add(hostileCase{name: "scan vitals " + id, method: "GET", path: "/v1/scan-session/" + url.PathEscape(id) + "/vitals"})
	}

	// Paths, ids and queries.
	for _, p := range []string{
		"/v1/analyses?page=-1", "/v1/analyses?page=abc", "/v1/analyses?page=1e99", "/v1/analyses?page=100001", "/v1/analyses?page_size=0",
		"/v1/analyses?page_size=1000", "/v1/analyses?page=9223372036854775808", "/v1/analyses/xyz/results", "/v1/analyses/" + strings.Repeat("a", 1000) + "/results",
		"/v1/analyses/%00/results", "/v1/analyses/00000000000000000000000000000000/results", "/v1/analyses/00000000000000000000000000000000/results/raw_data",
		"/v1/analyses/compare?a=1&b=2", "/v1/analyses/compare", "/running/sessions/zz/", "/running/sessions/00000000000000000000000000000000/export/?format=exe",
		"/media/..%2f..%2fetc%2fpasswd", "/media/x.mp4?exp=9999999999&sig=" + strings.Repeat("0", 64), "/media/x.mp4?exp=abc&sig=",
		"/web/models/..%2f..%2fmanifest.json", "/web/models/other.onnx", "/v1/no-such-thing", "/v1/athletes/me/trends?limit=-5",
		"/weightlifting/sessions/00000000000000000000000000000000/lift-analysis/",
	} {
		add(hostileCase{name: "GET " + p[:min(len(p), 60)], method: "GET", path: p})
	}
	// Wrong methods.
	for _, m := range []string{"PUT", "PATCH", "DELETE", "BREW", "TRACE", "PROPFIND"} {
		for _, p := range []string{"/v1/analyses", "/v1/analyses/00000000000000000000000000000000/results", "/infer/video", "/v1/images", "/v1/scan-session"} {
			add(hostileCase{name: m + " " + p, method: m, path: p})
		}
	}
	add(hostileCase{name: "POST /health", method: "POST", path: "/health"})
	add(hostileCase{name: "DELETE /v1/embed/tokens", method: "DELETE", path: "/v1/embed/tokens"})
	for _, b := range []string{`{"ttl_seconds":-1}`, `{"ttl_seconds":1e400}`, `{"ttl_seconds":"NaN"}`, `{"ttl_seconds":99999999999}`, `{`} {
		add(hostileCase{name: "embed token " + b, method: "POST", path: "/v1/embed/tokens", ctype: "application/json", body: []byte(b)})
	}

	// Huge headers (net/http answers 431 before any handler).
	add(hostileCase{name: "100 KB header", method: "GET", path: "/v1/analyses", header: map[string]string{"X-Big": strings.Repeat("a", 100<<10)}})
	add(hostileCase{name: "100 KB of cookies", method: "GET", path: "/v1/analyses", header: map[string]string{"Cookie": strings.Repeat("c=d; ", 20<<10)}})

	// Raw requests net/http would not send: bodies shorter than their
	// Content-Length, broken chunked encoding.
	raw := func(name, head string, body []byte) {
		add(hostileCase{name: name, raw: append([]byte(head), body...)})
	}
	head := func(length int, ctype, extra string) string {
		return fmt.Sprintf("POST /v1/analyses HTTP/1.1\r\nHost: x\r\nAuthorization: %%AUTH%%\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n", ctype, length, extra)
	}
	raw("body shorter than Content-Length", head(len(good), ct, ""), good[:len(good)/3])
	raw("body of 1 byte, Content-Length 40 MB", head(40<<20, ct, ""), []byte("-"))
	raw("broken chunk size", "POST /v1/analyses HTTP/1.1\r\nHost: x\r\nAuthorization: %AUTH%\r\nContent-Type: "+ct+"\r\nTransfer-Encoding: chunked\r\n\r\n", []byte("zz\r\nhello\r\n0\r\n\r\n"))
	raw("chunked, truncated", "POST /v1/analyses HTTP/1.1\r\nHost: x\r\nAuthorization: %AUTH%\r\nContent-Type: "+ct+"\r\nTransfer-Encoding: chunked\r\n\r\n", append([]byte("1000\r\n"), good[:100]...))
	return cs
}

func TestHostileBlackBox(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // the server's multipart temp files land here
	data := t.TempDir()
	key := createKey(t, data)
	s := startServer(t, "--data", data, "--rate-per-minute", "100000", "--costly-per-minute", "100000")
	auth := "Bearer " + key
	// Libraries drop files of their own in TMPDIR when the process starts
	// (OpenCV's mat-debug-PID.log, …): only what requests leave counts.
	atStart := map[string]bool{}
	for _, f := range globAll(tmp) {
		atStart[f] = true
	}
	cases := hostileCases(t)
	if len(cases) < 200 {
		t.Fatalf("only %d cases", len(cases))
	}
	u, _ := url.Parse(s.URL)
	client := &http.Client{Timeout: 60 * time.Second}
	for _, c := range cases {
		var resp *http.Response
		var body []byte
		if c.raw != nil {
			conn, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			conn.SetDeadline(time.Now().Add(30 * time.Second))
			conn.Write(bytes.ReplaceAll(c.raw, []byte("%AUTH%"), []byte(auth)))
			conn.(*net.TCPConn).CloseWrite()
			resp, err = http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Errorf("%s: no answer: %v", c.name, err)
				conn.Close()
				continue
			}
			body, _ = io.ReadAll(resp.Body)
			conn.Close()
		} else {
			req, err := http.NewRequest(c.method, s.URL+c.path, bytes.NewReader(c.body))
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			req.Header.Set("Authorization", auth)
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			resp, err = client.Do(req)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		var e struct{ Code string }
		json.Unmarshal(body, &e)
		switch {
		case resp.StatusCode < 400 || resp.StatusCode > 499:
			t.Errorf("%s: %d %s, want a 4xx", c.name, resp.StatusCode, body[:min(len(body), 300)])
		case resp.StatusCode == http.StatusRequestHeaderFieldsTooLarge:
			// net/http refuses the header block before any handler runs.
		case e.Code == "":
			t.Errorf("%s: %d without a code: %s", c.name, resp.StatusCode, body[:min(len(body), 300)])
		}
	}
	t.Logf("%d malformed requests answered", len(cases))

	// Still healthy, nothing stuck, nothing left behind.
	c := apiClient{s.URL, auth}
	if resp, body := c.do(t, http.MethodGet, "/health", nil, ""); resp.StatusCode != 200 {
		t.Errorf("/health afterwards: %d %s", resp.StatusCode, body)
	}
	_, body := c.do(t, http.MethodGet, "/v1/analyses?page_size=100", nil, "")
	if strings.Contains(string(body), `"analyzing"`) || strings.Contains(string(body), `"pending"`) {
		t.Errorf("analyses left unfinished: %s", body)
	}
	for _, bad := range []string{"panic", "goroutine "} {
		if strings.Contains(s.logs.String(), bad) {
			t.Errorf("the server log mentions %q", bad)
		}
	}
	time.Sleep(500 * time.Millisecond)
	for _, f := range globAll(tmp) {
		if !atStart[f] {
			t.Errorf("temp file left: %s", f)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(data, "blobs", "*")); len(left) > 0 {
		t.Errorf("blobs left: %v", left)
	}
}

// globAll lists a folder's entries, hidden ones included.
func globAll(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
