package main

import (
	"syscall"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/benchstat"
)

// BenchmarkRasterWebTagChange: the web view's budget end to end (tag
// change → browser pixels ≤ 50 ms on loopback): the real binary as on a
// panel (CGO_ENABLED=0, --backend raster --web --web-control, the frozen
// demo's pump screen) and two viewers in headless Chromium. Each
// iteration clicks "Automatic control" in the first viewer, which writes
// Pump1.Auto, and times, in each viewer, from the tag's change (its
// timestamp) to the page having drawn the batch that changed the "In
// automatic" lamp (the page's own trace, on the same wall clock).
// Reports the mean, median, 95th percentile and maximum over both
// viewers of the whole (tag) and of its stages: tag change → the page has
// the batch (received: the binder, the frame, encoding, the socket), →
// decoded, → drawn.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench RasterWebTagChange -benchtime 20x ./cmd/hmi/
func BenchmarkRasterWebTagChange(b *testing.B) {
	needChromium(b)
	p, addr := startRaster(b, frozenDemo(b), "--web", "127.0.0.1:0", "--web-control")
	page := p.waitLog(b, webURLRe)[1]
	waitStatus(b, addr, &p.log, func(st status) bool { return st.Screen == "pump" && st.UIBatches >= 1 })
	viewers := []*viewer{openViewer(b, page), openViewer(b, page)}
	for _, v := range viewers { // each page idle: its decoder warmed on its first frame
		evalJS[bool](v, `gohmi.until(() => gohmi.warm.done || !gohmi.warm.started)`)
	}
	var lat, recv, decoding, drawing []time.Duration
	for b.Loop() {
		want := readTag(b, addr, "Pump1.Auto").Value != true
		for _, v := range viewers {
			watchRegion(v, autoLamp)
		}
		viewers[0].click(autoToggle.X, autoToggle.Y)
		changed := waitTag(b, p, addr, "Pump1.Auto", want)
		for _, v := range viewers {
			seen := evalJS[struct{ Recv, Decoded, Drawn float64 }](v, `gohmi.until(() => window.lampSeen).then(() => window.lampSeen)`)
			at := func(ms float64) time.Duration { return time.UnixMicro(int64(ms * 1000)).Sub(changed.Time) }
			lat = append(lat, at(seen.Drawn))
			recv = append(recv, at(seen.Recv))
			decoding = append(decoding, at(seen.Decoded)-at(seen.Recv))
			drawing = append(drawing, at(seen.Drawn)-at(seen.Decoded))
		}
	}
	b.StopTimer()
	benchstat.Report(b, lat, "tag")
	benchstat.Report(b, recv, "received")
	benchstat.Report(b, decoding, "decoding")
	benchstat.Report(b, drawing, "drawing")
	if why, log := stoppedCleanly(p, syscall.SIGTERM); why != "" {
		b.Fatalf("SIGTERM: %s:\n%s", why, log)
	}
}
