package raster

import (
	"image"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/internal/clock"
)

// Driver is the raster fyne.Driver: windows in memory, a loop that runs
// fyne.Do's functions, input and animations and paints damaged
// rectangles, and the outputs that show the frames.
type Driver struct {
	app      *App
	painter  Painter
	outputs  []Output
	shared   []sync.Locker // the PaintLocks of the outputs that share the frames (share.go)
	clk      clock.Clock
	interval time.Duration
	log      *slog.Logger
	size     fyne.Size
	scale    float32

	q     *queue
	anims animations
	text  textCache
	holds atomic.Int64 // HoldFrame calls not yet released
	// painting is the goroutine painting a frame (Window.paint: its
	// layout, damage walk and painter), 0 between frames.
	painting atomic.Uint64

	mu      sync.Mutex // guards windows
	windows []*Window

	quitOnce sync.Once
	quit     chan struct{}

	// loop goroutine only
	presented map[int]image.Rectangle // per output: the frame bounds it last got
	errLogged map[string]bool         // output errors logged, by output and kind
}

var _ fyne.Driver = (*Driver)(nil)

func newDriver(a *App, o Options) *Driver {
	return &Driver{
		app: a, painter: o.Painter, outputs: o.Outputs, shared: paintLocks(o.Outputs), clk: o.Clock,
		interval: o.FrameInterval, log: o.Logger, size: o.Size, scale: o.Scale,
		q: newQueue(), quit: make(chan struct{}),
		presented: map[int]image.Rectangle{}, errLogged: map[string]bool{},
	}
}

// CreateWindow makes a window of the options' size, shown.
func (d *Driver) CreateWindow(title string) fyne.Window {
	w := newWindow(d, title)
	d.mu.Lock()
	d.windows = append(d.windows, w)
	d.mu.Unlock()
	return w
}

// AllWindows returns the open windows.
func (d *Driver) AllWindows() []fyne.Window {
	d.mu.Lock()
	defer d.mu.Unlock()
	ws := make([]fyne.Window, len(d.windows))
	for i, w := range d.windows {
		ws[i] = w
	}
	return ws
}

func (d *Driver) windowList() []*Window {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.windows)
}

func (d *Driver) removeWindow(w *Window) (last bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.windows = slices.DeleteFunc(d.windows, func(x *Window) bool { return x == w })
	return len(d.windows) == 0
}

// RenderedTextSize measures text with the painter, through a cache. It
// may be called from any goroutine (Fyne widgets measure text wherever
// they are refreshed from): a size not cached yet is measured on the loop
// goroutine (see [Driver.measure]).
func (d *Driver) RenderedTextSize(text string, size float32, style fyne.TextStyle, source fyne.Resource) (fyne.Size, float32) {
	if g := d.painting.Load(); g != 0 && g == goroutineID() {
		// A frame's layout: the painter's own cache of shaped strings
		// answers, and a new string (a value changed) is shaped once,
		// for the layout and the pixels, without the lookup and the store
		// of a second cache that only other goroutines need.
		return d.painter.TextSize(text, size, style, source)
	}
	return d.text.size(d, text, size, style, source)
}

// measure asks the painter for the size of text the way the loop paints:
// on the loop goroutine (at once when the caller is the loop, else queued
// and waited for), or serialised with fyne.Do's functions before Run. The
// painter's shaping caches are the loop's, written by every Paint; a
// TextSize of another goroutine beside them was a data race. Only cache
// misses come here: a hit costs the text cache's lock alone.
func (d *Driver) measure(text string, size float32, style fyne.TextStyle, source fyne.Resource) (s fyne.Size, baseline float32) {
	d.q.do(func() { s, baseline = d.painter.TextSize(text, size, style, source) }, true)
	return s, baseline
}

// CanvasForObject returns the canvas of the window showing o. An object
// not painted yet belongs to the only window when there is one, else to
// the window whose trees hold it.
func (d *Driver) CanvasForObject(o fyne.CanvasObject) fyne.Canvas {
	if c := d.canvasFor(o); c != nil {
		c.asked = o
		return c
	}
	return nil
}

func (d *Driver) canvasFor(o fyne.CanvasObject) *Canvas {
	ws := d.windowList()
	for _, w := range ws {
		if w.c.dmg.has(o) {
			return w.c
		}
	}
	if len(ws) == 1 {
		return ws[0].c
	}
	for _, w := range ws {
		if w.c.holds(o) {
			return w.c
		}
	}
	return nil
}

// AbsolutePositionForObject returns o's position on its canvas, or the
// origin when it is on none.
func (d *Driver) AbsolutePositionForObject(o fyne.CanvasObject) fyne.Position {
	for _, w := range d.windowList() {
		if p, ok := w.c.positionOf(o); ok {
			return p
		}
	}
	return fyne.Position{}
}

// Device returns a desktop-like device with a keyboard.
func (d *Driver) Device() fyne.Device { return device{d} }

// DoubleTapDelay is Fyne's: 300 ms.
func (d *Driver) DoubleTapDelay() time.Duration { return 300 * time.Millisecond }

// SetDisableScreenBlanking does nothing: the panel's display is the
// system's business.
func (d *Driver) SetDisableScreenBlanking(bool) {}

// DoFromGoroutine runs fn on the loop goroutine (fyne.Do), waiting for it
// when wait is set. Before Run, fn runs on the caller's goroutine,
// serialised with every other such function.
func (d *Driver) DoFromGoroutine(fn func(), wait bool) { d.q.do(fn, wait) }

// Quit ends Run. It is safe from any goroutine, more than once.
func (d *Driver) Quit() { d.quitOnce.Do(func() { close(d.quit) }) }

// themeChanged applies the new theme everywhere. Loop goroutine.
func (d *Driver) themeChanged() {
	d.text.reset()
	for _, w := range d.windowList() {
		applyTheme(w.c.content)
		for _, o := range w.c.overlays.List() {
			applyTheme(o)
		}
		w.c.Repaint()
	}
}

// device is the fyne.Device of the driver.
type device struct{ d *Driver }

func (device) Orientation() fyne.DeviceOrientation         { return fyne.OrientationHorizontalLeft }
func (device) IsMobile() bool                              { return false }
func (device) IsBrowser() bool                             { return false }
func (device) HasKeyboard() bool                           { return true }
func (dv device) SystemScaleForWindow(fyne.Window) float32 { return dv.d.scale }
func (device) Locale() fyne.Locale                         { return "en" }

// textCache remembers text sizes: layout asks for them on every frame
// that changed something. Its lock is held for lookups and stores only,
// never while the painter measures (Driver.measure).
type textCache struct {
	mu sync.Mutex // guards m
	m  map[textKey]textSize
}

type textKey struct {
	text   string
	size   float32
	style  fyne.TextStyle
	source string
}

type textSize struct {
	size     fyne.Size
	baseline float32
}

// maxTextCache bounds the cache: past it, it starts again empty.
const maxTextCache = 8192

func (c *textCache) size(d *Driver, text string, size float32, style fyne.TextStyle, source fyne.Resource) (fyne.Size, float32) {
	k := textKey{text: text, size: size, style: style}
	if source != nil {
		k.source = source.Name()
	}
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v.size, v.baseline
	}
	v.size, v.baseline = d.measure(text, size, style, source)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxTextCache {
		c.m = map[textKey]textSize{}
	}
	c.m[k] = v
	c.mu.Unlock()
	return v.size, v.baseline
}

func (c *textCache) reset() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}
