package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Analysis statuses, as seed 002 names them.
const (
	Pending   = "pending"
	Analyzing = "analyzing"
	Success   = "success"
	Failed    = "failed"
)

// Analysis is one uploaded video and its processing state.
type Analysis struct {
	ID         string          `json:"id"`
	KeyID      string          `json:"-"`
	Status     string          `json:"status"`
	Percentage float64         `json:"percentage"`
	FPS        float64         `json:"fps"` // processing rate while analyzing, frames/s
	ETA        float64         `json:"eta"` // estimated seconds left while analyzing
	Params     json.RawMessage `json:"params"`
	Video      string          `json:"-"` // blob name
	Filename   string          `json:"filename"`
	Result     string          `json:"-"` // blob name of raw_data JSON
	Calculated string          `json:"-"` // blob name of calculated_data JSON, "" when none
	Track      string          `json:"-"` // blob name of the cleaned track JSON
	Annotated  string          `json:"-"` // blob name of the annotated MP4, "" until rendered
	Thumbnail  string          `json:"-"` // blob name of the JPEG thumbnail
	Error      string          `json:"error,omitempty"`
	Reason     string          `json:"reason,omitempty"` // Error's code (analysis.Reason…), when it has one
	Source     string          `json:"source"`           // SourceServer or SourceBrowser
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
}

const analysisCols = `id, key_id, status, percentage, COALESCE(fps, 0), COALESCE(eta, 0), params, video, filename, COALESCE(result, ''), COALESCE(calculated, ''), COALESCE(track, ''), COALESCE(annotated, ''), COALESCE(thumbnail, ''), COALESCE(error, ''), COALESCE(reason, ''), COALESCE(source, 'server'), created_at, updated_at`

func scanAnalysis(sc interface{ Scan(...any) error }) (*Analysis, error) {
	var a Analysis
	var params, created, updated string
	if err := sc.Scan(&a.ID, &a.KeyID, &a.Status, &a.Percentage, &a.FPS, &a.ETA, &params, &a.Video, &a.Filename, &a.Result, &a.Calculated, &a.Track, &a.Annotated, &a.Thumbnail, &a.Error, &a.Reason, &a.Source, &created, &updated); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	// A row whose params are not JSON (written by an older version that
	// dropped a marshalling error) reads as null rather than breaking
	// every response that embeds it.
	if json.Valid([]byte(params)) {
		a.Params = json.RawMessage(params)
	}
	a.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	a.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
	return &a, nil
}

