package render_test

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/symbol"
)

const sample = `
screen: sample
size: 400x300
root:
  type: canvas
  children:
    - { type: rect, id: bg, x: 0, y: 0, w: 400, h: 300, fill: "#cccccc" }
    - { type: label, id: title, text: "Tank {T.Level}", x: 10, y: 10 }
    - { type: tank, id: tank, value: T.Level, max: 100, x: 20, y: 40, w: 100, h: 200 }
    - { type: value, id: val, value: T.Level, unit: "%", x: 150, y: 40 }
    - { type: pipe, id: pipe, points: [[150, 200], [380, 200]], flow: P.Run }
    - { type: lamp, id: lamp, value: P.Run, label: Run, x: 150, y: 100 }
    - { type: button, id: go, text: Go, on_press: { navigate: other }, x: 150, y: 240, w: 100, h: 40 }
`

func build(t testing.TB, src string, opts render.Options) (*render.Scene, fyne.Window) {
	t.Helper()
	s, err := gopage.Parse("sample.gopage", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	test.NewTempApp(t).Settings().SetTheme(render.Theme{})
	scene := render.Build(s, opts)
	w := test.NewTempWindow(t, scene.Root)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(float32(s.Size.W), float32(s.Size.H)))
	return scene, w
}

func TestBuildPlacesAndScales(t *testing.T) {
	scene, w := build(t, sample, render.Options{})
	tank := scene.Widget("tank").Object
	if got := tank.Position(); got != fyne.NewPos(20, 40) {
		t.Errorf("tank at %v, want (20,40)", got)
	}
	if got := tank.Size(); got != fyne.NewSize(100, 200) {
		t.Errorf("tank size %v, want 100x200", got)
	}
	// Twice the window, twice the design: the canvas scales its children.
	w.Resize(fyne.NewSize(800, 600))
	if got := tank.Size(); got != fyne.NewSize(200, 400) {
		t.Errorf("tank size at 2x %v, want 200x400", got)
	}
	if got := tank.Position(); got != fyne.NewPos(40, 80) {
		t.Errorf("tank at 2x at %v, want (40,80)", got)
	}
	// A pipe defaults to the bounding box of its points.
	pipe := scene.Widget("pipe").Object
	if got := pipe.Position(); got.X != 300 || got.Y != 400 {
		t.Errorf("pipe at %v, want (300,400)", got)
	}
}

func TestWidgetsInTreeOrder(t *testing.T) {
	scene, _ := build(t, sample, render.Options{})
	var keys []string
	for _, w := range scene.Widgets() {
		keys = append(keys, w.Node.Key())
	}
	got := strings.Join(keys, " ")
	want := "#bg #title #tank #val #pipe #lamp #go"
	if !strings.HasSuffix(got, want) || len(keys) != 8 || keys[0] != "root" {
		t.Errorf("widgets = %q, want root then %q", got, want)
	}
}

func TestSetAndStatusGolden(t *testing.T) {
	scene, w := build(t, sample, render.Options{})
	scene.Widget("title").Set("text", "Tank 62.5")
	scene.Widget("tank").Set("value", 62.5)
	scene.Widget("val").Set("value", 62.5)
	scene.Widget("pipe").Set("flow", true)
	scene.Widget("lamp").Set("value", true)
	test.AssertImageMatches(t, "sample_good.png", w.Canvas().Capture())

	scene.Widget("tank").SetStatus(symbol.Bad, "comm failure")
	scene.Widget("val").SetStatus(symbol.Bad, "comm failure")
	img := w.Canvas().Capture()
	test.AssertImageMatches(t, "sample_bad.png", img)
	if !hasColor(img, image.Rect(150, 40, 260, 70), color.NRGBA{0xff, 0, 0xff, 0xff}) {
		t.Error("a Bad value shows no magenta")
	}
	if got := text(scene.Widget("val").Object); !strings.Contains(got, "BAD") {
		t.Errorf("Bad value reads %q, want BAD", got)
	}
}

func TestButtonRunsAction(t *testing.T) {
	var got []string
	opts := render.Options{OnAction: func(n *gopage.Node, a *gopage.Action) {
		got = append(got, fmt.Sprintf("%s→%s", n.Key(), a.Navigate))
	}}
	scene, _ := build(t, sample, opts)
	test.Tap(scene.Widget("go").Control().(*widget.Button))
	if len(got) != 1 || got[0] != "#go→other" {
		t.Errorf("actions = %v, want [#go→other]", got)
	}
}

const controls = `
screen: controls
size: 400x200
root:
  type: column
  children:
    - { type: entry, id: sp, tag: T.SP, min: 0, max: 100, decimals: 0, unit: "%" }
    - { type: toggle, id: auto, tag: P.Auto, text: Auto }
`

