// Constants in this file come from MediaPipe's
// mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt: the
// ImageToTensorCalculator options (224×224, keep_aspect_ratio), the
// TensorsToDetectionsCalculator options (num_boxes 2254, num_coords 12,
// keypoint_coord_offset 4, num_keypoints 4, reverse_output_order, x/y/w/h
// scale 224, sigmoid_score, score_clipping_thresh 100, min_score_thresh 0.2)
// and the NonMaxSuppressionCalculator options (min_suppression_threshold 0.3,
// INTERSECTION_OVER_UNION, WEIGHTED). The algorithms follow
// tensors_to_detections_calculator.cc (DecodeBoxes, score clipping/sigmoid,
// ConvertToDetections), non_max_suppression_calculator.cc
// (WeightedNonMaxSuppression), image_to_tensor_utils.cc (PadRoi) and
// detection_letterbox_removal_calculator.cc.

package blazepose

import (
	"math"
	"sort"
)

// Pose detector constants (pose_detection_cpu.pbtxt).
const (
	// DetectorInputSize is the side of the square RGB input tensor, values in [-1,1].
	DetectorInputSize = 224
	// DetectorNumBoxes is the number of anchors / raw boxes (num_boxes).
	DetectorNumBoxes = 2254
	// DetectorNumCoords is the number of values per raw box (num_coords):
	// box cx, cy, w, h then 4 keypoints as x, y.
	DetectorNumCoords = 12
	// DetectorNumKeypoints is num_keypoints.
	DetectorNumKeypoints = 4
	// DetectorCoordScale is x_scale = y_scale = w_scale = h_scale: raw values
	// are in input-tensor pixels relative to the anchor.
	DetectorCoordScale = 224.0
	// DetectorScoreClip is score_clipping_thresh: logits are clamped to
	// [-100, 100] before the sigmoid.
	DetectorScoreClip = 100.0
	// DetectorMinScore is min_score_thresh: detections scoring below it are dropped.
	DetectorMinScore = 0.2
	// NMSMinSuppressionThreshold is min_suppression_threshold: boxes whose IoU
	// with the current best box exceeds it are merged into it.
	NMSMinSuppressionThreshold = 0.3
)

// Indices of the detector's keypoints (pose_detection_cpu.pbtxt comments).
const (
	KeypointHipCenter      = 0 // mid-hip centre
	KeypointFullBodyScale  = 1 // encodes full-body size and rotation
	KeypointShoulderCenter = 2 // mid-shoulder centre
	KeypointUpperBodyScale = 3 // encodes upper-body size and rotation
)

// Point is a 2-D point; its unit depends on where it is used (normalized,
// pixels or crop pixels, see the package doc).
type Point struct {
	X, Y float32
}

// Detection is one person detection: Score in [0,1] (sigmoid of the logit),
// an axis-aligned box (XMin, YMin, W, H) and DetectorNumKeypoints keypoints.
// Coordinates are normalized to the ORIGINAL image (after DecodeDetections
// has removed the letterbox); DecodeRaw returns them normalized to the
// letterboxed square input instead.
type Detection struct {
	Score      float32
	XMin, YMin float32
	W, H       float32
	Keypoints  []Point
}

// Letterbox is the padding, as fractions of the square input tensor, that
// ImageToTensorCalculator (keep_aspect_ratio: true) adds on each side when
// fitting a W×H image into the detector input. Either Left = Right or
// Top = Bottom is non-zero, never both.
type Letterbox struct {
	Left, Top, Right, Bottom float32
}

// LetterboxFor returns the letterbox padding MediaPipe's PadRoi computes for
// a whole imgW×imgH image fitted into the square DetectorInputSize tensor:
// landscape images get equal top and bottom padding, portrait (and square)
// images equal left and right padding (zero when square).
func LetterboxFor(imgW, imgH int) Letterbox {
	if imgW <= 0 || imgH <= 0 {
		return Letterbox{}
	}
	const tensorAspect = float32(DetectorInputSize) / float32(DetectorInputSize)
	roiAspect := float32(imgH) / float32(imgW)
	if tensorAspect > roiAspect {
		v := (1 - roiAspect/tensorAspect) / 2
		return Letterbox{Top: v, Bottom: v}
	}
	h := (1 - tensorAspect/roiAspect) / 2
	return Letterbox{Left: h, Right: h}
}

// Remove maps a detection from letterboxed-input normalized coordinates to
// original-image normalized coordinates (DetectionLetterboxRemovalCalculator).
func (lb Letterbox) Remove(d Detection) Detection {
	sx := 1 - (lb.Left + lb.Right)
	sy := 1 - (lb.Top + lb.Bottom)
	out := d
	out.XMin = (d.XMin - lb.Left) / sx
	out.YMin = (d.YMin - lb.Top) / sy
	out.W = d.W / sx
	out.H = d.H / sy
	out.Keypoints = make([]Point, len(d.Keypoints))
	for i, k := range d.Keypoints {
		out.Keypoints[i] = Point{X: (k.X - lb.Left) / sx, Y: (k.Y - lb.Top) / sy}
	}
	return out
}

// sigmoidScore applies the configured clipping and the logistic function.
func sigmoidScore(logit float32) float32 {
	if logit < -DetectorScoreClip {
		logit = -DetectorScoreClip
	}
	if logit > DetectorScoreClip {
		logit = DetectorScoreClip
	}
	return float32(1 / (1 + math.Exp(-float64(logit))))
}

