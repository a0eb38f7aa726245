package journal_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
)

// The budget: the journal keeps >= 5,000 transitions/s durable with
// synchronous=FULL, and a flood of 1,000 alarms reaches the disk within a
// second. The data directory is the test's temporary one: point TMPDIR at
// the panel's disk to measure its fsync.
//
//	go test -run '^$' -bench . -benchtime 2s ./alarms/journal/

// BenchmarkThroughput appends transitions in engine-sized batches of 50 as
// fast as they are taken and reports how many per second became durable
// (the clock runs until the last one is committed).
func BenchmarkThroughput(b *testing.B) {
	j := open(b, b.TempDir(), journal.Options{})
	defer j.Close()
	batch := floodEvents(50)
	n := 0
	start := time.Now()
	for b.Loop() {
		j.Append(batch)
		n += len(batch)
	}
	flush(b, j)
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "transitions/s")
	b.ReportMetric(float64(j.Dropped()), "dropped")
}

// BenchmarkFlood1000 is one flood: 1,000 alarms activate, each appended
// on its own as the engine finds it, and the time until all are durable.
func BenchmarkFlood1000(b *testing.B) {
	j := open(b, b.TempDir(), journal.Options{})
	defer j.Close()
	evs := floodEvents(1000)
	one := make([]alarms.Event, 1)
	b.ReportAllocs()
	for b.Loop() {
		for i := range evs {
			one[0] = evs[i]
			j.Append(one)
		}
		flush(b, j)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/flood")
}

// BenchmarkEvents reads a page of 100 from a journal of 100,000 events,
// filtered by alarm: the history widget's query.
func BenchmarkEvents(b *testing.B) {
	j := open(b, b.TempDir(), journal.Options{})
	defer j.Close()
	for range 100 {
		j.Append(floodEvents(1000))
	}
	flush(b, j)
	q := alarms.Query{Alarm: "A0042", Limit: 100}
	for b.Loop() {
		if _, err := j.Events(q); err != nil {
			b.Fatal(err)
		}
	}
}

func floodEvents(n int) []alarms.Event {
	evs := make([]alarms.Event, n)
	for i := range evs {
		evs[i] = ev(time.Duration(i)*time.Millisecond, fmt.Sprintf("A%04d", i%1000), alarms.Activate, uint64(i+1))
	}
	return evs
}
