// Package analysis is the analysis contract and its chain: Params in,
// calculated_data (Result) and raw_data (RawData) out. Running keeps seed
// 002's flat shape (its sections at the top level); sprint, jump and lift
// results sit under their own key, each with recommendations in the
// request's language. Run is the chain from a cleaned track on, forward
// only; the server and the browser both call it.
package analysis

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"motionlab/shared/advice"
	"motionlab/shared/coaching"
	"motionlab/shared/gait"
	"motionlab/shared/jump"
	"motionlab/shared/lift"
	"motionlab/shared/pose"
	"motionlab/shared/running"
	"motionlab/shared/sprint"
	"motionlab/shared/stats"
	"motionlab/shared/track"
)

// Activities MotionLab analyses.
const (
	Running = "running"
	Sprint  = "sprint"
	Jump    = "jump"
	Lift    = "lift"
)

// Result is calculated_data.
type Result struct {
	Activity string `json:"activity"`
	// Outcome: how many events the analysis found and, when none, why.
	Outcome Outcome `json:"outcome"`
	// Running's sections, flattened (seed 002).
	*running.Result
	// Coaching is running's coaching layer: every metric with its
	// personalised band, asymmetry, at most three findings and the
	// band-derived score that total_score reports.
	Coaching *coaching.Report `json:"coaching,omitempty"`
	Sprint   *SprintResult    `json:"sprint,omitempty"`
	Jump     *JumpResult      `json:"jump,omitempty"`
	Lift     *LiftResult      `json:"lift,omitempty"`
	// Events are the ground contacts a coach corrected, beside the
	// detector's originals; absent while nobody has edited them.
	Events *Events `json:"events,omitempty"`
	// PixelsPerMetre is the analysis's scale in source-video pixels per
	// metre (Params.PixelsPerMetre of the body height its scene
	// measured), for readers such as the exports; absent when the body
	// was never seen whole.
	PixelsPerMetre float64 `json:"pixels_per_metre,omitempty" doc:"the scale, source-video pixels per metre: the calibration line's, else the athlete's body height in pixels over their height"`
}

// SprintResult is a sprint's analysis with its advice.
type SprintResult struct {
	*sprint.Result
	Findings        []advice.Finding        `json:"findings"`
	Recommendations []advice.Recommendation `json:"recommendations"`
}

// JumpResult is a jump session's analysis with its advice.
type JumpResult struct {
	jump.Result
	Findings        []advice.Finding        `json:"findings"`
	Recommendations []advice.Recommendation `json:"recommendations"`
}

// LiftResult is a set's analysis with its advice.
type LiftResult struct {
	lift.Result
	Recommendations []advice.Recommendation `json:"recommendations"`
}

// Outcome says what an analysis found: how many events (ground contacts,
// jumps or repetitions) and, when there are none, why, as a machine code
// (Reason) and a sentence for the athlete in the request's language. An
// analysis that found nothing to judge gives no advice: no "good
// technique" without evidence.
type Outcome struct {
	Count   int      `json:"count" doc:"events found: ground contacts (running, sprint), jumps or repetitions (lift); 0 when none, and then the analysis has no score, findings or recommendations"`
	Reason  string   `json:"reason,omitempty" enum:"no_flight,flights_not_counted,no_contact,no_repetition,not_visible" doc:"when count is 0: why, as a machine code"`
	Message string   `json:"message,omitempty" doc:"when count is 0: why, as a sentence for the athlete in the analysis's language"`
	Caveats []Caveat `json:"caveats,omitempty" doc:"what limits how far the figures found can be trusted, said once for the whole analysis"`
}

