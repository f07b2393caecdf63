package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/pipeline"
	"motionlab/server/video"
	"motionlab/shared/pose"
	"motionlab/shared/stream"
)

type inferInput struct {
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true" doc:"the video: MP4, MOV, AVI, WebM or anything else OpenCV decodes"`
	}]
}

func (s *Server) registerInfer() {
	reg := s.api.OpenAPI().Components.Schemas
	events := &huma.Schema{OneOf: []*huma.Schema{
		reg.Schema(reflect.TypeOf(stream.ProgressEvent{}), true, ""),
		reg.Schema(reflect.TypeOf(stream.ResultEvent{}), true, ""),
		reg.Schema(reflect.TypeOf(stream.ErrorEvent{}), true, ""),
	}}
	huma.Register(s.api, huma.Operation{
		OperationID: "infer-video",
		Method:      http.MethodPost,
		Path:        "/infer/video",
		Summary:     "Pose keypoints for every frame, streamed (SprintLab-compatible)",
		Description: "Runs pose estimation on every frame of the uploaded video and streams Server-Sent Events, " +
			"each a single `data: {json}` line: a `progress` event per frame, then one `result` with every frame " +
			"as a flat array of 133×6 floats in the COCO-WholeBody layout. Refused before the stream starts: an empty file (400 `empty_file`), " +
			"over --max-upload-mb (413 `file_too_large`), a file no decoder opens (422 `unreadable_video`), over 4K (3840×2160) or 240 frames/s " +
			"(422 `video_resolution_too_high`, `video_frame_rate_too_high`), models not loaded yet (503 `not_ready`). A video that breaks " +
			"mid-way, or runs past the time limit, gives an `error` event, then the stream ends. At most ten minutes of frames are decoded.",
		Tags:         []string{"SprintLab"},
		MaxBodyBytes: -1, // the upload middleware enforces the limit
		Errors:       []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
		Responses: map[string]*huma.Response{"200": {
			Description: "text/event-stream of progress, result and error events",
			Content:     map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{Type: "array", Items: events}}},
		}},
	}, s.infer)
}

func (s *Server) infer(ctx context.Context, in *inferInput) (*huma.StreamResponse, error) {
	// Everything that can be refused is refused before the stream starts,
	// with a status code: a client waiting on an event stream might not
	// read an error event that arrives after a 200.
	if !s.ready.Load() {
		return nil, NewError(http.StatusServiceUnavailable, "not_ready", "models are loading; retry when /health answers 200")
	}
	if s.pool == nil {
		return nil, errNoInference()
	}
	f := in.RawBody.Data().File
	if f.Size == 0 {
		return nil, NewError(http.StatusBadRequest, "empty_file", "the uploaded file is empty")
	}
	name, _, err := s.files.Put(f, ".upload")
	if err != nil {
		return nil, err
	}
	path, err := s.files.Path(ctx, name)
	if err == nil {
		_, err = s.probe(ctx, name, video.StreamLimits)
	}
	if e, ok := err.(*Error); ok && e.Code == "invalid_video" {
		e.Code = "unreadable_video" // SprintLab's code for it
	}
	if err != nil {
		s.files.Remove(name)
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer s.files.Remove(name)
		hc.SetHeader("Content-Type", "text/event-stream")
		hc.SetHeader("Cache-Control", "no-cache")
		hc.SetHeader("X-Accel-Buffering", "no")
		hc.SetStatus(http.StatusOK)
		w := &sseWriter{w: hc.BodyWriter()}
		ctx, cancel := context.WithTimeout(hc.Context(), s.cfg.InferTimeout)
		defer cancel()
		s.streamInference(ctx, path, w)
	}}, nil
}

// streamInference runs the pipeline and writes its events. Errors become
// an error event: the status line has already been sent.
func (s *Server) streamInference(ctx context.Context, path string, w *sseWriter) {
	eng, err := s.pool.Acquire(ctx)
	if err != nil {
		return // client went away while waiting
	}
	defer s.pool.Release(eng)
	out, err := pipeline.RunKeypoints(ctx, path, eng, video.StreamLimits, func(p stream.ProgressEvent) { w.send(roundProgress(p)) })
	var le *video.LimitError
	switch {
	case errors.As(err, &le):
		w.send(stream.ErrorEvent{Type: "error", Code: le.Code, Message: le.Message})
		return
	case errors.Is(err, video.ErrUnreadable):
		w.send(stream.ErrorEvent{Type: "error", Code: "unreadable_video", Message: err.Error()})
		return
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		w.send(stream.ErrorEvent{Type: "error", Code: "timeout", Message: fmt.Sprintf("the video took longer than the %s limit", s.cfg.InferTimeout)})
		return
	case ctx.Err() != nil:
		return
	case err != nil:
		id := requestID(ctx)
		slog.Error("infer video", "request", id, "err", err)
		w.send(stream.ErrorEvent{Type: "error", Code: "inference_failed", Message: "internal error; quote request id " + id + " when reporting it"})
		return
	}
	out.ChooseAthlete(false) // no activity here: the person who travels most
	w.sendResult(out)
}

// roundProgress keeps progress events short: percentage and rate to one
// decimal, times to two.
func roundProgress(p stream.ProgressEvent) stream.ProgressEvent {
	p.Pct, p.FPS = math.Round(p.Pct*10)/10, math.Round(p.FPS*10)/10
	p.Elapsed, p.ETA = math.Round(p.Elapsed*100)/100, math.Round(p.ETA*10)/10
	return p
}

// sendResult writes the result event frame by frame, so the whole
// result is never held a second time as one JSON document.
func (s *sseWriter) sendResult(out *pipeline.Output) {
	head, err := json.Marshal(stream.ResultEvent{
		Type:        "result",
		FPS:         out.Info.FPS,
		FrameWidth:  out.Info.Width,
		FrameHeight: out.Info.Height,
		TotalFrames: len(out.Clean.Frames),
		NKpts:       pose.WholeBodyPoints,
	})
	if err != nil || s.failed {
		return
	}
	// head ends with "frames":null}: replace it with the streamed array.
	head = bytes.TrimSuffix(head, []byte(`null}`))
	bw := bufio.NewWriterSize(s.w, 64<<10)
	bw.WriteString("data: ")
	bw.Write(head)
	bw.WriteByte('[')
	flat := make([]float32, 6*pose.WholeBodyPoints)
	for i, p := range out.Clean.Frames {
		if i > 0 {
			bw.WriteByte(',')
		}
		b, err := json.Marshal(pose.WholeBodyFlat(p, flat))
		if err != nil {
			slog.Error("encode result frame", "frame", i, "err", err)
			s.failed = true
			return
		}
		if _, err := bw.Write(b); err != nil {
			s.failed = true
			return
		}
	}
	bw.WriteString("]}\n\n")
	if err := bw.Flush(); err != nil {
		s.failed = true
		return
	}
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
}

// sseWriter writes SprintLab's wire format: `data: {json}` and a blank
// line, nothing else. Huma's sse package would add `event:` lines, which
// clients that read only data lines do not expect.
type sseWriter struct {
	w      interface{ Write([]byte) (int, error) }
	failed bool
}

func (s *sseWriter) send(v any) {
	if s.failed {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		slog.Error("encode event", "err", err)
		return
	}
	if _, err := fmt.Fprintf(s.w, "data: %s\n\n", b); err != nil {
		s.failed = true // client gone; the context cancels the pipeline
		return
	}
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
}
