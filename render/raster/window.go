package raster

import (
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// Window is a fyne.Window in memory: its [Canvas] is painted by the
// driver's loop, and it takes input as an [Input].
type Window struct {
	d  *Driver
	c  *Canvas
	in inbox

	onInput atomic.Pointer[func(origin any)] // SetOnInput's f; nil: none

	frameCalls sync.Pool // of *frameCall: Frame's, reused

	// loop goroutine only
	title          string
	shown          bool
	fullScreen     bool
	fixed          bool
	icon           fyne.Resource
	menu           *fyne.MainMenu
	onClosed       func()
	closeIntercept func()
	closed         bool
	ptr            pointer
	origin         any // the Origin of the input being handled
}

var (
	_ fyne.Window = (*Window)(nil)
	_ Input       = (*Window)(nil)
)

func newWindow(d *Driver, title string) *Window {
	w := &Window{d: d, title: title, shown: true}
	w.c = newCanvas(w, d.size, d.scale)
	return w
}

// Title returns the title.
func (w *Window) Title() string { return w.title }

// SetTitle sets the title (shown nowhere on a panel).
func (w *Window) SetTitle(t string) { w.title = t }

// FullScreen reports what SetFullScreen recorded.
func (w *Window) FullScreen() bool { return w.fullScreen }

// SetFullScreen records full screen: a panel's window is its screen.
func (w *Window) SetFullScreen(f bool) { w.fullScreen = f }

// Resize gives the canvas a new size in Fyne units: the content is laid
// out again and the next frame repaints everything.
func (w *Window) Resize(s fyne.Size) { w.c.Resize(s) }

// RequestFocus does nothing: one window has the panel's focus.
func (w *Window) RequestFocus() {}

// FixedSize reports what SetFixedSize recorded.
func (w *Window) FixedSize() bool { return w.fixed }

// SetFixedSize records it.
func (w *Window) SetFixedSize(f bool) { w.fixed = f }

// CenterOnScreen does nothing.
func (w *Window) CenterOnScreen() {}

// Padded reports whether the content is inset by the theme's padding.
func (w *Window) Padded() bool { return w.c.padded }

// SetPadded insets the content by the theme's padding, or not.
func (w *Window) SetPadded(p bool) { w.c.setPadded(p) }

// Icon returns the window's icon, else the app's.
func (w *Window) Icon() fyne.Resource {
	if w.icon != nil {
		return w.icon
	}
	return w.d.app.Icon()
}

// SetIcon records the icon.
func (w *Window) SetIcon(r fyne.Resource) { w.icon = r }

// SetMaster does nothing: closing the last window ends Run.
func (w *Window) SetMaster() {}

// MainMenu returns the menu set; its shortcuts work, it is not shown.
func (w *Window) MainMenu() *fyne.MainMenu { return w.menu }

// SetMainMenu records the menu for its shortcuts.
func (w *Window) SetMainMenu(m *fyne.MainMenu) { w.menu = m }

// SetOnClosed sets the function called when the window closes.
func (w *Window) SetOnClosed(f func()) { w.onClosed = f }

// SetCloseIntercept sets the function called instead of closing when a
// close is asked for by the user (CloseRequested), not by Close.
func (w *Window) SetCloseIntercept(f func()) { w.closeIntercept = f }

// SetOnDropped does nothing: nothing is dropped on a panel.
func (w *Window) SetOnDropped(func(fyne.Position, []fyne.URI)) {}

// Show makes the window painted.
func (w *Window) Show() {
	w.shown = true
	w.c.Repaint()
}

// FrameInterval is the shortest time between two of the window's frames
// (Options.FrameInterval): the loop paints at most one per interval, and
// work that feeds frames (the runtime's binder) paces itself with it.
func (w *Window) FrameInterval() time.Duration { return w.d.interval }

// Hide stops painting the window.
func (w *Window) Hide() { w.shown = false }

// CloseRequested is the user asking to close the window: the close
// intercept is called if set, else the window closes.
func (w *Window) CloseRequested() {
	if w.closeIntercept != nil {
		w.closeIntercept()
		return
	}
	w.Close()
}

// Close closes the window; closing the last one ends Run.
func (w *Window) Close() {
	if w.closed {
		return
	}
	w.closed, w.shown = true, false
	if w.onClosed != nil {
		w.onClosed()
	}
	if w.d.removeWindow(w) {
		w.d.Quit()
	}
}

// ShowAndRun shows the window and runs the loop.
func (w *Window) ShowAndRun() {
	w.Show()
	w.d.Run()
}

// Content returns the canvas's content.
func (w *Window) Content() fyne.CanvasObject { return w.c.Content() }

// SetContent sets the canvas's content.
func (w *Window) SetContent(o fyne.CanvasObject) { w.c.SetContent(o) }

// Canvas returns the window's canvas.
func (w *Window) Canvas() fyne.Canvas { return w.c }

// RasterCanvas returns the window's canvas with its own type.
func (w *Window) RasterCanvas() *Canvas { return w.c }

// Clipboard returns the app's clipboard.
func (w *Window) Clipboard() fyne.Clipboard { return w.d.app.clip }
