package hmi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/gohmi/gohmi/internal/clock"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/drivers"
)

var statusT0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// statusProject writes a small project (name: as given, or none) and
// returns a runtime on it, not running: the tests publish the values.
func statusRuntime(t *testing.T, name string, opts hmi.Options) *hmi.Runtime {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "plant-7")
	head := ""
	if name != "" {
		head = "name: " + name + "\n"
	}
	write(t, dir, "hmi.yaml", head+`start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: Tank.Level, connection: sim, unit: "%", signal: { kind: memory, initial: 40 } }
  - { name: Pump.Run, type: bool, connection: sim, signal: { kind: memory, initial: false } }
  - { name: Area.Name, type: string, connection: sim, signal: { kind: memory, initial: "North" } }
  - { name: Flow, connection: sim, signal: { kind: memory, initial: 0 } }
`)
	write(t, dir, "screens/main.gopage", "screen: main\nroot: { type: label, text: \"{Tank.Level}\" }\n")
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Clock = fixedClock{statusT0}
	opts.NoData = true
	rt, err := hmi.NewRuntime(p, hmi.NewHeadlessWindow(fyne.NewSize(320, 200)), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// TestStatusTags: GET /tags reads every tag, or the named ones in the
// order asked, with value, quality, reason and time; unknown names are a
// 404 naming each of them; the endpoint is read-only.
func TestStatusTags(t *testing.T) {
	rt := statusRuntime(t, "Plant", hmi.Options{})
	t1 := statusT0.Add(time.Second)
	rt.DB().Publish(
		tags.Update{Name: "Tank.Level", Value: tags.Value{V: 62.5, Time: t1}},
		tags.Update{Name: "Pump.Run", Value: tags.Value{V: true, Time: t1}},
		tags.Update{Name: "Area.Name", Value: tags.Value{V: "North", Quality: tags.Uncertain, Reason: "stale", Time: t1}},
		tags.Update{Name: "Flow", Value: tags.Value{V: math.Inf(1), Quality: tags.Bad, Reason: "division by zero", Time: t1}},
	)
	srv := httptest.NewServer(rt.StatusHandler())
	defer srv.Close()

	level := `{"name":"Tank.Level","connection":"sim","value":62.5,"unit":"%","quality":"good","time":"2026-03-01T08:00:01Z"}`
	run := `{"name":"Pump.Run","connection":"sim","value":true,"quality":"good","time":"2026-03-01T08:00:01Z"}`
	area := `{"name":"Area.Name","connection":"sim","value":"North","quality":"uncertain","reason":"stale","time":"2026-03-01T08:00:01Z"}`
	flow := `{"name":"Flow","connection":"sim","value":null,"quality":"bad","reason":"division by zero","time":"2026-03-01T08:00:01Z"}`
	for _, tc := range []struct {
		name   string
		method string
		query  string
		code   int
		want   string // JSON, compared as values
	}{
		{"all, sorted by name", "GET", "/tags", 200, `{"tags":[` + area + `,` + flow + `,` + run + `,` + level + `]}`},
		{"named, in the order asked", "GET", "/tags?name=Tank.Level,Pump.Run", 200, `{"tags":[` + level + `,` + run + `]}`},
		{"repeated name parameters", "GET", "/tags?name=Pump.Run&name=Tank.Level", 200, `{"tags":[` + run + `,` + level + `]}`},
		{"spaces and empty items ignored", "GET", "/tags?name=%20Area.Name%20,,", 200, `{"tags":[` + area + `]}`},
		{"a name list with no name", "GET", "/tags?name=", 200, `{"tags":[]}`},
		{"non-finite value is null", "GET", "/tags?name=Flow", 200, `{"tags":[` + flow + `]}`},
		{"unknown names", "GET", "/tags?name=Tank.Level,Tank.Lvel,Nope", 404,
			`{"error":"unknown tag \"Tank.Lvel\", \"Nope\"","unknown":["Tank.Lvel","Nope"]}`},
		{"read-only: POST", "POST", "/tags?name=Pump.Run", 405, ``},
		{"read-only: PUT", "PUT", "/tags", 405, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := request(t, tc.method, srv.URL+tc.query)
			if code != tc.code {
				t.Fatalf("%s %s: %d %s, want %d", tc.method, tc.query, code, body, tc.code)
			}
			if tc.want != "" {
				sameJSON(t, body, tc.want)
			}
		})
	}
	if v, _ := rt.DB().Get("Pump.Run"); v.V != true {
		t.Errorf("Pump.Run = %v after the refused writes", v)
	}
}

