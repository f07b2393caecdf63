package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Key is an API key's record (never the key itself).
type Key struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Prefix  string `json:"prefix"`
	Credits *int64 `json:"credits"` // nil = unlimited
	// AllowedOrigins may embed MotionLab in an iframe with this key and
	// receive its postMessage events (scheme://host[:port], no path).
	AllowedOrigins []string   `json:"allowed_origins,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	RevokedAt      *time.Time `json:"revoked_at,omitempty"`
}

// keyPrefix marks MotionLab keys so they are recognisable in logs and
// secret scanners.
const keyPrefix = "ml_"

// HashKey is the stored form of a key. Keys are 256 random bits, so a fast
// hash is enough (no password stretching needed); lookups compare hashes
// with a database index, and the server confirms with a constant-time
// comparison.
func HashKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// CreateKey makes a new key and returns its record and the secret, which is
// shown once and never stored.
func (s *Store) CreateKey(ctx context.Context, name string, credits *int64, callbackURL string, origins ...string) (*Key, string, error) {
	if name == "" {
		return nil, "", errors.New("a key needs a name")
	}
	var cb any
	if callbackURL != "" {
		cb = callbackURL
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, "", err
	}
	secret := keyPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	k := &Key{ID: NewID(), Name: name, Prefix: secret[:10], Credits: credits, CreatedAt: time.Now().UTC()}
	_, err := s.DB.ExecContext(ctx,
		`INSERT INTO api_keys (id, name, hash, prefix, credits, callback_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		k.ID, k.Name, HashKey(secret), k.Prefix, nullInt(credits), cb, k.CreatedAt.Format(time.RFC3339Nano))
	if err == nil && len(origins) > 0 {
		err = s.SetOrigins(ctx, k.ID, origins)
		k.AllowedOrigins = origins
	}
	if err != nil {
		return nil, "", fmt.Errorf("create key: %w", err)
	}
	return k, secret, nil
}

// KeyByHash finds an active key by the hash of the presented secret.
func (s *Store) KeyByHash(ctx context.Context, hash string) (*Key, string, error) {
	row := s.DB.QueryRowContext(ctx, `SELECT id, name, prefix, credits, created_at, COALESCE(allowed_origins, ''), hash FROM api_keys WHERE hash = ? AND revoked_at IS NULL`, hash)
	k, stored, err := scanKey(row)
	return k, stored, err
}

// KeyByID finds an active key by its id (embed tokens carry the id).
func (s *Store) KeyByID(ctx context.Context, id string) (*Key, error) {
	row := s.DB.QueryRowContext(ctx, `SELECT id, name, prefix, credits, created_at, COALESCE(allowed_origins, ''), hash FROM api_keys WHERE id = ? AND revoked_at IS NULL`, id)
	k, _, err := scanKey(row)
	return k, err
}

// SetOrigins replaces the origins allowed to embed MotionLab with the key
// (by id or prefix). Each must be an origin: http(s)://host[:port].
func (s *Store) SetOrigins(ctx context.Context, idOrPrefix string, origins []string) error {
	for _, o := range origins {
		if err := CheckOrigin(o); err != nil {
			return err
		}
	}
	var v any
	if len(origins) > 0 {
		v = strings.Join(origins, " ")
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE api_keys SET allowed_origins = ? WHERE (id = ? OR prefix = ?) AND revoked_at IS NULL`, v, idOrPrefix, idOrPrefix)
	if err != nil {
		return fmt.Errorf("set origins: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("no active key %q: %w", idOrPrefix, ErrNotFound)
	}
	return nil
}

// CheckOrigin accepts exactly a web origin as browsers send it in the
// Origin header: scheme http or https, a host, an optional port, nothing
// else. Origins go into a CSP header and postMessage's targetOrigin, so
// anything looser (paths, wildcards, spaces) is refused.
func CheckOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" ||
		u.Fragment != "" || u.User != nil || strings.ContainsAny(o, " *;,'\"") || u.Scheme+"://"+u.Host != o {
		return fmt.Errorf("origin %q: want scheme://host[:port], e.g. https://partner.example", o)
	}
	return nil
}

// ListKeys lists every key, revoked ones included.
func (s *Store) ListKeys(ctx context.Context) ([]Key, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, prefix, credits, created_at, revoked_at, COALESCE(allowed_origins, '') FROM api_keys WHERE prefix != '' ORDER BY created_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []Key
	for rows.Next() {
		var k Key
		var credits sql.NullInt64
		var created string
		var revoked sql.NullString
		var origins string
		if err := rows.Scan(&k.ID, &k.Name, &k.Prefix, &credits, &created, &revoked, &origins); err != nil {
			return nil, err
		}
		k.AllowedOrigins = strings.Fields(origins)
		if credits.Valid {
			k.Credits = &credits.Int64
		}
		k.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		if revoked.Valid {
			t, _ := time.Parse(time.RFC3339Nano, revoked.String)
			k.RevokedAt = &t
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// RevokeKey revokes the key with this id or prefix.
func (s *Store) RevokeKey(ctx context.Context, idOrPrefix string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE (id = ? OR prefix = ?) AND revoked_at IS NULL`,
		time.Now().UTC().Format(time.RFC3339Nano), idOrPrefix, idOrPrefix)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("no active key %q: %w", idOrPrefix, ErrNotFound)
	}
	return nil
}

