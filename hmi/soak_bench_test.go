package hmi_test

import (
	"context"
	"github.com/gohmi/gohmi/tags/drivers"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/tags/sim"
)

// BenchmarkSoak runs the demo headless in simulated time, as an operator
// would use it for hours: every live value changes at 10 Hz, the screen
// changes every 10 s and the night display toggles every 20 s. A
// simulated minute is one iteration; a minute of warm-up comes first
// (Fyne's caches keep entries for a minute). It reports the resident
// memory of the test process and the Go heap left after a GC, after the
// first frame, after warm-up and at the end, and their growth during the
// iterations (budget: flat after warm-up).
//
// Time is stepped, not waited for: each 100 ms step publishes the values
// of the simulated signals at that time, and the next step follows as soon
// as the binder has put them on screen (one UI batch per step, so no value
// is coalesced away).
//
//	go test -tags migrated_fynedo -run '^$' -bench Soak -benchtime 10x ./hmi/
func BenchmarkSoak(b *testing.B) {
	s := startSoak(b, "../screens/demo")
	start := s.mem()
	s.minute(b) // warm-up
	warm := s.mem()
	for b.Loop() {
		s.minute(b)
	}
	end := s.mem()
	for _, m := range []struct {
		when string
		m    memory
	}{{"start", start}, {"warm", warm}, {"end", end}} {
		b.ReportMetric(m.m.rss, "rss-"+m.when+"-MB")
		b.ReportMetric(m.m.heap, "heap-"+m.when+"-MB")
	}
	b.ReportMetric(end.rss-warm.rss, "rss-growth-MB")
	b.ReportMetric(end.heap-warm.heap, "heap-growth-MB")
}

// soak drives a running demo in simulated time.
type soak struct {
	rt      *hmi.Runtime
	signals *sim.Driver // the demo's live (non-memory) signals
	screens []string
	elapsed time.Duration // simulated time
	screen  int
	night   bool
}

func startSoak(b *testing.B, dir string) *soak {
	b.Helper()
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		b.Fatal(err)
	}
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(1280, 800))
	rt, err := hmi.NewRuntime(p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff, NoData: true})
	if err != nil {
		b.Fatal(err)
	}
	// Memory tags are left alone: they hold what the operator wrote.
	var live []sim.Tag
	for _, t := range p.Tags {
		if s, ok := t.Settings.(sim.Signal); ok && s.Kind != sim.Memory {
			live = append(live, sim.Tag{Def: t.Def, Signal: s})
		}
	}
	signals, err := sim.New(sim.Options{Seed: 7}, live)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = rt.Run(ctx) })
	b.Cleanup(func() { cancel(); wg.Wait(); rt.UI(win.Close) })
	for rt.Current() == "" || rt.Binder().Stats().Batches == 0 {
		time.Sleep(time.Millisecond)
	}
	return &soak{rt: rt, signals: signals, screens: p.ScreenNames()}
}

// minute runs one simulated minute.
func (s *soak) minute(b *testing.B) {
	for range 600 {
		s.step(b)
	}
}

// step advances simulated time by 100 ms.
func (s *soak) step(b *testing.B) {
	s.elapsed += 100 * time.Millisecond
	db, bd := s.rt.DB(), s.rt.Binder()
	if s.elapsed%(20*time.Second) == 0 {
		s.night = !s.night
		if err := db.Write(context.Background(), "Settings.NightMode", s.night); err != nil {
			b.Fatal(err)
		}
	}
	if s.elapsed%(10*time.Second) == 0 {
		s.screen = (s.screen + 1) % len(s.screens)
		var err error
		s.rt.UI(func() {
			// A paint, as /snapshot.png does: Fyne cleans its caches then.
			render.Relayout(s.rt.Window().Content())
			s.rt.Window().Canvas().Capture()
			err = s.rt.Navigate(s.screens[s.screen])
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	before := bd.Stats()
	ups := s.signals.Sample(s.elapsed)
	db.Publish(ups...)
	// Wait until the binder has taken the values and shown them (a screen
	// that shows none of them gets no batch: two frames are enough then).
	deadline := time.Now().Add(time.Second)
	for bd.Stats().Updates < before.Updates+int64(len(ups)) {
		if time.Now().After(deadline) {
			b.Fatalf("the binder took %d of %d updates within a second", bd.Stats().Updates-before.Updates, len(ups))
		}
		time.Sleep(100 * time.Microsecond)
	}
	for frames := time.Now().Add(35 * time.Millisecond); bd.Stats().Batches == before.Batches && time.Now().Before(frames); {
		time.Sleep(100 * time.Microsecond)
	}
}

type memory struct{ rss, heap float64 } // MB

// mem returns the resident memory and the live Go heap, after a GC.
func (s *soak) mem() memory {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{rss: selfRSS(), heap: float64(ms.HeapAlloc) / (1 << 20)}
}

// selfRSS reads this process's VmRSS in MB.
func selfRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
