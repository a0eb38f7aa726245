// Package errtest checks the errors a parser reports against expectations
// written into its test files, as go/parser's tests do: a marker such as
// `# ERROR 7 "regexp"` (YAML) or `/* ERROR "regexp" */` (CSS) on the line
// where an error is expected, with an optional column. gopage and style
// share it for their testdata.
package errtest

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

// Expectation is one expected error: its line, its column (0: any) and a
// regular expression its message matches.
type Expectation struct {
	Line, Col int
	Re        *regexp.Regexp
}

// Markers reads the expectations of src. marker must have two groups: the
// optional column and the Go-quoted regular expression.
func Markers(t testing.TB, src []byte, marker *regexp.Regexp) []Expectation {
	t.Helper()
	var out []Expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		for _, m := range marker.FindAllStringSubmatch(sc.Text(), -1) {
			out = append(out, Expectation{n, Atoi(m[1]), Regexp(t, m[2])})
		}
	}
	return out
}

// Check matches every reported error to one expectation and back: missing
// and unexpected errors both fail t, and so does a wrong file name.
func Check(t testing.TB, file string, got gopage.ErrorList, want []Expectation) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, e := range got {
			if used[i] || e.Pos.Line != w.Line || (w.Col != 0 && e.Pos.Col != w.Col) || !w.Re.MatchString(e.Msg) {
				continue
			}
			if e.Pos.Filename != file {
				t.Errorf("%v: filename %q, want %q", e, e.Pos.Filename, file)
			}
			used[i], found = true, true
			break
		}
		if !found {
			t.Errorf("%s:%d:%d: missing error matching %q; got on that line: %v", file, w.Line, w.Col, w.Re, onLine(got, w.Line))
		}
	}
	for i, e := range got {
		if !used[i] {
			t.Errorf("unexpected error: %v", e)
		}
	}
}

func onLine(l gopage.ErrorList, line int) []string {
	var out []string
	for _, e := range l {
		if e.Pos.Line == line {
			out = append(out, e.Error())
		}
	}
	return out
}

// Atoi is strconv.Atoi with 0 for "" or garbage.
func Atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Regexp compiles a Go-quoted regular expression from a marker.
func Regexp(t testing.TB, quoted string) *regexp.Regexp {
	t.Helper()
	s, err := strconv.Unquote(quoted)
	if err != nil {
		t.Fatalf("bad marker %s: %v", quoted, err)
	}
	re, err := regexp.Compile(s)
	if err != nil {
		t.Fatalf("bad marker %s: %v", quoted, err)
	}
	return re
}
