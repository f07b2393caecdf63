package models

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// Sources reads each model's source file (the TFLite model) out of the
// npm tarball's bytes, keyed by model name, after checking the tarball
// against the pinned checksum. The files themselves are checked against
// SourceSHA256 by the converter.
func (m *Manifest) Sources(tgz []byte) (map[string][]byte, error) {
	if sum := sha256.Sum256(tgz); hex.EncodeToString(sum[:]) != m.TarballSHA256 {
		return nil, fmt.Errorf("tarball sha256 %x, manifest pins %s for %s@%s", sum, m.TarballSHA256, m.Package, m.Version)
	}
	files, err := Untar(tgz)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, mod := range m.Models {
		b, ok := files[mod.Source]
		if !ok {
			return nil, fmt.Errorf("tarball has no %s", mod.Source)
		}
		out[mod.Name] = b
	}
	return out, nil
}

// Untar reads every regular file of a gzipped tarball (an npm package),
// keyed by its path inside.
func Untar(tgz []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", h.Name, err)
		}
		files[h.Name] = b
	}
}
