package tests

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"motionlab/server/store"
)

// An S3 blob is read as a stream bound to the caller's context: nothing
// lands in the local cache (API processes never evict), a cancelled
// context ends the read, and a missing object is os.ErrNotExist. Path
// still downloads, for OpenCV.
func TestS3BlobsOpenStreams(t *testing.T) {
	s3 := startS3(t)
	for _, kv := range s3.env() {
		k, v, _ := cutEnv(kv)
		t.Setenv(k, v)
	}
	cfg, err := store.ParseS3URL(s3.blobsURL("streams"))
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	ctx := context.Background()
	b, err := store.NewS3Blobs(ctx, cfg, cache)
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.Repeat([]byte("motionlab "), 100_000) // 1 MB
	name, _, err := b.Put(bytes.NewReader(body), ".json")
	if err != nil {
		t.Fatal(err)
	}
	cached := filepath.Join(cache, name)
	if !fileExists(cached) {
		t.Error("Put kept no local copy for this process's workers (KeepUploads)")
	}
	b.Evict(name) // as a worker does after its job

	f, err := b.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(int64(len(body))-10, io.SeekStart); err != nil {
		t.Fatalf("seek: %v", err)
	}
	tail, err := io.ReadAll(f)
	f.Close()
	if err != nil || string(tail) != "motionlab " {
		t.Fatalf("read after seek: %q, %v", tail, err)
	}
	if fileExists(cached) {
		t.Error("Open left a copy in the local cache")
	}

	cctx, cancel := context.WithCancel(ctx)
	f, err = b.Open(cctx, name)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := io.ReadAll(f); err == nil {
		t.Error("a read with a cancelled context went on")
	}
	f.Close()

	if _, err := b.Open(ctx, store.NewID()+".json"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing blob: %v, want os.ErrNotExist", err)
	}
	p, err := b.Path(ctx, name)
	if err != nil || p != cached || !fileExists(p) {
		t.Errorf("Path = %q, %v: want the downloaded %s", p, err, cached)
	}

	// An api-role process keeps no copy of what it uploads.
	b.KeepUploads = false
	name2, _, err := b.Put(bytes.NewReader(body), ".json")
	if err != nil {
		t.Fatal(err)
	}
	if fileExists(filepath.Join(cache, name2)) {
		t.Error("an api-role Put left its upload in the local cache")
	}
	if f, err := b.Open(ctx, name2); err != nil {
		t.Errorf("the upload cannot be read back: %v", err)
	} else if got, _ := io.ReadAll(f); !bytes.Equal(got, body) {
		f.Close()
		t.Errorf("read back %d bytes, wrote %d", len(got), len(body))
	} else {
		f.Close()
	}
}
