//go:build unix

package audit_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/internal/killtest"
	"github.com/gohmi/gohmi/internal/store"
)

// childEnv names the data directory of the kill -9 test's child: the test
// binary re-executed runs childMain instead of the tests.
const childEnv = "GOHMI_AUDIT_KILL_CHILD"

// childMain, in the child, floods the trail and prints "durable N" each
// time Durable() moves, until it is killed.
func childMain() bool {
	dir := os.Getenv(childEnv)
	if dir == "" {
		return false
	}
	// Never drop: this test is about what was reported durable, and a
	// loaded machine (the race detector) may commit slowly.
	tr, err := audit.Open(dir, audit.Options{Logger: quiet(), MaxBlock: time.Hour})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	seq := tr.Durable() // the file's last Seq: Append continues after it
	printed := seq
	fmt.Printf("durable %d\n", printed)
	for {
		seq++
		if got := tr.Append(killRecord()); got != seq {
			fmt.Fprintf(os.Stderr, "Seq %d, want %d\n", got, seq)
			os.Exit(1)
		}
		if d := tr.Durable(); d > printed {
			printed = d
			fmt.Printf("durable %d\n", d) // one write(2): a line is whole or absent
		}
	}
}

// killRecord is the record the child appends: the parent knows what each
// row must hold.
func killRecord() audit.Record {
	return audit.Record{Time: t0, Actor: "flood", Role: "operator", Where: audit.Panel, Host: "child",
		Action: audit.Write, Target: "Flood.Tag", Old: "0", New: strings.Repeat("x", 40)}
}

// TestKill9 kills a process appending to the trail with SIGKILL and checks
// that every record it had reported durable is in the file and that the
// chain verifies. Three rounds on the same file: each child continues the
// numbering and the chain after the last one's recovery.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	var total uint64
	for round := range 3 {
		n := killChild(t, dir, total+1500+uint64(round)*333)
		if n < total {
			t.Fatalf("round %d: durable %d went back from %d", round, n, total)
		}
		checkKilled(t, dir, n)
		total = n
		t.Logf("round %d: killed at durable %d", round, n)
	}
}

// killChild runs the child until it reports at least durable after, kills
// it and returns the last durable it printed.
func killChild(t *testing.T, dir string, after uint64) uint64 {
	t.Helper()
	var last uint64
	killtest.Run(t, childEnv+"="+dir, func(line string) bool {
		n, err := strconv.ParseUint(strings.TrimPrefix(line, "durable "), 10, 64)
		if err != nil {
			t.Fatalf("child printed %q", line)
		}
		last = n
		return n >= after // mid-flood: the child is appending and committing right now
	})
	return last
}

// checkKilled checks the file after a crash: not corrupt, every Seq up to
// n present and intact, the chain verifying to its head.
func checkKilled(t *testing.T, dir string, n uint64) {
	t.Helper()
	db, err := store.Open(dir) // recovers the WAL
	if err != nil {
		t.Fatal(err)
	}
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	db.Close()
	r, err := audit.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res := verify(t, r)
	if !res.OK() || res.First != 1 || res.Last < n || uint64(res.Rows) != res.Last {
		t.Fatalf("after the kill at durable %d: %+v (%v)", n, res, res.Problem)
	}
	want := killRecord()
	for before := uint64(0); ; {
		page, err := r.Query(context.Background(), audit.Filter{Before: before, Limit: audit.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, got := range page {
			w := want
			w.Seq, w.Hash = got.Seq, got.Hash
			if got != w {
				t.Fatalf("Seq %d damaged:\n got %+v\nwant %+v", got.Seq, got, w)
			}
		}
		before = page[len(page)-1].Seq
	}
}
