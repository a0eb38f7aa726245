package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/audit"
)

// The trail's records are few (logins, writes, acknowledgements: people's
// actions), but a script writing tags or an alarm flood acknowledged in
// bulk must not outrun it. The data directory is the test's temporary
// one: point TMPDIR at the panel's disk to measure its fsync.
//
//	go test -run '^$' -bench . -benchtime 2s ./hmi/audit/

// BenchmarkAppendDurable appends records one at a time, as the runtime
// does, and reports how many per second became durable (the clock runs
// until the last one is committed).
// A keyed trail adds one HMAC per record.
func BenchmarkAppendDurable(b *testing.B) {
	b.Run("plain", func(b *testing.B) { benchAppend(b, nil) })
	b.Run("keyed", func(b *testing.B) { benchAppend(b, key) })
}

func benchAppend(b *testing.B, key []byte) {
	tr := open(b, b.TempDir(), audit.Options{Key: key})
	defer tr.Close()
	r := rec(0, "alice", audit.Write, "Pump1.Speed", "1450", "1500")
	n := 0
	start := time.Now()
	for b.Loop() {
		tr.Append(r)
		n++
	}
	flush(b, tr)
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
	b.ReportMetric(float64(tr.Dropped()), "dropped")
}

// BenchmarkAppendWait is a caller that waits for each record to be
// durable before it acts (a critical write audited first): one commit,
// one fsync, per record.
func BenchmarkAppendWait(b *testing.B) {
	tr := open(b, b.TempDir(), audit.Options{})
	defer tr.Close()
	r := rec(0, "alice", audit.Write, "Pump1.Speed", "1450", "1500")
	ctx := context.Background()
	for b.Loop() {
		if err := tr.Wait(ctx, tr.Append(r)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkVerify walks a chain of 100,000 records (keyed: checking each
// row's MAC too).
func BenchmarkVerify(b *testing.B) {
	b.Run("plain", func(b *testing.B) { benchVerify(b, nil) })
	b.Run("keyed", func(b *testing.B) { benchVerify(b, key) })
}

func benchVerify(b *testing.B, key []byte) {
	tr := open(b, b.TempDir(), audit.Options{Key: key})
	defer tr.Close()
	const rows = 100_000
	for i := range rows {
		tr.Append(rec(time.Duration(i)*time.Millisecond, fmt.Sprintf("user%d", i%7), audit.Write,
			fmt.Sprintf("Tag%d", i%500), fmt.Sprint(i), fmt.Sprint(i+1)))
	}
	flush(b, tr)
	ctx := context.Background()
	for b.Loop() {
		res, err := tr.Verify(ctx)
		if err != nil || !res.OK() || res.Rows != rows || res.Keyed != (key != nil) {
			b.Fatal(res, err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
