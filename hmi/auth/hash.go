package auth

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alexedwards/argon2id"
)

// The Argon2id parameters [NewHash] uses: OWASP's Password Storage Cheat
// Sheet's first choice, m=19 MiB, t=2, p=1 (a 16-byte salt, a 32-byte
// key). BenchmarkVerify reports what one verification costs; on a panel it
// is tens of milliseconds, which the login dialog can afford and a
// guessing attacker cannot.
const (
	HashMemory      = 19 * 1024 // KiB
	HashIterations  = 2
	HashParallelism = 1
	hashSalt        = 16
	hashKey         = 32
)

// minCosts are OWASP's equivalent Argon2id settings (memory in KiB,
// iterations): a hash whose memory and iterations are both at least one
// row's is strong enough. Each row costs about the same to an attacker.
var minCosts = [...][2]uint32{{46 * 1024, 1}, {19 * 1024, 2}, {12 * 1024, 3}, {9 * 1024, 4}, {7 * 1024, 5}}

// Upper bounds on a hash's parameters: a hash line is read from a file, and
// one naming 4 GiB of memory would take a panel down at the first login.
const (
	maxMemory      = 256 * 1024 // KiB
	maxIterations  = 16
	maxParallelism = 16
	minSaltKey     = 16 // bytes, for both the salt and the key
	maxSaltKey     = 64
)

// MinPIN is the shortest PIN: digits only.
const MinPIN = 4

// Hash is a parsed Argon2id hash line ("$argon2id$v=19$m=19456,t=2,p=1$salt$key")
// whose parameters are within bounds.
type Hash struct {
	encoded string
	params  argon2id.Params
}

// ParseHash parses a hash line as [NewHash] and `hmi passwd` print it. It
// refuses a line that is not Argon2id, and parameters weaker than OWASP's
// minimum (any of its equivalent rows) or so large that verifying would
// take the panel down.
func ParseHash(s string) (*Hash, error) {
	p, _, _, err := argon2id.DecodeHash(s)
	if err != nil {
		if !strings.HasPrefix(s, "$argon2id$") {
			return nil, errors.New(`not an Argon2id hash (expected "$argon2id$v=19$m=…,t=…,p=…$salt$key"; make one with hmi passwd)`)
		}
		return nil, fmt.Errorf("malformed Argon2id hash (make one with hmi passwd): %v", trimArgon(err))
	}
	if err := checkParams(p); err != nil {
		return nil, err
	}
	return &Hash{encoded: s, params: *p}, nil
}

// NewHash hashes secret with a fresh random salt and the parameters above.
func NewHash(secret string) (string, error) {
	return argon2id.CreateHash(secret, &argon2id.Params{
		Memory: HashMemory, Iterations: HashIterations, Parallelism: HashParallelism,
		SaltLength: hashSalt, KeyLength: hashKey,
	})
}

// Verify reports whether secret is the one hashed, comparing the keys in
// constant time.
func (h *Hash) Verify(secret string) bool {
	ok, err := argon2id.ComparePasswordAndHash(secret, h.encoded)
	return err == nil && ok
}

// String returns the hash line.
func (h *Hash) String() string { return h.encoded }

// Params returns the hash's Argon2id parameters.
func (h *Hash) Params() argon2id.Params { return h.params }

// CheckPIN reports a PIN that is not at least [MinPIN] digits.
func CheckPIN(pin string) error {
	if len(pin) < MinPIN {
		return fmt.Errorf("a PIN has at least %d digits", MinPIN)
	}
	if strings.Trim(pin, "0123456789") != "" {
		return errors.New("a PIN has digits only")
	}
	return nil
}

func checkParams(p *argon2id.Params) error {
	switch {
	case p.Memory > maxMemory || p.Iterations > maxIterations || p.Parallelism > maxParallelism:
		return fmt.Errorf("Argon2id parameters m=%d,t=%d,p=%d are beyond the limits (m ≤ %d KiB, t ≤ %d, p ≤ %d)", p.Memory, p.Iterations, p.Parallelism, maxMemory, maxIterations, maxParallelism)
	case p.Parallelism < 1:
		return errors.New("Argon2id parallelism p must be at least 1")
	case p.SaltLength < minSaltKey || p.KeyLength < minSaltKey || p.SaltLength > maxSaltKey || p.KeyLength > maxSaltKey:
		return fmt.Errorf("Argon2id salt (%d bytes) and key (%d bytes) must each be %d to %d bytes", p.SaltLength, p.KeyLength, minSaltKey, maxSaltKey)
	}
	for _, c := range minCosts {
		if p.Memory >= c[0] && p.Iterations >= c[1] {
			return nil
		}
	}
	return fmt.Errorf("Argon2id parameters m=%d,t=%d are weaker than OWASP's minimum (m=%d KiB with t=%d, or an equivalent); hash the secret again with hmi passwd", p.Memory, p.Iterations, HashMemory, HashIterations)
}

func trimArgon(err error) string { return strings.TrimPrefix(err.Error(), "argon2id: ") }
