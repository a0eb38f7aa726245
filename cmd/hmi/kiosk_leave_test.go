package main

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/draw"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/internal/goldentest"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// kioskUsers are the kiosk tests' users: alice may leave kiosk mode
// (PIN 1357), bob may not (PIN 2468).
const kioskUsers = "testdata/kiosk-users.yaml"

// leaveRig is the kiosk on the raster backend in process: a raster
// window of a panel's size guarded by the kiosk with its real gate (the
// test users' Authority, an audit trail on disk), a keyboard's Alt+F4
// through the panel's input (closeKey), and a finger tapping the leave
// dialog's keys as pointer events through the window's input. Its driver
// loop is not run: Frame handles the input queued and paints.
type leaveRig struct {
	t       *testing.T
	win     *raster.Window
	gate    *authGate
	trail   *audit.Trail
	posted  chan func() // what the login check hands to the UI goroutine
	left    int         // times the kiosk left
	answers int         // close requests answered (left or stayed)
}

func newLeaveRig(t *testing.T, size fyne.Size, users string) *leaveRig {
	t.Helper()
	a := raster.NewApp(raster.Options{Size: size, Painter: paint.New(), Theme: render.Theme{}})
	t.Cleanup(func() { a.Quit() })
	win := a.NewWindow("gohmi").(*raster.Window)
	win.SetPadded(false)
	win.Resize(size)
	win.SetContent(widget.NewLabel("the panel's screen"))
	r := &leaveRig{t: t, win: win, posted: make(chan func(), 1)}
	var cfg *auth.Config
	if users != "" {
		var err error
		if cfg, err = auth.Load(users); err != nil {
			t.Fatal(err)
		}
	}
	trail, err := audit.Open(t.TempDir(), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.trail = trail
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r.gate = &authGate{a: auth.New(cfg, auth.Options{}), trail: trail, ui: func(f func()) { r.posted <- f }, log: log}
	t.Cleanup(func() {
		r.gate.wait()
		trail.Close()
	})
	k := &kiosk{gate: r.gate, log: log}
	k.guard(win, func() { r.left++ })
	win.Frame()
	return r
}

// altF4 presses Alt+F4 on the panel's keyboard.
func (r *leaveRig) altF4() {
	in := closeKey{r.win, r.win}
	in.Key(raster.KeyEvent{Name: fyne.KeyF4, Modifier: fyne.KeyModifierAlt})
	in.Key(raster.KeyEvent{Name: fyne.KeyF4, Modifier: fyne.KeyModifierAlt, Up: true})
	r.win.Frame()
}

// keys returns the centres, in window pixels, of the buttons of the
// dialog on show by their label (the on-screen keys, Cancel, OK, the PIN
// switch).
func (r *leaveRig) keys() map[string]image.Point {
	out := map[string]image.Point{}
	top := r.win.Canvas().Overlays().Top()
	if top == nil {
		return out
	}
	scale := r.win.Canvas().Scale()
	for _, o := range test.LaidOutObjects(top) {
		b, ok := o.(*widget.Button)
		if !ok || !b.Visible() || b.Text == "" {
			continue
		}
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(b.Size().Width/2, b.Size().Height/2))
		out[b.Text] = image.Pt(int(p.X*scale), int(p.Y*scale))
	}
	return out
}

// tap taps each key by its label, as a finger on the touch screen.
func (r *leaveRig) tap(labels ...string) {
	r.t.Helper()
	for _, l := range labels {
		at, ok := r.keys()[l]
		if !ok {
			r.t.Fatalf("no key %q on the dialog", l)
		}
		x, y := float32(at.X), float32(at.Y)
		r.win.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: x, Y: y, Touch: true})
		r.win.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: x, Y: y, Touch: true})
		r.win.Frame()
	}
}

// tapField taps the user name field (it shows its text, with a caret
// when it is the one typed into).
func (r *leaveRig) tapField(d *render.LoginDialog, i int) {
	r.t.Helper()
	label := d.Text(i)
	if d.Active() == i {
		label += "│"
	}
	r.tap(label)
}

// typeText taps the keys of s on the dialog's keyboard or keypad.
func (r *leaveRig) typeText(s string) {
	r.t.Helper()
	for _, c := range s {
		r.tap(string(c))
	}
}

// checked waits for the login check and applies its answer on this (the
// UI) goroutine.
func (r *leaveRig) checked() {
	(<-r.posted)()
	r.win.Frame()
}

// audit returns the audit trail's rows, oldest first, as "actor action".
func (r *leaveRig) audit() []string {
	r.t.Helper()
	if err := r.trail.Flush(context.Background()); err != nil {
		r.t.Fatal(err)
	}
	recs, err := r.trail.Query(context.Background(), audit.Filter{})
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for i := len(recs) - 1; i >= 0; i-- {
		out = append(out, recs[i].Actor+" "+string(recs[i].Action))
	}
	return out
}

