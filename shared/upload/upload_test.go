package upload

import "testing"

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name string
		size int64
		code string
	}{
		{"run.MP4", 1 << 20, ""}, {"run.webm", MaxBytes, ""}, {"run.mkv", 10, CodeBadType},
		{"notes.txt", 10, CodeBadType}, {"big.mov", MaxBytes + 1, CodeTooLarge}, {"noext", 10, CodeBadType},
	} {
		if code, msg := Check(c.name, c.size); code != c.code || (code != "") != (msg != "") {
			t.Errorf("Check(%q, %d) = %q %q, want %q", c.name, c.size, code, msg, c.code)
		}
	}
	if TooLong(12.34) != "the video lasts 12.3 s; the limit is 10 s" {
		t.Error(TooLong(12.34))
	}
}
