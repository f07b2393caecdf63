//go:build js && wasm

// Command wasm is MotionLab's web app in the browser (GOOS=js GOARCH=wasm).
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	mlapp "motionlab/app"
)

func main() {
	mlapp.LocalRunner = runLocal
	mlapp.Routes()
	app.RunWhenOnBrowser()
}
