package hmi

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// runGroup runs the goroutines of [Runtime.Run]: the first one to fail
// cancels the others, and its error is what Wait returns. However many
// fail, none blocks reporting it (Run's error channel once held four
// while six goroutines could send).
type runGroup struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
	err    error // the first failure; written once, read after wg.Wait
}

func newRunGroup(ctx context.Context) *runGroup {
	g := &runGroup{}
	g.ctx, g.cancel = context.WithCancel(ctx)
	return g
}

// Go runs f with the group's context on a goroutine of its own.
func (g *runGroup) Go(name string, f func(context.Context) error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(g.ctx); err != nil && !errors.Is(err, context.Canceled) {
			g.once.Do(func() { g.err = fmt.Errorf("%s: %w", name, err) })
			g.cancel()
		}
	}()
}

// Wait waits for every goroutine and returns the first failure.
func (g *runGroup) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}
