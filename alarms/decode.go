package alarms

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags"
)

// Bounds a definition is held to (decided here, documented in the package
// comment): a delay longer than a day is a mistake in units, and ISA-18.2
// wants shelving limited in time.
const (
	MaxDelay   = 24 * time.Hour     // on-delay and off-delay
	MaxShelve  = 7 * 24 * time.Hour // max-shelve
	maxPercent = 100                // a deadband in % of the range
)

// TagFunc looks a tag's definition up by name; Decode uses it to turn a
// deadband in % into engineering units (the tag's min and max) and to
// refuse a limit alarm on a bool or string tag.
type TagFunc func(name string) (tags.Def, bool)

// Decode reads a YAML list of alarm entries (the value of `alarms:` in
// hmi.yaml or in an alarms file; null is an empty list). Every problem is
// added to d's error list at its line and column; entries with errors
// yield what could be decoded (the caller refuses the file). tag looks up
// the project's tags (a deadband in % takes the input tag's min and max;
// a limit alarm on a bool or string tag is refused); it may be nil.
//
// An entry has one kind, chosen by its keys:
//
//	hihi, hi, lo, lolo   limit: one [Def] per key, named <name>.HiHi, .Hi, .Lo, .LoLo;
//	                     each a number, a tag name, or {limit, priority, message,
//	                     on-delay, off-delay, deadband} overriding the entry's
//	when: EXPR           digital
//	deviation: {setpoint, limit, dir: above|below|either}
//	rate: {limit, per: second|minute, dir: rising|falling|either}
//	bad-quality: true
//
// and shares: tag (or input: EXPR), name (default the tag, or a when: that
// is a tag name; deviation, rate and bad-quality alarms named after their
// tag get .Deviation, .Rate, .BadQuality), deadband (units or "N%" of
// range: [min, max] or of the tag's min and max), on-delay and off-delay
// (at most [MaxDelay]), priority (critical|high|medium|low or 1…4;
// default high for hihi and lolo, low for bad-quality, else medium),
// message (default "<name> high high"…), area, latched, suppress: EXPR,
// ack (default true), ack-comment, max-shelve (at most [MaxShelve]).
func Decode(d *yamldec.Decoder, n *yaml.Node, tag func(name string) (tags.Def, bool)) []Def {
	n = yamldec.Deref(n)
	if n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if tag == nil {
		tag = func(string) (tags.Def, bool) { return tags.Def{}, false }
	}
	var out []Def
	d.List(n, "alarms", func(item *yaml.Node) {
		e := entry{d: d, tag: tag, node: item, base: Def{Ack: true, Pos: d.Pos(item)}}
		if d.Fields(item, "alarm", entryKeys, e.field) {
			out = append(out, e.defs()...)
		}
	})
	return out
}

// DecodeFile decodes an alarms file (alarms/*.yaml, .yml or .json): a
// mapping whose one key is `alarms:`, the list [Decode] reads. An empty
// file defines no alarms.
func DecodeFile(file string, src []byte, tag func(name string) (tags.Def, bool)) ([]Def, pos.ErrorList) {
	var errs pos.ErrorList
	d, root := yamldec.NewDecoder(file, src, "alarms file", &errs, yamldec.Limits{Errors: pos.MaxErrors, Text: gopage.MaxText})
	if root == nil {
		return nil, errs
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, errs // only comments
	}
	var defs []Def
	d.Fields(root, "alarms file", []string{"alarms"}, func(_ string, _, v *yaml.Node) {
		defs = Decode(d, v, tag)
	})
	return defs, errs
}

// entryKeys are the keys of one alarm entry.
var entryKeys = []string{
	"name", "tag", "input", "when", "hihi", "hi", "lo", "lolo", "deviation", "rate", "bad-quality",
	"deadband", "range", "on-delay", "off-delay", "priority", "message", "area", "latched",
	"suppress", "ack", "ack-comment", "max-shelve",
}

