package main

import (
	"log/slog"

	"github.com/gohmi/gohmi/hmi"
)

// activitySource is a window system's idle time (hmi.ActivitySource)
// that holds a connection to close.
type activitySource interface {
	hmi.ActivitySource
	Close()
}

// useActivity gives the GL window's runtime the window system's idle
// time, so that any input on the panel (a tap on an empty area, typing
// in an entry, a scroll) counts against the idle logout, not only the
// actions and writes Fyne's widgets report. It returns what closes the
// source once the runtime has stopped. Where there is none (Wayland,
// macOS) it says so and the idle logout counts actions and writes only.
func useActivity(opts *hmi.Options, log *slog.Logger) (closeSource func()) {
	src, err := openActivity()
	if err != nil {
		log.Warn("idle logout: the window system's idle time is not available: only actions and writes count as activity", "err", err)
		return func() {}
	}
	opts.Activity = src
	return src.Close
}
