package main

import (
	"bytes"
	"encoding/json"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render"
)

// finger taps the leave dialog of a real `hmi run --kiosk` on its screen,
// where a shadow of the dialog (the same dialog, the same users, on a
// raster window of the panel's size in this process, taken through the
// same steps) says each key is: the product has no test hook to ask.
// After each tap it waits until the panel's screen changed and holds
// still, so that the next tap meets the dialog laid out anew (a switch
// to the keypad moves every key).
//
// A mouse (the GL backend under Xvfb) hovers: the key under the pointer
// lights up before the button goes down. So a mouse's finger moves first
// and waits for that light: a repaint after the move, hence after every
// earlier event (the last tap's effect laid out and painted), and only
// then presses, and waits for the press's own change. Without it a
// repaint of the hover alone could pass for the tap's, and the next tap
// be hit-tested against the dialog as it was before.
type finger struct {
	t      *testing.T
	shadow *leaveRig
	move   func(at image.Point) // moves the pointer there (a mouse); nil for a touch screen
	press  func(at image.Point) // taps the real panel at window pixels (at the pointer, for a mouse)
	grab   func() *image.RGBA   // the real panel's pixels now
	last   image.Point          // where the pointer is (move)
	moved  bool
}

// open mirrors the close request that opened the real dialog.
func (f *finger) open() {
	f.shadow.altF4()
	if f.shadow.gate.dlg == nil {
		f.t.Fatal("the shadow dialog did not open")
	}
}

// tap taps each key by its label on the real panel and on the shadow.
func (f *finger) tap(labels ...string) {
	f.t.Helper()
	for _, l := range labels {
		at, ok := f.shadow.keys()[l]
		if !ok {
			f.t.Fatalf("no key %q on the dialog", l)
		}
		if f.move != nil && (!f.moved || at != f.last) {
			before := f.grab()
			f.move(at)
			f.last, f.moved = at, true
			f.settle(before, "the pointer over "+l)
		}
		before := f.grab()
		f.press(at)
		f.shadow.tap(l)
		f.settle(before, l)
	}
}

// typeText taps the keys of s.
func (f *finger) typeText(s string) {
	f.t.Helper()
	for _, c := range s {
		f.tap(string(c))
	}
}

// retype empties the user name field and types name into it, then moves
// on to the secret with Enter.
func (f *finger) retype(name string) {
	f.t.Helper()
	d := f.shadow.gate.dlg
	label := d.Text(0)
	if d.Active() == 0 {
		label += "│"
	}
	f.tap(label)
	for range d.Text(0) {
		f.tap(render.KeyBackspace)
	}
	f.typeText(name)
	f.tap(render.KeyEnter)
}

// checked waits for the shadow's login check, the real one having
// answered (the caller waited for its log line, written as the answer
// reaches the dialog), and for the panel to hold still.
func (f *finger) checked() {
	f.shadow.checked()
	f.settle(nil, "the check's answer")
}

// settle waits until the panel shows something else than before (if not
// nil) and the same in two looks in a row.
func (f *finger) settle(before *image.RGBA, what string) {
	f.t.Helper()
	last := before
	var now *image.RGBA
	if !poll(15*time.Second, 40*time.Millisecond, func() bool {
		now = f.grab()
		still := (before == nil || !bytes.Equal(now.Pix, before.Pix)) && last != nil && bytes.Equal(now.Pix, last.Pix)
		last = now
		return still
	}) {
		saveFailedAs(f.t, "kiosk-leave.png", now)
		f.t.Fatalf("the panel did not change after %q", what)
	}
}

// leaveByFinger goes through the leave dialog as an operator and an
// engineer would, on the dialog p shows after a close request: a wrong
// PIN (refused, the dialog stays), the PIN of bob who may not leave
// (refused), then alice's PIN: the panel leaves kiosk mode and exits 0.
// It checks the log at each step and the audit trail in data after.
func leaveByFinger(t *testing.T, f *finger, p *hmiProc, bin, project, data string) {
	t.Helper()
	f.typeText("alice")
	f.tap(render.KeyEnter, "PIN")
	f.typeText("2468") // bob's, not alice's
	f.tap(render.KeyEnter)
	p.waitLog(t, regexp.MustCompile(`kiosk: leaving refused" user=alice reason="wrong user name or secret"`))
	f.checked()
	p.alive(t)

	f.retype("bob")
	f.typeText("2468")
	f.tap("OK")
	p.waitLog(t, regexp.MustCompile(`kiosk: leaving refused" user=bob reason="user bob \(role operator\) may not leave kiosk mode"`))
	f.checked()
	p.alive(t)

	f.retype("alice")
	f.typeText("1357")
	enter := f.shadow.keys()[render.KeyEnter]
	if f.move != nil {
		f.move(enter)
	}
	f.press(enter)
	p.waitLog(t, regexp.MustCompile(`kiosk: leaving" confirmed_by=alice`))
	if code := p.exitCode(t, 15*time.Second); code != exitOK {
		t.Errorf("exit status %d after leaving kiosk mode, want 0:\n%s", code, p.log.String())
	}

	out, err := exec.Command(bin, "audit", project, "--data", data, "--json").CombinedOutput()
	if err != nil {
		t.Fatalf("hmi audit: %v\n%s", err, out)
	}
	var got []string // oldest first; hmi audit prints the newest first
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var rec struct{ User, Action, Target string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("hmi audit --json: %v in %q", err, line)
		}
		if rec.Target == "kiosk" {
			got = append([]string{rec.User + " " + rec.Action}, got...)
		}
	}
	want := []string{"alice login-failed", "bob login", "bob refused", "alice login", "alice stop"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("kiosk rows of the audit trail %q, want %q:\n%s", got, want, out)
	}
}

