package sprint

import "math"

// Sprint timing (issue 21, item 5): zone lines every zoneM metres along the
// run, measured from where the centre of mass is at the coach's start
// frame, with the time each line is crossed, the split per zone and its
// average speed. The browser and the tests compute it with this one
// function, so a table in the page is exactly what Go computes.

// Start modes.
const (
	// StaticStart: block or standing start. Time 0 is the confirmed
	// first-movement frame, where the 0 m line is.
	StaticStart = "static"
	// FlyingStart: the athlete is already running. The first zoneM metres
	// from the start frame are the run-up; time 0 is when the centre of
	// mass crosses the first zone line, zoneM ahead (sub-frame).
	FlyingStart = "flying"
)

// Split is one timed zone.
type Split struct {
	FromM float64 `json:"from_m"` // the zone's lines, metres from the start frame's position
	ToM   float64 `json:"to_m"`
	// AtS and EndS: when the centre of mass crosses the zone's lines,
	// seconds from time 0 (linear interpolation between frames).
	AtS    float64 `json:"at_s"`
	EndS   float64 `json:"end_s"`
	SplitS float64 `json:"split_s"`
	// SpeedMS is the zone's average speed: its length over its split.
	SpeedMS float64 `json:"speed_m_s"`
}

// Timing is a sprint's zones as far as the clip covers them.
type Timing struct {
	Mode       string  `json:"mode"`
	StartFrame int     `json:"start_frame"`
	ZeroS      float64 `json:"zero_s"` // clip time of time 0
	// CoveredM is how far the centre of mass got past the start frame's
	// position within the clip: zones beyond it are left out.
	CoveredM float64 `json:"covered_m"`
	Splits   []Split `json:"splits"`
}

// ProposedStart is the start frame to propose to the coach: the detected
// first movement for a standing start, else the first frame the athlete
// is seen in (the run-up of a flying start begins there).
func ProposedStart(r *Result) (mode string, frame int) {
	if r.Start.Kind == StartStanding && r.Start.Frame > 0 {
		return StaticStart, r.Start.Frame
	}
	if len(r.Frames) == 0 {
		return FlyingStart, 0
	}
	return FlyingStart, r.Frames[0].Index
}

// groundX is the centre of mass's position over the ground per frame
// (metres along the run from the first frame): SpeedX, which has the
// ground's own image speed taken out (see Analyze), integrated over time
// (trapezoids). With a fixed camera Frame.CoMX, measured across the
// picture, agrees within the speed's rounding; with a moving one Analyze
// sets CoMX to this.
func groundX(frames []Frame, fps float64) []float64 {
	v := speeds(frames)
	x := make([]float64, len(frames))
	for i := 1; i < len(frames); i++ {
		dt := float64(frames[i].Index-frames[i-1].Index) / fps
		x[i] = x[i-1] + (v[i]+v[i-1])/2*dt
	}
	return x
}

// speeds are the frames' SpeedX where Analyze could compute it. A central
// difference needs both neighbours seen: the clip's first and last frames
// and those beside a gap carry 0 instead, which would lose half a frame's
// travel each (7 cm at 4 m/s and 30 fps). Such a 0 takes its seen
// neighbour's speed.
func speeds(frames []Frame) []float64 {
	v := make([]float64, len(frames))
	for i, f := range frames {
		v[i] = f.SpeedX
		prev := i > 0 && frames[i-1].Index == f.Index-1
		next := i+1 < len(frames) && frames[i+1].Index == f.Index+1
		if f.SpeedX != 0 || (prev && next) {
			continue
		}
		switch {
		case next:
			v[i] = frames[i+1].SpeedX
		case prev:
			v[i] = frames[i-1].SpeedX
		}
	}
	return v
}

// Splits times zones of zoneM metres from startFrame (see the modes).
func Splits(frames []Frame, fps float64, startFrame int, mode string, zoneM float64) Timing {
	t := Timing{Mode: mode, StartFrame: startFrame, Splits: []Split{}}
	if len(frames) < 2 || fps <= 0 || zoneM <= 0 {
		return t
	}
	x := groundX(frames, fps)
	clock := func(k float64) float64 { return k / fps } // a (fractional) frame's clip time
	// Where the centre of mass is at the start frame (interpolated when the
	// athlete is not seen in it).
	s := firstAt(frames, float64(startFrame))
	if s < 0 {
		return t
	}
	x0 := lerp(frames, x, s, float64(startFrame))
	if s > 0 && frames[s].Index > startFrame {
		s-- // the athlete is not seen at the start frame: a line may be crossed before the next seen one
	}
	t.ZeroS = clock(float64(startFrame))
	first := 0.0
	if mode == FlyingStart {
		first = zoneM
		k, ok := crossing(frames, x, s, x0+first)
		if !ok {
			t.CoveredM = covered(x, s, x0)
			return t
		}
		t.ZeroS = clock(k)
	}
	for k := 0; ; k++ {
		from := first + float64(k)*zoneM // not summed: 0.1 m zones must not drift
		a, okA := crossing(frames, x, s, x0+from)
		b, okB := crossing(frames, x, s, x0+from+zoneM)
		if from == 0 {
			a, okA = float64(startFrame), true
		}
		if !okA || !okB {
			break
		}
		sp := Split{FromM: from, ToM: from + zoneM, AtS: clock(a) - t.ZeroS, EndS: clock(b) - t.ZeroS}
		sp.SplitS = sp.EndS - sp.AtS
		sp.SpeedMS = zoneM / sp.SplitS
		t.Splits = append(t.Splits, sp)
	}
	t.CoveredM = covered(x, s, x0)
	return t
}

// firstAt is the index of the first frame at or after frame k, −1 if none.
func firstAt(frames []Frame, k float64) int {
	for i, f := range frames {
		if float64(f.Index) >= k {
			return i
		}
	}
	return -1
}

// lerp is the position at (fractional) frame k, where frames[s] is the
// first frame at or after it.
func lerp(frames []Frame, x []float64, s int, k float64) float64 {
	if s == 0 || float64(frames[s].Index) == k {
		return x[s]
	}
	a, b := frames[s-1], frames[s]
	u := (k - float64(a.Index)) / float64(b.Index-a.Index)
	return x[s-1] + u*(x[s]-x[s-1])
}

// crossing is the (fractional) frame at which the position first reaches
// line, searching from frames[s]; ok is false if it never does.
func crossing(frames []Frame, x []float64, s int, line float64) (k float64, ok bool) {
	if x[s] >= line {
		return float64(frames[s].Index), true
	}
	for i := s + 1; i < len(x); i++ {
		if x[i] >= line {
			u := (line - x[i-1]) / (x[i] - x[i-1])
			a, b := float64(frames[i-1].Index), float64(frames[i].Index)
			return a + u*(b-a), true
		}
	}
	return 0, false
}

// covered is the farthest the position gets past x0 from frames[s] on.
func covered(x []float64, s int, x0 float64) float64 {
	m := 0.0
	for _, v := range x[s:] {
		m = math.Max(m, v-x0)
	}
	return m
}
