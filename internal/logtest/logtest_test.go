package logtest_test

import (
	"sync"
	"testing"

	"github.com/gohmi/gohmi/internal/logtest"
)

// TestBufferConcurrent: loggers on several goroutines and a reader at
// once (run with -race); every line arrives whole.
func TestBufferConcurrent(t *testing.T) {
	var b logtest.Buffer
	log := b.Logger()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				log.Info("tick", "k", "v")
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if n := b.Count("msg=tick k=v\n"); n != 400 {
		t.Fatalf("%d whole lines, want 400:\n%s", n, b.String())
	}
}