// DecodeRaw is the TensorsToDetectionsCalculator step for the pose detector:
// raw holds len(anchors) rows of DetectorNumCoords values (box x-centre,
// y-centre, width, height, then DetectorNumKeypoints (x, y) pairs, all in
// input-tensor pixels relative to the anchor), scores holds one logit per
// row. Each row becomes a Detection normalized to the letterboxed input,
// kept if its clipped sigmoid score is at least minScore and its box has
// non-negative, non-NaN size. Output is in anchor order. It returns nil if
// raw or scores are too short for the anchors.
func DecodeRaw(raw, scores []float32, anchors []Anchor, minScore float32) []Detection {
	n := len(anchors)
	if len(raw) < n*DetectorNumCoords || len(scores) < n {
		return nil
	}
	var out []Detection
	for i, a := range anchors {
		score := sigmoidScore(scores[i])
		if score < minScore {
			continue
		}
		r := raw[i*DetectorNumCoords : (i+1)*DetectorNumCoords]
		xc := r[0]/DetectorCoordScale*a.W + a.XCenter
		yc := r[1]/DetectorCoordScale*a.H + a.YCenter
		w := r[2] / DetectorCoordScale * a.W
		h := r[3] / DetectorCoordScale * a.H
		xmin, ymin := xc-w/2, yc-h/2
		xmax, ymax := xc+w/2, yc+h/2
		bw, bh := xmax-xmin, ymax-ymin
		if bw < 0 || bh < 0 || isNaN32(bw) || isNaN32(bh) {
			continue
		}
		d := Detection{
			Score: score, XMin: xmin, YMin: ymin, W: bw, H: bh,
			Keypoints: make([]Point, DetectorNumKeypoints),
		}
		for k := range d.Keypoints {
			off := 4 + 2*k
			d.Keypoints[k] = Point{
				X: r[off]/DetectorCoordScale*a.W + a.XCenter,
				Y: r[off+1]/DetectorCoordScale*a.H + a.YCenter,
			}
		}
		out = append(out, d)
	}
	return out
}

func isNaN32(v float32) bool { return v != v }

// IoU is MediaPipe's INTERSECTION_OVER_UNION overlap of two boxes: 0 when
// they do not overlap or the union is not positive.
func IoU(a, b Detection) float32 {
	ix0, iy0 := max(a.XMin, b.XMin), max(a.YMin, b.YMin)
	ix1, iy1 := min(a.XMin+a.W, b.XMin+b.W), min(a.YMin+a.H, b.YMin+b.H)
	if ix0 > ix1 || iy0 > iy1 {
		return 0
	}
	inter := (ix1 - ix0) * (iy1 - iy0)
	norm := a.W*a.H + b.W*b.H - inter
	if norm <= 0 {
		return 0
	}
	return inter / norm
}

// WeightedNMS is NonMaxSuppressionCalculator with algorithm WEIGHTED: take
// the best remaining detection, gather every remaining detection whose IoU
// with it exceeds threshold (itself included), and emit the best detection
// with its box corners and keypoints replaced by the score-weighted mean of
// the gathered ones (the score stays the best one's). Repeat on the rest.
// Output is sorted by score, descending. As in MediaPipe, a best box that
// gathers nothing (zero area) is emitted as is and ends the loop.
func WeightedNMS(dets []Detection, threshold float32) []Detection {
	order := make([]int, len(dets))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return dets[order[i]].Score > dets[order[j]].Score })

	var out []Detection
	remaining := order
	for len(remaining) > 0 {
		best := dets[remaining[0]]
		var cluster, rest []int
		for _, idx := range remaining {
			if IoU(dets[idx], best) > threshold {
				cluster = append(cluster, idx)
			} else {
				rest = append(rest, idx)
			}
		}
		merged := best
		merged.Keypoints = append([]Point(nil), best.Keypoints...)
		if len(cluster) > 0 {
			var x0, y0, x1, y1, total float32
			kps := make([]float32, 2*len(best.Keypoints))
			for _, idx := range cluster {
				c := dets[idx]
				s := c.Score
				total += s
				x0 += c.XMin * s
				y0 += c.YMin * s
				x1 += (c.XMin + c.W) * s
				y1 += (c.YMin + c.H) * s
				for k := range best.Keypoints {
					if k < len(c.Keypoints) {
						kps[2*k] += c.Keypoints[k].X * s
						kps[2*k+1] += c.Keypoints[k].Y * s
					}
				}
			}
			merged.XMin = x0 / total
			merged.YMin = y0 / total
			merged.W = x1/total - merged.XMin
			merged.H = y1/total - merged.YMin
			for k := range merged.Keypoints {
				merged.Keypoints[k] = Point{X: kps[2*k] / total, Y: kps[2*k+1] / total}
			}
		}
		out = append(out, merged)
		if len(rest) == len(remaining) {
			break
		}
		remaining = rest
	}
	return out
}

// DecodeDetections runs the pose detector's post-processing exactly as
// pose_detection_cpu.pbtxt chains it: DecodeRaw (anchors, sigmoid with score
// clipping, minScore), WeightedNMS with NMSMinSuppressionThreshold, then
// letterbox removal with lb (use LetterboxFor(imgW, imgH)). raw is the
// detector's [DetectorNumBoxes×DetectorNumCoords] output, scores its
// [DetectorNumBoxes] logits, anchors GenerateAnchors(PoseDetectorAnchors),
// minScore normally DetectorMinScore. The result is in original-image
// normalized coordinates, sorted by score descending; nil if nothing passes
// or the inputs are too short.
func DecodeDetections(raw []float32, scores []float32, anchors []Anchor, lb Letterbox, minScore float32) []Detection {
	dets := DecodeRaw(raw, scores, anchors, minScore)
	if len(dets) == 0 {
		return nil
	}
	dets = WeightedNMS(dets, NMSMinSuppressionThreshold)
	for i := range dets {
		dets[i] = lb.Remove(dets[i])
	}
	return dets
}
