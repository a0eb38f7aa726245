package style

import (
	"slices"
	"sync"
)

// Env is what @theme and @media test: the active theme and the panel's
// size in design pixels.
type Env struct {
	Theme         string
	Width, Height float64
}

// Patch is one computed property of one element that changed: what render
// applies to a live widget. Old and New are [Computed.Get] texts.
type Patch struct {
	Element  Element
	Property string
	Old, New string
}

// Stats counts the work of the last call to a [Manager] method.
type Stats struct {
	Matched    int // elements whose selectors were tested to find what changed
	Recomputed int // elements whose cascade ran
	Patches    int // patches returned
}

// Manager keeps the computed style of every registered element and keeps
// it current, with the least work, as sheets, the environment, classes and
// states change. It is safe for concurrent use; its methods call the
// [Element]s only while they run.
//
// Invariant: every registered element's Computed is what a full cascade
// over the current sheets and Env would give. Each change method finds the
// elements a change can affect, recomputes only those (and their
// descendants where an inherited value changed) and returns [Patch]es for
// the typed properties whose value changed, in tree order and
// [Properties] order.
type Manager struct {
	mu     sync.Mutex // guards every field below
	sheets []*Sheet
	env    Env
	rs     *ruleSet
	nodes  map[Element]*node
	roots  []*node
	stats  Stats
	buf    []*centry // scratch for match
}

// node is a registered element.
type node struct {
	e        Element
	parent   *node
	children []*node
	inline   []cdecl
	comp     *Computed
	matched  []*centry // the active selectors matching e when comp was computed
}

// NewManager returns a manager for sheets, applied in order, in env.
func NewManager(sheets []*Sheet, env Env) *Manager {
	return &Manager{
		sheets: slices.Clone(sheets),
		env:    env,
		rs:     compile(sheets, env),
		nodes:  map[Element]*node{},
	}
}

// Add registers e with its inline declarations (a widget's style: map, as
// validated by [ParseInline]; invalid ones are ignored) and computes its
// style at once. Register parents before children: an element whose parent
// is not registered is a root for inheritance. Adding an element again
// replaces its inline declarations.
func (m *Manager) Add(e Element, inline []Decl) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stats = Stats{}
	n := m.nodes[e]
	if n == nil {
		n = &node{e: e, parent: m.nodes[e.Parent()]}
		if n.parent != nil {
			n.parent.children = append(n.parent.children, n)
		} else {
			m.roots = append(m.roots, n)
		}
		m.nodes[e] = n
	}
	n.inline = make([]cdecl, len(inline))
	for i, d := range inline {
		n.inline[i] = compileDecl(d)
	}
	m.update([]*node{n}, func(x *node) bool { return x == n })
}

// Remove unregisters e and its registered descendants.
func (m *Manager) Remove(e Element) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.nodes[e]
	if n == nil {
		return
	}
	if n.parent != nil {
		n.parent.children = slices.DeleteFunc(n.parent.children, func(x *node) bool { return x == n })
	} else {
		m.roots = slices.DeleteFunc(m.roots, func(x *node) bool { return x == n })
	}
	var drop func(*node)
	drop = func(x *node) {
		delete(m.nodes, x.e)
		for _, c := range x.children {
			drop(c)
		}
	}
	drop(n)
}

// Computed returns e's style, or nil when e is not registered. The result
// is not changed later; a change makes a new one.
func (m *Manager) Computed(e Element) *Computed {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := m.nodes[e]; n != nil {
		return n.comp
	}
	return nil
}

// Stats returns the counters of the last call.
func (m *Manager) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stats
}

