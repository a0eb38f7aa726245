//go:build !cgo || !linux || wayland

package main

// hidePointer cannot hide the pointer in this build: see errNoPointerHiding.
func hidePointer() (show func(), err error) { return nil, errNoPointerHiding }

// noBlanking has nothing to do beyond Fyne's SetDisableScreenBlanking
// here (Windows: SetThreadExecutionState; macOS: a power assertion).
func noBlanking() (restore func(), err error) { return func() {}, nil }
