package analysis

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"

	"motionlab/shared/pose"
	"motionlab/shared/running"
)

// Params are what an analysis is asked for (seed 002's parameters plus the
// activity and the lift's exercise): the API's form and JSON body, the
// CLI's flags, the web app's and the embed page's requests, and the JSON
// stored with each analysis. The tags are Huma's: they describe and
// validate the API's input. Defaults live in Defaults, not in `default`
// tags, so that one value serves the API, its document, the CLI and the app.
type Params struct {
	Activity     string  `json:"activity" form:"activity" required:"false" enum:"running,sprint,jump,lift" example:"running" doc:"what the athlete does (calculated_data is computed for running)"`
	AnalysisType string  `json:"analysis_type" form:"analysis_type" required:"false" enum:"side_view,back_view" doc:"camera position"`
	Height       float64 `json:"height" form:"height" required:"false" minimum:"80" maximum:"250" doc:"athlete height, cm"`
	Weight       float64 `json:"weight" form:"weight" required:"false" minimum:"20" maximum:"300" doc:"athlete weight, kg"`
	Sex          string  `json:"sex,omitempty" form:"sex" required:"false" enum:"female,male" example:"female" doc:"optional; personalises the coaching bands (pelvic drop and hip adduction bands are wider for women, docs/metrics.md)"`
	LegLength    float64 `json:"leg_length,omitempty" form:"leg_length" required:"false" minimum:"40" maximum:"130" example:"92" doc:"optional leg length (greater trochanter to floor), cm; estimated from the keypoints (side view) or 0.53 × height when not given; the %-of-leg metrics are divided by it"`
	Pace         string  `json:"pace,omitempty" form:"pace" required:"false" pattern:"^[0-9]{1,2}:[0-5][0-9]$" example:"04:30" doc:"running pace MM:SS per km; required when treadmill=true (the treadmill's speed), ignored overground (speed is measured)"`
	Language     string  `json:"language" form:"language" required:"false" enum:"en,fr,de,zh,ko,pt,es,it,ja" doc:"language of the result texts"`
	Treadmill    bool    `json:"treadmill" form:"treadmill" required:"false" doc:"the runner is on a treadmill"`
	CallbackURL  string  `json:"callback_url,omitempty" form:"callback_url" required:"false" format:"uri" maxLength:"2048" doc:"POSTed (signed, see X-MotionLab-Signature) when the analysis succeeds or fails"`
	FullBody     bool    `json:"full_body" form:"full_body" required:"false" doc:"back view only: full body analysis, or false for pronation only"`
	Exercise     string  `json:"exercise,omitempty" form:"exercise" required:"false" enum:"squat,deadlift,bench,clean,snatch,press" example:"squat" doc:"activity lift only: the exercise filmed (squat when not given)"`
}

// Defaults are the parameters of a request that gives none.
func Defaults() Params {
	return Params{Activity: Running, AnalysisType: running.SideViewType, Height: pose.DefaultHeightM * 100, Weight: 70,
		Language: "en", FullBody: true}
}

// DefaultValues are the defaults by parameter name ("height": 170.0, …),
// for the API document; parameters without a default are absent.
func DefaultValues() map[string]any {
	d := reflect.ValueOf(Defaults())
	m := map[string]any{}
	eachParam(func(name string, i int) {
		if f := d.Field(i); !f.IsZero() {
			m[name] = f.Interface()
		}
	})
	return m
}

// WithDefaults gives each parameter that was not given its default:
// a multipart form leaves unsent fields at their zero value, which for
// full_body (default true) is a different answer.
func (p Params) WithDefaults(given func(name string) bool) Params {
	v, d := reflect.ValueOf(&p).Elem(), reflect.ValueOf(Defaults())
	eachParam(func(name string, i int) {
		if !given(name) && !d.Field(i).IsZero() {
			v.Field(i).Set(d.Field(i))
		}
	})
	return p
}

// Form is p as form values, as the API's multipart form takes them:
// optional parameters left empty are not sent, like in p's JSON.
func (p Params) Form() url.Values {
	v, ty := reflect.ValueOf(p), reflect.TypeFor[Params]()
	form := url.Values{}
	eachParam(func(name string, i int) {
		f := v.Field(i)
		if f.IsZero() && strings.Contains(ty.Field(i).Tag.Get("json"), ",omitempty") {
			return
		}
		form.Set(name, fmt.Sprint(f.Interface()))
	})
	return form
}

// eachParam calls f with each parameter's name (its JSON and form name)
// and field index.
func eachParam(f func(name string, i int)) {
	t := reflect.TypeFor[Params]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		f(name, i)
	}
}

// HeightM is the athlete's height in metres.
func (p Params) HeightM() float64 { return p.Height / 100 }

// runningOptions are the running analysis's options for a clip at fps.
func (p Params) runningOptions(fps float64) (running.Options, error) {
	o := running.Options{FPS: fps, HeightM: p.HeightM(), Treadmill: p.Treadmill, Language: p.Language, FullBody: p.FullBody}
	if p.Pace != "" {
		pace, err := running.ParsePace(p.Pace)
		if err != nil {
			return o, err
		}
		if p.Treadmill {
			o.PaceSecPerKm = pace
		}
	}
	if p.Treadmill && o.PaceSecPerKm == 0 {
		return o, fmt.Errorf("pace is required when treadmill=true")
	}
	return o, nil
}
