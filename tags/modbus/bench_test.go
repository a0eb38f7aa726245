package modbus_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	gmodbus "github.com/goburrow/modbus"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/modbus"
	modbuspeer "github.com/gohmi/gohmi/testpeers/modbus"
)

// BenchmarkPeerReads measures what share of the libmodbus peer's capacity
// the driver uses. The loop is the peer's maximum: a tight loop of
// goburrow FC3 reads of 125 registers on one connection (ns/op is one
// request). Then the driver scans 1,000 contiguous registers (8 requests
// a cycle) back to back for a second, publishing into a tags.DB; the
// metrics are both rates and the driver's fraction of the peer's maximum.
//
//	go test ./tags/modbus -run '^$' -bench PeerReads -benchtime 2s
func BenchmarkPeerReads(b *testing.B) {
	p := modbuspeer.Start(b)
	h := gmodbus.NewTCPClientHandler(p.Addr)
	h.SlaveId, h.IdleTimeout = 1, 0
	if err := h.Connect(); err != nil {
		b.Fatal(err)
	}
	c := gmodbus.NewClient(h)
	start := time.Now()
	for b.Loop() {
		if data, err := c.ReadHoldingRegisters(0, 125); err != nil || len(data) != 250 {
			b.Fatal(len(data), err)
		}
	}
	peerRate := float64(b.N) / time.Since(start).Seconds()
	h.Close()

	driverRate := driverReads(b, p, time.Second)
	b.ReportMetric(peerRate, "peer-reads/s")
	b.ReportMetric(driverRate, "driver-reads/s")
	b.ReportMetric(driverRate/peerRate, "fraction")
}

// driverReads runs a driver over 1,000 contiguous registers with a scan
// period of 1ns for d and returns its read requests per second.
func driverReads(b *testing.B, p *modbuspeer.Peer, d time.Duration) float64 {
	ts := make([]modbus.Tag, 1000)
	db := tags.NewDB(tags.Options{})
	for i := range ts {
		ts[i] = modbus.Tag{Def: tags.Def{Name: fmt.Sprintf("R%d", i), Conn: "plc", Type: tags.Int, Address: fmt.Sprintf("hr:%d", i)}}
		if err := db.Define(ts[i].Def); err != nil {
			b.Fatal(err)
		}
	}
	drv, err := modbus.New(modbus.Config{Name: "plc", Address: p.Addr, UnitID: 1, Scan: time.Nanosecond}, ts, modbus.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if n := drv.Stats().Groups[0].Requests; n != 8 {
		b.Fatalf("1,000 contiguous registers planned as %d requests, want 8", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = drv.Run(ctx, db) })
	time.Sleep(100 * time.Millisecond) // connected, warm
	before, t0 := drv.Stats().Requests, time.Now()
	time.Sleep(d)
	after, elapsed := drv.Stats().Requests, time.Since(t0)
	cancel()
	wg.Wait()
	if v, _ := db.Get("R999"); v.Quality != tags.Good || v.V != int64(999) {
		b.Fatalf("R999 = %v", v)
	}
	if s := drv.Stats(); s.Errors != 0 {
		b.Fatalf("errors: %+v", s)
	}
	return float64(after-before) / elapsed.Seconds()
}
