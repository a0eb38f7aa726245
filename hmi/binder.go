package hmi

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/tags"
)

// Binder feeds tag values into the widgets of the screen on show. It
// subscribes to the tag database, coalesces every update that arrived since
// the last frame, re-evaluates only the bindings that read a changed tag,
// drops results that did not change, and hands what is left to the UI
// goroutine as one batch: at most one batch per frame, however many updates.
type Binder struct {
	db    *tags.DB
	env   *tags.Env
	ui    func(func())
	log   *slog.Logger
	clk   clock.Clock
	frame time.Duration

	mu      sync.Mutex    // guards ops, waiting, stopped
	ops     []func()      // work posted by the UI goroutine, run by Run in order
	waiting []func()      // afterSettled's, run by Run after the ops (binder_hold.go)
	stopped bool          // Run returned: afterSettled runs its function at once
	postc   chan struct{} // capacity 1: ops or waiting are pending

	// Owned by the Run goroutine.
	sub     *tags.Subscription
	cache   map[string]*tags.Expr // compiled expressions by source
	byTag   map[string][]*binding
	widgets map[*render.Widget][]*binding
	dirty   map[*binding]struct{}
	buf     []tags.Update

	alarmTags  map[string]render.AlarmState         // from SetAlarmTags
	alarmShown map[*render.Widget]render.AlarmState // what each widget was given
	alarmDirty bool                                 // widgets or alarm states changed since the last batch
	hadAlarms  bool                                 // some tag was ever in an alarm state: cached scenes may show one

	hold    frameHolder // the window's frames, held while a batch is coming (binder_hold.go); nil: none
	holding bool        // hold is held
	settled []func()    // run when the coming batch is applied (whenSettled)

	updates, batches, applied atomic.Int64
}

// BinderStats count what the binder absorbed and what reached the screen.
type BinderStats struct {
	Updates int64 // tag updates taken from the database
	Batches int64 // UI batches (at most one per frame)
	Applied int64 // property values set on widgets
}

// binding is one bound property (or bound class) of one widget.
type binding struct {
	w     *render.Widget
	prop  string // property name, or "" for a class
	class string
	parts []part // one expression part for Expr props; literals and expressions for Text

	last     any
	q        tags.Quality
	reason   string
	assigned bool
	failing  bool       // the last evaluation failed, and was logged
	failedAt gopage.Pos // where it failed: a failure elsewhere is logged again
}

type part struct {
	lit string
	x   *tags.Expr
	pos gopage.Pos // where x's source starts in its file
}

// newBinder returns a binder; ui runs a function on the UI goroutine and
// returns when it has run.
func newBinder(db *tags.DB, env *tags.Env, ui func(func()), log *slog.Logger, clk clock.Clock) *Binder {
	return &Binder{
		db: db, env: env, ui: ui, log: log, clk: clk,
		frame: time.Second / 60,
		postc: make(chan struct{}, 1),
		cache: map[string]*tags.Expr{},
		dirty: map[*binding]struct{}{},
	}
}

// Show makes s the scene the binder feeds. It runs on the UI goroutine and
// does not block: the widgets and their nodes are captured now, bound later
// by the binder's goroutine.
func (b *Binder) Show(s *render.Scene) {
	ws := snapshot(s.Widgets())
	b.post(func() { b.bind(ws) })
}

// Reconcile follows a scene that a reload patched (render.Scene.Apply):
// bindings of removed widgets go, those of patched and built widgets are
// made again, and every other binding, with its last value, stays. It runs
// on the UI goroutine, after the Apply.
func (b *Binder) Reconcile(res render.ApplyResult) {
	gone := snapshot(res.Removed)
	fresh := snapshot(append(slices.Clone(res.Patched), res.Built...))
	b.post(func() { b.reconcile(gone, fresh) })
}

// SetEnv swaps the expression environment after the tags changed, and
// rebinds the widgets on show.
func (b *Binder) SetEnv(env *tags.Env, s *render.Scene) {
	ws := snapshot(s.Widgets())
	b.post(func() {
		b.env = env
		clear(b.cache)
		b.bind(ws)
	})
}

// widgetNode is a widget with the node it had when the UI goroutine handed
// it over: the binder never reads Widget.Node itself, which reloads change.
type widgetNode struct {
	w *render.Widget
	n *gopage.Node
}

func snapshot(ws []*render.Widget) []widgetNode {
	out := make([]widgetNode, len(ws))
	for i, w := range ws {
		out[i] = widgetNode{w, w.Node}
	}
	return out
}

