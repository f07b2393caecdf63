package pose

// Side says which side of the body a point belongs to.
type Side string

const (
	Centre Side = "centre"
	Left   Side = "left"
	Right  Side = "right"
)

// Point describes one keypoint of a layout.
type Point struct {
	Name   string `json:"name"`
	Index  int    `json:"index"`
	Side   Side   `json:"side"`
	Parent int    `json:"parent"` // index of the parent point in the skeleton tree, -1 for the root
}

// Layout names a model's keypoints. Layouts are data so that a model with
// another point set (e.g. 133-point whole-body) plugs in with its own.
type Layout struct {
	Name   string   `json:"name"`
	Points []Point  `json:"points"`
	Edges  [][2]int `json:"edges"` // bones to draw
}

// BlazePose33 point indices.
const (
	Nose = iota
	LeftEyeInner
	LeftEye
	LeftEyeOuter
	RightEyeInner
	RightEye
	RightEyeOuter
	LeftEar
	RightEar
	MouthLeft
	MouthRight
	LeftShoulder
	RightShoulder
	LeftElbow
	RightElbow
	LeftWrist
	RightWrist
	LeftPinky
	RightPinky
	LeftIndex
	RightIndex
	LeftThumb
	RightThumb
	LeftHip
	RightHip
	LeftKnee
	RightKnee
	LeftAnkle
	RightAnkle
	LeftHeel
	RightHeel
	LeftFootIndex
	RightFootIndex
	NumBlazePose
)

// BlazePose33 is MediaPipe's 33-point body layout (the canonical one).
var BlazePose33 = Layout{
	Name: "blazepose33",
	Points: []Point{
		{"nose", Nose, Centre, -1},
		{"left_eye_inner", LeftEyeInner, Left, Nose},
		{"left_eye", LeftEye, Left, LeftEyeInner},
		{"left_eye_outer", LeftEyeOuter, Left, LeftEye},
		{"right_eye_inner", RightEyeInner, Right, Nose},
		{"right_eye", RightEye, Right, RightEyeInner},
		{"right_eye_outer", RightEyeOuter, Right, RightEye},
		{"left_ear", LeftEar, Left, LeftEyeOuter},
		{"right_ear", RightEar, Right, RightEyeOuter},
		{"mouth_left", MouthLeft, Left, Nose},
		{"mouth_right", MouthRight, Right, Nose},
		{"left_shoulder", LeftShoulder, Left, LeftHip},
		{"right_shoulder", RightShoulder, Right, RightHip},
		{"left_elbow", LeftElbow, Left, LeftShoulder},
		{"right_elbow", RightElbow, Right, RightShoulder},
		{"left_wrist", LeftWrist, Left, LeftElbow},
		{"right_wrist", RightWrist, Right, RightElbow},
		{"left_pinky", LeftPinky, Left, LeftWrist},
		{"right_pinky", RightPinky, Right, RightWrist},
		{"left_index", LeftIndex, Left, LeftWrist},
		{"right_index", RightIndex, Right, RightWrist},
		{"left_thumb", LeftThumb, Left, LeftWrist},
		{"right_thumb", RightThumb, Right, RightWrist},
		{"left_hip", LeftHip, Left, -1},
		{"right_hip", RightHip, Right, -1},
		{"left_knee", LeftKnee, Left, LeftHip},
		{"right_knee", RightKnee, Right, RightHip},
		{"left_ankle", LeftAnkle, Left, LeftKnee},
		{"right_ankle", RightAnkle, Right, RightKnee},
		{"left_heel", LeftHeel, Left, LeftAnkle},
		{"right_heel", RightHeel, Right, RightAnkle},
		{"left_foot_index", LeftFootIndex, Left, LeftAnkle},
		{"right_foot_index", RightFootIndex, Right, RightAnkle},
	},
	Edges: [][2]int{
		{Nose, LeftEyeInner}, {LeftEyeInner, LeftEye}, {LeftEye, LeftEyeOuter}, {LeftEyeOuter, LeftEar},
		{Nose, RightEyeInner}, {RightEyeInner, RightEye}, {RightEye, RightEyeOuter}, {RightEyeOuter, RightEar},
		{MouthLeft, MouthRight},
		{LeftShoulder, RightShoulder}, {LeftShoulder, LeftHip}, {RightShoulder, RightHip}, {LeftHip, RightHip},
		{LeftShoulder, LeftElbow}, {LeftElbow, LeftWrist}, {LeftWrist, LeftPinky}, {LeftWrist, LeftIndex}, {LeftWrist, LeftThumb}, {LeftPinky, LeftIndex},
		{RightShoulder, RightElbow}, {RightElbow, RightWrist}, {RightWrist, RightPinky}, {RightWrist, RightIndex}, {RightWrist, RightThumb}, {RightPinky, RightIndex},
		{LeftHip, LeftKnee}, {LeftKnee, LeftAnkle}, {LeftAnkle, LeftHeel}, {LeftHeel, LeftFootIndex}, {LeftAnkle, LeftFootIndex},
		{RightHip, RightKnee}, {RightKnee, RightAnkle}, {RightAnkle, RightHeel}, {RightHeel, RightFootIndex}, {RightAnkle, RightFootIndex},
	},
}
