package render_test

import (
	"log/slog"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
	"github.com/gohmi/gohmi/render/symbol"
)

// TestLoginDialogTab: on a window with a physical keyboard (the raster
// driver, whose Tab is Fyne's GL window's: the focus moves on unless the
// focused widget takes Tab), Tab moves between the login's fields, round,
// Shift+Tab back (with nothing focused, to the last field), and letters
// always go into the field typed into, never to one of the dialog's
// buttons.
func TestLoginDialogTab(t *testing.T) {
	if prev := fyne.CurrentApp(); prev != nil {
		t.Cleanup(func() { fyne.SetCurrentApp(prev) })
	}
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(1024, 768), Painter: paint.New(), Theme: render.Theme{},
		Logger: slog.New(slog.DiscardHandler)})
	w := a.NewWindow("login").(*raster.Window)
	w.SetContent(widget.NewLabel(""))
	var submitted []string
	d := render.ShowLogin(w.Canvas(), symbol.DefaultPalette(), render.LoginOptions{
		Title:  "Log in",
		Fields: []render.LoginField{{Label: "User"}, {Label: "Password", Masked: true}},
		Submit: func(texts []string) { submitted = texts },
	})
	w.Frame()
	typ := func(s string) {
		for _, r := range s {
			w.Key(raster.KeyEvent{Rune: r})
		}
	}
	key := func(name fyne.KeyName, up bool) { w.Key(raster.KeyEvent{Name: name, Up: up}) }
	steps := []struct {
		name   string
		do     func()
		active int
		texts  []string
	}{
		{"typed", func() { typ("al") }, 0, []string{"al", ""}},
		{"Tab", func() { key(fyne.KeyTab, false); key(fyne.KeyTab, true); typ("pw") }, 1, []string{"al", "pw"}},
		{"Tab round", func() { key(fyne.KeyTab, false); typ("ice") }, 0, []string{"alice", "pw"}},
		{"Shift+Tab", func() {
			key(desktop.KeyShiftLeft, false)
			key(fyne.KeyTab, false)
			key(desktop.KeyShiftLeft, true)
			typ("d")
		}, 1, []string{"alice", "pwd"}},
		{"Shift+Tab round", func() {
			key(desktop.KeyShiftLeft, false)
			key(fyne.KeyTab, false)
			key(fyne.KeyTab, false)
			key(desktop.KeyShiftLeft, true)
			typ("!")
		}, 1, []string{"alice", "pwd!"}},
		{"Backspace", func() { key(fyne.KeyBackspace, false) }, 1, []string{"alice", "pwd"}},
		// A tap beside the fields takes the focus away: Tab then takes
		// up the field typed into, Shift+Tab the last field, never a
		// key of the keyboard.
		{"Tab with nothing focused", func() {
			w.Canvas().Unfocus()
			key(fyne.KeyTab, false)
			typ("x")
		}, 1, []string{"alice", "pwdx"}},
		{"Shift+Tab with nothing focused: the last field", func() {
			key(fyne.KeyTab, false) // round to the first
			w.Frame()               // the keys wait for the frame, Unfocus does not
			w.Canvas().Unfocus()
			key(desktop.KeyShiftLeft, false)
			w.Key(raster.KeyEvent{Name: fyne.KeyTab, Modifier: fyne.KeyModifierShift}) // as a driver sends it
			key(desktop.KeyShiftLeft, true)
			key(fyne.KeyBackspace, false)
		}, 1, []string{"alice", "pwd"}},
		{"then Tab round", func() { key(fyne.KeyTab, false); typ("!") }, 0, []string{"alice!", "pwd"}},
		{"and Shift+Tab back", func() {
			key(fyne.KeyBackspace, false)
			key(desktop.KeyShiftLeft, false)
			key(fyne.KeyTab, false)
			key(desktop.KeyShiftLeft, true)
		}, 1, []string{"alice", "pwd"}},
	}
	for _, s := range steps {
		s.do()
		w.Frame()
		texts := []string{d.Text(0), d.Text(1)}
		if d.Active() != s.active || !slices.Equal(texts, s.texts) {
			t.Fatalf("%s: active %d texts %q; want %d %q", s.name, d.Active(), texts, s.active, s.texts)
		}
		if b, ok := w.Canvas().Focused().(*widget.Button); ok {
			t.Fatalf("%s: the button %q has the keyboard's focus", s.name, b.Text)
		}
	}
	key(fyne.KeyReturn, false)
	w.Frame()
	if !slices.Equal(submitted, []string{"alice", "pwd"}) {
		t.Errorf("Return on the last field submitted %q", submitted)
	}
}
