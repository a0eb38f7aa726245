package hmi_test

import (
	"context"
	"encoding/json"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/tags/drivers"
)

// started runs the demo headless, as `hmi run --headless` does, and stops
// it (waiting for every goroutine) when the test ends.
func started(t *testing.T, dir, start string) *hmi.Runtime {
	return startedWith(t, dir, start, hmi.Options{})
}

func startedWith(t *testing.T, dir, start string, opts hmi.Options) *hmi.Runtime {
	t.Helper()
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(1280, 800))
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.DataDir == "" {
		opts.DataDir = t.TempDir() // never the project's data/: the tests share the demo
	}
	rt, _ := runRuntime(t, p, win, opts)
	eventually(t, "start screen shown", func() bool { return rt.Current() == start })
	if opts.Watch != hmi.WatchOff { // a test's edits from now on are seen
		select {
		case <-rt.WatchReady():
		case <-time.After(10 * time.Second): // a generous limit on an awaited event, not a timing assertion
			t.Fatal("the file watcher never watched the project")
		}
	}
	return rt
}

// runRuntime runs p in win until the returned stop is called or the test
// ends, whichever comes first; stop waits for Run to return.
func runRuntime(t testing.TB, p *hmi.Project, win fyne.Window, opts hmi.Options) (*hmi.Runtime, func()) {
	t.Helper()
	rt, err := hmi.NewRuntime(p, win, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := rt.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			wg.Wait()
			rt.UI(win.Close)
		})
	}
	t.Cleanup(stop)
	return rt, stop
}

// eventually waits for cond, checked on the UI goroutine. It is a wait for
// an asynchronous effect, not a timing assertion: the limit is generous.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for: %s", what)
}

// shown returns every text under the widget with the given id, read on the UI goroutine.
func shown(rt *hmi.Runtime, screen, id string) string {
	var out []string
	rt.UI(func() {
		for _, o := range test.LaidOutObjects(rt.Scene(screen).Widget(id).Object) {
			if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
				out = append(out, t.Text)
			}
		}
	})
	return strings.Join(out, " ")
}

func TestRuntimeShowsLiveValues(t *testing.T) {
	rt := started(t, demo, "overview")
	eventually(t, "flow value shown", func() bool {
		s := shown(rt, "overview", "fi101")
		return s != "" && !strings.Contains(s, "—") && !strings.Contains(s, "BAD")
	})
	first := shown(rt, "overview", "title")
	if !strings.Contains(first, "North Pump Station") {
		t.Errorf("title reads %q", first)
	}
	// The simulator moves: the heartbeat label changes.
	hb := shown(rt, "overview", "heartbeat")
	eventually(t, "heartbeat changes", func() bool { return shown(rt, "overview", "heartbeat") != hb })
}

// TestRuntimeShowsBadQuality runs a project whose PLC does not answer (a
// closed port): its tags stay Bad, and every widget bound to them must say
// so rather than show a number.
func TestRuntimeShowsBadQuality(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	closed := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	write(t, dir, "hmi.yaml", `
name: Bad
start: main
connections:
  - { name: sim, type: sim }
  - { name: plc, type: opcua, opcua: { endpoint: "opc.tcp://`+closed+`", timeout: 500ms } }
tags:
  - { name: Good.Level, connection: sim, signal: { kind: memory, initial: 40 } }
  - { name: Plc.Level, connection: plc, address: "ns=2;s=Level" }
`)
	write(t, dir, "screens/main.gopage", `
screen: main
root:
  type: column
  children:
    - { type: value, id: good, value: Good.Level }
    - { type: value, id: bad, value: Plc.Level }
    - { type: tank, id: tank, value: Plc.Level }
    - { type: label, id: mixed, text: "{Good.Level} and {Plc.Level}" }
`)
	rt := started(t, dir, "main")
	status := func(id string) (symbol.Status, string) {
		var st symbol.Status
		var why string
		rt.UI(func() { st, why = rt.Scene("main").Widget(id).Status() })
		return st, why
	}
	eventually(t, "good value shown", func() bool { return strings.Contains(shown(rt, "main", "good"), "40") })
	if st, _ := status("good"); st != symbol.Good {
		t.Errorf("good value has status %v", st)
	}
	eventually(t, "the connection's failure shown", func() bool {
		_, why := status("bad")
		return strings.Contains(why, "comm failure")
	})
	for _, id := range []string{"bad", "tank", "mixed"} {
		st, why := status(id)
		if st != symbol.Bad || !strings.Contains(why, "Plc.Level: comm failure") {
			t.Errorf("%s: status %v (%q), want bad with the reason", id, st, why)
		}
	}
	if s := shown(rt, "main", "bad"); !strings.Contains(s, "BAD") {
		t.Errorf("bad value reads %q", s)
	}
	if s := shown(rt, "main", "mixed"); s != "40 and ???" {
		t.Errorf("mixed label reads %q, want the good part and ??? for the bad one", s)
	}
}