// TestStatusNamesTheProject: /status carries the project's name (or its
// directory's base name), never the directory's path on the panel.
func TestStatusNamesTheProject(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"North Pump Station", "North Pump Station"},
		{"", "plant-7"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			rt := statusRuntime(t, tc.name, hmi.Options{})
			srv := httptest.NewServer(rt.StatusHandler())
			defer srv.Close()
			code, body := request(t, "GET", srv.URL+"/status")
			if code != 200 {
				t.Fatalf("%d %s", code, body)
			}
			var st map[string]any
			if err := json.Unmarshal([]byte(body), &st); err != nil {
				t.Fatal(err)
			}
			if st["project"] != tc.want {
				t.Errorf("project = %v, want %q", st["project"], tc.want)
			}
			if dir := rt.Project().Dir; strings.Contains(body, dir) || st["dir"] != nil {
				t.Errorf("/status shows the project's directory:\n%s", body)
			}
		})
	}
}

func request(t *testing.T, method, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func sameJSON(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("got  %s\nwant %s", compact(got), want)
	}
}

func compact(s string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(s)) != nil {
		return s
	}
	return b.String()
}

// fixedClock tells one time; its timers run on the wall clock, so the
// binder's frames still go out.
type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time                     { return c.t }
func (fixedClock) NewTimer(d time.Duration) clock.Timer { return clock.Real{}.NewTimer(d) }

// steppedClock is a clock the test moves by hand; its timers run on the
// wall clock, so the binder's frames still go out.
type steppedClock struct {
	mu  sync.Mutex // guards now
	now time.Time
}

func (c *steppedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (*steppedClock) NewTimer(d time.Duration) clock.Timer { return clock.Real{}.NewTimer(d) }

func (c *steppedClock) Step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// runDemo runs the demo headless on the clock until the test ends.
func runDemo(t testing.TB, clk *steppedClock) *hmi.Runtime {
	p, err := hmi.Load(demo, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	opts := hmi.Options{Logger: slog.New(slog.DiscardHandler), Watch: hmi.WatchOff, Clock: clk, NoData: true}
	rt, err := hmi.NewRuntime(p, hmi.NewHeadlessWindow(fyne.NewSize(1280, 800)), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rt.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	eventually(t, "start screen shown", func() bool { return rt.Current() != "" })
	return rt
}

func getSnapshot(t testing.TB, h http.Handler) []byte {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/snapshot.png", nil))
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("/snapshot.png: %d %s", w.Code, w.Body.String())
	}
	return w.Body.Bytes()
}

// TestStatusSnapshotPaintsOncePerSecond: a paint holds the UI goroutine, so
// /snapshot.png paints at most once a second (by the runtime's clock) and
// serves the same picture in between, even when the screen changed.
func TestStatusSnapshotPaintsOncePerSecond(t *testing.T) {
	clock := &steppedClock{now: statusT0}
	rt := runDemo(t, clock)
	h := rt.StatusHandler()
	first := getSnapshot(t, h)
	var err error
	rt.UI(func() { err = rt.Navigate("pump") })
	if err != nil {
		t.Fatal(err)
	}
	clock.Step(999 * time.Millisecond)
	if !bytes.Equal(getSnapshot(t, h), first) {
		t.Error("painted again within a second")
	}
	clock.Step(time.Millisecond)
	if bytes.Equal(getSnapshot(t, h), first) {
		t.Error("the pump screen is not painted a second later")
	}
}

// BenchmarkStatusSnapshot serves /snapshot.png of the demo's overview at
// 1280x800, painting each time: the software paint on the UI goroutine and
// the PNG encoding after it.
//
//	go test -tags migrated_fynedo -run '^$' -bench StatusSnapshot ./hmi/
func BenchmarkStatusSnapshot(b *testing.B) {
	clock := &steppedClock{now: statusT0}
	h := runDemo(b, clock).StatusHandler()
	b.ReportAllocs()
	for b.Loop() {
		clock.Step(time.Second)
		getSnapshot(b, h)
	}
}
