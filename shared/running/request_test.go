package running

import "testing"

func TestParsePace(t *testing.T) {
	for s, want := range map[string]float64{"04:30": 270, "4:30": 270, "12:05": 725} {
		if got, err := ParsePace(s); err != nil || got != want {
			t.Errorf("ParsePace(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "4", "4:3", "4:60", "a:10", "1:00", "25:00"} {
		if _, err := ParsePace(s); err == nil {
			t.Errorf("ParsePace(%q) must fail", s)
		}
	}
}
