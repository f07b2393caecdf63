package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"motionlab/server/store"
)

// settle is the end of every analysis and vitals job. A panic becomes an
// error (River would recover it too, but the row must learn about it). An
// error on the job's last attempt, or one that cancels the job, is final:
// River will not run it again, so fail marks the row failed with a reason
// for the user (the details stay in the log). Errors on earlier attempts
// are returned for River to retry.
func settle(ctx context.Context, log *slog.Logger, job *rivertype.JobRow, recovered any, err error, timeout time.Duration, fail func(context.Context, string) error) error {
	if recovered != nil {
		log.Error("job panicked", "panic", recovered, "stack", string(debug.Stack()))
		err = fmt.Errorf("panic: %v", recovered)
	}
	if err == nil || !final(job, err) {
		return err
	}
	reason := fmt.Sprintf("the analysis could not be completed (internal error, reference job %d); upload the video again", job.ID)
	if errors.Is(err, context.DeadlineExceeded) {
		reason = fmt.Sprintf("the analysis took longer than the %s limit", timeout)
	}
	log.Error("job failed for good", "err", err, "reason", reason)
	if ferr := fail(context.WithoutCancel(ctx), reason); ferr != nil {
		log.Error("record the failure", "err", ferr)
	}
	return err
}

// final tells whether River will not run the job again after err.
func final(job *rivertype.JobRow, err error) bool {
	var cancel *river.JobCancelError
	return errors.As(err, &cancel) || job.Attempt >= job.MaxAttempts
}

// sweepLoop runs sweep now and every SweepEvery until ctx ends.
func (q *Queue) sweepLoop(ctx context.Context) {
	defer close(q.swept)
	t := time.NewTicker(q.opts.SweepEvery)
	defer t.Stop()
	for {
		if err := q.sweep(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("sweep unfinished rows", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweep fails analyses and scans that are unfinished although no job will
// finish them (the job was discarded, cancelled or lost), so they neither
// wait forever nor count towards the queue caps. It is idempotent: many
// workers may run it at once.
func (q *Queue) sweep(ctx context.Context) error {
	ids, err := store.Orphans(ctx, q.store.DB)
	if err != nil {
		return fmt.Errorf("analyses: %w", err)
	}
	for _, id := range ids {
		slog.Warn("sweeper: analysis has no job left; marking it failed", "analysis", id)
		if err := failAnalysis(ctx, q.store, q.client, id, "the analysis was interrupted and cannot be resumed; upload the video again", ""); err != nil {
			return err
		}
	}
	scans, err := store.ScanOrphans(ctx, q.store.DB)
	if err != nil {
		return fmt.Errorf("scans: %w", err)
	}
	for _, id := range scans {
		slog.Warn("sweeper: scan has no job left; marking it failed", "scan", id)
		if err := q.store.FailScan(ctx, id, "the scan was interrupted and cannot be resumed; upload the video again", 0); err != nil {
			return err
		}
	}
	// Expired scan sessions are gone for the API already (404); delete
	// their rows and face videos too.
	blobs, err := store.ExpiredScans(ctx, q.store.DB, 0)
	if err != nil {
		return fmt.Errorf("expired scans: %w", err)
	}
	for _, b := range blobs {
		if err := q.store.Blobs.Remove(b); err != nil {
			slog.Warn("remove expired scan video", "blob", b, "err", err)
		}
	}
	if len(blobs) > 0 {
		slog.Info("sweeper: deleted expired scan sessions' videos", "count", len(blobs))
	}
	return nil
}
