package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"path/filepath"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/shared/analysis"
	"motionlab/shared/jump"
	"motionlab/shared/pose"
	"motionlab/shared/track"
	"motionlab/shared/upload"
)

// browserAnalysisInput is an analysis the browser ran itself: the
// athlete's cleaned keypoint track (no video) plus the usual parameters.
type browserAnalysisInput struct {
	RawBody []byte // to tell the parameters sent from those not sent
	Body    struct {
		analysis.Params
		Filename        string  `json:"filename,omitempty" required:"false" maxLength:"255" example:"run.mp4" doc:"name of the analysed file (shown in history)"`
		Backend         string  `json:"backend,omitempty" required:"false" enum:"webgpu,webgl,wasm" doc:"the onnxruntime-web backend that ran the models"`
		FramesPerSecond float64 `json:"frames_per_second,omitempty" minimum:"0" doc:"how fast the browser analysed, frames/s"`
		// The track is decoded by the handler, not validated by schema: it is
		// large, and null frames are part of the format.
		Track json.RawMessage `json:"track" doc:"the athlete's cleaned track: {fps, width, height, frames, camera}, one entry per video frame (null where not seen), each with 33 BlazePose keypoints {x, y, z, visibility, presence} in source pixels (the shape GET /v1/analyses/{id} exports); camera (optional) is the camera's motion into each frame, [a, b, tx, ty]: a scene point (x, y) of the previous frame is at (a·x − b·y + tx, b·x + a·y + ty)"`
	}
}

type browserAnalysisOutput struct {
	Status int
	Body   analysisStatus
}

// maxTrackBytes bounds a keypoint upload: 10 s at 240 fps of 33 points is
// about 12 MB of JSON.
const maxTrackBytes = 16 << 20

func (s *Server) registerBrowserAnalyses() {
	huma.Register(s.api, huma.Operation{
		OperationID:   "create-browser-analysis",
		Method:        http.MethodPost,
		Path:          "/v1/analyses/keypoints",
		Summary:       "Save an analysis the browser ran itself (keypoints, no video)",
		Description:   "The web app can run the pose model in the browser; it then sends only the athlete's cleaned keypoint track here. The server computes `calculated_data` and `raw_data` from it with the same code as for uploaded videos and stores a finished analysis (`source: browser`, no video, no annotated video) that appears in history. 201 with the id. Limits as for videos: ≤ 10 s (400 `video_too_long`), 1–240 fps, every seen frame with 33 keypoints, finite, none more than a frame outside the picture, visibility and presence 0–1, camera motions one per frame with a zoom of 0.5–2, a roll under 45° and a shift within a frame (422 `invalid_track`); 413 over 16 MB. A track in which the athlete is never seen → 422 `nothing_to_measure`; one in which nothing happens (no step, jump or repetition) is stored like any other, with `outcome.count` 0 and its reason. Spends no credit: the device did the work.",
		Tags:          []string{"Analyses"},
		DefaultStatus: http.StatusCreated,
		MaxBodyBytes:  maxTrackBytes,
		Errors:        []int{400, 401, 413, 422},
	}, s.createBrowserAnalysis)
}

func (s *Server) createBrowserAnalysis(ctx context.Context, in *browserAnalysisInput) (*browserAnalysisOutput, error) {
	b := &in.Body
	var sent map[string]json.RawMessage
	if err := json.Unmarshal(in.RawBody, &sent); err != nil {
		return nil, fmt.Errorf("read the body again: %w", err) // Huma decoded it already
	}
	p := b.Params.WithDefaults(func(name string) bool { _, ok := sent[name]; return ok })
	var t track.Track
	if err := json.Unmarshal(b.Track, &t); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_track", "track: "+err.Error())
	}
	if err := checkTrack(t); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_track", err.Error())
	}
	if d := float64(len(t.Frames)) / t.FPS; d > upload.MaxSeconds+0.5/t.FPS {
		return nil, NewError(http.StatusBadRequest, upload.CodeTooLong, upload.TooLong(d))
	}
	if p.Treadmill && p.Pace == "" {
		return nil, NewError(http.StatusBadRequest, upload.CodePaceRequired, upload.PaceRequired)
	}
	if _, ok := sent["height"]; p.Activity == analysis.Jump && !ok {
		return nil, NewError(http.StatusBadRequest, jump.ErrMissingHeight, "activity=jump needs the athlete's height (cm)")
	}
	if err := checkParams(&p, "body"); err != nil {
		return nil, err
	}
	params, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode params: %w", err)
	}
	if err := p.CheckCalibration(t.Width, t.Height); err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "invalid_calibration", err.Error())
	}
	calc, raw, err := analysis.Run(t, analysis.TrackInfo(t), p)
	if err != nil {
		return nil, NewError(http.StatusUnprocessableEntity, "nothing_to_measure", err.Error())
	}
	var o store.Outputs
	put := func(v any) (string, error) {
		body, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		name, _, err := s.files.Put(bytes.NewReader(body), ".json")
		return name, err
	}
	if o.Result, err = put(raw); err != nil {
		return nil, err
	}
	if calc != nil {
		if o.Calculated, err = put(calc); err != nil {
			return nil, err
		}
	}
	if o.Track, err = put(t); err != nil {
		return nil, err
	}
	name := filepath.Base(b.Filename)
	if name == "." || name == "/" || name == "" {
		name = "browser analysis"
	}
	a := &store.Analysis{ID: store.NewID(), KeyID: keyFrom(ctx).ID, Params: params, Filename: name}
	if err := s.meta.InsertBrowserAnalysis(ctx, a, o); err != nil {
		for _, n := range []string{o.Result, o.Calculated, o.Track} {
			if n != "" {
				s.files.Remove(n)
			}
		}
		return nil, err
	}
	return &browserAnalysisOutput{Status: http.StatusCreated, Body: analysisStatus{
		ID: a.ID, Status: a.Status, Percentage: 100, CreatedAt: a.CreatedAt, Filename: a.Filename,
	}}, nil
}

