package raster

import (
	"image"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Canvas is a window's fyne.Canvas: its content, its overlay stack (the
// topmost overlay gets the events and the focus), and the damage since
// the last frame. Its methods run on the loop goroutine (or before Run).
type Canvas struct {
	w        *Window
	size     fyne.Size
	scale    float32
	padded   bool
	content  fyne.CanvasObject
	overlays overlayStack
	focus    *focusManager // the content's

	onTypedRune func(rune)
	onTypedKey  func(*fyne.KeyEvent)
	onKeyDown   func(*fyne.KeyEvent)
	onKeyUp     func(*fyne.KeyEvent)
	shortcuts   fyne.ShortcutHandler

	dmg         tracker
	kids        func(fyne.CanvasObject) []image.Rectangle // dmg.kids, made once (the painter's culling)
	rootBuf     []fyne.CanvasObject                       // paintRoots' slice, reused
	asked       fyne.CanvasObject                         // the last object CanvasForObject was asked about (SetDirty is its)
	frame       *image.RGBA                               // the last frame painted
	unpresented []image.Rectangle                         // painted, not yet presented to the outputs
}

var (
	_ fyne.Canvas    = (*Canvas)(nil)
	_ desktop.Canvas = (*Canvas)(nil)
)

func newCanvas(w *Window, size fyne.Size, scale float32) *Canvas {
	c := &Canvas{w: w, size: size, scale: scale, padded: true, focus: newFocusManager(nil)}
	c.overlays.c = c
	c.dmg.init()
	c.kids = c.dmg.kids
	return c
}

// Content returns the content.
func (c *Canvas) Content() fyne.CanvasObject { return c.content }

// SetContent replaces the content, lays it out at the canvas size and
// damages everything. A focused object still in the new content keeps
// the focus.
func (c *Canvas) SetContent(o fyne.CanvasObject) {
	c.content = o
	old := c.focus.Focused()
	c.focus = newFocusManager(o)
	if old != nil {
		c.focus.Focus(old)
	}
	c.layoutContent()
	c.Repaint()
}

func (c *Canvas) layoutContent() {
	if c.content == nil {
		return
	}
	if c.padded {
		p := theme.Padding()
		c.content.Resize(c.size.Subtract(fyne.NewSquareSize(2 * p)))
		c.content.Move(fyne.NewSquareOffsetPos(p))
		return
	}
	c.content.Resize(c.size)
	c.content.Move(fyne.Position{})
}

func (c *Canvas) setPadded(p bool) {
	c.padded = p
	c.layoutContent()
	c.Repaint()
}

// Resize sets the canvas size: content and overlays are laid out again
// and everything is damaged.
func (c *Canvas) Resize(s fyne.Size) {
	c.size = s
	c.layoutContent()
	for _, o := range c.overlays.List() {
		if p, ok := o.(*widget.PopUp); ok {
			p.Refresh() // a PopUp sizes itself to its canvas in Refresh
		} else {
			o.Resize(s)
		}
	}
	c.Repaint()
}

// Refresh marks o as changed: the next frame repaints it.
func (c *Canvas) Refresh(o fyne.CanvasObject) { c.dmg.refresh(o); c.w.d.q.signal() }

// SetDirty says that something moved, changed size or was shown or
// hidden. Fyne calls it right after asking CanvasForObject about that
// object (canvas.repaint, widget.Repaint, a container's repaint), so it
// is taken as that object's: the next frame looks at it alone. When it
// is not known, the next frame walks everything.
func (c *Canvas) SetDirty() {
	c.dmg.move(c.asked)
	c.asked = nil
	c.w.d.q.signal()
}

// Repaint damages the whole canvas.
func (c *Canvas) Repaint() { c.dmg.full = true; c.w.d.q.signal() }

// Focus gives obj the focus, in the topmost overlay or the content.
func (c *Canvas) Focus(obj fyne.Focusable) {
	if m := c.focusManager(); m.Focus(obj) {
		return
	}
	for _, m := range append([]*focusManager{c.focus}, c.overlays.managers...) {
		if m.Focus(obj) {
			return
		}
	}
	fyne.LogError("raster: cannot focus an object that is not in the canvas's content or overlays", nil)
}

// FocusNext focuses the next focusable object.
func (c *Canvas) FocusNext() { c.focusManager().FocusNext() }

// FocusPrevious focuses the previous focusable object.
func (c *Canvas) FocusPrevious() { c.focusManager().FocusPrevious() }

// Unfocus takes the focus away.
func (c *Canvas) Unfocus() { c.focusManager().Focus(nil) }

// Focused returns the focused object, or nil.
func (c *Canvas) Focused() fyne.Focusable { return c.focusManager().Focused() }

func (c *Canvas) focusManager() *focusManager {
	if m := c.overlays.topManager(); m != nil {
		return m
	}
	return c.focus
}

// Size returns the size in Fyne units.
func (c *Canvas) Size() fyne.Size { return c.size }

// Scale returns the pixels per Fyne unit.
func (c *Canvas) Scale() float32 { return c.scale }

// Overlays returns the overlay stack.
func (c *Canvas) Overlays() fyne.OverlayStack { return &c.overlays }

// OnTypedRune returns the handler of runes when nothing is focused.
func (c *Canvas) OnTypedRune() func(rune) { return c.onTypedRune }

// SetOnTypedRune sets it.
func (c *Canvas) SetOnTypedRune(f func(rune)) { c.onTypedRune = f }

// OnTypedKey returns the handler of keys when nothing is focused.
func (c *Canvas) OnTypedKey() func(*fyne.KeyEvent) { return c.onTypedKey }

// SetOnTypedKey sets it.
func (c *Canvas) SetOnTypedKey(f func(*fyne.KeyEvent)) { c.onTypedKey = f }

// OnKeyDown returns the handler of key presses when nothing is focused.
func (c *Canvas) OnKeyDown() func(*fyne.KeyEvent) { return c.onKeyDown }

// SetOnKeyDown sets it.
func (c *Canvas) SetOnKeyDown(f func(*fyne.KeyEvent)) { c.onKeyDown = f }

// OnKeyUp returns the handler of key releases when nothing is focused.
func (c *Canvas) OnKeyUp() func(*fyne.KeyEvent) { return c.onKeyUp }

// SetOnKeyUp sets it.
func (c *Canvas) SetOnKeyUp(f func(*fyne.KeyEvent)) { c.onKeyUp = f }

// AddShortcut adds a shortcut handled when the focused object does not.
func (c *Canvas) AddShortcut(s fyne.Shortcut, h func(fyne.Shortcut)) { c.shortcuts.AddShortcut(s, h) }

// RemoveShortcut removes it.
func (c *Canvas) RemoveShortcut(s fyne.Shortcut) { c.shortcuts.RemoveShortcut(s) }

// Capture returns a copy of the frame, painted up to date first. It is
// safe from any goroutine.
func (c *Canvas) Capture() image.Image {
	var img *image.RGBA
	c.w.d.q.do(func() {
		f, _ := c.w.paint()
		img = copyFrame(f)
	}, true)
	return img
}

// PixelCoordinateForPosition returns the pixel at pos.
func (c *Canvas) PixelCoordinateForPosition(pos fyne.Position) (int, int) {
	return int(math.Round(float64(pos.X * c.scale))), int(math.Round(float64(pos.Y * c.scale)))
}

// InteractiveArea is the whole canvas: a panel has no notch.
func (c *Canvas) InteractiveArea() (fyne.Position, fyne.Size) { return fyne.Position{}, c.size }

// pixelSize is the frame's size.
func (c *Canvas) pixelSize() image.Point {
	return image.Pt(int(math.Ceil(float64(c.size.Width*c.scale))), int(math.Ceil(float64(c.size.Height*c.scale))))
}

// roots are the trees painted, bottom first: the content, the overlays.
func (c *Canvas) roots() []fyne.CanvasObject {
	rs := make([]fyne.CanvasObject, 0, 1+len(c.overlays.list))
	if c.content != nil {
		rs = append(rs, c.content)
	}
	return append(rs, c.overlays.list...)
}

// paintRoots is roots in the canvas's own slice, for a frame: valid until
// the next frame.
func (c *Canvas) paintRoots() []fyne.CanvasObject {
	clear(c.rootBuf) // no reference kept to an overlay gone
	rs := c.rootBuf[:0]
	if c.content != nil {
		rs = append(rs, c.content)
	}
	rs = append(rs, c.overlays.list...)
	c.rootBuf = rs
	return rs
}

// holds reports whether o is in one of the canvas's trees, shown or not.
func (c *Canvas) holds(o fyne.CanvasObject) bool {
	for _, r := range c.roots() {
		if contains(r, o) {
			return true
		}
	}
	return false
}

// positionOf returns o's absolute position if a visible tree holds it.
func (c *Canvas) positionOf(o fyne.CanvasObject) (fyne.Position, bool) {
	for _, root := range c.roots() {
		if p, ok := findPosition(root, o); ok {
			return p, true
		}
	}
	return fyne.Position{}, false
}
