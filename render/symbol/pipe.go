package symbol

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Pipe is a process line through a list of points, one canvas.Line per
// segment. Flowing draws it in the process fill colour, idle in light grey;
// Bad draws it magenta. A "?" near its first segment marks data that is
// not Good. A Pipe has no label: SetLabel only records it.
//
// The points are in design units relative to the widget's top-left. The
// design size is their bounding box from the origin unless SetDesignSize
// says otherwise; it is the widget's MinSize, and Layout scales the points
// by the widget's size over the design size. The line width is not scaled.
type Pipe struct {
	widget.BaseWidget
	base

	points  []fyne.Position
	design  fyne.Size
	width   float32
	flowing bool
	r       *pipeRenderer
}

var _ fyne.Widget = (*Pipe)(nil)

// NewPipe returns an idle pipe through points, 6 units wide. It copies
// points. Fewer than two points draw nothing.
func NewPipe(points []fyne.Position) *Pipe {
	p := &Pipe{points: append([]fyne.Position(nil), points...), width: 6}
	for _, pt := range points {
		p.design.Width = max(p.design.Width, pt.X)
		p.design.Height = max(p.design.Height, pt.Y)
	}
	p.r = &pipeRenderer{p: p, mark: newText(fyne.TextAlignCenter, true)}
	r := p.r
	r.mark.Text = "?"
	for i := 1; i < len(points); i++ {
		r.lines = append(r.lines, canvas.NewLine(nil))
	}
	for _, l := range r.lines {
		r.objects = append(r.objects, l)
	}
	r.objects = append(r.objects, r.mark)
	p.base = newBase(r)
	p.ExtendBaseWidget(p)
	r.applyAll()
	return p
}

// SetDesignSize sets the size, in design units, that the points are drawn
// in, for drawings whose points do not reach their right or bottom edge.
func (p *Pipe) SetDesignSize(w, h float32) {
	s := fyne.NewSize(w, h)
	if s == p.design {
		return
	}
	p.design = s
	if p.r.size != (fyne.Size{}) {
		p.r.Layout(p.r.size)
		for _, o := range p.r.objects {
			p.refresh(o)
		}
	}
}

// SetWidth sets the line width.
func (p *Pipe) SetWidth(w float32) {
	if w == p.width {
		return
	}
	p.width = w
	if p.r.size != (fyne.Size{}) {
		p.r.Layout(p.r.size) // the joints' overlap follows the width
	}
	for _, l := range p.r.lines {
		l.StrokeWidth = w
		p.refresh(l)
	}
}

// SetFlowing shows the line flowing (process colour) or idle (light grey).
func (p *Pipe) SetFlowing(flowing bool) {
	if flowing == p.flowing {
		return
	}
	p.flowing = flowing
	p.r.applyState()
}

// CreateRenderer returns the renderer built by NewPipe.
func (p *Pipe) CreateRenderer() fyne.WidgetRenderer { return p.r }

type pipeRenderer struct {
	p       *Pipe
	lines   []*canvas.Line // one per segment
	mark    *canvas.Text   // "?" by the first segment when the quality is not Good
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *pipeRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *pipeRenderer) Destroy()                     {}
func (r *pipeRenderer) Refresh()                     { r.applyAll() }

func (r *pipeRenderer) MinSize() fyne.Size { return r.p.design }

func (r *pipeRenderer) Layout(size fyne.Size) {
	r.size = size
	sx, sy := float32(1), float32(1)
	if d := r.p.design; d.Width > 0 && d.Height > 0 {
		sx, sy = size.Width/d.Width, size.Height/d.Height
	} else if d.Width > 0 {
		sx, sy = size.Width/d.Width, size.Width/d.Width
	} else if d.Height > 0 {
		sx, sy = size.Height/d.Height, size.Height/d.Height
	}
	pts := r.p.points
	for i, l := range r.lines {
		a := fyne.NewPos(pts[i].X*sx, pts[i].Y*sy)
		b := fyne.NewPos(pts[i+1].X*sx, pts[i+1].Y*sy)
		// Lines have flat ends; at an interior joint, run half a width
		// past the point so corners are filled, not notched.
		ext := r.p.width / 2
		if i > 0 {
			a = extend(a, b, ext)
		}
		if i < len(r.lines)-1 {
			b = extend(b, a, ext)
		}
		l.Position1, l.Position2 = a, b
	}
	if len(r.lines) > 0 {
		l := r.lines[0]
		mid := fyne.NewPos((l.Position1.X+l.Position2.X)/2, (l.Position1.Y+l.Position2.Y)/2)
		lh := lineHeight(r.p.pal.textSize())
		r.mark.Move(mid.AddXY(-lh/2, -lh-r.p.width/2))
		r.mark.Resize(fyne.NewSize(lh, lh))
	}
}

// extend moves p away from q by d.
func extend(p, q fyne.Position, d float32) fyne.Position {
	dx, dy := p.X-q.X, p.Y-q.Y
	n := float32(0)
	switch {
	case dx == 0:
		n = abs(dy)
	case dy == 0:
		n = abs(dx)
	default:
		n = hypot(dx, dy)
	}
	if n == 0 {
		return p
	}
	return fyne.NewPos(p.X+dx/n*d, p.Y+dy/n*d)
}

func (r *pipeRenderer) applyState() {
	p := &r.p.pal
	c := p.Empty
	switch {
	case r.p.status == Bad:
		c = p.Bad
	case r.p.flowing:
		c = p.Fill
	}
	for _, l := range r.lines {
		l.StrokeColor = orTransparent(c)
		r.p.refresh(l)
	}
}

func (r *pipeRenderer) applyStatus() {
	r.applyState()
	r.p.styleMark(r.mark)
}

func (r *pipeRenderer) applyLabel() {}

func (r *pipeRenderer) applyAll() {
	for _, l := range r.lines {
		l.StrokeWidth = r.p.width
	}
	r.applyStatus()
	if r.size != (fyne.Size{}) {
		r.Layout(r.size)
	}
}