// InsertAnalysisTx adds a pending analysis inside tx (the job is inserted
// in the same transaction) and spends one credit of a limited key.
// ErrNoCredits means the key's balance is zero.
func InsertAnalysisTx(ctx context.Context, tx DBTX, a *Analysis) error {
	res, err := tx.ExecContext(ctx, `UPDATE api_keys SET credits = credits - 1 WHERE id = ? AND credits IS NOT NULL AND credits > 0`, a.KeyID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var credits sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT credits FROM api_keys WHERE id = ?`, a.KeyID).Scan(&credits); err != nil {
			return fmt.Errorf("key %s: %w", a.KeyID, err)
		}
		if credits.Valid {
			return ErrNoCredits
		}
	}
	now := time.Now().UTC()
	a.CreatedAt, a.UpdatedAt, a.Status = now, now, Pending
	_, err = tx.ExecContext(ctx, `INSERT INTO analyses (id, key_id, status, percentage, params, video, filename, created_at, updated_at)
		VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`, a.ID, a.KeyID, a.Status, string(a.Params), a.Video, a.Filename,
		now.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
	return err
}

// Where an analysis's keypoints were computed.
const (
	SourceServer  = "server"  // the video was uploaded and analysed here
	SourceBrowser = "browser" // the browser ran the model and saved keypoints (no video)
)

// InsertBrowserAnalysis stores an analysis the browser computed: it is
// finished on arrival (status success, source browser, no video), with the
// blobs o names already written.
func (s *Store) InsertBrowserAnalysis(ctx context.Context, a *Analysis, o Outputs) error {
	now := time.Now().UTC()
	a.CreatedAt, a.UpdatedAt, a.Status, a.Percentage, a.Source = now, now, Success, 100, SourceBrowser
	a.Result, a.Calculated, a.Track = o.Result, o.Calculated, o.Track
	_, err := s.DB.ExecContext(ctx, `INSERT INTO analyses (id, key_id, status, percentage, params, video, filename, result, calculated, track, source, created_at, updated_at)
		VALUES (?, ?, ?, 100, ?, '', ?, ?, NULLIF(?, ''), ?, ?, ?, ?)`, a.ID, a.KeyID, a.Status, string(a.Params), a.Filename,
		o.Result, o.Calculated, o.Track, SourceBrowser, now.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("insert browser analysis: %w", err)
	}
	return nil
}

// ErrNoCredits is returned when a limited key has no credits left.
var ErrNoCredits = errors.New("insufficient credits")

// Analysis returns one analysis if keyID owns it (ErrNotFound otherwise,
// so another key cannot learn that the id exists). keyID "" reads any
// (for workers).
func (s *Store) Analysis(ctx context.Context, keyID, id string) (*Analysis, error) {
	return AnalysisOf(ctx, s.DB, keyID, id)
}

// AnalysisOf is Analysis on a database or transaction.
func AnalysisOf(ctx context.Context, db DBTX, keyID, id string) (*Analysis, error) {
	row := db.QueryRowContext(ctx, `SELECT `+analysisCols+` FROM analyses WHERE id = ? AND (? = '' OR key_id = ?)`, id, keyID, keyID)
	return scanAnalysis(row)
}

// Analyses lists a key's analyses, newest first.
func (s *Store) Analyses(ctx context.Context, keyID string, limit, offset int) ([]Analysis, int, error) {
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM analyses WHERE key_id = ?`, keyID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+analysisCols+` FROM analyses WHERE key_id = ? ORDER BY created_at DESC LIMIT ? OFFSET ?`, keyID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Analysis
	for rows.Next() {
		a, err := scanAnalysis(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *a)
	}
	return out, total, rows.Err()
}

// Unfinished counts analyses waiting or running (the queue's depth).
func (s *Store) Unfinished(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM analyses WHERE status IN (?, ?)`, Pending, Analyzing).Scan(&n)
	return n, err
}

// SetProgress records status and percentage.
func (s *Store) SetProgress(ctx context.Context, id, status string, pct float64) error {
	return s.SetProgressRate(ctx, id, status, pct, 0, 0)
}

// SetProgressRate also records the processing rate (frames/s) and the
// estimated seconds left, for progress displays.
func (s *Store) SetProgressRate(ctx context.Context, id, status string, pct, fps, eta float64) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE analyses SET status = ?, percentage = ?, fps = ?, eta = ?, updated_at = ? WHERE id = ?`,
		status, pct, fps, eta, time.Now().UTC().Format(time.RFC3339Nano), id)
	if err != nil {
		return err
	}
	return NotifyChange(ctx, s.DB, id)
}

// Outputs are the blobs a successful analysis produced.
type Outputs struct {
	Result     string // raw_data JSON
	Calculated string // calculated_data JSON, "" when the activity has none
	Track      string // the cleaned track JSON (for rendering and exports)
	Thumbnail  string // JPEG
}

// Finish marks an analysis successful with its blobs.
func Finish(ctx context.Context, db DBTX, id string, o Outputs) error {
	_, err := db.ExecContext(ctx, `UPDATE analyses SET status = ?, percentage = 100, result = ?, calculated = NULLIF(?, ''), track = NULLIF(?, ''), thumbnail = ?, error = NULL, updated_at = ? WHERE id = ?`,
		Success, o.Result, o.Calculated, o.Track, o.Thumbnail, time.Now().UTC().Format(time.RFC3339Nano), id)
	if err != nil {
		return err
	}
	return NotifyChange(ctx, db, id)
}

