// Package raster is gohmi's own Fyne driver, in pure Go (it builds with
// CGO_ENABLED=0): an App, a Driver, Windows and Canvases implementing
// Fyne's public interfaces, so that widgets, dialogs, overlays, focus and
// the keypad work unchanged, and a frame loop that repaints only what
// changed. Every Refresh of an object, every move or resize, every overlay
// shown or hidden marks the object's old and new absolute bounds as
// damaged; a frame repaints only the damaged rectangles (at most
// [MaxRects] after merging, else the whole window, as LVGL does) with
// package paint, and hands the frame and its damage to the [Output]s: a
// framebuffer panel (package fb), a browser view (package web), a PNG.
// Input comes back through [Input]: evdev touch (package evdev), the
// browser's pointer and keys.
//
// Threading is Fyne's: every call into widgets happens on the driver's
// loop goroutine (Driver.Run); fyne.Do queues to it. Before Run is called
// (snapshots, tests), fyne.Do runs the function on the caller's goroutine.
package raster

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// MaxRects is how many damaged rectangles a frame repaints separately;
// more than that (after merging overlapping ones, and ones whose union is
// smaller than their sum) repaints the whole window.
const MaxRects = 32

// Output shows frames: a framebuffer, a browser view, a PNG.
type Output interface {
	// Present is called on the driver's loop goroutine after each frame
	// is painted. frame is the whole window in pixels; it belongs to the
	// driver and is valid only during the call (copy what you keep).
	// damage lists the rectangles of frame that changed since the
	// previous Present (frame pixel coordinates, within frame.Rect); the
	// first Present to an output, and every one after a resize, has
	// frame.Rect alone. Present must not block on the network or a slow
	// device: it copies and returns; an error is logged once per kind and
	// the output is kept.
	Present(frame *image.RGBA, damage []image.Rectangle) error
}

// PointerKind says what a pointer did.
type PointerKind uint8

// The pointer events. A touch is Down, Moves, then Up (or Cancel when the
// device lost track of it); a mouse also sends Moves with no button down.
const (
	PointerDown PointerKind = iota + 1
	PointerMove
	PointerUp
	PointerCancel
	PointerScroll
)

// PointerEvent is one event of a finger or a mouse, in window pixels.
type PointerEvent struct {
	Kind   PointerKind
	ID     int                 // the finger (multi-touch slot) or 0 for the mouse
	X, Y   float32             // window pixels (divide by the canvas scale for Fyne units)
	Button desktop.MouseButton // the mouse button; touches are desktop.MouseButtonPrimary
	Touch  bool                // from a touch screen: no hover, taps are generous
	DX, DY float32             // PointerScroll: the scroll amount in pixels
	Origin any                 // who sent it (see [Window.SetOnInput]); comparable (a pointer, a struct of them), else dropped
}

// KeyEvent is one key pressed or released, or one character typed.
type KeyEvent struct {
	Name     fyne.KeyName     // the key (fyne.KeyReturn, fyne.KeyA, …), "" for a character alone
	Rune     rune             // the character it typed, 0 if none
	Up       bool             // released (a press otherwise)
	Modifier fyne.KeyModifier // shift, control, alt, super held
	Origin   any              // who sent it (see [Window.SetOnInput]); comparable, else dropped
}

// Input takes events into a window. Window implements it; its methods are
// safe from any goroutine and never block (events queue to the loop
// goroutine; a full queue drops moves first).
type Input interface {
	Pointer(PointerEvent)
	Key(KeyEvent)
}

// Painter paints object trees into pixels and measures text; package
// paint implements it. Layout (Driver.RenderedTextSize) and pixels both
// come from it, so they agree.
type Painter interface {
	// TextSize is Fyne's driver.RenderedTextSize: the size of text in
	// Fyne units and its baseline.
	TextSize(text string, size float32, style fyne.TextStyle, source fyne.Resource) (fyne.Size, float32)
	// Paint repaints the pixels of dst inside clip (dst pixel
	// coordinates): first bg, then the visible objects of roots in order
	// (a window's content, then its overlays), each clipped to clip and to
	// its clipping ancestors. scale is pixels per Fyne unit. Pixels
	// outside clip are not touched.
	Paint(dst *image.RGBA, clip image.Rectangle, scale float32, bg color.Color, roots []fyne.CanvasObject)
}

// CullPainter is a [Painter] that skips the trees that cannot paint in
// the clip: the driver knows, from its damage walk, the pixels each tree
// may paint, so a small repaint does not visit every object of a big
// screen. Package paint implements it.
type CullPainter interface {
	// PaintCulled is Paint, except that a child of a widget or container
	// is not visited, nor its tree, when its rectangle in kids(parent)
	// (the pixels each child's tree may paint, in the order of the
	// children) misses clip. kids returns nil for an object it does not
	// know: all its children are visited.
	PaintCulled(dst *image.RGBA, clip image.Rectangle, scale float32, bg color.Color, roots []fyne.CanvasObject, kids func(fyne.CanvasObject) []image.Rectangle)
}

// FramePainter is a [Painter] that keeps, from BeginFrame to EndFrame,
// what cannot change during a frame (the theme's fonts): the driver
// brackets each frame's layout, damage walk and painting with them, so a
// value change's frame looks the theme up once, not once per text it
// measures, places and paints. Package paint implements it.
type FramePainter interface {
	BeginFrame()
	EndFrame()
}
