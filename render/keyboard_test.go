package render_test

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/symbol"
)

// TestKeyboard: the keys type their characters, Shift the next one in
// upper case (or a digit's symbol) and shows it on the keys, Backspace and
// Enter are passed on; every key is at least KeySize square.
func TestKeyboard(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(render.Theme{})
	var got []string
	k := render.NewKeyboard(func(key string) { got = append(got, key) })
	w := test.NewWindow(k)
	defer w.Close()
	w.Resize(k.MinSize())
	for _, key := range []string{"a", render.KeyShift, "b", "c", render.KeyShift, "1", render.KeySpace, "@", render.KeyBackspace, render.KeyEnter} {
		k.Press(key)
	}
	want := []string{"a", "B", "c", "!", " ", "@", render.KeyBackspace, render.KeyEnter}
	if !slices.Equal(got, want) {
		t.Errorf("typed %q, want %q", got, want)
	}
	k.Press(render.KeyShift)
	if !k.Shifted() {
		t.Error("Shift does not hold")
	}
	keys, upper := 0, false
	for _, o := range test.LaidOutObjects(k.CanvasObject) {
		b, ok := o.(*widget.Button)
		if !ok {
			continue
		}
		keys++
		if s := b.Size(); s.Width < render.KeySize || s.Height < render.KeySize {
			t.Errorf("key %q is %v, smaller than %d", b.Text, s, render.KeySize)
		}
		upper = upper || b.Text == "Q"
	}
	if keys < 44 || !upper {
		t.Errorf("%d keys, shifted labels shown %v", keys, upper)
	}
	// a tap on a key types through the press function
	got = nil
	for _, o := range test.LaidOutObjects(k.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Q" {
			test.Tap(b)
		}
	}
	if !slices.Equal(got, []string{"Q"}) || k.Shifted() {
		t.Errorf("tapping Q typed %q (shift %v)", got, k.Shifted())
	}
}

// TestLoginDialogFields: the dialog types into the focused field, masks
// the secret, moves on with Enter and submits on the last; a PIN field
// brings the numeric keypad instead of the keyboard.
func TestLoginDialogFields(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(render.Theme{})
	w := test.NewWindow(widget.NewLabel(""))
	defer w.Close()
	w.Resize(fyne.NewSize(1024, 768))
	var submitted []string
	d := render.ShowLogin(w.Canvas(), symbol.DefaultPalette(), render.LoginOptions{
		Title:  "Log in",
		Fields: []render.LoginField{{Label: "User"}, {Label: "PIN", Masked: true, Numeric: true}},
		Submit: func(texts []string) { submitted = texts },
	})
	for _, key := range []string{"b", "o", "x", render.KeyBackspace, "b", render.KeyEnter} {
		d.Press(key)
	}
	if d.Text(0) != "bob" || d.Active() != 1 {
		t.Fatalf("name %q, active %d", d.Text(0), d.Active())
	}
	shown := map[string]bool{}
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Visible() {
			shown[b.Text] = true
		}
	}
	if shown["q"] || !shown["7"] {
		t.Errorf("a PIN field shows the keyboard (q %v) or no keypad (7 %v)", shown["q"], shown["7"])
	}
	for _, key := range []string{"2", "4", "6", "8"} {
		d.Press(key)
	}
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "2468│" {
			t.Error("the PIN shows in clear")
		}
	}
	d.Press(render.KeyEnter)
	if !slices.Equal(submitted, []string{"bob", "2468"}) {
		t.Errorf("submitted %q", submitted)
	}
	d.SetMessage("too many failed logins: try again in 30s")
	if d.Message() != "too many failed logins: try again in 30s" || !d.Visible() {
		t.Errorf("message %q, visible %v", d.Message(), d.Visible())
	}
	d.Hide()
	if d.Visible() {
		t.Error("Hide left it open")
	}
}