// SetAnnotated records the rendered annotated video's blob. ErrNotFound
// means the analysis was deleted meanwhile: the caller removes the blob.
func SetAnnotated(ctx context.Context, db DBTX, id, blob string) error {
	return setAnnotated(ctx, db, id, blob, "", false)
}

// SetAnnotatedOf records an annotated video drawn from the calculated_data
// blob calculated, if that is still the analysis's: a coach's edit saved
// while it was drawn makes it stale. ErrNotFound means the analysis was
// deleted or edited meanwhile: the caller removes the blob.
func SetAnnotatedOf(ctx context.Context, db DBTX, id, blob, calculated string) error {
	return setAnnotated(ctx, db, id, blob, calculated, true)
}

func setAnnotated(ctx context.Context, db DBTX, id, blob, calculated string, check bool) error {
	only := 0 // an int, not a bool: PostgreSQL compares it with 0
	if check {
		only = 1
	}
	res, err := db.ExecContext(ctx, `UPDATE analyses SET annotated = ?, updated_at = ? WHERE id = ? AND (? = 0 OR COALESCE(calculated, '') = ?)`,
		blob, time.Now().UTC().Format(time.RFC3339Nano), id, only, calculated)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return NotifyChange(ctx, db, id)
}

// Fail marks an unfinished analysis failed with a message for the user
// and, when it found nothing to measure, the reason's code. It reports
// whether the row changed: an analysis that already succeeded or failed
// (or is gone) keeps its outcome.
func Fail(ctx context.Context, db DBTX, id, message, reason string) (bool, error) {
	res, err := db.ExecContext(ctx, `UPDATE analyses SET status = ?, error = ?, reason = ?, updated_at = ? WHERE id = ? AND status IN (?, ?)`,
		Failed, message, reason, time.Now().UTC().Format(time.RFC3339Nano), id, Pending, Analyzing)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, NotifyChange(ctx, db, id)
}

// Queue caps refused by CheckQueueTx.
var (
	// ErrQueueFull: the deployment's queue holds its maximum.
	ErrQueueFull = errors.New("the analysis queue is full")
	// ErrKeyQueueFull: this key's analyses fill its share of the queue.
	ErrKeyQueueFull = errors.New("this key has too many analyses waiting")
)

// CheckQueueTx refuses a new analysis when global or more analyses are
// waiting or running, or perKey of them belong to keyID (0 = no cap).
// Run it in the transaction that inserts the analysis; on PostgreSQL it
// takes a transaction lock so concurrent uploads on many API processes
// count one after another.
func CheckQueueTx(ctx context.Context, tx DBTX, keyID string, global, perKey int) error {
	if tx.SQLDialect() == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, queueLock); err != nil {
			return fmt.Errorf("lock the queue count: %w", err)
		}
	}
	var all, mine int
	err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN key_id = ? THEN 1 ELSE 0 END), 0) FROM analyses WHERE status IN (?, ?)`,
		keyID, Pending, Analyzing).Scan(&all, &mine)
	switch {
	case err != nil:
		return err
	case global > 0 && all >= global:
		return ErrQueueFull
	case perKey > 0 && mine >= perKey:
		return ErrKeyQueueFull
	}
	return nil
}

// queueLock serialises queue-cap checks on PostgreSQL.
const queueLock = 0x6d6c7175 // "mlqu"

// Orphans lists unfinished analyses (pending or analyzing, computed on the
// server) that no live job will finish: their analyze job is gone,
// completed, cancelled or discarded. Such a row would otherwise stay
// unfinished forever and count towards the queue caps.
func Orphans(ctx context.Context, db DBTX) ([]string, error) {
	return queryIDs(ctx, db, `SELECT a.id FROM analyses a WHERE a.status IN (?, ?) AND COALESCE(a.source, 'server') = 'server'
		AND NOT EXISTS (SELECT 1 FROM river_job j WHERE j.kind = 'analyze' AND `+jobArg(db, "analysis_id")+` = a.id
			AND j.state NOT IN ('completed', 'cancelled', 'discarded'))`, Pending, Analyzing)
}

// jobArg is the SQL reading field of a River job's JSON args (j.args).
func jobArg(db DBTX, field string) string {
	if db.SQLDialect() == Postgres {
		return `j.args->>'` + field + `'`
	}
	return `json_extract(j.args, '$.` + field + `')`
}

// queryIDs runs a query that selects one id column and returns the ids.
func queryIDs(ctx context.Context, db DBTX, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ErrBusy means the analysis is still queued or running.
var ErrBusy = errors.New("analysis is still running")

// DeleteAnalysis removes a finished analysis of keyID and returns its blob
// names for the caller to remove (after the row is gone, so a crash leaves
// orphan files, never a row pointing at missing ones).
func (s *Store) DeleteAnalysis(ctx context.Context, keyID, id string) ([]string, error) {
	a, err := s.Analysis(ctx, keyID, id)
	if err != nil {
		return nil, err
	}
	if a.Status != Success && a.Status != Failed {
		return nil, ErrBusy
	}
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM analyses WHERE id = ? AND key_id = ?`, id, keyID); err != nil {
		return nil, err
	}
	var blobs []string
	for _, b := range []string{a.Video, a.Result, a.Calculated, a.Track, a.Thumbnail, a.Annotated} {
		if b != "" {
			blobs = append(blobs, b)
		}
	}
	return blobs, nil
}

