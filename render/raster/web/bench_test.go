package web_test

import (
	"fmt"
	"image"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gohmi/gohmi/internal/benchstat"
	"github.com/gohmi/gohmi/internal/cputime"
	"github.com/gohmi/gohmi/render/raster/web"
)

// The budgets (docs/architecture.md): a changed value costs ≤ 2 KB on the
// wire, reaches the browser's pixels ≤ 50 ms after Present on loopback, and
// a new viewer's first frame at 1280x800 is drawn ≤ 200 ms after it asks.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench . ./render/raster/web/

// countingListener counts the bytes the server writes to its connections.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	return countingConn{c, l.n}, err
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// countedView is newView with the server's bytes written counted.
func countedView(b *testing.B) (*web.Server, string, *atomic.Int64) {
	s := web.New(web.Options{Logger: slog.New(slog.DiscardHandler)})
	hs := httptest.NewUnstartedServer(s)
	n := new(atomic.Int64)
	hs.Listener = countingListener{hs.Listener, n}
	hs.Start()
	b.Cleanup(hs.Close)
	b.Cleanup(func() { s.Close() })
	return s, hs.URL, n
}

// BenchmarkValueChangeBytes: the bytes on the wire (WebSocket framing and
// batch header included) for one changed value: a 120x32 rectangle of a
// number changing on a 1280x800 operator screen; and the CPU time of the
// process for it (Present, encode, send; the Go viewer does not decode).
func BenchmarkValueChangeBytes(b *testing.B) {
	ctx := testCtx(b)
	screen := newHMIScreen(b, 1280, 800)
	s, url, wire := countedView(b)
	s.Present(screen.img, full(screen.img))
	cl := dial(ctx, b, url)
	cl.ack(ctx, cl.next(ctx))
	start, n, cpu0 := wire.Load(), 0, cputime.Process()
	b.ReportAllocs()
	for b.Loop() {
		r := screen.value(3, 100+float64(n)*0.37)
		s.Present(screen.img, []image.Rectangle{r})
		cl.ack(ctx, cl.skip(ctx))
		n++
	}
	b.ReportMetric(float64(wire.Load()-start)/float64(n), "B/value")
	b.ReportMetric(float64(cputime.Process()-cpu0)/float64(n)/float64(time.Microsecond), "cpu-µs/value")
}

// BenchmarkFirstFrameBytes: a new viewer's first frame of a 1280x800
// operator screen: its bytes, and the time from dialling to having it
// received (a Go viewer that does not decode it, so the CPU time, also
// reported, is the server's: copy, encode, send). A value changes before
// each viewer comes, so each one's frame is encoded anew (viewers that
// come together share one encoding).
func BenchmarkFirstFrameBytes(b *testing.B) {
	ctx := testCtx(b)
	screen := newHMIScreen(b, 1280, 800)
	s, url, _ := countedView(b)
	s.Present(screen.img, full(screen.img))
	var bytes, i int
	cpu0 := cputime.Process()
	for b.Loop() {
		i++
		s.Present(screen.img, []image.Rectangle{screen.value(0, float64(i))})
		cl := dial(ctx, b, url)
		if bt := cl.skip(ctx); !bt.full {
			b.Fatal("first batch not full")
		}
		bytes = cl.bytes
		cl.c.CloseNow()
	}
	b.ReportMetric(float64(bytes), "B/frame")
	b.ReportMetric(float64(cputime.Process()-cpu0)/float64(i)/float64(time.Millisecond), "cpu-ms/frame")
}

// BenchmarkPresent: what a Present costs the driver's loop for one changed
// value with two viewers connected.
func BenchmarkPresent(b *testing.B) {
	ctx := testCtx(b)
	screen := newHMIScreen(b, 1280, 800)
	s, url, _ := countedView(b)
	s.Present(screen.img, full(screen.img))
	for range 2 {
		dial(ctx, b, url) // never acknowledges: its damage coalesces
	}
	r := screen.valueRect(3)
	b.ReportAllocs()
	for b.Loop() {
		s.Present(screen.img, []image.Rectangle{r})
	}
}

