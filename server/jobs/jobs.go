// Package jobs runs analyses from a durable River queue stored in the same
// database as the analyses (SQLite, or PostgreSQL for many processes), so
// an accepted upload is never lost: its row and its job commit together.
// A job interrupted by a crash runs again: at the next start on SQLite
// (one process), or on any live worker once River's rescuer sees it stuck
// on PostgreSQL (see Options).
package jobs

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"motionlab/server/inference"
	"motionlab/server/metrics"
	"motionlab/server/pipeline"
	"motionlab/server/store"
	"motionlab/server/video"
	"motionlab/server/webhook"
	"motionlab/shared/analysis"
	"motionlab/shared/stream"
)

// queueWebhooks keeps deliveries from waiting behind analyses.
const queueWebhooks = "webhooks"

// AnalyzeArgs is the job that analyses one uploaded video.
type AnalyzeArgs struct {
	AnalysisID string `json:"analysis_id"`
}

// Kind names the job in River's table.
func (AnalyzeArgs) Kind() string { return "analyze" }

// Queue owns the River client.
type Queue struct {
	client  *river.Client[*sql.Tx]
	store   *store.Store
	opts    Options
	working bool // has workers (else it only inserts)
	// stopSweep ends the sweeper started by Start.
	stopSweep context.CancelFunc
	swept     chan struct{}
}

// Options bound how long a job may run and when a job whose worker died
// is run again elsewhere.
type Options struct {
	// JobTimeout cancels an analysis, render or vitals job that runs
	// longer (it is then retried). Default 10 minutes.
	JobTimeout time.Duration
	// RescueAfter is when River's rescuer (on the leader worker, every
	// 30 s) puts a job still "running" back in the queue because its
	// worker died. It must exceed JobTimeout, or a slow but live job would
	// run twice. A killed worker's job runs again within about
	// RescueAfter + 30 s + a few seconds of retry backoff. Default
	// JobTimeout + 1 minute.
	RescueAfter time.Duration
	// MaxQueue caps the analyses waiting or running (default 32) and
	// MaxQueuePerKey those of one key (default 16), so one tenant cannot
	// fill the queue for every other; Submit answers store.ErrQueueFull or
	// store.ErrKeyQueueFull past them.
	MaxQueue       int
	MaxQueuePerKey int
	// MaxAttempts is how often an analysis, render or vitals job is tried
	// before it fails for good (default 5).
	MaxAttempts int
	// SweepEvery is how often the sweeper fails analyses and scans whose
	// job is gone (default one minute; it also runs at start).
	SweepEvery time.Duration
	// AllowPrivateWebhooks lets webhooks reach loopback, private and
	// link-local addresses (development and tests only).
	AllowPrivateWebhooks bool
}

