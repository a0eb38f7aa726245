package render

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/gohmi/gohmi/style"
)

// alignedLabel holds an entry's label in a box as wide as the widest label
// of the entries beside it (children of the same container), so that a
// panel of setpoints lines its fields up like a form instead of starting
// each one where its own label happens to end.
func alignedLabel(w *Widget, label *canvas.Text) fyne.CanvasObject {
	return container.New(labelColumn{w: w, label: label}, w.mutedPart(label))
}

// labelColumn lays out one entry label, left-aligned and centred vertically.
type labelColumn struct {
	w     *Widget
	label *canvas.Text
}

func (l labelColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		m := o.MinSize()
		o.Move(fyne.NewPos(0, (size.Height-m.Height)/2))
		o.Resize(m)
	}
}

func (l labelColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := l.label.MinSize()
	if l.w.parent == nil {
		return m
	}
	for _, s := range l.w.parent.children {
		if s == l.w || s.Node.Type != "entry" {
			continue
		}
		if text := str(s.Node, "label", ""); text != "" {
			m.Width = max(m.Width, fyne.MeasureText(text, l.label.TextSize, l.label.TextStyle).Width)
		}
	}
	return m
}

// mutedPart registers a caption or unit of w, drawn quieter than its value
// in the colours of w's style, and returns it.
func (w *Widget) mutedPart(t *canvas.Text) *canvas.Text {
	w.muted = append(w.muted, t)
	return t
}

// styleMuted colours w's captions and units: its text colour most of the
// way to its background, so that they stay readable, and quieter than the
// value, in a night theme as in a day one. Without a styled colour they keep
// the palette's muted grey.
func (w *Widget) styleMuted(c *style.Computed) {
	for _, t := range w.muted {
		col := w.scene.palette.Muted
		if c.Color.Set {
			bg := w.scene.palette.Surface
			if c.Background.Set {
				bg = c.Background.NRGBA()
			}
			col = mix(c.Color.NRGBA(), bg, 0.4)
		}
		if c.Opacity < 1 {
			col = fade(col, c.Opacity)
		}
		if t.Color != col {
			t.Color = col
			t.Refresh()
		}
	}
}
