//go:build unix

package trends_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/killtest"
	"github.com/gohmi/gohmi/internal/store"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// childEnv names the data directory of the kill -9 test's child: the test
// binary re-executed runs childMain instead of the tests.
const childEnv = "GOHMI_HISTORY_KILL_CHILD"

// killTags are the tags the child records; killStep the time between
// samples, ms.
var killTags = []string{"K0", "K1.a", "K2.b", "K3", "K4"}

const killStep = 10

// killValue is what tag k holds at t (ms): a hash, so that every sample
// is a change the compressor stores.
func killValue(k int, t int64) float64 {
	x := uint64(t)*0x9E3779B97F4A7C15 + uint64(k)*0xBF58476D1CE4E5B9
	x ^= x >> 31
	x *= 0x94D049BB133111EB
	x ^= x >> 29
	return float64(x>>11) / (1 << 53) * 100
}

// killWritten is what the child records for tag k at t before the
// value itself (killValue) in the same millisecond, as a write before the
// device's readback: a value out of the readbacks' range, or Bad quality
// (ok false) for every third sample. The history must hold the readback.
func killWritten(k int, t int64) (v float64, ok bool) {
	return killValue(k, t) + 1000, (t/killStep)%3 != 0
}

// killMidFlush: every this many samples the child commits between the
// value written and the readback.
const killMidFlush = 50

// childMain, in the child, records the kill tags at a steady rate after
// the history already stored, each sample as a value written then its
// readback in the same millisecond (with a commit between, now and then),
// prints "base B" (its first sample's time, ms) and "flushed T" after
// each commit, until it is killed.
func childMain() bool {
	dir := os.Getenv(childEnv)
	if dir == "" {
		return false
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	h, err := trends.Open(dir, trends.Options{Logger: quiet(), FlushEvery: 200 * time.Millisecond,
		Flushed: func(at time.Time) { fmt.Printf("flushed %d\n", at.UnixMilli()) }})
	if err != nil {
		fail(err)
	}
	set := map[string]trends.Setting{}
	for _, n := range killTags {
		set[n] = trends.Setting{Tag: n}
	}
	base := t0.UnixMilli()
	q := trends.Query{Tags: killTags[:1], From: time.UnixMilli(0), To: time.UnixMilli(1 << 50), Width: 1}
	if s, err := h.Query(context.Background(), q); err != nil {
		fail(err)
	} else if s[0].Last.T.UnixMilli() > 0 {
		base = s[0].Last.T.UnixMilli() + 1000
	}
	h.Configure(set)
	fmt.Printf("base %d\n", base)
	for i := int64(0); ; i++ {
		t := base + i*killStep
		written := make([]tags.Update, len(killTags))
		batch := make([]tags.Update, len(killTags))
		for k, n := range killTags {
			if v, ok := killWritten(k, t); ok {
				written[k] = upd(n, time.UnixMilli(t), v)
			} else {
				written[k] = bad(n, time.UnixMilli(t))
			}
			batch[k] = upd(n, time.UnixMilli(t), killValue(k, t))
		}
		h.Record(written)
		if i%killMidFlush == killMidFlush-1 {
			if err := h.Flush(); err != nil {
				fail(err)
			}
		}
		h.Record(batch)
		time.Sleep(time.Millisecond)
	}
}

// TestKill9 kills a recording process with SIGKILL and checks that every
// sample up to the last flush it reported is stored, exactly, that the
// file is not corrupt, and that the next run continues after it (with a
// gap marker between the runs). Three rounds on the same directory. Each
// sample is recorded as a value written, then its readback in the same
// millisecond (see killWritten): the readback is what is stored, also
// when a commit fell between the two.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	prev := int64(math.MinInt64)
	for round := range 3 {
		base, flushed := killChild(t, dir)
		if base <= prev {
			t.Fatalf("round %d: base %d not after the last flush %d", round, base, prev)
		}
		checkKilled(t, dir, round, base, flushed)
		t.Logf("round %d: killed after %d samples a tag were reported durable", round, (flushed-base)/killStep+1)
		prev = flushed
	}
}

// killChild runs the child until it reported 6 flushes, kills it and
// returns its base and the last time it reported flushed.
func killChild(t *testing.T, dir string) (base, flushed int64) {
	t.Helper()
	flushes := 0
	flushed = math.MinInt64
	killtest.Run(t, childEnv+"="+dir, func(line string) bool {
		word, num, _ := strings.Cut(line, " ")
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			t.Fatalf("child printed %q", line)
		}
		switch word {
		case "base":
			base = n
		case "flushed":
			flushed, flushes = n, flushes+1
		}
		return flushes == 6
	})
	if flushed < base {
		t.Fatalf("flushed %d before base %d", flushed, base)
	}
	return base, flushed
}

// checkKilled checks the directory after a kill.
func checkKilled(t *testing.T, dir string, round int, base, flushed int64) {
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
	h := open(t, dir, trends.Options{}) // seals the chunks left behind
	defer h.Close()
	for k, name := range killTags {
		ss, err := h.Samples(context.Background(), name, time.UnixMilli(base-1), time.UnixMilli(1<<50), 0)
		if err != nil {
			t.Fatal(err)
		}
		if round > 0 {
			if len(ss) == 0 || ss[0].Good || ss[0].T.UnixMilli() != base-1 {
				t.Fatalf("round %d, %s: no gap marker before the run: %v", round, name, ss[:min(len(ss), 2)])
			}
			ss = ss[1:]
		}
		want := (flushed-base)/killStep + 1
		if int64(len(ss)) < want {
			t.Fatalf("round %d, %s: %d samples stored, %d were reported durable", round, name, len(ss), want)
		}
		for i, s := range ss {
			at := base + int64(i)*killStep
			if i == len(ss)-1 && at >= flushed && s.T.UnixMilli() == at {
				// The last sample committed may be the value written: the
				// kill came before the commit of its readback.
				if w, ok := killWritten(k, at); s.Good == ok && (!ok || s.V == w) {
					continue
				}
			}
			if !s.Good || s.T.UnixMilli() != at || s.V != killValue(k, at) {
				t.Fatalf("round %d, %s: sample %d is %+v, want %g at %d", round, name, i, s, killValue(k, at), at)
			}
		}
	}
}