// TestPermissionStyles: SetPermission disables the control and restyles
// it for :disabled and :locked; permitted again, it is enabled unless its
// bound enabled says no.
func TestPermissionStyles(t *testing.T) {
	const page = `
screen: s
size: 400x300
root:
  type: column
  children:
    - { type: button, id: go, text: Go, on_press: { navigate: s } }
`
	scene, _ := build(t, page, render.Options{Sheets: sheet(t,
		`button { color: #000000; } button:disabled { color: #777777; } button:locked { color: #ff0000; }`)})
	w := scene.Widget("go")
	btn := w.Control().(*widget.Button)
	check := func(step string, perm render.Permission, disabled bool, color string) {
		t.Helper()
		w.SetPermission(perm)
		if btn.Disabled() != disabled || w.State("locked") != (perm == render.Locked) || w.Computed().Get("color") != color {
			t.Errorf("%s: disabled %v :locked %v color %s; want %v %v %s", step, btn.Disabled(), w.State("locked"),
				w.Computed().Get("color"), disabled, perm == render.Locked, color)
		}
	}
	check("locked", render.Locked, true, "#ff0000")
	check("denied", render.Denied, true, "#777777")
	check("permitted", render.Permitted, false, "#000000")
	w.Set("enabled", false)
	w.SetPermission(render.Denied)
	w.SetPermission(render.Permitted)
	if !btn.Disabled() {
		t.Error("permitted again, a control bound to enabled: false is enabled")
	}
}

// TestLoginDialogSwitch: a field with an Alt (a password that may be a
// PIN) has a button that switches it to the other kind, empty, with the
// numeric keypad, and back; a keyboard, where there is one, types into
// the dialog while it is open (digits only into a PIN) and Escape
// cancels; once hidden the canvas has its own key handlers back.
func TestLoginDialogSwitch(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(render.Theme{})
	w := test.NewWindow(widget.NewLabel(""))
	defer w.Close()
	w.Resize(fyne.NewSize(1024, 768))
	var mine []rune
	w.Canvas().SetOnTypedRune(func(r rune) { mine = append(mine, r) })
	var submitted []string
	cancelled := 0
	d := render.ShowLogin(w.Canvas(), symbol.DefaultPalette(), render.LoginOptions{
		Title: "Leave kiosk mode",
		Fields: []render.LoginField{{Label: "User"},
			{Label: "Password", Masked: true, Alt: &render.LoginField{Label: "PIN", Masked: true, Numeric: true}}},
		Submit: func(texts []string) { submitted = texts },
		Cancel: func() { cancelled++ },
	})
	buttons := func() map[string]*widget.Button {
		out := map[string]*widget.Button{}
		for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
			if b, ok := o.(*widget.Button); ok && b.Visible() {
				out[b.Text] = b
			}
		}
		return out
	}
	test.TypeOnCanvas(w.Canvas(), "alice")
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.TypeOnCanvas(w.Canvas(), "pw")
	if d.Text(0) != "alice" || d.Text(1) != "pw" || d.Switched(1) {
		t.Fatalf("typed %q %q, switched %v", d.Text(0), d.Text(1), d.Switched(1))
	}
	steps := []struct {
		name     string
		do       func()
		switched bool
		text     string
		keypad   bool   // the numeric keypad shows, not the keyboard (no "q")
		flip     string // the switch button's label
	}{
		{"to PIN", func() { test.Tap(buttons()["PIN"]) }, true, "", true, "Password"},
		{"digits only", func() { test.TypeOnCanvas(w.Canvas(), "2a4x6 8") }, true, "2468", true, "Password"},
		{"back to password", func() { test.Tap(buttons()["Password"]) }, false, "", false, "PIN"},
		{"PIN again, tapped", func() {
			d.Switch(1)
			for _, k := range "1357" {
				test.Tap(buttons()[string(k)])
			}
		}, true, "1357", true, "Password"},
	}
	for _, s := range steps {
		s.do()
		b := buttons()
		if d.Switched(1) != s.switched || d.Text(1) != s.text || d.Active() != 1 || (b["q"] != nil) == s.keypad || b[s.flip] == nil {
			t.Fatalf("%s: switched %v text %q active %d keyboard %v %q button %v", s.name, d.Switched(1), d.Text(1),
				d.Active(), b["q"] != nil, s.flip, b[s.flip] != nil)
		}
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !slices.Equal(submitted, []string{"alice", "1357"}) {
		t.Errorf("submitted %q", submitted)
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if cancelled != 1 || d.Visible() {
		t.Errorf("Escape: cancelled %d, visible %v", cancelled, d.Visible())
	}
	test.TypeOnCanvas(w.Canvas(), "x")
	if string(mine) != "x" || d.Text(0) != "alice" {
		t.Errorf("after Hide the canvas got %q, the dialog %q", string(mine), d.Text(0))
	}
}
