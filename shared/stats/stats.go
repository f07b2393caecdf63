// Package stats holds the summary every metric reports (a mean with its
// spread and count: one type, so the API schema names it once) and the
// numeric helpers every package shares, each with one meaning. An empty
// slice gives 0 (Of gives the zero Stat): a caller that must tell "no
// values" from 0 checks len first.
package stats

import (
	"encoding/json"
	"math"
	"sort"
)

// Stat is a mean with its sample standard deviation (0 for one value) and
// the number of values. A Stat of no values (N 0) is no measurement: it
// is written as JSON null, never as a mean of 0 that reads like one (an
// analysis that found no step, jump or repetition); the API schema says
// so (nullable), and reading null back gives the zero Stat.
type Stat struct {
	_    struct{} `nullable:"true"`
	Mean float64  `json:"mean"`
	SD   float64  `json:"sd"`
	N    int      `json:"n"`
}

// statFields is Stat without its methods: encoding/json writes its
// fields as tagged.
type statFields Stat

// MarshalJSON writes null for a Stat of no values.
func (s Stat) MarshalJSON() ([]byte, error) {
	if s.N == 0 {
		return []byte("null"), nil
	}
	return json.Marshal(statFields(s))
}

// Of summarises v; the zero Stat when v is empty.
func Of(v []float64) Stat {
	if len(v) == 0 {
		return Stat{}
	}
	m := Mean(v)
	var ss float64
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	sd := 0.0
	if len(v) > 1 {
		sd = math.Sqrt(ss / float64(len(v)-1))
	}
	return Stat{Mean: m, SD: sd, N: len(v)}
}

// Median of v (the mean of the middle two for an even count); 0 when empty.
func Median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// MovingMedian is, for each i, the median of the v[j] with known(j) for
// j within h of i; 0 where none is known.
func MovingMedian(v []float64, h int, known func(j int) bool) []float64 {
	out := make([]float64, len(v))
	var near []float64
	for i := range v {
		near = near[:0]
		for j := max(0, i-h); j <= min(len(v)-1, i+h); j++ {
			if known(j) {
				near = append(near, v[j])
			}
		}
		out[i] = Median(near)
	}
	return out
}

// Mean of v; 0 when empty.
func Mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// Round rounds x to places decimal places, halves away from zero
// (math.Round): the precision the API reports a number with.
func Round(x float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(x*p) / p
}
