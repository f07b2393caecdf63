package inference

import (
	"fmt"
	"runtime"

	"motionlab/models"
	"motionlab/shared/posetrack"
)

// The pose pipeline itself lives in shared/posetrack, so the browser runs
// the same code; this package supplies ONNX Runtime sessions for it.
type (
	Engine  = posetrack.Engine
	Tracked = posetrack.Tracked
	Tracker = posetrack.Tracker
)

// Subject and SubjectBy pick the athlete among a video's tracks.
var (
	Subject   = posetrack.Subject
	SubjectBy = posetrack.SubjectBy
	Rank      = posetrack.Rank
)

// LandmarkSize is the side of the landmark models' square RGB input.
const LandmarkSize = posetrack.LandmarkSize

// Config selects the models and how they run.
type Config struct {
	ModelsDir string // converted models (models.DefaultDir())
	Model     string // landmark model: lite, full (default) or heavy
	Options
}

// NewEngine loads the ONNX Runtime library and opens both models.
func NewEngine(cfg Config) (*Engine, error) {
	if cfg.Model == "" {
		cfg.Model = "full"
	}
	if cfg.ModelsDir == "" {
		cfg.ModelsDir = models.DefaultDir()
	}
	if err := Init(cfg.Library); err != nil {
		return nil, err
	}
	man, err := models.Load()
	if err != nil {
		return nil, err
	}
	detPath, err := man.Path(cfg.ModelsDir, "pose_detection")
	if err != nil {
		return nil, err
	}
	switch cfg.Model {
	case "lite", "full", "heavy":
	default:
		return nil, fmt.Errorf("unknown model %q (want lite, full or heavy)", cfg.Model)
	}
	lmPath, err := man.Path(cfg.ModelsDir, "pose_landmark_"+cfg.Model)
	if err != nil {
		return nil, err
	}
	det, err := NewDetector(detPath, cfg.Options)
	if err != nil {
		return nil, err
	}
	lm, err := NewLandmarker(lmPath, cfg.Options)
	if err != nil {
		det.Close()
		return nil, err
	}
	e := posetrack.NewEngine(&sessions{det, lm})
	e.DetectAlongside = true // the detector and the landmark model are separate sessions
	for range landmarkEngines(cfg.Options) - 1 {
		more, err := NewLandmarker(lmPath, cfg.Options)
		if err != nil {
			e.Close()
			return nil, err
		}
		e.AddHelper(&sessions{lm: more})
	}
	return e, nil
}

// landmarkEngines is o.LandmarkEngines, or when 0 a second session where
// a core is free for it: on 2 cores, 1-thread sessions, BENCHMARKS.md
// measured 30 against 26 frames/s on the 1080p clip (1.4 people per frame)
// and a photo in 0.43 s against 0.64 s.
func landmarkEngines(o Options) int {
	switch {
	case o.LandmarkEngines > 0:
		return o.LandmarkEngines
	case runtime.NumCPU() >= 2 && o.Threads <= 1:
		return 2
	}
	return 1
}

// sessions are the two ONNX Runtime sessions as posetrack.Models.
type sessions struct {
	det *Detector
	lm  *Landmarker
}

func (s *sessions) DetectorInput() []float32 { return s.det.s.in.GetData() }

func (s *sessions) RunDetector() ([]float32, []float32, error) {
	if err := s.det.s.run(); err != nil {
		return nil, nil, err
	}
	return s.det.s.outs[0].GetData(), s.det.s.outs[1].GetData(), nil
}

func (s *sessions) LandmarkInput() []float32 { return s.lm.Input() }

func (s *sessions) RunLandmarks() ([]float32, float32, []float32, error) {
	raw, score, err := s.lm.Raw()
	if err != nil {
		return nil, 0, nil, err
	}
	return raw, score, s.lm.s.outs[2].GetData(), nil
}

func (s *sessions) Close() {
	if s.det != nil { // a helper runs landmarks only
		s.det.Close()
	}
	s.lm.Close()
}
