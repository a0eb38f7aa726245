package yamldec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/pos"
)

// Limits bound what a [Decoder] keeps: at most Errors errors a file, and
// strings of at most Text bytes.
type Limits struct {
	Errors int
	Text   int
}

// Decoder reads a file's settings from its yaml.Node tree so that every
// problem carries its line and column, in the manner of Prometheus' rulefmt.
// It never stops at the first problem: each one is added to the error list.
// Drivers decode their connection settings with it (see tags.Kind).
type Decoder struct {
	file   string
	errs   *pos.ErrorList
	doc    *Doc
	lim    Limits
	budget int // entries left to visit; bounds alias expansion
	n      int // errors reported ([Decoder.Add])
}

// NewDecoder decodes src, adding its syntax errors to errs. The returned
// root is nil when src holds no document or does not decode.
func NewDecoder(file string, src []byte, what string, errs *pos.ErrorList, lim Limits) (*Decoder, *yaml.Node) {
	doc, list := Decode(file, src, what)
	*errs = append(*errs, list...)
	d := &Decoder{file: file, errs: errs, doc: doc, lim: lim, budget: Budget(src)}
	if len(list) > 0 {
		return d, nil
	}
	return d, doc.Root
}

// File is the name of the file being decoded.
func (d *Decoder) File() string { return d.file }

// Pos returns the byte-column position of n.
func (d *Decoder) Pos(n *yaml.Node) pos.Pos { return d.doc.Pos(n) }

// spend uses one unit of the budget, reporting once when it runs out: an
// alias bomb (a list of aliases of lists of aliases...) is small on disk
// but exponential to walk.
func (d *Decoder) spend() bool {
	d.budget--
	if d.budget == -1 {
		d.errs.Add(pos.Pos{Filename: d.file, Line: 1, Col: 1}, "file too large: aliases expand to too many entries") // past the cap too
	}
	return d.budget >= 0
}

// Errorf reports a problem at n.
func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	if d.n >= d.lim.Errors {
		d.n++ // past the cap: not even the position is worth computing
		return
	}
	d.Add(d.Pos(n), fmt.Sprintf(format, args...))
}

// didYouMean is suggest.DidYouMean, skipped once errors are no longer kept.
func (d *Decoder) didYouMean(name string, known []string) string {
	if d.n >= d.lim.Errors {
		return ""
	}
	return suggest.DidYouMean(name, known)
}

// Add adds an error, at most d.lim.Errors for the file: a list of
// aliases can repeat one mistake as often as the budget allows.
func (d *Decoder) Add(pos pos.Pos, msg string) {
	if d.n < d.lim.Errors {
		d.errs.Add(pos, msg)
	}
	d.n++
}

// Fields calls fn for each key of the mapping n, reporting keys that are not
// in known (with a suggestion) and keys given twice.
func (d *Decoder) Fields(n *yaml.Node, what string, known []string, fn func(key string, k, v *yaml.Node)) bool {
	n = Deref(n)
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s: expected a mapping, got %s", what, KindName(n))
		return false
	}
	seen := make(map[string]bool, min(len(n.Content)/2, len(known)))
	for i := 0; i+1 < len(n.Content) && d.spend(); i += 2 {
		k, v := n.Content[i], Deref(n.Content[i+1])
		switch {
		case !slices.Contains(known, k.Value) && d.n >= d.lim.Errors:
			d.n++
		case !slices.Contains(known, k.Value):
			d.Errorf(k, "unknown key %q in %s%s", k.Value, what, d.didYouMean(k.Value, known))
		case seen[k.Value]:
			d.Errorf(k, "%s: key %q given twice", what, k.Value)
		default:
			seen[k.Value] = true
			fn(k.Value, k, v)
		}
	}
	return true
}

// List calls fn for each item of the sequence n.
func (d *Decoder) List(n *yaml.Node, what string, fn func(item *yaml.Node)) {
	n = Deref(n)
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "%s: expected a list, got %s", what, KindName(n))
		return
	}
	for _, item := range n.Content {
		if !d.spend() {
			return
		}
		fn(Deref(item))
	}
}

// Str returns a string scalar.
func (d *Decoder) Str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.Errorf(n, "%s: expected a string, got %s", what, KindName(n))
		return ""
	}
	if !d.textFits(n, what) {
		return ""
	}
	return n.Value
}

// textFits reports a string longer than d.lim.Text: a tag's initial
// value or name ends up in a label like a screen's text does.
func (d *Decoder) textFits(n *yaml.Node, what string) bool {
	if len(n.Value) <= d.lim.Text {
		return true
	}
	d.Errorf(n, "%s: text too long: %d bytes (limit %d)", what, len(n.Value), d.lim.Text)
	return false
}

// Num returns a number.
func (d *Decoder) Num(n *yaml.Node, what string) float64 {
	if n.Kind == yaml.ScalarNode {
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	}
	d.Errorf(n, "%s: expected a number, got %s", what, Quoted(n))
	return 0
}

// Bool returns true or false.
func (d *Decoder) Bool(n *yaml.Node, what string) bool {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
		d.Errorf(n, "%s: expected true or false, got %s", what, Quoted(n))
	}
	return b
}

// Duration returns a positive duration like 500ms.
func (d *Decoder) Duration(n *yaml.Node, what string) time.Duration {
	if n.Kind == yaml.ScalarNode {
		if v, err := time.ParseDuration(n.Value); err == nil && v > 0 {
			return v
		}
	}
	d.Errorf(n, "%s: expected a positive duration like 500ms or 2s, got %s", what, Quoted(n))
	return 0
}

// Scalar returns a plain Go value for a scalar node: bool, int64, float64 or string.
func (d *Decoder) Scalar(n *yaml.Node, what string) any {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "%s: expected a value, got %s", what, KindName(n))
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

// Deref follows aliases and unwraps a document node.
func Deref(n *yaml.Node) *yaml.Node {
	n = Resolve(n)
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return Deref(n.Content[0])
	}
	return n
}

// KindName describes n for a message: "a mapping", "a list", a quoted scalar.
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return Quoted(n)
	}
	return "something else"
}

// Quoted is a scalar's text quoted, or [KindName].
func Quoted(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return KindName(n)
	}
	return strconv.Quote(n.Value)
}
