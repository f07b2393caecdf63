package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"net/http"
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
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyCtx, key)))
	})
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
