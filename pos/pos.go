// Package pos holds the positions and error lists that every gohmi parser
// reports: screens (gopage), style sheets (style), the project file and
// fixtures (hmi). It is a leaf package, like go/token and go/scanner's
// errors, so that each parser can import it without importing another
// parser.
package pos

import (
	"fmt"
	"sort"
	"strconv"
	"unicode/utf8"
)

// MaxErrors is the most errors a parser collects before it stops adding more.
const MaxErrors = 100

// Pos is a position in a file. Line and Col are 1-based; Col counts bytes,
// like go/token, so that a byte offset inside a scalar can be added to a
// value's position. The zero Pos is invalid.
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

// Add returns p moved off bytes to the right on the same line.
func (p Pos) Add(off int) Pos {
	if p.IsValid() {
		p.Col += off
	}
	return p
}

// Error is one problem in a file.
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

// MaxMsg is the longest error message [ErrorList.Add] keeps, in bytes:
// messages quote what a file holds ("unknown key %q"), and an error shows
// in a banner on the panel, which must not get a megabyte of text.
const MaxMsg = 512

// Add appends an error at pos, its message cut to [MaxMsg] bytes.
func (l *ErrorList) Add(pos Pos, msg string) { *l = append(*l, &Error{pos, Clip(msg, MaxMsg)}) }

// Clip returns s cut to at most n bytes on a character boundary, ending in
// "…" when it was cut.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n - len("…")
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

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
