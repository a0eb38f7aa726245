package render

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Fyne's container.ThemeOverride gives its content a new theme scope on
// every Refresh and every CreateRenderer, and Fyne caches the font faces
// of each scope for good (a few MB each: text, fallback and emoji fonts).
// A Refresh of any container above an override (navigation, a reload, a
// relayout, a restyle) re-scoped it: the demo grew by hundreds of MB in
// minutes of use (issue 8, item 18). So overrides are steady: wrapped
// where a Refresh from above does not reach them. (A renderer that Fyne
// destroys after a minute unused and builds again still re-scopes.)

// steadyOverride is a ThemeOverride that a Refresh from above does not
// re-scope: it refreshes the content instead.
type steadyOverride struct {
	widget.BaseWidget
	ov *container.ThemeOverride
}

// newSteadyOverride themes obj with th. To change the look later, change
// th in place and refresh obj: a new Theme would mean a new scope.
func newSteadyOverride(obj fyne.CanvasObject, th fyne.Theme) *steadyOverride {
	s := &steadyOverride{ov: container.NewThemeOverride(obj, th)}
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer implements fyne.Widget.
func (s *steadyOverride) CreateRenderer() fyne.WidgetRenderer { return steadyRenderer{s} }

type steadyRenderer struct{ s *steadyOverride }

func (r steadyRenderer) Layout(size fyne.Size) {
	r.s.ov.Move(fyne.Position{})
	r.s.ov.Resize(size)
}

func (r steadyRenderer) MinSize() fyne.Size           { return r.s.ov.MinSize() }
func (r steadyRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.s.ov} }
func (r steadyRenderer) Refresh()                     { r.s.ov.Content.Refresh() }
func (r steadyRenderer) Destroy()                     {}
