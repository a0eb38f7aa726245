package hmi

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/internal/yamldec"
)

// decoder reads hmi.yaml and fixture files from yaml.Node trees so that every
// problem carries its line and column, in the manner of Prometheus' rulefmt.
// It never stops at the first problem: each one is added to errs.
type decoder struct {
	file   string
	errs   *gopage.ErrorList
	doc    *yamldec.Doc // for byte columns; nil: yaml.v3's character columns
	budget int          // entries left to visit; bounds alias expansion
	n      int          // errors reported ([decoder.add])
}

// newDecoder decodes src, adding its syntax errors to errs. The returned
// root is nil when src holds no document or does not decode.
func newDecoder(file string, src []byte, what string, errs *gopage.ErrorList) (*decoder, *yaml.Node) {
	doc, list := yamldec.Decode(file, src, what)
	*errs = append(*errs, list...)
	d := &decoder{file: file, errs: errs, doc: doc, budget: yamldec.Budget(src)}
	if len(list) > 0 {
		return d, nil
	}
	return d, doc.Root
}

func (d *decoder) pos(n *yaml.Node) gopage.Pos {
	if d.doc != nil {
		return d.doc.Pos(n)
	}
	return gopage.PosOf(d.file, n)
}

// spend uses one unit of the budget, reporting once when it runs out: an
// alias bomb (a list of aliases of lists of aliases...) is small on disk
// but exponential to walk.
func (d *decoder) spend() bool {
	d.budget--
	if d.budget == -1 {
		d.errs.Add(gopage.Pos{Filename: d.file, Line: 1, Col: 1}, "file too large: aliases expand to too many entries") // past the cap too
	}
	return d.budget >= 0
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	if d.n >= gopage.MaxErrors {
		d.n++ // past the cap: not even the position is worth computing
		return
	}
	d.add(d.pos(n), fmt.Sprintf(format, args...))
}

// didYouMean is suggest.DidYouMean, skipped once errors are no longer kept.
func (d *decoder) didYouMean(name string, known []string) string {
	if d.n >= gopage.MaxErrors {
		return ""
	}
	return suggest.DidYouMean(name, known)
}

// add adds an error, at most gopage.MaxErrors for the file: a list of
// aliases can repeat one mistake as often as the budget allows.
func (d *decoder) add(pos gopage.Pos, msg string) {
	if d.n < gopage.MaxErrors {
		d.errs.Add(pos, msg)
	}
	d.n++
}

// fields calls fn for each key of the mapping n, reporting keys that are not
// in known (with a suggestion) and keys given twice.
func (d *decoder) fields(n *yaml.Node, what string, known []string, fn func(key string, k, v *yaml.Node)) bool {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s: expected a mapping, got %s", what, kindName(n))
		return false
	}
	seen := make(map[string]bool, min(len(n.Content)/2, len(known)))
	for i := 0; i+1 < len(n.Content) && d.spend(); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		switch {
		case !contains(known, k.Value) && d.n >= gopage.MaxErrors:
			d.n++
		case !contains(known, k.Value):
			d.errorf(k, "unknown key %q in %s%s", k.Value, what, d.didYouMean(k.Value, known))
		case seen[k.Value]:
			d.errorf(k, "%s: key %q given twice", what, k.Value)
		default:
			seen[k.Value] = true
			fn(k.Value, k, v)
		}
	}
	return true
}

// list calls fn for each item of the sequence n.
func (d *decoder) list(n *yaml.Node, what string, fn func(item *yaml.Node)) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: expected a list, got %s", what, kindName(n))
		return
	}
	for _, item := range n.Content {
		if !d.spend() {
			return
		}
		fn(deref(item))
	}
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s: expected a string, got %s", what, kindName(n))
		return ""
	}
	if !d.textFits(n, what) {
		return ""
	}
	return n.Value
}

// textFits reports a string longer than gopage.MaxText: a tag's initial
// value or name ends up in a label like a screen's text does.
func (d *decoder) textFits(n *yaml.Node, what string) bool {
	if len(n.Value) <= gopage.MaxText {
		return true
	}
	d.errorf(n, "%s: text too long: %d bytes (limit %d)", what, len(n.Value), gopage.MaxText)
	return false
}

func (d *decoder) num(n *yaml.Node, what string) float64 {
	if n.Kind == yaml.ScalarNode {
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	}
	d.errorf(n, "%s: expected a number, got %s", what, quoted(n))
	return 0
}

func (d *decoder) boolean(n *yaml.Node, what string) bool {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
		d.errorf(n, "%s: expected true or false, got %s", what, quoted(n))
	}
	return b
}

func (d *decoder) duration(n *yaml.Node, what string) time.Duration {
	if n.Kind == yaml.ScalarNode {
		if v, err := time.ParseDuration(n.Value); err == nil && v > 0 {
			return v
		}
	}
	d.errorf(n, "%s: expected a positive duration like 500ms or 2s, got %s", what, quoted(n))
	return 0
}

// scalar returns a plain Go value for a scalar node: bool, int64, float64 or string.
func (d *decoder) scalar(n *yaml.Node, what string) any {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s: expected a value, got %s", what, kindName(n))
		return nil
	}
	switch n.Tag {
	case "!!bool":
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		return b
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return i
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	case "!!null":
		return nil
	}
	if !d.textFits(n, what) {
		return nil
	}
	return n.Value
}

// deref follows aliases and unwraps a document node.
func deref(n *yaml.Node) *yaml.Node {
	n = yamldec.Resolve(n)
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return deref(n.Content[0])
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return quoted(n)
	}
	return "something else"
}

func quoted(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return kindName(n)
	}
	return strconv.Quote(n.Value)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
