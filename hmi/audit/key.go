package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
)

// MinKeySize is the shortest key [Open] and [Reader.VerifyKey] accept: 32
// bytes, HMAC-SHA-256's own size.
const MinKeySize = 32

// maxKeyFile bounds what LoadKey reads.
const maxKeyFile = 4096

// LoadKey reads a trail key from path: the file's bytes as they are (make
// one with `head -c 32 /dev/urandom > audit.key`), at least MinKeySize of
// them. Keep the file outside the data directory, readable by the
// runtime's user only: whoever can read it can rewrite the trail.
func LoadKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("audit: key: %w", err)
	}
	if fi.Size() > maxKeyFile {
		return nil, fmt.Errorf("audit: key %s: %d bytes, more than %d: not a key file", path, fi.Size(), maxKeyFile)
	}
	key, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit: key: %w", err)
	}
	if err := checkKey(key); err != nil {
		return nil, fmt.Errorf("audit: key %s: %w", path, err)
	}
	return key, nil
}

func checkKey(key []byte) error {
	if len(key) < MinKeySize {
		return fmt.Errorf("%d bytes, want at least %d (head -c 32 /dev/urandom)", len(key), MinKeySize)
	}
	return nil
}

// KeyID returns the short public id of key (hex): the trail stores it,
// so that a wrong key is told apart from a rewritten trail. It reveals
// nothing usable about the key.
func KeyID(key []byte) string { return hexHash(keyID(key)) }

// The MACs of a keyed trail, each an HMAC-SHA-256 under the key with its
// own label, so that no MAC of one kind passes for another.

func keyID(key []byte) []byte { return mac(key, "key id")[:8] }

// rowMAC binds a row's hash, which covers its fields and its link.
func rowMAC(key, hash []byte) []byte { return mac(key, "row", hash) }

// headMAC binds the head and the first keyed Seq: a cut tail with the
// head moved back, or a keyed_from moved on to skip rows' MACs, shows.
func headMAC(key []byte, seq uint64, hash []byte, keyedFrom uint64) []byte {
	return mac(key, "head", be(seq), hash, be(keyedFrom))
}

// anchorMAC binds the anchor: old rows deleted and the anchor moved
// without the key show.
func anchorMAC(key []byte, seq uint64, hash []byte) []byte {
	return mac(key, "anchor", be(seq), hash)
}

func mac(key []byte, label string, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("gohmi audit " + label + "\x00"))
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

func be(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