// Caveat is one limit on the figures of an analysis that found some.
type Caveat struct {
	Code    string `json:"code" enum:"coarse_timing,sprint_speed,no_sprint,start_not_seen" doc:"coarse_timing: a frame lasts more than a fifth of the average ground contact or flight, so each one's time is known only to about a frame; sprint_speed: a running analysis measured a sprinter's speed, over the endurance speeds its speed-dependent bands come from, which are left out; no_sprint: a sprint analysis whose top speed is under 5 m/s, measured but given no sprint advice; start_not_seen: a sprint whose track does not show the start (the athlete first found already running mid-picture, or not seen leaving the set position), so it is not measured"`
	Message string `json:"message" doc:"the caveat as a sentence for the athlete in the analysis's language"`
}

// CaveatCoarseTiming: see timingCaveats.
const CaveatCoarseTiming = "coarse_timing"

// CaveatSprintSpeed: a running analysis at a sprinter's speed (see
// speedCaveats).
const CaveatSprintSpeed = "sprint_speed"

// CaveatNoSprint: a sprint analysis whose top speed is under
// sprint.MinSprintSpeedMS (see slowSprintCaveat).
const CaveatNoSprint = "no_sprint"

// CaveatStartNotSeen: a sprint whose track does not show its start
// (sprint.StartNotSeen).
const CaveatStartNotSeen = "start_not_seen"

// caveat is code's caveat in lang, its placeholders replaced (old, new
// pairs as strings.NewReplacer takes them).
func caveat(lang, code string, oldnew ...string) Caveat {
	return Caveat{Code: code, Message: strings.NewReplacer(oldnew...).Replace(advice.Label(lang, "caveat."+code))}
}

// slowSprintCaveat says that a sprint analysis measured no sprint: its top
// speed, and that the sprint advice was left out.
func slowSprintCaveat(lang string, top float64) Caveat {
	return caveat(lang, CaveatNoSprint, "{speed}", fmt.Sprintf("%.1f", top), "{min}", fmt.Sprintf("%.0f", sprint.MinSprintSpeedMS))
}

// speedCaveats is a sprint_speed caveat when the coaching's bands were
// set for a speed over coaching.MaxBandSpeed: the bands that follow the
// speed are left out, and a sprint's own analysis measures it.
func speedCaveats(lang string, c *coaching.Report) []Caveat {
	if c == nil || c.Profile.SpeedMS <= coaching.MaxBandSpeed {
		return nil
	}
	return []Caveat{caveat(lang, CaveatSprintSpeed, "{speed}", fmt.Sprintf("%.1f", c.Profile.SpeedMS), "{max}", fmt.Sprintf("%.0f", coaching.MaxBandSpeed))}
}

// coarseShare: a frame longer than this share of the events' mean
// duration makes each event's time coarse: contacts and flights are timed
// to about a frame (ACCURACY.md), so a sprinter's 0.1 s contacts filmed at
// 30 fps are each ± 33 ms, a third of their length.
const coarseShare = 0.2

// timingCaveats is a coarse_timing caveat when a frame at fps lasts more
// than coarseShare of the shortest of the events' mean durations (s; 0:
// none measured), naming the frame rate that would time them to a tenth.
func timingCaveats(lang string, fps float64, meanS ...float64) []Caveat {
	shortest := math.Inf(1)
	for _, m := range meanS {
		if m > 0 {
			shortest = min(shortest, m)
		}
	}
	if !(fps > 0) || math.IsInf(shortest, 1) || 1/fps <= coarseShare*shortest {
		return nil
	}
	need := 240.0 // the rate named: the lowest of 60, 120 that times them to a tenth
	for _, r := range []float64{60, 120} {
		if 1/r <= shortest/10 {
			need = r
			break
		}
	}
	return []Caveat{caveat(lang, CaveatCoarseTiming, "{fps}", fmt.Sprintf("%.0f", fps), "{ms}", fmt.Sprintf("%.0f", 1000/fps), "{need}", fmt.Sprintf("%.0f", need))}
}

