package store

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Blobs is a folder of immutable files named by random ids. Names never
// come from user input; Open checks the form anyway.
type Blobs struct{ dir string }

var blobName = regexp.MustCompile(`^[0-9a-f]{32}(\.[a-z0-9]{1,8})?$`)

// NewBlobs uses (and creates) dir.
func NewBlobs(dir string) (*Blobs, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("blob folder: %w", err)
	}
	return &Blobs{dir: dir}, nil
}

// NewID returns a random 128-bit hex id.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b[:])
}

// Put writes r to a new blob with the given extension (e.g. ".mp4") and
// fsyncs it, so an acknowledged upload survives a crash. It returns the
// blob's name and size.
func (b *Blobs) Put(r io.Reader, ext string) (string, int64, error) {
	name := NewID() + ext
	if !blobName.MatchString(name) {
		return "", 0, fmt.Errorf("bad blob extension %q", ext)
	}
	tmp := filepath.Join(b.dir, name+".part")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return "", 0, err
	}
	n, err := io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(b.dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return "", 0, fmt.Errorf("write blob: %w", err)
	}
	return name, n, nil
}

// Path is the file behind a blob name (for OpenCV, which wants a path).
func (b *Blobs) Path(name string) (string, error) {
	if !blobName.MatchString(name) {
		return "", fmt.Errorf("bad blob name %q", name)
	}
	return filepath.Join(b.dir, name), nil
}

// Open opens a blob for reading.
func (b *Blobs) Open(name string) (*os.File, error) {
	p, err := b.Path(name)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// Remove deletes a blob; a missing one is not an error.
func (b *Blobs) Remove(name string) error {
	p, err := b.Path(name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
