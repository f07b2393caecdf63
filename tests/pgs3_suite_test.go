package tests

import (
	"path/filepath"
	"testing"
)

// TestAnalysesOnPostgresS3 runs the analyses end-to-end suite against the
// scale-out back ends: every server and `keys` command the subtests start
// inherits MOTIONLAB_DB (a fresh PostgreSQL database per subtest) and
// MOTIONLAB_BLOBS (a bucket on the S3 gateway), so the same black-box
// checks pass on PostgreSQL + S3 as on SQLite + a folder: uploads, key
// isolation, raw data, bad inputs, SSE, media links (redirected to
// presigned S3 URLs), signed and retried webhooks, edited contacts and a
// saved sprint timing start.
func TestAnalysesOnPostgresS3(t *testing.T) {
	pg := startPostgres(t)
	s3 := startS3(t)
	for _, tc := range []struct {
		name string
		run  func(*testing.T)
	}{
		{"Lifecycle", TestAnalysesLifecycleWithKeys},
		{"BadInputs", TestAnalysesBadInputs},
		{"EventsAndSignedMedia", TestEventsAndSignedMedia},
		{"WebhookSignedAndRetried", TestWebhookSignedAndRetried},
		{"KeyDefaultWebhook", TestKeyDefaultWebhook},
		{"EditEvents", TestEditEventsAPI},
		{"SprintTiming", TestSprintTimingAPI},
	} {
		t.Run(tc.name, func(t *testing.T) {
			backendEnv(t, pg.newDB(t), s3, "suite")
			tc.run(t)
		})
	}
	// The uploads went to the bucket, not to a data folder.
	if videos, _ := filepath.Glob(filepath.Join(s3.dataDir, "suite", "*.mp4")); len(videos) == 0 {
		t.Error("no video in the S3 bucket: the suite did not run on S3")
	}
}
