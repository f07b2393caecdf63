// Package stream defines the events MotionLab streams while it analyses a
// video: one Go type per event, used by the server (SSE), the app (parsing)
// and the embed bridge (postMessage).
package stream

// ProgressEvent is sent after each processed frame (SprintLab's `progress`).
type ProgressEvent struct {
	Type    string  `json:"type" enum:"progress" doc:"always progress"`
	Frame   int     `json:"frame" doc:"zero-based index of the frame just processed"`
	Total   int     `json:"total" doc:"number of frames in the video"`
	Pct     float64 `json:"pct" doc:"percentage complete, 0–100"`
	FPS     float64 `json:"fps" doc:"processing throughput, frames per second"`
	Elapsed float64 `json:"elapsed" doc:"seconds since processing started"`
	ETA     float64 `json:"eta" doc:"estimated seconds remaining"`
}

// ResultEvent is sent once, after the last frame (SprintLab's `result`).
type ResultEvent struct {
	Type        string      `json:"type" enum:"result" doc:"always result"`
	FPS         float64     `json:"fps" doc:"video frame rate from the container"`
	FrameWidth  int         `json:"frame_width" doc:"frame width in pixels (rotation applied)"`
	FrameHeight int         `json:"frame_height" doc:"frame height in pixels (rotation applied)"`
	TotalFrames int         `json:"total_frames" doc:"number of entries in frames"`
	NKpts       int         `json:"n_kpts" doc:"keypoints per frame: 133 (COCO-WholeBody layout)"`
	Frames      [][]float32 `json:"frames" doc:"per frame, n_kpts×3 (x, y, score in pixels) then n_kpts×3 (x, y, z world metres); zeros where no person was found"`
}

// ErrorEvent ends a stream that cannot finish.
type ErrorEvent struct {
	Type    string `json:"type" enum:"error" doc:"always error"`
	Code    string `json:"code" doc:"machine-readable error code, e.g. unreadable_video"`
	Message string `json:"message" doc:"what went wrong, for people"`
}

// NewProgress fills a progress event from counts and elapsed seconds.
func NewProgress(frame, total int, elapsed float64) ProgressEvent {
	done := frame + 1
	p := ProgressEvent{Type: "progress", Frame: frame, Total: total, Elapsed: elapsed}
	if total > 0 {
		p.Pct = min(100, 100*float64(done)/float64(total))
	}
	if elapsed > 0 {
		p.FPS = float64(done) / elapsed
		if p.FPS > 0 {
			p.ETA = max(0, float64(total-done)/p.FPS)
		}
	}
	return p
}

// ImageOverlay carries an analysed photo with the skeleton drawn (seed
// 003's `image_overlay` message).
type ImageOverlay struct {
	Type    string `json:"type" enum:"image_overlay" doc:"always image_overlay"`
	DataURL string `json:"dataUrl" doc:"the overlay as a base64 PNG data URL"`
}

// StatusEvent is one message of an analysis's progress stream
// (/v1/analyses/{id}/events).
type StatusEvent struct {
	Type       string  `json:"type" enum:"status" doc:"always status"`
	ID         string  `json:"id"`
	Status     string  `json:"status" enum:"pending,analyzing,success,failed"`
	Percentage float64 `json:"percentage" doc:"0–100"`
	FPS        float64 `json:"fps,omitempty" doc:"frames processed per second while analyzing"`
	ETA        float64 `json:"eta,omitempty" doc:"estimated seconds left while analyzing"`
	Error      string  `json:"error,omitempty" doc:"why the analysis failed"`
}