// CountKeys is the number of active keys.
func (s *Store) CountKeys(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM api_keys WHERE revoked_at IS NULL`).Scan(&n)
	return n, err
}

func scanKey(row *sql.Row) (*Key, string, error) {
	var k Key
	var credits sql.NullInt64
	var created, origins, hash string
	if err := row.Scan(&k.ID, &k.Name, &k.Prefix, &credits, &created, &origins, &hash); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, "", ErrNotFound
		}
		return nil, "", err
	}
	if credits.Valid {
		k.Credits = &credits.Int64
	}
	k.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	k.AllowedOrigins = strings.Fields(origins)
	return &k, hash, nil
}

func nullInt(v *int64) any {
	if v == nil {
		return nil
	}
	return *v
}

// devKeyName is the built-in key of development mode; it has no secret
// (its hash matches no presentable key).
const devKeyName = "local development"

// DevKey returns (creating once) the key that development mode attributes
// keyless requests to. It is stored revoked, so it can never be presented.
func (s *Store) DevKey(ctx context.Context) (*Key, error) {
	var id, created string
	err := s.DB.QueryRowContext(ctx, `SELECT id, created_at FROM api_keys WHERE name = ? AND prefix = ''`, devKeyName).Scan(&id, &created)
	if errors.Is(err, sql.ErrNoRows) {
		now := time.Now().UTC().Format(time.RFC3339Nano)
		id = NewID()
		_, err = s.DB.ExecContext(ctx, `INSERT INTO api_keys (id, name, hash, prefix, created_at, revoked_at) VALUES (?, ?, ?, '', ?, ?)`,
			id, devKeyName, "dev:"+id, now, now)
		created = now
	}
	if err != nil {
		return nil, fmt.Errorf("development key: %w", err)
	}
	t, _ := time.Parse(time.RFC3339Nano, created)
	return &Key{ID: id, Name: devKeyName, CreatedAt: t}, nil
}

// GrantCredits adds n credits to a key; a key with unlimited credits
// becomes limited to n.
func (s *Store) GrantCredits(ctx context.Context, idOrPrefix string, n int64) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE api_keys SET credits = COALESCE(credits, 0) + ? WHERE (id = ? OR prefix = ?) AND revoked_at IS NULL`, n, idOrPrefix, idOrPrefix)
	if err != nil {
		return err
	}
	if c, _ := res.RowsAffected(); c == 0 {
		return fmt.Errorf("no active key %q: %w", idOrPrefix, ErrNotFound)
	}
	return nil
}

// WebhookVersion is the generation of a key's webhook secret.
func WebhookVersion(ctx context.Context, db DBTX, keyID string) (int64, error) {
	var v sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT webhook_version FROM api_keys WHERE id = ?`, keyID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return v.Int64, err
}

// KeyWebhookSecret returns an active key's (by id or prefix) current
// webhook secret; rotate first moves it to a new generation, after which
// the old secret no longer verifies.
func (s *Store) KeyWebhookSecret(ctx context.Context, secrets *Secrets, idOrPrefix string, rotate bool) (*Key, []byte, error) {
	var id string
	err := s.DB.QueryRowContext(ctx, `SELECT id FROM api_keys WHERE (id = ? OR prefix = ?) AND revoked_at IS NULL AND prefix <> ''`, idOrPrefix, idOrPrefix).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("no active key %q: %w", idOrPrefix, ErrNotFound)
	}
	if err != nil {
		return nil, nil, err
	}
	if rotate {
		if _, err := s.DB.ExecContext(ctx, `UPDATE api_keys SET webhook_version = COALESCE(webhook_version, 0) + 1 WHERE id = ?`, id); err != nil {
			return nil, nil, fmt.Errorf("rotate webhook secret: %w", err)
		}
	}
	v, err := WebhookVersion(ctx, s.DB, id)
	if err != nil {
		return nil, nil, err
	}
	k, err := s.KeyByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return k, secrets.KeyWebhook(id, v), nil
}

// KeyCallback is the key's default webhook URL ("" when none).
func KeyCallback(ctx context.Context, db DBTX, keyID string) (string, error) {
	var cb sql.NullString
	err := db.QueryRowContext(ctx, `SELECT callback_url FROM api_keys WHERE id = ?`, keyID).Scan(&cb)
	return cb.String, err
}
