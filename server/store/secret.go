package store

import (
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
	Webhook []byte
	Media   []byte
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
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, master)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	// The webhook key is its hex text, so receivers use the printed string as is.
	return &Secrets{Webhook: []byte(hex.EncodeToString(derive("motionlab webhook v1"))), Media: derive("motionlab media v1")}, nil
}

// Sign is hex HMAC-SHA256 of msg under key.
func Sign(key, msg []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return hex.EncodeToString(m.Sum(nil))
}
