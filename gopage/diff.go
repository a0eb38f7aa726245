package gopage

import (
	"slices"
	"strconv"
)

// ChangeKind says what happened to a widget between two versions of a screen.
type ChangeKind uint8

const (
	Added   ChangeKind = iota + 1 // in the new screen only
	Removed                       // in the old screen only
	Changed                       // in both, with different properties, classes, style or children
	Moved                         // in both, under a different parent (it may also have changed)
)

func (k ChangeKind) String() string {
	switch k {
	case Added:
		return "added"
	case Removed:
		return "removed"
	case Changed:
		return "changed"
	case Moved:
		return "moved"
	}
	return "ChangeKind(" + strconv.Itoa(int(k)) + ")"
}

// Change is one widget's difference between two versions of a screen.
// Widgets are matched by identity ([Node.Key]: the id, else the type and
// index path), so giving widgets ids keeps edits around them small.
type Change struct {
	Kind ChangeKind
	Key  string
	Old  *Node    // nil when Added
	New  *Node    // nil when Removed
	What []string // Changed, Moved: the sorted names of what differs: props, and "type", "class", "style", "children"
}

// ScreenDiff is the difference between two versions of one screen.
type ScreenDiff struct {
	Title, Size, Styles bool     // screen-level fields that changed
	Changes             []Change // in the new tree's pre-order; removals last
}

// Empty reports whether the two versions are the same.
func (d *ScreenDiff) Empty() bool { return !d.Title && !d.Size && !d.Styles && len(d.Changes) == 0 }

// Diff compares two versions of a screen, ignoring positions (moving text
// around in the file is not a change).
func Diff(old, new *Screen) *ScreenDiff {
	d := &ScreenDiff{
		Title:  old.Title != new.Title,
		Size:   old.Size != new.Size,
		Styles: !slices.Equal(old.Styles, new.Styles),
	}
	before := index(old)
	seen := make(map[string]bool, len(before))
	walkParent(new.Root, nil, func(n, parent *Node) {
		seen[n.Key()] = true
		o, ok := before[n.Key()]
		if !ok {
			d.Changes = append(d.Changes, Change{Kind: Added, Key: n.Key(), New: n})
			return
		}
		what := nodeDiff(o.node, n)
		kind := Changed
		if keyOf(o.parent) != keyOf(parent) {
			kind = Moved
		}
		if kind == Moved || len(what) > 0 {
			d.Changes = append(d.Changes, Change{Kind: kind, Key: n.Key(), Old: o.node, New: n, What: what})
		}
	})
	walkParent(old.Root, nil, func(n, _ *Node) {
		if !seen[n.Key()] {
			d.Changes = append(d.Changes, Change{Kind: Removed, Key: n.Key(), Old: n})
		}
	})
	return d
}

type placed struct{ node, parent *Node }

func index(s *Screen) map[string]placed {
	m := map[string]placed{}
	walkParent(s.Root, nil, func(n, parent *Node) { m[n.Key()] = placed{n, parent} })
	return m
}

func walkParent(n, parent *Node, fn func(n, parent *Node)) {
	if n == nil {
		return
	}
	fn(n, parent)
	for _, c := range n.Children {
		walkParent(c, n, fn)
	}
}

func keyOf(n *Node) string {
	if n == nil {
		return ""
	}
	return n.Key()
}

// nodeDiff names what differs between two versions of one widget, not
// counting its children's own contents (they are compared on their own).
func nodeDiff(a, b *Node) []string {
	var what []string
	if a.Type != b.Type {
		what = append(what, "type")
	}
	if !slices.Equal(a.Classes, b.Classes) || !slices.EqualFunc(a.BoundClasses, b.BoundClasses, sameBoundClass) {
		what = append(what, "class")
	}
	if !slices.EqualFunc(a.Style, b.Style, sameStyleDecl) {
		what = append(what, "style")
	}
	if !slices.EqualFunc(a.Children, b.Children, func(x, y *Node) bool { return x.Key() == y.Key() }) {
		what = append(what, "children")
	}
	for name, p := range a.Props {
		if q, ok := b.Props[name]; !ok || !SameProp(p, q) {
			what = append(what, name)
		}
	}
	for name := range b.Props {
		if _, ok := a.Props[name]; !ok {
			what = append(what, name)
		}
	}
	slices.Sort(what)
	return what
}

// SameNode reports whether two nodes are equal ignoring positions,
// children included.
func SameNode(a, b *Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Key() == b.Key() && len(nodeDiff(a, b)) == 0 &&
		slices.EqualFunc(a.Children, b.Children, SameNode)
}

// SameProp reports whether two properties hold the same value, ignoring
// positions.
func SameProp(a, b *Prop) bool {
	return a.Name == b.Name && a.Kind == b.Kind && a.Str == b.Str && a.Num == b.Num && a.Bool == b.Bool &&
		slices.Equal(a.List, b.List) && slices.Equal(a.Points, b.Points) &&
		sameAction(a.Action, b.Action) &&
		slices.EqualFunc(a.Items, b.Items, func(x, y NavItem) bool { return x.Screen == y.Screen && x.Text == y.Text }) &&
		slices.EqualFunc(a.Pens, b.Pens, samePen)
}

func sameAction(a, b *Action) bool {
	if a == nil || b == nil {
		return a == b
	}
	if (a.Write == nil) != (b.Write == nil) || a.Write != nil && (a.Write.Tag != b.Write.Tag || a.Write.Value != b.Write.Value) {
		return false
	}
	return a.Navigate == b.Navigate && a.Login == b.Login && a.Logout == b.Logout && a.Confirm == b.Confirm && a.Role == b.Role
}

func sameBoundClass(a, b BoundClass) bool { return a.Name == b.Name && a.Expr == b.Expr }

func sameStyleDecl(a, b StyleDecl) bool { return a.Property == b.Property && a.Value == b.Value }
