package hmi

import (
	"slices"
	"sort"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/yamldec"
)

// decoder reads hmi.yaml and fixture files: the shared [yamldec.Decoder]
// with gopage's limits, under the short names this package uses.
type decoder struct{ *yamldec.Decoder }

// newDecoder decodes src, adding its syntax errors to errs. The returned
// root is nil when src holds no document or does not decode.
func newDecoder(file string, src []byte, what string, errs *gopage.ErrorList) (*decoder, *yaml.Node) {
	d, root := yamldec.NewDecoder(file, src, what, errs, yamldec.Limits{Errors: gopage.MaxErrors, Text: gopage.MaxText})
	return &decoder{d}, root
}

func (d *decoder) pos(n *yaml.Node) gopage.Pos                     { return d.Pos(n) }
func (d *decoder) errorf(n *yaml.Node, format string, args ...any) { d.Errorf(n, format, args...) }
func (d *decoder) add(pos gopage.Pos, msg string)                  { d.Add(pos, msg) }
func (d *decoder) str(n *yaml.Node, what string) string            { return d.Str(n, what) }
func (d *decoder) num(n *yaml.Node, what string) float64           { return d.Num(n, what) }
func (d *decoder) boolean(n *yaml.Node, what string) bool          { return d.Bool(n, what) }
func (d *decoder) scalar(n *yaml.Node, what string) any            { return d.Scalar(n, what) }
func (d *decoder) fields(n *yaml.Node, what string, known []string, fn func(key string, k, v *yaml.Node)) bool {
	return d.Fields(n, what, known, fn)
}
func (d *decoder) list(n *yaml.Node, what string, fn func(item *yaml.Node)) { d.List(n, what, fn) }
func (d *decoder) duration(n *yaml.Node, what string) time.Duration         { return d.Duration(n, what) }

func contains(list []string, s string) bool { return slices.Contains(list, s) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
