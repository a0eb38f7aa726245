//go:build !unix

package alarms_test

import "time"

// cpuTime is not measured here: benchmarks fall back to wall time.
func cpuTime() time.Duration { return 0 }
