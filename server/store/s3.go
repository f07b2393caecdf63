package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"motionlab/shared/upload"
)

// S3Blobs keeps blobs in an S3-compatible bucket. Open streams an object
// with the caller's context; a local folder caches the blobs this process
// wrote and those Path downloaded, for OpenCV, which decodes from a path (a
// worker downloads a video once and reads it from disk). An upload is
// acknowledged only after PutObject has returned, i.e. the object store
// holds it durably.
type S3Blobs struct {
	client *minio.Client
	bucket string
	prefix string
	cache  *Blobs
	// KeepUploads keeps a written blob's local copy, for a process whose
	// workers will read it (role all); an api-role process drops it once
	// the bucket has it.
	KeepUploads bool
	// timeout bounds each object-store call.
	timeout time.Duration
}

// S3Config is parsed from --blobs s3://BUCKET?endpoint=HOST:PORT&…
type S3Config struct {
	Bucket   string
	Endpoint string
	Region   string
	Prefix   string // key prefix inside the bucket, e.g. "motionlab/"
	Secure   bool   // https to the endpoint
	// Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
	// (or MINIO_ACCESS_KEY / MINIO_SECRET_KEY), never from the URL.
}

// ParseS3URL reads s3://bucket?endpoint=host:port&region=r&prefix=p&secure=true.
func ParseS3URL(raw string) (S3Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return S3Config{}, fmt.Errorf("--blobs %q: want s3://BUCKET?endpoint=HOST:PORT", raw)
	}
	q := u.Query()
	c := S3Config{Bucket: u.Host, Endpoint: q.Get("endpoint"), Region: q.Get("region"), Prefix: q.Get("prefix")}
	if c.Endpoint == "" {
		c.Endpoint = "s3.amazonaws.com"
		c.Secure = true
	}
	if s := q.Get("secure"); s != "" {
		if c.Secure, err = strconv.ParseBool(s); err != nil {
			return S3Config{}, fmt.Errorf("--blobs secure=%q: %w", s, err)
		}
	}
	if c.Region == "" {
		// A fixed region keeps presigning local (no bucket-location lookup).
		c.Region = "us-east-1"
	}
	return c, nil
}

// NewS3Blobs connects to the bucket (creating it when missing) and uses
// cacheDir for local copies.
func NewS3Blobs(ctx context.Context, c S3Config, cacheDir string) (*S3Blobs, error) {
	creds := credentials.NewChainCredentials([]credentials.Provider{&credentials.EnvAWS{}, &credentials.EnvMinio{}})
	client, err := minio.New(c.Endpoint, &minio.Options{
		Creds:        creds,
		Secure:       c.Secure,
		Region:       c.Region,
		BucketLookup: minio.BucketLookupPath, // works with every S3-compatible server
	})
	if err != nil {
		return nil, fmt.Errorf("s3 client: %w", err)
	}
	cache, err := NewBlobs(cacheDir)
	if err != nil {
		return nil, err
	}
	ok, err := client.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3 bucket %s at %s: %w", c.Bucket, c.Endpoint, err)
	}
	if !ok {
		if err := client.MakeBucket(ctx, c.Bucket, minio.MakeBucketOptions{Region: c.Region}); err != nil {
			// Another process may have made it meanwhile.
			if ok, err2 := client.BucketExists(ctx, c.Bucket); err2 != nil || !ok {
				return nil, fmt.Errorf("create s3 bucket %s: %w", c.Bucket, err)
			}
		}
	}
	return &S3Blobs{client: client, bucket: c.Bucket, prefix: c.Prefix, cache: cache, timeout: 5 * time.Minute, KeepUploads: true}, nil
}

func (s *S3Blobs) key(name string) (string, error) {
	if !blobName.MatchString(name) {
		return "", fmt.Errorf("bad blob name %q", name)
	}
	return s.prefix + name, nil
}

// Put stores r under a new random name.
func (s *S3Blobs) Put(r io.Reader, ext string) (string, int64, error) {
	name := NewID() + ext
	n, err := s.PutAs(name, r)
	if err != nil {
		return "", 0, err
	}
	return name, n, nil
}

// PutAs writes r to the local cache (fsynced) and then to the bucket; it
// returns once the object store has acknowledged the whole object.
func (s *S3Blobs) PutAs(name string, r io.Reader) (int64, error) {
	key, err := s.key(name)
	if err != nil {
		return 0, err
	}
	n, err := s.cache.PutAs(name, r)
	if err != nil {
		return 0, err
	}
	p, _ := s.cache.file(name)
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if _, err := s.client.FPutObject(ctx, s.bucket, key, p, minio.PutObjectOptions{ContentType: contentType(name)}); err != nil {
		s.cache.Remove(name)
		return 0, fmt.Errorf("upload blob %s: %w", name, err)
	}
	if !s.KeepUploads {
		s.cache.Remove(name) // an api-role process never reads it again
	}
	return n, nil
}

// Path downloads the blob into the cache unless it is there already.
func (s *S3Blobs) Path(ctx context.Context, name string) (string, error) {
	key, err := s.key(name)
	if err != nil {
		return "", err
	}
	p, _ := s.cache.file(name)
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	// Download beside the final name, then rename: concurrent readers of
	// the same blob never see a partial file.
	tmp, err := os.CreateTemp(filepath.Dir(p), name+".*.dl")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := s.client.FGetObject(ctx, s.bucket, key, tmp.Name(), minio.GetObjectOptions{}); err != nil {
		return "", s.readError(name, "download", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return "", err
	}
	return p, nil
}

// Open streams the object with ctx (a copy this process holds in its
// cache is read from disk instead); nothing is downloaded to disk.
func (s *S3Blobs) Open(ctx context.Context, name string) (io.ReadSeekCloser, error) {
	key, err := s.key(name)
	if err != nil {
		return nil, err
	}
	if f, err := s.cache.Open(ctx, name); err == nil {
		return f, nil
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s.readError(name, "read", err)
	}
	// GetObject is lazy: Stat makes the request, so a missing object is
	// an error here rather than at the first read.
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		return nil, s.readError(name, "read", err)
	}
	return obj, nil
}

// readError is err of reading blob name, os.ErrNotExist when the object
// is not there.
func (s *S3Blobs) readError(name, doing string, err error) error {
	var e minio.ErrorResponse
	if errors.As(err, &e) && e.Code == "NoSuchKey" {
		return fmt.Errorf("blob %s: %w", name, os.ErrNotExist)
	}
	return fmt.Errorf("%s blob %s: %w", doing, name, err)
}

// Remove deletes the object and its cached copy.
func (s *S3Blobs) Remove(name string) error {
	key, err := s.key(name)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("remove blob %s: %w", name, err)
	}
	return s.cache.Remove(name)
}

// Evict drops the local copy (the object stays): workers call it after a
// job so their disks do not fill with every video they processed.
func (s *S3Blobs) Evict(name string) { s.cache.Remove(name) }

// PresignGet is a time-limited URL that fetches the blob straight from the
// object store, so API processes do not relay video bytes.
func (s *S3Blobs) PresignGet(ctx context.Context, name string, ttl time.Duration) (string, error) {
	key, err := s.key(name)
	if err != nil {
		return "", err
	}
	params := url.Values{}
	params.Set("response-content-type", contentType(name))
	u, err := s.client.PresignedGetObject(ctx, s.bucket, key, ttl, params)
	if err != nil {
		return "", fmt.Errorf("presign %s: %w", name, err)
	}
	return u.String(), nil
}

// contentType is what a blob is stored and served as: videos by the
// upload rules' table, anything else by the standard library's.
func contentType(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if t, ok := upload.VideoTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
