package api

import (
	"context"
	"encoding/json"
	"io"

	"motionlab/server/inference"
	"motionlab/server/store"
)

// The API's dependencies are small interfaces, so the SQLite store, local
// blob folder and River-on-SQLite queue of the single binary can be swapped
// for PostgreSQL, S3 and River-on-PostgreSQL without touching handlers.

// Metadata reads keys and analyses.
type Metadata interface {
	KeyByHash(ctx context.Context, hash string) (*store.Key, string, error)
	Analysis(ctx context.Context, keyID, id string) (*store.Analysis, error)
	Analyses(ctx context.Context, keyID string, limit, offset int) ([]store.Analysis, int, error)
	Unfinished(ctx context.Context) (int, error)
	DeleteAnalysis(ctx context.Context, keyID, id string) ([]string, error)
	InsertBrowserAnalysis(ctx context.Context, a *store.Analysis, o store.Outputs) error
	SetCalculated(ctx context.Context, keyID, id, old, blob string, params json.RawMessage) error
	KeyByID(ctx context.Context, id string) (*store.Key, error)
	CreateScan(ctx context.Context, keyID string) (*store.Scan, error)
	Scan(ctx context.Context, keyID, id string) (*store.Scan, error)
}

// Files stores uploads and results.
type Files interface {
	Put(r io.Reader, ext string) (string, int64, error)
	// PutAs replaces the blob name (an analysis's measurements).
	PutAs(name string, r io.Reader) (int64, error)
	// Open reads a blob as a stream bound to ctx.
	Open(ctx context.Context, name string) (io.ReadSeekCloser, error)
	// Path is a local file holding the blob, only for OpenCV, which
	// decodes from a path.
	Path(ctx context.Context, name string) (string, error)
	Remove(name string) error
}

// Queue accepts analyses (row and job durably, together) and requests
// annotated videos.
type Queue interface {
	Submit(ctx context.Context, a *store.Analysis) error
	RequestRender(ctx context.Context, id string) error
	RequestRerender(ctx context.Context, id, calculated string) error
	SubmitScan(ctx context.Context, id, blob string) error
	Stop(ctx context.Context) error
}

// QueueFactory starts the job workers once the engines are loaded.
type QueueFactory func(ctx context.Context, pool *inference.Pool) (Queue, error)
