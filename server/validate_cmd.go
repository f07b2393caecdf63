package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/stat"

	"motionlab/server/config"
	"motionlab/server/inference"
	"motionlab/server/pipeline"
	"motionlab/shared/analysis"
	"motionlab/shared/gait"
	"motionlab/shared/posetrack"
	"motionlab/shared/upload"
	"motionlab/shared/validation"
)

// validateOpts are validate's settings.
type validateOpts struct {
	cfg         config.Inference
	annotations string
	videos      string
	clips       []string
	variants    []string
	cache       string
	jsonOut     string
	events      bool
	floor       string
	updateFloor bool
	staleOthers string
	staleSets   []string
	jitter      float32
	kernels     string
}

func validateCmd() *cobra.Command {
	var o validateOpts
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Run the analyses on the hand-annotated clips and print how their events compare (ACCURACY.md)",
		Long: `validate runs MotionLab's analyses on every clip annotated in --annotations
(tests/validation/*.json, clips read from --videos) and prints, per clip and overall: contacts
found, missed and invented, touchdown and toe-off errors in frames, contact and flight time,
step frequency, jumps and their flight-time error, and repetitions. With --variants it also
analyses ffmpeg-made variants of each clip (mirrored, small, cropped, 15 fps, and of a clip longer
than an upload may be its first 9.9 s) and compares their
events with the original's.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runValidate(cmd.Context(), o) },
	}
	config.AddInferenceFlags(cmd.Flags(), &o.cfg)
	f := cmd.Flags()
	f.StringVar(&o.annotations, "annotations", filepath.Join("tests", "validation"), "folder of clip annotations (*.json)")
	f.StringVar(&o.videos, "videos", filepath.Join("..", "shared", "data", "videos"), "folder of the annotated clips")
	f.StringSliceVar(&o.clips, "clip", nil, "only these clips (file names)")
	f.StringSliceVar(&o.variants, "variants", nil, "robustness variants to run: mirror, small, crop, 15fps, upload (a clip's first 9.9 s, where it is longer than an upload may be) (or all)")
	f.StringVar(&o.cache, "cache", "", "reuse tracked keypoints from this folder (for tuning event detectors; keyed by clip, variant, model and CPU kernels)")
	f.StringVar(&o.jsonOut, "json", "", "also write the report as JSON to this file")
	f.BoolVar(&o.events, "events", false, "list every event: the annotation's frames against what the analysis found")
	f.StringVar(&o.floor, "floor", "", "fail (exit 3) when any figure falls below this floor file (tests/validation/floor.json); exit 4 where it marks this machine's CPU kernels family stale")
	f.BoolVar(&o.updateFloor, "update-floor", false, "write today's figures to the --floor file instead of checking them")
	f.StringVar(&o.staleOthers, "stale-others", "", "with --update-floor: mark every other CPU kernels family's figures stale, for this reason (a change measured on this family only; tests/validation/README.md)")
	f.StringSliceVar(&o.staleSets, "stale-sets", nil, "with --stale-others: only these sets' figures (clip/activity, e.g. sports2d_demo.mp4/jump, with their variants) are left behind")
	f.StringVar(&o.kernels, "kernels", inference.Kernels(), "the CPU kernels family the models run with, for the floor and the cache: set it only where ONNX Runtime was made to run another family's (tests/validation/avx2.sh)")
	f.Float32Var(&o.jitter, "jitter", 0, "scale the landmark model's x by 1+J and y by 1-J (1e-6: a ten-thousandth of a pixel) to see how far rounding alone moves the figures")
	return cmd
}

func runValidate(ctx context.Context, o validateOpts) error {
	files, err := filepath.Glob(filepath.Join(o.annotations, "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("validate: no annotations in %s", o.annotations)
	}
	// The floor file lives beside the annotations.
	files = slices.DeleteFunc(files, func(f string) bool { return filepath.Base(f) == "floor.json" })
	sort.Strings(files)
	if len(o.variants) == 1 && o.variants[0] == "all" {
		o.variants = []string{"mirror", "small", "crop", "15fps", "upload"}
	}
	if j := float64(o.jitter); math.IsNaN(j) || math.Abs(j) > 1e-3 {
		return fmt.Errorf("validate: --jitter %g: want a finite value within ±1e-3 (1e-6 is a ten-thousandth of a pixel)", j)
	}
	if o.jitter != 0 && o.updateFloor {
		return errors.New("validate: --update-floor records unjittered figures only")
	}
	if o.staleOthers != "" && !o.updateFloor || len(o.staleSets) > 0 && o.staleOthers == "" {
		return errors.New("validate: --stale-others goes with --update-floor, --stale-sets with --stale-others")
	}
	eng, err := inference.NewEngine(o.cfg.Engine())
	if err != nil {
		return err
	}
	defer eng.Close()
	eng.SetJitter(o.jitter)
	v := validator{opts: o, eng: eng}
	rep := validation.Report{Model: o.cfg.Model, Kernels: o.kernels, Jitter: o.jitter, ShowEvents: o.events}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		ann, err := validation.Parse(data)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if len(o.clips) > 0 && !slices.Contains(o.clips, ann.Clip) {
			continue
		}
		if err := v.clip(ctx, ann, &rep); err != nil {
			return err
		}
	}
	rep.Total = validation.Total(rep.Sets)
	rep.Goals = validation.Goals(rep)
	rep.Print(os.Stdout)
	if o.jsonOut != "" {
		if err := writeJSON(o.jsonOut, rep); err != nil {
			return err
		}
	}
	return checkFloor(o, rep)
}

// checkFloor compares the report with the floor file's figures for this
// machine's CPU kernels, or records them there.
func checkFloor(o validateOpts, rep validation.Report) error {
	if o.floor == "" {
		return nil
	}
	fs, err := readFloors(o.floor)
	if err != nil && !(o.updateFloor && errors.Is(err, os.ErrNotExist)) {
		return err
	}
	if o.updateFloor {
		var stale *validation.Staleness
		if o.staleOthers != "" {
			stale = &validation.Staleness{Reason: o.staleOthers, Sets: o.staleSets}
		}
		fs.Record(rep.Kernels, rep, o.clips, stale)
		return writeJSON(o.floor, fs)
	}
	fl, measured := fs.For(rep.Kernels)
	fl = fl.Only(o.clips)
	which := rep.Kernels + " kernels"
	if !measured {
		which = fmt.Sprintf("never measured on %s kernels: the lowest of %d families", rep.Kernels, len(fs.Kernels))
	}
	if st, stale := fs.Stale[rep.Kernels]; stale {
		if len(st.Sets) == 0 {
			return &exitError{code: 4, err: fmt.Errorf("floor not checked: %s's %s figures are stale (%s); "+
				"record them with `make validate-floor` on this machine, or check the avx2 family's here with tests/validation/avx2.sh", o.floor, rep.Kernels, st.Reason)}
		}
		fl = fl.Without(st.Covers)
		fmt.Printf("\nnot checked: %s's %s figures of %s are stale (%s); tests/validation/avx2.sh checks the avx2 family's here\n",
			o.floor, rep.Kernels, strings.Join(st.Sets, ", "), st.Reason)
	}
	if bad := fl.Check(rep); len(bad) > 0 {
		return &exitError{code: 3, err: fmt.Errorf("below the accuracy floor (%s, %s):\n  %s", o.floor, which, strings.Join(bad, "\n  "))}
	}
	fmt.Printf("\nfloor holds: %s (%s)\n", o.floor, which)
	return nil
}

// readFloors reads a floor file (an empty set of floors when it is
// missing, with the error).
func readFloors(path string) (validation.Floors, error) {
	fs := validation.Floors{Kernels: map[string]validation.Floor{}}
	b, err := os.ReadFile(path)
	if err != nil {
		return fs, fmt.Errorf("validate: floor: %w", err)
	}
	if err := json.Unmarshal(b, &fs); err != nil {
		return fs, fmt.Errorf("validate: floor %s: %w", path, err)
	}
	if len(fs.Kernels) == 0 {
		return fs, fmt.Errorf("validate: floor %s: no floor per CPU kernels family (want {\"kernels\": {\"avx2\": …}})", path)
	}
	return fs, nil
}

type validator struct {
	opts validateOpts
	eng  *inference.Engine
}

func (v *validator) clip(ctx context.Context, ann *validation.File, rep *validation.Report) error {
	src := filepath.Join(v.opts.videos, ann.Clip)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("validate: clip %s: %w", ann.Clip, err)
	}
	fmt.Fprintf(os.Stderr, "validate: %s\n", ann.Clip)
	orig, err := v.track(ctx, src, ann.Clip, "")
	if err != nil {
		return err
	}
	if math.Abs(orig.FPS-ann.FPS) > 0.05 {
		return fmt.Errorf("validate: %s decodes at %.3f frames/s, annotated at %.3f", ann.Clip, orig.FPS, ann.FPS)
	}
	variants := map[string]*posetrack.Recording{} // each made and tracked once per clip
	for _, set := range ann.Sets {
		det, bh := detect(orig, set.Activity)
		s := validation.Compare(set, orig.FPS, det)
		s.Clip = ann.Clip
		rep.Sets = append(rep.Sets, s)
		if set.Activity == analysis.Lift || len(set.Contacts)+len(set.Flights) == 0 {
			continue // repetitions are slow, and nothing to find is nothing to compare
		}
		for _, name := range v.opts.variants {
			if name == "upload" && float64(len(orig.People))/orig.FPS <= upload.MaxSeconds {
				continue // the whole clip is an upload's worth
			}
			vt := variants[name]
			if vt == nil {
				var err error
				if vt, err = v.variant(ctx, src, ann.Clip, name, bh, orig, ann.Sets); err != nil {
					return err
				}
				variants[name] = vt
			}
			vd, _ := detect(vt, set.Activity)
			judged := set
			if name == "upload" {
				judged = validation.Cut(set, len(vt.People))
			}
			c := validation.CompareVariantCredited(judged, det, orig.FPS, vd, vt.FPS)
			c.Clip, c.Activity, c.Variant = ann.Clip, set.Activity, name
			rep.Variants = append(rep.Variants, c)
		}
	}
	return nil
}

// variant makes a variant of src with ffmpeg in a temporary folder and
// tracks it.
func (v *validator) variant(ctx context.Context, src, clip, name string, bodyPx float64, orig *posetrack.Recording, sets []validation.Set) (*posetrack.Recording, error) {
	var vf []string
	switch name {
	case "upload":
		// The stream copied from the first frame (a keyframe): the
		// original's pixels, on every machine.
	case "mirror":
		vf = []string{"hflip"}
	case "small":
		// Until the athlete is about 150 px tall (never upscaled).
		s := min(1, 150/max(bodyPx, 1))
		// accurate_rnd+bitexact: swscale's vector code gives the C code's
		// pixels on every CPU (without, its output depends on the CPU).
		vf = []string{fmt.Sprintf("scale=trunc(iw*%.4f/2)*2:trunc(ih*%.4f/2)*2:flags=bicubic+accurate_rnd+bitexact", s, s)}
	case "crop":
		// Off-centre, never into the athletes (validation.Crop).
		x1, y1, x2, y2 := athletesBox(orig, sets)
		x, y, w, h := validation.Crop(orig.Width, orig.Height, x1, y1, x2, y2)
		vf = []string{fmt.Sprintf("crop=%d:%d:%d:%d", w, h, x, y)}
	case "15fps":
		vf = []string{"fps=15"}
		if orig.FPS < 20 {
			vf = []string{fmt.Sprintf("fps=%.3f", orig.FPS/2)}
		}
	default:
		return nil, fmt.Errorf("validate: unknown variant %q (mirror, small, crop, 15fps, upload)", name)
	}
	if t := v.cached(clip, name); t != nil {
		return t, nil // no need to make the video again
	}
	dir, err := os.MkdirTemp("", "motionlab-validate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, strings.TrimSuffix(clip, filepath.Ext(clip))+"-"+name+".mp4")
	// Lossless (-qp 0): the variant's frames are the filter's, pixel for
	// pixel, on every machine. A lossy x264 encode differs with the CPU's
	// vector instructions (its lookahead computes in floats), and so did the
	// variants' figures between AVX2 and AVX-512 machines.
	args := []string{"-v", "error", "-y", "-i", src, "-vf", strings.Join(vf, ","), "-an",
		"-c:v", "libx264", "-qp", "0", "-preset", "veryfast", "-pix_fmt", "yuv420p", out}
	if name == "upload" {
		args = []string{"-v", "error", "-y", "-i", src, "-t", strconv.FormatFloat(upload.MaxSeconds-0.1, 'f', 1, 64), "-an", "-c:v", "copy", out}
	}
	if b, err := exec.CommandContext(ctx, "ffmpeg", args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("validate: ffmpeg variant %s of %s: %v: %s", name, clip, err, b)
	}
	return v.track(ctx, out, clip, name)
}

// athletesBox is where the athletes of a clip's annotated activities (the
// person each analysis follows) are over the clip: the 2nd and 98th
// percentiles of their boxes' edges, so that a frame or two of wild
// keypoints does not decide it.
func athletesBox(orig *posetrack.Recording, sets []validation.Set) (x1, y1, x2, y2 float64) {
	var xs1, ys1, xs2, ys2 []float64
	for _, set := range sets {
		req := analysis.Defaults()
		req.Activity = set.Activity
		a := posetrack.ChooseAthlete(orig.People, orig.FPS, orig.Width, orig.Height, req.VerticalAthlete(), orig.Camera)
		for _, p := range a.Raw.Frames {
			if p != nil {
				b := p.Box
				xs1, ys1, xs2, ys2 = append(xs1, float64(b.X1)), append(ys1, float64(b.Y1)), append(xs2, float64(b.X2)), append(ys2, float64(b.Y2))
			}
		}
	}
	if len(xs1) == 0 {
		return 0, 0, float64(orig.Width), float64(orig.Height)
	}
	q := func(v []float64, p float64) float64 {
		sort.Float64s(v)
		return stat.Quantile(p, stat.Empirical, v, nil)
	}
	return q(xs1, 0.02), q(ys1, 0.02), q(xs2, 0.98), q(ys2, 0.98)
}

// cacheFile is where --cache keeps a clip's (or variant's) tracking.
func (v *validator) cacheFile(clip, variant string) string {
	if v.opts.cache == "" {
		return ""
	}
	name := fmt.Sprintf("%s-%s-%s-%s", clip, variant, v.opts.cfg.Model, v.opts.kernels)
	if v.opts.jitter != 0 {
		name += fmt.Sprintf("-jitter%g", v.opts.jitter)
	}
	return filepath.Join(v.opts.cache, name+".json")
}

// cached is the tracking --cache holds for a clip or variant, or nil.
func (v *validator) cached(clip, variant string) *posetrack.Recording {
	b, err := os.ReadFile(v.cacheFile(clip, variant))
	if err != nil {
		return nil
	}
	var t posetrack.Recording
	if json.Unmarshal(b, &t) != nil {
		return nil
	}
	return &t
}

// track runs the pose pipeline on path, or reads it from the cache.
func (v *validator) track(ctx context.Context, path, clip, variant string) (*posetrack.Recording, error) {
	if t := v.cached(clip, variant); t != nil {
		return t, nil
	}
	cached := v.cacheFile(clip, variant)
	res, err := pipeline.Run(ctx, path, v.eng, nil)
	if err != nil {
		return nil, fmt.Errorf("validate: %s: %w", path, err)
	}
	t := &posetrack.Recording{FPS: res.Info.FPS, Width: res.Info.Width, Height: res.Info.Height, People: res.People, Camera: res.Camera}
	if cached != "" {
		if err := os.MkdirAll(v.opts.cache, 0o755); err != nil {
			return nil, err
		}
		if err := writeJSON(cached, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// detect runs the activity's analysis the way the server does (athlete
// chosen by activity, then cleaned, then analysed) and returns its events
// in the annotation's conventions, with the athlete's body height in px.
func detect(t *posetrack.Recording, activity string) (validation.Detected, float64) {
	req := analysis.Defaults()
	req.Activity = activity
	a := posetrack.ChooseAthlete(t.People, t.FPS, t.Width, t.Height, req.VerticalAthlete(), t.Camera)
	bh := gait.BodyHeightPixels(a.Clean.Frames)
	clean := a.Clean
	clean.Camera = t.Camera
	r, err := analysis.Calculate(clean, req)
	d := validation.Detected{Sure: gait.LowConfidence}
	if err != nil {
		// An athlete never seen (analysis.ErrNothing) or a real error.
		d.Reason = err.Error()
		if !errors.Is(err, analysis.ErrNothing) {
			d.Reason = "error: " + d.Reason
		}
		return d, bh
	}
	if !r.Judged() {
		// Found nothing: the outcome's reason and sentence; its sections
		// hold no event to score.
		d.Reason = r.Outcome.Reason + ": " + r.Outcome.Message
		return d, bh
	}
	switch {
	case r.Result != nil && r.SideView != nil:
		m := r.SideView.Metrics
		for _, s := range m.Steps {
			d.Contacts = append(d.Contacts, validation.Contact{Foot: string(s.Foot), Touchdown: s.Contact.Contact, ToeOff: s.ToeOff - 1, Confidence: s.ShownConfidence()})
		}
		d.ContactTimeS, d.FlightTimeS = m.ContactTime.Mean, m.FlightTime.Mean
		d.StepFrequency = m.Cadence / 60
	case r.Sprint != nil:
		for _, s := range r.Sprint.Steps {
			d.Contacts = append(d.Contacts, validation.Contact{Foot: string(s.Foot), Touchdown: s.ContactFrame, ToeOff: s.ToeOffFrame - 1, Confidence: s.Confidence})
		}
		d.ContactTimeS, d.FlightTimeS, d.StepFrequency = r.Sprint.ContactTime.Mean, r.Sprint.FlightTime.Mean, r.Sprint.StepFrequency.Mean
		d.Start = &validation.Start{Kind: r.Sprint.Start.Kind, Frame: r.Sprint.Start.Frame}
	case r.Jump != nil:
		for _, j := range r.Jump.Jumps {
			d.Flights = append(d.Flights, validation.Flight{Takeoff: j.TakeoffFrame, Landing: j.LandingFrame, FlightTimeS: j.FlightTimeS})
		}
	case r.Lift != nil:
		for _, rp := range r.Lift.Reps {
			d.Reps = append(d.Reps, validation.Rep{Start: rp.StartFrame, Bottom: rp.BottomFrame, End: rp.EndFrame})
		}
	}
	return d, bh
}
