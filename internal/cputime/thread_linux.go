//go:build linux

package cputime

import (
	"syscall"
	"time"
	"unsafe"
)

// clockThreadCPUTime is CLOCK_THREAD_CPUTIME_ID.
const clockThreadCPUTime = 3

// thread reads the calling thread's CPU clock. Not getrusage's
// RUSAGE_THREAD: that leaves out what the thread ran since the scheduler
// last accounted it (a tick, 4 ms at HZ=250, or a switch), so a 50 µs
// frame read right after a wake-up measured as nothing; the clock brings
// the running thread's time up to date first.
func thread() time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}
