package render

import (
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/style"
)

// Build creates the Fyne scene of a screen. It must run on the UI goroutine
// (or before the objects are shown). Problems in the screen were reported by
// gopage and hmi's checks; Build draws what it can of a partial tree.
func Build(s *gopage.Screen, opts Options) *Scene {
	if opts.Palette.Text == nil {
		opts.Palette = symbol.DefaultPalette()
	}
	if opts.Zoom <= 0 {
		opts.Zoom = 1
	}
	opts.Palette.TextSize *= opts.Zoom
	b := &builder{opts: opts, scene: &Scene{Screen: s, byKey: map[string]*Widget{}, palette: opts.Palette, blinking: map[*Widget]bool{}}}
	b.scene.styles = style.NewManager(opts.Sheets, opts.Env)
	b.scene.zoom = opts.Zoom
	b.scene.wantZoom.Store(math.Float32bits(opts.Zoom))
	w, h := float32(s.Size.W), float32(s.Size.H)
	if w <= 0 || h <= 0 {
		w, h = 1280, 800
	}
	b.scene.env = opts.Env
	b.scene.frame = container.New(designLayout{w, h, b.scene}, container.NewWithoutLayout())
	if s.Root != nil {
		b.scene.root = b.node(s.Root, fyne.NewSize(w, h))
		b.scene.frame.Objects[0] = b.scene.zoomed(b.scene.root.Object)
	}
	b.scene.backdrop = canvas.NewRectangle(color.Transparent)
	b.scene.Root = container.NewStack(b.scene.backdrop, b.scene.frame)
	b.scene.styleAll(b.scene.order)
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
	w := &Widget{Node: n, scene: b.scene}
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
	case "alarm-banner", "alarm-summary", "alarm-history":
		b.alarmWidget(w)
	case "trend":
		b.trend(w)
	default:
		w.Object = container.NewWithoutLayout() // gopage reported the unknown type
	}
	b.scene.byKey[n.Key()] = w
	if n.ID != "" {
		b.scene.byKey[n.ID] = w
	}
	return w
}

// container builds a layout node: its children, then the Fyne container
// that holds their objects with the node's layout.
func (b *builder) container(w *Widget, design fyne.Size) {
	w.design = b.designOf(w.Node, design)
	for _, c := range w.Node.Children {
		child := b.node(c, childDesign(w, c))
		child.parent = w
		w.children = append(w.children, child)
	}
	w.box = container.New(layoutOf(w), objectsOf(w.children)...)
	if w.Node.Type == "panel" {
		b.panel(w)
	} else {
		// A background for the style sheets' background and border
		// properties: transparent until styled.
		bg := canvas.NewRectangle(color.Transparent)
		w.Object = container.NewStack(bg, w.box)
		w.style = func(c *style.Computed) {
			bg.FillColor = fade(colorOr(c.Background, color.Transparent), c.Opacity)
			bg.StrokeColor = colorOr(c.BorderColor, color.Transparent)
			bg.StrokeWidth = c.BorderWidth.Value
			bg.CornerRadius = c.BorderRadius.Value
			bg.Refresh()
			relayoutPadding(w)
		}
	}
	w.update = func(n *gopage.Node, what []string) bool {
		if w.Node.Type == "panel" && w.panelTitle != nil && slices.Contains(what, "title") && !bound(n, "title") {
			w.panelTitle.Text = str(n, "title", "")
			w.panelTitle.Refresh()
		}
		return true // layout properties are applied when the children are
	}
}

// relayoutPadding gives a container its style's padding when that changed.
func relayoutPadding(w *Widget) {
	if l := layoutOf(w); l != w.box.Layout && !sameLayout(l, w.box.Layout) {
		w.box.Layout = l
		w.box.Refresh()
	}
}

// sameLayout compares layouts that are comparable values (stacks, grids).
func sameLayout(a, b fyne.Layout) bool {
	switch a.(type) {
	case stackLayout, gridLayout:
		return a == b
	}
	return false
}

// designOf is the design size a node is drawn at: a canvas with w and h
// has its own, everything else the one it is given.
func (b *builder) designOf(n *gopage.Node, design fyne.Size) fyne.Size {
	if n.Type == "canvas" && n.Props["w"] != nil && n.Props["h"] != nil {
		return fyne.NewSize(float32(num(n, "w", 0)), float32(num(n, "h", 0)))
	}
	return design
}

// childDesign is the design size a child of w is drawn at.
func childDesign(w *Widget, c *gopage.Node) fyne.Size {
	if w.Node.Type == "canvas" {
		p := placeOf(c)
		return fyne.NewSize(p.w, p.h)
	}
	return w.design
}

// layoutOf makes the layout of a container widget from its node and, for a
// canvas, its children's places.
func layoutOf(w *Widget) fyne.Layout {
	n := w.Node
	spacing, padding := float32(num(n, "spacing", 8)), float32(num(n, "padding", 0))
	if n.Type == "panel" {
		padding = float32(num(n, "padding", 10))
	}
	if c := w.computed; c != nil && c.Padding.Set && c.Padding.Unit == style.Px {
		padding = c.Padding.Value // a style's padding wins over the screen's
	}
	spacing, padding = spacing*w.scene.zoom, padding*w.scene.zoom
	switch n.Type {
	case "row":
		return stackLayout{spacing: spacing, padding: padding, align: parseAlign(str(n, "align", ""))}
	case "grid":
		return gridLayout{cols: max(int(num(n, "columns", 1)), 1), spacing: spacing, padding: padding}
	case "canvas":
		l := &absLayout{w: w.design.Width, h: w.design.Height}
		for _, c := range w.children {
			l.places = append(l.places, placeOf(c.Node))
		}
		return l
	case "panel":
		return stackLayout{vertical: true, spacing: spacing, padding: padding, align: parseAlign(str(n, "align", ""))}
	}
	return stackLayout{vertical: true, spacing: spacing, padding: padding, align: parseAlign(str(n, "align", ""))}
}

func objectsOf(ws []*Widget) []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(ws))
	for i, w := range ws {
		objs[i] = w.Object
	}
	return objs
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