func (o Options) withDefaults() Options {
	if o.JobTimeout <= 0 {
		o.JobTimeout = 10 * time.Minute
	}
	if o.RescueAfter <= o.JobTimeout {
		o.RescueAfter = o.JobTimeout + time.Minute
	}
	if o.MaxQueue <= 0 {
		o.MaxQueue = 32
	}
	if o.MaxQueuePerKey <= 0 {
		o.MaxQueuePerKey = 16
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.SweepEvery <= 0 {
		o.SweepEvery = time.Minute
	}
	return o
}

// riverMigrateLock serialises River's migrations of processes starting
// together on PostgreSQL.
const riverMigrateLock = 0x72697672 // "rivr"

// New migrates River's tables and prepares workers bound to the engine
// pool. pool may be nil for a queue that only inserts (API processes).
// On SQLite it first puts jobs a dead process left running back in the
// queue (single process: nobody else can be running them); on PostgreSQL
// other workers may be running them, so River's rescuer does it.
func New(ctx context.Context, st *store.Store, pool *inference.Pool, secrets *store.Secrets, opts Options) (*Queue, error) {
	opts = opts.withDefaults()
	var driver riverdriver.Driver[*sql.Tx]
	if st.DB.Dialect == store.Postgres {
		// riverdatabasesql over pgx's stdlib driver keeps one transaction
		// type (*sql.Tx) for the store and the queue on both engines.
		driver = riverdatabasesql.New(st.DB.DB)
		if err := migratePostgres(ctx, st, driver); err != nil {
			return nil, err
		}
	} else {
		driver = riversqlite.New(st.DB.DB)
		m, err := rivermigrate.New(driver, nil)
		if err != nil {
			return nil, err
		}
		if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
			return nil, fmt.Errorf("migrate queue: %w", err)
		}
		if pool != nil {
			if _, err := st.DB.ExecContext(ctx, `UPDATE river_job SET state = 'available', attempted_by = NULL WHERE state = 'running'`); err != nil {
				return nil, fmt.Errorf("requeue interrupted jobs: %w", err)
			}
			if _, err := st.DB.ExecContext(ctx, `UPDATE analyses SET status = ? WHERE status = ?`, store.Pending, store.Analyzing); err != nil {
				return nil, err
			}
		}
	}
	cfg := &river.Config{
		FetchCooldown:        20 * time.Millisecond,
		FetchPollInterval:    100 * time.Millisecond,
		MaxAttempts:          opts.MaxAttempts,
		JobTimeout:           opts.JobTimeout,
		RescueStuckJobsAfter: opts.RescueAfter,
		Logger:               slog.Default(),
	}
	if pool != nil {
		workers := river.NewWorkers()
		river.AddWorker(workers, &analyzeWorker{store: st, pool: pool, timeout: opts.JobTimeout})
		river.AddWorker(workers, &webhookWorker{store: st, secrets: secrets, client: webhook.Client(opts.AllowPrivateWebhooks)})
		river.AddWorker(workers, &renderWorker{store: st, timeout: opts.JobTimeout})
		river.AddWorker(workers, &vitalsWorker{store: st, timeout: opts.JobTimeout})
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: pool.Size()},
			queueWebhooks:      {MaxWorkers: 4},
			queueRender:        {MaxWorkers: 1},
			queueVitals:        {MaxWorkers: 1},
		}
	}
	client, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, err
	}
	return &Queue{client: client, store: st, opts: opts, working: pool != nil}, nil
}

func migratePostgres(ctx context.Context, st *store.Store, driver riverdriver.Driver[*sql.Tx]) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return err
	}
	// River's migrations cannot share one transaction (one adds an enum
	// value that a later statement uses), so a session-level advisory
	// lock on a connection of its own serialises processes starting
	// together while Migrate runs each migration in its own transaction.
	conn, err := st.DB.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, riverMigrateLock); err != nil {
		return fmt.Errorf("lock for queue migration: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, riverMigrateLock)
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate queue: %w", err)
	}
	return nil
}

// Start runs the workers and the sweeper (nothing to run on an
// insert-only queue).
func (q *Queue) Start(ctx context.Context) error {
	if !q.working {
		return nil
	}
	if err := q.client.Start(ctx); err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(ctx)
	q.stopSweep, q.swept = cancel, make(chan struct{})
	go q.sweepLoop(sctx)
	return nil
}

// Stop cancels running jobs (they are retried: at the next start on
// SQLite, by another worker on PostgreSQL) and waits.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.working {
		return nil
	}
	if q.stopSweep != nil {
		q.stopSweep()
		<-q.swept
	}
	return q.client.StopAndCancel(ctx)
}

// Submit records a pending analysis and its job in one transaction, unless
// the queue or the key's share of it is full (store.ErrQueueFull,
// store.ErrKeyQueueFull).
func (q *Queue) Submit(ctx context.Context, a *store.Analysis) error {
	tx, err := q.store.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := store.CheckQueueTx(ctx, tx, a.KeyID, q.opts.MaxQueue, q.opts.MaxQueuePerKey); err != nil {
		return err
	}
	if err := store.InsertAnalysisTx(ctx, tx, a); err != nil {
		return err
	}
	if _, err := q.client.InsertTx(ctx, tx.Tx, AnalyzeArgs{AnalysisID: a.ID}, nil); err != nil {
		return fmt.Errorf("queue analysis: %w", err)
	}
	return tx.Commit()
}

type analyzeWorker struct {
	river.WorkerDefaults[AnalyzeArgs]
	store   *store.Store
	pool    *inference.Pool
	timeout time.Duration
}

// Timeout: a 10 s video takes well under a minute here (Options.JobTimeout).
func (w *analyzeWorker) Timeout(*river.Job[AnalyzeArgs]) time.Duration { return w.timeout }

