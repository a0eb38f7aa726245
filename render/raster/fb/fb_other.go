//go:build !linux

package fb

import (
	"errors"
	"fmt"
	"runtime"
)

// Open fails: framebuffers are a Linux device.
func Open(path string, o Options) (*FB, error) {
	return nil, fmt.Errorf("fb: %s: the framebuffer needs Linux (this is %s)", path, runtime.GOOS)
}

func unmap([]byte) error { return errors.New("fb: no mappings outside Linux") }