// ReferencedBlobs is every blob name a row refers to (analyses' videos
// and outputs, scans' videos).
func ReferencedBlobs(ctx context.Context, db DBTX) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT video FROM analyses UNION ALL SELECT result FROM analyses UNION ALL SELECT calculated FROM analyses
		UNION ALL SELECT track FROM analyses UNION ALL SELECT annotated FROM analyses UNION ALL SELECT thumbnail FROM analyses
		UNION ALL SELECT video FROM scan_sessions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	refs := map[string]bool{}
	for rows.Next() {
		var name sql.NullString
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		if name.String != "" {
			refs[name.String] = true
		}
	}
	return refs, rows.Err()
}

// SweepBlobs removes orphan and half-written files from a local blob
// folder (see Blobs.Sweep); other blob stores are left alone. Only a
// single process (SQLite) may run it: on a shared database another
// process's upload may be between its blob and its row.
func (s *Store) SweepBlobs(ctx context.Context, minAge time.Duration) ([]string, error) {
	b, ok := s.Blobs.(*Blobs)
	if !ok || s.DB.Dialect != SQLite {
		return nil, nil
	}
	refs, err := ReferencedBlobs(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	return b.Sweep(refs, minAge)
}

// ErrChanged means the analysis changed since it was read (another edit
// was saved meanwhile): the caller reads it again.
var ErrChanged = errors.New("the analysis changed meanwhile")

// SetCalculated replaces a finished analysis's calculated_data blob with
// one recomputed from a coach's edit, if it still is old (so two
// concurrent edits cannot both win), and forgets its annotated video,
// which shows the old events. params, when not nil, are the analysis's
// new parameters (a calibration line). The caller removes the replaced
// blobs.
func (s *Store) SetCalculated(ctx context.Context, keyID, id, old, blob string, params json.RawMessage) error {
	var p any // NULL keeps the stored parameters
	if params != nil {
		p = string(params)
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE analyses SET calculated = ?, params = COALESCE(?, params), annotated = NULL, updated_at = ?
		WHERE id = ? AND key_id = ? AND status = ? AND COALESCE(calculated, '') = ?`,
		blob, p, time.Now().UTC().Format(time.RFC3339Nano), id, keyID, Success, old)
	if err != nil {
		return fmt.Errorf("set calculated data of %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrChanged
	}
	return NotifyChange(ctx, s.DB, id)
}
