package main

import (
	"slices"
	"syscall"
	"testing"
	"time"
)

// BenchmarkRasterWebTagChange: the web view's budget end to end (tag
// change → browser pixels ≤ 50 ms on loopback): the real binary as on a
// panel (CGO_ENABLED=0, --backend raster --web --web-control, the frozen
// demo's pump screen) and two viewers in headless Chromium. Each
// iteration clicks "Automatic control" in the first viewer, which writes
// Pump1.Auto, and times, in each viewer, from the tag's change (its
// timestamp) to the page having drawn the batch that changed the "In
// automatic" lamp (the page's own trace, on the same wall clock).
// Reports the mean and 95th percentile over both viewers, and the mean
// of when the batch was received and decoded.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench RasterWebTagChange -benchtime 20x ./cmd/hmi/
func BenchmarkRasterWebTagChange(b *testing.B) {
	needChromium(b)
	p, addr := startRaster(b, frozenDemo(b), "--web", "127.0.0.1:0", "--web-control")
	page := p.waitLog(b, webURLRe)[1]
	waitStatus(b, addr, &p.log, func(st status) bool { return st.Screen == "pump" && st.UIBatches >= 1 })
	viewers := []*viewer{openViewer(b, page), openViewer(b, page)}
	var lat, recv, decoded []time.Duration
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
			decoded = append(decoded, at(seen.Decoded))
		}
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	mean := func(ds []time.Duration) float64 {
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		return ms(sum) / float64(len(ds))
	}
	b.ReportMetric(mean(lat), "ms/tag")
	b.ReportMetric(mean(recv), "ms-received")
	b.ReportMetric(mean(decoded), "ms-decoded")
	slices.Sort(lat)
	b.ReportMetric(ms(lat[len(lat)*95/100]), "p95-ms/tag")
	b.ReportMetric(ms(lat[0]), "min-ms/tag")
	if why, log := stoppedCleanly(p, syscall.SIGTERM); why != "" {
		b.Fatalf("SIGTERM: %s:\n%s", why, log)
	}
}
