// Package webhook guards webhook delivery against server-side request
// forgery: the addresses a webhook may reach and the HTTP client that
// enforces them at every connection. The API checks a callback URL with it
// when an analysis is submitted, the job workers deliver with its client.
package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Webhook delivery limits: a receiver must answer within Timeout
// (connect, TLS, headers and body together); at most MaxResponse
// bytes of its answer are read; redirects are not followed.
const (
	Timeout     = 10 * time.Second
	MaxResponse = 64 << 10
)

// ErrPrivateAddress is a webhook whose host resolves to an address that
// is not public unicast (loopback, private, link-local, metadata service,
// multicast, reserved…). Delivery is refused, not retried.
var ErrPrivateAddress = errors.New("webhook address is not a public unicast address")

// nonPublic are the ranges a webhook may never reach beside what netip's
// predicates already cover (loopback, private, link-local, multicast,
// unspecified): shared address space, benchmarking, documentation,
// reserved, and IPv6 prefixes that embed or translate IPv4 addresses.
var nonPublic = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // carrier-grade NAT (shared address space)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // TEST-NET-1
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // TEST-NET-2
		"203.0.113.0/24",  // TEST-NET-3
		"240.0.0.0/4",     // reserved, and 255.255.255.255
		"64:ff9b::/96",    // NAT64: would reach any IPv4 address
		"64:ff9b:1::/48",  // local-use NAT64
		"100::/64",        // discard-only
		"2001::/32",       // Teredo
		"2001:db8::/32",   // documentation
		"2002::/16",       // 6to4: embeds an IPv4 address
		"fec0::/10",       // deprecated site-local
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// PublicUnicast tells whether a webhook may be delivered to ip.
func PublicUnicast(ip netip.Addr) bool {
	ip = ip.Unmap() // ::ffff:10.0.0.1 is 10.0.0.1
	if !ip.IsValid() || !ip.IsGlobalUnicast() || ip.IsPrivate() || ip.IsLoopback() ||
		ip.IsLinkLocalUnicast() || ip.IsMulticast() || ip.IsUnspecified() || ip.Zone() != "" {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// guard is the dialer's Control hook: it sees the address actually being
// connected to, after DNS resolution, so a name that resolves (or
// re-resolves, DNS rebinding) to a private address is refused too.
func guard(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, address)
	}
	if !PublicUnicast(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ap.Addr())
	}
	return nil
}

// Client is the HTTP client webhooks are posted with: no proxy
// (a proxy would connect for us, past the address check), only public
// unicast addresses unless allowPrivate (development and tests), no
// redirects (a 307/308 would re-post the signed body elsewhere), and a
// short overall timeout.
func Client(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if !allowPrivate {
		d.Control = guard
	}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    5 * time.Second,
		ResponseHeaderTimeout:  Timeout,
		MaxResponseHeaderBytes: 16 << 10,
		MaxIdleConns:           8,
		IdleConnTimeout:        30 * time.Second,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// CheckHost refuses, when an analysis is submitted, a callback
// URL whose host is already known not to be public: an IP literal outside
// public unicast, or localhost. Names are checked again, resolved, at
// every delivery (Client), so this is only the early answer.
func CheckHost(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, host)
	}
	if ip, err := netip.ParseAddr(host); err == nil && !PublicUnicast(ip) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ip)
	}
	return nil
}
