package analysis

import (
	"encoding/json"
	"testing"

	"motionlab/shared/advice"
	"motionlab/shared/posetrack"
	"motionlab/shared/running"
	"motionlab/tests/testenv"
)

// readStanding is a real track in which nothing happens: a man standing
// still for 8 s before a squat set (testdata/standing_gen.go says where it
// comes from), with everyone the tracker followed, as the server has it
// before it chooses the athlete.
func readStanding(t *testing.T) posetrack.Recording {
	t.Helper()
	var s posetrack.Recording
	testenv.GzipJSON(t, "testdata/standing.json.gz", &s)
	if len(s.People) != 240 {
		t.Fatalf("%d frames", len(s.People))
	}
	return s
}

// An analysis of a real clip in which nothing happens completes: count 0,
// the machine reason and its sentence in the request's language, no
// findings, no recommendations, no coaching and no score, and the metrics
// of events that do not exist are absent or null in calculated_data, not
// zeros that read as measurements.
func TestNothingHappensCompletesWithCountZero(t *testing.T) {
	s := readStanding(t)
	for _, c := range []struct {
		activity, view, lang, reason string
	}{
		{Running, running.SideViewType, "de", ReasonNoContact},
		{Running, running.BackViewType, "ja", ReasonNoContact},
		{Sprint, "", "fr", ReasonNoContact},
		{Lift, "", "es", ReasonNoRepetition},
		{Jump, "", "it", ReasonNoFlight},
	} {
		t.Run(c.activity+c.view, func(t *testing.T) {
			req := Defaults()
			req.Activity, req.Language = c.activity, c.lang
			if c.view != "" {
				req.AnalysisType = c.view
			}
			a := posetrack.ChooseAthlete(s.People, s.FPS, s.Width, s.Height, req.VerticalAthlete(), s.Camera)
			tr := a.Clean
			tr.Camera = s.Camera
			r, raw, err := Run(tr, TrackInfo(tr), req)
			if err != nil {
				t.Fatalf("a standing athlete fails the analysis: %v", err)
			}
			if r.Activity != c.activity || r.Outcome.Count != 0 || r.Found() != 0 || r.Judged() || r.Outcome.Reason != c.reason {
				t.Fatalf("activity %q outcome %+v: want count 0, reason %s", r.Activity, r.Outcome, c.reason)
			}
			if want := advice.Label(c.lang, "reason."+c.reason); r.Outcome.Message == "" || r.Outcome.Message != want || want == advice.Label("en", "reason."+c.reason) {
				t.Errorf("message %q, want the %s sentence %q", r.Outcome.Message, c.lang, want)
			}
			if r.Coaching != nil || recommendationsOf(r) == nil || len(recommendationsOf(r)) != 0 {
				t.Errorf("coaching %v, recommendations %v: want none (an empty list)", r.Coaching != nil, recommendationsOf(r))
			}
			if len(raw.Frames) != len(tr.Frames) {
				t.Errorf("raw_data has %d frames of %d", len(raw.Frames), len(tr.Frames))
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			json.Unmarshal(b, &m)
			o := m["outcome"].(map[string]any)
			if o["count"] != 0.0 || o["reason"] != c.reason || o["message"] != r.Outcome.Message {
				t.Errorf("outcome JSON %v", o)
			}
			section := func(key string) map[string]any {
				sec, ok := m[key].(map[string]any)
				if !ok {
					t.Fatalf("calculated_data lacks its %s section: %s", key, b)
				}
				return sec
			}
			// null: a metric of no event; absent: a section of no event.
			null := func(sec map[string]any, keys ...string) {
				for _, k := range keys {
					if v, ok := sec[k]; !ok || v != nil {
						t.Errorf("%s = %v (present %v), want null", k, v, ok)
					}
				}
			}
			absent := func(sec map[string]any, keys ...string) {
				for _, k := range keys {
					if v, ok := sec[k]; ok {
						t.Errorf("%s = %v, want it absent", k, v)
					}
				}
			}
			switch c.activity {
			case Running:
				null(m, "total_score")
				absent(m, "coaching", "metrics", "overstride", "foot_landing", "running_styles", "gait_cycle", "steps")
				if sc := m["scores"].(map[string]any); len(sc) != 0 {
					t.Errorf("scores %v", sc)
				}
				if r.Scale.FramesWithAthlete == 0 || r.Scale.FramesAnalysed != len(tr.Frames) || r.AnalysisType != c.view {
					t.Errorf("scale %+v, type %q", r.Scale, r.AnalysisType)
				}
			case Sprint:
				sp := section("sprint")
				null(sp, "contact_time_s", "flight_time_s", "step_length_m", "step_frequency_hz", "foot_to_com_m")
				if len(r.Sprint.Steps) != 0 || len(r.Sprint.Findings) != 0 {
					t.Errorf("%d steps, findings %v", len(r.Sprint.Steps), r.Sprint.Findings)
				}
				// The centre of mass was measured: a man standing still.
				if r.Sprint.MaxSpeedMS > 1 || len(r.Sprint.Frames) == 0 {
					t.Errorf("standing: top speed %.2f m/s over %d frames", r.Sprint.MaxSpeedMS, len(r.Sprint.Frames))
				}
			case Lift:
				l := section("lift")
				null(l, "eccentric_s", "concentric_s", "range_of_motion_m", "trunk_lean_at_bottom_deg", "bar_path_horizontal_deviation_m")
				if r.Lift.Count != 0 || len(r.Lift.Reps) != 0 || len(r.Lift.Findings) != 0 || r.Lift.PixelsPerMetre <= 0 {
					t.Errorf("lift %d reps, findings %v, scale %.1f px/m", r.Lift.Count, r.Lift.Findings, r.Lift.PixelsPerMetre)
				}
			case Jump:
				j := section("jump")
				null(j, "height_m", "flight_time_s")
				if r.Jump.Count != 0 || len(r.Jump.Findings) != 0 {
					t.Errorf("jump %d, findings %v", r.Jump.Count, r.Jump.Findings)
				}
			}
		})
	}
}

// recommendationsOf is the activity's recommendations (nil: no list).
func recommendationsOf(r *Result) []advice.Recommendation {
	switch {
	case r.Sprint != nil:
		return r.Sprint.Recommendations
	case r.Jump != nil:
		return r.Jump.Recommendations
	case r.Lift != nil:
		return r.Lift.Recommendations
	case r.Result != nil:
		return r.Result.Recommendations
	}
	return nil
}

// An athlete seen, but never whole enough to measure, is count 0 with
// reason not_visible (calculated_data is stored); only a track in which
// the athlete is never seen fails (TestFailureReason).
func TestSeenButNotMeasurableIsNotVisible(t *testing.T) {
	s := readStanding(t)
	a := posetrack.ChooseAthlete(s.People, s.FPS, s.Width, s.Height, false, s.Camera)
	tr := a.Clean
	// Keep only the head and arms: the hips, legs and feet are never seen.
	for i, p := range tr.Frames {
		if p == nil {
			continue
		}
		q := *p
		q.Keypoints = append(q.Keypoints[:0:0], p.Keypoints...)
		for j := 23; j < len(q.Keypoints); j++ {
			q.Keypoints[j].Visibility, q.Keypoints[j].Presence = 0, 0
		}
		tr.Frames[i] = &q
	}
	for _, activity := range []string{Running, Sprint, Jump, Lift} {
		req := Defaults()
		req.Activity, req.Language = activity, "pt"
		r, err := Calculate(tr, req)
		if err != nil {
			t.Errorf("%s: %v, want count 0 with not_visible", activity, err)
			continue
		}
		if r.Outcome.Count != 0 || r.Outcome.Reason != ReasonNotVisible || r.Outcome.Message != advice.Label("pt", "reason.not_visible") || len(recommendationsOf(r)) != 0 {
			t.Errorf("%s: outcome %+v, %d recommendations", activity, r.Outcome, len(recommendationsOf(r)))
		}
	}
}
