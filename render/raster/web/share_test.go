package web_test

import (
	"image"
	"image/color"
	"log/slog"
	"sync"
	"testing"

	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/web"
)

var _ raster.FrameSharer = (*web.Server)(nil)

// TestSharedFrame: once the driver took the server's PaintLock, the
// server sends from the frame it is presented, not a copy (4 MB saved at
// 1280x800); a painter changing that frame under the lock while a viewer
// reads batches (run with -race) leaves the viewer showing the last frame
// exactly. Without PaintLock the server keeps a copy, as before.
func TestSharedFrame(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	copied := gradientFrame(32, 20, 0)
	s.Present(copied, full(copied))
	if web.FrameOf(s) == copied {
		t.Fatal("without PaintLock the server keeps the presented frame, want a copy")
	}

	lock := s.PaintLock()
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	if web.FrameOf(s) != frame {
		t.Fatal("with PaintLock the server copied the frame, want it shared")
	}
	cl := dial(ctx, t, url)
	b := cl.next(ctx)
	cl.ack(ctx, b)
	if d := sameImage(cl.canvas, frame); d != "" {
		t.Fatalf("first frame: %s", d)
	}

	// The painter closes done, then presents once more: a reader that saw
	// done open always has a batch to come.
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 300 {
			r := image.Rect(i%300, (i*7)%180, i%300+20, (i*7)%180+20)
			lock.Lock()
			fill(frame, r, color.RGBA{uint8(i), uint8(i * 3), uint8(i * 5), 0xff})
			lock.Unlock()
			s.Present(frame, []image.Rectangle{r})
		}
		close(done)
		s.Present(frame, []image.Rectangle{image.Rect(0, 0, 1, 1)})
	})
	for {
		finished := false
		select {
		case <-done:
			finished = true
		default:
		}
		// Where the canvas differs, damage is pending: a batch will come.
		if finished && sameImage(cl.canvas, frame) == "" {
			break
		}
		cl.ack(ctx, cl.next(ctx))
	}
	wg.Wait()
}