func write(t *testing.T, dir, name, src string) {
	t.Helper()
	file := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNavigationKeepsScenes(t *testing.T) {
	rt := started(t, demo, "overview")
	overview := rt.Scene("overview")
	var err error
	rt.UI(func() { err = rt.Navigate("pump") })
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "pump values", func() bool { return strings.Contains(shown(rt, "pump", "r_speed"), "%") })
	rt.UI(func() { err = rt.Navigate("overview") })
	if rt.Scene("overview") != overview {
		t.Error("navigating back rebuilt the overview")
	}
	rt.UI(func() { err = rt.Navigate("nowhere") })
	if err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("Navigate(nowhere) = %v", err)
	}
	if rt.Current() != "overview" {
		t.Errorf("current = %q after a bad navigation", rt.Current())
	}
}

func TestNavbarNavigates(t *testing.T) {
	rt := started(t, demo, "overview")
	var btn *widget.Button
	rt.UI(func() {
		for _, o := range test.LaidOutObjects(rt.Scene("overview").Widget("nav").Object) {
			if b, ok := o.(*widget.Button); ok && b.Text == "Settings" {
				btn = b
			}
		}
	})
	if btn == nil {
		t.Fatal("no Settings button in the navbar")
	}
	rt.UI(func() { test.Tap(btn) })
	if rt.Current() != "settings" {
		t.Errorf("current = %q, want settings", rt.Current())
	}
}

func TestEntryWritesThroughToTheTag(t *testing.T) {
	rt := started(t, demo, "overview")
	rt.UI(func() { _ = rt.Navigate("settings") })
	var entry *widget.Entry
	rt.UI(func() {
		for _, o := range test.LaidOutObjects(rt.Scene("settings").Widget("high").Object) {
			if e, ok := o.(*widget.Entry); ok {
				entry = e
			}
		}
	})
	eventually(t, "entry shows the tag", func() bool {
		var s string
		rt.UI(func() { s = entry.Text })
		return s == "90"
	})
	rt.UI(func() {
		entry.SetText("120")
		entry.OnSubmitted(entry.Text)
	})
	if s := shown(rt, "settings", "high"); !strings.Contains(s, "120 is above the maximum 100") {
		t.Errorf("after 120: %q", s)
	}
	rt.UI(func() {
		entry.SetText("85")
		entry.OnSubmitted(entry.Text)
	})
	eventually(t, "tag written", func() bool {
		v, _ := rt.DB().Get("Settings.HighLimit")
		return v.V == 85.0
	})
}

