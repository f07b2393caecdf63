package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"motionlab/server/config"
	"motionlab/server/inference"
	"motionlab/server/pipeline"
	"motionlab/shared/analysis"
	"motionlab/shared/pose"
	"motionlab/shared/stream"
	"motionlab/shared/track"
)

// summary is analyze's summary.json.
type summary struct {
	Video          string  `json:"video"`
	Width          int     `json:"width"`
	Height         int     `json:"height"`
	FPS            float64 `json:"fps"`
	Frames         int     `json:"frames"`
	Duration       float64 `json:"duration_s"`
	Rotation       int     `json:"rotation"`
	Model          string  `json:"model"`
	SubjectFrames  int     `json:"subject_frames"`
	PeopleTracked  int     `json:"people_tracked"`
	DetectorRuns   int     `json:"detector_runs"`
	LegSwapsFixed  int     `json:"leg_swaps_fixed"`
	ProcessingSecs float64 `json:"processing_s"`
	ProcessingFPS  float64 `json:"processing_fps"`
}

// keypointsFile is analyze's keypoints.json: the subject's raw and
// cleaned tracks in the BlazePose-33 layout.
type keypointsFile struct {
	Layout []string       `json:"layout"`
	FPS    float64        `json:"fps"`
	Raw    []*pose.Person `json:"raw"`
	Clean  []*pose.Person `json:"clean"`
}

func analyzeCmd() *cobra.Command {
	var (
		cfg config.Inference
		out string
		req = analysis.Defaults()
	)
	cmd := &cobra.Command{
		Use:   "analyze VIDEO",
		Short: "Track the athlete through a video and write keypoints (JSON, CSV) and a summary",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			eng, err := inference.NewEngine(cfg.Engine())
			if err != nil {
				return err
			}
			defer eng.Close()
			var bar *progressbar.ProgressBar
			start := time.Now()
			res, err := pipeline.Run(cmd.Context(), args[0], eng, func(p stream.ProgressEvent) {
				if bar == nil {
					bar = progressbar.NewOptions(p.Total, progressbar.OptionSetDescription("frames"),
						progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
						progressbar.OptionSetItsString("frames"), progressbar.OptionClearOnFinish(),
						progressbar.OptionThrottle(200*time.Millisecond))
				}
				bar.ChangeMax(p.Total)
				bar.Set(p.Frame + 1)
			})
			if bar != nil {
				bar.Finish()
			}
			if err != nil {
				return fmt.Errorf("analyze %s: %w", args[0], err)
			}
			elapsed := time.Since(start).Seconds()
			res.ChooseAthlete(req.VerticalAthlete())
			sum := summary{
				Video: args[0], Width: res.Info.Width, Height: res.Info.Height, FPS: res.Info.FPS,
				Frames: res.Info.Frames, Duration: res.Info.Duration, Rotation: res.Info.Rotation, Model: cfg.Model,
				DetectorRuns: res.Detections, LegSwapsFixed: res.Swaps,
				ProcessingSecs: elapsed, ProcessingFPS: float64(res.Info.Frames) / elapsed,
			}
			ids := map[int]bool{}
			for _, people := range res.People {
				for _, p := range people {
					ids[p.ID] = true
				}
			}
			sum.PeopleTracked = len(ids)
			for _, p := range res.Raw.Frames {
				if p != nil {
					sum.SubjectFrames++
				}
			}
			kf := keypointsFile{FPS: res.Info.FPS, Raw: res.Raw.Frames, Clean: res.Clean.Frames}
			for _, p := range pose.BlazePose33.Points {
				kf.Layout = append(kf.Layout, p.Name)
			}
			if err := writeJSON(filepath.Join(out, "keypoints.json"), kf); err != nil {
				return err
			}
			if err := writeCSV(filepath.Join(out, "keypoints.csv"), res.Clean); err != nil {
				return err
			}
			if err := writeJSON(filepath.Join(out, "summary.json"), sum); err != nil {
				return err
			}
			// The activity's analysis is a bonus here: keypoints are still
			// worth having when the clip holds nothing to measure.
			if calc, err := analysis.Calculate(res.Clean, req); err != nil {
				fmt.Fprintf(os.Stderr, "no %s analysis: %v\n", req.Activity, err)
			} else if calc != nil {
				if !calc.Judged() {
					// Completed, with nothing to judge: analysis.json says
					// count 0 and why, and carries no advice.
					fmt.Fprintf(os.Stderr, "%s: 0 found (%s): %s\n", req.Activity, calc.Outcome.Reason, calc.Outcome.Message)
				}
				if err := writeJSON(filepath.Join(out, "analysis.json"), calc); err != nil {
					return err
				}
			}
			fmt.Fprintf(os.Stderr, "%d frames in %.1f s (%.1f frames/s), subject seen in %d; wrote %s\n",
				sum.Frames, elapsed, sum.ProcessingFPS, sum.SubjectFrames, out)
			return nil
		},
	}
	config.AddInferenceFlags(cmd.Flags(), &cfg)
	cmd.Flags().StringVar(&out, "out", "motionlab-out", "folder for keypoints.json, keypoints.csv, summary.json and analysis.json")
	f := cmd.Flags()
	f.StringVar(&req.Activity, "activity", req.Activity, "running, sprint, jump or lift")
	f.StringVar(&req.Exercise, "exercise", "", "lift only: squat, deadlift, bench, clean, snatch or press")
	f.StringVar(&req.AnalysisType, "view", req.AnalysisType, "camera position for the running analysis: side_view or back_view")
	f.Float64Var(&req.Height, "height", req.Height, "runner height, cm (the scale for metres)")
	f.BoolVar(&req.Treadmill, "treadmill", false, "the runner is on a treadmill (then --pace is required)")
	f.StringVar(&req.Pace, "pace", "", "treadmill pace, MM:SS per km")
	f.StringVar(&req.Language, "language", req.Language, "language of the recommendations: en, fr, de, zh, ko, pt, es, it, ja")
	f.BoolVar(&req.FullBody, "full-body", req.FullBody, "back view: all frontal-plane measures (false: pronation only)")
	return cmd
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// writeCSV writes one row per frame: frame, time, then x, y, visibility of
// each keypoint (empty cells where the subject was not seen).
func writeCSV(path string, t track.Track) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	head := []string{"frame", "time_s"}
	for _, p := range pose.BlazePose33.Points {
		head = append(head, p.Name+"_x", p.Name+"_y", p.Name+"_visibility")
	}
	w.Write(head)
	num := func(v float32) string { return strconv.FormatFloat(float64(v), 'f', 2, 32) }
	for i, p := range t.Frames {
		row := []string{strconv.Itoa(i), strconv.FormatFloat(float64(i)/t.FPS, 'f', 4, 64)}
		for k := range pose.BlazePose33.Points {
			if p == nil {
				row = append(row, "", "", "")
				continue
			}
			kp := p.Keypoints[k]
			row = append(row, num(kp.X), num(kp.Y), strconv.FormatFloat(float64(kp.Visibility), 'f', 3, 32))
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
