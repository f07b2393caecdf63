package pose

// WholeBodyPoints is the size of the COCO-WholeBody layout: 17 body,
// 6 feet, 68 face, 2×21 hands.
const WholeBodyPoints = 133

// wholeBodyFrom maps COCO-WholeBody indices to BlazePose-33 indices for the
// points BlazePose has. Face: the 68-point iBUG order (23 + i); hands: the
// 21-point hand order (left 91 + i, right 112 + i), where BlazePose's
// index/pinky/thumb points sit near the index knuckle (5), pinky knuckle
// (17) and thumb base (2). The big toe takes BlazePose's foot index (toe
// tip); the small toes have no BlazePose counterpart and stay empty.
var wholeBodyFrom = map[int]int{
	0: Nose, 1: LeftEye, 2: RightEye, 3: LeftEar, 4: RightEar,
	5: LeftShoulder, 6: RightShoulder, 7: LeftElbow, 8: RightElbow,
	9: LeftWrist, 10: RightWrist, 11: LeftHip, 12: RightHip,
	13: LeftKnee, 14: RightKnee, 15: LeftAnkle, 16: RightAnkle,
	17: LeftFootIndex, 19: LeftHeel, 20: RightFootIndex, 22: RightHeel,
	23 + 30: Nose,
	23 + 36: RightEyeOuter, 23 + 39: RightEyeInner, 23 + 42: LeftEyeInner, 23 + 45: LeftEyeOuter,
	23 + 48: MouthRight, 23 + 54: MouthLeft,
	91: LeftWrist, 91 + 2: LeftThumb, 91 + 5: LeftIndex, 91 + 17: LeftPinky,
	112: RightWrist, 112 + 2: RightThumb, 112 + 5: RightIndex, 112 + 17: RightPinky,
}

// WholeBodyIndex lists, for each of the 133 COCO-WholeBody points, the
// BlazePose index it comes from or -1.
var WholeBodyIndex = func() [WholeBodyPoints]int {
	var idx [WholeBodyPoints]int
	for i := range idx {
		idx[i] = -1
	}
	for wb, bp := range wholeBodyFrom {
		idx[wb] = bp
	}
	return idx
}()

// WholeBodyFlat writes p into dst as SprintLab's flat frame: 133×(x, y,
// score) in image pixels, then 133×(x, y, z) world metres. Points
// BlazePose lacks, and every point when p is nil, are zeros (score 0).
// dst must hold 133·6 floats; it is returned.
func WholeBodyFlat(p *Person, dst []float32) []float32 {
	clear(dst[:WholeBodyPoints*6])
	if p == nil {
		return dst
	}
	for wb, bp := range WholeBodyIndex {
		if bp < 0 || bp >= len(p.Keypoints) {
			continue
		}
		k := p.Keypoints[bp]
		dst[3*wb], dst[3*wb+1], dst[3*wb+2] = k.X, k.Y, k.Visibility
		if bp < len(p.World) {
			w := p.World[bp]
			o := 3*WholeBodyPoints + 3*wb
			dst[o], dst[o+1], dst[o+2] = w.X, w.Y, w.Z
		}
	}
	return dst
}