func TestWriteActionWithConfirm(t *testing.T) {
	rt := started(t, demo, "overview")
	rt.UI(func() { _ = rt.Navigate("settings") })
	var btn *widget.Button
	rt.UI(func() { btn = rt.Scene("settings").Widget("faults").Control().(*widget.Button) })
	var entry *widget.Entry
	rt.UI(func() {
		for _, o := range test.LaidOutObjects(rt.Scene("settings").Widget("high").Object) {
			if e, ok := o.(*widget.Entry); ok {
				entry = e
			}
		}
	})
	rt.UI(func() { test.Tap(btn) })
	// The confirm dialog is up; nothing is written until it is accepted.
	// Writes go through one queue in order: once a later write (the high
	// limit, which asks no confirmation) is done, an unconfirmed fault
	// write would have been done too.
	rt.UI(func() {
		entry.SetText("88")
		entry.OnSubmitted(entry.Text)
	})
	eventually(t, "a later write done", func() bool { v, _ := rt.DB().Get("Settings.HighLimit"); return v.V == 88.0 })
	if v, _ := rt.DB().Get("Pump1.Fault"); v.V != false {
		t.Fatalf("Pump1.Fault = %v before confirmation", v.V)
	}
	var yes *widget.Button
	rt.UI(func() {
		for _, o := range overlayObjects(rt) {
			if b, ok := o.(*widget.Button); ok && b.Text == "Yes" {
				yes = b
			}
		}
	})
	if yes == nil {
		t.Fatal("no confirm dialog")
	}
	rt.UI(func() { test.Tap(yes) })
	eventually(t, "fault written", func() bool {
		v, _ := rt.DB().Get("Pump1.Fault")
		return v.V == true
	})
}

// overlayObjects are the objects of the pop-ups over the runtime's window
// (UI goroutine).
func overlayObjects(rt *hmi.Runtime) []fyne.CanvasObject {
	if top := rt.Window().Canvas().Overlays().Top(); top != nil {
		return test.LaidOutObjects(top)
	}
	return nil
}

func TestStatusServer(t *testing.T) {
	rt := startedWith(t, demo, "overview", hmi.Options{StatusAddr: "127.0.0.1:0"})
	eventually(t, "values shown", func() bool { return rt.Binder().Stats().Batches > 0 })
	addr := rt.StatusAddr()
	resp, err := http.Get("http://" + addr + "/status")
	if err != nil {
		t.Fatal(err)
	}
	var st hmi.Status
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if st.Project != "North Pump Station" || st.Screen != "overview" || st.Tags != 32 || st.Screens != 5 || st.UptimeS <= 0 {
		t.Errorf("status = %+v", st)
	}
	resp, err = http.Get("http://" + addr + "/snapshot.png")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	img, err := png.Decode(resp.Body)
	if err != nil {
		t.Fatalf("snapshot.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 800 {
		t.Errorf("snapshot is %v, want 1280x800", b)
	}
	// The live screen, not a blank one: the header bar is there.
	if c := color.NRGBAModel.Convert(img.At(640, 50)); c != (color.NRGBA{0xb4, 0xb4, 0xb4, 0xff}) {
		t.Errorf("header pixel = %v", c)
	}
}

// TestThemeFollowsItsExpression: the demo's theme is an expression over
// Settings.NightMode; toggling the tag switches every built screen.
func TestThemeFollowsItsExpression(t *testing.T) {
	rt := started(t, demo, "overview")
	if rt.Theme() != "day" {
		t.Fatalf("theme %q at start", rt.Theme())
	}
	tank := rt.Scene("overview").Widget("tk101")
	var before string
	rt.UI(func() { before = tank.Computed().Get("fill") })
	must(t, rt.DB().Write(context.Background(), "Settings.NightMode", true))
	eventually(t, "night theme", func() bool { return rt.Theme() == "night" })
	var after string
	rt.UI(func() { after = tank.Computed().Get("fill") })
	if before == after || after != "#5d7a99" {
		t.Errorf("tank fill %s → %s, want the night process colour #5d7a99", before, after)
	}
}

// TestResizeRezooms: when the panel's size settles far from what the
// screen was built for, it is built again at the new zoom, values and all.
func TestResizeRezooms(t *testing.T) {
	rt := started(t, demo, "overview")
	if z := rt.Scene("overview").Zoom(); z != 1 {
		t.Fatalf("zoom %v at the design size", z)
	}
	rt.UI(func() { rt.Window().Resize(fyne.NewSize(800, 480)) })
	eventually(t, "rebuilt at 0.6", func() bool {
		sc := rt.Scene("overview")
		return sc != nil && sc.Zoom() > 0.59 && sc.Zoom() < 0.61
	})
	eventually(t, "values on the rebuilt screen", func() bool {
		s := shown(rt, "overview", "fi101")
		return s != "" && !strings.Contains(s, "—")
	})
}