// Found is how many events the analysis found: Outcome.Count, or for a
// result stored before outcomes were (no reason, count 0), the count of
// its activity's section.
func (r *Result) Found() int {
	if r == nil {
		return 0
	}
	if r.Outcome.Count > 0 || r.Outcome.Reason != "" {
		return r.Outcome.Count
	}
	switch {
	case r.Sprint != nil && r.Sprint.Result != nil:
		return len(r.Sprint.Steps)
	case r.Jump != nil:
		return r.Jump.Count
	case r.Lift != nil:
		return r.Lift.Count
	case r.Result != nil && r.SideView != nil:
		return len(r.SideView.Metrics.Steps)
	case r.Result != nil && r.BackView != nil:
		return len(r.BackView.Steps)
	}
	return 0
}

// Judged reports whether the analysis found something to judge: only
// then does it carry a score, findings and recommendations, and only then
// may a reader call anything good.
func (r *Result) Judged() bool { return r.Found() > 0 }

// Reasons an analysis found nothing (Outcome.Reason); their sentences are
// advice labels "reason.CODE" in every language.
const (
	ReasonNoFlight          = "no_flight"           // the feet never left the ground together long enough
	ReasonFlightsNotCounted = "flights_not_counted" // flights were found, all discarded
	ReasonNoContact         = "no_contact"          // no complete ground contact
	ReasonNoRepetition      = "no_repetition"       // no complete repetition
	ReasonNotVisible        = "not_visible"         // body and feet not seen well enough
)

// NothingError is an analysis with nothing to measure, which fails: the
// athlete was never seen (see activity; an analysis that saw the athlete
// and found no event completes with Outcome.Count 0 instead). Reason is
// its machine-readable code (one of the Reason constants), Error the
// sentence for the user. It is ErrNothing (errors.Is).
type NothingError struct {
	Activity, Reason, Detail string
}

func (e *NothingError) Error() string {
	return e.Activity + " analysis: " + ErrNothing.Error() + ": " + e.Detail
}

func (e *NothingError) Is(target error) bool { return target == ErrNothing }

// Nothing is the NothingError of an activity's analysis.
func Nothing(activity, reason, detail string) error {
	return &NothingError{Activity: activity, Reason: reason, Detail: detail}
}

// ReasonOf is err's machine-readable reason when it is a NothingError,
// else "".
func ReasonOf(err error) string {
	var n *NothingError
	if errors.As(err, &n) {
		return n.Reason
	}
	return ""
}

// FailureReason is the reason of a failure message stored before
// analyses kept their reason (ReasonOf, stored beside the message): the
// sentences those analyses failed with, mapped back to their codes.
func FailureReason(message string) string {
	for _, r := range []struct{ phrase, reason string }{
		{"no complete ground contact", ReasonNoContact},
		{"no complete repetition", ReasonNoRepetition},
		{"not visible", ReasonNotVisible},
		{"no runner found", ReasonNotVisible},
		{"no athlete found", ReasonNotVisible},
	} {
		if strings.Contains(message, r.phrase) {
			return r.reason
		}
	}
	return ""
}

func nothing(lang, reason string) Outcome {
	return Outcome{Reason: reason, Message: advice.Label(lang, "reason."+reason)}
}

// ErrNothing is the failure of an analysis with nothing to measure (the
// athlete never seen): the user gets the sentence.
var ErrNothing = errors.New("nothing to measure")

// Run is the chain from the athlete's cleaned track on, forward only:
// one gait scene of the track (body height, ground line, direction of
// travel in each frame), the activity's metrics measured in it, for a run
// the coaching that scores them, and raw_data, whose joint angles are
// measured against the same scene. info describes the video (TrackInfo(t)
// when only the track is known). The track's camera motion, when it has
// one, makes speeds and ground contacts relative to the ground rather than
// to the picture.
func Run(t track.Track, info VideoInfo, req Params) (*Result, RawData, error) {
	r, scene, err := calculate(t, req, nil)
	if err != nil {
		return nil, RawData{}, err
	}
	return r, NewRawData(t, info, running.TrackAngles(t.Frames, scene)), nil
}

