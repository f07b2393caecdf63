// Package models describes the pose models MotionLab runs: where each one
// comes from (a pinned npm tarball), the checksums of source and converted
// file, its keypoint layout and the decoder that reads its outputs.
package models

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

//go:embed manifest.json
var manifestJSON []byte

// Manifest is models/manifest.json.
type Manifest struct {
	Package       string  `json:"package"`
	Version       string  `json:"version"`
	License       string  `json:"license"`
	TarballSHA256 string  `json:"tarball_sha256"`
	Models        []Model `json:"models"`
}

// Model is one converted model.
type Model struct {
	Name         string `json:"name"`
	File         string `json:"file"`
	Source       string `json:"source"` // path inside the npm tarball
	SourceSHA256 string `json:"source_sha256"`
	ONNXSHA256   string `json:"onnx_sha256"`
	Input        string `json:"input"`
	InputShape   []int  `json:"input_shape"`
	Layout       string `json:"layout,omitempty"` // keypoint layout, for landmark models
	Decoder      string `json:"decoder"`
	// Outputs are the outputs converted, when not all of the source's
	// (what MotionLab reads; the converter drops the rest).
	Outputs []string `json:"outputs,omitempty"`
}

// Load returns the manifest compiled into the binary.
func Load() (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(manifestJSON, &m); err != nil {
		return nil, fmt.Errorf("parse models/manifest.json: %w", err)
	}
	return &m, nil
}

// Find returns the model called name.
func (m *Manifest) Find(name string) (*Model, error) {
	for i := range m.Models {
		if m.Models[i].Name == name {
			return &m.Models[i], nil
		}
	}
	return nil, fmt.Errorf("unknown model %q", name)
}

// DefaultDir is where converted models live unless MOTIONLAB_MODELS says
// otherwise: the git-ignored .cache/models of the checkout.
func DefaultDir() string {
	if d := os.Getenv("MOTIONLAB_MODELS"); d != "" {
		return d
	}
	return filepath.Join(".cache", "models")
}

// Path returns the converted file of model name in dir, or an error saying
// how to create it when it is missing.
func (m *Manifest) Path(dir, name string) (string, error) {
	mod, err := m.Find(name)
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, mod.File)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("model %s not found at %s (run `make setup` to download and convert the models): %w", name, p, err)
	}
	return p, nil
}
