package analysis

import (
	"reflect"
	"strings"
	"testing"

	"motionlab/shared/advice"
	"motionlab/shared/gait"
	"motionlab/shared/sprint"
)

// Every reason the gait gives for doubting a contact (the doubt enum of
// gait.Contact and sprint.Step, what the API documents) has a sentence in
// every language, for the web app's tooltip on an uncertain row.
func TestEveryDoubtIsExplainedInEveryLanguage(t *testing.T) {
	enum := func(v any) []string {
		f, ok := reflect.TypeOf(v).FieldByName("Doubt")
		if !ok {
			t.Fatalf("%T has no Doubt field", v)
		}
		return strings.Split(f.Tag.Get("enum"), ",")
	}
	codes := enum(gait.Contact{})
	if s := enum(sprint.Step{}); !reflect.DeepEqual(s, codes) {
		t.Errorf("sprint.Step's doubts %v, gait.Contact's %v", s, codes)
	}
	for _, want := range []string{gait.DoubtNoDoubleSupport, gait.DoubtOverlap, gait.DoubtLandsAgain, gait.DoubtPointsJumped} {
		if !strings.Contains(","+strings.Join(codes, ",")+",", ","+want+",") {
			t.Errorf("doubt %q is not in gait.Contact's enum %v", want, codes)
		}
	}
	for _, lang := range advice.Languages {
		seen := map[string]string{}
		for _, c := range codes {
			key := "doubt." + c
			s := advice.Label(lang, key)
			if s == key || strings.TrimSpace(s) == "" {
				t.Errorf("%s: no sentence for %s", lang, key)
			}
			if other, dup := seen[s]; dup {
				t.Errorf("%s: %s says what %s says", lang, key, other)
			}
			seen[s] = key
		}
	}
}
