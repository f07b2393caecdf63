package analysis

import (
	"fmt"
	"math"
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
	// A calibration line: two points in source-video pixels a known
	// distance apart (lane lines, a measured mark on the track) set the
	// pixels-per-metre scale instead of the athlete's height.
	CalibrationX1 float64 `json:"calibration_x1,omitempty" form:"calibration_x1" required:"false" minimum:"0" doc:"calibration line: first point's x, source-video pixels (with calibration_y1, calibration_x2, calibration_y2, calibration_m)"`
	CalibrationY1 float64 `json:"calibration_y1,omitempty" form:"calibration_y1" required:"false" minimum:"0" doc:"calibration line: first point's y, pixels from the top"`
	CalibrationX2 float64 `json:"calibration_x2,omitempty" form:"calibration_x2" required:"false" minimum:"0" doc:"calibration line: second point's x, pixels"`
	CalibrationY2 float64 `json:"calibration_y2,omitempty" form:"calibration_y2" required:"false" minimum:"0" doc:"calibration line: second point's y, pixels"`
	CalibrationM  float64 `json:"calibration_m,omitempty" form:"calibration_m" required:"false" minimum:"0" maximum:"1000" example:"2" doc:"calibration line: its real length, metres; with the two points, the scale for metres instead of the athlete's height (running and sprint)"`
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

// VerticalAthlete reports whether the athlete to analyse is the person
// who moves most up and down (a jumper) rather than the one who travels
// most (posetrack.ChooseAthlete's vertical): the one rule by which the
// server, the CLI, the validation and the browser choose the athlete.
func (p Params) VerticalAthlete() bool { return p.Activity == Jump }

// ReadsCamera reports whether the analysis reads the camera's motion
// (track.Track.Camera): the running and sprint analyses time ground
// contacts and speeds against the ground's own image motion; jumps and
// lifts are measured on the body alone. The browser estimates the motion
// only where it is read (it costs time on a phone).
func (p Params) ReadsCamera() bool {
	return p.Activity == Running || p.Activity == Sprint || p.Activity == ""
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

// PixelsPerMetre is the scale for an athlete bodyHeightPx pixels tall: a
// calibration line's when p draws one, else the body height over the
// athlete's height; 0 when neither is known.
func (p Params) PixelsPerMetre(bodyHeightPx float64) float64 {
	if p.Calibrated() { // a line of known length beats the athlete's height
		return p.CalibrationPixelsPerMetre()
	}
	if bodyHeightPx > 0 && p.Height > 0 {
		return bodyHeightPx / p.HeightM()
	}
	return 0
}

// Calibrated reports whether a calibration line sets the scale.
func (p Params) Calibrated() bool { return p.CalibrationM > 0 }

// CalibrationPixelsPerMetre is the calibration line's scale, 0 without one.
func (p Params) CalibrationPixelsPerMetre() float64 {
	if !p.Calibrated() {
		return 0
	}
	return math.Hypot(p.CalibrationX2-p.CalibrationX1, p.CalibrationY2-p.CalibrationY1) / p.CalibrationM
}

// CheckCalibration refuses a calibration line the scale cannot come
// from: numbers that are not finite, points without a length, a length
// that is not positive, one point twice, a point outside the width × height
// frame (not checked where the size is 0), or an activity that measures
// no distance with it.
func (p Params) CheckCalibration(width, height int) error {
	pts := []float64{p.CalibrationX1, p.CalibrationY1, p.CalibrationX2, p.CalibrationY2, p.CalibrationM}
	given := false
	for _, v := range pts {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("calibration line: %v is not a finite number", v)
		}
		given = given || v != 0
	}
	switch {
	case !given:
		return nil
	case !(p.CalibrationM > 0):
		return fmt.Errorf("calibration line: calibration_m (its length in metres) must be over 0")
	case p.CalibrationX1 == p.CalibrationX2 && p.CalibrationY1 == p.CalibrationY2:
		return fmt.Errorf("calibration line: its two points are the same")
	case p.Activity != Running && p.Activity != Sprint && p.Activity != "":
		return fmt.Errorf("calibration line: %s measures no distance with it (running and sprint do)", p.Activity)
	}
	for _, v := range pts[:4] {
		if v < 0 {
			return fmt.Errorf("calibration line: point outside the frame (%v < 0)", v)
		}
	}
	if width > 0 && height > 0 && (math.Max(p.CalibrationX1, p.CalibrationX2) > float64(width) || math.Max(p.CalibrationY1, p.CalibrationY2) > float64(height)) {
		return fmt.Errorf("calibration line: (%g, %g)–(%g, %g) is not inside the %d×%d frame", p.CalibrationX1, p.CalibrationY1, p.CalibrationX2, p.CalibrationY2, width, height)
	}
	return nil
}

// ScaleSource says, for the results page, where metres come from.
func (p Params) ScaleSource() string {
	if p.Calibrated() {
		return fmt.Sprintf("calibrated: %.2f m line", p.CalibrationM)
	}
	return fmt.Sprintf("from height %.0f cm", p.Height)
}

// Calibration is a calibration line as the results page sends it (PUT
// /v1/analyses/{id}/calibration): two points in source-video pixels and
// the real distance between them; a length of 0 removes the line.
type Calibration struct {
	X1      float64 `json:"x1" minimum:"0" doc:"first point's x, source-video pixels"`
	Y1      float64 `json:"y1" minimum:"0" doc:"first point's y, pixels from the top"`
	X2      float64 `json:"x2" minimum:"0"`
	Y2      float64 `json:"y2" minimum:"0"`
	LengthM float64 `json:"length_m" minimum:"0" maximum:"1000" example:"2" doc:"the line's real length, metres; 0 removes the line (the athlete's height sets the scale again)"`
}

// WithCalibration is p with the line c (none when c's length is 0).
func (p Params) WithCalibration(c Calibration) Params {
	if c.LengthM == 0 {
		c = Calibration{}
	}
	p.CalibrationX1, p.CalibrationY1, p.CalibrationX2, p.CalibrationY2, p.CalibrationM = c.X1, c.Y1, c.X2, c.Y2, c.LengthM
	return p
}
