package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"motionlab/models"
)

// run converts every model of the manifest from the tarball into out and
// checks each checksum against the manifest (or records them with update).
func run(tarball, out string, update bool) error {
	man, err := models.Load()
	if err != nil {
		return err
	}
	tgz, err := os.ReadFile(tarball)
	if err != nil {
		return fmt.Errorf("read tarball: %w", err)
	}
	files, err := man.Sources(tgz)
	if err != nil {
		return fmt.Errorf("%s: %w", tarball, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for i := range man.Models {
		mod := &man.Models[i]
		src := files[mod.Name]
		if err := check(update, &mod.SourceSHA256, sha256hex(src), mod.Source); err != nil {
			return err
		}
		onnxBytes, err := Convert(src, mod.Name, mod.Outputs)
		if err != nil {
			return fmt.Errorf("convert %s: %w", mod.Source, err)
		}
		if err := check(update, &mod.ONNXSHA256, sha256hex(onnxBytes), mod.File); err != nil {
			return err
		}
		dst := filepath.Join(out, mod.File)
		if err := writeAtomic(dst, onnxBytes); err != nil {
			return err
		}
		slog.Info("converted", "model", mod.Name, "file", dst, "bytes", len(onnxBytes))
	}
	if update {
		b, err := json.MarshalIndent(man, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join("models", "manifest.json"), append(b, '\n'), 0o644)
	}
	return nil
}

func check(update bool, pinned *string, got, what string) error {
	if update {
		*pinned = got
		return nil
	}
	if *pinned != got {
		return fmt.Errorf("%s: sha256 %s, manifest says %s (conversion changed? rerun with -update-manifest and review)", what, got, *pinned)
	}
	return nil
}

func writeAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
