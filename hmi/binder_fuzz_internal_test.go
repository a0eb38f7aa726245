package hmi

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/drivers"
)

// FuzzBinding runs a whole project through check and the binder: one
// random expression bound to the properties of several widgets (a value,
// an interpolated text, visible, a bound class, a tank, a lamp, a pump, a
// toggle's state), over tags of every type with random values, rendered
// with Fyne's test driver. Properties: every check error has a position
// in the screen file; the binder never panics (a panic it recovered is a
// failure too); a failing binding shows Bad with a reason; no text longer
// than the expression budget reaches a Fyne text.
//
//	go test -tags migrated_fynedo ./hmi -run '^$' -fuzz FuzzBinding -fuzztime 2m
func FuzzBinding(f *testing.F) {
	for _, s := range []string{
		`F > 50`, `[F, 1]`, `{a: F}`, `F / 0`, `0 / (F - F)`, `repeat('x', 100000000)`,
		`map(1..50000000, #)`, `get({a: [F]}, 'a')`, `S + S`, `format("%.1f", F)`, `B ? nil : 1`,
		`let s = repeat(S, 4); reduce(1..9999, #acc + s, "")`, `now()`, `I % (I - I)`, `round(F, 2)`,
		`string(map(1..100, #))`, `{`, `F ?? B`, `toJSON({a: S})`, `Unknown.Tag`, `B && I > 3`,
	} {
		f.Add(s, 62.5, int64(3), "North", true)
	}
	f.Add(`F`, math.NaN(), int64(0), "", false)
	f.Add(`F + I`, math.Inf(1), int64(-1), strings.Repeat("y", 5000), false)

	dir := f.TempDir()
	fatalIf(f, os.MkdirAll(filepath.Join(dir, "screens"), 0o755))
	fatalIf(f, os.WriteFile(filepath.Join(dir, ProjectFile), []byte(`
name: Fuzz
start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: F, connection: sim, type: float, signal: { kind: memory } }
  - { name: I, connection: sim, type: int, signal: { kind: memory } }
  - { name: B, connection: sim, type: bool, writable: true, signal: { kind: memory } }
  - { name: S, connection: sim, type: string, signal: { kind: memory } }
`), 0o644))
	NewHeadlessApp()
	screenFile := filepath.Join(dir, "screens", "main.gopage")

	f.Fuzz(func(t *testing.T, src string, fv float64, iv int64, sv string, bv bool) {
		fatalIf(t, os.WriteFile(screenFile, fuzzScreen(src), 0o644))
		p, err := Load(dir, drivers.Kinds())
		var list gopage.ErrorList
		if err != nil && !errors.As(err, &list) {
			t.Fatalf("Load error %T: %v", err, err)
		}
		for _, e := range list {
			if e.Pos.Filename != screenFile || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("error without a place in the screen: %v", e)
			}
		}
		if p == nil || p.Screen("main") == nil || p.Screen("main").Page.Root == nil {
			return // the screen itself did not parse: nothing to bind
		}
		var logs bytes.Buffer
		db := tags.NewDB(tags.Options{})
		fatalIf(t, db.Define(p.Defs()...))
		b := newBinder(db, tags.NewEnv(p.Defs()), fyne.DoAndWait, slog.New(slog.NewTextHandler(&logs, nil)), clock.Real{})
		b.sub = db.Subscribe(nil)
		defer b.sub.Close()
		scene := render.Build(p.Screen("main").Page, render.Options{Dir: dir})
		b.bind(snapshot(scene.Widgets()))
		b.flush()
		db.Publish(
			tags.Update{Name: "F", Value: tags.Value{V: fv}},
			tags.Update{Name: "I", Value: tags.Value{V: iv}},
			tags.Update{Name: "S", Value: tags.Value{V: sv}},
			tags.Update{Name: "B", Value: tags.Value{V: bv}},
		)
		b.absorb()
		b.flush()
		if s := logs.String(); strings.Contains(s, "internal error") || strings.Contains(s, "refused a value") {
			t.Fatalf("the binder recovered a panic:\n%s", s)
		}
		for _, w := range scene.Widgets() {
			if st, why := w.Status(); st == symbol.Bad && why == "" {
				t.Fatalf("widget %s is Bad without a reason", w.Node.ID)
			}
		}
		for _, o := range test.LaidOutObjects(scene.Root) {
			if txt, ok := o.(*canvas.Text); ok && len(txt.Text) > tags.MaxText+16 {
				t.Fatalf("a text of %d bytes reached Fyne", len(txt.Text))
			}
		}
	})
}

// fuzzScreen is a JSON screen (JSON is YAML) binding src everywhere an
// expression goes.
func fuzzScreen(src string) []byte {
	w := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	screen := w("screen", "main", "root", w("type", "column", "children", []any{
		w("type", "value", "id", "value", "value", src, "visible", src),
		w("type", "label", "id", "text", "text", "x{"+src+"}y", "class", w("on", src)),
		w("type", "tank", "id", "tank", "value", src),
		w("type", "lamp", "id", "lamp", "value", src),
		w("type", "pump", "id", "pump", "running", src, "fault", src),
		w("type", "toggle", "id", "toggle", "tag", "B", "value", src),
		w("type", "button", "id", "button", "text", "{"+src+"}", "on_press", w("write", w("tag", "B", "value", src))),
	}))
	out, _ := json.Marshal(screen)
	return out
}

func fatalIf(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
