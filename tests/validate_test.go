package tests

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"motionlab/server/inference"
	"motionlab/shared/validation"
	"motionlab/tests/testenv"
)

// TestValidationFloor runs `motionlab validate` on every hand-annotated
// clip (tests/validation) and its ffmpeg-made variants, and fails when any
// figure falls below tests/validation/floor.json: contacts, jumps and
// repetitions found, touchdowns, toe-offs and flight times within one
// frame (at least as many as recorded), inventions (at most as many).
// The floor is kept per family of CPU kernels (AVX2, AVX-512: each tracks
// a little differently, the same way every run); a family never measured
// is held to the lowest figures of those that were. Figures of this
// machine's family that a change measured on another family left stale
// are checked as the avx2 family's instead, through
// tests/validation/avx2.sh (tests/validation/README.md, "The floor").
// After an improvement, `make validate-floor` records the new floor.
func TestValidationFloor(t *testing.T) {
	root := testenv.Root(t)
	anns, _ := filepath.Glob(filepath.Join(root, "tests", "validation", "*.json"))
	for _, a := range anns {
		if filepath.Base(a) == "floor.json" {
			continue
		}
		var f struct{ Clip string }
		b, _ := os.ReadFile(a)
		if json.Unmarshal(b, &f) != nil || f.Clip == "" {
			t.Fatalf("annotation %s unreadable", a)
		}
		testenv.Data(t, "videos/"+f.Clip) // a missing clip fails here, named
	}
	floor := filepath.Join(root, "tests", "validation", "floor.json")
	args := []string{"--variants", "all",
		"--annotations", filepath.Join(root, "tests", "validation"),
		"--videos", filepath.Join(root, "..", "shared", "data", "videos"),
		"--floor", floor}
	family := inference.Kernels()
	st, stale := readFloors(t, floor).Stale[family]
	if !stale || len(st.Sets) > 0 {
		rep := validateReport(t, family, exec.Command(binary, append([]string{"validate"}, args...)...))
		// The set is what the issue asks for: contacts, jumps and reps.
		var contacts, jumps, reps int
		for _, s := range rep.Sets {
			contacts, jumps, reps = contacts+s.Contacts.Truth, jumps+s.Jumps.Truth, reps+s.Reps.Truth
		}
		if contacts < 20 || jumps < 4 || reps < 2 {
			t.Errorf("validation set holds %d contacts, %d jumps, %d reps: annotations missing?", contacts, jumps, reps)
		}
		if len(rep.Variants) == 0 {
			t.Error("no robustness variant was run")
		}
	}
	if !stale {
		return
	}
	// A change measured on AVX2 only left these figures of this family
	// behind: the avx2 family's are checked here instead, as an AVX2
	// machine runs (the clips of the stale sets, or all).
	if family != "avx512" {
		t.Fatalf("floor.json's %s figures are stale (%s), and only an AVX-512 machine can check another family's (avx2.sh)", family, st.Reason)
	}
	t.Logf("floor.json's %s figures of %v are stale (%s): checking the avx2 family's through tests/validation/avx2.sh", family, st.Sets, st.Reason)
	for _, set := range st.Sets {
		clip, _, _ := strings.Cut(set, "/")
		args = append(args, "--clip", clip)
	}
	cmd := exec.Command("bash", append([]string{filepath.Join(root, "tests", "validation", "avx2.sh")}, args...)...)
	if rep := validateReport(t, "avx2", cmd); len(rep.Sets) == 0 {
		t.Error("avx2.sh measured no set")
	}
}

// validateReport runs a validate command (the binary, or avx2.sh running
// it) with a JSON report, fails the test when it fails (a figure below the
// floor: exit 3), and returns the report, whose CPU kernels family must
// be want.
func validateReport(t *testing.T, want string, cmd *exec.Cmd) validation.Report {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	cmd.Args = append(cmd.Args, "--json", out)
	cmd.Env = append(os.Environ(), "MOTIONLAB="+binary, "MOTIONLAB_MODELS="+testenv.ModelsDir(t), "MOTIONLAB_ORT_LIB="+testenv.RuntimeLib(t))
	b, err := cmd.CombinedOutput()
	t.Logf("%s:\n%s", strings.Join(cmd.Args[:2], " "), b)
	if err != nil {
		t.Fatalf("validate: %v", err)
	}
	var rep validation.Report
	b, err = os.ReadFile(out)
	if err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("report %s: %v", out, err)
	}
	if rep.Kernels != want {
		t.Errorf("the report names CPU kernels %q, want %q (the floor is kept per family)", rep.Kernels, want)
	}
	return rep
}

// TestAVX2ScriptReproducesTheAVX2Floor runs tests/validation/avx2.sh on
// the overground runner and its copies: its figures are floor.json's avx2
// figures exactly (each family gives the same answer every run), on an
// AVX-512 machine, where the script makes ONNX Runtime and OpenCV run
// their AVX2 kernels, as on an AVX2 one, where it changes nothing. A new
// ONNX Runtime whose AVX-512 check the script no longer finds fails here.
func TestAVX2ScriptReproducesTheAVX2Floor(t *testing.T) {
	root := testenv.Root(t)
	const clip = "run_side_overground_sports2d_demo3.mp4"
	testenv.Data(t, "videos/"+clip)
	cmd := exec.Command("bash", filepath.Join(root, "tests", "validation", "avx2.sh"), "--clip", clip, "--variants", "all",
		"--annotations", filepath.Join(root, "tests", "validation"),
		"--videos", filepath.Join(root, "..", "shared", "data", "videos"))
	rep := validateReport(t, "avx2", cmd)
	fs := readFloors(t, filepath.Join(root, "tests", "validation", "floor.json"))
	if st, stale := fs.Stale["avx2"]; stale {
		t.Fatalf("floor.json's avx2 figures are stale (%s): the script has nothing to reproduce", st.Reason)
	}
	want, ok := fs.Kernels["avx2"]
	if rep.Kernels != "avx2" || !ok {
		t.Fatalf("report's kernels %q, floor.json has avx2: %v", rep.Kernels, ok)
	}
	got := validation.FloorOf(rep)
	if len(got.Sets) == 0 || len(got.Variants) != 4 {
		t.Fatalf("measured %d sets and %d variants, want the clip and its 4 copies", len(got.Sets), len(got.Variants))
	}
	for k, s := range got.Sets {
		if s != want.Sets[k] {
			t.Errorf("%s: %+v, floor.json's avx2 %+v", k, s, want.Sets[k])
		}
	}
	for k, v := range got.Variants {
		if v != want.Variants[k] {
			t.Errorf("%s: %+v, floor.json's avx2 %+v", k, v, want.Variants[k])
		}
	}
}

func readFloors(t *testing.T, path string) validation.Floors {
	t.Helper()
	var fs validation.Floors
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &fs)
	}
	if err != nil || len(fs.Kernels) == 0 {
		t.Fatalf("floor %s: %v (%d families)", path, err, len(fs.Kernels))
	}
	return fs
}
