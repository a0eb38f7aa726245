package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// HashSize is the size of a chain hash in bytes (SHA-256).
const HashSize = sha256.Size

// Genesis is the hash the first record chains to:
// SHA-256("gohmi audit trail v1"). A trail pruned by retention chains its
// first remaining record to the anchor instead (see Verify).
var Genesis = sha256.Sum256([]byte("gohmi audit trail v1"))

// hashRecord is the record's chain hash: SHA-256(prev || encode(r)).
func hashRecord(prev [HashSize]byte, r *Record) [HashSize]byte {
	h := sha256.New()
	h.Write(prev[:])
	h.Write(encode(make([]byte, 0, 256), r))
	var sum [HashSize]byte
	h.Sum(sum[:0])
	return sum
}

// encode appends the canonical encoding of r's stored fields to b: Seq and
// Time (UTC nanoseconds) as 8 bytes big-endian, then each text field as its
// length (8 bytes big-endian) and its bytes, in a fixed order. Lengths
// make it injective: no two different records encode alike, however
// their texts are cut ("ab"+"c" and "a"+"bc" differ). Hash is not
// encoded: it is what is computed.
func encode(b []byte, r *Record) []byte {
	b = binary.BigEndian.AppendUint64(b, r.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(nanos(r.Time)))
	for _, s := range [...]string{r.Actor, r.Role, string(r.Where), r.Host, string(r.Action),
		r.Target, r.Old, r.New, r.Detail} {
		b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// nanos is t in UTC nanoseconds since 1970, as stored.
func nanos(t time.Time) int64 { return t.UnixNano() }

// fromNanos undoes nanos, in UTC.
func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

func hexHash(h []byte) string { return hex.EncodeToString(h) }
