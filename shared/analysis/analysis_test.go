package analysis

import (
	"errors"
	"testing"

	"motionlab/shared/gait/gaittest"
	"motionlab/shared/pose"
	"motionlab/shared/running"
	"motionlab/shared/track"
)

// Running's calculated_data carries the coaching report; total_score,
// scores and recommendations are the report's.
func TestCalculateRunningCoaching(t *testing.T) {
	rn := gaittest.Runner{Cadence: 150, Contact: 0.25, Speed: 3.5, FPS: 60, Duration: 4, Dir: 1, Reach: 0.4}
	frames, _ := rn.Frames(0.1)
	req := Params{Activity: Running, AnalysisType: running.SideViewType, Height: 175, Weight: 70, Sex: "male", LegLength: 92, Language: "fr"}
	r, err := Calculate(track.Track{Frames: frames, FPS: rn.FPS}, req)
	if err != nil {
		t.Fatal(err)
	}
	c := r.Coaching
	if c == nil || c.View != "side" || c.Profile.LegSource != "request" || c.Profile.LegLengthM != 0.92 || c.Profile.Sex != "male" {
		t.Fatalf("coaching %+v", c)
	}
	if r.TotalScore == nil || c.TotalScore == nil || *r.TotalScore != *c.TotalScore || len(r.Scores) == 0 {
		t.Errorf("total_score %v, coaching %v; scores %v", r.TotalScore, c.TotalScore, r.Scores)
	}
	if len(r.Recommendations) != len(c.Findings) || len(c.Findings) == 0 || len(c.Findings) > 3 {
		t.Fatalf("%d recommendations for %d findings", len(r.Recommendations), len(c.Findings))
	}
	for i, f := range c.Findings {
		if rc := r.Recommendations[i]; string(rc.Key) != f.Key || rc.Cue != f.Cue || rc.Drill != f.Drill {
			t.Errorf("recommendation %d %+v, finding %+v", i, rc, f)
		}
	}
	if r.Recommendations[0].Title != "Foulée trop longue" {
		t.Errorf("first recommendation %q, want the French overstriding title", r.Recommendations[0].Title)
	}
	req.Pace = "9:99"
	if _, err := Calculate(track.Track{Frames: frames, FPS: rn.FPS}, req); err == nil {
		t.Error("a bad pace is accepted")
	}
}

// A runner at a low cadence gets coaching's advice about it, in the
// request's language.
func TestLowCadenceGetsAdvice(t *testing.T) {
	rn := gaittest.Runner{Cadence: 150, Contact: 0.3, Speed: 3.0, FPS: 60, Duration: 4, Noise: 0.5, Dir: 1, StrikeDeg: 20}
	raw, _ := rn.Frames(0.1)
	clean := track.Clean(track.Track{FPS: rn.FPS, Frames: raw}, track.DefaultOptions)
	for _, lang := range []string{"en", "ja"} {
		req := Defaults()
		req.Height, req.Language = 100*gaittest.HeightM, lang
		r, err := Calculate(clean, req)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]bool{}
		for _, rec := range r.Recommendations {
			keys[string(rec.Key)] = true
			if rec.Title == "" || rec.Advice == "" {
				t.Errorf("%s: empty recommendation %+v", lang, rec)
			}
		}
		if !keys["low_cadence"] {
			t.Errorf("%s: cadence 150 at 3 m/s should advise low_cadence: %v", lang, keys)
		}
	}
}

// An analysis fails only when the athlete was never seen: a NothingError
// whose code is the reason (what the server stores beside the message);
// FailureReason reads the same code back from the messages of analyses
// stored before that.
func TestFailureReason(t *testing.T) {
	empty := track.Track{FPS: 30, Frames: make([]*pose.Person, 60)}
	for activity, want := range map[string]string{Running: ReasonNotVisible, Sprint: ReasonNotVisible, Jump: ReasonNotVisible, Lift: ReasonNotVisible} {
		p := Defaults()
		p.Activity = activity
		_, err := Calculate(empty, p)
		if !errors.Is(err, ErrNothing) || ReasonOf(err) != want {
			t.Errorf("%s on an empty track: %v (reason %q), want ErrNothing with %q", activity, err, ReasonOf(err), want)
		}
		if err != nil && FailureReason(err.Error()) != want {
			t.Errorf("%s: the message %q reads back as %q, want %q", activity, err, FailureReason(err.Error()), want)
		}
	}
	for msg, want := range map[string]string{
		"running analysis: nothing to measure: " + running.ErrNoSteps.Error():                         ReasonNoContact,
		"lift analysis: nothing to measure: no complete repetition; film the whole set from the side": ReasonNoRepetition,
		"sprint analysis: no athlete found in the video":                                              ReasonNotVisible,
		"decode: unreadable video": "",
	} {
		if got := FailureReason(msg); got != want {
			t.Errorf("FailureReason(%q) = %q, want %q", msg, got, want)
		}
	}
}

// A frame over a fifth of the average contact or flight makes each one's
// time coarse, and the analysis says so, with the frame rate that would
// time them to a tenth.
func TestTimingCaveats(t *testing.T) {
	for _, c := range []struct {
		lang  string
		fps   float64
		means []float64
		want  string // "" = no caveat
	}{
		{"en", 30, []float64{0.108, 0.101}, "Filmed at 30 frames/s: each ground contact or flight time is known only to about ± 33 ms, a large part of such short events. Film at 120 frames/s or more (slow motion) to time them."},
		{"en", 30, []float64{0.256, 0}, ""}, // a jogger's contacts, no flight measured
		{"en", 30, []float64{0.256, 0.09}, "Filmed at 30 frames/s: each ground contact or flight time is known only to about ± 33 ms, a large part of such short events. Film at 120 frames/s or more (slow motion) to time them."},
		{"en", 240, []float64{0.1, 0.1}, ""},
		{"en", 15, []float64{0.27}, "Filmed at 15 frames/s: each ground contact or flight time is known only to about ± 67 ms, a large part of such short events. Film at 60 frames/s or more (slow motion) to time them."},
		{"de", 30, []float64{0.1}, "Mit 30 Bildern/s gefilmt: Jede Bodenkontakt- oder Flugzeit ist nur auf etwa ± 33 ms genau, ein großer Teil so kurzer Ereignisse. Filmen Sie mit 120 Bildern/s oder mehr (Zeitlupe), um sie zu messen."},
		{"en", 0, []float64{0.1}, ""},
	} {
		got := timingCaveats(c.lang, c.fps, c.means...)
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("%s %g fps %v: caveats %+v, want none", c.lang, c.fps, c.means, got)
		case c.want != "" && (len(got) != 1 || got[0].Code != CaveatCoarseTiming || got[0].Message != c.want):
			t.Errorf("%s %g fps %v: caveats %+v, want %q", c.lang, c.fps, c.means, got, c.want)
		}
	}
}