// Calculate is Run's calculated_data alone, for an analysis whose
// raw_data is stored already (a new calibration line, a preview).
func Calculate(t track.Track, req Params) (*Result, error) {
	r, _, err := calculate(t, req, nil)
	return r, err
}

// calculate is Calculate with the ground contacts given (nil: detected),
// and the gait scene it measured the track in (nil where the athlete's
// body was never seen whole).
func calculate(t track.Track, req Params, contacts []gait.Contact) (*Result, *gait.Scene, error) {
	if err := req.CheckCalibration(t.Width, t.Height); err != nil {
		return nil, nil, err
	}
	scene := gait.NewMovingScene(t.Frames, t.FPS, gait.MinVisibility, t.Camera)
	r, err := activity(t, req, contacts, scene)
	if err != nil {
		return nil, nil, err
	}
	if scene != nil {
		r.PixelsPerMetre = req.PixelsPerMetre(scene.BodyHeight)
	}
	return r, scene, nil
}

// withScale stores in r, when the analysis succeeded, the scale of t's
// athlete (Result.PixelsPerMetre), as calculate does from its scene: for
// the recalculations that measure no scene.
func withScale(r *Result, err error, t track.Track, req Params) (*Result, error) {
	if err == nil {
		r.PixelsPerMetre = req.PixelsPerMetre(gait.BodyHeightPixels(t.Frames))
	}
	return r, err
}