// limitKeys are the four limits in order, highest first.
var limitKeys = [4]string{"hihi", "hi", "lo", "lolo"}

// limitSuffix names a limit's alarm: <name>.HiHi…
var limitSuffix = [4]string{"HiHi", "Hi", "Lo", "LoLo"}

// limitWords end a limit's default message: "Tank1.Level high high".
var limitWords = [4]string{"high high", "high", "low", "low low"}

// limitPriority is each limit's default priority.
var limitPriority = [4]Priority{High, Medium, Medium, High}

// entry is one alarm entry as it is decoded.
type entry struct {
	d    *yamldec.Decoder
	tag  func(string) (tags.Def, bool)
	node *yaml.Node

	name     string
	nameNode *yaml.Node
	inputKey *yaml.Node // tag: or input:
	fromTag  bool       // the input was given as tag:
	kind     Kind
	kindKey  *yaml.Node // the key that chose the kind
	limits   [4]*limitSpec
	deadband *deadband // the entry's
	rng      *[2]float64
	latched  *yaml.Node
	ackNode  *yaml.Node
	ackCmt   *yaml.Node

	base Def // what every Def of the entry shares
}

// limitSpec is one of hihi, hi, lo, lolo.
type limitSpec struct {
	ref      Ref
	ok       bool // ref decoded
	priority Priority
	message  string
	msgPos   pos.Pos
	onDelay  *time.Duration
	offDelay *time.Duration
	deadband *deadband
	pos      pos.Pos
}

// deadband is absolute, or a percentage of the input's range.
type deadband struct {
	v   float64
	pct bool
	n   *yaml.Node
}

func (e *entry) field(key string, k, v *yaml.Node) {
	d, b := e.d, &e.base
	switch key {
	case "name":
		e.name, e.nameNode = e.alarmName(v), v
	case "tag", "input":
		e.input(key, k, v)
	case "when":
		b.When, b.WhenPos = e.expr(v, key), d.ValuePos(v)
		e.setKind(Digital, k)
	case "hihi", "hi", "lo", "lolo":
		i := limitIndex(key)
		e.limits[i] = e.limit(key, k, v)
		e.setKind(Limit, k)
	case "deviation":
		e.deviation(v)
		e.setKind(Deviation, k)
	case "rate":
		e.rate(v)
		e.setKind(Rate, k)
	case "bad-quality":
		if d.Bool(v, key) {
			e.setKind(BadQuality, k)
		} else if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
			d.Errorf(v, "bad-quality: only true defines an alarm (remove the key for none)")
		}
	case "deadband":
		e.deadband = e.deadbandOf(v)
	case "range":
		e.rng = e.pair(v, key)
	case "on-delay":
		b.OnDelay = e.delay(v, key)
	case "off-delay":
		b.OffDelay = e.delay(v, key)
	case "priority":
		b.Priority = e.priority(v, key)
	case "message":
		b.Message, b.MessagePos = e.message(v, key), d.ValuePos(v)
	case "area":
		b.Area = d.Str(v, key)
	case "latched":
		b.Latched, e.latched = d.Bool(v, key), v
	case "suppress":
		b.Suppress, b.SuppressPos = e.expr(v, key), d.ValuePos(v)
	case "ack":
		b.Ack, e.ackNode = d.Bool(v, key), v
	case "ack-comment":
		b.AckComment, e.ackCmt = d.Bool(v, key), v
	case "max-shelve":
		var ok bool
		if b.MaxShelve, ok = e.duration(v, key, MaxShelve); ok && b.MaxShelve == 0 {
			d.Errorf(v, "max-shelve: must be above 0 (leave it out for the default)")
		}
	}
}

