package render

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/style"
)

// Widgets are style elements: selectors match them by type, id, classes
// (static and bound) and state, and the scene's style manager keeps their
// computed styles.
var _ style.Element = (*Widget)(nil)

// Type implements style.Element.
func (w *Widget) Type() string { return w.Node.Type }

// ID implements style.Element.
func (w *Widget) ID() string { return w.Node.ID }

// Parent implements style.Element.
func (w *Widget) Parent() style.Element {
	if w.parent == nil {
		return nil // not a typed nil: the root has no parent
	}
	return w.parent
}

// State implements style.Element: data state from the quality of the
// widget's bound values, widget state from its Fyne object. Pressed, hover
// and focus are not tracked; stale is not yet. The alarm states come from
// [Widget.SetAlarmState].
func (w *Widget) State(pseudo string) bool {
	switch pseudo {
	case "alarm":
		return w.tagAlarm.Alarm
	case "alarm-unack":
		return w.tagAlarm.Unack
	case "shelved":
		return w.tagAlarm.Shelved
	case "bad-quality":
		return w.st == symbol.Bad
	case "uncertain":
		return w.st == symbol.Uncertain
	case "locked":
		return w.perm == Locked
	case "disabled":
		if w.alarm != nil {
			return w.perm != Permitted // alarm_perm.go: none of its actions
		}
		d, ok := w.Control().(fyne.Disableable)
		return ok && d.Disabled()
	case "checked":
		c, ok := w.Control().(*widget.Check)
		return ok && c.Checked
	}
	return false
}

// Computed returns the widget's computed style (nil before styling).
func (w *Widget) Computed() *style.Computed { return w.computed }

// inlineDecls turns a node's `style:` map into declarations.
func inlineDecls(n *gopage.Node) []style.Decl {
	if len(n.Style) == 0 {
		return nil
	}
	decls := make([]style.Decl, len(n.Style))
	for i, d := range n.Style {
		decls[i] = style.Decl{Property: d.Property, Value: d.Value, Pos: d.Pos, ValuePos: d.ValuePos}
	}
	return decls
}

// styleAll registers ws (in tree order) with the scene's manager and gives
// each its computed style.
func (s *Scene) styleAll(ws []*Widget) {
	if s.styles == nil {
		return
	}
	for _, w := range ws {
		s.styles.Add(w, inlineDecls(w.Node))
	}
	for _, w := range ws {
		s.restyle(w)
	}
}

// restyle applies the manager's current computed style to w.
func (s *Scene) restyle(w *Widget) {
	c := s.styles.Computed(w)
	if c == nil || c == w.computed {
		return
	}
	w.computed = c
	if w.Object != nil {
		if c.DisplayNone || c.Hidden {
			w.Object.Hide()
		} else if w.styleHid {
			w.Object.Show()
		}
		w.styleHid = c.DisplayNone || c.Hidden
	}
	if w.style != nil {
		w.style(c)
	}
	if w == s.root {
		s.styleBackdrop(c)
	}
	if c.Blink > 0 {
		s.blinking[w] = true
		s.blinkCount.Store(int32(len(s.blinking)))
	} else if s.blinking[w] {
		delete(s.blinking, w)
		s.blinkCount.Store(int32(len(s.blinking)))
		w.blinkOff = false
		if w.style != nil {
			w.style(c)
		}
	}
	s.styled++
}

// styleBackdrop gives the space around the design canvas (side bars when
// the panel's aspect differs from the design's) the root's background, so
// that it follows the theme instead of staying Fyne's grey.
func (s *Scene) styleBackdrop(c *style.Computed) {
	if s.backdrop == nil {
		return
	}
	s.backdrop.FillColor = colorOr(c.Background, color.Transparent)
	s.backdrop.Refresh()
}

// WindowTheme is the Fyne theme for what the window shows outside the
// scene's widgets (dialogs, keypads, the window's background): gohmi's
// Theme with the palette of the root's style sheets ([ColorsFromVars]).
func (s *Scene) WindowTheme() Theme {
	if s.root == nil || s.root.computed == nil {
		return Theme{}
	}
	return Theme{Colors: ColorsFromVars(s.root.computed.Vars)}
}

// applyPatches restyles every widget a list of patches names.
func (s *Scene) applyPatches(patches []style.Patch) {
	seen := map[*Widget]bool{}
	for _, p := range patches {
		w, ok := p.Element.(*Widget)
		if !ok || seen[w] {
			continue
		}
		seen[w] = true
		s.restyle(w)
	}
}

// SetSheets gives the scene new style sheets: only widgets whose computed
// style changed are restyled. It returns how many were. UI goroutine.
func (s *Scene) SetSheets(sheets []*style.Sheet) int {
	if s.styles == nil {
		return 0
	}
	before := s.styled
	s.applyPatches(s.styles.SetSheets(sheets))
	s.restyleTrends()
	return s.styled - before
}

