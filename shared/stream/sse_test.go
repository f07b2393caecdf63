package stream

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	in := ": a comment\nretry: 10\ndata: {\"a\":1}\n\nevent: status\nid: 7\ndata: one\r\ndata:two\n\n\n" +
		"data: " + strings.Repeat("x", 1<<20) + "\n\ndata: last, no blank line"
	var got []Message
	err := Read(strings.NewReader(in), func(m Message) error { got = append(got, m); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := []Message{{Data: []byte(`{"a":1}`)}, {Event: "status", ID: "7", Data: []byte("one\ntwo")},
		{Data: []byte(strings.Repeat("x", 1<<20))}, {Data: []byte("last, no blank line")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %d messages %.200q, want %d", len(got), got, len(want))
	}
	stop := errors.New("stop")
	if err := Read(strings.NewReader(in), func(Message) error { return stop }); err != stop {
		t.Errorf("Read = %v, want on's error", err)
	}
}