func (w *analyzeWorker) Work(ctx context.Context, job *river.Job[AnalyzeArgs]) (err error) {
	id := job.Args.AnalysisID
	log := slog.With("job", job.ID, "kind", job.Kind, "attempt", job.Attempt, "analysis", id)
	start := time.Now()
	log.Info("job started")
	defer func() {
		err = settle(ctx, log, job.JobRow, recover(), err, w.timeout, func(ctx context.Context, reason string) error {
			return w.fail(ctx, id, reason, "")
		})
		metrics.FramesPerSecond.Set(0)
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		metrics.JobsDone.WithLabelValues(job.Kind, outcome).Inc()
		log.Info("job ended", "outcome", outcome, "err", err, "seconds", time.Since(start).Seconds())
	}()
	return w.work(ctx, job)
}

// work analyses one uploaded video: its people tracked, the athlete's
// analysis run, the outputs stored, the analysis finished.
func (w *analyzeWorker) work(ctx context.Context, job *river.Job[AnalyzeArgs]) error {
	id := job.Args.AnalysisID
	a, err := w.store.Analysis(ctx, "", id)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("analysis %s: %w", id, err))
	}
	if err != nil {
		return err // the database may answer on the next attempt
	}
	if a.Status == store.Success || a.Status == store.Failed {
		return nil // finished before a crash lost the job's completion
	}
	out, path, err := w.track(ctx, id, a.Video)
	switch {
	case errors.Is(err, video.ErrUnreadable), errors.Is(err, video.ErrLimit):
		return w.fail(ctx, id, video.UserMessage(err), "")
	case ctx.Err() != nil:
		// Shutdown or timeout: leave it to River to retry (settle fails
		// the row when this was the last attempt).
		w.store.SetProgress(context.WithoutCancel(ctx), id, store.Pending, 0)
		return ctx.Err()
	case err != nil:
		return err
	}
	var req analysis.Params
	if err := json.Unmarshal(a.Params, &req); err != nil {
		return river.JobCancel(fmt.Errorf("params of %s: %w", id, err))
	}
	out.ChooseAthlete(req.VerticalAthlete())
	calc, raw, err := analysis.Run(out.Clean, videoInfo(out.Info), req)
	if err != nil {
		// The video decoded but the athlete is never seen in it (a clip
		// where nothing happens completes with count 0 instead; see
		// analysis.activity): tell the user why.
		return w.fail(ctx, id, err.Error(), analysis.ReasonOf(err))
	}
	o, err := w.save(id, path, out, calc, raw)
	if err != nil {
		return err
	}
	defer evict(w.store.Blobs, o.Result, o.Calculated, o.Track, o.Thumbnail)
	return w.complete(ctx, id, func(tx *store.Tx) error {
		if err := store.Finish(ctx, tx, id, o); err != nil {
			return err
		}
		return queueRenderTx(ctx, tx, id)
	})
}

// track runs the pose pipeline on the analysis's video blob with an
// engine of the pool, recording its progress on the analysis; it returns
// the video's local path too.
func (w *analyzeWorker) track(ctx context.Context, id, blob string) (*pipeline.Output, string, error) {
	eng, err := w.pool.Acquire(ctx)
	if err != nil {
		return nil, "", err
	}
	defer w.pool.Release(eng)
	if err := w.store.SetProgress(ctx, id, store.Analyzing, 0); err != nil {
		return nil, "", err
	}
	path, err := w.store.Blobs.Path(ctx, blob)
	if err != nil {
		return nil, "", cancelUnlessDone(ctx, err)
	}
	last, frameAt := time.Time{}, time.Now()
	out, err := pipeline.RunLimited(ctx, path, eng, video.AnalysisLimits, func(p stream.ProgressEvent) {
		now := time.Now()
		metrics.InferenceSeconds.Observe(now.Sub(frameAt).Seconds())
		frameAt = now
		metrics.FramesProcessed.Inc()
		metrics.FramesPerSecond.Set(p.FPS)
		// Progress is polled every few seconds: a write per 250 ms is plenty.
		if time.Since(last) > 250*time.Millisecond {
			last = time.Now()
			if err := w.store.SetProgressRate(ctx, id, store.Analyzing, min(p.Pct, 99), p.FPS, p.ETA); err != nil {
				slog.Warn("progress", "analysis", id, "err", err)
			}
		}
	})
	return out, path, err
}

