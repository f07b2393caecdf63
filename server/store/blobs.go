package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// BlobStore keeps uploads and results: a local folder (Blobs, the
// default) or an S3-compatible object store (S3Blobs). Names are random or
// derived ids (never user input) and are checked on every call.
type BlobStore interface {
	// Put stores r under a new random name with extension ext.
	Put(r io.Reader, ext string) (string, int64, error)
	// PutAs stores r under name, replacing what was there, so a job step
	// that runs twice writes the same blob once (see DerivedName).
	PutAs(name string, r io.Reader) (int64, error)
	// Open reads the blob as a stream bound to ctx (cancelling ctx ends
	// an object store's transfer).
	Open(ctx context.Context, name string) (io.ReadSeekCloser, error)
	// Path is a local file holding the blob: only for OpenCV and ffmpeg,
	// which decode from a path (an object store downloads it first).
	Path(ctx context.Context, name string) (string, error)
	Remove(name string) error
}

// Blobs is a folder of immutable files named by random ids. Names never
// come from user input; Open checks the form anyway.
type Blobs struct{ dir string }

// DerivedName is the blob name of a job's output: the same analysis and
// label always give the same name, so a re-run job overwrites its own
// half-written outputs instead of adding new ones.
func DerivedName(id, label, ext string) string {
	h := sha256.Sum256([]byte("motionlab blob v1\x00" + id + "\x00" + label))
	return hex.EncodeToString(h[:16]) + ext
}

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
	n, err := b.PutAs(name, r)
	return name, n, err
}

// PutAs writes r to the blob name (fsynced, then renamed into place, so a
// reader never sees half a file).
func (b *Blobs) PutAs(name string, r io.Reader) (int64, error) {
	if !blobName.MatchString(name) {
		return 0, fmt.Errorf("bad blob name %q", name)
	}
	f, err := os.CreateTemp(b.dir, name+".*.part")
	if err != nil {
		return 0, err
	}
	tmp := f.Name()
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
	if err == nil {
		// The rename is durable only once the folder is synced.
		err = syncDir(b.dir)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("write blob: %w", err)
	}
	return n, nil
}

// syncDir fsyncs a folder, making renames and removals in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Sweep removes what a crash can leave in the folder: half-written
// `.part` files, and blobs no row refers to (an upload stored before its
// row committed, an /infer/video upload, outputs of a deleted analysis)
// that are older than minAge. Run it at start, before requests arrive.
func (b *Blobs) Sweep(referenced map[string]bool, minAge time.Duration) (removed []string, err error) {
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			continue
		}
		part := strings.HasSuffix(name, ".part")
		if !part && (!blobName.MatchString(name) || referenced[name]) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < minAge {
			continue
		}
		if err := os.Remove(filepath.Join(b.dir, name)); err != nil && !os.IsNotExist(err) {
			return removed, err
		}
		removed = append(removed, name)
	}
	if len(removed) > 0 {
		err = syncDir(b.dir)
	}
	return removed, err
}

// Path is the file behind a blob name (for OpenCV, which wants a path).
func (b *Blobs) Path(_ context.Context, name string) (string, error) {
	return b.file(name)
}

// file is the file behind a blob name.
func (b *Blobs) file(name string) (string, error) {
	if !blobName.MatchString(name) {
		return "", fmt.Errorf("bad blob name %q", name)
	}
	return filepath.Join(b.dir, name), nil
}

// Open opens a blob for reading: an *os.File.
func (b *Blobs) Open(ctx context.Context, name string) (io.ReadSeekCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := b.file(name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return f, nil
}

// Remove deletes a blob; a missing one is not an error.
func (b *Blobs) Remove(name string) error {
	p, err := b.file(name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