func (b *Binder) post(op func()) {
	b.mu.Lock()
	b.ops = append(b.ops, op)
	b.mu.Unlock()
	select {
	case b.postc <- struct{}{}:
	default:
	}
}

// Stats returns the binder's counters.
func (b *Binder) Stats() BinderStats {
	return BinderStats{Updates: b.updates.Load(), Batches: b.batches.Load(), Applied: b.applied.Load()}
}

// Run feeds widgets until ctx is done.
func (b *Binder) Run(ctx context.Context) error {
	b.sub = b.db.Subscribe(nil)
	defer b.sub.Close()
	timer := b.clk.NewTimer(time.Hour)
	defer timer.Stop()
	defer b.stop()
	var next time.Time
	for {
		var tick <-chan time.Time
		b.holdFrame()
		if len(b.dirty) > 0 || b.alarmDirty {
			if wait := next.Sub(b.clk.Now()); wait > 0 {
				timer.Reset(wait)
				tick = timer.C()
			} else {
				// Pace from the start of a batch, so that a change waits
				// at most one frame however long the batch took.
				started := b.clk.Now()
				if b.flush() {
					next = started.Add(b.frame)
				}
				b.batchDone()
				continue
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-b.postc:
			b.mu.Lock()
			ops := b.ops
			b.ops = nil
			b.mu.Unlock()
			for _, op := range ops {
				op()
			}
			b.takeWaiting()
		case <-b.sub.C():
			b.absorb()
		case <-tick:
		}
	}
}

// absorb takes every pending update and marks the bindings that read them.
func (b *Binder) absorb() {
	b.buf = b.sub.Take(b.buf[:0])
	b.updates.Add(int64(len(b.buf)))
	for _, u := range b.buf {
		for _, bd := range b.byTag[u.Name] {
			b.dirty[bd] = struct{}{}
		}
	}
}

// bind indexes the bindings of a scene's widgets and marks them all dirty,
// so that the screen gets every current value on its first frame.
func (b *Binder) bind(ws []widgetNode) {
	b.widgets = map[*render.Widget][]*binding{}
	clear(b.dirty)
	for _, wn := range ws {
		b.widgets[wn.w] = b.bindingsOf(wn.w, wn.n)
		for _, bd := range b.widgets[wn.w] {
			b.dirty[bd] = struct{}{}
		}
	}
	b.index()
	clear(b.alarmShown) // a new screen's widgets show no alarm state yet
	b.alarmDirty = true
}

// reconcile drops the bindings of gone widgets and remakes those of fresh
// ones, keeping a binding (and its last value) whose source did not change.
func (b *Binder) reconcile(gone, fresh []widgetNode) {
	for _, wn := range gone {
		for _, bd := range b.widgets[wn.w] {
			delete(b.dirty, bd)
		}
		delete(b.widgets, wn.w)
	}
	for _, wn := range fresh {
		old := b.widgets[wn.w]
		var now []*binding
		for _, bd := range b.bindingsOf(wn.w, wn.n) {
			if same := sameBinding(old, bd); same != nil {
				bd = same
			} else {
				b.dirty[bd] = struct{}{}
			}
			now = append(now, bd)
		}
		for _, bd := range old {
			if !slices.Contains(now, bd) {
				delete(b.dirty, bd)
			}
		}
		b.widgets[wn.w] = now
	}
	b.index()
	b.alarmDirty = true // patched widgets may read other tags now
}

// sameBinding finds in old a binding of the same property and sources.
func sameBinding(old []*binding, bd *binding) *binding {
	for _, o := range old {
		if o.prop == bd.prop && o.class == bd.class && slices.EqualFunc(o.parts, bd.parts, func(x, y part) bool {
			return x.lit == y.lit && x.x == y.x // compiled expressions are cached by source
		}) {
			return o
		}
	}
	return nil
}

// index rebuilds the tag → bindings index.
func (b *Binder) index() {
	b.byTag = map[string][]*binding{}
	for _, bds := range b.widgets {
		for _, bd := range bds {
			for _, p := range bd.parts {
				if p.x == nil {
					continue
				}
				for _, dep := range p.x.Deps {
					b.byTag[dep] = append(b.byTag[dep], bd)
				}
			}
		}
	}
}

// bindingsOf compiles the bound properties of one widget. Expressions that
// do not compile were reported by Load and are left out here.
func (b *Binder) bindingsOf(w *render.Widget, n *gopage.Node) []*binding {
	var out []*binding
	add := func(bd *binding, srcs ...part) {
		bd.w = w
		bd.parts = srcs
		out = append(out, bd)
	}
	for _, name := range sortedKeys(n.Props) {
		p := n.Props[name]
		switch p.Kind {
		case gopage.KindExpr:
			if x := b.compile(p.Str); x != nil {
				add(&binding{prop: name}, part{x: x, pos: p.ValuePos})
			}
		case gopage.KindText:
			if parts := b.textParts(p.Str, p.ValuePos); parts != nil {
				add(&binding{prop: name}, parts...)
			}
		}
	}
	if (n.Type == "toggle" || n.Type == "entry") && n.Props["value"] == nil {
		if p := n.Props["tag"]; p != nil {
			if x := b.compile(p.Str); x != nil {
				add(&binding{prop: "value"}, part{x: x, pos: p.ValuePos})
			}
		}
	}
	for _, bc := range n.BoundClasses {
		if x := b.compile(bc.Expr); x != nil {
			add(&binding{class: bc.Name}, part{x: x, pos: bc.Pos})
		}
	}
	return out
}

func (b *Binder) compile(src string) *tags.Expr {
	if x, ok := b.cache[src]; ok {
		return x
	}
	x, err := b.env.Compile(src)
	if err != nil {
		b.log.Debug("binding left out", "expr", src, "err", err)
	}
	b.cache[src] = x
	return x
}

// textParts splits "Level {Tank1.Level} %" into parts; nil when the text has
// no expression (it is static) or does not compile.
func (b *Binder) textParts(s string, pos gopage.Pos) []part {
	split, err := gopage.SplitText(s)
	if err != nil {
		return nil
	}
	var parts []part
	dynamic := false
	for _, sp := range split {
		if sp.Expr == "" {
			parts = append(parts, part{lit: sp.Lit})
			continue
		}
		x := b.compile(sp.Expr)
		if x == nil {
			return nil
		}
		dynamic = true
		parts = append(parts, part{x: x, pos: offset(pos, sp.Offset)})
	}
	if !dynamic {
		return nil
	}
	return parts
}

// patch is one change for the UI goroutine.
type patch struct {
	w      *render.Widget
	prop   string
	class  string
	v      any
	status bool // a status change: st, why
	alarm  bool // an alarm state change: as
	as     render.AlarmState
	st     symbol.Status
	why    string
}

// flush evaluates the dirty bindings and applies what changed in one UI
// batch. It reports whether a batch was sent.
func (b *Binder) flush() bool {
	patches, touched := b.evaluate(nil)
	patches = b.statuses(patches, touched)
	patches = b.alarmPatches(patches)
	if len(patches) == 0 {
		return false
	}
	release := b.handOverHold()
	b.ui(func() {
		b.apply(patches)
		release() // on the UI goroutine: the frame may be painted at once
	})
	b.batches.Add(1)
	b.applied.Add(int64(len(patches)))
	return true
}

func (b *Binder) evaluate(patches []patch) ([]patch, map[*render.Widget]bool) {
	touched := map[*render.Widget]bool{}
	for bd := range b.dirty {
		v, q, why := b.evalBinding(bd)
		same := tags.Equal(v, bd.last)
		if bd.assigned && same && q == bd.q && why == bd.reason {
			continue
		}
		qualityChanged := !bd.assigned || q != bd.q || why != bd.reason
		valueChanged := !bd.assigned || !same
		bd.last, bd.q, bd.reason, bd.assigned = v, q, why, true
		if qualityChanged {
			touched[bd.w] = true
		}
		if valueChanged {
			patches = append(patches, patch{w: bd.w, prop: bd.prop, class: bd.class, v: v})
		}
	}
	clear(b.dirty)
	return patches, touched
}

// statuses puts a status patch for each touched widget before its values:
// a widget shows the worst quality of the bindings it displays.
func (b *Binder) statuses(patches []patch, touched map[*render.Widget]bool) []patch {
	if len(touched) == 0 {
		return patches
	}
	out := make([]patch, 0, len(patches)+len(touched))
	for w := range touched {
		st, why := symbol.Good, ""
		for _, bd := range b.widgets[w] {
			if s := toStatus(bd.q); s > st {
				st, why = s, bd.reason
			}
		}
		out = append(out, patch{w: w, status: true, st: st, why: why})
	}
	return append(out, patches...)
}

func (b *Binder) apply(patches []patch) {
	for _, p := range patches {
		b.applyOne(p)
	}
}

// applyOne gives one widget one value. A widget that panics on a value
// must not take the panel down: the panic is logged and the widget shows
// Bad with the reason.
func (b *Binder) applyOne(p patch) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("widget refused a value", "widget", p.w.Node.ID, "prop", p.prop, "value", p.v, "panic", r)
			func() {
				defer func() { _ = recover() }()
				p.w.SetStatus(symbol.Bad, fmt.Sprintf("cannot show %v", r))
			}()
		}
	}()
	switch {
	case p.status:
		p.w.SetStatus(p.st, p.why)
	case p.alarm:
		p.w.SetAlarmState(p.as)
	case p.class != "":
		p.w.SetClass(p.class, p.v == true)
	default:
		p.w.Set(p.prop, p.v)
	}
}

