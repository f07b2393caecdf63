// Constants in this file come from MediaPipe's
// mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt (SsdAnchorsCalculator
// node options) and the option defaults in
// mediapipe/calculators/tflite/ssd_anchors_calculator.proto; the generation rule
// follows mediapipe/calculators/tflite/ssd_anchors_calculator.cc
// (GenerateAnchors, non-multiscale branch).

// Package blazepose implements the post-processing of MediaPipe's BlazePose
// pipeline in pure Go: SSD anchors for the person detector, decoding of the
// detector's tensors with weighted non-maximum suppression and letterbox
// removal, and the rotated regions of interest (ROI) that feed the landmark
// model, both from a detection and from the previous frame's landmarks.
//
// Coordinate conventions used throughout the package:
//
//   - Normalized coordinates are fractions of the original image's width
//     (x) and height (y), origin top-left, y pointing down.
//   - Pixel coordinates are continuous: the image spans [0,W]×[0,H] and the
//     pixel with integer index (i,j) covers [i,i+1)×[j,j+1), its centre being
//     (i+0.5, j+0.5). A normalized coordinate times W (or H) is a pixel
//     coordinate.
//   - Crop coordinates are the same continuous convention inside a size×size
//     crop of a Rect (e.g. the landmark model's 256-px output).
//
// The package uses only the standard library and builds for js/wasm.
package blazepose

import "math"

// Anchor is one SSD anchor in normalized coordinates of the square detector
// input tensor: centre (XCenter, YCenter) and size (W, H). With a fixed
// anchor size (the pose detector's case) W and H are 1.
type Anchor struct {
	XCenter, YCenter, W, H float32
}

// AnchorOptions mirrors MediaPipe's SsdAnchorsCalculatorOptions for the
// single-scale generator. Unlike the proto, Go zero values are not the proto
// defaults: set every field you need (see PoseDetectorAnchors).
type AnchorOptions struct {
	InputSizeWidth, InputSizeHeight int
	MinScale, MaxScale              float32
	AnchorOffsetX, AnchorOffsetY    float32 // in units of the layer's stride (0.5 = cell centre)
	NumLayers                       int
	// FeatureMapWidth/Height, when non-empty (one entry per layer), override
	// the sizes derived from Strides.
	FeatureMapWidth, FeatureMapHeight []int
	Strides                           []int
	AspectRatios                      []float32
	ReduceBoxesInLowestLayer          bool
	// InterpolatedScaleAspectRatio adds one anchor per cell with this aspect
	// ratio and the geometric mean of this layer's and the next layer's scale
	// (the proto's default is 1.0; here 0 means "no extra anchor").
	InterpolatedScaleAspectRatio float32
	FixedAnchorSize              bool
}

// PoseDetectorAnchors are the SsdAnchorsCalculator options of
// pose_detection_cpu.pbtxt: 224×224 input, 5 layers with strides
// 8, 16, 32, 32, 32, scales 0.1484375…0.75, offsets 0.5, aspect ratio 1.0,
// fixed anchor size, and the proto default interpolated_scale_aspect_ratio
// 1.0 (two anchors per cell per layer). They yield DetectorNumBoxes anchors.
var PoseDetectorAnchors = AnchorOptions{
	InputSizeWidth:               DetectorInputSize,
	InputSizeHeight:              DetectorInputSize,
	MinScale:                     0.1484375,
	MaxScale:                     0.75,
	AnchorOffsetX:                0.5,
	AnchorOffsetY:                0.5,
	NumLayers:                    5,
	Strides:                      []int{8, 16, 32, 32, 32},
	AspectRatios:                 []float32{1.0},
	InterpolatedScaleAspectRatio: 1.0,
	FixedAnchorSize:              true,
}

// anchorScale linearly interpolates the anchor scale of layer i out of n.
// MediaPipe evaluates this expression in double precision.
func anchorScale(minScale, maxScale float32, i, n int) float32 {
	if n == 1 {
		return (minScale + maxScale) * 0.5
	}
	return float32(float64(minScale) + float64(maxScale-minScale)*float64(i)/(float64(n)-1))
}

// GenerateAnchors returns the SSD anchors described by o, in MediaPipe's
// order: layers with equal consecutive strides are merged into one group;
// within a group anchors run row by row (y outer, x inner) and, within a cell,
// over the group's (aspect ratio, scale) pairs. Strides are required (they
// also drive the scales, as in MediaPipe); FeatureMapWidth/Height, if given,
// override the grid sizes. It returns nil when the counts disagree with
// NumLayers.
func GenerateAnchors(o AnchorOptions) []Anchor {
	useMaps := len(o.FeatureMapHeight) > 0
	switch {
	case o.NumLayers <= 0 || len(o.Strides) != o.NumLayers:
		return nil
	case useMaps && (len(o.FeatureMapHeight) != o.NumLayers || len(o.FeatureMapWidth) != o.NumLayers):
		return nil
	}
	var anchors []Anchor
	nStrides := len(o.Strides)
	layer := 0
	for layer < o.NumLayers {
		var ratios, scales []float32
		last := layer
		// Merge consecutive layers sharing the same stride (always at least
		// the current layer).
		for last < nStrides && o.Strides[last] == o.Strides[layer] {
			scale := anchorScale(o.MinScale, o.MaxScale, last, nStrides)
			if last == 0 && o.ReduceBoxesInLowestLayer {
				ratios = append(ratios, 1.0, 2.0, 0.5)
				scales = append(scales, 0.1, scale, scale)
			} else {
				for _, ar := range o.AspectRatios {
					ratios = append(ratios, ar)
					scales = append(scales, scale)
				}
				if o.InterpolatedScaleAspectRatio > 0 {
					next := float32(1.0)
					if last != nStrides-1 {
						next = anchorScale(o.MinScale, o.MaxScale, last+1, nStrides)
					}
					scales = append(scales, float32(math.Sqrt(float64(scale*next))))
					ratios = append(ratios, o.InterpolatedScaleAspectRatio)
				}
			}
			last++
		}

		widths := make([]float32, len(ratios))
		heights := make([]float32, len(ratios))
		for i, ar := range ratios {
			s := float32(math.Sqrt(float64(ar)))
			heights[i] = scales[i] / s
			widths[i] = scales[i] * s
		}

		var fmW, fmH int
		if useMaps {
			fmW, fmH = o.FeatureMapWidth[layer], o.FeatureMapHeight[layer]
		} else {
			stride := o.Strides[layer]
			fmH = int(math.Ceil(float64(float32(o.InputSizeHeight) / float32(stride))))
			fmW = int(math.Ceil(float64(float32(o.InputSizeWidth) / float32(stride))))
		}
		for y := 0; y < fmH; y++ {
			for x := 0; x < fmW; x++ {
				xc := (float32(x) + o.AnchorOffsetX) / float32(fmW)
				yc := (float32(y) + o.AnchorOffsetY) / float32(fmH)
				for k := range widths {
					a := Anchor{XCenter: xc, YCenter: yc, W: 1, H: 1}
					if !o.FixedAnchorSize {
						a.W, a.H = widths[k], heights[k]
					}
					anchors = append(anchors, a)
				}
			}
		}
		layer = last
	}
	return anchors
}
