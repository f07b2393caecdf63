package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
			"as a flat array of 133×6 floats in the COCO-WholeBody layout. An unreadable video gives an `error` event, then the stream ends.",
		Tags:         []string{"SprintLab"},
		MaxBodyBytes: -1, // the upload middleware enforces the limit
		Errors:       []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity},
		Responses: map[string]*huma.Response{"200": {
			Description: "text/event-stream of progress, result and error events",
			Content:     map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{Type: "array", Items: events}}},
		}},
	}, s.infer)
}

func (s *Server) infer(ctx context.Context, in *inferInput) (*huma.StreamResponse, error) {
	f := in.RawBody.Data().File
	if f.Size == 0 {
		return nil, NewError(http.StatusBadRequest, "empty_file", "the uploaded file is empty")
	}
	name, _, err := s.files.Put(f, ".upload")
	if err != nil {
		return nil, err
	}
	path, err := s.files.Path(name)
	if err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer s.files.Remove(name)
		hc.SetHeader("Content-Type", "text/event-stream")
		hc.SetHeader("Cache-Control", "no-cache")
		hc.SetHeader("X-Accel-Buffering", "no")
		hc.SetStatus(http.StatusOK)
		w := &sseWriter{w: hc.BodyWriter()}
		s.streamInference(hc.Context(), path, w)
	}}, nil
}

// streamInference runs the pipeline and writes its events. Errors become
// an error event: the status line has already been sent.
func (s *Server) streamInference(ctx context.Context, path string, w *sseWriter) {
	if !s.ready.Load() {
		w.send(stream.ErrorEvent{Type: "error", Code: "not_ready", Message: "models are loading; retry when /health answers 200"})
		return
	}
	if s.pool == nil {
		w.send(stream.ErrorEvent{Type: "error", Code: "inference_unavailable", Message: errNoInference().Error()})
		return
	}
	eng, err := s.pool.Acquire(ctx)
	if err != nil {
		return // client went away while waiting
	}
	defer s.pool.Release(eng)
	out, err := pipeline.Run(ctx, path, eng, func(p stream.ProgressEvent) { w.send(p) })
	switch {
	case errors.Is(err, video.ErrUnreadable):
		w.send(stream.ErrorEvent{Type: "error", Code: "unreadable_video", Message: err.Error()})
		return
	case ctx.Err() != nil:
		return
	case err != nil:
		slog.Error("infer video", "err", err)
		w.send(stream.ErrorEvent{Type: "error", Code: "inference_failed", Message: err.Error()})
		return
	}
	res := stream.ResultEvent{
		Type:        "result",
		FPS:         out.Info.FPS,
		FrameWidth:  out.Info.Width,
		FrameHeight: out.Info.Height,
		TotalFrames: len(out.Clean.Frames),
		NKpts:       pose.WholeBodyPoints,
		Frames:      make([][]float32, len(out.Clean.Frames)),
	}
	for i, p := range out.Clean.Frames {
		res.Frames[i] = pose.WholeBodyFlat(p, make([]float32, 6*pose.WholeBodyPoints))
	}
	w.send(res)
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
