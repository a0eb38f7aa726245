package audit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"database/sql"
	"errors"
	"fmt"
)

// Kind is what [Reader.Verify] found wrong with the chain.
type Kind int

// The kinds of damage Verify names.
const (
	// Altered: a row's fields no longer match its hash, or a row was
	// rewritten with a recomputed hash (the next row's link then breaks),
	// or the chain's anchor or head was edited.
	Altered Kind = iota + 1
	// Removed: Seqs are missing, inside the trail or at its end (the
	// chain's head records a later Seq than the last row).
	Removed
	// Reordered: a row chains to a row other than its predecessor: rows
	// were moved (Seqs swapped).
	Reordered
)

// String returns the kind's name: "altered", "removed", "reordered".
func (k Kind) String() string {
	switch k {
	case Altered:
		return "altered"
	case Removed:
		return "removed"
	case Reordered:
		return "reordered"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Problem is the first damage Verify found: the row it concerns and why.
type Problem struct {
	Seq  uint64 // the first bad row (for Removed: the first missing Seq)
	Kind Kind
	Msg  string
}

// String returns "Seq N kind: why".
func (p *Problem) String() string { return fmt.Sprintf("Seq %d %s: %s", p.Seq, p.Kind, p.Msg) }

// Result is what [Reader.Verify] found.
type Result struct {
	Rows     int64  // rows checked and found intact, in Seq order, before any Problem
	First    uint64 // the first row's Seq (0: no rows)
	Last     uint64 // the last intact row's Seq
	Anchor   uint64 // the Seq the first row chains to: 0, or the last pruned
	Head     uint64 // the last Seq the trail committed, as its chain row records it
	HeadHash string // and its hash (hex): note it elsewhere to detect a later rewrite
	// KeyID is the id of the trail's key (hex, see KeyID), "" when the
	// trail is not keyed; KeyedFrom the first Seq written with it.
	KeyID     string
	KeyedFrom uint64
	// Keyed reports whether the MACs were checked (a key was given): the
	// head's, the anchor's and those of every row from KeyedFrom on.
	Keyed   bool
	Problem *Problem // the first damage, nil when the chain is intact
}

// OK reports whether the chain verified.
func (r Result) OK() bool { return r.Problem == nil }

// Verify walks the whole chain in Seq order inside one read transaction
// (a snapshot: a trail writing meanwhile is neither blocked nor seen
// half-way) and reports the first row that was altered, removed or
// reordered, and how many rows it checked. Each row must hash to its
// stored hash from its fields and its link (SHA-256 of the previous
// hash and the row's canonical encoding), link to the row before it
// (the first one to the anchor: Genesis, or the last pruned row), follow
// it without a gap in Seq, and the last row must be the head recorded in
// the same transactions as the rows. It reads one row at a time: memory
// does not grow with the trail. The error is for failing I/O only; the
// chain's state is in the Result.
//
// A Trail's Verify checks the MACs too when it was opened with a key; a
// Reader from [OpenReader] checks them with [Reader.VerifyKey].
func (r *Reader) Verify(ctx context.Context) (Result, error) { return r.verify(ctx, r.key) }

// VerifyKey is Verify checking the MACs of a keyed trail with key: a row
// rewritten, or the head or the anchor moved, by someone without the key
// then shows even with every hash recomputed. A trail that carries no key
// id, or another key's, fails (Seq 0).
func (r *Reader) VerifyKey(ctx context.Context, key []byte) (Result, error) {
	if err := checkKey(key); err != nil {
		return Result{}, fmt.Errorf("audit: verify: key: %w", err)
	}
	return r.verify(ctx, key)
}

func (r *Reader) verify(ctx context.Context, key []byte) (Result, error) {
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Result{}, fmt.Errorf("audit: verify: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	v := verifier{tx: tx, key: key}
	if err := v.run(ctx); err != nil {
		return v.res, fmt.Errorf("audit: verify %s: %w", r.db.Path(), err)
	}
	return v.res, nil
}

// verifier is one Verify's walk.
type verifier struct {
	tx         *sql.Tx
	res        Result
	anchorHash []byte
	headHash   []byte
	key        []byte // nil: MACs are not checked
	keyedFrom  uint64 // rows from this Seq on carry a MAC
	prev       []byte // the hash the next row must link to
	next       uint64 // the Seq the next row must have
}

func (v *verifier) run(ctx context.Context) error {
	var anchor, head, keyed int64
	var id, headTag, anchorTag []byte
	err := v.tx.QueryRowContext(ctx, `SELECT anchor_seq, anchor_hash, head_seq, head_hash, key_id, keyed_from,
		head_mac, anchor_mac FROM audit_chain`).
		Scan(&anchor, &v.anchorHash, &head, &v.headHash, &id, &keyed, &headTag, &anchorTag)
	if errors.Is(err, sql.ErrNoRows) {
		v.res.Problem = &Problem{Seq: 0, Kind: Removed, Msg: "the chain's anchor and head row (table audit_chain) was deleted"}
		return nil
	}
	if err != nil {
		return err
	}
	v.res.Anchor, v.res.Head, v.res.HeadHash = uint64(anchor), uint64(head), hexHash(v.headHash)
	v.keyedFrom, v.res.Keyed = uint64(keyed), v.key != nil
	if id != nil {
		v.res.KeyID, v.res.KeyedFrom = hexHash(id), v.keyedFrom
	}
	if len(v.anchorHash) != HashSize || len(v.headHash) != HashSize {
		v.res.Problem = &Problem{Seq: uint64(anchor), Kind: Altered, Msg: "the chain's anchor or head hash is not a SHA-256 hash"}
		return nil
	}
	if v.res.Problem = v.checkKey(id, anchorTag); v.res.Problem != nil {
		return nil
	}
	v.prev, v.next = v.anchorHash, uint64(anchor)+1
	bad, err := v.walk(ctx)
	if err != nil || v.res.Problem != nil {
		return err
	}
	if bad != nil {
		v.res.Problem, err = v.diagnose(ctx, bad)
		return err
	}
	v.checkHead()
	if v.res.Problem == nil && v.key != nil && !hmac.Equal(headTag, headMAC(v.key, v.res.Head, v.headHash, v.keyedFrom)) {
		v.res.Problem = &Problem{Seq: v.res.Head, Kind: Altered, Msg: fmt.Sprintf(
			"the chain's head (Seq %d) does not carry the key's MAC: it was moved without the key (rows after it cut?), or the first keyed Seq was changed", v.res.Head)}
	}
	return nil
}

// checkKey checks, with a key, the trail's key id and its anchor's MAC.
func (v *verifier) checkKey(id, anchorTag []byte) *Problem {
	switch {
	case v.key == nil:
		return nil
	case id == nil:
		return &Problem{Seq: 0, Kind: Altered, Msg: "the trail carries no key id: it was never keyed, or its key id and MACs were stripped"}
	case !hmac.Equal(id, keyID(v.key)):
		return &Problem{Seq: 0, Kind: Altered, Msg: fmt.Sprintf(
			"the key (id %s) is not the trail's (key id %s): the wrong key, or the key id was altered", KeyID(v.key), hexHash(id))}
	case !hmac.Equal(anchorTag, anchorMAC(v.key, v.res.Anchor, v.anchorHash)):
		return &Problem{Seq: v.res.Anchor, Kind: Altered, Msg: "the chain's anchor does not carry the key's MAC: rows were pruned or the anchor moved without the key"}
	}
	return nil
}

// walk checks rows in Seq order until one fails; it returns that row (its
// diagnosis may need another query, which waits until the walk's cursor
// is closed), or sets a Problem it can name itself.
func (v *verifier) walk(ctx context.Context) (*row, error) {
	rows, err := v.tx.QueryContext(ctx, `SELECT `+columns+` FROM audit ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		switch {
		case x.Seq < v.next: // only before the first row: the anchor moved past kept rows
			v.res.Problem = &Problem{Seq: x.Seq, Kind: Altered,
				Msg: fmt.Sprintf("the row is at or before the chain's anchor (Seq %d): the anchor was altered", v.res.Anchor)}
			return nil, nil
		case x.Seq > v.next:
			v.res.Problem = &Problem{Seq: v.next, Kind: Removed, Msg: missing(v.next, x.Seq-1) + " (a gap before Seq " + fmt.Sprint(x.Seq) + ")"}
			return nil, nil
		}
		if !v.intact(&x) {
			return &x, nil
		}
		if v.res.Rows == 0 {
			v.res.First = x.Seq
		}
		v.res.Rows++
		v.res.Last = x.Seq
		v.prev, v.next = x.hash, x.Seq+1
	}
	return nil, rows.Err()
}

// intact reports whether x hashes to its hash, links to the row before
// and, when checked, carries the key's MAC.
func (v *verifier) intact(x *row) bool {
	return selfConsistent(x) && bytes.Equal(x.prev, v.prev) && v.macOK(x)
}

func (v *verifier) macOK(x *row) bool {
	return v.key == nil || x.Seq < v.keyedFrom || hmac.Equal(x.mac, rowMAC(v.key, x.hash))
}

func selfConsistent(x *row) bool {
	if len(x.prev) != HashSize || len(x.hash) != HashSize {
		return false
	}
	h := hashRecord([HashSize]byte(x.prev), &x.Record)
	return bytes.Equal(h[:], x.hash)
}

// diagnose names what is wrong with x, the first row that failed.
func (v *verifier) diagnose(ctx context.Context, x *row) (*Problem, error) {
	// A row that links to the hash of another row than its predecessor
	// was moved there.
	var other int64
	err := v.tx.QueryRowContext(ctx, `SELECT seq FROM audit WHERE hash = ? AND seq <> ? LIMIT 1`, x.prev, int64(x.Seq)-1).Scan(&other)
	switch {
	case err == nil:
		return &Problem{Seq: x.Seq, Kind: Reordered, Msg: fmt.Sprintf(
			"the row links to the row now at Seq %d, not to Seq %d: rows were moved", other, x.Seq-1)}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	if !selfConsistent(x) {
		return &Problem{Seq: x.Seq, Kind: Altered, Msg: "its fields do not match its hash (edited)"}, nil
	}
	if bytes.Equal(x.prev, v.prev) { // whole and linked: its MAC is wrong
		return &Problem{Seq: x.Seq, Kind: Altered, Msg: "its MAC does not match: rewritten without the key (hash recomputed), or its MAC removed"}, nil
	}
	// x is whole but does not link to its predecessor: that one was
	// rewritten, hash included (or the anchor, for the first row).
	if x.Seq-1 == v.res.Anchor {
		what := "the chain's genesis"
		if v.res.Anchor != 0 {
			what = fmt.Sprintf("the chain's anchor (the last pruned row, Seq %d)", v.res.Anchor)
		}
		return &Problem{Seq: x.Seq, Kind: Altered, Msg: "the row does not link to " + what + ": the anchor or the row was altered"}, nil
	}
	v.uncount(1) // the row before counted as intact: it is the bad one
	return &Problem{Seq: x.Seq - 1, Kind: Altered, Msg: fmt.Sprintf(
		"the row was rewritten with a new hash: Seq %d links to another one", x.Seq)}, nil
}

// checkHead compares the last row with the head the trail recorded.
func (v *verifier) checkHead() {
	last := v.next - 1
	switch {
	case last < v.res.Head:
		v.res.Problem = &Problem{Seq: last + 1, Kind: Removed, Msg: missing(last+1, v.res.Head) +
			fmt.Sprintf(" at the end: the chain's head records Seq %d (the tail was cut)", v.res.Head)}
	case last > v.res.Head:
		v.uncount(last - v.res.Head)
		v.res.Problem = &Problem{Seq: v.res.Head + 1, Kind: Altered, Msg: fmt.Sprintf(
			"rows after the chain's head (Seq %d): added outside the trail, or the head was altered", v.res.Head)}
	case !bytes.Equal(v.prev, v.headHash):
		v.res.Problem = &Problem{Seq: last, Kind: Altered, Msg: "the last row's hash is not the chain's head: the row or the head was rewritten"}
	}
}

// uncount takes the last n rows back out of the intact ones.
func (v *verifier) uncount(n uint64) {
	v.res.Rows -= int64(n)
	v.res.Last -= n
	if v.res.Rows <= 0 {
		v.res.Rows, v.res.First, v.res.Last = 0, 0, 0
	}
}

func missing(from, to uint64) string {
	if from == to {
		return fmt.Sprintf("row %d is missing", from)
	}
	return fmt.Sprintf("rows %d to %d are missing", from, to)
}
