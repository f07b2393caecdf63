package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"golang.org/x/time/rate"

	"motionlab/server/store"
)

type ctxKey int

const keyCtx ctxKey = 0

// keyFrom returns the authenticated key of a request (set by authenticate).
func keyFrom(ctx context.Context) *store.Key {
	k, _ := ctx.Value(keyCtx).(*store.Key)
	return k
}

// markPublic declares routes (ServeMux patterns) that need no key. Every
// other route needs one: a new operation is authenticated unless it says
// otherwise (publicOperation), so forgetting is safe.
func (s *Server) markPublic(patterns ...string) {
	for _, p := range patterns {
		s.public[p] = true
	}
}

// publicOperation marks a Huma operation public: it needs no key, and its
// OpenAPI description says so (no security requirement).
func (s *Server) publicOperation(op huma.Operation) huma.Operation {
	op.Security = []map[string][]string{}
	s.markPublic(strings.ToUpper(op.Method) + " " + op.Path)
	return op
}

// apiPrefixes are the API's path prefixes. The web app's catch-all route
// ("/", public for GET and HEAD: its pages) never answers under them, so
// an unknown API path still needs a key.
var apiPrefixes = []string{"/v1/", "/infer/", "/running/", "/jumping/", "/weightlifting/", "/sessions/", "/session-management/"}

// isPublic tells whether the request's route was declared public.
func (s *Server) isPublic(r *http.Request) bool {
	pattern := s.route(r)
	if pattern == "/" {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return false
		}
		for _, p := range apiPrefixes {
			if strings.HasPrefix(r.URL.Path, p) {
				return false
			}
		}
		return true
	}
	return s.public[pattern]
}

type routeKey struct{}

// route is the ServeMux pattern that serves r ("" when none does), as
// instrument found it.
func (s *Server) route(r *http.Request) string {
	if p, ok := r.Context().Value(routeKey{}).(string); ok {
		return p
	}
	_, p := s.mux.Handler(r)
	return p
}

// presentedKey reads `Authorization: Bearer <key>` or `Authorization: API-KEY <key>`.
func presentedKey(r *http.Request) string {
	h := r.Header.Get("Authorization")
	for _, scheme := range []string{"Bearer ", "API-KEY "} {
		if len(h) > len(scheme) && strings.EqualFold(h[:len(scheme)], scheme) {
			return strings.TrimSpace(h[len(scheme):])
		}
	}
	return ""
}

// authenticate resolves the caller's key and applies its rate limit. In
// development mode (no keys exist, loopback only) a request without a key
// acts as the built-in development key.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.isPublic(r) {
			next.ServeHTTP(w, r)
			return
		}
		var key *store.Key
		if secret := presentedKey(r); strings.HasPrefix(secret, embedTokenPrefix) {
			k, err := s.embedKey(r.Context(), secret)
			if err != nil {
				writeError(w, NewError(http.StatusUnauthorized, "unauthorized", err.Error()))
				return
			}
			if !embedAllowed(r) {
				writeError(w, NewError(http.StatusForbidden, "embed_token_scope", "an embed token may only start analyses and read them by id"))
				return
			}
			key = k
		} else if secret != "" {
			hash := store.HashKey(secret)
			k, stored, err := s.meta.KeyByHash(r.Context(), hash)
			// The lookup is by hash; confirm in constant time anyway.
			if err != nil || subtle.ConstantTimeCompare([]byte(stored), []byte(hash)) != 1 {
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					writeError(w, NewError(http.StatusInternalServerError, "internal_error", "key lookup failed"))
					return
				}
				writeError(w, NewError(http.StatusUnauthorized, "unauthorized", "the API key is not valid (revoked or unknown)"))
				return
			}
			key = k
		} else if s.devKey != nil {
			// Development mode acts for whoever asks, so it answers only
			// requests addressed to this machine by name (DNS rebinding
			// sends another Host) from this machine's pages (another
			// site's page sends its Origin).
			if !loopbackHost(r.Host) || (r.Header.Get("Origin") != "" && !loopbackOrigin(r.Header.Get("Origin"))) {
				writeError(w, NewError(http.StatusForbidden, "not_local", "development mode (no API keys exist) answers only requests to localhost from local pages; create a key to serve others"))
				return
			}
			key = s.devKey
		} else {
			w.Header().Set("WWW-Authenticate", `Bearer realm="motionlab"`)
			writeError(w, NewError(http.StatusUnauthorized, "unauthorized", "an API key is required: send `Authorization: Bearer <key>` (create one with `motionlab keys create --name NAME`)"))
			return
		}
		if !s.limits.allow(w, key.ID) {
			writeError(w, NewError(http.StatusTooManyRequests, "rate_limited", "too many requests for this key; see Retry-After"))
			return
		}
		route := s.route(r)
		if costlyRoutes[route] {
			if wait, ok := s.costly.take(key.ID); !ok {
				e := NewError(http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("this key may make %d inference, photo, keypoint and vitals requests a minute; see Retry-After", s.costly.perMin))
				e.headers = http.Header{"Retry-After": []string{strconv.Itoa(wait)}}
				writeError(w, e)
				return
			}
		}
		if syncRoutes[route] {
			release, ok := s.inflight.acquire(key.ID)
			if !ok {
				e := NewError(http.StatusTooManyRequests, "too_many_concurrent", fmt.Sprintf("this key already has %d videos or photos being analysed while it waits; retry when one has finished", s.inflight.max))
				e.headers = http.Header{"Retry-After": []string{"5"}}
				writeError(w, e)
				return
			}
			defer release()
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyCtx, key)))
	})
}

