package opcua_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/opcua"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// BenchmarkSubscribe1000 subscribes to 1,000 node-opcua variables that
// each change every 100 ms (10,000 changes/s) at a sampling interval of
// 100 ms, publishing into a tags.DB. Each iteration waits for 1,000
// changes. It reports the changes delivered per second and the CPU time
// this Go process (the driver, gopcua and the DB; not the server) spent
// per second of wall time.
//
//	go test ./tags/opcua -run '^$' -bench Subscribe1000 -benchtime 50x
func BenchmarkSubscribe1000(b *testing.B) {
	const n = 1000
	p := opcuapeer.Start(b, opcuapeer.Options{Bench: n, PKI: "tags"})
	ts := make([]opcua.Tag, n)
	defs := make([]tags.Def, n)
	for i := range ts {
		ts[i] = opcua.Tag{
			Def:      tags.Def{Name: fmt.Sprintf("Bench.T%d", i), Type: tags.Float, Address: fmt.Sprintf("ns=1;s=Bench%d", i)},
			Sampling: 100 * time.Millisecond,
		}
		defs[i] = ts[i].Def
	}
	drv, err := opcua.New(opcua.Config{Name: "bench", Endpoint: p.Endpoint}, ts, opcua.Options{})
	if err != nil {
		b.Fatal(err)
	}
	db := tags.NewDB(tags.Options{})
	if err := db.Define(defs...); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- drv.Run(ctx, db) }()
	defer func() { cancel(); <-done }()

	// Wait until every tag is Good: the subscription is up.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		good := 0
		for _, d := range defs {
			if v, _ := db.Get(d.Name); v.Quality == tags.Good {
				good++
			}
		}
		if good == n {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d tags good after 30s", good, n)
		}
	}
	time.Sleep(500 * time.Millisecond)

	changed0, cpu0, t0 := db.Stats().Changed, cpuTime(), time.Now()
	for b.Loop() {
		want := db.Stats().Changed + n
		for db.Stats().Changed < want {
			time.Sleep(2 * time.Millisecond)
		}
	}
	elapsed := time.Since(t0).Seconds()
	b.ReportMetric(float64(db.Stats().Changed-changed0)/elapsed, "changes/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/elapsed, "cpu-ms/s")
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