// save writes an analysis's outputs: raw_data, calculated_data, the
// athlete's cleaned track and a thumbnail. Their names derive from the
// analysis, so a re-run of a job a dead worker left half done overwrites
// them instead of adding more.
func (w *analyzeWorker) save(id, path string, out *pipeline.Output, calc *analysis.Result, raw analysis.RawData) (store.Outputs, error) {
	clean := out.Clean
	clean.Width, clean.Height = out.Info.Width, out.Info.Height
	var o store.Outputs
	var err error
	if o.Result, err = w.putJSON(id, "raw_data", raw); err != nil {
		return o, err
	}
	if calc != nil {
		if o.Calculated, err = w.putJSON(id, "calculated_data", calc); err != nil {
			return o, err
		}
	}
	if o.Track, err = w.putJSON(id, "track", clean); err != nil {
		return o, err
	}
	o.Thumbnail, err = w.thumbnail(id, path, out)
	return o, err
}

// putJSON stores v as the analysis's JSON output called kind.
func (w *analyzeWorker) putJSON(id, kind string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %s of %s: %w", kind, id, err)
	}
	name := store.DerivedName(id, kind, ".json")
	if _, err := w.store.Blobs.PutAs(name, bytes.NewReader(b)); err != nil {
		return "", fmt.Errorf("store %s of %s: %w", kind, id, err)
	}
	return name, nil
}

// fail is the one way an analysis ends in failure: the row is marked
// failed with a reason for the user and its webhook is queued, in one
// transaction. It is used for videos with nothing to measure, for jobs
// whose last attempt erred, timed out or panicked (settle), and by the
// sweeper for rows whose job is gone.
func (w *analyzeWorker) fail(ctx context.Context, id, message, reason string) error {
	return failAnalysis(context.WithoutCancel(ctx), w.store, river.ClientFromContext[*sql.Tx](ctx), id, message, reason)
}

// failAnalysis marks an unfinished analysis failed and queues its webhook
// with client, in one transaction; a finished analysis is left as it is.
func failAnalysis(ctx context.Context, st *store.Store, client *river.Client[*sql.Tx], id, message, reason string) error {
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	changed, err := store.Fail(ctx, tx, id, message, reason)
	if err != nil || !changed {
		return err
	}
	a, err := store.AnalysisOf(ctx, tx, "", id)
	if err != nil {
		return err
	}
	if err := notify(ctx, client, tx, a); err != nil {
		return err
	}
	return tx.Commit()
}

// complete records a success and queues the webhook in one transaction,
// so a crash cannot leave a finished analysis whose webhook is never sent.
func (w *analyzeWorker) complete(ctx context.Context, id string, write func(*store.Tx) error) error {
	tx, err := w.store.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := write(tx); err != nil {
		return err
	}
	a, err := store.AnalysisOf(ctx, tx, "", id)
	if err != nil {
		return err
	}
	if err := notify(ctx, river.ClientFromContext[*sql.Tx](ctx), tx, a); err != nil {
		return err
	}
	return tx.Commit()
}

// thumbnail stores a JPEG of the frame where the athlete looks largest,
// kept by the pipeline as it decoded (Output.Thumbnail), else decoded again
// (the middle frame when they are never seen).
func (w *analyzeWorker) thumbnail(id, path string, out *pipeline.Output) (string, error) {
	jpg, _, ok, err := out.Thumbnail()
	if err != nil {
		return "", err
	}
	if !ok {
		// No frame kept that shows the athlete: decode the largest.
		best, area := len(out.Raw.Frames)/2, float32(0)
		for i, p := range out.Raw.Frames {
			if p != nil && p.Box.Area() > area {
				best, area = i, p.Box.Area()
			}
		}
		if jpg, err = video.Thumbnail(path, best, pipeline.ThumbnailSide); err != nil {
			return "", err
		}
	}
	name := store.DerivedName(id, "thumbnail", ".jpg")
	_, err = w.store.Blobs.PutAs(name, bytes.NewReader(jpg))
	return name, err
}

// cancelUnlessDone ends a job for good on err, a video it cannot get,
// unless ctx ended meanwhile (shutdown, timeout): then River retries it.
func cancelUnlessDone(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return river.JobCancel(err)
}

// videoInfo is raw_data's account of the decoded video.
func videoInfo(i video.Info) analysis.VideoInfo {
	return analysis.VideoInfo{Width: i.Width, Height: i.Height, FPS: i.FPS, Duration: i.Duration, Frames: i.Frames}
}

// evict drops local copies of blobs kept in an object store (a worker's
// disk is a cache there); a local blob folder keeps them.
func evict(b store.BlobStore, names ...string) {
	if c, ok := b.(interface{ Evict(string) }); ok {
		for _, n := range names {
			if n != "" {
				c.Evict(n)
			}
		}
	}
}