// input reads `tag: NAME` or `input: EXPRESSION`.
func (e *entry) input(key string, k, v *yaml.Node) {
	if e.inputKey != nil {
		e.d.Errorf(k, "alarm: give tag or input, not both")
		return
	}
	src := e.expr(v, key)
	if key == "tag" && src != "" {
		if err := tags.ValidName(src); err != nil {
			e.d.Errorf(v, "tag: %v (write an expression under input:)", err)
		}
	}
	e.inputKey, e.fromTag = k, key == "tag"
	e.base.Input, e.base.InputPos = src, e.d.ValuePos(v)
}

// setKind records the entry's kind; one entry has one.
func (e *entry) setKind(k Kind, key *yaml.Node) {
	if e.kind != 0 && e.kind != k {
		e.d.Errorf(key, "alarm: %s and %s in one entry (write one entry per kind)", e.kindKey.Value, key.Value)
		return
	}
	if e.kind == 0 {
		e.kind, e.kindKey = k, key
	}
}

func limitIndex(key string) int {
	for i, k := range limitKeys {
		if k == key {
			return i
		}
	}
	return 0
}

// defs checks what spans the entry's keys and returns its definitions.
func (e *entry) defs() []Def {
	d, b := e.d, e.base
	if e.kind == 0 {
		d.Errorf(e.node, "alarm: missing condition: one of hihi, hi, lo, lolo, when, deviation, rate or bad-quality")
		return nil
	}
	b.Kind = e.kind
	switch {
	case e.kind == Digital && e.inputKey != nil:
		d.Errorf(e.inputKey, "alarm: a digital alarm (when:) reads no %s", e.inputKey.Value)
	case e.kind != Digital && e.inputKey == nil:
		d.Errorf(e.node, "alarm: missing tag (or input: EXPRESSION) for a %s alarm", e.kind)
		return nil
	}
	if e.deadband != nil && e.kind != Limit && e.kind != Deviation {
		d.Errorf(e.deadband.n, "deadband: applies to limit and deviation alarms, not %s", e.kind)
	}
	if e.latched != nil && b.Latched && !b.Ack {
		d.Errorf(e.latched, "latched: a latched alarm is reset by an acknowledgement (remove ack: false)")
	}
	if e.ackCmt != nil && b.AckComment && !b.Ack {
		d.Errorf(e.ackCmt, "ack-comment: the alarm needs no acknowledgement (ack: false)")
	}
	e.checkInputType()
	name, ok := e.baseName()
	if !ok {
		return nil
	}
	b.Name = name
	if e.kind == Limit {
		return e.limitDefs(b)
	}
	b.Deadband = e.deadbandValue(e.deadband)
	switch e.kind {
	case Deviation:
		e.defaults(&b, ".Deviation", "deviation", Medium)
	case Rate:
		word := map[Dir]string{Above: "rising fast", Below: "falling fast", Either: "changing fast"}[b.Dir]
		e.defaults(&b, ".Rate", word, Medium)
	case BadQuality:
		e.defaults(&b, ".BadQuality", "bad quality", Low)
	case Digital:
		e.defaults(&b, "", "", Medium)
	}
	return []Def{b}
}

// defaults fills the name suffix (for a name taken from the tag), the
// message and the priority a definition left out.
func (e *entry) defaults(b *Def, suffix, word string, p Priority) {
	if b.Message == "" {
		b.Message, b.MessagePos = defaultMessage(b.Name, word), b.Pos
	}
	if e.nameNode == nil {
		b.Name += suffix
	}
	if b.Priority == 0 {
		b.Priority = p
	}
}

// baseName is the entry's name: given, or the tag (or a when: that is a
// tag name).
func (e *entry) baseName() (string, bool) {
	switch {
	case e.nameNode != nil:
		return e.name, e.name != ""
	case e.fromTag:
		return e.base.Input, e.base.Input != ""
	case e.kind == Digital && tags.ValidName(e.base.When) == nil:
		return e.base.When, true
	}
	e.d.Errorf(e.node, "alarm: missing name (needed when the condition is an expression)")
	return "", false
}

