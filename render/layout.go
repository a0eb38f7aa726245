package render

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// designLayout scales a screen drawn for a design size to whatever window it
// gets, keeping the aspect ratio and centring it. Its one object is the root.
// It tells its scene the panel's size, for the style sheets' @media.
type designLayout struct {
	w, h  float32
	scene *Scene
}

func (l designLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if l.scene != nil {
		l.scene.resized(size)
	}
	s := min(size.Width/l.w, size.Height/l.h)
	w, h := l.w*s, l.h*s
	for _, o := range objs {
		o.Move(fyne.NewPos((size.Width-w)/2, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l designLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	// Small enough for an 800x480 panel to show a 1280x800 design scaled down.
	return fyne.NewSize(l.w/4, l.h/4)
}

// place is where a child of a canvas goes, in design units. A zero w or h
// means the child's own minimum size.
type place struct{ x, y, w, h float32 }

// absLayout places each child at its design position, scaled by the ratio of
// the container's real size to its design size.
type absLayout struct {
	w, h   float32 // design size of the canvas
	places []place // one per child, same order
}

func (l *absLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	s := min(size.Width/l.w, size.Height/l.h)
	if l.w <= 0 || l.h <= 0 {
		s = 1 // a canvas with no design size of its own (w, h) draws at 1:1, not at +Inf
	}
	for i, o := range objs {
		p := l.places[i]
		w, h := p.w*s, p.h*s
		if p.w == 0 || p.h == 0 {
			m := o.MinSize()
			if p.w == 0 {
				w = m.Width
			}
			if p.h == 0 {
				h = m.Height
			}
		}
		o.Move(fyne.NewPos(p.x*s, p.y*s))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l *absLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(l.w/4, l.h/4) }

// align is how a stack places children across its main axis.
type align uint8

const (
	alignStretch align = iota
	alignStart
	alignCenter
	alignEnd
)

func parseAlign(s string) align {
	switch s {
	case "start":
		return alignStart
	case "center":
		return alignCenter
	case "end":
		return alignEnd
	}
	return alignStretch
}

// stackLayout lays children in a column or row with fixed spacing and
// padding. Children keep their minimum size along the main axis; the last
// child of a column or row takes any room left over only when it is a
// container, so that screens fill the window without stretching buttons.
type stackLayout struct {
	vertical         bool
	spacing, padding float32
	align            align
}

func (l stackLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pos := l.padding
	cross := max(l.crossOf(size)-2*l.padding, 0) // a negative size panics Fyne's software painter
	for _, o := range visible(objs) {
		m := o.MinSize()
		main, c := l.mainOf(m), l.crossOf(m)
		off := l.padding
		switch l.align {
		case alignStretch:
			c = cross
		case alignCenter:
			off += (cross - c) / 2
		case alignEnd:
			off += cross - c
		}
		if l.vertical {
			o.Move(fyne.NewPos(off, pos))
			o.Resize(fyne.NewSize(c, main))
		} else {
			o.Move(fyne.NewPos(pos, off))
			o.Resize(fyne.NewSize(main, c))
		}
		pos += main + l.spacing
	}
}

func (l stackLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var main, cross float32
	vis := visible(objs)
	for _, o := range vis {
		m := o.MinSize()
		main += l.mainOf(m)
		cross = max(cross, l.crossOf(m))
	}
	if len(vis) > 1 {
		main += l.spacing * float32(len(vis)-1)
	}
	main += 2 * l.padding
	cross += 2 * l.padding
	if l.vertical {
		return fyne.NewSize(cross, main)
	}
	return fyne.NewSize(main, cross)
}

func (l stackLayout) mainOf(s fyne.Size) float32 {
	if l.vertical {
		return s.Height
	}
	return s.Width
}

func (l stackLayout) crossOf(s fyne.Size) float32 {
	if l.vertical {
		return s.Width
	}
	return s.Height
}

// gridLayout is a grid of equal cells with spacing and padding.
type gridLayout struct {
	cols             int
	spacing, padding float32
}

func (l gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	vis := visible(objs)
	rows := (len(vis) + l.cols - 1) / max(l.cols, 1)
	if rows == 0 {
		return
	}
	cw := max((size.Width-2*l.padding-l.spacing*float32(l.cols-1))/float32(l.cols), 0)
	ch := max((size.Height-2*l.padding-l.spacing*float32(rows-1))/float32(rows), 0)
	for i, o := range vis {
		r, c := i/l.cols, i%l.cols
		o.Move(fyne.NewPos(l.padding+float32(c)*(cw+l.spacing), l.padding+float32(r)*(ch+l.spacing)))
		o.Resize(fyne.NewSize(cw, ch))
	}
}

func (l gridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	vis := visible(objs)
	var cell fyne.Size
	for _, o := range vis {
		cell = cell.Max(o.MinSize())
	}
	rows := (len(vis) + l.cols - 1) / max(l.cols, 1)
	return fyne.NewSize(
		float32(l.cols)*cell.Width+l.spacing*float32(l.cols-1)+2*l.padding,
		float32(rows)*cell.Height+l.spacing*float32(max(rows-1, 0))+2*l.padding)
}

// pointsLayout scales a polyline given in design units to its container.
type pointsLayout struct {
	pts        [][2]float64
	minX, minY float32
	w, h       float32 // bounding box in design units
}

func newPointsLayout(pts [][2]float64) *pointsLayout {
	l := &pointsLayout{pts: pts}
	if len(pts) == 0 {
		return l
	}
	minX, minY, maxX, maxY := pts[0][0], pts[0][1], pts[0][0], pts[0][1]
	for _, p := range pts {
		minX, minY = min(minX, p[0]), min(minY, p[1])
		maxX, maxY = max(maxX, p[0]), max(maxY, p[1])
	}
	l.minX, l.minY = float32(minX), float32(minY)
	l.w, l.h = max(float32(maxX-minX), 1), max(float32(maxY-minY), 1)
	return l
}

// Layout moves line i between point i and i+1.
func (l *pointsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	sx, sy := size.Width/l.w, size.Height/l.h
	pt := func(i int) fyne.Position {
		return fyne.NewPos((float32(l.pts[i][0])-l.minX)*sx, (float32(l.pts[i][1])-l.minY)*sy)
	}
	for i, o := range objs {
		if i+1 >= len(l.pts) {
			break
		}
		if ln, ok := o.(*canvas.Line); ok {
			// Move and Resize cannot express a line drawn right to left.
			ln.Position1, ln.Position2 = pt(i), pt(i+1)
			ln.Refresh()
		}
	}
}

func (l *pointsLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(l.w, l.h) }

func visible(objs []fyne.CanvasObject) []fyne.CanvasObject {
	out := objs[:0:0]
	for _, o := range objs {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

func newStack(vertical bool, spacing float32, a align, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(stackLayout{vertical: vertical, spacing: spacing, align: a}, objs...)
}

// Relayout lays out every container under o again, top down. Fyne's GL
// window does this by itself each frame when a minimum size changed (a value
// got longer); the headless test canvas does not, so snapshots call this
// before they paint.
func Relayout(o fyne.CanvasObject) {
	if s, ok := o.(*steadyOverride); ok { // styled controls and the zoomed root
		s.ov.Move(fyne.Position{})
		s.ov.Resize(s.Size())
		Relayout(s.ov)
		return
	}
	if ov, ok := o.(*container.ThemeOverride); ok {
		// A zoomed screen and every styled control sit in one.
		ov.Content.Resize(ov.Size())
		Relayout(ov.Content)
		return
	}
	c, ok := o.(*fyne.Container)
	if !ok {
		return
	}
	if c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size())
	}
	for _, child := range c.Objects {
		Relayout(child)
	}
}
