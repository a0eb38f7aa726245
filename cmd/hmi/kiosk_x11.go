//go:build cgo && linux && !wayland

package main

/*
#cgo LDFLAGS: -lX11 -lXfixes -lXext
#include <X11/Xlib.h>
#include <X11/extensions/Xfixes.h>
#include <X11/extensions/dpms.h>

// gohmi_hide_cursor opens its own connection to the display in DISPLAY and
// hides the pointer there (XFixes 4: the pointer stays hidden while this
// connection lives, whatever cursor a window defines). 0 on success.
static int gohmi_hide_cursor(Display **out) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return 1;
	int ev, er, major = 4, minor = 0;
	if (!XFixesQueryExtension(d, &ev, &er) || !XFixesQueryVersion(d, &major, &minor) || major < 4) {
		XCloseDisplay(d);
		return 2;
	}
	XFixesHideCursor(d, DefaultRootWindow(d));
	XSync(d, False);
	*out = d;
	return 0;
}

static void gohmi_show_cursor(Display *d) {
	XFixesShowCursor(d, DefaultRootWindow(d));
	XCloseDisplay(d);
}

// gohmi_blanking is the X server's blanking state, to put back.
typedef struct {
	int timeout, interval, prefer, exposures;
	int dpms_capable;
	CARD16 dpms_level;
	BOOL dpms_on;
} gohmi_blanking;

// gohmi_no_blanking turns the X server's screen saver and DPMS off (as
// `xset s off -dpms` does) and wakes a screen already blanked; saved
// receives what it found. 0 on success.
static int gohmi_no_blanking(gohmi_blanking *saved) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return 1;
	XGetScreenSaver(d, &saved->timeout, &saved->interval, &saved->prefer, &saved->exposures);
	XSetScreenSaver(d, 0, saved->interval, DontPreferBlanking, saved->exposures);
	int ev, er;
	saved->dpms_capable = DPMSQueryExtension(d, &ev, &er) && DPMSCapable(d);
	if (saved->dpms_capable) {
		DPMSInfo(d, &saved->dpms_level, &saved->dpms_on);
		DPMSDisable(d);
	}
	XForceScreenSaver(d, ScreenSaverReset);
	XCloseDisplay(d); // flushes; the server keeps the settings
	return 0;
}

static void gohmi_restore_blanking(gohmi_blanking *saved) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return;
	XSetScreenSaver(d, saved->timeout, saved->interval, saved->prefer, saved->exposures);
	if (saved->dpms_capable && saved->dpms_on) DPMSEnable(d);
	XCloseDisplay(d);
}
*/
import "C"

import "errors"

// hidePointer hides the mouse pointer over the whole X display and returns
// the function that shows it again. It reaches X11 itself, on a connection
// of its own, rather than through the window: Fyne switches GLFW's cursor
// mode back to normal whenever the pointer crosses a widget with a cursor
// of its own (an entry's text cursor), and a cursor defined on the window
// is redefined by GLFW the same way. XFixes' HideCursor holds for the
// display whatever the windows define, as unclutter does, and the X
// server lifts it when the connection closes, so a crash leaves no
// hidden pointer behind.
func hidePointer() (show func(), err error) {
	var d *C.Display
	switch C.gohmi_hide_cursor(&d) {
	case 0:
		return func() { C.gohmi_show_cursor(d) }, nil
	case 1:
		return nil, errors.New("--hide-pointer: cannot open the X display (DISPLAY)")
	default:
		return nil, errors.New("--hide-pointer: the X server has no XFixes 4 extension")
	}
}

// noBlanking turns the X server's screen saver and DPMS power saving off
// and returns the function that puts them back. Fyne's
// SetDisableScreenBlanking asks a desktop's org.freedesktop.ScreenSaver
// over the session D-Bus, which a kiosk (a bare X server, cage's
// Xwayland) does not have; the X server's own blanking is what turns such
// a panel dark.
func noBlanking() (restore func(), err error) {
	saved := new(C.gohmi_blanking)
	if C.gohmi_no_blanking(saved) != 0 {
		return nil, errors.New("--kiosk: cannot open the X display (DISPLAY) to turn screen blanking off")
	}
	return func() { C.gohmi_restore_blanking(saved) }, nil
}
