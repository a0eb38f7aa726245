package raster

import (
	"runtime"
	"sync"
	"testing"
)

// stackID is the calling goroutine's id read from its stack header, as
// Fyne's drivers read it.
func stackID() uint64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	const prefix = len("goroutine ")
	var id uint64
	for _, c := range buf[prefix:n] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uint64(c-'0')
	}
	return id
}

// TestGoroutineID: goroutineID is the id of the goroutine that calls it,
// the one its stack header shows, different for every goroutine (a Go
// upgrade that moves the runtime's field fails here).
func TestGoroutineID(t *testing.T) {
	if got, want := goroutineID(), stackID(); got != want || got == 0 {
		t.Fatalf("goroutineID() = %d, the stack says %d", got, want)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[uint64]bool{goroutineID(): true}
	for range 8 {
		wg.Go(func() {
			got, want := goroutineID(), stackID()
			mu.Lock()
			defer mu.Unlock()
			if got != want || seen[got] {
				t.Errorf("goroutineID() = %d, the stack says %d (seen before: %v)", got, want, seen[got])
			}
			seen[got] = true
		})
	}
	wg.Wait()
}
