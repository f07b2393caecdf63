package running

import (
	"encoding/json"
	"math"
	"testing"

	"motionlab/shared/gait"
	"motionlab/shared/gait/gaittest"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

func analyseSynthetic(t *testing.T, r gaittest.Runner) *Result {
	t.Helper()
	raw, _ := r.Frames(0.1)
	clean := track.Clean(track.Track{FPS: r.FPS, Frames: raw}, track.DefaultOptions)
	o := Options{FPS: r.FPS, HeightM: gaittest.HeightM, Treadmill: r.Treadmill, Language: "en"}
	if r.Treadmill {
		o.PaceSecPerKm = 1000 / r.Speed
	}
	res, err := Analyze(clean.Frames, SideViewType, o)
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	return res
}

func TestSideViewSynthetic(t *testing.T) {
	for _, fps := range []float64{30, 60, 120} {
		for _, dir := range []float64{1, -1} {
			for _, c := range []struct {
				strike float64
				want   string
			}{{20, Rearfoot}, {3, Midfoot}, {-12, Forefoot}} {
				r := gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: fps, Duration: 4, Noise: 0.7, Dir: dir, StrikeDeg: c.strike, DropEvery: 17}
				res := analyseSynthetic(t, r)
				v := res.SideView
				name := func() string {
					return c.want + " " + map[float64]string{1: "→", -1: "←"}[dir] + " " + map[float64]string{30: "30", 60: "60", 120: "120"}[fps] + " fps"
				}
				if v.FootLanding.Dominant != c.want {
					t.Errorf("%s: foot landing %s (%v)", name(), v.FootLanding.Dominant, v.FootLanding.Steps)
				}
				if math.Abs(v.Metrics.Cadence-170)/170 > 0.01 {
					t.Errorf("%s: cadence %.1f", name(), v.Metrics.Cadence)
				}
				// The synthetic heel lands 0.15 m ahead of the hip, whose
				// joint is 0.53·1.75 − 0.039·1.75 m above the ankle: ≈ 9.9°.
				// Contact is known to a frame, in which the hip moves on by
				// speed/fps: that is the angle's resolution.
				leg := (0.53 - 0.039) * gaittest.HeightM
				want := math.Atan(0.15/leg) * 180 / math.Pi
				tol := math.Max(1.5, want-math.Atan((0.15-r.Speed/fps)/leg)*180/math.Pi)
				if math.Abs(v.Overstride.AngleDeg.Mean-want) > tol {
					t.Errorf("%s: overstride %.1f°, want %.1f° ± %.1f", name(), v.Overstride.AngleDeg.Mean, want, tol)
				}
				if vo := v.Metrics.VerticalOscillation.Mean; math.Abs(vo-8) > 1.5 {
					t.Errorf("%s: vertical oscillation %.1f cm, want 8", name(), vo)
				}
				if math.Abs(v.Metrics.Speed-3.5) > 0.2 {
					t.Errorf("%s: speed %.2f", name(), v.Metrics.Speed)
				}
				if v.RunningStyles.Gait != "running" || v.RunningStyles.Style == "" || v.RunningStyles.Confidence <= 0 {
					t.Errorf("%s: style %+v", name(), v.RunningStyles)
				}
				for _, side := range []map[Joint]JointEvents{v.JointAngles.Left, v.JointAngles.Right} {
					if k := side[Knee]; k.AtContact.N == 0 || k.Range <= 0 {
						t.Errorf("%s: knee angles %+v", name(), k)
					}
				}
			}
		}
	}
}