// evalBinding evaluates one binding. One bad binding never takes the
// panel down: a panic becomes Bad quality with the panic as the reason.
// Each evaluation error is logged once, at the expression's position in
// its file, when it first appears (not on every evaluation). An error
// while a tag it reads has no value (waiting for its first, or its
// device failing) is not the expression's: it computed with that tag's
// zero ("Level / Flow" with no Flow yet is +Inf). The binding is Bad with
// that tag's reason, and nothing is logged; its own errors show, and are
// logged, once its tags have values.
func (b *Binder) evalBinding(bd *binding) (v any, q tags.Quality, why string) {
	defer func() {
		if r := recover(); r != nil {
			v, q, why = nil, tags.Bad, fmt.Sprintf("internal error: %v", r)
			b.logFailure(bd, bd.parts[0].pos, why)
		}
	}()
	v, q, why, errPos, err := bd.eval(b.db.Get)
	if err == nil {
		bd.failing = false
		return v, q, why
	}
	if reason, ok := b.valueMissing(bd); ok {
		bd.failing = false
		return v, tags.Bad, reason
	}
	b.logFailure(bd, exprPos(errPos, err), exprMsg(err))
	return v, q, why
}

// valueMissing returns "Tag: reason" for the first tag bd reads that is
// Bad with no value.
func (b *Binder) valueMissing(bd *binding) (string, bool) {
	for _, p := range bd.parts {
		if p.x == nil {
			continue
		}
		for _, name := range p.x.Deps {
			if v, ok := b.db.Get(name); ok && v.Quality == tags.Bad && v.V == nil {
				return name + ": " + cmp.Or(v.Reason, v.Quality.String()), true
			}
		}
	}
	return "", false
}

