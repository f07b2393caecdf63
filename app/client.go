package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"motionlab/shared/stream"
)

// keyStorage is where the API key lives in the browser (local storage,
// asked for once when the server requires keys).
const keyStorage = "motionlab.key"

// errNeedKey means the server answered 401: ask the user for a key.
var errNeedKey = errors.New("this server needs an API key")

// apiError is the API's problem+json body.
type apiError struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

func (e *apiError) Error() string {
	if e.Detail != "" {
		return e.Detail
	}
	return fmt.Sprintf("HTTP %d", e.Status)
}

// embedToken, when set (the /embed page), authenticates every request
// instead of a stored key.
var embedToken string

func apiKey(ctx app.Context) string {
	if embedToken != "" {
		return embedToken
	}
	var k string
	ctx.LocalStorage().Get(keyStorage, &k)
	return k
}

// request builds an API request with the stored key.
func request(ctx app.Context, method, path string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, path, body)
	if err != nil {
		return nil, err
	}
	if k := apiKey(ctx); k != "" {
		req.Header.Set("Authorization", "Bearer "+k)
	}
	return req, nil
}

// do sends req and decodes a JSON answer into v (nil: discard). Errors
// carry the API's detail; 401 is errNeedKey.
func do(req *http.Request, v any) (int, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized {
		return resp.StatusCode, errNeedKey
	}
	if resp.StatusCode >= 300 {
		e := &apiError{Status: resp.StatusCode}
		json.NewDecoder(resp.Body).Decode(e)
		return resp.StatusCode, e
	}
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			return resp.StatusCode, fmt.Errorf("read %s: %w", req.URL.Path, err)
		}
	}
	return resp.StatusCode, nil
}

// getJSON fetches path into v.
func getJSON(ctx app.Context, path string, v any) (int, error) {
	req, err := request(ctx, http.MethodGet, path, nil)
	if err != nil {
		return 0, err
	}
	return do(req, v)
}

// waitHealthy polls /health with backoff (0.5 s doubling to 8 s) until it
// answers 200 or ctx ends; ready is called then.
func waitHealthy(ctx context.Context, ready func()) {
	delay := 500 * time.Millisecond
	for ctx.Err() == nil {
		if resp, err := http.Get("/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				ready()
				return
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(delay):
		}
		delay = min(2*delay, 8*time.Second)
	}
}

// followEvents reads the analysis's event stream and calls on for each
// event until the stream ends. Fetch streams the body, so the key goes in
// a header (EventSource cannot send one).
func followEvents(ctx app.Context, id string, on func(stream.StatusEvent)) error {
	req, err := request(ctx, http.MethodGet, "/v1/analyses/"+id+"/events", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("events: HTTP %d", resp.StatusCode)
	}
	return stream.Read(resp.Body, func(m stream.Message) error {
		var ev stream.StatusEvent
		if json.Unmarshal(m.Data, &ev) == nil {
			on(ev)
		}
		return nil
	})
}
