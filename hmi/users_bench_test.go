package hmi_test

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/tags/drivers"
)

// BenchmarkPermissions is the pass that disables what the panel's user may
// not use, run on the UI goroutine after every login, logout, reload and
// navigation: a 500-widget screen of 250 write buttons and 250 toggles
// under a users file, an operator logged in. It reports the time per pass
// (a frame is 16.7 ms: the pass must stay far below one).
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench Permissions ./hmi/
func BenchmarkPermissions(b *testing.B) {
	dir := b.TempDir()
	write := func(name, body string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("hmi.yaml", usersTestProject)
	var sb strings.Builder
	sb.WriteString("screen: main\nsize: 1280x800\nroot:\n  type: column\n  children:\n")
	tags := []string{"Pump.Run", "Valve.Open", "Tank.Level"}
	for i := range 250 {
		fmt.Fprintf(&sb, "    - { type: button, id: b%d, text: B, on_press: { write: { tag: %s, value: true } } }\n", i, tags[i%3])
		fmt.Fprintf(&sb, "    - { type: toggle, id: t%d, tag: %s }\n", i, tags[i%2])
	}
	write("screens/main.gopage", sb.String())
	write("users.yaml", strings.ReplaceAll(usersTestFile, "HASH", usersHash()))
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		b.Fatal(err)
	}
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(1280, 800))
	rt, _ := runRuntime(b, p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff, DataDir: b.TempDir()})
	eventually(b, "start screen shown", func() bool { return rt.Current() == "main" })
	if _, err := rt.Login("olga", auth.Password(usersPassword)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rt.UI(rt.SetPermissions)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/pass")
}
