package running

import (
	"fmt"
	"strconv"
	"strings"
)

// Request is what an analysis was asked for: seed 002's parameters plus
// the activity. The server stores it as the analysis's params JSON.
type Request struct {
	Activity     string  `json:"activity"`
	AnalysisType string  `json:"analysis_type"`
	Height       float64 `json:"height"` // cm
	Weight       float64 `json:"weight"` // kg
	// Sex (female|male, optional) and LegLength (cm, optional; estimated
	// from the keypoints when 0) personalise the coaching bands.
	Sex       string  `json:"sex,omitempty"`
	LegLength float64 `json:"leg_length,omitempty"`
	Pace      string  `json:"pace,omitempty"`
	Language  string  `json:"language"`
	Treadmill bool    `json:"treadmill"`
	FullBody  bool    `json:"full_body"`
}

// Options turns the request into analysis options for a clip at fps.
func (r Request) Options(fps float64) (Options, error) {
	o := Options{FPS: fps, HeightM: r.Height / 100, Treadmill: r.Treadmill, Language: r.Language, FullBody: r.FullBody}
	if r.Pace != "" {
		p, err := ParsePace(r.Pace)
		if err != nil {
			return o, err
		}
		if r.Treadmill {
			o.PaceSecPerKm = p
		}
	}
	if r.Treadmill && o.PaceSecPerKm == 0 {
		return o, fmt.Errorf("pace is required when treadmill=true")
	}
	return o, nil
}

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