// checkTrack refuses tracks the analysis code could trip on: the browser
// is not trusted to send well-formed numbers.
func checkTrack(t track.Track) error {
	switch {
	case t.FPS < 1 || t.FPS > 240 || math.IsNaN(t.FPS):
		return fmt.Errorf("fps %g: want 1–240", t.FPS)
	case t.Width <= 0 || t.Height <= 0 || t.Width > 8192 || t.Height > 8192:
		return fmt.Errorf("frame size %d×%d: want 1–8192 pixels a side", t.Width, t.Height)
	case len(t.Frames) == 0:
		return errors.New("the track has no frames")
	}
	seen := 0
	for i, p := range t.Frames {
		if p == nil {
			continue
		}
		seen++
		if len(p.Keypoints) != pose.NumBlazePose {
			return fmt.Errorf("frame %d: %d keypoints, want %d", i, len(p.Keypoints), pose.NumBlazePose)
		}
		if p.World != nil && len(p.World) != pose.NumBlazePose {
			return fmt.Errorf("frame %d: %d world points, want %d or none", i, len(p.World), pose.NumBlazePose)
		}
		for j, k := range p.Keypoints {
			if err := checkKeypoint(k, t.Width, t.Height); err != nil {
				return fmt.Errorf("frame %d keypoint %d: %w", i, j, err)
			}
		}
		for j, w := range p.World {
			for _, v := range []float32{w.X, w.Y, w.Z} {
				if !(math.Abs(float64(v)) <= maxWorldM) {
					return fmt.Errorf("frame %d world point %d: %g m from the hips, want a finite number within %g m", i, j, v, float64(maxWorldM))
				}
			}
		}
	}
	if seen == 0 {
		return errors.New("the athlete is not seen in any frame")
	}
	return checkCamera(t)
}

// checkCamera refuses camera motions no camera makes between two frames
// (track.Motion: a similarity): a count other than none or one per frame,
// a zoom outside 0.5–2, a roll over 45°, or a shift over a whole frame.
func checkCamera(t track.Track) error {
	if len(t.Camera) != 0 && len(t.Camera) != len(t.Frames) {
		return fmt.Errorf("camera: %d motions for %d frames, want one per frame or none", len(t.Camera), len(t.Frames))
	}
	for i, m := range t.Camera {
		a, b := float64(m[0]), float64(m[1])
		z := math.Hypot(a, b)
		switch {
		case !(z >= 0.5 && z <= 2) || math.Abs(math.Atan2(b, a)) > math.Pi/4:
			return fmt.Errorf("camera motion %d: zoom %g, roll %g rad: want a zoom of 0.5–2 and a roll under π/4", i, z, math.Atan2(b, a))
		case !(math.Abs(float64(m[2])) <= float64(t.Width) && math.Abs(float64(m[3])) <= float64(t.Height)):
			return fmt.Errorf("camera motion %d: shift (%g, %g) is more than a frame", i, m[2], m[3])
		}
	}
	return nil
}

// maxWorldM bounds a world point's distance from the hips (BlazePose's
// world landmarks are metres around them).
const maxWorldM = 10

// checkKeypoint refuses a point no pose model gives: not a finite number,
// visibility or presence outside [0, 1], or placed more than a whole
// frame beyond the picture's edge (the model guesses hidden points off
// the picture, on the validation clips up to 0.43 of a frame; |z| up to
// 0.9 of the longer side). Numbers that large are no pose, and they
// overflow the metrics into values JSON cannot hold.
func checkKeypoint(k pose.Keypoint, w, h int) error {
	for _, v := range []float32{k.X, k.Y, k.Z, k.Visibility, k.Presence} {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return errors.New("not a finite number")
		}
	}
	fw, fh := float32(w), float32(h)
	switch {
	case k.X < -fw || k.X > 2*fw || k.Y < -fh || k.Y > 2*fh:
		return fmt.Errorf("(%g, %g) is more than a frame outside the %d×%d picture", k.X, k.Y, w, h)
	case math.Abs(float64(k.Z)) > 4*float64(max(w, h)):
		return fmt.Errorf("depth %g is more than four frame sides", k.Z)
	case k.Visibility < 0 || k.Visibility > 1 || k.Presence < 0 || k.Presence > 1:
		return fmt.Errorf("visibility %g, presence %g: want 0–1", k.Visibility, k.Presence)
	}
	return nil
}