// kioskProject is the frozen demo (nothing on the screen moves unless
// touched, so that a tap's effect is what changes) with the kiosk tests'
// users.
func kioskProject(t *testing.T) string {
	t.Helper()
	dir := frozenDemo(t)
	copyFile(t, kioskUsers, filepath.Join(dir, "users.yaml"))
	return dir
}

// TestKioskLeaveRaster: `hmi run --backend raster --kiosk` on a
// framebuffer with a touch screen and a keyboard (one named pipe of evdev
// events, as the kernel writes them): Alt+F4 on the keyboard asks to
// leave, and the leave dialog is used with taps on its on-screen keys:
// a wrong PIN and a user without leave-kiosk are refused (logged and
// audited), alice's PIN leaves with exit status 0.
func TestKioskLeaveRaster(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "input")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	fb := fbFile(t, 1280, 800, 4)
	dir, data := kioskProject(t), t.TempDir()
	bin := needRasterBinary(t)
	p := startHMIEnv(t, bin, noDisplayEnv(), "run", dir, "--backend", "raster", "--status-addr", "127.0.0.1:0", "--data", data,
		"--watch", "off", "--kiosk", "--touch", fifo, "--touch-axes", "0:1279,0:799", "--fb", fb, "--fb-geometry", "1280x800:XRGB8888")
	addr := p.statusAddr(t)
	w := openFIFO(t, p, fifo)
	p.waitLog(t, regexp.MustCompile(`msg=touch device=`))
	waitStatus(t, addr, &p.log, func(st status) bool { return st.Screen == "pump" && st.UIBatches >= 1 })
	grab := func() *image.RGBA { return readFB(t, fb, 1280, 800, "XRGB8888") }
	waitSameAsSnapshot(t, addr, "framebuffer", grab, nil)

	const (
		evSyn, evKey, evAbs             = 0, 1, 3
		absX, absY, absSlot, absMTX     = 0x00, 0x01, 0x2f, 0x35
		absMTY, absMTTracking, btnTouch = 0x36, 0x39, 0x14a
		keyLeftAlt, keyF4               = 56, 62
	)
	send := func(evs [][3]int32) {
		if _, err := w.Write(inputEvents(evs, time.Now())); err != nil {
			t.Fatal(err)
		}
	}
	id := int32(100)
	f := &finger{t: t, shadow: newLeaveRig(t, fyne.NewSize(1280, 800), kioskUsers), grab: grab, press: func(at image.Point) {
		id++
		x, y := int32(at.X), int32(at.Y)
		send([][3]int32{
			{evAbs, absSlot, 0}, {evAbs, absMTTracking, id}, {evAbs, absMTX, x}, {evAbs, absMTY, y},
			{evKey, btnTouch, 1}, {evAbs, absX, x}, {evAbs, absY, y}, {evSyn, 0, 0},
			{evAbs, absMTTracking, -1}, {evKey, btnTouch, 0}, {evSyn, 0, 0},
		})
	}}
	before := grab()
	send([][3]int32{{evKey, keyLeftAlt, 1}, {evSyn, 0, 0}, {evKey, keyF4, 1}, {evSyn, 0, 0},
		{evKey, keyF4, 0}, {evSyn, 0, 0}, {evKey, keyLeftAlt, 0}, {evSyn, 0, 0}})
	p.waitLog(t, regexp.MustCompile(`kiosk: close request refused`))
	f.open()
	f.settle(before, "Alt+F4")
	leaveByFinger(t, f, p, bin, dir, data)
}

// noDisplayEnv is the environment of a raster run: no display.
func noDisplayEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	return append(env, "LANG=en_US.UTF-8")
}

// xMouse moves the pointer of display to at (move), or clicks the left
// button where it is, through XTEST on a connection of its own: the
// halves of xClick, for a finger that waits for the hover in between.
func xMouse(display string, at image.Point, move bool) error {
	if i := strings.IndexByte(display, '.'); i >= 0 {
		display = display[:i]
	}
	x, err := dialXTest(display)
	if err != nil {
		return err
	}
	defer x.Close()
	_ = x.c.SetDeadline(time.Now().Add(5 * time.Second))
	if move {
		if err := x.fake(6, 0, at.X, at.Y); err != nil {
			return err
		}
		return xSync(x)
	}
	if err := x.fake(4, 1, at.X, at.Y); err != nil {
		return err
	}
	if err := xSync(x); err != nil { // the press handled before the release is sent
		return err
	}
	if err := x.fake(5, 1, at.X, at.Y); err != nil {
		return err
	}
	return xSync(x)
}

// xSync waits until the X server has handled every request sent on x (a
// GetInputFocus round trip): one closing its connection drops what it has
// not read yet.
func xSync(x *xtest) error {
	if _, err := x.c.Write([]byte{43, 0, 1, 0}); err != nil {
		return err
	}
	reply := make([]byte, 32)
	_, err := io.ReadFull(x.c, reply)
	return err
}