// activity runs the request's activity's analysis in scene.
//
// An analysis that finds nothing to judge (no ground contact, no jump, no
// repetition, or an athlete seen but never well enough to measure)
// completes: its Outcome has count 0, the machine reason and the sentence
// for the athlete in the request's language, its activity section keeps
// only what was measured (metrics of no event are null, see stats.Stat),
// and it gives no findings, no recommendations and no score: nothing is
// called good without evidence. It fails (a NothingError, reason
// not_visible) only when the athlete was never seen in any frame: then
// there is no track to store and nothing to show.
func activity(t track.Track, req Params, contacts []gait.Contact, scene *gait.Scene) (*Result, error) {
	frames, fps := t.Frames, t.FPS
	lang := req.Language
	if lang == "" {
		lang = "en"
	}
	if !seen(frames) {
		return nil, Nothing(activityName(req.Activity), ReasonNotVisible, "no athlete found in the video: film the whole body, well lit")
	}
	heightM := req.HeightM()
	ppm := req.CalibrationPixelsPerMetre()
	switch req.Activity {
	case Running, "":
		o, err := req.runningOptions(fps)
		if err != nil {
			return nil, err
		}
		o.Camera, o.Contacts, o.PixelsPerMetre, o.Scene = t.Camera, contacts, ppm, scene
		r, err := running.Analyze(frames, req.AnalysisType, o)
		switch {
		case errors.Is(err, running.ErrNoSteps):
			return emptyRun(frames, req, o, scene, lang, nothing(lang, noContact(frames))), nil
		case errors.Is(err, running.ErrNoRunner):
			return emptyRun(frames, req, o, scene, lang, nothing(lang, ReasonNotVisible)), nil
		}
		if err != nil {
			return nil, fmt.Errorf("running analysis: %w", err)
		}
		c, err := coach(frames, scene, r, req)
		if err != nil {
			return nil, err
		}
		out := Outcome{}
		switch {
		case r.SideView != nil:
			m := r.SideView.Metrics
			out.Count = len(m.Steps)
			out.Caveats = timingCaveats(lang, fps, m.ContactTime.Mean, m.FlightTime.Mean)
		case r.BackView != nil:
			out.Count = len(r.BackView.Steps)
		}
		out.Caveats = append(out.Caveats, speedCaveats(lang, c)...)
		return &Result{Activity: Running, Outcome: out, Result: r, Coaching: c}, nil
	case Sprint:
		r, err := sprint.Analyze(frames, sprint.Options{FPS: fps, HeightM: heightM, Camera: t.Camera, Contacts: contacts, PixelsPerMetre: ppm, Scene: scene, Width: t.Width})
		switch {
		case errors.Is(err, sprint.ErrNoAthlete):
			// Seen, but the body never whole enough for a scene: nothing
			// of the sprint can be measured.
			r := &sprint.Result{Steps: []sprint.Step{}, Contacts: []gait.Contact{}, Frames: []sprint.Frame{}}
			return &Result{Activity: Sprint, Outcome: nothing(lang, ReasonNotVisible), Sprint: emptySprint(r)}, nil
		case err != nil:
			return nil, fmt.Errorf("sprint analysis: %w", err)
		case len(r.Steps) == 0:
			// The centre of mass's path and speed were measured; no step.
			return &Result{Activity: Sprint, Outcome: nothing(lang, noContact(frames)), Sprint: emptySprint(r)}, nil
		}
		s := &SprintResult{Result: r, Findings: []advice.Finding{}, Recommendations: []advice.Recommendation{}}
		out := Outcome{Count: len(r.Steps), Caveats: timingCaveats(lang, fps, r.ContactTime.Mean, r.FlightTime.Mean)}
		if r.Start.Kind == sprint.StartNotSeen {
			out.Caveats = append(out.Caveats, caveat(lang, CaveatStartNotSeen, "{t}", fmt.Sprintf("%.1f", r.Start.T)))
		}
		if r.MaxSpeedMS < sprint.MinSprintSpeedMS {
			// Too slow to be judged as a sprint: measured, no advice.
			out.Caveats = append(out.Caveats, slowSprintCaveat(lang, r.MaxSpeedMS))
			return &Result{Activity: Sprint, Outcome: out, Sprint: s}, nil
		}
		s.Findings = sprintFindings(r)
		if s.Recommendations, err = advice.RecommendFor("sprint", lang, s.Findings, 5); err != nil {
			return nil, err
		}
		return &Result{Activity: Sprint, Outcome: out, Sprint: s}, nil
	case Jump:
		r := jump.Analyze(frames, jump.Options{FPS: fps, HeightM: heightM, Width: t.Width})
		if !r.Ready {
			j := &JumpResult{Result: r, Findings: []advice.Finding{}, Recommendations: []advice.Recommendation{}}
			return &Result{Activity: Jump, Outcome: nothing(lang, ReasonNotVisible), Jump: j}, nil
		}
		return jumpResult(r, lang, fps)
	case Lift:
		r, err := lift.Analyze(frames, lift.Options{FPS: fps, HeightM: heightM, Exercise: lift.Exercise(req.Exercise)})
		if errors.Is(err, lift.ErrNoReps) {
			reason := ReasonNoRepetition
			// The moving reference whose path the repetitions are
			// (lift's package doc): the mid-hip for the squat, the
			// wrists for every other lift. No scale, or the reference
			// never seen: the body was not seen well enough.
			ref := []int{pose.LeftWrist, pose.RightWrist}
			if r.Exercise == lift.Squat {
				ref = []int{pose.LeftHip, pose.RightHip}
			}
			if r.PixelsPerMetre == 0 || !anySeen(frames, ref...) {
				reason = ReasonNotVisible
			}
			r.Findings = []lift.Finding{}
			l := &LiftResult{Result: r, Recommendations: []advice.Recommendation{}}
			return &Result{Activity: Lift, Outcome: nothing(lang, reason), Lift: l}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("lift analysis: %w", err)
		}
		return liftResult(r, lang)
	}
	return nil, fmt.Errorf("unknown activity %q", req.Activity)
}

// seen reports whether the athlete is in any frame of the track.
func seen(frames []*pose.Person) bool {
	for _, p := range frames {
		if p != nil {
			return true
		}
	}
	return false
}

