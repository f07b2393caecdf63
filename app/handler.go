//go:build !wasm

package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Handler is the app's HTTP handler configuration; version names the
// build (service-worker cache and app.wasm URL).
func Handler(version string) *app.Handler {
	return &app.Handler{
		Name:            "MotionLab",
		ShortName:       "MotionLab",
		Title:           "MotionLab — video biomechanics",
		Description:     "Film a few seconds of running: cadence, ground contact, overstride, foot strike, joint angles and advice.",
		Lang:            "en",
		BackgroundColor: "#0f172a",
		ThemeColor:      "#0f172a",
		LoadingLabel:    "MotionLab is loading… {progress}%",
		Icon: app.Icon{
			Default:  "/web/icons/icon-192.png",
			Large:    "/web/icons/icon-512.png",
			Maskable: "/web/icons/icon-512.png",
		},
		Styles: []string{"/web/motionlab.css"},
		// The onnxruntime-web bridge for in-browser inference (see wasm/).
		Scripts:  []string{"/web/pose.js"},
		Version:  version,
		StartURL: "/",
	}
}
