//go:build cgo

package main

import (
	"os"
	"runtime"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
)

// kioskWindow applies --kiosk and --hide-pointer to the GL window before
// it shows: full screen (GLFW asks the window manager for
// _NET_WM_STATE_FULLSCREEN, which has no decorations), screen blanking off
// (the X server's screen saver and DPMS; Fyne's SetDisableScreenBlanking
// for a desktop's), close
// requests refused unless the kiosk's gate allows them (then leave). It
// returns what undoes it after the event loop: it shows the pointer again
// and waits for a login check still running.
func kioskWindow(a fyne.App, win fyne.Window, rt *hmi.Runtime, opts hmi.Options, k kioskFlags, leave func()) (done func(), err error) {
	var undo []func()
	done = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	if *k.hidePointer {
		show, err := hidePointer()
		if err != nil {
			return nil, err
		}
		undo = append(undo, show)
	}
	if *k.on {
		restore, err := noBlanking()
		if err != nil {
			return nil, err
		}
		undo = append(undo, restore)
		if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" || runtime.GOOS != "linux" {
			a.Driver().SetDisableScreenBlanking(true) // a desktop's screen saver too
		}
		win.SetFullScreen(true)
		kz, wait := newKiosk(rt.Authority(), rt.Audit(), opts.UI, logger(opts))
		kz.guard(win, leave)
		undo = append(undo, wait)
	}
	return done, nil
}