// SetSheets replaces the sheets. Only the rules [DiffSheets] reports (added,
// removed, changed or moved) can change a style: the elements any of them
// matches, before or after, are recomputed, and their descendants where an
// inherited value changed.
func (m *Manager) SetSheets(sheets []*Sheet) []Patch {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stats = Stats{}
	changed, pair := diffRules(flatten(m.sheets), flatten(sheets))
	m.sheets = slices.Clone(sheets)
	m.rs = compile(sheets, m.env)
	m.remap(pair)
	var sels []*Selector
	for _, r := range changed {
		if r.Active(m.env) {
			sels = append(sels, r.Selectors...)
		}
	}
	if len(sels) == 0 {
		return nil
	}
	return m.update(m.roots, m.matchedBy(sels))
}

// SetEnv switches the theme or resizes the panel: the rules whose @theme or
// @media conditions flip are the changed rules.
func (m *Manager) SetEnv(env Env) []Patch {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stats = Stats{}
	m.env = env
	var sels []*Selector
	for _, cr := range m.rs.rules {
		if a := cr.rule.Active(env); a != cr.active {
			cr.active = a
			sels = append(sels, cr.rule.Selectors...)
		}
	}
	if len(sels) == 0 {
		return nil
	}
	return m.update(m.roots, m.matchedBy(sels))
}

// Changed tells the manager that a class or state of e toggled. It
// recomputes e; then, when some selector tests an ancestor's class or
// state, it re-matches e's descendants and recomputes those whose matched
// rules changed; and any descendant whose inherited values changed.
func (m *Manager) Changed(e Element) []Patch {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stats = Stats{}
	n := m.nodes[e]
	if n == nil {
		return nil
	}
	return m.update([]*node{n}, func(x *node) bool {
		if x == n {
			return true
		}
		if !m.rs.ancestorSensitive {
			return false
		}
		m.stats.Matched++
		m.buf = m.rs.match(x.e, m.buf)
		return !slices.Equal(m.buf, x.matched)
	})
}

// matchedBy returns a dirty test: the element matches one of sels.
func (m *Manager) matchedBy(sels []*Selector) func(*node) bool {
	return func(x *node) bool {
		m.stats.Matched++
		for _, s := range sels {
			if s.Matches(x.e) {
				return true
			}
		}
		return false
	}
}

// update walks the subtrees at starts in tree order, recomputing the nodes
// for which dirty is true and the children of nodes whose inherited values
// changed, and returns the patches.
func (m *Manager) update(starts []*node, dirty func(*node) bool) []Patch {
	var patches []Patch
	var walk func(n *node, parentChanged bool)
	walk = func(n *node, parentChanged bool) {
		changed := false
		if parentChanged || dirty(n) {
			patches, changed = m.recompute(n, patches)
		}
		for _, c := range n.children {
			walk(c, changed)
		}
	}
	for _, n := range starts {
		walk(n, false)
	}
	m.stats.Patches = len(patches)
	return patches
}

// recompute runs n's cascade, appends its patches and reports whether the
// values it passes to children changed.
func (m *Manager) recompute(n *node, patches []Patch) ([]Patch, bool) {
	var parent *Computed
	if n.parent != nil {
		parent = n.parent.comp
	}
	old := n.comp
	n.matched = m.rs.match(n.e, nil)
	n.comp = cascade(n.matched, n.inline, parent)
	m.stats.Recomputed++
	if old == nil { // just added: nothing on screen to patch
		return patches, true
	}
	return diff(patches, n.e, old, n.comp), !old.inheritedEqual(n.comp)
}

// remap points the cached matched lists at the new rule set's entries of
// the rules that survived, so that Changed compares like with like.
func (m *Manager) remap(pair []int) {
	for _, n := range m.nodes {
		out := n.matched[:0:0]
		for _, en := range n.matched {
			if j := pair[en.r.order]; j >= 0 && en.idx < len(m.rs.rules[j].entries) {
				if ne := m.rs.rules[j].entries[en.idx]; ne.r.active {
					out = append(out, ne)
				}
			}
		}
		n.matched = out
	}
}

func flatten(sheets []*Sheet) []*Rule {
	var out []*Rule
	for _, s := range sheets {
		if s != nil {
			out = append(out, s.Rules...)
		}
	}
	return out
}
