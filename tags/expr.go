package tags

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/gohmi/gohmi/internal/suggest"
)

// ExprError is a problem in an expression's source.
type ExprError struct {
	Offset int // byte offset into the source, 0-based; at most len(source)
	Msg    string
}

// Error returns "offset N: message". Callers that know where the expression
// sits in a file add the offset to that position and print Msg.
func (e *ExprError) Error() string {
	return "offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Env is the compile environment of expressions: the known tags and their
// types. It is immutable and safe for concurrent use.
type Env struct {
	types map[string]any // tag name → zero value of its Go type, for expr's type checker
	tt    map[string]Type
	names []string // sorted, for did-you-mean

	once sync.Once
	conf *conf.Config // built by once; copied by config
}

// NewEnv returns an environment in which expressions can read the tags
// defs. Names should follow the rules of [DB.Define]; when a name is a
// dotted prefix of another, the shorter one wins in expressions.
func NewEnv(defs []Def) *Env {
	e := &Env{types: make(map[string]any, len(defs)), tt: make(map[string]Type, len(defs))}
	for _, d := range defs {
		e.types[d.Name] = d.Type.Zero()
		e.tt[d.Name] = d.Type
		e.names = append(e.names, d.Name)
	}
	sort.Strings(e.names)
	return e
}

// Expr is a compiled expression over tags. It is safe for concurrent use.
type Expr struct {
	Src  string
	Deps []string // tag names the expression reads, sorted

	prog  *vm.Program
	types []Type    // Deps[i]'s type
	pool  sync.Pool // of *evalState
}

// Compile parses, checks and compiles src once. Tags are written as dotted
// names (Tank1.Level); besides expr's operators, conditionals and builtins
// (github.com/expr-lang/expr), the functions format, round, clamp and scale
// are available (see the package documentation). The error is an [*ExprError] describing
// the first problem: a syntax or type error, or an unknown tag with a
// suggestion, at the start of the reference.
func (e *Env) Compile(src string) (*Expr, error) {
	x, err := e.compile(src)
	if err != nil {
		return nil, err
	}
	return x, nil
}

func (e *Env) compile(src string) (*Expr, *ExprError) {
	config := e.config()
	tree, err := parser.ParseWithConfig(src, config)
	if err != nil {
		return nil, toExprError(src, err)
	}
	r := resolver{env: e, src: src, lets: map[string]bool{}, deps: map[string]bool{}}
	r.walk(&tree.Node)
	if r.err != nil {
		return nil, r.err
	}
	t, err := new(checker.Checker).PatchAndCheck(tree, config)
	if err != nil {
		return nil, toExprError(src, err)
	}
	if !scalarType(t) {
		return nil, &ExprError{Offset: 0, Msg: "expression gives " + kindName(t) + ", not a bool, number or text"}
	}
	if err := optimizer.Optimize(&tree.Node, config); err != nil {
		return nil, toExprError(src, err)
	}
	prog, err := compiler.Compile(tree, config)
	if err != nil {
		return nil, toExprError(src, err)
	}
	x := &Expr{Src: src, prog: prog}
	for name := range r.deps {
		x.Deps = append(x.Deps, name)
	}
	slices.Sort(x.Deps)
	for _, name := range x.Deps {
		x.types = append(x.types, e.tt[name])
	}
	x.pool.New = func() any {
		return &evalState{vm: vm.VM{MemoryBudget: MemoryBudget}, env: make(map[string]any, len(x.Deps))}
	}
	return x, nil
}

// config builds expr's configuration: the tags as a flat map of dotted
// names (so compiled code loads them with expr's fast map opcode) and our
// functions, which override expr's builtin round.
//
// Building it walks every tag's type, which costs more than compiling a
// short expression (profiling a 500-widget screen reload showed 40% of the
// time here), so it is built once per Env and copied for each compile.
func (e *Env) config() *conf.Config {
	e.once.Do(func() { e.conf = e.buildConfig() })
	c := *e.conf
	return &c
}

func (e *Env) buildConfig() *conf.Config {
	config := conf.CreateNew()
	config.MaxNodes = MaxNodes
	opts := append(functionOptions(), expr.Env(e.types))
	for _, opt := range opts {
		opt(config)
	}
	boundedFunctions(config)
	for name := range config.Disabled {
		delete(config.Builtins, name)
	}
	config.Check()
	return config
}

// toExprError converts expr's errors, whose positions count runes, into an
// ExprError at a byte offset.
func toExprError(src string, err error) *ExprError {
	var fe *file.Error
	if !errors.As(err, &fe) {
		return &ExprError{Offset: 0, Msg: err.Error()}
	}
	if fe.Message == "unexpected token EOF" {
		// expr places the end of input on the last character; an editor's
		// caret belongs after it.
		return &ExprError{Offset: len(src), Msg: strings.TrimSpace(fe.Message)}
	}
	return &ExprError{Offset: byteOffset(src, fe.From), Msg: strings.TrimSpace(fe.Message)}
}

// byteOffset converts a rune offset into src to a byte offset within
// 0..len(src).
func byteOffset(src string, runes int) int {
	if runes <= 0 {
		return 0
	}
	n := 0
	for i := range src {
		if n == runes {
			return i
		}
		n++
	}
	return len(src)
}

// resolver rewrites each member chain that names a tag (Tank1.Level) into
// one identifier of the flat environment, and reports unknown tags.
type resolver struct {
	env  *Env
	src  string
	lets map[string]bool // names declared with let; scoping is ignored (lenient)
	deps map[string]bool
	loop int        // closures (of map, all, filter...) around the node walked
	err  *ExprError // first problem in source order
}

func (r *resolver) walk(np *ast.Node) {
	if *np == nil {
		return
	}
	switch n := (*np).(type) {
	case *ast.IdentifierNode, *ast.MemberNode:
		if r.chain(np) {
			return
		}
	case *ast.CallNode:
		if _, named := n.Callee.(*ast.IdentifierNode); !named {
			r.walk(&n.Callee) // a function name is not a tag
		}
		for i := range n.Arguments {
			r.walk(&n.Arguments[i])
		}
		return
	case *ast.VariableDeclaratorNode:
		r.walk(&n.Value)
		r.lets[n.Name] = true
		r.walk(&n.Expr)
		return
	case *ast.PredicateNode:
		if r.loop++; r.loop > maxLoopDepth {
			r.fail(n.Location().From, "a loop (map, all, filter...) inside another one is not allowed in tag expressions: it can take too long")
		}
		r.walk(&n.Node)
		r.loop--
		return
	}
	for _, c := range children(*np) {
		r.walk(c)
	}
}

// chain handles an identifier with zero or more .name members. It
// returns false when *np is not such a chain (the caller then walks its
// children).
func (r *resolver) chain(np *ast.Node) bool {
	var nodes []*ast.Node // outermost first
	var segs []string     // innermost first
	for cur := np; ; {
		switch n := (*cur).(type) {
		case *ast.MemberNode:
			prop, ok := n.Property.(*ast.StringNode)
			if !ok || n.Method {
				return false
			}
			nodes, segs = append(nodes, cur), append(segs, prop.Value)
			cur = &n.Node
			continue
		case *ast.IdentifierNode:
			nodes, segs = append(nodes, cur), append(segs, n.Value)
			slices.Reverse(segs)
			return r.resolve(nodes, segs, n.Location().From)
		}
		return false
	}
}

// resolve patches the shortest prefix of segs that names a tag; prefixes
// cannot nest in a DB, so it is the only one.
func (r *resolver) resolve(nodes []*ast.Node, segs []string, from int) bool {
	if r.lets[segs[0]] {
		return true
	}
	if strings.HasPrefix(segs[0], "$") {
		// $env would see only the tags the expression names; refuse it
		// rather than let it read nil for the others.
		r.fail(from, segs[0]+" is not available in tag expressions; write tag names directly")
		return true
	}
	for k := 1; k <= len(segs); k++ {
		name := strings.Join(segs[:k], ".")
		if _, ok := r.env.tt[name]; !ok {
			continue
		}
		np := nodes[len(nodes)-k]
		to := (*np).Location().To
		*np = &ast.IdentifierNode{Value: name}
		(*np).SetLocation(file.Location{From: from, To: to})
		r.deps[name] = true
		return true
	}
	name := strings.Join(segs, ".")
	r.fail(from, "unknown tag "+strconv.Quote(name)+suggest.DidYouMean(name, r.env.names))
	return true
}

func (r *resolver) fail(runeOff int, msg string) {
	off := byteOffset(r.src, runeOff)
	if r.err == nil || off < r.err.Offset {
		r.err = &ExprError{Offset: off, Msg: msg}
	}
}

// children lists the child slots of a node, as ast.Walk visits them.
func children(node ast.Node) []*ast.Node {
	switch n := node.(type) {
	case *ast.UnaryNode:
		return []*ast.Node{&n.Node}
	case *ast.BinaryNode:
		return []*ast.Node{&n.Left, &n.Right}
	case *ast.ChainNode:
		return []*ast.Node{&n.Node}
	case *ast.MemberNode:
		return []*ast.Node{&n.Node, &n.Property}
	case *ast.SliceNode:
		return []*ast.Node{&n.Node, &n.From, &n.To}
	case *ast.CallNode:
		return append([]*ast.Node{&n.Callee}, slots(n.Arguments)...)
	case *ast.BuiltinNode:
		return slots(n.Arguments)
	case *ast.PredicateNode:
		return []*ast.Node{&n.Node}
	case *ast.VariableDeclaratorNode:
		return []*ast.Node{&n.Value, &n.Expr}
	case *ast.SequenceNode:
		return slots(n.Nodes)
	case *ast.ConditionalNode:
		return []*ast.Node{&n.Cond, &n.Exp1, &n.Exp2}
	case *ast.ArrayNode:
		return slots(n.Nodes)
	case *ast.MapNode:
		return slots(n.Pairs)
	case *ast.PairNode:
		return []*ast.Node{&n.Key, &n.Value}
	}
	return nil
}

func slots(nodes []ast.Node) []*ast.Node {
	out := make([]*ast.Node, len(nodes))
	for i := range nodes {
		out[i] = &nodes[i]
	}
	return out
}
