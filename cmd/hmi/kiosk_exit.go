package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"runtime/debug"
)

// The exit codes of `hmi run`, for a supervisor (systemd, Shell Launcher)
// that must restart the panel after a crash and not after a deliberate
// exit.
const (
	// exitOK: a deliberate exit: a stop signal (SIGTERM, SIGINT, Ctrl+C,
	// logoff), the window closed outside kiosk mode, or leaving kiosk mode
	// confirmed by a user allowed to.
	exitOK = 0
	// exitStart: the panel could not start: the project does not load
	// (no start screen), or something it needs at start is missing or
	// taken: the display or framebuffer, a touch device, the status
	// address in use by another process.
	exitStart = 1
	// exitUsage: wrong flags or arguments. The Go runtime also exits with
	// 2 when a goroutine other than the UI's panics, or on a fatal error
	// (out of memory, a concurrent map write): a supervisor must restart
	// on 2 too.
	exitUsage = 2
	// exitCrash: the runtime stopped by itself after it started (one of
	// its goroutines failed: the data directory's database deleted under
	// it, the status server…), or the UI goroutine panicked.
	exitCrash = 3
)

// exitHelp is the paragraph `hmi run -h` and the README print.
const exitHelp = `Exit status: 0 a deliberate exit (a stop signal, the window closed,
leaving kiosk mode confirmed); 1 the panel could not start (the project,
the display, the framebuffer, a touch device, the status address); 2 a
usage error, or the Go runtime's own fatal error; 3 the runtime failed
after it started, or the UI panicked. A supervisor restarts on anything
but 0 (systemd: Restart=on-failure).
`

// runUsage is `hmi run -h`: the flags, then the exit status.
func runUsage(fs *flag.FlagSet, w io.Writer) func() {
	return func() {
		fmt.Fprintf(w, "usage: hmi run [PROJECT] [flags]\n")
		fs.PrintDefaults()
		fmt.Fprint(w, "\n"+exitHelp)
	}
}

// crashError marks a failure of the runtime after its start: exitCrash.
type crashError struct{ err error }

// Error says that the runtime had started, for the supervisor's log.
func (e *crashError) Error() string { return "the runtime failed after its start: " + e.err.Error() }
func (e *crashError) Unwrap() error { return e.err }

// runFailed classifies what Runtime.Run returned: a failure after the
// start (exitCrash), except a status address that cannot be bound, which
// Run finds before the panel is up (exitStart). Context cancellation is a
// deliberate stop: nil.
func runFailed(err error) error {
	var op *net.OpError
	switch {
	case err == nil || errors.Is(err, context.Canceled):
		return nil
	case errors.As(err, &op) && op.Op == "listen":
		return err
	}
	return &crashError{err}
}

// exitCode is `hmi run`'s exit status for a backend's error: nil is a
// deliberate exit, a [crashError] a crash, anything else a failed start.
func exitCode(err error) int {
	var ce *crashError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ce):
		return exitCrash
	}
	return exitStart
}

// crashed turns a panic of the calling goroutine (the UI's, for the GL
// backend) into exitCrash with its stack on stderr; call it deferred.
func crashed(stderr io.Writer, code *int) {
	if r := recover(); r != nil {
		fmt.Fprintf(stderr, "hmi run: panic: %v\n%s", r, debug.Stack())
		*code = exitCrash
	}
}
