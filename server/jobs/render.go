package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"motionlab/server/store"
	"motionlab/server/video"
	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// queueRender keeps video rendering from holding up analyses.
const queueRender = "render"

// RenderArgs is the job that draws an analysis's annotated video.
type RenderArgs struct {
	AnalysisID string `json:"analysis_id"`
	// Calculated is the calculated_data blob to draw after a coach's
	// edit ("" for the first render): new arguments make a new job,
	// where River would take the same ones for the completed first render.
	Calculated string `json:"calculated,omitempty"`
}

// Kind names the job in River's table.
func (RenderArgs) Kind() string { return "render" }

// queueRenderTx queues the annotated video of a finished analysis.
func queueRenderTx(ctx context.Context, tx *store.Tx, id string) error {
	client := river.ClientFromContext[*sql.Tx](ctx)
	_, err := client.InsertTx(ctx, tx.Tx, RenderArgs{AnalysisID: id}, &river.InsertOpts{Queue: queueRender, UniqueOpts: river.UniqueOpts{ByArgs: true}})
	return err
}

// RequestRender queues the annotated video of an analysis (idempotent
// while one is queued or running).
func (q *Queue) RequestRender(ctx context.Context, id string) error {
	return q.RequestRerender(ctx, id, "")
}

// RequestRerender queues the annotated video of an analysis whose events
// a coach edited: calculated is its new calculated_data blob.
func (q *Queue) RequestRerender(ctx context.Context, id, calculated string) error {
	_, err := q.client.Insert(ctx, RenderArgs{AnalysisID: id, Calculated: calculated}, &river.InsertOpts{Queue: queueRender, UniqueOpts: river.UniqueOpts{ByArgs: true}})
	return err
}

type renderWorker struct {
	river.WorkerDefaults[RenderArgs]
	store   *store.Store
	timeout time.Duration
}

func (w *renderWorker) Timeout(*river.Job[RenderArgs]) time.Duration { return w.timeout }

func (w *renderWorker) Work(ctx context.Context, job *river.Job[RenderArgs]) (err error) {
	start := time.Now()
	defer func() {
		slog.Info("render ended", "job", job.ID, "attempt", job.Attempt, "analysis", job.Args.AnalysisID, "err", err, "seconds", time.Since(start).Seconds())
	}()
	return w.work(ctx, job)
}

// work draws one analysis's annotated video and stores it.
func (w *renderWorker) work(ctx context.Context, job *river.Job[RenderArgs]) error {
	id := job.Args.AnalysisID
	a, err := w.store.Analysis(ctx, "", id)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("analysis %s: %w", id, err))
	}
	if err != nil {
		return err
	}
	if a.Annotated != "" || a.Status != store.Success || a.Track == "" {
		return nil // done already, or nothing to draw
	}
	if c := job.Args.Calculated; c != "" && c != a.Calculated {
		return nil // a later edit superseded this one; its own job draws it
	}
	var tr track.Track
	if err := w.readJSON(ctx, a.Track, &tr); err != nil {
		return err
	}
	var raw analysis.RawData // for its angles; no raw_data: none drawn
	if a.Result != "" {
		if err := w.readJSON(ctx, a.Result, &raw); err != nil {
			return err
		}
	}
	var calc *analysis.Result
	if a.Calculated != "" {
		calc = &analysis.Result{}
		if err := w.readJSON(ctx, a.Calculated, calc); err != nil {
			return err
		}
	}
	src, err := w.store.Blobs.Path(ctx, a.Video)
	if err != nil {
		return cancelUnlessDone(ctx, err)
	}
	dir, err := os.MkdirTemp("", "motionlab-render-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dst := filepath.Join(dir, "annotated.mp4")
	if err := video.Annotate(ctx, src, dst, Annotations(tr, raw.FrameAngles(), calc), Panel(calc), nil); err != nil {
		return fmt.Errorf("render %s: %w", id, err)
	}
	f, err := os.Open(dst)
	if err != nil {
		return err
	}
	defer f.Close()
	// A derived name: a render re-run after a crash overwrites its output.
	// An edit's video gets its own name, so a browser never shows the
	// old events from its cache.
	name := store.DerivedName(id, "annotated"+editLabel(job.Args.Calculated), ".mp4")
	if _, err := w.store.Blobs.PutAs(name, f); err != nil {
		return err
	}
	defer evict(w.store.Blobs, a.Video, name) // the copies Path and PutAs left
	err = store.SetAnnotatedOf(ctx, w.store.DB, id, name, a.Calculated)
	if errors.Is(err, store.ErrNotFound) {
		// Deleted, or its events edited, while it was drawn: the video
		// must not outlive it nor show the old events.
		slog.Info("render: analysis deleted or edited meanwhile; dropping its annotated video", "analysis", id)
		return w.store.Blobs.Remove(name)
	}
	return err
}

func (w *renderWorker) readJSON(ctx context.Context, blob string, v any) error {
	f, err := w.store.Blobs.Open(ctx, blob)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("read %s: %w", blob, err)
	}
	return nil
}

// angleLabels are the joints labelled on the video.
var angleLabels = []struct {
	key string
	at  int
}{
	{"left_knee", pose.LeftKnee}, {"right_knee", pose.RightKnee},
	{"left_hip", pose.LeftHip}, {"right_hip", pose.RightHip},
	{"left_elbow", pose.LeftElbow}, {"right_elbow", pose.RightElbow},
	{"left_ankle", pose.LeftAnkle}, {"right_ankle", pose.RightAnkle},
}