// TestKioskLeaveDialog: on the raster backend, Alt+F4 on the panel's
// keyboard opens the leave dialog, the panel's finger-usable login, and
// everything after it is tapped on its on-screen keys: a wrong PIN is
// refused in the dialog (which stays open, the PIN emptied) and audited;
// the right PIN of a user without leave-kiosk is refused and audited; the
// right PIN of one with it leaves the kiosk, audited; Cancel stays.
func TestKioskLeaveDialog(t *testing.T) {
	r := newLeaveRig(t, fyne.NewSize(800, 480), kioskUsers)
	r.altF4()
	d := r.gate.dlg
	if d == nil || !d.Visible() {
		t.Fatal("Alt+F4 did not open the leave dialog")
	}
	r.altF4() // a second request while asking: ignored
	if r.gate.dlg != d {
		t.Fatal("a second Alt+F4 opened a second dialog")
	}
	type step struct {
		name    string
		user    string
		pin     string
		message string   // the dialog's message after the check
		left    int      // times left so far
		audit   []string // the trail's rows so far
	}
	for _, s := range []step{
		{"wrong PIN", "alice", "2468", auth.ErrLogin.Error(), 0, []string{"alice login-failed"}},
		{"no leave-kiosk", "bob", "2468", "user bob (role operator) may not leave kiosk mode", 0,
			[]string{"alice login-failed", "bob login", "bob refused"}},
		{"right PIN", "alice", "1357", "", 1, []string{"alice login-failed", "bob login", "bob refused", "alice login", "alice stop"}},
	} {
		// the user field: tapped, emptied, typed; Enter moves to the PIN
		r.tapField(d, 0)
		for range d.Text(0) {
			r.tap(render.KeyBackspace)
		}
		r.typeText(s.user)
		r.tap(render.KeyEnter)
		if !d.Switched(1) {
			r.tap("PIN")
		}
		r.typeText(s.pin)
		if d.Text(0) != s.user || d.Text(1) != s.pin {
			t.Fatalf("%s: typed %q %q", s.name, d.Text(0), d.Text(1))
		}
		r.tap(render.KeyEnter) // the keypad's Enter on the last field: OK
		r.checked()
		if s.left == 0 && (!d.Visible() || d.Message() != s.message || d.Text(1) != "" || d.Active() != 1 || !d.Switched(1)) {
			t.Errorf("%s: visible %v message %q PIN %q active %d switched %v", s.name, d.Visible(), d.Message(), d.Text(1),
				d.Active(), d.Switched(1))
		}
		if s.left == 1 && d.Visible() {
			t.Errorf("%s: the dialog stays open", s.name)
		}
		if r.left != s.left {
			t.Fatalf("%s: left %d times, want %d", s.name, r.left, s.left)
		}
		if got := r.audit(); strings.Join(got, ", ") != strings.Join(s.audit, ", ") {
			t.Errorf("%s: audit %q, want %q", s.name, got, s.audit)
		}
	}
	if n := len(r.gate.a.Sessions()); n != 0 {
		t.Errorf("%d sessions left open", n)
	}

	// Cancel answers no: the kiosk stays, and asks again at the next
	// close request.
	r.altF4()
	if d2 := r.gate.dlg; d2 == d || !d2.Visible() {
		t.Fatal("no new leave dialog after leaving once")
	}
	r.tap("Cancel")
	r.altF4()
	if r.left != 1 || !r.gate.dlg.Visible() {
		t.Errorf("after Cancel: left %d, dialog shown %v", r.left, r.gate.dlg.Visible())
	}
}

// TestKioskLeaveDialogGolden: the leave dialog on an 800x480 panel after
// a wrong PIN (the name typed, the PIN field switched to the keypad, the
// refusal shown): it fits the panel, its keys are finger-sized, and it
// looks as testdata/kiosk-leave-800x480.png does (the raster backend's
// painter; -update rewrites it).
func TestKioskLeaveDialogGolden(t *testing.T) {
	r := newLeaveRig(t, fyne.NewSize(800, 480), kioskUsers)
	r.altF4()
	r.typeText("alice")
	r.tap(render.KeyEnter, "PIN")
	r.typeText("9999")
	r.tap("OK")
	r.checked()
	r.typeText("13")
	top := r.win.Canvas().Overlays().Top().(*widget.PopUp)
	for _, o := range test.LaidOutObjects(top.Content) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b.Text != "" && len([]rune(b.Text)) == 1 {
			if s := b.Size(); s.Width < render.KeySize || s.Height < render.KeySize {
				t.Errorf("key %q is %v, smaller than %d", b.Text, s, render.KeySize)
			}
		}
	}
	frame, _ := r.win.Frame()
	c := top.Content
	p, sz := c.Position(), c.Size()
	rect := image.Rect(int(p.X), int(p.Y), int(p.X+sz.Width), int(p.Y+sz.Height))
	if !rect.In(frame.Rect) {
		t.Errorf("the dialog %v does not fit the panel %v", rect, frame.Rect)
	}
	img := image.NewNRGBA(image.Rect(0, 0, rect.Dx(), rect.Dy()))
	draw.Draw(img, img.Rect, frame, rect.Min, draw.Src)
	assertGoldenPNG(t, "kiosk-leave-800x480", img)
}

// assertGoldenPNG compares img with testdata/NAME.png; a mismatch writes
// testdata/failed/NAME.png, -update rewrites the golden.
func assertGoldenPNG(t *testing.T, name string, img *image.NRGBA) {
	t.Helper()
	file := filepath.Join("testdata", name+".png")
	if *update {
		goldentest.WritePNG(t, file, img)
		return
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	defer f.Close()
	dec, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	want := image.NewNRGBA(dec.Bounds())
	draw.Draw(want, want.Rect, dec, dec.Bounds().Min, draw.Src)
	if want.Rect != img.Rect || !bytes.Equal(want.Pix, img.Pix) {
		failed := filepath.Join("testdata", "failed", name+".png")
		goldentest.WritePNG(t, failed, img)
		t.Errorf("%s differs from %s; wrote %s", name, file, failed)
	}
}
