package api

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"motionlab/server/store"
	"motionlab/shared/analysis"
	"motionlab/shared/export"
	"motionlab/shared/gait"
	"motionlab/shared/measure"
	"motionlab/shared/pose"
	"motionlab/shared/track"
)

// exportTypes are each format's media type and file extension.
var exportTypes = map[string][2]string{
	"json": {"application/json", "json"},
	"csv":  {"text/csv; charset=utf-8", "csv"},
	"trc":  {"text/plain; charset=utf-8", "trc"},
	"mot":  {"text/plain; charset=utf-8", "mot"},
}

func (s *Server) export(ctx context.Context, family string, in *exportInput) (*huma.StreamResponse, error) {
	a, activity, tr, err := s.exportData(ctx, family, in.ID)
	if err != nil {
		return nil, err
	}
	format := in.Format
	if format == "" {
		format = "json"
	}
	angles, err := s.angles(ctx, a, len(tr.Frames))
	if err != nil {
		return nil, err
	}
	p, _ := storedParams(a)
	d := export.Data{FPS: tr.FPS, Frames: tr.Frames, Angles: angles, ImageHeight: tr.Height, Name: a.ID}
	if d.PixelsPerMetre, err = s.scale(ctx, a, tr, p); err != nil {
		return nil, err
	}
	if format == "trc" && (d.PixelsPerMetre <= 0 || d.ImageHeight <= 0) {
		return nil, NewError(http.StatusUnprocessableEntity, "no_scale", "the athlete's body was not seen well enough to scale pixels to metres for a .trc export")
	}
	if d.Contacts, d.Flights, d.Reps, err = s.exportEvents(ctx, a); err != nil {
		return nil, err
	}
	if format == "csv" {
		ms, err := s.measurements(ctx, a)
		if err != nil {
			return nil, err
		}
		d.Measurements = exportMeasurements(ms)
	}
	var body any
	if format == "json" {
		e := exportJSON{SessionID: a.ID, Activity: activity, FPS: tr.FPS, Timestamps: timestamps(tr),
			Keypoints: keypointRows(tr.Frames), Angles: angleSeries(angles), Exported: time.Now().UTC()}
		for _, pt := range pose.BlazePose33.Points {
			e.Layout = append(e.Layout, pt.Name)
		}
		if e.Measurements, err = s.measurements(ctx, a); err != nil {
			return nil, err
		}
		if a.Calculated != "" {
			if e.Metrics, err = s.calculated(ctx, a); err != nil {
				return nil, err
			}
		}
		body = e
	}
	t := exportTypes[format]
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", t[0])
		hc.SetHeader("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.%s"`, family, a.ID, t[1]))
		hc.SetStatus(http.StatusOK)
		w := hc.BodyWriter()
		var err error
		switch format {
		case "json":
			err = json.NewEncoder(w).Encode(body)
		case "csv":
			err = export.CSV(w, d)
		case "trc":
			err = export.TRC(w, d)
		case "mot":
			err = export.MOT(w, d)
		}
		if err != nil {
			// The status line is out; all that is left is to log it.
			slog.Warn("export", "session", a.ID, "format", format, "err", err)
		}
	}}, nil
}

// scale is the analysis's stored scale (pixels per metre); for an
// analysis stored before calculated_data carried it, the same rule on its
// track.
func (s *Server) scale(ctx context.Context, a *store.Analysis, tr *track.Track, p analysis.Params) (float64, error) {
	if a.Calculated != "" {
		calc, err := s.calculated(ctx, a)
		if err != nil {
			return 0, err
		}
		if calc.PixelsPerMetre > 0 {
			return calc.PixelsPerMetre, nil
		}
	}
	return p.PixelsPerMetre(gait.BodyHeightPixels(tr.Frames)), nil
}

// exportEvents are the ground contacts, a jump's flights or a lift's
// repetitions in use (a coach's edit, or the detector's), for the CSV and
// TRC exports; nil where the analysis has none.
func (s *Server) exportEvents(ctx context.Context, a *store.Analysis) ([]export.Contact, []export.Flight, []export.Rep, error) {
	if a.Calculated == "" {
		return nil, nil, nil, nil
	}
	calc, err := s.calculated(ctx, a)
	if err != nil {
		return nil, nil, nil, err
	}
	switch {
	case calc.Jump != nil:
		fs := []export.Flight{}
		for _, f := range analysis.FlightsInUse(calc) {
			fs = append(fs, export.Flight{Takeoff: f.TakeoffFrame, Landing: f.LandingFrame, Source: f.Source})
		}
		return nil, fs, nil, nil
	case calc.Lift != nil:
		rs := []export.Rep{}
		for _, r := range analysis.RepsInUse(calc) {
			rs = append(rs, export.Rep{Start: r.StartFrame, Bottom: r.BottomFrame, End: r.EndFrame, Source: r.Source})
		}
		return nil, nil, rs, nil
	}
	var out []export.Contact
	if calc.Events != nil {
		for _, c := range calc.Events.Contacts {
			out = append(out, export.Contact{Foot: string(c.Foot), From: c.Contact.Contact, To: c.ToeOff, Source: c.Source})
		}
		return out, nil, nil, nil
	}
	for _, c := range analysis.DetectedContacts(calc) {
		out = append(out, export.Contact{Foot: string(c.Foot), From: c.Contact, To: c.ToeOff, Source: analysis.SourceDetected})
	}
	return out, nil, nil, nil
}

// exportMeasurements are the measure tool's values as CSV columns: a
// distance in metres where the analysis has a scale (else pixels), an
// angle in degrees.
func exportMeasurements(ms []measure.Measurement) []export.Measurement {
	out := make([]export.Measurement, 0, len(ms))
	for _, m := range ms {
		e := export.Measurement{Kind: m.Kind, Frame: m.Frame, Unit: "deg", Value: m.Degrees}
		if m.Kind == measure.Distance {
			e.Unit, e.Value = "px", m.Pixels
			if m.Metres != nil {
				e.Unit, e.Value = "m", *m.Metres
			}
		}
		out = append(out, e)
	}
	return out
}
