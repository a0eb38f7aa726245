package gopage

// Screen is one parsed .gopage file: one operator screen.
type Screen struct {
	Name   string   // `screen:`; defaults to the file name without directory and extension
	Title  string   // `title:`, shown in the window title and navigation
	Size   Size     // `size:`, the design size; defaults to DefaultWidth x DefaultHeight
	Styles []string // `styles:`, per-screen style sheets applied after the project's
	Root   *Node    // `root:`, the widget tree
	Pos    Pos      // position of the document
}

// Node is one widget.
type Node struct {
	Type         string
	ID           string
	Classes      []string         // static classes, in file order
	BoundClasses []BoundClass     // classes bound to expressions, in file order
	Style        []StyleDecl      // the inline `style:` map, raw, in file order
	Props        map[string]*Prop // every other key, typed by the catalog ([LookupWidget]); nil when there are none
	Children     []*Node
	Pos          Pos // position of the node's mapping
	// Path is the node's identity when ID is empty: the type and child index
	// of each step from the root, e.g. "root/2:tank/0:label". Always set.
	Path string
}

// Key returns the node's identity for diffs: its ID, or else its Path.
func (n *Node) Key() string {
	if n.ID != "" {
		return "#" + n.ID
	}
	return n.Path
}

// Prop returns the property called name, or nil.
func (n *Node) Prop(name string) *Prop { return n.Props[name] }

// BoundClass is a class that a widget has while an expression is true.
type BoundClass struct {
	Name string
	Expr string
	Pos  Pos // position of the first character of Expr
}

// StyleDecl is one entry of a node's inline `style:` map. Its value is kept
// raw for the style engine.
type StyleDecl struct {
	Property, Value string
	Pos, ValuePos   Pos
}

// Prop is one typed property. Which field holds the value depends on Kind:
//
//	Str     KindString, KindText, KindExpr, KindColor, KindEnum, KindTag, KindScreen, KindPath, KindDuration
//	Num     KindNumber, KindInt
//	Bool    KindBool
//	List    KindExprList, KindDurationList (with ListPos)
//	Points  KindPoints
//	Action  KindAction
//	Items   KindNavItems
//	Pens    KindPens
type Prop struct {
	Name string
	Kind Kind
	Pos  Pos // position of the key
	// ValuePos is the position of the first character of the value's
	// content: for a quoted scalar, one column after the quote. Adding a byte
	// offset inside a single-line scalar without escapes gives that byte's
	// column.
	ValuePos Pos
	Str      string
	Num      float64
	Bool     bool
	List     []string
	ListPos  []Pos
	Points   [][2]float64
	Action   *Action
	Items    []NavItem
	Pens     []Pen
}

// Action is what a control does when pressed: write a tag, go to a screen,
// or both (write first).
type Action struct {
	Write       *WriteAction
	Navigate    string
	NavigatePos Pos
	Confirm     string // when set, ask this question before acting
	// Login opens the login dialog: "password" (user name and password on
	// the on-screen keyboard) or "pin" (user name, then the PIN on the
	// numeric keypad); "" does not.
	Login string
	// Logout logs out whoever is logged in at the panel.
	Logout  bool
	Role    string // minimum role (operator, engineer, admin); checked by package hmi
	RolePos Pos
	Pos     Pos
}

// WriteAction writes the value of an expression to a tag.
type WriteAction struct {
	Tag, Value       string // Value is an expression, e.g. "true", "!Pump1.Run", "50"
	TagPos, ValuePos Pos
}

// NavItem is one entry of a navbar.
type NavItem struct {
	Screen, Text   string
	Pos, ScreenPos Pos
}

// Walk calls fn for every node, depth-first in pre-order. When fn returns
// false, Walk skips that node's children.
func (s *Screen) Walk(fn func(n *Node) bool) {
	if s != nil && s.Root != nil {
		walk(s.Root, fn)
	}
}

func walk(n *Node, fn func(n *Node) bool) {
	if !fn(n) {
		return
	}
	for _, c := range n.Children {
		walk(c, fn)
	}
}

// Node returns the node whose ID is idOrPath, or else whose Path is, or nil.
func (s *Screen) Node(idOrPath string) *Node {
	var byPath, byID *Node
	s.Walk(func(n *Node) bool {
		if n.ID == idOrPath && byID == nil {
			byID = n
		}
		if n.Path == idOrPath && byPath == nil {
			byPath = n
		}
		return byID == nil
	})
	if byID != nil {
		return byID
	}
	return byPath
}
