package hmi

import (
	"context"
	"time"
)

// ActivitySource tells how long the window system has seen no input from
// the person at the panel: any key, pointer motion, click, touch or
// scroll, wherever it lands (an empty area, an entry, a list being
// scrolled). The GL backend passes one (cmd/hmi: the X server's IDLETIME
// counter, Windows' GetLastInputInfo), since Fyne tells the runtime only
// of the input its widgets act on; the raster backend sees every event
// itself ([InputSource]). Idle is called from one goroutine at a time.
type ActivitySource interface {
	Idle() (time.Duration, error)
}

// activityPeriod is how often the runtime asks its ActivitySource: an
// X11 round trip a second. Input is noticed at most this late.
const activityPeriod = time.Second

// activityLoop asks the ActivitySource every activityPeriod of the
// runtime's clock and counts input since the last question as the panel
// user's activity (Touch). It ends with ctx, or at the source's first
// error (logged: the idle logout then counts only actions and writes).
func (r *Runtime) activityLoop(ctx context.Context) {
	src := r.users.activity
	if src == nil {
		return
	}
	t := r.clk.NewTimer(activityPeriod)
	defer t.Stop()
	w := idleWatch{wall: time.Now}
	w.last = w.wall()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C():
		}
		t.Reset(activityPeriod) // before asking: a test that steps the clock finds it armed
		idle, err := src.Idle()
		if err != nil {
			r.log.Warn("activity: the window system's idle time is not available: the idle logout counts only actions and writes", "err", err)
			return
		}
		if w.input(idle) {
			r.Touch()
		}
	}
}

// idleWatch decides from successive idle times whether input came
// between two questions. The idle time is the window system's, on the
// wall clock, so the time between questions is measured on the wall
// clock too (wall; time.Now), whatever clock paces the questions.
type idleWatch struct {
	wall func() time.Time
	last time.Time // when the last question was asked
}

// input reports whether input came since the last question: the time
// since the last input is shorter than the time since that question.
func (w *idleWatch) input(idle time.Duration) bool {
	now := w.wall()
	since := now.Sub(w.last)
	w.last = now
	return idle < since
}
