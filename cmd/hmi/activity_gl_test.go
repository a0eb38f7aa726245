//go:build cgo && linux && !wayland

package main

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/auth"
)

// TestGLIdleLogoutSeesInput runs `hmi run` in a real GL window under Xvfb
// with an idle logout of 5 s: olga logs in through the login dialog
// (xdotool), then for 11 s only moves the pointer and clicks on an empty
// area of the screen (no action, no write): she stays logged in. Then,
// with no input, the runtime logs her out for idleness. The process has
// the wall clock, so this waits real seconds; the stepped-clock tests of
// the same behaviour are TestActivityUnderXvfb and
// TestIdleLogoutSeesWindowInput.
func TestGLIdleLogoutSeesInput(t *testing.T) {
	bin, display := needKioskX(t) // a window manager: keys reach the focused window
	hash, err := auth.NewHash("passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"hmi.yaml": "name: IdleGL\nstart: main\n",
		"screens/main.gopage": `screen: main
size: 640x480
root:
  type: column
  children:
    - { type: button, id: login, text: Log in, on_press: { login: true } }
    - { type: label, id: who, text: "{User.Name}" }
`,
		"users.yaml": "users:\n  olga: { role: operator, password: \"" + hash + "\" }\nroles:\n  operator: { write: all }\nsession:\n  idle-logout: 5s\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := startHMI(t, bin, display, "run", dir, "--kiosk", "--watch", "off", "--data", t.TempDir())
	p.waitLog(t, regexp.MustCompile(`screen=main`))
	waitFullScreen(t, display, p) // the window is the screen: 1280x800 at the origin
	screen := image.Rect(0, 0, 1280, 800)
	var before image.Image
	waitIdle(t, "the window painted, and still", func() bool {
		last := before
		before = screenshot(t, display)
		return differing(before, image.NewUniform(color.Black), screen) > screen.Dx()*screen.Dy()/2 &&
			last != nil && differing(before, last, screen) == 0
	})
	if err := xClick(display, 640, 20); err != nil { // the Log in button
		t.Fatal(err)
	}
	waitIdle(t, "the login dialog", func() bool { return differing(before, screenshot(t, display), screen) > screen.Dx()*screen.Dy()/4 })
	// The dialog takes a finger's taps on its own keyboard (laid out so on
	// the 1280x800 screen): the User field, o l g a, the Password field,
	// p a s s w 0 r d, OK.
	keys := map[rune]image.Point{'o': {821, 439}, 'l': {821, 491}, 'g': {613, 491}, 'a': {405, 491}, 'p': {873, 439},
		's': {457, 491}, 'w': {457, 439}, '0': {873, 387}, 'r': {561, 439}, 'd': {509, 491}}
	tap := func(at image.Point) {
		t.Helper()
		if err := xClick(display, at.X, at.Y); err != nil {
			t.Fatal(err)
		}
		time.Sleep(400 * time.Millisecond) // a finger: past Fyne's 300 ms double-tap window, each tap its own
	}
	tap(image.Pt(690, 259))
	for _, r := range "olga" {
		tap(keys[r])
	}
	tap(image.Pt(690, 311))
	for _, r := range "passw0rd" {
		tap(keys[r])
	}
	tap(image.Pt(918, 206))
	t.Cleanup(func() {
		if t.Failed() {
			saveFailedAs(t, "gl-idle.png", screenshot(t, display))
		}
	})
	p.waitLog(t, regexp.MustCompile(`msg=login user=olga`))
	logout := regexp.MustCompile(`msg=logout user=olga`)
	for i, end := 0, time.Now().Add(11*time.Second); time.Now().Before(end); i++ {
		// below the label: the canvas's bare background
		xdo(t, display, "mousemove", strconv.Itoa(20+i%1000), "700")
		if i%5 == 0 {
			xdo(t, display, "click", "1")
		}
		// The finger's pace: the hmi under test has the wall clock (an
		// idle logout of 5 s), so its input is spread over 11 s of it, a
		// move every 300 ms and a click every 1.5 s, each click past
		// Fyne's 300 ms double-tap window from the one before.
		time.Sleep(300 * time.Millisecond)
		if logout.MatchString(p.log.String()) {
			t.Fatalf("logged out while moving and clicking on the window:\n%s", p.log.String())
		}
	}
	p.waitLog(t, regexp.MustCompile(`msg=logout user=olga why=idle`))
}
