package gopage

import (
	"fmt"
	"sort"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxErrors is the most errors [Parse] collects before it stops adding more.
const MaxErrors = 100

// Pos is a position in a screen file. Line and Col are 1-based; Col counts
// bytes, like go/token, so that a byte offset inside a scalar can be added to
// a value's position. The zero Pos is invalid.
type Pos struct {
	Filename string
	Line     int
	Col      int
}

// IsValid reports whether the position has a line number.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "file:line:col", "file:line", "line:col", "file" or "-",
// leaving out the parts that are not set, like go/token.Position.
func (p Pos) String() string {
	s := p.Filename
	if p.IsValid() {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Col != 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// add returns p moved off bytes to the right on the same line.
func (p Pos) add(off int) Pos {
	if p.IsValid() {
		p.Col += off
	}
	return p
}

// PosOf returns the position of a yaml.v3 node. yaml.v3 counts columns in
// characters, so on lines holding non-ASCII text before the node the column
// differs from the byte column that [Parse] reports; use [PosIn] when the
// source is at hand.
func PosOf(filename string, n *yaml.Node) Pos {
	if n == nil {
		return Pos{Filename: filename}
	}
	return Pos{Filename: filename, Line: n.Line, Col: n.Column}
}

// PosIn is like [PosOf] but converts the column to bytes using src, the text
// the node was decoded from.
func PosIn(filename string, src []byte, n *yaml.Node) Pos {
	return newLineIndex(src).pos(filename, n)
}

// Error is one problem in a screen file.
type Error struct {
	Pos Pos
	Msg string
}

// Error returns "file:line:col: msg".
func (e *Error) Error() string {
	if e.Pos.Filename != "" || e.Pos.IsValid() {
		return e.Pos.String() + ": " + e.Msg
	}
	return e.Msg
}

// ErrorList is a list of [Error]s, as in go/scanner. The zero value is an
// empty list ready to use.
type ErrorList []*Error

// Add appends an error at pos.
func (l *ErrorList) Add(pos Pos, msg string) { *l = append(*l, &Error{pos, msg}) }

// Len, Less and Swap implement sort.Interface, ordering by file, line,
// column and message.
func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	a, b := l[i].Pos, l[j].Pos
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	return l[i].Msg < l[j].Msg
}

// Sort sorts the list by position.
func (l ErrorList) Sort() { sort.Stable(l) }

// RemoveMultiples sorts the list and keeps only the first error at each
// position. go/scanner keeps one per line, but a .gopage line often holds a
// whole widget in flow style ({type: x, value: y}), whose separate mistakes
// must all be reported; a consequence of an error lands on the same column.
func (l *ErrorList) RemoveMultiples() {
	sort.Stable(l)
	var last Pos
	i := 0
	for _, e := range *l {
		if e.Pos != last || i == 0 {
			last = e.Pos
			(*l)[i] = e
			i++
		}
	}
	*l = (*l)[:i]
}

// Error returns the first error and how many more there are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// lineIndex maps yaml.v3's character columns to byte columns. Its line
// breaks are yaml.v3's: "\r\n", "\r", "\n", NEL, LS and PS.
type lineIndex struct {
	src   []byte
	start []int // byte offset of each line's start
}

func newLineIndex(src []byte) *lineIndex {
	ix := &lineIndex{src: src, start: []int{0}}
	for i := 0; i < len(src); {
		n := breakLen(src[i:])
		if n == 0 {
			i++
			continue
		}
		i += n
		ix.start = append(ix.start, i)
	}
	return ix
}

// breakLen returns the length of the line break at the start of b, or 0.
func breakLen(b []byte) int {
	switch {
	case b[0] == '\n':
		return 1
	case b[0] == '\r':
		if len(b) > 1 && b[1] == '\n' {
			return 2
		}
		return 1
	case len(b) > 1 && b[0] == 0xC2 && b[1] == 0x85:
		return 2
	case len(b) > 2 && b[0] == 0xE2 && b[1] == 0x80 && (b[2] == 0xA8 || b[2] == 0xA9):
		return 3
	}
	return 0
}

// lines returns the number of lines.
func (ix *lineIndex) lines() int { return len(ix.start) }

// line returns the bytes of line n (1-based) without its break.
func (ix *lineIndex) line(n int) []byte {
	if n < 1 || n > len(ix.start) {
		return nil
	}
	end := len(ix.src)
	if n < len(ix.start) {
		end = ix.start[n]
	}
	b := ix.src[ix.start[n-1]:end]
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// pos converts a node's position to a byte-column [Pos], clamped to the source.
func (ix *lineIndex) pos(filename string, n *yaml.Node) Pos {
	if n == nil {
		return Pos{Filename: filename, Line: 1, Col: 1}
	}
	return ix.at(filename, n.Line, n.Column)
}

// at converts a line and character column to a byte-column [Pos].
func (ix *lineIndex) at(filename string, line, col int) Pos {
	line = min(max(line, 1), ix.lines())
	b := ix.line(line)
	off := 0
	if line == 1 && len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		off = 3 // yaml.v3 does not count the byte order mark
	}
	for c := 1; c < col && off < len(b); c++ {
		_, w := utf8.DecodeRune(b[off:])
		off += w
	}
	return Pos{Filename: filename, Line: line, Col: off + 1}
}
