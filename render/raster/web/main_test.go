package web_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/internal/chromiumtest"
)

// TestMain runs the tests, stops the shared browser, then checks that no
// goroutine was left behind.
func TestMain(m *testing.M) {
	code := m.Run()
	browser.stop()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// browser is the one headless Chromium the browser tests share: each
// test opens its own tabs in it. It starts with the first test that asks.
var browser sharedBrowser

type sharedBrowser struct {
	mu     sync.Mutex // guards the fields
	ctx    context.Context
	cancel func()
	err    error
}

// tab opens a new tab of the shared browser, closed when the test ends.
// Without Chromium the test is skipped, or fails under CI=true.
func tab(t testing.TB) context.Context {
	t.Helper()
	ctx := browser.get(t)
	tctx, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return tctx
}

func (b *sharedBrowser) get(t testing.TB) context.Context {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ctx == nil && b.err == nil {
		b.ctx, b.cancel, b.err = chromiumtest.Start(chromiumtest.Need(t), chromedp.WindowSize(800, 600))
	}
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.ctx
}

// cpu returns the CPU time (user and system) of the browser's processes
// so far, read from /proc (0 where there is none): benchmarks report it
// beside wall times, which a loaded machine inflates.
func (b *sharedBrowser) cpu() time.Duration {
	b.mu.Lock()
	ctx := b.ctx
	b.mu.Unlock()
	if ctx == nil {
		return 0
	}
	proc := chromedp.FromContext(ctx).Browser.Process()
	if proc == nil {
		return 0
	}
	return treeCPU(proc.Pid)
}

// treeCPU sums the CPU time of pid and its descendants: each one's utime
// and stime, and its cutime and cstime, the time of its children that
// exited and were waited for (Chromium replaces a tab's renderer process
// on a navigation to another site: without them, the time of the one
// that exited was lost, and a navigation measured less than none).
func treeCPU(root int) time.Duration {
	entries, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	ticks := map[int]int64{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid … utime(14) stime(15) cutime(16)
		// cstime(17): comm may hold spaces.
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) < 15 {
			continue
		}
		parent[pid], _ = strconv.Atoi(f[1])
		for _, v := range f[11:15] {
			n, _ := strconv.ParseInt(v, 10, 64)
			ticks[pid] += n
		}
	}
	var sum int64
	for pid, t := range ticks {
		for p := pid; p > 1; p = parent[p] {
			if p == root {
				sum += t
				break
			}
		}
	}
	return time.Duration(sum) * time.Second / 100 // USER_HZ
}

func (b *sharedBrowser) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cancel != nil {
		b.cancel()
	}
}
