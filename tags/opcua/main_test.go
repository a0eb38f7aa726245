package opcua_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/logtest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/opcua"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// TestMain stops the shared peer before goleak looks for goroutines left
// running. No goroutine is ignored: gopcua's (its connection monitor,
// publish loop and secure channel dispatcher) all end when a client is
// closed, and the driver closes every client it opens.
func TestMain(m *testing.M) { goleak.VerifyTestMain(stopShared{m}) }

type stopShared struct{ m *testing.M }

func (s stopShared) Run() int {
	code := s.m.Run()
	sharedMu.Lock()
	if shared != nil {
		shared.Stop()
	}
	sharedMu.Unlock()
	return code
}

var (
	sharedMu  sync.Mutex
	shared    *opcuapeer.Peer
	sharedErr error
)

const (
	peerUser     = "operator"
	peerPassword = "s3cret"
)

// peer returns the server shared by the tests that do not stop it.
func peer(t testing.TB) *opcuapeer.Peer {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		shared, sharedErr = opcuapeer.Launch(opcuapeer.Options{User: peerUser, Password: peerPassword, PKI: "tags"})
	}
	if errors.Is(sharedErr, opcuapeer.ErrMissing) && os.Getenv("CI") == "" {
		t.Skip(sharedErr)
	}
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// rig is a driver running against a DB.
type rig struct {
	t    testing.TB
	db   *tags.DB
	drv  *opcua.Driver
	logs *logtest.Buffer
	pub  *history
	stop func()
}

// history is the Publisher the driver runs with: it keeps every value
// published, by tag, and passes them on to the database.
type history struct {
	next tags.Publisher
	mu   sync.Mutex // guards seen
	seen map[string][]tags.Value
}

func (h *history) Publish(ups ...tags.Update) {
	h.mu.Lock()
	for _, u := range ups {
		h.seen[u.Name] = append(h.seen[u.Name], u.Value)
	}
	h.mu.Unlock()
	h.next.Publish(ups...)
}

// values returns every value published for a tag so far.
func (h *history) values(name string) []tags.Value {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seen[name])
}

// node is a tag on one of the peer's variables (ns=1;s=<name>).
func node(name string, typ tags.Type) opcua.Tag {
	return opcua.Tag{Def: tags.Def{Name: "Plant." + name, Conn: "plc", Type: typ, Writable: true, Address: "ns=1;s=" + name}}
}

// run starts a driver for ts and stops it (waiting for Run) when t ends.
func run(t testing.TB, cfg opcua.Config, ts ...opcua.Tag) *rig {
	t.Helper()
	return runClock(t, cfg, nil, ts...)
}

// runClock is run with the driver's and the database's clock (nil: the
// wall clock).
func runClock(t testing.TB, cfg opcua.Config, clk clock.Clock, ts ...opcua.Tag) *rig {
	t.Helper()
	if cfg.Name == "" {
		cfg.Name = "plc"
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 3 * time.Second
	}
	logs := &logtest.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	drv, err := opcua.New(cfg, ts, opcua.Options{Logger: log, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	db := tags.NewDB(tags.Options{Now: clock.Or(clk).Now})
	defs := make([]tags.Def, len(ts))
	for i, tg := range ts {
		defs[i] = tg.Def
	}
	if err := db.Define(defs...); err != nil {
		t.Fatal(err)
	}
	db.Attach(cfg.Name, drv)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	pub := &history{next: db, seen: map[string][]tags.Value{}}
	go func() { done <- drv.Run(ctx, pub) }()
	var once sync.Once
	r := &rig{t: t, db: db, drv: drv, logs: logs, pub: pub}
	r.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Errorf("Run did not return within 10s of cancel")
			}
		})
	}
	t.Cleanup(func() {
		r.stop()
		if t.Failed() {
			t.Logf("driver log:\n%s", logs.String())
		}
	})
	return r
}

// wait waits until cond holds for the tag's value, looking at each value
// the database delivers, or fails after d of real time: d bounds how long
// the server (a real process) may take.
func (r *rig) wait(name string, d time.Duration, what string, cond func(tags.Value) bool) tags.Value {
	r.t.Helper()
	v, ok := r.db.Get(name)
	if !ok {
		r.t.Fatalf("no tag %s", name)
	}
	sub := r.db.Subscribe([]string{name})
	defer sub.Close()
	limit := time.After(d)
	for !cond(v) {
		select {
		case <-sub.C():
			for _, u := range sub.Take(nil) {
				if v = u.Value; cond(v) {
					return v
				}
			}
		case <-limit:
			r.t.Fatalf("%s: not %s within %s; last value %s", name, what, d, v)
		}
	}
	return v
}

func (r *rig) waitGood(names ...string) {
	r.t.Helper()
	for _, n := range names {
		r.wait(n, 15*time.Second, "good", func(v tags.Value) bool { return v.Quality == tags.Good })
	}
}

func (r *rig) waitValue(name string, want any) {
	r.t.Helper()
	r.wait(name, 5*time.Second, fmt.Sprintf("%v", want), func(v tags.Value) bool {
		return v.Quality == tags.Good && v.V == want
	})
}

// reconnect steps the clock by first, to the driver's next attempt, and
// waits until the tags are Good. Should that attempt fail — a server just
// restarted on a loaded machine may answer later than the request timeout,
// which runs on real time — the driver arms its backoff timer again, next
// on, and reconnect steps it to the following attempt, at most ten times.
// That timer is how it tells a failed attempt from a slow one, so it never
// steps the clock under a session being set up; next must be the delay
// the driver waits after a failure then (its MaxBackoff, once reached), and
// differ from the watchdog's period (half the timeout).
func (r *rig) reconnect(clk *clocktest.Clock, first, next time.Duration, names ...string) {
	r.t.Helper()
	step := first
	for range 10 {
		clk.Step(step)
		step = next
		failed := make(chan bool, 1)
		stop := make(chan time.Time)
		at := clk.Now().Add(next)
		go func() { failed <- clk.WaitArmed(at, stop) }()
		good, took := r.goodOr(names, failed)
		close(stop)
		if !took {
			<-failed // the goroutine has returned
		}
		if good {
			return
		}
	}
	r.t.Fatalf("%v: not good after ten reconnect attempts", names)
}

// goodOr waits until every named tag is Good (true), or until failed
// delivers (false; took reports that it did), bounded by 30 s of real time.
func (r *rig) goodOr(names []string, failed <-chan bool) (good, took bool) {
	r.t.Helper()
	sub := r.db.Subscribe(names)
	defer sub.Close()
	limit := time.After(30 * time.Second)
	for {
		all := true
		for _, n := range names {
			if v, _ := r.db.Get(n); v.Quality != tags.Good {
				all = false
			}
		}
		if all {
			return true, false
		}
		select {
		case <-sub.C():
			sub.Take(nil)
		case <-failed:
			return false, true
		case <-limit:
			r.t.Fatalf("%v: neither good nor failed again within 30s", names)
		}
	}
}
