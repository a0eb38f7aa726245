package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals returns a context that the first SIGINT or SIGTERM cancels
// (on Windows: Ctrl+C, and closing the console, logoff and shutdown, which
// Go delivers as SIGTERM), and the function that stops watching.
//
// It is the first thing `hmi run` does, so that a stop during loading is a
// clean exit too. The signals stay caught after the first one and after
// release: the channel stays registered, and a full channel drops what
// comes, so a second signal while the panel shuts down (systemd's stop
// after a console's Ctrl+C, say) cannot turn a clean exit into a death by
// signal. Only the moments before main runs (the Go runtime's start and
// package initialisation, tens of milliseconds) are beyond any Go program.
func stopSignals(parent context.Context) (ctx context.Context, release func()) {
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(parent)
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-sigc:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		cancel()
		<-done
	}
}
