//go:build !windows && !(cgo && linux && !wayland)

package main

import "errors"

// openActivity has no window system idle time to read in this build
// (Wayland has no protocol for it a client may use; macOS would need
// IOKit through cgo).
func openActivity() (activitySource, error) {
	return nil, errors.New("not available in this build (Wayland, macOS, or built without cgo)")
}
