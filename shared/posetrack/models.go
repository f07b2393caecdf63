// Package posetrack is MediaPipe's pose pipeline without a runtime: person
// detector → rotated ROI → landmark model → keypoints in image pixels, a
// tracker that follows everyone in a video, and the choice of the athlete
// among them. The two networks run behind Models, so the same code serves
// the server (ONNX Runtime through cgo) and the browser (onnxruntime-web
// through syscall/js), and both paths produce the same track.
package posetrack

// DetectorSize is the side of the person detector's square input.
const DetectorSize = 224

// LandmarkSize is the side of the landmark models' square RGB input.
const LandmarkSize = 256

// LandmarkPoints is the number of points the landmark model outputs: the
// 33 body points plus two ROI alignment points used for tracking.
const LandmarkPoints = 39

// Models runs the two BlazePose networks. Implementations own their input
// buffers, so crops are written in place: no copy on the server, one copy
// across to JavaScript in the browser.
type Models interface {
	// DetectorInput is the detector's input, 1×224×224×3 RGB in [-1, 1].
	DetectorInput() []float32
	// RunDetector runs the detector on its input: boxes is anchors×12,
	// scores anchors×1 (logits).
	RunDetector() (boxes, scores []float32, err error)
	// LandmarkInput is the landmark model's input, 1×256×256×3 RGB in [0, 1].
	LandmarkInput() []float32
	// RunLandmarks runs the landmark model on its input: lm is 39×5 in crop
	// pixels (x, y, z, visibility logit, presence logit), score the pose
	// presence probability, world 39×3 in metres.
	RunLandmarks() (lm []float32, score float32, world []float32, err error)
	// Close frees the models.
	Close()
}