// BenchmarkPresentToBrowser: from Present of a changed value to the
// browser having drawn it, timed by the page against the same wall clock
// (its trace of the batch; before, the figure was the DevTools round trip
// that read the page's acknowledgement, a few ms more than the pixels
// need). Reports the mean, median, 95th percentile and maximum of Present
// → drawn and of each stage: Present → the page has the message
// (received: encode, write, loopback, the page's event loop), → decoded,
// → drawn.
func BenchmarkPresentToBrowser(b *testing.B) {
	screen := newHMIScreen(b, 1280, 800)
	s, url := newView(b, web.Options{Logger: slog.New(slog.DiscardHandler)})
	s.Present(screen.img, full(screen.img))
	p := openPage(b, url)
	n := p.batches()
	var lat, recv, decode, draw []time.Duration
	cpu0 := browser.cpu()
	for b.Loop() {
		r := screen.value(5, float64(len(lat))*1.1)
		t0 := time.Now()
		s.Present(screen.img, []image.Rectangle{r})
		var tr stages
		n, tr = p.waitTraced(n)
		lat = append(lat, tr.Drawn.Sub(t0))
		recv = append(recv, tr.Recv.Sub(t0))
		decode = append(decode, tr.Decoded.Sub(tr.Recv))
		draw = append(draw, tr.Drawn.Sub(tr.Decoded))
	}
	benchstat.Report(b, lat, "present")
	benchstat.Report(b, recv, "received")
	benchstat.Report(b, decode, "decoding")
	benchstat.Report(b, draw, "drawing")
	reportCPU(b, browser.cpu()-cpu0, len(lat), "present")
}

// stages is the page's trace of one batch: when it was received, decoded
// and drawn, on the wall clock.
type stages struct {
	Seq                  int
	Recv, Decoded, Drawn time.Time
}

// waitTraced waits until the page has drawn more than after batches and
// returns how many, and the trace of the last.
func (p *page) waitTraced(after int) (int, stages) {
	p.t.Helper()
	v := eval[struct {
		N                    int
		Seq                  int
		Recv, Decoded, Drawn float64
	}](p, fmt.Sprintf(`gohmi.wait(%d).then((n) => { const t = gohmi.trace[gohmi.trace.length - 1];
		return { N: n, Seq: t.seq, Recv: t.recv, Decoded: t.decoded, Drawn: t.drawn }; })`, after))
	ms := func(f float64) time.Time { return time.UnixMicro(int64(f * 1000)) }
	return v.N, stages{v.Seq, ms(v.Recv), ms(v.Decoded), ms(v.Drawn)}
}

