package audit_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/store"
)

// tenRecords writes a closed trail of 10 records into dir and returns its
// head hash.
func tenRecords(t *testing.T, dir string) string {
	t.Helper()
	tr := open(t, dir, audit.Options{})
	for i := range 10 {
		tr.Append(rec(time.Duration(i)*time.Second, fmt.Sprintf("user%d", i%3), audit.Write,
			fmt.Sprintf("Tag%d", i), fmt.Sprint(i), fmt.Sprint(i+1)))
	}
	flush(t, tr)
	res := verify(t, tr.Reader)
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	if !res.OK() || res.Rows != 10 {
		t.Fatalf("the fresh trail does not verify: %+v", res)
	}
	return res.HeadHash
}

// The chain's hash, written again from the documented format (doc.go):
// SHA-256(prev || seq || time || each text field length-prefixed), all
// integers 8 bytes big-endian. rehash recomputes the stored hash of the
// rows from seq on, each linked to the one before, and moves the head:
// what someone who has read the code can do. It rewrites the rows from
// Seq from to Seq to and, when moveHead, the chain's head to the last.
func rehash(t *testing.T, db *store.DB, from, to int64, moveHead bool) {
	t.Helper()
	var prev []byte
	err := db.QueryRow(`SELECT hash FROM audit WHERE seq = ?`, from-1).Scan(&prev)
	if err != nil {
		if err := db.QueryRow(`SELECT anchor_hash FROM audit_chain`).Scan(&prev); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Query(`SELECT seq, time, actor, role, source, host, action, target, old, new, detail FROM audit WHERE seq BETWEEN ? AND ? ORDER BY seq`, from, to)
	if err != nil {
		t.Fatal(err)
	}
	type update struct {
		seq        int64
		prev, hash []byte
	}
	var ups []update
	for rows.Next() {
		var seq, tm int64
		f := make([]string, 9)
		if err := rows.Scan(&seq, &tm, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8]); err != nil {
			t.Fatal(err)
		}
		b := append([]byte(nil), prev...)
		b = binary.BigEndian.AppendUint64(b, uint64(seq))
		b = binary.BigEndian.AppendUint64(b, uint64(tm))
		for _, s := range f {
			b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
			b = append(b, s...)
		}
		h := sha256.Sum256(b)
		ups = append(ups, update{seq, prev, h[:]})
		prev = h[:]
	}
	rows.Close()
	for _, u := range ups {
		if _, err := db.Exec(`UPDATE audit SET prev = ?, hash = ? WHERE seq = ?`, u.prev, u.hash, u.seq); err != nil {
			t.Fatal(err)
		}
	}
	if moveHead && len(ups) > 0 {
		if _, err := db.Exec(`UPDATE audit_chain SET head_seq = ?, head_hash = ?`, ups[len(ups)-1].seq, prev); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVerifyDetects edits the database file with plain SQL, as someone
// with access to the data directory could, and checks that Verify names
// the first bad row and what was done to it.
func TestVerifyDetects(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  string                           // statements run on the closed trail's database
		more func(t *testing.T, db *store.DB) // then this, if set
		// want: the Problem's Seq, Kind and a piece of its message, and
		// the rows found intact before it; Kind 0: the chain verifies.
		seq  uint64
		kind audit.Kind
		msg  string
		rows int64
	}{
		{name: "intact", rows: 10},
		{name: "edited value", sql: `UPDATE audit SET new = '9999' WHERE seq = 4`,
			seq: 4, kind: audit.Altered, msg: "do not match its hash", rows: 3},
		{name: "edited actor of the first row", sql: `UPDATE audit SET actor = 'mallory' WHERE seq = 1`,
			seq: 1, kind: audit.Altered, msg: "do not match its hash", rows: 0},
		{name: "edited time", sql: `UPDATE audit SET time = time + 1 WHERE seq = 7`,
			seq: 7, kind: audit.Altered, msg: "do not match its hash", rows: 6},
		{name: "edited action of the last row", sql: `UPDATE audit SET action = 'ack' WHERE seq = 10`,
			seq: 10, kind: audit.Altered, rows: 9},
		{name: "edited link", sql: `UPDATE audit SET prev = zeroblob(32) WHERE seq = 2`,
			seq: 2, kind: audit.Altered, rows: 1},
		{name: "edited and its hash recomputed", sql: `UPDATE audit SET old = '0' WHERE seq = 6`,
			more: func(t *testing.T, db *store.DB) { rehash(t, db, 6, 6, false) },
			seq:  6, kind: audit.Altered, msg: "rewritten with a new hash", rows: 5},
		{name: "deleted row", sql: `DELETE FROM audit WHERE seq = 5`,
			seq: 5, kind: audit.Removed, msg: "row 5 is missing", rows: 4},
		{name: "deleted rows", sql: `DELETE FROM audit WHERE seq IN (3, 4)`,
			seq: 3, kind: audit.Removed, msg: "rows 3 to 4 are missing", rows: 2},
		{name: "deleted first row", sql: `DELETE FROM audit WHERE seq = 1`,
			seq: 1, kind: audit.Removed, rows: 0},
		{name: "swapped rows", sql: `UPDATE audit SET seq = -3 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4;
			UPDATE audit SET seq = 4 WHERE seq = -3`,
			seq: 3, kind: audit.Reordered, msg: "links to the row now at Seq 4", rows: 2},
		{name: "swapped contents, Seqs kept", sql: `CREATE TEMP TABLE s AS SELECT * FROM audit WHERE seq IN (8, 9);
			UPDATE audit SET (time, actor, role, source, host, action, target, old, new, detail, prev, hash) =
				(SELECT time, actor, role, source, host, action, target, old, new, detail, prev, hash FROM s WHERE s.seq = 17 - audit.seq)
				WHERE seq IN (8, 9)`,
			seq: 8, kind: audit.Reordered, rows: 7},
		{name: "truncated tail", sql: `DELETE FROM audit WHERE seq >= 9`,
			seq: 9, kind: audit.Removed, msg: "rows 9 to 10 are missing at the end", rows: 8},
		{name: "all rows deleted", sql: `DELETE FROM audit`,
			seq: 1, kind: audit.Removed, msg: "rows 1 to 10 are missing at the end", rows: 0},
		{name: "row added outside the trail", sql: `INSERT INTO audit SELECT 11, time, actor, role, source, host, action, target, old, new, detail, hash, hash, NULL FROM audit WHERE seq = 10`,
			more: func(t *testing.T, db *store.DB) { rehash(t, db, 11, 11, false) },
			seq:  11, kind: audit.Altered, msg: "after the chain's head", rows: 10},
		{name: "head rewritten", sql: `UPDATE audit_chain SET head_hash = zeroblob(32)`,
			seq: 10, kind: audit.Altered, msg: "not the chain's head", rows: 10},
		{name: "chain row deleted", sql: `DELETE FROM audit_chain`, seq: 0, kind: audit.Removed, rows: 0},
		{name: "anchor moved", sql: `UPDATE audit_chain SET anchor_seq = 2`,
			seq: 1, kind: audit.Altered, msg: "anchor was altered", rows: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tenRecords(t, dir)
			tamper(t, dir, tc.sql, tc.more)
			r, err := audit.OpenReader(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			res := verify(t, r)
			if res.Rows != tc.rows {
				t.Errorf("%d rows checked before the problem, want %d", res.Rows, tc.rows)
			}
			if tc.kind == 0 {
				if !res.OK() {
					t.Fatalf("Verify found %s, want an intact chain", res.Problem)
				}
				return
			}
			p := res.Problem
			if p == nil {
				t.Fatalf("Verify found nothing: %+v", res)
			}
			t.Log(p)
			if p.Seq != tc.seq || p.Kind != tc.kind || !strings.Contains(p.Msg, tc.msg) {
				t.Errorf("Verify found %q, want Seq %d %s containing %q", p, tc.seq, tc.kind, tc.msg)
			}
		})
	}
}

// The limit of a plain chain, shown: someone who rewrites an edited row
// and every row after it with the code, and the head, forges a chain that
// verifies. Only a head hash noted outside the data directory (Result's
// HeadHash) shows it; see the package comment.
func TestVerifyForgedWithTheCode(t *testing.T) {
	dir := t.TempDir()
	noted := tenRecords(t, dir)
	tamper(t, dir, `UPDATE audit SET new = 'forged' WHERE seq = 5`, func(t *testing.T, db *store.DB) { rehash(t, db, 5, 10, true) })
	r, err := audit.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res := verify(t, r)
	if !res.OK() || res.Rows != 10 {
		t.Fatalf("a full rewrite: %+v, want it to verify (the documented limit)", res)
	}
	if res.HeadHash == noted {
		t.Error("the rewrite kept the head hash: a noted head would not show it")
	}
}

func tamper(t *testing.T, dir, sql string, more func(*testing.T, *store.DB)) {
	t.Helper()
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if sql != "" {
		if _, err := db.Exec(sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if more != nil {
		more(t, db)
	}
}

// TestRetentionKeepsTheChain prunes by count and by age: the anchor moves
// to the last pruned row and what is left still verifies; the numbering
// continues; a row cut after the anchor is still found.
func TestRetentionKeepsTheChain(t *testing.T) {
	dir := t.TempDir()
	clk := clocktest.New(t0)
	pruned := make(chan int64, 16)
	tr := open(t, dir, audit.Options{Clock: clk, PruneEvery: time.Hour,
		Retention: audit.Retention{MaxRows: 1500, MaxAge: 24 * time.Hour},
		Pruned:    func(n int64) { pruned <- n }})
	if n := <-pruned; n != 0 { // the pass at open: nothing yet
		t.Fatalf("first pass pruned %d", n)
	}
	for i := range 2000 { // more than 3 chunks of 512
		tr.Append(rec(time.Duration(i)*time.Second, "alice", audit.Write, "T", "", fmt.Sprint(i)))
	}
	flush(t, tr)
	if !clk.WaitArmed(t0.Add(time.Hour), time.After(10*time.Second)) {
		t.Fatal("the writer did not arm its pruning timer")
	}
	clk.Step(time.Hour)
	if n := <-pruned; n != 500 {
		t.Fatalf("MaxRows pass pruned %d, want 500", n)
	}
	res := verify(t, tr.Reader)
	if !res.OK() || res.Rows != 1500 || res.Anchor != 500 || res.First != 501 || res.Last != 2000 {
		t.Fatalf("after pruning by count: %+v", res)
	}
	// A day later every record is older than MaxAge, but for one new one.
	clk.Step(24 * time.Hour)
	<-pruned
	if s := tr.Append(rec(25*time.Hour, "bob", audit.Logout, "", "", "")); s != 2001 {
		t.Errorf("Seq after pruning %d, want 2001", s)
	}
	flush(t, tr)
	res = verify(t, tr.Reader)
	if !res.OK() || res.Rows != 1 || res.Anchor != 2000 || res.First != 2001 {
		t.Fatalf("after pruning by age: %+v", res)
	}
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopened: the chain continues from the head, after the anchor.
	tr = open(t, dir, audit.Options{})
	tr.Append(rec(26*time.Hour, "bob", audit.Login, "", "", ""))
	flush(t, tr)
	if res := verify(t, tr.Reader); !res.OK() || res.Rows != 2 || res.Last != 2002 {
		t.Fatalf("reopened after pruning: %+v", res)
	}
	tr.Close()
	// Deleting the row right after the anchor is found.
	tamper(t, dir, `DELETE FROM audit WHERE seq = 2001`, nil)
	r, err := audit.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if res := verify(t, r); res.OK() || res.Problem.Seq != 2001 || res.Problem.Kind != audit.Removed {
		t.Errorf("after deleting the first row past the anchor: %+v", res.Problem)
	}
}

// Verify reads a snapshot: a trail committing meanwhile does not make it
// see half a chain, and the writer is not blocked by it.
func TestVerifyWhileWriting(t *testing.T) {
	tr := open(t, t.TempDir(), audit.Options{})
	defer tr.Close()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			tr.Append(rec(0, "alice", audit.Write, "T", "", fmt.Sprint(i)))
		}
	}()
	for range 20 {
		res := verify(t, tr.Reader)
		if !res.OK() {
			t.Fatalf("Verify during appends: %s", res.Problem)
		}
	}
	close(stop)
	<-done
	flush(t, tr)
	if res := verify(t, tr.Reader); !res.OK() || uint64(res.Rows) != tr.Durable() {
		t.Fatalf("after: %+v, Durable %d", res, tr.Durable())
	}
}

// The hex head is the hash of the last row.
func TestHeadHash(t *testing.T) {
	dir := t.TempDir()
	head := tenRecords(t, dir)
	r, err := audit.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out, err := r.Query(context.Background(), audit.Filter{Limit: 1})
	if err != nil || len(out) != 1 {
		t.Fatal(out, err)
	}
	if out[0].Hash != head || !bytes.Equal([]byte(head), []byte(strings.ToLower(head))) {
		t.Errorf("head %s, last row's hash %s", head, out[0].Hash)
	}
}