func TestTreadmillSpeedFromPace(t *testing.T) {
	r := gaittest.Runner{Cadence: 176, Contact: 0.22, Speed: 1000 / 270.0, FPS: 60, Duration: 4, Noise: 1, Dir: 1, Treadmill: true}
	res := analyseSynthetic(t, r)
	if p := res.Metrics.Pace; p != "04:30" {
		t.Errorf("pace %q, want 04:30", p)
	}
	if res.Scale.SpeedSource != "treadmill_pace" {
		t.Errorf("speed source %q", res.Scale.SpeedSource)
	}
	// The JSON is flat: side-view sections at the top level.
	b, _ := json.Marshal(res)
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"analysis_type", "metrics", "overstride", "foot_landing", "joint_angles", "running_styles", "total_score", "recommendations"} {
		if _, ok := m[k]; !ok {
			t.Errorf("calculated_data lacks %q", k)
		}
	}
	if _, ok := m["gait_cycle"]; ok {
		t.Error("side view must not carry gait_cycle")
	}
}

// The running analysis measures and leaves judging to coaching: it
// scores nothing, and refuses what it cannot measure.
func TestAnalyzeMeasuresOnly(t *testing.T) {
	r := gaittest.Runner{Cadence: 150, Contact: 0.3, Speed: 3.0, FPS: 60, Duration: 4, Noise: 0.5, Dir: 1, StrikeDeg: 20}
	raw, _ := r.Frames(0.1)
	clean := track.Clean(track.Track{FPS: r.FPS, Frames: raw}, track.DefaultOptions)
	res, err := Analyze(clean.Frames, SideViewType, Options{FPS: 60, HeightM: gaittest.HeightM, Language: "ja"})
	if err != nil {
		t.Fatal(err)
	}
	if res.TotalScore != nil || res.Scores != nil || res.Recommendations != nil {
		t.Errorf("running scored: total %v, scores %v, %d recommendations", res.TotalScore, res.Scores, len(res.Recommendations))
	}
	if _, err := Analyze(clean.Frames, SideViewType, Options{FPS: 60, Language: "xx"}); err == nil {
		t.Error("unsupported language must fail")
	}
	if _, err := Analyze(nil, SideViewType, Options{FPS: 60}); err != ErrNoRunner {
		t.Errorf("no frames: %v", err)
	}
}

