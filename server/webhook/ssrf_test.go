package webhook

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

func TestPublicUnicast(t *testing.T) {
	for addr, want := range map[string]bool{
		"93.184.215.14": true, "8.8.8.8": true, "2606:4700:4700::1111": true,
		"127.0.0.1": false, "127.8.9.10": false, "::1": false, "0.0.0.0": false, "::": false,
		"10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "fd00::1": false,
		"169.254.169.254": false, "fe80::1": false, "100.64.0.1": false, "192.0.2.1": false,
		"198.18.0.1": false, "224.0.0.1": false, "255.255.255.255": false, "240.0.0.1": false,
		"::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false, "::ffff:8.8.8.8": true,
		"64:ff9b::a00:1": false, "2002:a00:1::1": false, "2001:db8::1": false, "ff02::1": false,
	} {
		if got := PublicUnicast(netip.MustParseAddr(addr)); got != want {
			t.Errorf("PublicUnicast(%s) = %v, want %v", addr, got, want)
		}
	}
}

// TestClientRefusesPrivateAddresses: the address is checked where
// the connection is made, so names that resolve to loopback are refused
// as well as literals.
func TestClientRefusesPrivateAddresses(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	port := srv.URL[strings.LastIndexByte(srv.URL, ':'):]
	for _, u := range []string{srv.URL, "http://localhost" + port, "http://[::ffff:127.0.0.1]" + port} {
		resp, err := Client(false).Post(u+"/hook", "application/json", strings.NewReader("{}"))
		if err == nil {
			resp.Body.Close()
		}
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s: err %v, want ErrPrivateAddress", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the receiver on loopback was reached %d times", n)
	}
	// Development: allowed with the flag.
	resp, err := Client(true).Post(srv.URL+"/hook", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if hits.Load() != 1 {
		t.Error("allowPrivate: not delivered")
	}
}

// TestClientDoesNotFollowRedirects: a 307/308 would re-post the
// signed body to wherever the receiver points.
func TestClientDoesNotFollowRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/hook", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	resp, err := Client(true).Post(srv.URL+"/hook", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || elsewhere.Load() != 0 {
		t.Errorf("status %d, redirect target hit %d times; want the 307 itself and no second request", resp.StatusCode, elsewhere.Load())
	}
	if c := Client(false); c.Timeout != Timeout || c.Transport.(*http.Transport).Proxy != nil {
		t.Error("webhook client without timeout or with a proxy")
	}
}

func TestCheckHost(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://partner.example/hook": true, "http://93.184.215.14/x": true,
		"http://127.0.0.1:8080/x": false, "http://localhost/x": false, "http://api.localhost./x": false,
		"http://[::1]/x": false, "http://169.254.169.254/latest/meta-data": false, "http://10.0.0.5/x": false,
	} {
		if err := CheckHost(u); (err == nil) != ok {
			t.Errorf("CheckHost(%s) = %v", u, err)
		}
	}
}