// defaultMessage is "<subject> <word>", with braces doubled so that it
// holds no {expression}.
func defaultMessage(subject, word string) string {
	s := strings.TrimSpace(subject + " " + word)
	if strings.ContainsAny(s, "{}") { // a valid name has none
		s = strings.NewReplacer("{", "{{", "}", "}}").Replace(s)
	}
	return s
}

// limitDefs is one Def per limit of a limit entry, checking their order.
func (e *entry) limitDefs(b Def) []Def {
	var out []Def
	var prev *limitSpec
	prevKey := ""
	for i, l := range e.limits {
		if l == nil {
			continue
		}
		if prev != nil && prev.ok && l.ok && prev.ref.Tag == "" && l.ref.Tag == "" && !ordered(prev.ref.Value, l.ref.Value, prevKey, limitKeys[i]) {
			e.d.Add(l.ref.Pos, fmt.Sprintf("%s: %g must be %s %s %g", limitKeys[i], l.ref.Value, orderWord(prevKey, limitKeys[i]), prevKey, prev.ref.Value))
		}
		prev, prevKey = l, limitKeys[i]
		def := b
		def.Name += "." + limitSuffix[i]
		def.Pos = l.pos
		def.Limit = l.ref
		def.Dir = Above
		if i >= 2 {
			def.Dir = Below
		}
		def.Priority = firstPriority(l.priority, b.Priority, limitPriority[i])
		switch {
		case l.message != "":
			def.Message, def.MessagePos = l.message, l.msgPos
		case b.Message == "":
			def.Message, def.MessagePos = defaultMessage(b.Name, limitWords[i]), l.pos
		}
		if l.onDelay != nil {
			def.OnDelay = *l.onDelay
		}
		if l.offDelay != nil {
			def.OffDelay = *l.offDelay
		}
		db := e.deadband
		if l.deadband != nil {
			db = l.deadband
		}
		def.Deadband = e.deadbandValue(db)
		out = append(out, def)
	}
	return out
}

// ordered reports whether limit b (a later key) is correctly below a:
// hihi ≥ hi > lo ≥ lolo.
func ordered(a, b float64, ka, kb string) bool {
	if a != a || b != b { // NaN: Compile reports it
		return true
	}
	if (ka == "hihi" || ka == "hi") && (kb == "lo" || kb == "lolo") {
		return b < a
	}
	return b <= a
}

func orderWord(ka, kb string) string {
	if (ka == "hihi" || ka == "hi") && (kb == "lo" || kb == "lolo") {
		return "below"
	}
	return "at most"
}

func firstPriority(ps ...Priority) Priority {
	for _, p := range ps {
		if p != 0 {
			return p
		}
	}
	return Medium
}

// checkInputType refuses a limit, deviation or rate alarm on a tag that
// holds no number.
func (e *entry) checkInputType() {
	if e.kind == Digital || e.kind == BadQuality || e.inputKey == nil {
		return
	}
	t, ok := e.tag(e.base.Input)
	if ok && (t.Type == tags.Bool || t.Type == tags.String) {
		e.d.Add(e.base.InputPos, fmt.Sprintf("%s: tag %s is a %s: a %s alarm needs a number (use when: for a digital alarm)", e.inputKey.Value, t.Name, t.Type, e.kind))
	}
}

// deadbandValue is db in engineering units: a percentage of the entry's
// range, else of the input tag's min and max.
func (e *entry) deadbandValue(db *deadband) float64 {
	if db == nil || !db.pct {
		if db == nil {
			return 0
		}
		return db.v
	}
	if e.rng != nil {
		return db.v / 100 * (e.rng[1] - e.rng[0])
	}
	if t, ok := e.tag(e.base.Input); ok && t.Min != nil && t.Max != nil {
		return db.v / 100 * (*t.Max - *t.Min)
	}
	e.d.Errorf(db.n, "deadband: %g%% of what? give range: [min, max] or a tag with min and max", db.v)
	return 0
}
