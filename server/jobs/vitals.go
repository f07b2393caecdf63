package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"motionlab/server/face"
	"motionlab/server/store"
	"motionlab/server/video"
	"motionlab/shared/analysis"
	"motionlab/shared/stats"
	"motionlab/shared/vitals"
)

// queueVitals keeps vitals scans from waiting behind sport analyses.
const queueVitals = "vitals"

// VitalsArgs is the job that measures a scan session's video.
type VitalsArgs struct {
	SessionID string `json:"session_id"`
}

// Kind names the job in River's table.
func (VitalsArgs) Kind() string { return "vitals" }

// SubmitScan records a scan's upload and queues its job in one
// transaction, so an accepted video is never lost. store.ErrScanBusy: the
// session's previous video is still being processed.
func (q *Queue) SubmitScan(ctx context.Context, id, blob string) error {
	tx, err := q.store.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := store.AttachScanVideoTx(ctx, tx, id, blob)
	if err != nil {
		return err
	}
	if _, err := q.client.InsertTx(ctx, tx.Tx, VitalsArgs{SessionID: id}, &river.InsertOpts{Queue: queueVitals}); err != nil {
		return fmt.Errorf("queue scan: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if old != "" && old != blob {
		// A re-upload replaces the session's video: the old one goes.
		if err := q.store.Blobs.Remove(old); err != nil {
			slog.Warn("remove replaced scan video", "scan", id, "blob", old, "err", err)
		}
	}
	return nil
}

type vitalsWorker struct {
	river.WorkerDefaults[VitalsArgs]
	store   *store.Store
	timeout time.Duration
}

func (w *vitalsWorker) Timeout(*river.Job[VitalsArgs]) time.Duration { return w.timeout }

func (w *vitalsWorker) Work(ctx context.Context, job *river.Job[VitalsArgs]) (err error) {
	id := job.Args.SessionID
	log := slog.With("job", job.ID, "kind", job.Kind, "attempt", job.Attempt, "scan", id)
	defer func() {
		err = settle(ctx, log, job.JobRow, recover(), err, w.timeout, func(ctx context.Context, reason string) error {
			return w.store.FailScan(ctx, id, strings.Replace(reason, "analysis", "scan", 1), 0)
		})
	}()
	return w.work(ctx, job)
}

func (w *vitalsWorker) work(ctx context.Context, job *river.Job[VitalsArgs]) error {
	id := job.Args.SessionID
	sc, err := w.store.Scan(ctx, "", id)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("scan %s: %w", id, err))
	}
	if err != nil {
		return err
	}
	if sc.Status != store.ScanProcessing {
		return nil
	}
	path, err := w.store.Blobs.Path(ctx, sc.Video)
	if err != nil {
		return cancelUnlessDone(ctx, err)
	}
	start := time.Now()
	elapsed := func() int64 { return time.Since(start).Milliseconds() }
	fail := func(reason string) error {
		return w.store.FailScan(context.WithoutCancel(ctx), id, reason, elapsed())
	}
	tr, err := face.Measure(ctx, path, nil)
	switch {
	case errors.Is(err, face.ErrNoFace):
		return fail(face.ErrNoFace.Error())
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, video.ErrUnreadable), errors.Is(err, video.ErrLimit):
		return fail("could not read the video: " + video.UserMessage(err))
	case err != nil:
		return err // settle fails the scan on the last attempt
	}
	v, err := vitals.Estimate(tr.Samples, tr.FPS)
	if errors.Is(err, vitals.ErrTooShort) {
		return fail("the face is not in view long enough: film at least 10 s, face still and well lit")
	}
	if err != nil {
		return fail(err.Error())
	}
	q := vitals.Quality{SNR: stats.Round(v.Quality.SNR, 1), Stability: stats.Round(v.Quality.Stability, 2), Periodicity: stats.Round(v.Quality.Periodicity, 2)}
	res := analysis.VitalsResult{HeartRate: stats.Round(v.HeartRate, 1), RespiratoryRate: stats.Round(v.RespiratoryRate, 1), Confidence: stats.Round(v.Confidence, 2),
		Timestamp: time.Now().UTC(), ProcessingTimeMS: elapsed(), SignalQuality: q, Method: v.Method, FPS: tr.FPS}
	for _, x := range v.Pulse {
		res.Pulse = append(res.Pulse, math.Round(x*1000)/1000)
	}
	if v.HRV > 0 {
		h := stats.Round(v.HRV, 1)
		res.HRV = &h
	}
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	return w.store.FinishScan(ctx, id, b, res.ProcessingTimeMS)
}