// loopbackHost tells whether a Host header names this machine: localhost
// (or a *.localhost name) or a loopback address, with any port.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackOrigin tells whether an Origin header is a page on this machine.
func loopbackOrigin(origin string) bool {
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && loopbackHost(u.Host)
}

// costlyRoutes spend no credit but make the server work or write files:
// besides the general rate limit, each takes a token from the key's
// costly bucket (Config.CostlyPerMinute).
var costlyRoutes = map[string]bool{
	"POST /infer/video": true, "POST /v1/images": true, "POST /v1/analyses/keypoints": true,
	"POST /v1/scan-session": true, "POST /v1/scan-session/{id}/video": true,
}

// syncRoutes hold an upload and an engine (or wait for one) while the
// client waits: a key may have Config.MaxInflight of them at once.
var syncRoutes = map[string]bool{"POST /infer/video": true, "POST /v1/images": true}

// bucket is a per-key token bucket without response headers (the
// general limiter sets X-RateLimit-*).
type bucket struct {
	mu     sync.Mutex
	perMin int
	keys   map[string]*rate.Limiter
}

func newBucket(perMin int) *bucket { return &bucket{perMin: perMin, keys: map[string]*rate.Limiter{}} }

// take spends a token of key's bucket, or says how many seconds until one.
func (b *bucket) take(key string) (int, bool) {
	b.mu.Lock()
	lim := b.keys[key]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(float64(b.perMin)/60), b.perMin)
		b.keys[key] = lim
	}
	b.mu.Unlock()
	now := time.Now()
	if lim.AllowN(now, 1) {
		return 0, true
	}
	return int(math.Ceil((1 - lim.TokensAt(now)) / (float64(b.perMin) / 60))), false
}

// inflight counts each key's requests in progress on syncRoutes.
type inflight struct {
	mu   sync.Mutex
	max  int
	keys map[string]int
}

func (f *inflight) acquire(key string) (release func(), ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.keys[key] >= f.max {
		return nil, false
	}
	f.keys[key]++
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.keys[key]--; f.keys[key] <= 0 {
			delete(f.keys, key)
		}
	}, true
}

// limiter keeps one token bucket per key (golang.org/x/time/rate): perMin
// requests a minute, the full minute's worth available as a burst.
type limiter struct {
	mu     sync.Mutex
	perMin int
	keys   map[string]*rate.Limiter
}

func newLimiter(perMin int) *limiter {
	return &limiter{perMin: perMin, keys: map[string]*rate.Limiter{}}
}

// allow takes a token for key and sets the X-RateLimit-* headers:
// Limit (requests per minute), Remaining (whole tokens left), Reset
// (seconds until the bucket is full again). On refusal it sets Retry-After.
func (l *limiter) allow(w http.ResponseWriter, key string) bool {
	l.mu.Lock()
	lim := l.keys[key]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(float64(l.perMin)/60), l.perMin)
		l.keys[key] = lim
	}
	l.mu.Unlock()
	now := time.Now()
	ok := lim.AllowN(now, 1)
	tokens := lim.TokensAt(now)
	perSec := float64(l.perMin) / 60
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(l.perMin))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(0, int(math.Floor(tokens)))))
	h.Set("X-RateLimit-Reset", strconv.Itoa(int(math.Ceil((float64(l.perMin)-tokens)/perSec))))
	if !ok {
		h.Set("Retry-After", fmt.Sprint(int(math.Ceil((1-tokens)/perSec))))
	}
	return ok
}