// logFailure logs a binding's error when the binding starts failing or
// fails at another place; not again while it keeps failing there, even
// if the message changes with the values ("text of 100000041 bytes").
func (b *Binder) logFailure(bd *binding, pos gopage.Pos, msg string) {
	if bd.failing && pos == bd.failedAt {
		return
	}
	bd.failing, bd.failedAt = true, pos
	b.log.Warn("expression failed", "at", pos.String(), "err", msg)
}

// eval computes the binding's value, quality and reason. A runtime error
// makes the binding Bad with the error as the reason; err and its part's
// position are returned for the log.
func (bd *binding) eval(get func(string) (tags.Value, bool)) (v any, q tags.Quality, why string, errPos gopage.Pos, err error) {
	if len(bd.parts) == 1 && bd.parts[0].x != nil {
		v, q, why, err := bd.parts[0].x.Eval(get)
		if err != nil {
			return nil, tags.Bad, exprMsg(err), bd.parts[0].pos, err
		}
		if bd.class != "" {
			v = tags.Truthy(v)
		}
		return v, q, why, gopage.Pos{}, nil
	}
	var sb strings.Builder
	worst, reason := tags.Good, ""
	dynamic := 0 // bytes the expressions gave, bounded like one result
	for _, p := range bd.parts {
		if p.x == nil {
			sb.WriteString(p.lit)
			continue
		}
		v, q, why, perr := p.x.Eval(get)
		s := ""
		if perr == nil {
			s = tags.Format(v, -1)
			if dynamic += len(s); dynamic > tags.MaxText {
				perr = &tags.ExprError{Msg: fmt.Sprintf("the text's expressions give more than %d bytes together", tags.MaxText)}
			}
		}
		if perr != nil {
			q, why = tags.Bad, exprMsg(perr)
			if err == nil {
				err, errPos = perr, p.pos
			}
		}
		if q > worst {
			worst, reason = q, why
		}
		if q == tags.Bad {
			sb.WriteString("???")
			continue
		}
		sb.WriteString(s)
	}
	return sb.String(), worst, reason, errPos, err
}

func toStatus(q tags.Quality) symbol.Status {
	switch q {
	case tags.Good:
		return symbol.Good
	case tags.Uncertain:
		return symbol.Uncertain
	}
	return symbol.Bad
}
