// Package yamldec is the one YAML decoder behind every gohmi file that is
// YAML: screens (gopage), the project file and fixtures (hmi). It decodes
// with yaml.v3 into a [yaml.Node] tree (JSON with encoding/json into the
// same kind of tree) and adds what yaml.v3 lacks for files people edit by
// hand:
//
//   - a syntax error points where the user must look: yaml.v3 reports the
//     line before the construct that failed, column 1; Decode finds the
//     shortest prefix of the file that fails the same way (see [locate]);
//   - a file whose first character is '{' is JSON and must be valid JSON,
//     with the exact line and column of a JSON mistake (a trailing or
//     doubled comma, a missing colon) that YAML would accept or misplace,
//     and is read by a JSON decoder (yaml.v3 refuses some JSON, e.g. \/);
//   - a panic inside yaml.v3 on hostile input becomes an error;
//   - positions count bytes ([pos.Index]), and alias expansion is bounded
//     by a [Budget].
package yamldec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/pos"
)

// Doc is a decoded file: its root node (nil when the file is empty or did
// not decode) and the index that turns node positions into byte positions.
type Doc struct {
	File string
	Root *yaml.Node // the document's content, not the document node
	Ix   *pos.Index
}

// Pos returns the byte-column position of n.
func (d *Doc) Pos(n *yaml.Node) pos.Pos {
	if n == nil {
		return pos.Pos{Filename: d.File, Line: 1, Col: 1}
	}
	return d.Ix.At(d.File, n.Line, n.Column)
}

// Decode decodes the single document of src. what names the kind of file
// in messages ("screen file"). It returns the document, with a nil Root when
// src holds no document or does not decode, and the errors found.
func Decode(file string, src []byte, what string) (doc *Doc, errs pos.ErrorList) {
	doc = &Doc{File: file, Ix: pos.NewIndex(src)}
	defer func() {
		// yaml.v3 has panicked on hostile input before; a bad file must
		// never take the runtime down.
		if r := recover(); r != nil {
			errs = pos.ErrorList{{Pos: pos.Pos{Filename: file, Line: 1, Col: 1}, Msg: fmt.Sprintf("yaml: internal error: %v", r)}}
			doc.Root = nil
		}
	}()
	if IsJSON(src) {
		if p, msg, bad := jsonError(doc.Ix, file, src); bad {
			errs.Add(p, msg)
			return doc, errs
		}
		root, err := jsonTree(doc.Ix, src)
		if err != nil {
			errs.Add(pos.Pos{Filename: file, Line: 1, Col: 1}, "JSON: "+err.Error())
			return doc, errs
		}
		doc.Root = root
		return doc, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var d yaml.Node
	if err := dec.Decode(&d); err != nil {
		if !errors.Is(err, io.EOF) {
			errs.Add(locate(doc.Ix, file, src, err))
		}
		return doc, errs
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		errs.Add(doc.Pos(&extra), "only one document is allowed in a "+what)
	} else if !errors.Is(err, io.EOF) {
		errs.Add(locate(doc.Ix, file, src, err))
	}
	doc.Root = &d
	if d.Kind == yaml.DocumentNode && len(d.Content) == 1 {
		doc.Root = d.Content[0]
	}
	return doc, errs
}

// IsJSON reports whether src is meant as JSON: its first character that is
// not white space (after a byte order mark) is '{'.
func IsJSON(src []byte) bool {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	src = bytes.TrimLeft(src, " \t\r\n")
	return len(src) > 0 && src[0] == '{'
}

// syntaxMessage splits yaml.v3's "yaml: line N: msg" into N (0 when absent)
// and msg.
func syntaxMessage(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, m, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return n, m
			}
		}
	}
	return 0, msg
}

// Budget is how many mapping entries and list items a walk over a document
// decoded from src may visit: four a byte, generous for any file written
// out (an entry takes several bytes; an alias repeating a block of them
// takes four), small enough that an alias bomb stops early (a 280 KB file
// of 20,000 aliases of a 20,000-key mapping: about 1 s and 140 MB).
func Budget(src []byte) int { return 4*len(src) + 10000 }

// maxAliasChain bounds a chain of aliases: yaml.v3 refuses an alias to an
// anchor that contains it, so a chain ends, and the bound keeps it short.
const maxAliasChain = 100

// Resolve follows aliases to the node they name.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < maxAliasChain; i++ {
		n = n.Alias
	}
	return n
}
