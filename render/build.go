package render

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render/symbol"
)

// Build creates the Fyne scene of a screen. It must run on the UI goroutine
// (or before the objects are shown). Problems in the screen were reported by
// gopage and hmi's checks; Build draws what it can of a partial tree.
func Build(s *gopage.Screen, opts Options) *Scene {
	if opts.Palette.Text == nil {
		opts.Palette = symbol.DefaultPalette()
	}
	b := &builder{opts: opts, scene: &Scene{Screen: s, byKey: map[string]*Widget{}}}
	w, h := float32(s.Size.W), float32(s.Size.H)
	if w <= 0 || h <= 0 {
		w, h = 1280, 800
	}
	var root fyne.CanvasObject = container.NewWithoutLayout()
	if s.Root != nil {
		root = b.node(s.Root, fyne.NewSize(w, h)).Object
	}
	b.scene.Root = container.New(designLayout{w, h}, root)
	return b.scene
}

type builder struct {
	opts  Options
	scene *Scene
}

// node builds n and its children; design is the size n is drawn at in design
// units (the screen size for the root, w x h inside a canvas), which a
// canvas needs to scale its children.
func (b *builder) node(n *gopage.Node, design fyne.Size) *Widget {
	w := &Widget{Node: n}
	b.scene.order = append(b.scene.order, w) // pre-order: before the children
	switch n.Type {
	case "column", "row", "grid", "canvas", "panel":
		b.container(w, design)
	case "label":
		b.label(w)
	case "value":
		b.value(w)
	case "lamp":
		b.lamp(w)
	case "tank", "bar", "gauge":
		b.analog(w)
	case "pump":
		b.pump(w)
	case "valve":
		b.valve(w)
	case "pipe":
		b.pipe(w)
	case "line":
		b.line(w)
	case "rect":
		b.rect(w)
	case "image":
		b.image(w)
	case "button":
		b.button(w)
	case "toggle":
		b.toggle(w)
	case "entry":
		b.entry(w)
	case "navbar":
		b.navbar(w)
	default:
		w.Object = container.NewWithoutLayout() // gopage reported the unknown type
	}
	b.scene.byKey[n.Key()] = w
	if n.ID != "" {
		b.scene.byKey[n.ID] = w
	}
	return w
}

func (b *builder) container(w *Widget, design fyne.Size) {
	n := w.Node
	if n.Type == "canvas" {
		b.canvas(w, design)
		return
	}
	objs := make([]fyne.CanvasObject, 0, len(n.Children))
	for _, c := range n.Children {
		objs = append(objs, b.node(c, design).Object)
	}
	spacing, padding := float32(num(n, "spacing", 8)), float32(num(n, "padding", 0))
	switch n.Type {
	case "column":
		w.Object = container.New(stackLayout{vertical: true, spacing: spacing, padding: padding, align: parseAlign(str(n, "align", ""))}, objs...)
	case "row":
		w.Object = container.New(stackLayout{spacing: spacing, padding: padding, align: parseAlign(str(n, "align", ""))}, objs...)
	case "grid":
		w.Object = container.New(gridLayout{cols: max(int(num(n, "columns", 1)), 1), spacing: spacing, padding: padding}, objs...)
	case "panel":
		b.panel(w, objs, float32(num(n, "padding", 10)))
	}
}

// canvas places children at their design x, y, w, h, scaled together.
func (b *builder) canvas(w *Widget, design fyne.Size) {
	n := w.Node
	if n.Props["w"] != nil && n.Props["h"] != nil {
		design = fyne.NewSize(float32(num(n, "w", 0)), float32(num(n, "h", 0)))
	}
	l := &absLayout{w: design.Width, h: design.Height}
	objs := make([]fyne.CanvasObject, 0, len(n.Children))
	for _, c := range n.Children {
		p := placeOf(c)
		cw := b.node(c, fyne.NewSize(p.w, p.h))
		l.places = append(l.places, p)
		objs = append(objs, cw.Object)
	}
	w.Object = container.New(l, objs...)
}

// placeOf is a canvas child's design rectangle; lines and pipes default to
// the bounding box of their points, which are in the canvas' coordinates.
func placeOf(n *gopage.Node) place {
	p := place{x: float32(num(n, "x", 0)), y: float32(num(n, "y", 0)), w: float32(num(n, "w", 0)), h: float32(num(n, "h", 0))}
	if pts := n.Props["points"]; pts != nil && len(pts.Points) > 0 {
		l := newPointsLayout(pts.Points)
		if n.Props["x"] == nil {
			p.x = l.minX
		}
		if n.Props["y"] == nil {
			p.y = l.minY
		}
		if p.w == 0 {
			p.w = l.w
		}
		if p.h == 0 {
			p.h = l.h
		}
	}
	return p
}