// SetEnv switches theme or panel size (@theme, @media). UI goroutine.
func (s *Scene) SetEnv(env style.Env) int {
	if s.styles == nil || env == s.env {
		return 0
	}
	s.env = env
	before := s.styled
	s.applyPatches(s.styles.SetEnv(env))
	s.restyleTrends()
	return s.styled - before
}

// zoomed gives the scene's Fyne controls the scene's zoom: a theme
// override around the root, so that buttons and entries scale with it.
func (s *Scene) zoomed(root fyne.CanvasObject) fyne.CanvasObject {
	if s.zoom == 1 {
		return root
	}
	return newSteadyOverride(root, Theme{Zoom: s.zoom})
}

// WantZoom is the zoom the panel's size asks for now (the ratio of the
// last laid out size to the design size); when it is far from Zoom, the
// scene should be built again. Safe from any goroutine.
func (s *Scene) WantZoom() float32 { return math.Float32frombits(s.wantZoom.Load()) }

// Zoom is the zoom the scene was built for.
func (s *Scene) Zoom() float32 { return s.zoom }

// resized follows the panel's size (from the frame's layout) for @media
// and for the zoom.
func (s *Scene) resized(size fyne.Size) {
	if d := s.Screen.Size; d.W > 0 && d.H > 0 && size.Width > 0 && size.Height > 0 {
		s.wantZoom.Store(math.Float32bits(min(size.Width/float32(d.W), size.Height/float32(d.H))))
	}
	env := s.env
	env.Width, env.Height = float64(size.Width), float64(size.Height)
	if env != s.env && size.Width > 0 && size.Height > 0 {
		s.SetEnv(env)
	}
}

// Restyle follows a change of a widget's classes or state (a bound class
// toggled, its quality changed): it and what depends on it are restyled.
func (s *Scene) Restyle(w *Widget) {
	if s.styles != nil {
		s.applyPatches(s.styles.Changed(w))
	}
}

// Styled counts widgets restyled since the scene was built (tests and
// benchmarks read it).
func (s *Scene) Styled() int { return s.styled }

// Blinks reports whether any widget blinks; safe from any goroutine only
// as a hint (it reads a length), which is all the blink loop needs.
func (s *Scene) Blinks() bool { return s.blinkCount.Load() > 0 || s.alarmBlinks.Load() > 0 }

// Blink shows the blinking widgets in the phase they have at now: on for
// the first half of each period, off for the second (ISA-101 flashing of
// unacknowledged alarms). It reports whether any widget blinks. UI goroutine.
func (s *Scene) Blink(now time.Time) bool {
	for w := range s.blinking {
		period := w.computed.Blink
		off := now.UnixNano()%int64(period) >= int64(period)/2
		if off != w.blinkOff {
			w.blinkOff = off
			w.style(w.computed)
		}
	}
	s.countAlarmBlinks(now)
	return len(s.blinking) > 0 || s.alarmBlinks.Load() > 0
}

// styled returns the palette a symbol draws with under c: the scene's
// palette with the style's fill, stroke, colour, background and font size;
// opacity fades every colour; the off phase of a blink draws the fill in
// the background colour.
func (w *Widget) palette(base symbol.Palette, c *style.Computed) symbol.Palette {
	p := base
	p.Fill = colorOr(c.Fill, p.Fill)
	p.Running = colorOr(c.Fill, p.Running)
	p.Stroke = colorOr(c.Stroke, colorOr(c.BorderColor, p.Stroke))
	p.Text = colorOr(c.Color, p.Text)
	p.Empty = colorOr(c.Background, p.Empty)
	p.Stopped = colorOr(c.Background, p.Stopped)
	if c.FontSize.Set && c.FontSize.Unit == style.Px {
		p.TextSize = c.FontSize.Value * w.scene.zoom
	}
	if w.blinkOff {
		p.Fill, p.Running, p.Text = p.Background, p.Stopped, p.Background
	}
	if c.Opacity < 1 {
		for _, col := range []*color.Color{&p.Fill, &p.Running, &p.Stroke, &p.Text, &p.Empty, &p.Surface, &p.Stopped, &p.Muted} {
			*col = fade(*col, c.Opacity)
		}
	}
	return p
}

func colorOr(c style.Color, def color.Color) color.Color {
	if !c.Set {
		return def
	}
	return c.NRGBA()
}

// fade multiplies a colour's alpha by op.
func fade(c color.Color, op float32) color.Color {
	if c == nil {
		return c
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(float32(n.A) * op)
	return n
}

// textColor is a text's colour under c, with opacity and blink.
func (w *Widget) textColor(c *style.Computed, def color.Color, bg color.Color) color.Color {
	col := colorOr(c.Color, def)
	if w.blinkOff {
		col = bg
	}
	if c.Opacity < 1 {
		col = fade(col, c.Opacity)
	}
	return col
}

// styleOrInitial returns the widget's computed style, or the unstyled one
// while the widget is being built.
func (w *Widget) styleOrInitial() *style.Computed {
	if w.computed == nil {
		return &style.Computed{Opacity: 1}
	}
	return w.computed
}