// noContact is the reason a run or sprint found no ground contact:
// not_visible when no foot was ever seen (no keypoint of either foot at
// gait.MinVisibility in any frame: the feet were out of the picture or
// hidden), else no_contact (the feet were seen and never made a complete
// contact: nobody stepped).
func noContact(frames []*pose.Person) string {
	if anySeen(frames, pose.LeftAnkle, pose.RightAnkle, pose.LeftHeel, pose.RightHeel, pose.LeftFootIndex, pose.RightFootIndex) {
		return ReasonNoContact
	}
	return ReasonNotVisible
}

// anySeen reports whether any of the keypoints is seen (visibility at
// least gait.MinVisibility) in any frame.
func anySeen(frames []*pose.Person, keypoints ...int) bool {
	for _, p := range frames {
		if p == nil {
			continue
		}
		for _, k := range keypoints {
			if k < len(p.Keypoints) && p.Keypoints[k].Visibility >= gait.MinVisibility {
				return true
			}
		}
	}
	return false
}

// activityName is the activity as the failure messages name it.
func activityName(a string) string {
	if a == "" {
		return Running
	}
	return a
}

// emptyRun is calculated_data of a run in which no step was measured:
// the scale and how many frames held the athlete (what was measured), no
// view section, no coaching, no score (total_score null, scores empty)
// and no recommendations.
func emptyRun(frames []*pose.Person, req Params, o running.Options, scene *gait.Scene, lang string, out Outcome) *Result {
	r := &running.Result{AnalysisType: req.AnalysisType, Language: lang, Scores: map[string]float64{}, Recommendations: []advice.Recommendation{}}
	if r.AnalysisType == "" {
		r.AnalysisType = running.SideViewType
	}
	r.Scale.HeightM, r.Scale.FramesAnalysed = req.HeightM(), len(frames)
	for _, p := range frames {
		if p != nil {
			r.Scale.FramesWithAthlete++
		}
	}
	if scene != nil {
		r.Scale.BodyHeightPx = stats.Round(scene.BodyHeight, 1)
		r.Scale.PixelsPerMetre = stats.Round(req.PixelsPerMetre(scene.BodyHeight), 1)
	}
	if o.PixelsPerMetre > 0 {
		r.Scale.Source = "calibration_line"
	}
	return &Result{Activity: Running, Outcome: out, Result: r}
}

// emptySprint is a sprint section without a step: what was measured of
// the centre of mass, no findings and no recommendations.
func emptySprint(r *sprint.Result) *SprintResult {
	r.Confidence = 0
	return &SprintResult{Result: r, Findings: []advice.Finding{}, Recommendations: []advice.Recommendation{}}
}

// jumpResult is calculated_data of a jump analysis at fps: its findings
// and advice, or why nothing was counted.
func jumpResult(r jump.Result, lang string, fps float64) (*Result, error) {
	j := &JumpResult{Result: r, Findings: jumpFindings(r), Recommendations: []advice.Recommendation{}}
	if r.Count == 0 {
		// Nothing to judge: say why, and give no advice.
		reason := ReasonNoFlight
		if len(r.Discarded) > 0 {
			reason = ReasonFlightsNotCounted
		}
		j.Findings = []advice.Finding{}
		return &Result{Activity: Jump, Outcome: nothing(lang, reason), Jump: j}, nil
	}
	var err error
	if j.Recommendations, err = advice.RecommendFor("jump", lang, j.Findings, 5); err != nil {
		return nil, err
	}
	out := Outcome{Count: r.Count, Caveats: timingCaveats(lang, fps, r.FlightTime.Mean)}
	return &Result{Activity: Jump, Outcome: out, Jump: j}, nil
}

// liftResult is calculated_data of a lift analysis with its advice.
func liftResult(r lift.Result, lang string) (*Result, error) {
	var fs []advice.Finding
	for _, f := range r.Findings {
		fs = append(fs, advice.Finding{Key: advice.Key(f.Key), Severity: f.Severity})
	}
	l := &LiftResult{Result: r}
	var err error
	if l.Recommendations, err = advice.RecommendFor("lift", lang, fs, 5); err != nil {
		return nil, err
	}
	return &Result{Activity: Lift, Outcome: Outcome{Count: r.Count}, Lift: l}, nil
}

