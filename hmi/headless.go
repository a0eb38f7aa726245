package hmi

import (
	"fmt"
	"image"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
	"github.com/gohmi/gohmi/tags"
)

// NewHeadlessApp starts gohmi's raster driver (render/raster) with gohmi's
// theme and no outputs: no window system, the frames painted only when
// asked for (Canvas.Capture). `hmi run --headless`, `hmi snapshot` and
// tests use it, so a snapshot shows exactly what a panel on the raster
// backend shows. Like every Fyne app it becomes fyne.CurrentApp(), a
// global we accept at this edge only. Its driver loop is not run: fyne.Do
// runs the function on the caller's goroutine, serialised.
func NewHeadlessApp() fyne.App {
	return raster.NewApp(raster.Options{Painter: paint.New(), Theme: render.Theme{}})
}

// NewHeadlessWindow returns a window of the given size on the current
// (headless) app.
func NewHeadlessWindow(size fyne.Size) fyne.Window {
	w := fyne.CurrentApp().NewWindow("gohmi")
	w.SetPadded(false)
	w.Resize(size)
	return w
}

// SnapshotOptions say what to paint.
type SnapshotOptions struct {
	Screen  string    // default: the start screen
	Size    fyne.Size // default: the screen's design size
	Fixture string    // fixture file or name in fixtures/; tags not in it take the simulator's t=0 value
	Theme   string    // @theme of the style sheets; default the project's
	// Inspect, when set, is shown the laid out scene before it is painted
	// (tests state a screen's layout intent with it).
	Inspect func(*render.Scene)
	// At is the time the snapshot shows (the trends' time axes); default
	// now. Golden tests fix it.
	At time.Time
}

// stoppedClock tells one time; its timers are the wall clock's.
type stoppedClock struct{ t time.Time }

func (c stoppedClock) Now() time.Time                       { return c.t }
func (c stoppedClock) NewTimer(d time.Duration) clock.Timer { return clock.Real{}.NewTimer(d) }

// Snapshot paints one screen headless, with tag values from the simulator at
// t=0 overlaid by a fixture, and returns the picture. It creates its own
// headless app.
func Snapshot(p *Project, opts SnapshotOptions) (image.Image, error) {
	name := opts.Screen
	if name == "" {
		name = p.Start
	}
	s := p.Screen(name)
	if s == nil {
		return nil, fmt.Errorf("no screen %q in %s (have %v)", name, p.Dir, p.ScreenNames())
	}
	if err := p.CheckTheme(opts.Theme); err != nil {
		return nil, err
	}
	size := opts.Size
	if size.Width == 0 || size.Height == 0 {
		size = fyne.NewSize(float32(s.Page.Size.W), float32(s.Page.Size.H))
	}
	var ups []tags.Update
	if opts.Fixture != "" {
		var err error
		if ups, err = p.LoadFixture(p.fixturePath(opts.Fixture)); err != nil {
			return nil, err
		}
	}
	NewHeadlessApp()
	win := NewHeadlessWindow(size)
	defer win.Close()
	r, err := NewRuntime(p, win, Options{UI: func(f func()) { f() }, Theme: opts.Theme, NoData: true, Clock: snapClock(opts.At)})
	if err != nil {
		return nil, err
	}
	for _, d := range r.samples {
		r.db.Publish(d.Sample(0)...)
	}
	r.db.Publish(ups...)
	win.SetContent(r.content)
	if err := r.Navigate(name); err != nil {
		return nil, err
	}
	if opts.Theme == "" && p.Theme.Expr != "" {
		r.evalTheme() // the expression over the snapshot's values decides
	}
	r.binder.bind(snapshot(r.Scene(name).Widgets()))
	r.binder.flush()
	render.Relayout(win.Content())
	if opts.Inspect != nil {
		opts.Inspect(r.Scene(name))
	}
	return win.Canvas().Capture(), nil
}

// snapClock is the clock of a snapshot: stopped at at, or the wall clock.
func snapClock(at time.Time) clock.Clock {
	if at.IsZero() {
		return clock.Real{}
	}
	return stoppedClock{at}
}
