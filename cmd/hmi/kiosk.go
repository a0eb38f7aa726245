package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render"
)

// kioskFlags are `hmi run`'s kiosk settings.
type kioskFlags struct {
	on          *bool
	hidePointer *bool
}

func addKioskFlags(fs *flag.FlagSet) kioskFlags {
	return kioskFlags{
		on: fs.Bool("kiosk", false, "full screen, no decorations, screen blanking off; the window manager's close request (Alt+F4) "+
			"is refused unless a user with the leave-kiosk permission logs in to confirm (with no users file: a confirm dialog)"),
		hidePointer: fs.Bool("hide-pointer", false, "hide the mouse pointer over the whole X display (touch panels; GL backend on X11)"),
	}
}

// leaveGate decides whether the panel may leave kiosk mode. AskLeave is
// called on the UI goroutine and must not block it: it shows its question
// on win and calls answer exactly once, on the UI goroutine, with ok true
// when someone allowed to leave confirmed, and who that was ("" when the
// project has no users).
//
// The runtime's users wiring can hand its own implementation in (one that
// shares the panel's session and audit trail); [authGate] is the one built
// on hmi/auth directly.
type leaveGate interface {
	AskLeave(win fyne.Window, answer func(ok bool, who string))
}

// kiosk refuses the window manager's close requests unless its gate says
// yes. Its fields are used on the UI goroutine only.
type kiosk struct {
	gate   leaveGate
	log    *slog.Logger
	asking bool // a question is on show: further close requests are ignored
}

// guard makes win refuse close requests (Alt+F4, the close button, a
// WM_DELETE_WINDOW from anywhere) and ask the gate instead; leave is
// called when the gate allows it (the runtime then stops: exit 0).
func (k *kiosk) guard(win fyne.Window, leave func()) {
	win.SetCloseIntercept(func() { k.closeRequested(win, leave) })
}

func (k *kiosk) closeRequested(win fyne.Window, leave func()) {
	if k.asking {
		return
	}
	k.asking = true
	k.log.Warn("kiosk: close request refused until someone allowed to leave confirms")
	k.gate.AskLeave(win, func(ok bool, who string) {
		k.asking = false
		if !ok {
			k.log.Info("kiosk: stays")
			return
		}
		if who == "" {
			who = "(no users file)"
		}
		k.log.Info("kiosk: leaving", "confirmed_by", who)
		leave()
	})
}

// authGate asks for a login by a user with the leave-kiosk permission
// (auth.LeaveKiosk); with no users file it asks for a confirmation only.
// The login's Argon2id check (tens of milliseconds, more on a small
// panel) runs off the UI goroutine; wait waits for it.
type authGate struct {
	a     *auth.Authority
	trail *audit.Trail // the runtime's audit trail; nil: none
	ui    func(func()) // runs a function on the UI goroutine, or drops it once the UI has ended
	log   *slog.Logger
	wg    sync.WaitGroup
	dlg   *render.LoginDialog // the leave dialog shown last (UI goroutine): tests tap it
}

var _ leaveGate = (*authGate)(nil)

// AskLeave shows the confirm dialog (no users file), or the leave dialog:
// the panel's finger-usable login (showLeave).
func (g *authGate) AskLeave(win fyne.Window, answer func(ok bool, who string)) {
	if g.a.AllowsAll() {
		dialog.ShowConfirm("Leave kiosk mode?", "The panel will close.", func(ok bool) { answer(ok, "") }, win)
		return
	}
	g.showLeave(win, answer)
}

func (g *authGate) audit(r audit.Record) {
	if g.trail == nil {
		return
	}
	r.Where = audit.Panel
	g.trail.Append(r)
}

// wait waits for a login check still running.
func (g *authGate) wait() { g.wg.Wait() }

// kioskWarnings says what makes a kiosk leavable by anyone, or by nobody.
func kioskWarnings(cfg *auth.Config) []string {
	if cfg == nil {
		return []string{"kiosk mode without a users file cannot be locked: anyone at the panel can leave it by confirming; " +
			"add users.yaml with a role that has `leave-kiosk: true`"}
	}
	for _, r := range cfg.Roles {
		if r.LeaveKiosk {
			return nil
		}
	}
	return []string{fmt.Sprintf("%s: no role has `leave-kiosk: true`: nobody can leave kiosk mode at the panel (stop the service instead)", cfg.File)}
}

// newKiosk returns the kiosk guard of p's users (cfg nil: no users file)
// and the function that waits for its work; ui runs a function on the UI
// goroutine.
func newKiosk(a *auth.Authority, trail *audit.Trail, ui func(func()), log *slog.Logger) (*kiosk, func()) {
	for _, w := range kioskWarnings(a.Config()) {
		log.Warn("kiosk", "warning", w)
	}
	g := &authGate{a: a, trail: trail, ui: ui, log: log}
	return &kiosk{gate: g, log: log}, g.wait
}

// errNoPointerHiding is hidePointer's answer where it cannot hide the
// pointer.
var errNoPointerHiding = errors.New("--hide-pointer: this build cannot hide the pointer (X11 only; under cage on Wayland leave it to the compositor)")

// kioskRaster applies --kiosk to the raster backend's window: it already
// fills its framebuffer, which fb.Open unblanked, so what is left is the
// close request (raster.Window.CloseRequested) refused unless the gate
// allows it. It returns the function that waits for a login check still
// running.
func kioskRaster(win fyne.Window, rt *hmi.Runtime, opts hmi.Options, k kioskFlags, leave func()) (wait func()) {
	if !*k.on {
		return func() {}
	}
	kz, wait := newKiosk(rt.Authority(), rt.Audit(), fyne.Do, logger(opts))
	kz.guard(win, leave)
	return wait
}

// check refuses kiosk settings that mean nothing with the others.
func (k kioskFlags) check(headless bool, backend string) error {
	switch {
	case headless && (*k.on || *k.hidePointer):
		return errors.New("--headless shows nothing: leave out --kiosk and --hide-pointer (or --headless)")
	case backend == "raster" && *k.hidePointer:
		return errors.New("--hide-pointer: the raster backend draws no pointer")
	}
	return nil
}

func logger(opts hmi.Options) *slog.Logger {
	if opts.Logger == nil {
		return slog.Default()
	}
	return opts.Logger
}
