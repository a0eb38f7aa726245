//go:build windows

package main

import (
	"fmt"
	"syscall"
	"time"
	"unsafe"
)

// winIdle is Windows' idle time: GetLastInputInfo's tick of the session's
// last input (keyboard, mouse, touch, pen) against GetTickCount, both in
// milliseconds since boot (their 32-bit wrap after 49.7 days cancels out
// in the difference).
type winIdle struct {
	lastInput, tickCount *syscall.LazyProc
}

// lastInputInfo is LASTINPUTINFO.
type lastInputInfo struct {
	size uint32 // cbSize: 8
	time uint32 // dwTime: the tick of the last input
}

// openActivity finds the two functions in user32 and kernel32.
func openActivity() (activitySource, error) {
	w := &winIdle{
		lastInput: syscall.NewLazyDLL("user32.dll").NewProc("GetLastInputInfo"),
		tickCount: syscall.NewLazyDLL("kernel32.dll").NewProc("GetTickCount"),
	}
	if err := w.lastInput.Find(); err != nil {
		return nil, err
	}
	if err := w.tickCount.Find(); err != nil {
		return nil, err
	}
	return w, nil
}

// Idle implements hmi.ActivitySource.
func (w *winIdle) Idle() (time.Duration, error) {
	info := lastInputInfo{size: uint32(unsafe.Sizeof(lastInputInfo{}))}
	ok, _, err := w.lastInput.Call(uintptr(unsafe.Pointer(&info)))
	if ok == 0 {
		return 0, fmt.Errorf("GetLastInputInfo: %w", err)
	}
	now, _, _ := w.tickCount.Call()
	return time.Duration(uint32(now)-info.time) * time.Millisecond, nil
}

// Close has nothing to release.
func (w *winIdle) Close() {}
