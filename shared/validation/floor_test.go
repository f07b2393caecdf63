package validation

import (
	"strings"
	"testing"
)

func TestFloorsFor(t *testing.T) {
	fs := Floors{Kernels: map[string]Floor{
		"avx2": {Sets: map[string]SetFloor{"run.mp4/running": {Found: 44, Invented: 0, Touchdown1: 16}},
			Variants: map[string]VariantFloor{"run.mp4/running/small": {Found: 42, Extra: 4}}},
		"avx512": {Sets: map[string]SetFloor{"run.mp4/running": {Found: 42, Invented: 1, Touchdown1: 17}},
			Variants: map[string]VariantFloor{"run.mp4/running/small": {Found: 35, Extra: 0}}},
	}}
	f, measured := fs.For("avx512")
	if !measured || f.Sets["run.mp4/running"].Found != 42 {
		t.Fatalf("avx512: %+v measured %v", f, measured)
	}
	f, measured = fs.For("arm64")
	want := SetFloor{Found: 42, Invented: 1, Touchdown1: 16}
	if measured || f.Sets["run.mp4/running"] != want {
		t.Fatalf("arm64: got %+v measured %v, want the lowest %+v", f.Sets["run.mp4/running"], measured, want)
	}
	if v := f.Variants["run.mp4/running/small"]; v != (VariantFloor{Found: 35, Extra: 4}) {
		t.Fatalf("arm64 variant: %+v", v)
	}
	// The lowest floor still fails what falls below every family.
	rep := Report{Sets: []Score{{Clip: "run.mp4", Activity: "running"}}, Variants: []Consistency{{Clip: "run.mp4", Activity: "running", Variant: "small"}}}
	rep.Sets[0].Contacts.Found, rep.Sets[0].Contacts.Invented, rep.Sets[0].Touchdown.Within1 = 41, 1, 16
	rep.Variants[0].Events.Found = 35
	bad := f.Check(rep)
	if len(bad) != 1 || !strings.Contains(bad[0], "contacts found 41, floor 42") {
		t.Fatalf("check: %q", bad)
	}
}
