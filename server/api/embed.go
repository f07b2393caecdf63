package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
)

// Embedding: a partner's server exchanges its secret key for a short-lived
// embed token (POST /v1/embed/tokens) and puts the token in the iframe's
// URL (/embed?token=…). The token authenticates the iframe's API calls as
// the key, for analysing and reading results only; the key's allowed
// origins decide who may frame the page (CSP frame-ancestors) and receive
// its postMessage events.

// embedTokenPrefix marks embed tokens, so authenticate can tell them from keys.
const embedTokenPrefix = "mle_"

// maxEmbedTTL bounds an embed token's life.
const maxEmbedTTL = 24 * time.Hour

// embedToken signs key id and expiry: mle_<key id>.<unix exp>.<hmac>.
func (s *Server) embedToken(keyID string, exp time.Time) string {
	payload := keyID + "." + strconv.FormatInt(exp.Unix(), 10)
	return embedTokenPrefix + payload + "." + store.Sign(s.secrets.Media, []byte("embed|"+payload))
}

var errBadToken = errors.New("the embed token is not valid")

// embedKey checks an embed token and returns its key (active, not expired).
func (s *Server) embedKey(ctx context.Context, token string) (*store.Key, error) {
	rest, ok := strings.CutPrefix(token, embedTokenPrefix)
	if !ok {
		return nil, errBadToken
	}
	i := strings.LastIndexByte(rest, '.')
	if i < 0 {
		return nil, errBadToken
	}
	payload, sig := rest[:i], rest[i+1:]
	want := store.Sign(s.secrets.Media, []byte("embed|"+payload))
	if subtle.ConstantTimeCompare([]byte(sig), []byte(want)) != 1 {
		return nil, errBadToken
	}
	id, expText, _ := strings.Cut(payload, ".")
	exp, err := strconv.ParseInt(expText, 10, 64)
	if err != nil || time.Now().Unix() > exp {
		return nil, errors.New("the embed token has expired: ask the partner page for a new one")
	}
	k, err := s.meta.KeyByID(ctx, id)
	if err != nil {
		return nil, errBadToken // revoked keys' tokens die with them
	}
	return k, nil
}

// embedAllowed is what an embed token may do: start analyses and read
// them by id (ids are 128-bit random), never list or delete the key's data.
func embedAllowed(r *http.Request) bool {
	p := r.URL.Path
	switch r.Method {
	case http.MethodPost:
		return p == "/v1/analyses" || p == "/v1/analyses/keypoints" || p == "/v1/images"
	case http.MethodGet:
		return p == "/v1/embed/config" || (strings.HasPrefix(p, "/v1/analyses/") && p != "/v1/analyses/")
	}
	return false
}

type embedTokenInput struct {
	Body struct {
		TTLSeconds int `json:"ttl_seconds,omitempty" minimum:"60" maximum:"86400" default:"3600" doc:"how long the token works"`
	}
}

type embedTokenOutput struct {
	Status int
	Body   struct {
		Token          string    `json:"token" example:"mle_5f0c6a1e9b2d4c7f8a3e1d2c4b6a8f90.1795000000.3a…" doc:"put it in the iframe URL: /embed?token=…"`
		ExpiresAt      time.Time `json:"expires_at"`
		AllowedOrigins []string  `json:"allowed_origins" doc:"sites that may frame /embed with this token and receive its messages (set with motionlab keys origins)"`
	}
}

type embedConfigOutput struct {
	Body struct {
		AllowedOrigins []string `json:"allowed_origins" doc:"where the embedded page posts its messages"`
	}
}

func (s *Server) registerEmbed() {
	huma.Register(s.api, huma.Operation{
		OperationID:   "create-embed-token",
		Method:        http.MethodPost,
		Path:          "/v1/embed/tokens",
		Summary:       "Issue a short-lived token for the embeddable iframe",
		Description:   "Call it from your server with your secret key, then load `/embed?token=TOKEN&activity=running&…` in an iframe on a page whose origin is in the key's allowed origins (`motionlab keys create --origin https://you.example` or `motionlab keys origins KEY https://you.example`). The token can only start analyses and read them by id. An embed token cannot issue tokens (403 `embed_token_scope`).",
		Tags:          []string{"Embed"},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{401, 403, 422},
	}, func(ctx context.Context, in *embedTokenInput) (*embedTokenOutput, error) {
		k := keyFrom(ctx)
		ttl := time.Duration(in.Body.TTLSeconds) * time.Second
		if ttl <= 0 {
			ttl = time.Hour
		}
		exp := time.Now().Add(min(ttl, maxEmbedTTL)).UTC().Truncate(time.Second)
		out := &embedTokenOutput{Status: http.StatusCreated}
		out.Body.Token, out.Body.ExpiresAt, out.Body.AllowedOrigins = s.embedToken(k.ID, exp), exp, k.AllowedOrigins
		if out.Body.AllowedOrigins == nil {
			out.Body.AllowedOrigins = []string{}
		}
		return out, nil
	})

	huma.Register(s.api, huma.Operation{
		OperationID: "get-embed-config",
		Method:      http.MethodGet,
		Path:        "/v1/embed/config",
		Summary:     "The embedded page's settings for its token",
		Description: "The iframe asks with its embed token where it may post messages. Empty list: only this server's own pages.",
		Tags:        []string{"Embed"},
		Errors:      []int{401},
	}, func(ctx context.Context, _ *struct{}) (*embedConfigOutput, error) {
		out := &embedConfigOutput{}
		out.Body.AllowedOrigins = keyFrom(ctx).AllowedOrigins
		if out.Body.AllowedOrigins == nil {
			out.Body.AllowedOrigins = []string{}
		}
		return out, nil
	})
}

// embedHeaders sets who may frame /embed: the token's key's allowed
// origins (and this server), nobody else. Without a valid token only this
// server's own pages may frame it.
func (s *Server) embedHeaders(w http.ResponseWriter, r *http.Request) {
	ancestors := []string{"'self'"}
	if tok := r.URL.Query().Get("token"); tok != "" {
		if k, err := s.embedKey(r.Context(), tok); err == nil {
			ancestors = append(ancestors, k.AllowedOrigins...)
		}
	}
	w.Header().Set("Content-Security-Policy", "frame-ancestors "+strings.Join(ancestors, " "))
	// The partner page is not cross-origin isolated, so neither is the
	// iframe: no COOP/COEP here (onnxruntime-web runs single-threaded).
	w.Header().Set("Cache-Control", "no-store")
}
