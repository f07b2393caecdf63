package main

import (
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	ort "github.com/yalue/onnxruntime_go"
)

// TestCompareModels (set MOTIONLAB_Q_A, MOTIONLAB_Q_B, MOTIONLAB_Q_CROPS):
// times two landmark models on one thread, in turns, and reports how far
// B's raw keypoints are from A's on the crops.
func TestCompareModels(t *testing.T) {
	a, b, dir := os.Getenv("MOTIONLAB_Q_A"), os.Getenv("MOTIONLAB_Q_B"), os.Getenv("MOTIONLAB_Q_CROPS")
	if a == "" || b == "" || dir == "" {
		t.Skip("MOTIONLAB_Q_A, MOTIONLAB_Q_B, MOTIONLAB_Q_CROPS not set")
	}
	ort.SetSharedLibraryPath(os.Getenv("MOTIONLAB_ORT_LIB"))
	if err := ort.InitializeEnvironment(); err != nil {
		t.Fatal(err)
	}
	defer ort.DestroyEnvironment()
	crops, err := readCrops(dir, 60)
	if err != nil {
		t.Fatal(err)
	}
	open := func(path string, opt string) (*ort.AdvancedSession, *ort.Tensor[float32], *ort.Tensor[float32]) {
		so, _ := ort.NewSessionOptions()
		defer so.Destroy()
		so.SetIntraOpNumThreads(1)
		so.SetInterOpNumThreads(1)
		if opt != "" {
			so.SetOptimizedModelFilePath(opt)
		}
		if os.Getenv("MOTIONLAB_Q_NOOPT") != "" && path == b {
			// The QDQ graph as written: float kernels between exact
			// DequantizeLinear/QuantizeLinear, i.e. quantization error alone.
			so.SetGraphOptimizationLevel(ort.GraphOptimizationLevelDisableAll)
		}
		in, _ := ort.NewEmptyTensor[float32](ort.NewShape(1, 256, 256, 3))
		out, _ := ort.NewEmptyTensor[float32](ort.NewShape(1, 195))
		s, err := ort.NewAdvancedSession(path, []string{"input_1"}, []string{"Identity"}, []ort.Value{in}, []ort.Value{out}, so)
		if err != nil {
			t.Fatal(err)
		}
		return s, in, out
	}
	sa, ina, outa := open(a, "")
	sb, inb, outb := open(b, os.Getenv("MOTIONLAB_Q_OPT"))
	var da, db []time.Duration
	var errs []float64
	for round := range 3 {
		for _, c := range crops {
			copy(ina.GetData(), c)
			copy(inb.GetData(), c)
			if os.Getenv("MOTIONLAB_Q_NOISE") != "" {
				// The yardstick: how far keypoints move when each input
				// value moves by up to one 8-bit step.
				for i := range inb.GetData() {
					inb.GetData()[i] += float32((i*7919)%3-1) / 255
				}
			}
			t0 := time.Now()
			sa.Run()
			t1 := time.Now()
			sb.Run()
			t2 := time.Now()
			da, db = append(da, t1.Sub(t0)), append(db, t2.Sub(t1))
			if round == 0 {
				// The worst move among the keypoints A calls visible, in
				// units of the body's height (the visible points' extent).
				pa, pb := outa.GetData(), outb.GetData()
				var worst float64
				lo, hi := math.Inf(1), math.Inf(-1)
				for k := range 33 {
					if pa[5*k+3] < 0 {
						continue
					}
					lo, hi = min(lo, float64(pa[5*k+1])), max(hi, float64(pa[5*k+1]))
					dx, dy := pa[5*k]-pb[5*k], pa[5*k+1]-pb[5*k+1]
					worst = max(worst, math.Hypot(float64(dx), float64(dy)))
				}
				if hi-lo > 40 { // a body, not a sliver of one
					errs = append(errs, 100*worst/(hi-lo))
				}
			}
		}
	}
	med := func(d []time.Duration) time.Duration {
		s := append([]time.Duration(nil), d...)
		for i := range s {
			for j := i + 1; j < len(s); j++ {
				if s[j] < s[i] {
					s[i], s[j] = s[j], s[i]
				}
			}
		}
		return s[len(s)/2]
	}
	sortF(errs)
	fmt.Printf("A %v  B %v  B/A %.3f\n", med(da), med(db), float64(med(db))/float64(med(da)))
	fmt.Printf("worst visible keypoint move per crop, %% of body height (%d crops): median %.2f p90 %.2f max %.2f\n", len(errs), errs[len(errs)/2], errs[len(errs)*9/10], errs[len(errs)-1])
}

func sortF(v []float64) {
	for i := range v {
		for j := i + 1; j < len(v); j++ {
			if v[j] < v[i] {
				v[i], v[j] = v[j], v[i]
			}
		}
	}
}
