package analysis

import (
	"math"
	"strconv"
	"time"

	"motionlab/shared/pose"
	"motionlab/shared/track"
	"motionlab/shared/vitals"
)

// Results is an analysis's status and, once it succeeded, where its
// outputs are and its calculated_data: what GET /v1/analyses/{id}/results
// answers and the web app reads.
type Results struct {
	ID         string    `json:"id"`
	Status     string    `json:"status" enum:"pending,analyzing,success,failed"`
	Percentage float64   `json:"percentage"`
	CreatedAt  time.Time `json:"created_at"`
	Filename   string    `json:"filename"`
	Params     *Params   `json:"params" doc:"the analysis's parameters (null where an older version stored them unreadably)"`
	Source     string    `json:"source" enum:"server,browser" doc:"where the keypoints were computed: server (uploaded video) or browser (keypoints saved, no video)"`
	RawDataURL string    `json:"raw_data_url,omitempty" doc:"where the frame-by-frame data is"`
	// RawDataDownloadURL, VideoURL, ThumbnailURL and AnnotatedURL are
	// signed links, usable without the API key.
	RawDataDownloadURL string `json:"raw_data_download_url,omitempty" doc:"signed link to the same frame-by-frame JSON, for sharing without the key (expires in an hour)"`
	VideoURL           string `json:"video_url,omitempty" doc:"signed link to the original video (expires in an hour)"`
	ThumbnailURL       string `json:"thumbnail_url,omitempty" doc:"signed link to a JPEG thumbnail (expires in an hour)"`
	AnnotatedURL       string `json:"annotated_video_url,omitempty" doc:"signed link to the annotated H.264 MP4 (skeleton, joint angles, foot contacts, metrics panel) once rendered, a few seconds after success (expires in an hour)"`
	// Biomechanical is calculated_data: scores, metrics and
	// classifications with recommendations in the request's language.
	Biomechanical *Result `json:"biomechanical_analysis,omitempty" doc:"the analysis (same as calculated_data) once it succeeds"`
}

// VideoInfo is raw_data's video_input_information.
type VideoInfo struct {
	Width    int     `json:"width"`
	Height   int     `json:"height"`
	FPS      float64 `json:"fps"`
	Duration float64 `json:"duration"`
	Frames   int     `json:"frames"`
}

// TrackInfo describes the video a track was measured in when only the
// track is known (an analysis the browser ran): one frame per entry.
func TrackInfo(t track.Track) VideoInfo {
	return VideoInfo{Width: t.Width, Height: t.Height, FPS: t.FPS, Frames: len(t.Frames), Duration: float64(len(t.Frames)) / t.FPS}
}

// Landmark is one named keypoint in raw_data.
type Landmark struct {
	X          float32 `json:"x"`
	Y          float32 `json:"y"`
	Z          float32 `json:"z"`
	Visibility float32 `json:"visibility"`
}

// RawData is seed 002's raw_data: every frame of the video keyed by its
// number, with every named landmark in source pixels, and the same
// frames' sagittal joint angles in degrees (see docs/metrics.md).
type RawData struct {
	Info   VideoInfo                      `json:"video_input_information"`
	Frames map[string]map[string]Landmark `json:"frames"`
	Angles map[string]map[string]float64  `json:"angles"`
}

// NewRawData builds raw_data from the athlete's cleaned track and each
// frame's joint angles (Run measures them in the analysis's gait scene).
// A frame where the athlete is not seen is there, null (its angles too),
// so a reader tells it from a frame past the end of the video.
func NewRawData(t track.Track, info VideoInfo, angles []map[string]float64) RawData {
	r := RawData{
		Info:   info,
		Frames: make(map[string]map[string]Landmark, len(t.Frames)),
		Angles: make(map[string]map[string]float64, len(t.Frames)),
	}
	for i, p := range t.Frames {
		key := strconv.Itoa(i)
		var a map[string]float64
		if i < len(angles) {
			a = angles[i]
		}
		r.Angles[key] = a
		if p == nil {
			r.Frames[key] = nil
			continue
		}
		m := make(map[string]Landmark, len(p.Keypoints))
		for j, k := range p.Keypoints {
			m[pose.BlazePose33.Points[j].Name] = Landmark{X: k.X, Y: k.Y, Z: k.Z, Visibility: k.Visibility}
		}
		r.Frames[key] = m
	}
	return r
}

// People reads raw_data back: per frame the athlete's BlazePose-33
// keypoints (nil where not seen) and joint angles, as NewRawData wrote
// them. The frame count is the video's (from its duration when unknown).
func (r RawData) People() ([]*pose.Person, []map[string]float64) {
	n := r.frameCount()
	frames, angs := make([]*pose.Person, n), r.FrameAngles()
	index := make(map[string]int, len(pose.BlazePose33.Points))
	for i, p := range pose.BlazePose33.Points {
		index[p.Name] = i
	}
	for k, lm := range r.Frames {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= n || lm == nil {
			continue
		}
		kp := make([]pose.Keypoint, len(pose.BlazePose33.Points))
		for name, p := range lm {
			if j, ok := index[name]; ok {
				kp[j] = pose.Keypoint{X: p.X, Y: p.Y, Z: p.Z, Visibility: p.Visibility}
			}
		}
		frames[i] = &pose.Person{Keypoints: kp}
	}
	return frames, angs
}

// FrameAngles are raw_data's joint angles, one map per frame of the
// video (nil where the athlete is not seen): the angles the analysis
// measured, which readers show rather than measure again.
func (r RawData) FrameAngles() []map[string]float64 {
	angs := make([]map[string]float64, r.frameCount())
	for k, a := range r.Angles {
		if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < len(angs) {
			angs[i] = a
		}
	}
	return angs
}

// frameCount is the video's frame count (from its duration when unknown).
func (r RawData) frameCount() int {
	if r.Info.Frames > 0 {
		return r.Info.Frames
	}
	return int(math.Round(r.Info.Duration * r.Info.FPS))
}

// VitalsResult is seed 004's `vitals` object: a scan's measures, written
// by the server and read by the web app.
type VitalsResult struct {
	HeartRate        float64        `json:"heart_rate"`
	RespiratoryRate  float64        `json:"respiratory_rate"`
	HRV              *float64       `json:"hrv"`
	BloodPressure    *string        `json:"blood_pressure" doc:"always null: not measured from video"`
	Confidence       float64        `json:"confidence"`
	Timestamp        time.Time      `json:"timestamp"`
	ProcessingTimeMS int64          `json:"processing_time_ms"`
	SignalQuality    vitals.Quality `json:"signal_quality"`
	Method           string         `json:"method"`
	// Pulse is the pulse waveform (one value per frame) and FPS its rate,
	// for plotting.
	Pulse []float64 `json:"pulse,omitempty"`
	FPS   float64   `json:"fps,omitempty"`
}