// Annotations draws each frame's athlete with the joint angles the
// analysis measured (raw_data's, one map per frame) and, while a foot is
// on the ground, a marker under it.
func Annotations(tr track.Track, angles []map[string]float64, calc *analysis.Result) func(i int) video.Annotation {
	type stance struct {
		from, to int
		left     bool
	}
	var stances []stance
	if calc != nil && calc.Result != nil && calc.SideView != nil {
		for _, s := range calc.Metrics.Steps {
			stances = append(stances, stance{s.Contact.Contact, s.ToeOff, s.Foot == gait.LeftFoot})
		}
	}
	if calc != nil && calc.Result != nil && calc.BackView != nil {
		for _, s := range calc.Steps {
			stances = append(stances, stance{s.ContactFrame, s.ToeOffFrame, s.Foot == "left"})
		}
	}
	return func(i int) video.Annotation {
		if i < 0 || i >= len(tr.Frames) || tr.Frames[i] == nil {
			return video.Annotation{}
		}
		p := tr.Frames[i]
		a := video.Annotation{Person: p}
		var ang map[string]float64
		if i < len(angles) {
			ang = angles[i]
		}
		for _, l := range angleLabels {
			if v, ok := ang[l.key]; ok {
				a.Labels = append(a.Labels, video.Label{At: l.at, Text: fmt.Sprintf("%.0f", v)})
			}
		}
		for _, s := range stances {
			if i < s.from || i >= s.to {
				continue
			}
			heel, toe := pose.RightHeel, pose.RightFootIndex
			if s.left {
				heel, toe = pose.LeftHeel, pose.LeftFootIndex
			}
			k := p.Keypoints
			a.Markers = append(a.Markers, video.Marker{X: (k[heel].X + k[toe].X) / 2, Y: max(k[heel].Y, k[toe].Y), Left: s.left})
		}
		return a
	}
}

// Panel is the metrics box drawn on every frame.
func Panel(calc *analysis.Result) []string {
	lines := []string{"MotionLab"}
	if calc == nil {
		return lines
	}
	if o := calc.Outcome; o.Count == 0 && o.Reason != "" {
		// Nothing was found to measure: say so, with no metric and no
		// score (zeros would read as measurements).
		return append(lines, panelReason[o.Reason], "No metrics, no score")
	}
	if s := calc.Sprint; s != nil {
		return append(lines, fmt.Sprintf("Contact %.0f ms  Flight %.0f ms", 1000*s.ContactTime.Mean, 1000*s.FlightTime.Mean),
			fmt.Sprintf("Step %.2f m  %.1f Hz", s.StepLength.Mean, s.StepFrequency.Mean), fmt.Sprintf("Top speed %.1f m/s", s.MaxSpeedMS))
	}
	if j := calc.Jump; j != nil {
		lines = append(lines, fmt.Sprintf("Jumps %d", j.Count))
		if j.Best != nil {
			lines = append(lines, fmt.Sprintf("Best %.0f cm (%.0f ms flight)", 100*j.Best.HeightFlightM, 1000*j.Best.FlightTimeS))
		}
		return lines
	}
	if l := calc.Lift; l != nil {
		return append(lines, fmt.Sprintf("%s: %d reps", l.Exercise, l.Count),
			fmt.Sprintf("Down %.1f s  Up %.1f s", l.Eccentric.Mean, l.Concentric.Mean))
	}
	if calc.Result == nil {
		return lines
	}
	if v := calc.SideView; v != nil {
		m := v.Metrics
		lines = append(lines,
			fmt.Sprintf("Cadence %.0f spm", m.Cadence),
			fmt.Sprintf("Contact %.0f ms  Flight %.0f ms", 1000*m.ContactTime.Mean, 1000*m.FlightTime.Mean),
			fmt.Sprintf("Speed %.1f m/s  Pace %s /km", m.Speed, m.Pace),
			fmt.Sprintf("Overstride %.0f deg  %s", v.Overstride.AngleDeg.Mean, v.FootLanding.Dominant))
	}
	if b := calc.BackView; b != nil {
		lines = append(lines, fmt.Sprintf("Cadence %.0f spm  %d stances", b.Cadence, len(b.Steps)))
	}
	if calc.TotalScore != nil {
		lines = append(lines, fmt.Sprintf("Score %.0f / 100", 100**calc.TotalScore))
	}
	return lines
}

// panelReason is the panel's short line for each reason an analysis found
// nothing (analysis.Outcome.Reason; the full sentences are the advice
// labels "reason.CODE").
var panelReason = map[string]string{
	analysis.ReasonNoContact:         "No ground contact found",
	analysis.ReasonNoFlight:          "No jump found",
	analysis.ReasonFlightsNotCounted: "No jump counted",
	analysis.ReasonNoRepetition:      "No repetition found",
	analysis.ReasonNotVisible:        "Athlete not seen well enough",
}

// editLabel tells an edit's annotated video from the first render's by
// its calculated_data blob's name.
func editLabel(calculated string) string {
	if calculated == "" {
		return ""
	}
	return "-" + strings.TrimSuffix(filepath.Base(calculated), filepath.Ext(calculated))
}
