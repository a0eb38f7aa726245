package audit_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/store"
)

var (
	key   = bytes.Repeat([]byte("k3y-"), 8) // 32 bytes
	other = bytes.Repeat([]byte("0th3r-"), 6)
)

// keyedRecords writes a closed trail of n records into dir, keyed with key
// (from the first one when unkeyed is 0, else after that many unkeyed).
func keyedRecords(t *testing.T, dir string, unkeyed, n int) {
	t.Helper()
	o := audit.Options{Key: key}
	if unkeyed > 0 {
		o.Key = nil
	}
	tr := open(t, dir, o)
	for i := range n {
		if i == unkeyed && unkeyed > 0 {
			flush(t, tr)
			if err := tr.Close(); err != nil {
				t.Fatal(err)
			}
			tr = open(t, dir, audit.Options{Key: key})
		}
		tr.Append(rec(time.Duration(i)*time.Second, "alice", audit.Write, fmt.Sprintf("Tag%d", i), fmt.Sprint(i), fmt.Sprint(i+1)))
	}
	flush(t, tr)
	res := verify(t, tr.Reader) // a keyed Trail's Verify checks its MACs
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	if !res.OK() || !res.Keyed || res.Rows != int64(n) || res.KeyID != audit.KeyID(key) {
		t.Fatalf("the fresh keyed trail: %+v", res)
	}
}

// TestKeyedVerify tampers with a keyed trail as someone who has the code
// but not the key: what the plain chain cannot see (a full rewrite, a cut
// tail with the head moved back, a moved anchor), the MACs show.
func TestKeyedVerify(t *testing.T) {
	for _, tc := range []struct {
		name    string
		unkeyed int // records written before the trail was keyed
		sql     string
		more    func(t *testing.T, db *store.DB)
		key     []byte
		// want with the key: Seq, Kind, a piece of the message (Kind 0:
		// verifies); plainOK: whether Verify without the key passes.
		seq     uint64
		kind    audit.Kind
		msg     string
		plainOK bool
	}{
		{name: "intact", key: key, plainOK: true},
		{name: "intact, keyed after 3", unkeyed: 3, key: key, plainOK: true},
		{name: "rewritten with the code", sql: `UPDATE audit SET new = 'forged' WHERE seq = 5`,
			more: func(t *testing.T, db *store.DB) { rehash(t, db, 5, 10, true) }, key: key,
			seq: 5, kind: audit.Altered, msg: "its MAC does not match", plainOK: true},
		{name: "unkeyed row rewritten: the first keyed row shows it", unkeyed: 3, sql: `UPDATE audit SET new = 'forged' WHERE seq = 2`,
			more: func(t *testing.T, db *store.DB) { rehash(t, db, 2, 10, true) }, key: key,
			seq: 4, kind: audit.Altered, msg: "its MAC does not match", plainOK: true},
		{name: "tail cut, head moved back", sql: `DELETE FROM audit WHERE seq >= 9;
			UPDATE audit_chain SET head_seq = 8, head_hash = (SELECT hash FROM audit WHERE seq = 8)`, key: key,
			seq: 8, kind: audit.Altered, msg: "head (Seq 8) does not carry the key's MAC", plainOK: true},
		{name: "first keyed Seq moved on", unkeyed: 3, sql: `UPDATE audit_chain SET keyed_from = 11`, key: key,
			seq: 10, kind: audit.Altered, msg: "first keyed Seq", plainOK: true},
		{name: "MAC removed", sql: `UPDATE audit SET mac = NULL WHERE seq = 6`, key: key,
			seq: 6, kind: audit.Altered, msg: "its MAC does not match", plainOK: true},
		{name: "key stripped", sql: `UPDATE audit SET mac = NULL; UPDATE audit_chain SET key_id = NULL, head_mac = NULL, anchor_mac = NULL`,
			key: key, seq: 0, kind: audit.Altered, msg: "carries no key id", plainOK: true},
		{name: "the wrong key", key: other, seq: 0, kind: audit.Altered, msg: "is not the trail's", plainOK: true},
		{name: "old rows deleted, anchor moved", sql: `UPDATE audit_chain SET anchor_seq = 3, anchor_hash = (SELECT hash FROM audit WHERE seq = 3);
			DELETE FROM audit WHERE seq <= 3`, key: key,
			seq: 3, kind: audit.Altered, msg: "anchor does not carry the key's MAC", plainOK: true},
		{name: "edited value", sql: `UPDATE audit SET old = 'x' WHERE seq = 7`, key: key,
			seq: 7, kind: audit.Altered, msg: "do not match its hash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			keyedRecords(t, dir, tc.unkeyed, 10)
			tamper(t, dir, tc.sql, tc.more)
			r, err := audit.OpenReader(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			plain := verify(t, r)
			if plain.OK() != tc.plainOK || plain.Keyed {
				t.Errorf("without the key: %+v %v, want OK %v, MACs unchecked", plain, plain.Problem, tc.plainOK)
			}
			res, err := r.VerifyKey(context.Background(), tc.key)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Keyed {
				t.Error("VerifyKey did not check the MACs")
			}
			if tc.kind == 0 {
				if !res.OK() || res.Rows != 10 || res.KeyedFrom != uint64(tc.unkeyed+1) {
					t.Fatalf("with the key: %+v %v, want 10 intact rows keyed from %d", res, res.Problem, tc.unkeyed+1)
				}
				return
			}
			p := res.Problem
			if p == nil {
				t.Fatalf("with the key, found nothing: %+v", res)
			}
			t.Log(p)
			if p.Seq != tc.seq || p.Kind != tc.kind || !strings.Contains(p.Msg, tc.msg) {
				t.Errorf("with the key, found %q; want Seq %d %s containing %q", p, tc.seq, tc.kind, tc.msg)
			}
		})
	}
}