// TestJointRangeNeedsTheJointSeen: a joint seen in under half of the
// runner's frames (the far arm behind the trunk in a side view) gets no
// range over the clip, however its few frames read; seen in more, it
// does.
func TestJointRangeNeedsTheJointSeen(t *testing.T) {
	r := gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: 30, Duration: 4, Dir: 1}
	raw, _ := r.Frames(0.1)
	for _, share := range []float64{0.1, 0.4, 0.6, 1} {
		frames := track.Clean(track.Track{FPS: r.FPS, Frames: raw}, track.DefaultOptions).Frames
		seen := 0
		for i, p := range frames {
			if p == nil {
				continue
			}
			q := *p
			q.Keypoints = append(q.Keypoints[:0:0], p.Keypoints...)
			if float64(i%10) >= 10*share {
				q.Keypoints[pose.LeftElbow].Visibility = 0.05 // hidden by the trunk
			} else {
				seen++
			}
			frames[i] = &q
		}
		res, err := Analyze(frames, SideViewType, Options{FPS: r.FPS, HeightM: gaittest.HeightM, Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		j := res.SideView.JointAngles
		measured := share >= minRangeShare
		for _, e := range []JointEvents{j.Left[Shoulder], j.Left[Elbow]} {
			if (e.Range > 0) != measured || !measured && (e.Min != 0 || e.Max != 0) {
				t.Errorf("left elbow seen in %d of %d frames: %+v", seen, len(frames), e)
			}
		}
		if e := j.Right[Elbow]; e.Range <= 0 {
			t.Errorf("right elbow, seen throughout: %+v", e)
		}
	}
}

// TestFollowingCameraKeepsTheMetres: the runner of TestSideViewSynthetic
// filmed by a camera that follows her (hips mid-picture), zooms in to
// twice the size and tilts (her hips drift up the picture by about her
// height over the clip), as a phone panning with a runner does. Speed, step
// length and vertical oscillation are those of the fixed camera: with the
// hips' height taken in the picture, the bounce read 22 cm against 7.5,
// the tilt's.
func TestFollowingCameraKeepsTheMetres(t *testing.T) {
	r := gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: 60, Duration: 4, Noise: 0.3, Dir: 1}
	raw, _ := r.Frames(0.1)
	for i, p := range raw {
		if p == nil {
			t.Fatalf("frame %d: no runner", i)
		}
	}
	n := len(raw)
	zoom := func(i int) float32 { return 1 + float32(i)/float32(n-1) }
	tilt := func(i int) float32 {
		return 0.6 * float32(gaittest.HeightM*gaittest.PxPerM) * float32(i) / float32(n-1)
	}
	frames, cam := gaittest.Followed(raw, zoom, tilt)
	clean := track.Clean(track.Track{FPS: r.FPS, Frames: frames, Camera: cam}, track.DefaultOptions)
	res, err := Analyze(clean.Frames, SideViewType, Options{FPS: r.FPS, HeightM: gaittest.HeightM, Language: "en", Camera: cam})
	if err != nil {
		t.Fatal(err)
	}
	fixed := analyseSynthetic(t, gaittest.Runner{Cadence: 170, Contact: 0.25, Speed: 3.5, FPS: 60, Duration: 4, Noise: 0.3, Dir: 1}).SideView.Metrics
	m := res.SideView.Metrics
	if math.Abs(m.Speed-fixed.Speed)/fixed.Speed > 0.05 || math.Abs(m.StepLength.Mean-fixed.StepLength.Mean)/fixed.StepLength.Mean > 0.05 {
		t.Errorf("speed %.2f m/s, step %.2f m; fixed camera %.2f m/s, %.2f m", m.Speed, m.StepLength.Mean, fixed.Speed, fixed.StepLength.Mean)
	}
	t.Logf("speed %.2f / %.2f m/s, step %.2f / %.2f m, bounce %.1f / %.1f cm (following / fixed camera)", m.Speed, fixed.Speed, m.StepLength.Mean, fixed.StepLength.Mean, m.VerticalOscillation.Mean, fixed.VerticalOscillation.Mean)
	if vo := m.VerticalOscillation.Mean; math.Abs(vo-fixed.VerticalOscillation.Mean) > 1.5 {
		t.Errorf("vertical oscillation %.1f cm, fixed camera %.1f cm", vo, fixed.VerticalOscillation.Mean)
	}
}

// The strike angle is the foot's angle at contact against its angle at
// midstance, the median over the stance's middle half: one frame of noise
// at the stance's middle frame (6° where the foot lies flat) does not
// turn a 12° heel landing into a midfoot one.
func TestStrikeAngleMidstanceIsTheMiddleHalf(t *testing.T) {
	const contact, toeOff = 2, 14
	frames := make([]*pose.Person, 16)
	for i := range frames {
		deg := 0.0
		switch i {
		case contact:
			deg = 12
		case (contact + toeOff - 1) / 2:
			deg = 6
		}
		p := &pose.Person{Keypoints: make([]pose.Keypoint, pose.NumBlazePose)}
		for j := range p.Keypoints {
			p.Keypoints[j].Visibility = 1
		}
		// Facing image right, the toe 40 px ahead of the heel, raised by
		// deg (image y grows downwards).
		r := deg * math.Pi / 180
		p.Keypoints[pose.RightHeel] = pose.Keypoint{X: 100, Y: 500, Visibility: 1}
		p.Keypoints[pose.RightFootIndex] = pose.Keypoint{X: float32(100 + 40*math.Cos(r)), Y: float32(500 - 40*math.Sin(r)), Visibility: 1}
		frames[i] = p
	}
	s := gait.Step{Contact: gait.Contact{Foot: gait.RightFoot, Contact: contact, ToeOff: toeOff}}
	a, ok := strikeAngle(frames, s, limbs[pose.Right], 1, &gait.Scene{}, 0.5)
	if !ok || math.Abs(a-12) > 0.01 || strikeType(a) != Rearfoot {
		t.Errorf("strike angle %.2f° (%v), want 12°, a rearfoot landing", a, ok)
	}
}
