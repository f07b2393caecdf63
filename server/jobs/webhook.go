package jobs

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"motionlab/server/store"
	"motionlab/server/webhook"
)

// WebhookArgs delivers one analysis's outcome to its callback URL. It is a
// job of its own so failed deliveries are retried with River's backoff
// (about attempt⁴ seconds) without re-running the analysis.
type WebhookArgs struct {
	AnalysisID string `json:"analysis_id"`
	URL        string `json:"url"`
}

// Kind names the job.
func (WebhookArgs) Kind() string { return "webhook" }

// WebhookAttempts is how often a delivery is tried.
const WebhookAttempts = 8

// SignatureHeader carries `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
// under the analysis's key's webhook secret (`motionlab keys
// webhook-secret KEY`).
const SignatureHeader = "X-MotionLab-Signature"

// WebhookEvent is the JSON body posted to a callback URL.
type WebhookEvent struct {
	Event      string  `json:"event"` // analysis.succeeded | analysis.failed
	ID         string  `json:"id"`
	Status     string  `json:"status"`
	Percentage float64 `json:"percentage"`
	Error      string  `json:"error,omitempty"`
	Results    string  `json:"results_url"`
}

type webhookWorker struct {
	river.WorkerDefaults[WebhookArgs]
	store   *store.Store
	secrets *store.Secrets
	client  *http.Client
}

func (w *webhookWorker) Timeout(*river.Job[WebhookArgs]) time.Duration { return 30 * time.Second }

func (w *webhookWorker) Work(ctx context.Context, job *river.Job[WebhookArgs]) error {
	a, err := w.store.Analysis(ctx, "", job.Args.AnalysisID)
	if err != nil {
		return river.JobCancel(err)
	}
	ev := WebhookEvent{Event: "analysis." + a.Status, ID: a.ID, Status: a.Status, Percentage: a.Percentage, Error: a.Error,
		Results: "/v1/analyses/" + a.ID + "/results"}
	if a.Status == store.Success {
		ev.Event = "analysis.succeeded"
	}
	body, _ := json.Marshal(ev)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, job.Args.URL, bytes.NewReader(body))
	if err != nil {
		return river.JobCancel(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "MotionLab-Webhook/1")
	// Each key's webhooks are signed with its own secret (`motionlab keys
	// webhook-secret KEY`), so no tenant can forge another's.
	version, err := store.WebhookVersion(ctx, w.store.DB, a.KeyID)
	if err != nil {
		return fmt.Errorf("webhook secret of key %s: %w", a.KeyID, err)
	}
	req.Header.Set(SignatureHeader, "t="+ts+",v1="+store.Sign(w.secrets.KeyWebhook(a.KeyID, version), []byte(ts+"."+string(body))))
	resp, err := w.client.Do(req)
	if errors.Is(err, webhook.ErrPrivateAddress) {
		// Not retried: the address will not become public.
		slog.Warn("webhook refused", "analysis", a.ID, "err", err)
		return river.JobCancel(err)
	}
	if err != nil {
		return fmt.Errorf("deliver webhook: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, webhook.MaxResponse))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook receiver answered %d", resp.StatusCode)
	}
	return nil
}

// notify queues the webhook of a finished analysis: to its callback_url,
// or else to its key's default one, if either is set.
func notify(ctx context.Context, client *river.Client[*sql.Tx], tx *store.Tx, a *store.Analysis) error {
	var p struct {
		CallbackURL string `json:"callback_url"`
	}
	json.Unmarshal(a.Params, &p)
	if p.CallbackURL == "" {
		cb, err := store.KeyCallback(ctx, tx, a.KeyID)
		if err != nil {
			return err
		}
		p.CallbackURL = cb
	}
	if p.CallbackURL == "" {
		return nil
	}
	_, err := client.InsertTx(ctx, tx.Tx, WebhookArgs{AnalysisID: a.ID, URL: p.CallbackURL}, &river.InsertOpts{MaxAttempts: WebhookAttempts, Queue: queueWebhooks})
	return err
}
