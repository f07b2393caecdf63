package stream

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Message is one message of a text/event-stream: its event name (""
// where the stream names none, the default "message"), its id and its
// data (the data lines joined by "\n").
type Message struct {
	Event string
	ID    string
	Data  []byte
}

// Read reads a text/event-stream (the Server-Sent Events format) and calls
// on with each message that has data, until r ends or on fails (Read then
// returns on's error). Lines of any length are read: a /infer/video result
// is megabytes on one line. Comments and retry fields are skipped. The
// app and the tests read MotionLab's streams with it.
func Read(r io.Reader, on func(Message) error) error {
	br := bufio.NewReader(r)
	var m Message
	var data [][]byte
	for {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read event stream: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		field, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(field) {
		case "data":
			data = append(data, value)
		case "event":
			m.Event = string(value)
		case "id":
			m.ID = string(value)
		}
		// A blank line dispatches the message; so does the end, like the
		// line readers this replaces (the spec drops an unfinished one).
		if (len(line) == 0 || err != nil) && len(data) > 0 {
			m.Data = bytes.Join(data, []byte("\n"))
			if err := on(m); err != nil {
				return err
			}
		}
		if len(line) == 0 {
			m, data = Message{}, nil
		}
		if err != nil { // io.EOF
			return nil
		}
	}
}
