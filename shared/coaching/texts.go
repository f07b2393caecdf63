package coaching

import (
	"fmt"

	"motionlab/shared/advice"
)

// TextKeys lists the coaching layer's own finding keys; single-metric
// findings use shared/advice's keys and texts.
var TextKeys = []string{Overstriding, HeavyHeelStrike, Bouncing, SinkingMidstance, CrossoverGait, LateralSway, AsymmetryKey}

// texts holds each language's messages for TextKeys, one file per
// language (texts_<lang>.go) as in shared/advice.
var texts = map[string]map[string]advice.Message{
	"en": enTexts, "fr": frTexts, "de": deTexts, "zh": zhTexts, "ko": koTexts,
	"pt": ptTexts, "es": esTexts, "it": itTexts, "ja": jaTexts,
}

// Supported reports whether lang is one of advice.Languages.
func Supported(lang string) bool { return advice.Supported(lang) }

// Text is the message of a coaching key or, failing that, of an advice key.
func Text(lang, key string) (advice.Message, error) {
	c, ok := texts[lang]
	if !ok {
		return advice.Message{}, fmt.Errorf("coaching: unsupported language %q", lang)
	}
	if m, ok := c[key]; ok {
		return m, nil
	}
	m, err := advice.Text(lang, advice.Key(key))
	if err != nil {
		return advice.Message{}, fmt.Errorf("coaching: %w", err)
	}
	return m, nil
}
