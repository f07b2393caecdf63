package store

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openTest(t *testing.T) (*Store, *Key) {
	t.Helper()
	st, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	k, _, err := st.CreateKey(context.Background(), "test", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return st, k
}

func pending(t *testing.T, st *Store, keyID string) string {
	t.Helper()
	a := &Analysis{ID: NewID(), KeyID: keyID, Params: json.RawMessage(`{}`), Video: NewID() + ".mp4", Filename: "v.mp4"}
	if err := InsertAnalysisTx(context.Background(), st.DB, a); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// TestSQLiteSyncsEveryCommit: an accepted upload's row survives an OS
// crash (synchronous=FULL; NORMAL may lose the last commits in WAL mode).
func TestSQLiteSyncsEveryCommit(t *testing.T) {
	st, _ := openTest(t)
	var level int
	if err := st.DB.QueryRowContext(context.Background(), `PRAGMA synchronous`).Scan(&level); err != nil {
		t.Fatal(err)
	}
	if level != 2 {
		t.Errorf("synchronous = %d, want 2 (FULL)", level)
	}
}

// TestFailKeepsFinishedAnalyses: the one failure path changes only
// unfinished rows, and says whether it did.
func TestFailKeepsFinishedAnalyses(t *testing.T) {
	st, k := openTest(t)
	ctx := context.Background()
	id := pending(t, st, k.ID)
	if ok, err := Fail(ctx, st.DB, id, "first", "no_contact"); !ok || err != nil {
		t.Fatalf("fail a pending analysis: %v %v", ok, err)
	}
	if ok, err := Fail(ctx, st.DB, id, "second", ""); ok || err != nil {
		t.Errorf("fail a failed analysis again: %v %v", ok, err)
	}
	if a, _ := st.Analysis(ctx, "", id); a.Status != Failed || a.Error != "first" || a.Reason != "no_contact" {
		t.Errorf("row %+v", a)
	}
}

// TestQueueCaps: the global cap and the per-key cap.
func TestQueueCaps(t *testing.T) {
	st, a := openTest(t)
	b, _, _ := st.CreateKey(context.Background(), "other", nil, "")
	ctx := context.Background()
	pending(t, st, a.ID)
	pending(t, st, a.ID)
	if err := CheckQueueTx(ctx, st.DB, a.ID, 10, 2); !errors.Is(err, ErrKeyQueueFull) {
		t.Errorf("key a with 2 of 2: %v", err)
	}
	if err := CheckQueueTx(ctx, st.DB, b.ID, 10, 2); err != nil {
		t.Errorf("key b: %v", err)
	}
	if err := CheckQueueTx(ctx, st.DB, b.ID, 2, 2); !errors.Is(err, ErrQueueFull) {
		t.Errorf("global 2 of 2: %v", err)
	}
}

// TestOrphans: unfinished rows without a live job are found; rows with a
// live job, finished rows and browser analyses are not.
func TestOrphans(t *testing.T) {
	st, k := openTest(t)
	ctx := context.Background()
	if _, err := st.DB.ExecContext(ctx, `CREATE TABLE river_job (id INTEGER PRIMARY KEY, kind TEXT, args BLOB, state TEXT)`); err != nil {
		t.Fatal(err)
	}
	job := func(id, state string) {
		st.DB.ExecContext(ctx, `INSERT INTO river_job (kind, args, state) VALUES ('analyze', jsonb(?), ?)`, `{"analysis_id":"`+id+`"}`, state)
	}
	live, retrying, discarded, lost, done := pending(t, st, k.ID), pending(t, st, k.ID), pending(t, st, k.ID), pending(t, st, k.ID), pending(t, st, k.ID)
	job(live, "running")
	job(retrying, "retryable")
	job(discarded, "discarded")
	job(done, "completed")
	Finish(ctx, st.DB, done, Outputs{Result: NewID() + ".json"})
	got, err := Orphans(ctx, st.DB)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{discarded: true, lost: true}
	if len(got) != 2 || !want[got[0]] || !want[got[1]] {
		t.Errorf("orphans %v, want %s and %s", got, discarded, lost)
	}
}

// TestScanUploadIsCompareAndSet: of two uploads to one session, the one
// that attaches second while the first is processed gets ErrScanBusy; a
// re-upload after the end returns the video it replaces.
func TestScanUploadIsCompareAndSet(t *testing.T) {
	st, k := openTest(t)
	ctx := context.Background()
	sc, err := st.CreateScan(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	first, second := NewID()+".mp4", NewID()+".mp4"
	if old, err := AttachScanVideoTx(ctx, st.DB, sc.ID, first); err != nil || old != "" {
		t.Fatalf("first upload: %q %v", old, err)
	}
	if _, err := AttachScanVideoTx(ctx, st.DB, sc.ID, second); !errors.Is(err, ErrScanBusy) {
		t.Errorf("second upload while processing: %v, want ErrScanBusy", err)
	}
	st.FailScan(ctx, sc.ID, "no face", 1)
	if old, err := AttachScanVideoTx(ctx, st.DB, sc.ID, second); err != nil || old != first {
		t.Errorf("re-upload: replaced %q (%v), want %q", old, err, first)
	}
}

// TestExpiredScansAreDeleted: rows and their videos go, live ones stay.
func TestExpiredScansAreDeleted(t *testing.T) {
	st, k := openTest(t)
	ctx := context.Background()
	old, _ := st.CreateScan(ctx, k.ID)
	live, _ := st.CreateScan(ctx, k.ID)
	video := NewID() + ".webm"
	st.DB.ExecContext(ctx, `UPDATE scan_sessions SET video = ?, status = ?, expires_at = ? WHERE id = ?`, video, ScanCompleted, ts(time.Now().Add(-time.Hour)), old.ID)
	blobs, err := ExpiredScans(ctx, st.DB, 0)
	if err != nil || len(blobs) != 1 || blobs[0] != video {
		t.Fatalf("expired videos %v (%v), want [%s]", blobs, err, video)
	}
	var n int
	st.DB.QueryRowContext(ctx, `SELECT count(*) FROM scan_sessions`).Scan(&n)
	if n != 1 {
		t.Errorf("%d sessions left, want the live one", n)
	}
	if _, err := st.Scan(ctx, "", live.ID); err != nil {
		t.Errorf("live session: %v", err)
	}
}

// TestBlobSweep: half-written parts and old blobs no row refers to are
// removed at start; referenced and recent blobs stay.
func TestBlobSweep(t *testing.T) {
	st, k := openTest(t)
	ctx := context.Background()
	b := st.Blobs.(*Blobs)
	ref, _, err := b.Put(strings.NewReader("video"), ".mp4")
	if err != nil {
		t.Fatal(err)
	}
	a := &Analysis{ID: NewID(), KeyID: k.ID, Params: json.RawMessage(`{}`), Video: ref, Filename: "v.mp4"}
	if err := InsertAnalysisTx(ctx, st.DB, a); err != nil {
		t.Fatal(err)
	}
	orphan, _, _ := b.Put(strings.NewReader("lost"), ".mp4")
	recent, _, _ := b.Put(strings.NewReader("uploading"), ".upload")
	part := filepath.Join(b.dir, orphan+".123.part")
	os.WriteFile(part, []byte("half"), 0o600)
	old := time.Now().Add(-time.Hour)
	for _, n := range []string{ref, orphan} {
		os.Chtimes(filepath.Join(b.dir, n), old, old)
	}
	os.Chtimes(part, old, old)
	removed, err := st.SweepBlobs(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 2 {
		t.Errorf("removed %v, want the orphan and the part", removed)
	}
	for n, want := range map[string]bool{ref: true, orphan: false, recent: true, filepath.Base(part): false} {
		if _, err := os.Stat(filepath.Join(b.dir, n)); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", n, err == nil, want)
		}
	}
}

// TestSetAnnotatedOnDeletedAnalysis: the render job learns that its
// analysis is gone (and removes what it drew).
func TestSetAnnotatedOnDeletedAnalysis(t *testing.T) {
	st, _ := openTest(t)
	if err := SetAnnotated(context.Background(), st.DB, NewID(), NewID()+".mp4"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetAnnotated on a missing analysis: %v, want ErrNotFound", err)
	}
}

// TestWebhookSecretsPerKey: each key has its own webhook secret;
// rotating one changes only that one.
func TestWebhookSecretsPerKey(t *testing.T) {
	st, a := openTest(t)
	ctx := context.Background()
	b, _, _ := st.CreateKey(ctx, "other", nil, "")
	sec, err := st.LoadSecrets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, sa, err := st.KeyWebhookSecret(ctx, sec, a.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	_, sb, _ := st.KeyWebhookSecret(ctx, sec, b.Prefix, false)
	if string(sa) == string(sb) || string(sa) == string(sec.Webhook) || len(sa) != 64 {
		t.Fatalf("secrets %s %s (deployment's %s)", sa, sb, sec.Webhook)
	}
	_, ra, _ := st.KeyWebhookSecret(ctx, sec, a.ID, true)
	_, sb2, _ := st.KeyWebhookSecret(ctx, sec, b.ID, false)
	_, ra2, _ := st.KeyWebhookSecret(ctx, sec, a.ID, false)
	if string(ra) == string(sa) || string(ra2) != string(ra) || string(sb2) != string(sb) {
		t.Errorf("rotation: a %s → %s (%s now), b %s → %s", sa, ra, ra2, sb, sb2)
	}
	if _, _, err := st.KeyWebhookSecret(ctx, sec, "ml_nothing", false); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown key: %v", err)
	}
}
