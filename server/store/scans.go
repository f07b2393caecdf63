package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"
)

// Scan statuses (seed 004).
const (
	ScanPending    = "pending"
	ScanProcessing = "processing"
	ScanCompleted  = "completed"
	ScanFailed     = "failed"
)

// ScanTTL is how long a scan session lives; after it, the session and its
// vitals are gone (404).
const ScanTTL = 24 * time.Hour

// Scan is one camera-vitals session.
type Scan struct {
	ID           string
	KeyID        string
	Status       string
	Video        string          // blob name, "" before upload
	Vitals       json.RawMessage // the vitals JSON once completed
	Error        string
	ProcessingMS int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ExpiresAt    time.Time
}

// NewScanID is seed 004's id shape: sess_<UTC yyyymmddhhmmss>_<6 hex>.
func NewScanID(now time.Time) string {
	b := make([]byte, 3)
	rand.Read(b)
	return "sess_" + now.UTC().Format("20060102150405") + "_" + hex.EncodeToString(b)
}

// CreateScan starts a pending scan session for keyID.
func (s *Store) CreateScan(ctx context.Context, keyID string) (*Scan, error) {
	now := time.Now().UTC()
	sc := &Scan{ID: NewScanID(now), KeyID: keyID, Status: ScanPending, CreatedAt: now, UpdatedAt: now, ExpiresAt: now.Add(ScanTTL)}
	_, err := s.DB.ExecContext(ctx, `INSERT INTO scan_sessions (id, key_id, status, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		sc.ID, keyID, sc.Status, ts(now), ts(now), ts(sc.ExpiresAt))
	return sc, err
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Scan reads a live scan session of keyID ("" for any key); ErrNotFound
// when unknown, another key's, or expired.
func (s *Store) Scan(ctx context.Context, keyID, id string) (*Scan, error) {
	return ScanOf(ctx, s.DB, keyID, id)
}

// ScanOf is Scan inside a transaction.
func ScanOf(ctx context.Context, db DBTX, keyID, id string) (*Scan, error) {
	var sc Scan
	var video, vitals, errText sql.NullString
	var ms sql.NullInt64
	var created, updated, expires string
	err := db.QueryRowContext(ctx, `SELECT id, key_id, status, video, vitals, error, processing_ms, created_at, updated_at, expires_at
		FROM scan_sessions WHERE id = ? AND (? = '' OR key_id = ?)`, id, keyID, keyID).
		Scan(&sc.ID, &sc.KeyID, &sc.Status, &video, &vitals, &errText, &ms, &created, &updated, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	sc.Video, sc.Error, sc.ProcessingMS = video.String, errText.String, ms.Int64
	if vitals.Valid {
		sc.Vitals = json.RawMessage(vitals.String)
	}
	sc.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	sc.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
	sc.ExpiresAt, _ = time.Parse(time.RFC3339Nano, expires)
	if time.Now().After(sc.ExpiresAt) {
		return nil, ErrNotFound
	}
	return &sc, nil
}

// ErrScanBusy means the session's video is being processed.
var ErrScanBusy = errors.New("the scan session's video is being processed")

// AttachScanVideoTx records the upload and marks the session processing
// (the job is inserted in the same transaction). It is a compare-and-set:
// of two uploads racing to the same session one wins, the other gets
// ErrScanBusy. It returns the blob of the video it replaces ("" if none),
// for the caller to remove once the transaction commits.
func AttachScanVideoTx(ctx context.Context, tx DBTX, id, blob string) (string, error) {
	var old sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT video FROM scan_sessions WHERE id = ?`, id).Scan(&old)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	res, err := tx.ExecContext(ctx, `UPDATE scan_sessions SET status = ?, video = ?, vitals = NULL, error = NULL, updated_at = ? WHERE id = ? AND status <> ?`,
		ScanProcessing, blob, ts(time.Now()), id, ScanProcessing)
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return "", ErrScanBusy
	}
	return old.String, nil
}

// ExpiredScans deletes scan sessions that expired more than grace ago
// (and are not being processed) and returns their videos' blobs for the
// caller to remove.
func ExpiredScans(ctx context.Context, db DBTX, grace time.Duration) ([]string, error) {
	cutoff := ts(time.Now().Add(-grace))
	rows, err := db.QueryContext(ctx, `SELECT id, COALESCE(video, '') FROM scan_sessions WHERE expires_at < ? AND status <> ?`, cutoff, ScanProcessing)
	if err != nil {
		return nil, err
	}
	type scan struct{ id, video string }
	var found []scan
	for rows.Next() {
		var sc scan
		if err := rows.Scan(&sc.id, &sc.video); err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, sc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var blobs []string
	for _, sc := range found {
		if _, err := db.ExecContext(ctx, `DELETE FROM scan_sessions WHERE id = ? AND status <> ?`, sc.id, ScanProcessing); err != nil {
			return blobs, err
		}
		if sc.video != "" {
			blobs = append(blobs, sc.video)
		}
	}
	return blobs, nil
}

// FinishScan stores the vitals.
func (s *Store) FinishScan(ctx context.Context, id string, vitals []byte, ms int64) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE scan_sessions SET status = ?, vitals = ?, processing_ms = ?, error = NULL, updated_at = ? WHERE id = ?`,
		ScanCompleted, string(vitals), ms, ts(time.Now()), id)
	return err
}

// FailScan marks a processing scan failed with a reason for the user (a
// scan that completed keeps its vitals).
func (s *Store) FailScan(ctx context.Context, id, reason string, ms int64) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE scan_sessions SET status = ?, error = ?, processing_ms = ?, updated_at = ? WHERE id = ? AND status = ?`,
		ScanFailed, reason, ms, ts(time.Now()), id, ScanProcessing)
	return err
}

// ScanOrphans lists processing scans whose vitals job is gone, completed,
// cancelled or discarded: nothing will finish them.
func ScanOrphans(ctx context.Context, db DBTX) ([]string, error) {
	return queryIDs(ctx, db, `SELECT s.id FROM scan_sessions s WHERE s.status = ?
		AND NOT EXISTS (SELECT 1 FROM river_job j WHERE j.kind = 'vitals' AND `+jobArg(db, "session_id")+` = s.id
			AND j.state NOT IN ('completed', 'cancelled', 'discarded'))`, ScanProcessing)
}
