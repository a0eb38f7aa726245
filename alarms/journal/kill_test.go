//go:build unix

package journal_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
	"github.com/gohmi/gohmi/internal/killtest"
	"github.com/gohmi/gohmi/internal/store"
)

// childEnv names the data directory of the kill -9 test's child: the test
// binary re-executed runs childMain instead of the tests.
const childEnv = "GOHMI_JOURNAL_KILL_CHILD"

// childMain, in the child, floods the journal and prints "durable N" each
// time Durable() moves, until it is killed.
func childMain() bool {
	dir := os.Getenv(childEnv)
	if dir == "" {
		return false
	}
	// Never drop: this test is about what was reported durable, and a
	// loaded machine (the race detector) may commit slowly.
	j, err := journal.Open(dir, journal.Options{Logger: quiet(), MaxBlock: time.Hour})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	seq := j.Durable() // the file's last Seq: Append continues after it
	printed := seq
	fmt.Printf("durable %d\n", printed)
	for {
		batch := make([]alarms.Event, 37)
		for i := range batch {
			seq++
			batch[i] = killEvent(seq)
		}
		j.Append(batch)
		if batch[len(batch)-1].Seq != seq {
			fmt.Fprintf(os.Stderr, "Seq %d, want %d\n", batch[len(batch)-1].Seq, seq)
			os.Exit(1)
		}
		if d := j.Durable(); d > printed {
			printed = d
			fmt.Printf("durable %d\n", d) // one write(2): a line is whole or absent
		}
	}
}

// killEvent is the event the child journals with Seq seq: the parent knows
// what each row must hold.
func killEvent(seq int64) alarms.Event {
	e := ev(time.Duration(seq)*time.Millisecond, fmt.Sprintf("A%03d", seq%101), alarms.Activate, uint64(seq))
	e.Status.Message = fmt.Sprintf("flood event %d %s", seq, strings.Repeat("x", int(seq%97)))
	e.Status.Value = strconv.FormatInt(seq*7, 10)
	return e
}

// TestKill9 kills a process flooding the journal with SIGKILL and checks
// that every event it had reported as durable is in the file, intact, and
// that the file is not corrupt. Three rounds on the same file: each child
// continues the numbering after the last one's recovery.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	var total int64
	for round := range 3 {
		n := killChild(t, dir, total+2000+int64(round)*777)
		if n < total {
			t.Fatalf("round %d: durable %d went back from %d", round, n, total)
		}
		checkDurable(t, dir, n)
		total = n
		t.Logf("round %d: killed at durable %d", round, n)
	}
}

// killChild runs the child until it reports at least durable after, kills
// it and returns the last durable it printed.
func killChild(t *testing.T, dir string, after int64) int64 {
	t.Helper()
	var last int64 = -1
	killtest.Run(t, childEnv+"="+dir, func(line string) bool {
		n, err := strconv.ParseInt(strings.TrimPrefix(line, "durable "), 10, 64)
		if err != nil {
			t.Fatalf("child printed %q", line)
		}
		last = n
		return n >= after // mid-flood: the child is appending and committing right now
	})
	return last
}

// checkDurable checks the file after a crash: not corrupt, and every Seq
// up to n present and intact.
func checkDurable(t *testing.T, dir string, n int64) {
	t.Helper()
	db, err := store.Open(dir) // recovers the WAL
	if err != nil {
		t.Fatal(err)
	}
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	var count, maxSeq int64
	if err := db.QueryRow(`SELECT count(*), coalesce(max(seq), 0) FROM alarm_events WHERE seq <= ?`, n).Scan(&count, &maxSeq); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if count != n || maxSeq != n {
		t.Fatalf("after the kill: %d rows up to Seq %d (max %d), want all %d", count, n, maxSeq, n)
	}
	j := open(t, dir, journal.Options{})
	defer j.Close()
	if j.Durable() < n {
		t.Fatalf("reopened at Seq %d, below the reported %d", j.Durable(), n)
	}
	for off := 0; ; off += journal.MaxLimit {
		evs, err := j.Events(alarms.Query{Limit: journal.MaxLimit, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		for _, e := range evs {
			want := killEvent(e.Seq)
			want.Seq = e.Seq
			if !same(e, want) {
				t.Fatalf("Seq %d damaged:\n got %+v\nwant %+v", e.Seq, e, want)
			}
		}
	}
}
