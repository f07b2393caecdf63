package running

import (
	"fmt"
	"strconv"
	"strings"
)

// ParsePace reads MM:SS per km into seconds per km.
func ParsePace(s string) (float64, error) {
	m, sec, ok := strings.Cut(s, ":")
	mi, err1 := strconv.Atoi(m)
	si, err2 := strconv.Atoi(sec)
	if !ok || err1 != nil || err2 != nil || mi < 0 || si < 0 || si > 59 || len(sec) != 2 {
		return 0, fmt.Errorf("pace %q: want MM:SS per km", s)
	}
	p := float64(mi*60 + si)
	if p < 120 || p > 1200 {
		return 0, fmt.Errorf("pace %q: outside 2:00–20:00 per km", s)
	}
	return p, nil
}