// coach judges a running result, the one place a run is scored: its
// total_score and scores are the coaching report's band-derived ones
// (docs/metrics.md), its recommendations the report's findings (at most
// three, worst first; none for a walk).
func coach(frames []*pose.Person, scene *gait.Scene, r *running.Result, req Params) (*coaching.Report, error) {
	var pace float64
	if req.Pace != "" {
		p, err := running.ParsePace(req.Pace)
		if err != nil {
			return nil, err
		}
		pace = p
	}
	c, err := coaching.Evaluate(frames, scene, r, coaching.Input{HeightM: req.HeightM(), WeightKg: req.Weight, Sex: req.Sex,
		LegLengthM: req.LegLength / 100, PaceSecPerKm: pace, Treadmill: req.Treadmill, Language: req.Language})
	if err != nil {
		return nil, fmt.Errorf("coaching: %w", err)
	}
	r.TotalScore = c.TotalScore
	r.Scores = map[string]float64{}
	for _, m := range c.Metrics {
		if m.Score != nil {
			r.Scores[m.ID] = *m.Score
		}
	}
	r.Recommendations = []advice.Recommendation{}
	if r.SideView != nil && r.RunningStyles.Gait == "walking" {
		return c, nil // running advice does not apply to a walk
	}
	if r.Recommendations, err = c.Recommendations(); err != nil {
		return nil, err
	}
	return c, nil
}

// Sprint thresholds (documented in docs/metrics.md): contacts over 0.13 s
// are long for a sprint (elite maximal velocity ~0.09–0.11 s); the foot
// landing over 0.35 m ahead of the centre of mass brakes; step frequency
// under 4 Hz is low for sprinting.
func sprintFindings(r *sprint.Result) []advice.Finding {
	var f []advice.Finding
	add := func(k advice.Key, sev float64) {
		if sev > 0 {
			f = append(f, advice.Finding{Key: k, Severity: stats.Round(math.Min(1, sev), 2)})
		}
	}
	if r.ContactTime.N > 0 {
		add(advice.LongSprintContact, (r.ContactTime.Mean-0.13)/0.07)
	}
	if r.FootToCoM.N > 0 {
		add(advice.SprintOverstride, (r.FootToCoM.Mean-0.35)/0.2)
	}
	if r.StepFrequency.N > 0 {
		add(advice.LowStepFrequency, (4-r.StepFrequency.Mean)/1)
	}
	// After a standing start the trunk should stay inclined for the first
	// steps: under 25° of forward lean over the first 0.5 s is upright.
	if r.Start.Kind == sprint.StartStanding {
		var sum float64
		var n int
		for _, fr := range r.Frames {
			if fr.T >= r.Start.T && fr.T < r.Start.T+0.5 {
				if a, ok := fr.Angles["trunk"]; ok {
					sum, n = sum+a, n+1
				}
			}
		}
		if n > 0 {
			add(advice.UprightStart, (25-sum/float64(n))/20)
		}
	}
	return f
}

// Jump threshold: under 0.25 m from flight time is a low jump for an
// adult countermovement jump (recreational norms ~0.3–0.45 m). Repeated
// hops are no such jump (the Sports2D demo's hopper hops 5–11 cm off a box
// on purpose, and was told his jump was low): they are reported, and the
// advice says they are not judged by a maximal jump's norms.
func jumpFindings(r jump.Result) []advice.Finding {
	if r.Best == nil || r.Best.LevelChanged {
		return nil
	}
	if r.RepeatedHops {
		return []advice.Finding{{Key: advice.RepeatedHops}}
	}
	if sev := (0.25 - r.Height.Mean) / 0.15; sev > 0 {
		return []advice.Finding{{Key: advice.LowJumpHeight, Severity: stats.Round(math.Min(1, sev), 2)}}
	}
	return nil
}
