package tests

import (
	"encoding/base64"
	bin "encoding/binary"
	"encoding/json"
	"image"
	"image/png"
	"math"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"motionlab/tests/testenv"
)

// TestInBrowserBatchedLandmarksAreTheSingleRuns: onnxruntime-web (WASM,
// the app's pose.js) running the batched landmark model on three crops in
// one run gives, crop by crop, what one run per crop gives: the browser
// batches the people of a frame (posetrack.BatchModels), and their
// keypoints must not change for it. The crops are two people of real
// photos, the second batched twice (order and repeats must not matter).
func TestInBrowserBatchedLandmarksAreTheSingleRuns(t *testing.T) {
	s := startServer(t)
	ctx := browser(t)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the pose bridge", `!!window.motionlabPose`, 30*time.Second)
	a := cropFloats(t, "images/000000000785_crop256.png")
	b := cropFloats(t, "images/000000000872_crop256.png")
	js := `(async () => {
	  const f32 = (s) => { const bin = atob(s), u = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i); return new Float32Array(u.buffer); };
	  const a = f32("` + a + `"), b = f32("` + b + `");
	  await motionlabPose.load({detector: "/web/models/pose_detection.onnx", landmarks: "/web/models/pose_landmark_full_batch.onnx", backends: ["wasm"]});
	  const one = [await motionlabPose.landmarks(a), await motionlabPose.landmarks(b)];
	  const order = [0, 1, 1], all = new Float32Array(order.length * a.length);
	  order.forEach((k, i) => all.set(k ? b : a, i * a.length));
	  const [l, s, w] = await motionlabPose.landmarksBatch(all, order.length);
	  const d = { landmarks: 0, score: 0, world: 0, scores: [one[0][1], one[1][1]], n: [l.length, s.length, w.length] };
	  order.forEach((k, i) => {
	    const [l1, s1, w1] = one[k];
	    for (let j = 0; j < l1.length; j++) d.landmarks = Math.max(d.landmarks, Math.abs(l[i * l1.length + j] - l1[j]));
	    for (let j = 0; j < w1.length; j++) d.world = Math.max(d.world, Math.abs(w[i * w1.length + j] - w1[j]));
	    d.score = Math.max(d.score, Math.abs(s[i] - s1));
	  });
	  return JSON.stringify(d);
	})()`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Landmarks, Score, World float64
		Scores                  []float64
		N                       []int
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	t.Logf("single scores %.4f, %.4f; batched vs single: landmarks ≤ %.2g (crop px, logits), score ≤ %.2g, world ≤ %.2g m", d.Scores[0], d.Scores[1], d.Landmarks, d.Score, d.World)
	if len(d.N) != 3 || d.N[0] != 3*195 || d.N[1] != 3 || d.N[2] != 3*117 {
		t.Fatalf("batched outputs of %v values, want 3×195, 3, 3×117", d.N)
	}
	for _, s := range d.Scores {
		if s < 0.5 {
			t.Fatalf("single-run pose scores %v: the crops should show a person", d.Scores)
		}
	}
	// A thousandth of a crop pixel (256 px a side) and a tenth of a
	// millimetre: rounding in a differently blocked convolution, no more.
	if d.Landmarks > 1e-3 || d.Score > 1e-5 || d.World > 1e-4 {
		t.Errorf("batched runs differ from single runs: landmarks %.3g, score %.3g, world %.3g", d.Landmarks, d.Score, d.World)
	}
}

// cropFloats is a 256×256 photo crop as the landmark model's input (RGB in
// [0, 1], float32 little-endian), base64 for the page.
func cropFloats(t *testing.T, rel string) string {
	t.Helper()
	f, err := os.Open(testenv.Data(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if img.Bounds() != image.Rect(0, 0, 256, 256) {
		t.Fatalf("%s: %v, want a 256×256 crop", rel, img.Bounds())
	}
	buf := make([]byte, 0, 4*256*256*3)
	for y := range 256 {
		for x := range 256 {
			r, g, b, _ := img.At(x, y).RGBA()
			for _, v := range []uint32{r, g, b} {
				buf = bin.LittleEndian.AppendUint32(buf, math.Float32bits(float32(v>>8)/255))
			}
		}
	}
	return base64.StdEncoding.EncodeToString(buf)
}
