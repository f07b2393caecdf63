package store

import (
	"fmt"
	"net/url"
)

// CheckCallbackURL accepts an absolute http(s) URL (or ""), the only kind
// of webhook target MotionLab posts to.
func CheckCallbackURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("callback URL %q must be an absolute http(s) URL", raw)
	}
	return nil
}