// BenchmarkFirstFrameBrowser: a new viewer at 1280x800: from the start of
// the page's navigation to its first frame drawn (page load, the frame
// the page carries, decode, draw: ms/frame), and from the page's first
// script (which opens the WebSocket) to that frame drawn (ms/socket), both
// timed by the page. Reports the mean, median, 95th percentile and
// maximum of these and of each stage: the navigation's start → the page's
// first script (script: the browser's navigation, the HTML's request and
// response, with the frame encoded for it, the document's commit), that
// script → the socket open (open: the handshake, no longer on the first
// frame's way), → the frame received (taken from the page's data block;
// over the socket when the page carries none), → decoded, → drawn. Then,
// once the page is idle (its decoder warmed on the first frame), a value
// changes: first-change is its Present → drawn, the first change a new
// viewer sees (the first batch on its socket).
//
// The browser's own share, measured in the same loop: each viewer is
// followed by a navigation, the same way (from about:blank), to a page of
// one line of text and a one-statement script from the same kind of
// server: floor is its navigation's start → its script (the least any
// page's first frame can take in this browser), and
// browser-cpu-ms/floor the browser's CPU time (all its processes) from its
// navigation's start to its load event, beside browser-cpu-ms/frame, a
// viewer's from its navigation's start to its first frame drawn. frame-warm is ms/frame
// without the first warmViewers viewers: a browser started for the
// benchmark spends more on its first navigations (its own caches and
// code, whatever the page), which weigh on the percentiles of a short
// run.
//
// And the page as it was before it carried its first frame, in the same
// loop: frame-socket is the same viewer's first frame when its page
// carries none (served here with its token and data block emptied), the
// frame then coming over the WebSocket once upgraded.
func BenchmarkFirstFrameBrowser(b *testing.B) {
	screen := newHMIScreen(b, 1280, 800)
	s := web.New(web.Options{Logger: slog.New(slog.DiscardHandler)})
	hs := httptest.NewServer(s)
	b.Cleanup(hs.Close)
	b.Cleanup(func() { s.Close() })
	url := hs.URL
	bare := httptest.NewServer(http.StripPrefix("/bare", withoutCarriedFrame(s)))
	b.Cleanup(bare.Close)
	s.Present(screen.img, full(screen.img))
	floor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, floorPage)
	}))
	b.Cleanup(floor.Close)
	p := &page{t: b, ctx: tab(b)}
	var load, socket, script, open, recv, decode, draw, change, floorScript, bareLoad []time.Duration
	var cpu, floorCPU time.Duration
	bareViewer := func() {
		s.Present(screen.img, []image.Rectangle{screen.value(0, float64(len(load))+0.5)})
		p.navigate("about:blank")
		p.navigate(bare.URL + "/bare/")
		p.waitDrawn(0)
		if eval[bool](p, "gohmi.trace[0].embedded") {
			b.Fatal("the bare page carried its frame")
		}
		bareLoad = append(bareLoad, ms(eval[float64](p, "gohmi.tFirst")))
	}
	for b.Loop() {
		// The first of the two kinds of viewer in turns, so that neither
		// gets all of the fresh browser's first navigation.
		odd := len(load)%2 == 1
		if odd {
			bareViewer()
		}
		s.Present(screen.img, []image.Rectangle{screen.value(0, float64(len(load)))}) // no cached frame
		// A new viewer's tab: the last viewer's page goes first, untimed
		// (in the same tab, its teardown delays the next document's
		// commit: 70 ms more per frame under load).
		p.navigate("about:blank")
		cpu0 := browser.cpu()
		p.navigate(url + "/")
		p.waitDrawn(0)
		cpu += browser.cpu() - cpu0
		t := eval[struct{ Connect, Open, First, Recv, Decoded, Drawn float64 }](p, `({Connect: gohmi.tConnect, Open: gohmi.tOpen, First: gohmi.tFirst,
			Recv: gohmi.trace[0].recv - performance.timeOrigin, Decoded: gohmi.trace[0].decoded - performance.timeOrigin,
			Drawn: gohmi.trace[0].drawn - performance.timeOrigin})`)
		load = append(load, ms(t.First))
		socket = append(socket, ms(t.First-t.Connect))
		script = append(script, ms(t.Connect))
		open = append(open, ms(t.Open-t.Connect))
		recv = append(recv, ms(t.Recv-t.Connect))
		decode = append(decode, ms(t.Decoded-t.Recv))
		draw = append(draw, ms(t.Drawn-t.Decoded))

		eval[bool](p, `gohmi.until(() => !gohmi.warm || gohmi.warm.done || !gohmi.warm.started)`)
		n := p.batches()
		t0 := time.Now()
		s.Present(screen.img, []image.Rectangle{screen.value(5, float64(len(load)))})
		_, tr := p.waitTraced(n)
		change = append(change, tr.Drawn.Sub(t0))

		p.navigate("about:blank")
		cpu0 = browser.cpu()
		p.navigate(floor.URL + "/")
		floorScript = append(floorScript, ms(eval[float64](p, "window.t0")))
		floorCPU += browser.cpu() - cpu0
		if !odd {
			bareViewer()
		}
	}
	benchstat.Report(b, load, "frame")
	if len(load) > warmViewers {
		benchstat.Report(b, load[warmViewers:], "frame-warm")
	}
	benchstat.Report(b, socket, "socket")
	benchstat.Report(b, script, "script")
	benchstat.Report(b, open, "open")
	benchstat.Report(b, recv, "received")
	benchstat.Report(b, decode, "decoding")
	benchstat.Report(b, draw, "drawing")
	benchstat.Report(b, change, "first-change")
	benchstat.Report(b, floorScript, "floor")
	benchstat.Report(b, bareLoad, "frame-socket")
	if len(bareLoad) > warmViewers {
		benchstat.Report(b, bareLoad[warmViewers:], "frame-socket-warm")
	}
	reportCPU(b, cpu, len(load), "frame")
	reportCPU(b, floorCPU, len(floorScript), "floor")
}

// warmViewers is how many viewers BenchmarkFirstFrameBrowser's frame-warm
// leaves out: a fresh browser's first navigations (of any page) are its
// slowest.
const warmViewers = 10

// floorPage is the least page: what a navigation costs the browser
// whatever the page (BenchmarkFirstFrameBrowser's floor).
const floorPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title>
<script>window.t0 = performance.now();</script></head><body>floor</body></html>`

// navigate loads url in the page's tab and waits for its load event.
func (p *page) navigate(url string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(url)); err != nil {
		p.t.Fatalf("navigate to %s: %v", url, err)
	}
}

// withoutCarriedFrame serves h's page without the frame it carries (its
// resume token and data block emptied): the page as it was before it
// carried one, whose WebSocket brings the first frame.
func withoutCarriedFrame(h http.Handler) http.Handler {
	token := regexp.MustCompile(`<meta name="gohmi-frame" content="[^"]*">`)
	block := regexp.MustCompile(`<script type="application/octet-stream" id="gohmi-frame">[^<]*</script>`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		maps.Copy(w.Header(), rec.Header())
		page := token.ReplaceAll(rec.Body.Bytes(), []byte(`<meta name="gohmi-frame" content="">`))
		w.Write(block.ReplaceAll(page, []byte(`<script type="application/octet-stream" id="gohmi-frame"></script>`)))
	})
}

// ms converts a page's milliseconds to a duration.
func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// reportCPU reports the browser's CPU time (all its processes, DevTools
// traffic included) per operation: unlike the wall times, a loaded
// machine does not inflate it.
func reportCPU(b *testing.B, cpu time.Duration, n int, what string) {
	if n > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(n)/float64(time.Millisecond), "browser-cpu-ms/"+what)
	}
}
