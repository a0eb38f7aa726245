//go:build !linux

package evdev

import (
	"fmt"
	"runtime"
)

// probe fails: input devices are Linux's; files and pipes work anywhere.
func (d *Device) probe(*Options) error {
	return fmt.Errorf("evdev: %s: input devices need Linux (this is %s)", d.path, runtime.GOOS)
}