// A keyed trail opens only with its key; keys are long enough.
func TestKeyedOpen(t *testing.T) {
	dir := t.TempDir()
	keyedRecords(t, dir, 0, 2)
	for _, tc := range []struct {
		name string
		key  []byte
		want string
	}{
		{"no key", nil, "the audit trail is keyed (key id " + audit.KeyID(key) + "): open it with its key"},
		{"another key", other, "is not the audit trail's (key id " + audit.KeyID(key) + ")"},
		{"a short key", []byte("secret"), "key: 6 bytes, want at least 32"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := audit.Open(dir, audit.Options{Logger: quiet(), Key: tc.key})
			if err == nil {
				tr.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open: %v, want %q", err, tc.want)
			}
		})
	}
	r, err := audit.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.VerifyKey(context.Background(), []byte("short")); err == nil || !strings.Contains(err.Error(), "want at least 32") {
		t.Errorf("VerifyKey with a short key: %v", err)
	}
}

// Pruning a keyed trail MACs the new anchor: it still verifies.
func TestKeyedRetention(t *testing.T) {
	dir := t.TempDir()
	clk := clocktest.New(t0)
	pruned := make(chan int64, 4)
	tr := open(t, dir, audit.Options{Key: key, Clock: clk, Retention: audit.Retention{MaxRows: 5},
		Pruned: func(n int64) { pruned <- n }})
	defer tr.Close()
	<-pruned
	for i := range 12 {
		tr.Append(rec(time.Duration(i)*time.Second, "alice", audit.Write, "T", "", fmt.Sprint(i)))
	}
	flush(t, tr)
	if !clk.WaitArmed(t0.Add(audit.DefaultPrune), time.After(10*time.Second)) {
		t.Fatal("no pruning timer")
	}
	clk.Step(audit.DefaultPrune)
	if n := <-pruned; n != 7 {
		t.Fatalf("pruned %d, want 7", n)
	}
	if res := verify(t, tr.Reader); !res.OK() || !res.Keyed || res.Anchor != 7 || res.Rows != 5 {
		t.Fatalf("after pruning: %+v %v", res, res.Problem)
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.key", key)
	if got, err := audit.LoadKey(good); err != nil || !bytes.Equal(got, key) {
		t.Errorf("LoadKey: %q, %v", got, err)
	}
	for _, tc := range []struct{ path, want string }{
		{write("short.key", []byte("tooshort\n")), "short.key: 9 bytes, want at least 32"},
		{write("big.key", make([]byte, 5000)), "big.key: 5000 bytes, more than 4096: not a key file"},
		{filepath.Join(dir, "none.key"), "no such file"},
	} {
		if _, err := audit.LoadKey(tc.path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadKey(%s): %v, want %q", filepath.Base(tc.path), err, tc.want)
		}
	}
}