func TestEntryChecksLimitsBeforeWriting(t *testing.T) {
	var writes []any
	var refuse error
	opts := render.Options{OnWrite: func(n *gopage.Node, tag string, v any, confirm string, done func(error)) {
		writes = append(writes, v)
		done(refuse)
	}}
	scene, _ := build(t, controls, opts)
	sp := scene.Widget("sp")
	sp.Set("value", 40.0)
	entry := find[*widget.Entry](sp.Object)
	if entry.Text != "40" {
		t.Fatalf("entry shows %q, want the tag's 40", entry.Text)
	}
	prev := "" // the message the row before left
	for _, tt := range []struct {
		typed  string
		refuse error  // the device's answer to the write
		msg    string // the message shown; "" means none: the previous one is cleared
		wrote  bool
	}{
		{typed: "150", msg: "150 is above the maximum 100"},
		{typed: "-1", msg: "-1 is below the minimum 0"},
		{typed: "abc", msg: `"abc" is not a number`},
		{typed: "55", wrote: true},
		{typed: "60", refuse: fmt.Errorf("device refused"), msg: "device refused", wrote: true},
		{typed: "55", wrote: true},
	} {
		entry.SetText(tt.typed)
		refuse = tt.refuse
		before := len(writes)
		entry.OnSubmitted(entry.Text)
		if wrote := len(writes) > before; wrote != tt.wrote {
			t.Errorf("%q: wrote %v, want %v", tt.typed, wrote, tt.wrote)
		}
		got := text(sp.Object)
		if tt.msg != "" && !strings.Contains(got, tt.msg) {
			t.Errorf("%q: shows %q, want the message %q", tt.typed, got, tt.msg)
		}
		if tt.msg == "" && prev != "" && strings.Contains(got, prev) {
			t.Errorf("%q: a good write still shows %q", tt.typed, prev)
		}
		prev = tt.msg
	}
	if writes[len(writes)-1] != 55.0 {
		t.Errorf("wrote %v, want 55 last", writes)
	}
}

func TestToggleRevertsWhenWriteFails(t *testing.T) {
	fail := fmt.Errorf("device refused")
	opts := render.Options{OnWrite: func(n *gopage.Node, tag string, v any, confirm string, done func(error)) { done(fail) }}
	scene, _ := build(t, controls, opts)
	auto := scene.Widget("auto")
	auto.Set("value", false)
	chk := auto.Control().(*widget.Check)
	test.Tap(chk)
	if chk.Checked {
		t.Error("toggle stayed on after its write failed")
	}
	fail = nil
	test.Tap(chk)
	if !chk.Checked {
		t.Error("toggle did not turn on after a good write")
	}
}

func hasColor(img image.Image, r image.Rectangle, want color.NRGBA) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.NRGBAModel.Convert(img.At(x, y)) == want {
				return true
			}
		}
	}
	return false
}

// text is every canvas.Text under o, joined.
func text(o fyne.CanvasObject) string {
	var parts []string
	for _, obj := range test.LaidOutObjects(o) {
		if s := textOf(obj); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

func find[T fyne.CanvasObject](o fyne.CanvasObject) T {
	var zero T
	for _, obj := range test.LaidOutObjects(o) {
		if x, ok := obj.(T); ok {
			return x
		}
	}
	return zero
}

func TestKeypadSubmitsThroughTheEntry(t *testing.T) {
	var writes []any
	opts := render.Options{OnWrite: func(n *gopage.Node, tag string, v any, confirm string, done func(error)) {
		writes = append(writes, v)
		done(nil)
	}}
	scene, _ := build(t, controls, opts)
	sp := scene.Widget("sp")
	sp.Set("value", 40.0)
	var pad *widget.Button
	for _, o := range test.LaidOutObjects(sp.Object) {
		if b, ok := o.(*widget.Button); ok && b.Text == "" {
			pad = b
		}
	}
	if pad == nil {
		t.Fatal("no keypad button")
	}
	test.Tap(pad)
	k := sp.Keypad()
	if k == nil || !k.Visible() || k.Text() != "40" {
		t.Fatalf("keypad not open with the current value: %+v", k)
	}
	for _, key := range []string{"C", "1", "2", "0", "OK"} {
		k.Press(key)
	}
	if len(writes) != 0 || !strings.Contains(text(sp.Object), "120 is above the maximum 100") {
		t.Errorf("out of range from the keypad: writes %v, shown %q", writes, text(sp.Object))
	}
	test.Tap(pad)
	k = sp.Keypad()
	for _, key := range []string{"C", "7", "5", ".", "5", "⌫", "OK"} {
		k.Press(key)
	}
	if len(writes) != 1 || writes[0] != 75.0 || k.Visible() {
		t.Errorf("writes %v, keypad open %v; want 75 written and the keypad closed", writes, k.Visible())
	}
}
