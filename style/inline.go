package style

import (
	"strings"

	"github.com/gohmi/gohmi/gopage"
)

// ParseInline validates a widget's inline declarations (its style: map,
// values raw as written, optionally ending in "!important") with the rules
// of a sheet, and returns the valid ones normalised as [Parse] would. Errors
// are reported at each declaration's ValuePos (or Pos), with columns counted
// from there, in a [gopage.ErrorList]. The widget type is not known here:
// check [AppliesTo] where it is.
func ParseInline(filename string, decls []Decl) ([]Decl, error) {
	var errs gopage.ErrorList
	errf := func(pos gopage.Pos, msg string) { errs.Add(pos, msg) }
	var out []Decl
	for _, d := range decls {
		if d.Pos.Filename == "" {
			d.Pos.Filename = filename
		}
		if !d.ValuePos.IsValid() {
			d.ValuePos = d.Pos
		} else if d.ValuePos.Filename == "" {
			d.ValuePos.Filename = filename
		}
		d.Property = propertyName(strings.TrimSpace(d.Property))
		toks := tokens(d.Value, d.ValuePos, errf)
		toks, imp := cutImportant(trimWS(toks[:len(toks)-1]))
		d.Important = d.Important || imp
		d.Value = joinTokens(toks)
		if len(toks) > 0 {
			d.ValuePos = toks[0].pos
		}
		if checkDecl(&d, toks, errf) {
			out = append(out, d)
		}
	}
	errs.RemoveMultiples()
	return out, errs.Err()
}
