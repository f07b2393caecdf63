package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Secrets are the server's signing keys, derived from one random master
// key kept in the data folder (mode 0600): one for webhook signatures
// (shared with receivers) and one for media URLs (never shared), so knowing
// the webhook key does not let anyone mint media links.
type Secrets struct {
	// Webhook is the deployment-wide webhook secret of earlier versions;
	// webhooks are now signed with each key's own (KeyWebhook).
	Webhook []byte
	Media   []byte
	// keyWebhook derives the per-key webhook secrets; it is never shown.
	keyWebhook []byte
}

// KeyWebhook is the secret that signs the webhooks of key keyID's
// analyses at the given generation (api_keys.webhook_version): each
// tenant verifies with its own secret, so one partner cannot forge
// another's events, and rotating a key's secret changes no one else's.
// Hex text, so receivers use the printed string as is.
func (s *Secrets) KeyWebhook(keyID string, version int64) []byte {
	m := hmac.New(sha256.New, s.keyWebhook)
	fmt.Fprintf(m, "motionlab key webhook v1\x00%s\x00%d", keyID, version)
	return []byte(hex.EncodeToString(m.Sum(nil)))
}

// LoadSecrets reads (creating once) dir/signing.key.
func LoadSecrets(dir string) (*Secrets, error) {
	path := filepath.Join(dir, "signing.key")
	master, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		master = make([]byte, 32)
		if _, err := rand.Read(master); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, []byte(hex.EncodeToString(master)), 0o600); err != nil {
			return nil, fmt.Errorf("write signing key: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read signing key: %w", err)
	} else if master, err = hex.DecodeString(string(master)); err != nil || len(master) != 32 {
		return nil, fmt.Errorf("%s is corrupt", path)
	}
	return secretsFrom(master), nil
}

// LoadSecrets returns the deployment's signing keys. On SQLite they come
// from DATA/signing.key; on PostgreSQL from the settings table, created
// once by whichever process starts first, so every API and worker process
// signs and checks webhooks and media links with the same keys.
func (s *Store) LoadSecrets(ctx context.Context) (*Secrets, error) {
	if s.DB.Dialect != Postgres {
		return LoadSecrets(s.dir)
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('signing_key', ?) ON CONFLICT (name) DO NOTHING`, hex.EncodeToString(fresh)); err != nil {
		return nil, fmt.Errorf("store signing key: %w", err)
	}
	var v string
	if err := s.DB.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'signing_key'`).Scan(&v); err != nil {
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	master, err := hex.DecodeString(v)
	if err != nil || len(master) != 32 {
		return nil, errors.New("the signing key in the settings table is corrupt")
	}
	return secretsFrom(master), nil
}

func secretsFrom(master []byte) *Secrets {
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, master)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	// The webhook key is its hex text, so receivers use the printed string as is.
	return &Secrets{Webhook: []byte(hex.EncodeToString(derive("motionlab webhook v1"))), Media: derive("motionlab media v1"),
		keyWebhook: derive("motionlab per-key webhook v1")}
}

// Sign is hex HMAC-SHA256 of msg under key.
func Sign(key, msg []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return hex.EncodeToString(m.Sum(nil))
}
