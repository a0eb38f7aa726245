package render

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gohmi/gohmi/style"
)

// Fyne's own controls (button, toggle, entry, navbar) draw themselves from
// the theme, so a style reaches them as a theme: each control sits in a
// container.ThemeOverride whose theme answers from the widget's computed
// style and falls back to gohmi's Theme for everything it does not set.

// controlTheme is a computed style seen as a Fyne theme; before the first
// style (c nil) it is the base Theme.
type controlTheme struct {
	Theme
	c *style.Computed
}

// Color implements fyne.Theme.
func (t *controlTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	c := t.c
	if c == nil {
		return t.Theme.Color(n, v)
	}
	var col color.Color
	switch n {
	case theme.ColorNameButton, theme.ColorNameInputBackground:
		col = colorOr(c.Background, nil)
	case theme.ColorNameForeground:
		col = colorOr(c.Color, nil)
	case theme.ColorNameInputBorder:
		col = colorOr(c.BorderColor, nil)
	case theme.ColorNamePrimary:
		col = colorOr(c.Fill, nil)
	case theme.ColorNameDisabledButton:
		// Disabled is quieter than enabled in any theme: the button's own
		// background, half see-through (Fyne's fixed grey was brighter
		// than the buttons of a night theme).
		col = fadeSet(c.Background, 0.5)
	case theme.ColorNameDisabled:
		col = fadeSet(c.Color, 0.45)
	}
	if col == nil {
		col = t.Theme.Color(n, v)
	}
	if c.Opacity < 1 {
		col = fade(col, c.Opacity)
	}
	return col
}

// Size implements fyne.Theme.
func (t *controlTheme) Size(n fyne.ThemeSizeName) float32 {
	c := t.c
	switch {
	case c == nil:
	case n == theme.SizeNameText && c.FontSize.Set && c.FontSize.Unit == style.Px:
		return c.FontSize.Value * t.zoom()
	case (n == theme.SizeNameInputRadius || n == theme.SizeNameSelectionRadius) && c.BorderRadius.Set:
		return c.BorderRadius.Value * t.zoom()
	case n == theme.SizeNameInputBorder && c.BorderWidth.Set:
		return c.BorderWidth.Value
	case n == theme.SizeNameInnerPadding && c.Padding.Set && c.Padding.Unit == style.Px:
		return c.Padding.Value * t.zoom()
	}
	return t.Theme.Size(n)
}

func (t *controlTheme) zoom() float32 {
	if t.Zoom == 0 {
		return 1
	}
	return t.Zoom
}

// Font implements fyne.Theme: bold and monospace follow font-weight and font-family.
func (t *controlTheme) Font(s fyne.TextStyle) fyne.Resource {
	if t.c == nil {
		return t.Theme.Font(s)
	}
	if t.c.FontWeight >= 600 {
		s.Bold = true
	}
	if t.c.FontFamily == "mono" {
		s.Monospace = true
	}
	return t.Theme.Font(s)
}

// styleControl puts a Fyne control in a theme override that its computed
// style drives; w.control keeps the control itself.
//
// A restyle changes the theme in place and refreshes the override, which
// re-scopes it: refreshing the control alone leaves the parts Fyne keeps
// per scope (icons, nested widgets' colours) as they were, which
// TestApplyMatchesBuild shows in pixels. Restyles are rare (a theme
// switch, a class change); navigation and relayouts, which are not, stop
// at the steady wrapper (see steadyOverride).
func styleControl(w *Widget, ctl fyne.CanvasObject) {
	th := &controlTheme{Theme: Theme{Zoom: w.scene.zoom}}
	w.control = ctl
	so := newSteadyOverride(ctl, th)
	w.Object = so
	w.style = func(c *style.Computed) {
		th.Theme.Colors = ColorsFromVars(c.Vars) // the sheet's palette for what the style does not set
		th.c = c
		w.styleMuted(c)
		so.ov.Refresh()
		relayoutControl(ctl)
	}
}

// relayoutControl lays a restyled control out again, every container and
// widget in it at its own size. Renderers place parts by theme sizes (a
// check puts its focus circle and label after the input border, an entry
// its box inside it), but Fyne lays a widget out only when its size
// changes: a restyle that changed the border and not the size left the
// parts where the old style put them. Build met the same: container.New
// lays its content out at once, before the control is styled or themed
// (TestApplyMatchesBuild found both). A widget not laid out yet (a zero
// size) is left to its first layout.
func relayoutControl(o fyne.CanvasObject) {
	switch o := o.(type) {
	case *fyne.Container:
		if o.Layout != nil {
			o.Layout.Layout(o.Objects, o.Size())
		}
		for _, c := range o.Objects {
			relayoutControl(c)
		}
	case fyne.Widget:
		if size := o.Size(); !size.IsZero() {
			o.Resize(size.AddWidthHeight(1, 0)) // a widget skips a Resize to its own size
			o.Resize(size)
		}
	}
}

// Control returns the widget's Fyne control (a button, a check, the
// entry's row) inside its style wrapper, or its object when it has none.
func (w *Widget) Control() fyne.CanvasObject {
	if w.control != nil {
		return w.control
	}
	return w.Object
}

// fadeSet is a style colour with its alpha multiplied by op, or nil when
// the style does not set it.
func fadeSet(c style.Color, op float32) color.Color {
	if !c.Set {
		return nil
	}
	return fade(c.NRGBA(), op)
}
