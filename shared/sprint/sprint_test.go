package sprint

import (
	"math"
	"testing"

	"motionlab/shared/gait/gaittest"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

func TestSprintContactsAndSpeed(t *testing.T) {
	for _, fps := range []float64{60, 120, 240} {
		for _, dir := range []float64{1, -1} {
			r := gaittest.Runner{Cadence: 260, Contact: 0.11, Speed: 9, FPS: fps, Duration: 2.5, Noise: 0.7, Dir: dir, DropEvery: 23}
			raw, ev := r.Frames(0.05)
			clean := track.Clean(track.Track{FPS: fps, Frames: raw}, track.DefaultOptions)
			res, err := Analyze(clean.Frames, Options{FPS: fps, HeightM: gaittest.HeightM})
			if err != nil {
				t.Fatal(err)
			}
			frame := 1 / fps
			matched := 0
			for _, s := range res.Steps {
				for _, e := range ev {
					if math.Abs(s.ContactAtS-e.Contact) <= frame {
						matched++
						if math.Abs(s.ContactTimeS-r.Contact) > frame {
							t.Errorf("%v fps dir %v: contact %.3f s, want %.3f ± 1 frame", fps, dir, s.ContactTimeS, r.Contact)
						}
					}
				}
			}
			if matched < 6 {
				t.Errorf("%v fps dir %v: %d of %d steps matched true contacts", fps, dir, matched, len(res.Steps))
			}
			want := 60 / r.Cadence
			if math.Abs(res.FlightTime.Mean-(want-r.Contact)) > frame || math.Abs(res.StepFrequency.Mean-1/want) > 0.05 {
				t.Errorf("%v fps dir %v: flight %.3f (want %.3f), frequency %.2f Hz (want %.2f)", fps, dir, res.FlightTime.Mean, want-r.Contact, res.StepFrequency.Mean, 1/want)
			}
			// Metres come from the body-height scale, which this synthetic
			// sprinter's overstretched swing leg inflates by ~6 %: allow 8 %.
			if math.Abs(res.StepLength.Mean-r.Speed*want)/(r.Speed*want) > 0.08 {
				t.Errorf("%v fps dir %v: step length %.2f m, want %.2f", fps, dir, res.StepLength.Mean, r.Speed*want)
			}
			if res.MaxSpeedMS < 8.2 || res.MaxSpeedMS > 10 || res.Start.Kind != "flying" {
				t.Errorf("%v fps dir %v: max speed %.2f, start %+v", fps, dir, res.MaxSpeedMS, res.Start)
			}
			// The synthetic foot lands 0.15 m ahead of the hip; the centre
			// of mass sits near the hip.
			if fc := res.FootToCoM.Mean; fc < 0.05 || fc > 0.3 {
				t.Errorf("%v fps dir %v: foot to CoM %.2f m", fps, dir, fc)
			}
		}
	}
}

func TestStandingStart(t *testing.T) {
	r := gaittest.Runner{Cadence: 200, Contact: 0.18, Speed: 5, FPS: 60, Duration: 2, Noise: 0.5, Dir: 1}
	raw, _ := r.Frames(0.05)
	still := make([]*pose.Person, 30) // half a second standing where the run begins
	for i := range still {
		p := *raw[0]
		still[i] = &p
	}
	frames := append(still, raw...)
	clean := track.Clean(track.Track{FPS: 60, Frames: frames}, track.DefaultOptions)
	res, err := Analyze(clean.Frames, Options{FPS: 60, HeightM: gaittest.HeightM})
	if err != nil {
		t.Fatal(err)
	}
	if res.Start.Kind != "standing" || res.Start.Frame < 25 || res.Start.Frame > 33 {
		t.Errorf("start %+v, want standing at about frame 30", res.Start)
	}
	if len(res.Frames) == 0 || res.Frames[40].Angles["left_knee"] == 0 || res.Frames[40].Angles["trunk"] == 0 && res.Frames[40].Angles["left_thigh"] == 0 {
		t.Errorf("frame angles %v", res.Frames[40].Angles)
	}
	if _, err := Analyze(nil, Options{FPS: 60}); err != ErrNoAthlete {
		t.Errorf("no frames: %v", err)
	}
}
