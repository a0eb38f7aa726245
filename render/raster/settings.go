package raster

import (
	"slices"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gohmi/gohmi/render/raster/internal/tree"
)

// settings is the app's fyne.Settings: the theme and its listeners.
type settings struct {
	app     *App
	scale   float32
	variant fyne.ThemeVariant

	mu        sync.Mutex // guards th, listeners and chans
	th        fyne.Theme
	listeners []func(fyne.Settings)
	chans     []chan fyne.Settings
}

func newSettings(a *App, th fyne.Theme, v fyne.ThemeVariant, scale float32) *settings {
	if th == nil {
		th = theme.DefaultTheme()
	}
	return &settings{app: a, th: th, variant: v, scale: scale}
}

// Theme returns the current theme.
func (s *settings) Theme() fyne.Theme {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.th
}

// SetTheme changes the theme: on the loop goroutine, every window's
// content and overlays take it (as Fyne's ApplyThemeTo does) and are
// repainted whole; then the listeners are told.
func (s *settings) SetTheme(th fyne.Theme) {
	if th == nil {
		th = theme.DefaultTheme()
	}
	s.mu.Lock()
	s.th = th
	chans := slices.Clone(s.chans)
	s.mu.Unlock()
	for _, c := range chans {
		select { // a listener that does not read must not stall the UI
		case c <- s:
		default:
		}
	}
	s.app.drv.DoFromGoroutine(s.apply, false)
}

// apply runs on the loop goroutine.
func (s *settings) apply() {
	tree.ResetThemeCaches()
	s.app.drv.themeChanged()
	s.mu.Lock()
	ls := slices.Clone(s.listeners)
	s.mu.Unlock()
	for _, l := range ls {
		l(s)
	}
}

// ThemeVariant returns the variant given in the options.
func (s *settings) ThemeVariant() fyne.ThemeVariant { return s.variant }

// Scale returns the pixels per Fyne unit of the options.
func (s *settings) Scale() float32 { return s.scale }

// PrimaryColor returns Fyne's default primary colour name.
func (s *settings) PrimaryColor() string { return theme.ColorBlue }

// AddChangeListener adds a channel told of theme changes (never blocked on).
func (s *settings) AddChangeListener(c chan fyne.Settings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chans = append(s.chans, c)
}

// AddListener adds a function called on the loop after a theme change.
func (s *settings) AddListener(f func(fyne.Settings)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, f)
}

// BuildType is standard.
func (s *settings) BuildType() fyne.BuildType { return fyne.BuildStandard }

// ShowAnimations is true.
func (s *settings) ShowAnimations() bool { return true }

// applyTheme makes o and the objects below it take the current theme, as
// Fyne's internal/app.ApplyThemeTo does: renderers refreshed, layouts
// redone (a theme can change sizes), then o refreshed.
func applyTheme(o fyne.CanvasObject) {
	if o == nil {
		return
	}
	switch c := o.(type) {
	case fyne.Widget:
		r := tree.Renderer(c)
		for _, child := range r.Objects() {
			applyTheme(child)
		}
		r.Layout(o.Size())
	case *fyne.Container:
		for _, child := range c.Objects {
			applyTheme(child)
		}
		if c.Layout != nil {
			c.Layout.Layout(c.Objects, c.Size())
		}
	}
	o.Refresh()
}
