package render

import (
	"slices"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/gopage"
)

// ApplyResult says what bringing a scene to a new version of its screen did.
type ApplyResult struct {
	Patched []*Widget // kept, with their static look patched in place
	Built   []*Widget // new: added, or built anew because a change could not be patched
	Removed []*Widget // gone from the scene
}

// Changes is how many widgets were patched, built or removed.
func (r ApplyResult) Changes() int { return len(r.Patched) + len(r.Built) + len(r.Removed) }

// Apply brings the live scene to ns, a new version of its screen, given
// the diff from the scene's current screen. Widgets are matched by identity:
// unchanged ones are not touched, changed ones are patched in place where
// their type allows (their Fyne objects and any state in them, such as text
// being typed, survive), and only added widgets, or those whose change
// cannot be patched, are built. It runs on the UI goroutine.
func (s *Scene) Apply(ns *gopage.Screen, d *gopage.ScreenDiff, opts Options) ApplyResult {
	if opts.Palette.Text == nil {
		opts.Palette = s.palette
	}
	var res ApplyResult
	old := s.byKey
	oldOrder := s.order
	s.byKey, s.order = make(map[string]*Widget, len(old)), oldOrder[:0:0]
	s.Screen = ns
	if d.Size {
		s.frame.Layout = designLayout{float32(ns.Size.W), float32(ns.Size.H), s}
	}
	changes := make(map[string]gopage.Change, len(d.Changes))
	for _, c := range d.Changes {
		if c.Kind != gopage.Removed {
			changes[c.Key] = c
		}
	}
	r := &reconciler{s: s, b: &builder{opts: opts, scene: s}, old: old, changes: changes, res: &res, size: d.Size}
	if ns.Root != nil {
		root := r.node(ns.Root, fyne.NewSize(float32(ns.Size.W), float32(ns.Size.H)), nil)
		if root != s.root || d.Size {
			s.root = root
			s.frame.Objects = []fyne.CanvasObject{s.zoomed(root.Object)}
			r.relayout = append(r.relayout, s.frame)
		}
	}
	live := make(map[*Widget]bool, len(s.order))
	for _, w := range s.order {
		live[w] = true
	}
	for _, w := range oldOrder {
		if !live[w] {
			res.Removed = append(res.Removed, w)
		}
	}
	s.restyleApplied(res, r.moved)
	// Laid out once styled, as Build does: symbols size their parts from
	// the text size a style may set when they are laid out.
	for _, c := range r.relayout {
		c.Refresh()
	}
	return res
}

// restyleApplied tells the style manager what Apply did, then gives every
// widget whose computed style changed its new one.
//
// The manager links an element to its parent once, when it is added, and
// drops an element's registered descendants with it. So a kept widget that
// moved to another parent leaves with its subtree, and every widget that is
// then unregistered (those, the kept children of a removed widget, the
// built ones) joins again in tree order, under its parent of now. Patched
// widgets have their inline style and classes looked at again. The
// manager's Add recomputes descendants whose inherited values changed
// without returning patches for them, so instead of collecting patches
// every widget is compared with its computed style (restyle does nothing
// when that is the one it has).
func (s *Scene) restyleApplied(res ApplyResult, moved []*Widget) {
	if s.styles == nil {
		return
	}
	for _, w := range res.Removed {
		s.styles.Remove(w)
		delete(s.blinking, w)
		s.blinkCount.Store(int32(len(s.blinking)))
	}
	for _, w := range moved {
		s.styles.Remove(w)
	}
	joined := map[*Widget]bool{}
	for _, w := range s.order {
		if s.styles.Computed(w) == nil {
			joined[w] = true
			s.styles.Add(w, inlineDecls(w.Node))
		}
	}
	for _, w := range res.Patched {
		if !joined[w] {
			s.styles.Add(w, inlineDecls(w.Node))
			s.styles.Changed(w) // classes: descendants matched through w
		}
	}
	for _, w := range s.order {
		s.restyle(w)
	}
}

type reconciler struct {
	s        *Scene
	b        *builder
	old      map[string]*Widget
	changes  map[string]gopage.Change
	res      *ApplyResult
	size     bool              // the design size changed: every canvas is laid out again
	moved    []*Widget         // kept widgets under another parent than before
	relayout []*fyne.Container // to lay out again after styling, inner ones first
}

func (r *reconciler) node(n *gopage.Node, design fyne.Size, parent *Widget) *Widget {
	w := r.old[n.Key()]
	c, changed := r.changes[n.Key()]
	if w == nil || !r.patch(w, n, c, changed) {
		from := len(r.s.order)
		w = r.b.node(n, design)
		w.parent = parent
		r.res.Built = append(r.res.Built, r.s.order[from:]...)
		return w
	}
	if w.parent != parent {
		r.moved = append(r.moved, w)
	}
	w.parent = parent
	r.s.order = append(r.s.order, w)
	r.s.byKey[n.Key()] = w
	if n.ID != "" {
		r.s.byKey[n.ID] = w
	}
	if w.box != nil {
		r.children(w, n, design, changed || r.size)
	}
	return w
}

// patch updates a kept widget to its new node; false means build it anew.
func (r *reconciler) patch(w *Widget, n *gopage.Node, c gopage.Change, changed bool) bool {
	if w.Node.Type != n.Type {
		return false
	}
	prev := w.Node
	w.Node = n
	if !changed {
		return true
	}
	if slices.Contains(c.What, "type") || w.update == nil || !w.update(n, c.What) {
		w.Node = prev
		return false
	}
	for name := range w.classes {
		// A class no longer bound is off: the binder no longer feeds it.
		if !slices.ContainsFunc(n.BoundClasses, func(b gopage.BoundClass) bool { return b.Name == name }) {
			delete(w.classes, name)
		}
	}
	for _, p := range c.What {
		if pr := n.Props[p]; pr != nil && pr.Kind == gopage.KindText && bound(n, p) {
			// A text that is bound now reads as Build shows it: blank
			// until the binder, which binds patched widgets again, has a
			// value (the widgets' updates leave bound texts alone).
			w.Set(p, "")
		}
	}
	r.res.Patched = append(r.res.Patched, w)
	return true
}

// children reconciles a container's children and, when their list, order
// or places changed, gives the container its new objects and layout.
func (r *reconciler) children(w *Widget, n *gopage.Node, design fyne.Size, relayout bool) {
	w.design = r.b.designOf(n, design)
	kids := make([]*Widget, len(n.Children))
	for i, cn := range n.Children {
		k := r.node(cn, childDesign(w, cn), w)
		if i >= len(w.children) || w.children[i] != k {
			relayout = true
		}
		if c, ok := r.changes[cn.Key()]; ok && movesItself(c.What) {
			relayout = true
		}
		kids[i] = k
	}
	if len(kids) != len(w.children) {
		relayout = true
	}
	w.children = kids
	if relayout {
		w.box.Objects = objectsOf(kids)
		w.box.Layout = layoutOf(w)
		r.relayout = append(r.relayout, w.box)
	}
}

// movesItself reports whether a change moves or resizes the widget within
// its parent's layout.
func movesItself(what []string) bool {
	for _, p := range what {
		switch p {
		case "x", "y", "w", "h", "points", "visible":
			return true
		}
	}
	return false
}
