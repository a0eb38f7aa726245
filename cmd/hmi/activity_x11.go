//go:build cgo && linux && !wayland

package main

/*
#cgo LDFLAGS: -lX11 -lXext
#include <stdlib.h>
#include <string.h>
#include <X11/Xlib.h>
#include <X11/extensions/sync.h>

// gohmi_idle_open opens a connection of its own to the display in DISPLAY
// and finds the SYNC extension's IDLETIME system counter: the
// milliseconds since the server last saw input from any device. 0 on
// success; 1 no display, 2 no SYNC, 3 no IDLETIME.
static int gohmi_idle_open(Display **out, XSyncCounter *counter) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return 1;
	int ev, er, major, minor;
	if (!XSyncQueryExtension(d, &ev, &er) || !XSyncInitialize(d, &major, &minor)) {
		XCloseDisplay(d);
		return 2;
	}
	int n = 0, found = 0;
	XSyncSystemCounter *cs = XSyncListSystemCounters(d, &n);
	for (int i = 0; cs != NULL && i < n; i++) {
		if (strcmp(cs[i].name, "IDLETIME") == 0) {
			*counter = cs[i].counter;
			found = 1;
			break;
		}
	}
	if (cs != NULL) XSyncFreeSystemCounterList(cs);
	if (!found) {
		XCloseDisplay(d);
		return 3;
	}
	*out = d;
	return 0;
}

// gohmi_idle_ms reads the counter (a round trip), or -1.
static long long gohmi_idle_ms(Display *d, XSyncCounter c) {
	XSyncValue v;
	if (!XSyncQueryCounter(d, c, &v)) return -1;
	return ((long long)XSyncValueHigh32(v) << 32) | (long long)XSyncValueLow32(v);
}
*/
import "C"

import (
	"errors"
	"time"
)

// xIdle is the X server's idle time: its SYNC extension's IDLETIME
// counter, which every key, pointer motion, button and touch of any
// device resets, wherever it lands (XTEST's fake input too). It reads it
// on a connection of its own, as hidePointer does, so nothing is shared
// with GLFW's. It is part of libXext, which the kiosk code links
// already: no new library.
type xIdle struct {
	d *C.Display
	c C.XSyncCounter
}

// openActivity opens the display in DISPLAY for its idle time.
func openActivity() (activitySource, error) {
	x := &xIdle{}
	switch C.gohmi_idle_open(&x.d, &x.c) {
	case 0:
		return x, nil
	case 1:
		return nil, errors.New("cannot open the X display (DISPLAY)")
	case 2:
		return nil, errors.New("the X server has no SYNC extension")
	default:
		return nil, errors.New("the X server's SYNC extension has no IDLETIME counter")
	}
}

// Idle implements hmi.ActivitySource: one round trip to the X server.
func (x *xIdle) Idle() (time.Duration, error) {
	ms := C.gohmi_idle_ms(x.d, x.c)
	if ms < 0 {
		return 0, errors.New("X SYNC: IDLETIME could not be read")
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// Close closes the connection.
func (x *xIdle) Close() { C.XCloseDisplay(x.d) }
