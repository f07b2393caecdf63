package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"motionlab/server/config"
	"motionlab/server/inference"
	"motionlab/server/photo"
	"motionlab/shared/pose"
)

// poseResult is what `motionlab pose` prints.
type poseResult struct {
	Image   string        `json:"image"`
	Width   int           `json:"width"`
	Height  int           `json:"height"`
	Model   string        `json:"model"`
	Layout  []string      `json:"layout"`
	Subject int           `json:"subject"` // index into people; people are ranked, subject first
	People  []pose.Person `json:"people"`
	// Angles are the subject's joint angles in degrees (docs/metrics.md).
	Angles map[string]float64 `json:"angles"`
}

func poseCmd() *cobra.Command {
	var (
		cfg config.Inference
		out string
	)
	cmd := &cobra.Command{
		Use:   "pose PHOTO",
		Short: "Find people in a photo: keypoints as JSON on stdout, optional skeleton overlay PNG",
		Long: `Runs the pose detector and landmark model on one photo and prints every
person found as JSON, most prominent first (the subject). Exit code 2 when
the photo shows no person.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out != "" && !strings.EqualFold(filepath.Ext(out), ".png") {
				return fmt.Errorf("--out %s: the overlay is written as PNG, name it .png", out)
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			img, err := photo.Decode(data)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			defer img.Close()
			if cfg.Threads == 0 {
				cfg.Threads = runtime.NumCPU() // one photo: nothing else competes for the cores
			}
			eng, err := inference.NewEngine(cfg.Engine())
			if err != nil {
				return err
			}
			defer eng.Close()
			r, err := photo.Analyze(eng, img)
			if err != nil {
				return err
			}
			if out != "" {
				if err := os.WriteFile(out, r.Overlay, 0o644); err != nil {
					return fmt.Errorf("write overlay: %w", err)
				}
			}
			people := r.People
			res := poseResult{Image: args[0], Width: r.Width, Height: r.Height, Model: cfg.Model, People: people, Subject: r.Subject, Angles: r.Angles}
			for _, p := range pose.BlazePose33.Points {
				res.Layout = append(res.Layout, p.Name)
			}
			enc := json.NewEncoder(os.Stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(res); err != nil {
				return err
			}
			if len(people) == 0 {
				return &exitError{code: 2, err: fmt.Errorf("no person found in %s", args[0])}
			}
			return nil
		},
	}
	config.AddInferenceFlags(cmd.Flags(), &cfg)
	cmd.Flags().StringVar(&out, "out", "", "write the photo with skeletons drawn to this PNG")
	return cmd
}
