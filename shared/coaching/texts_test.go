package coaching

import (
	"strings"
	"testing"
	"unicode"

	"motionlab/shared/advice"
)

// Every coaching key exists in every language, fully written, translated
// (not the English text) and with a dosed drill.
func TestTextsComplete(t *testing.T) {
	if len(texts) != len(advice.Languages) {
		t.Fatalf("texts has %d languages, advice %d", len(texts), len(advice.Languages))
	}
	for _, lang := range advice.Languages {
		c, ok := texts[lang]
		if !ok {
			t.Fatalf("no texts for %s", lang)
		}
		if len(c) != len(TextKeys) {
			t.Errorf("%s: %d texts, want %d", lang, len(c), len(TextKeys))
		}
		for _, k := range TextKeys {
			m, err := Text(lang, k)
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, k, err)
			}
			en := enTexts[k]
			for name, pair := range map[string][2]string{"title": {m.Title, en.Title}, "advice": {m.Advice, en.Advice}, "cue": {m.Cue, en.Cue}, "drill": {m.Drill, en.Drill}} {
				if strings.TrimSpace(pair[0]) == "" {
					t.Errorf("%s/%s: empty %s", lang, k, name)
				}
				if lang != "en" && pair[0] == pair[1] {
					t.Errorf("%s/%s: %s is the English text", lang, k, name)
				}
			}
			if !strings.Contains(m.Drill, " × ") || !strings.ContainsFunc(m.Drill, unicode.IsDigit) {
				t.Errorf("%s/%s: drill without dosing: %q", lang, k, m.Drill)
			}
		}
	}
}

// Single-metric findings use shared/advice's texts; every key the rules
// can produce has a text in every language.
func TestTextFallback(t *testing.T) {
	var keys []string
	for _, p := range patterns {
		keys = append(keys, p.key)
	}
	for _, ks := range single {
		for _, k := range ks {
			if k != "" {
				keys = append(keys, k)
			}
		}
	}
	keys = append(keys, AsymmetryKey, string(advice.ContactAsymmetry))
	for _, lang := range advice.Languages {
		for _, k := range keys {
			if m, err := Text(lang, k); err != nil || m.Cue == "" || m.Drill == "" {
				t.Errorf("%s/%s: %+v %v", lang, k, m, err)
			}
		}
	}
	if _, err := Text("xx", Overstriding); err == nil || !strings.Contains(err.Error(), `"xx"`) {
		t.Errorf("unknown language: %v", err)
	}
	if _, err := Text("en", "nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown key: %v", err)
	}
}
