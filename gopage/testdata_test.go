package gopage_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

// errorMarker is an inline expectation, as in go/parser's tests:
// `# ERROR "regexp"` checks the line, `# ERROR 7 "regexp"` line and column.
var errorMarker = regexp.MustCompile(`#\s*ERROR\s+(?:(\d+)\s+)?("(?:[^"\\]|\\.)*")`)

// sidecarLine is one line of a JSON file's NAME.errors: `LINE [COL] "regexp"`.
var sidecarLine = regexp.MustCompile(`^(\d+)\s+(?:(\d+)\s+)?("(?:[^"\\]|\\.)*")\s*$`)

type expectation struct {
	line, col int // col 0: any column
	re        *regexp.Regexp
}

func TestTestdata(t *testing.T) {
	files, err := filepath.Glob("testdata/*.gopage")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := gopage.Parse(file, src)
			if s == nil {
				t.Fatal("Parse returned a nil screen")
			}
			got := errorList(t, err)
			if strings.HasSuffix(file, ".good.gopage") {
				for _, e := range got {
					t.Errorf("unexpected error: %v", e)
				}
				return
			}
			want := expectations(t, file, src)
			if len(want) == 0 {
				t.Fatal("bad file without ERROR expectations")
			}
			checkErrors(t, file, got, want)
		})
	}
}

func checkErrors(t *testing.T, file string, got gopage.ErrorList, want []expectation) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, e := range got {
			if used[i] || e.Pos.Line != w.line || (w.col != 0 && e.Pos.Col != w.col) || !w.re.MatchString(e.Msg) {
				continue
			}
			if e.Pos.Filename != file {
				t.Errorf("%v: filename %q, want %q", e, e.Pos.Filename, file)
			}
			used[i], found = true, true
			break
		}
		if !found {
			t.Errorf("%s:%d:%d: missing error matching %q; got on that line: %v", file, w.line, w.col, w.re, onLine(got, w.line))
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

// expectations reads inline markers, or a sidecar NAME.errors for JSON files
// (JSON has no comments).
func expectations(t *testing.T, file string, src []byte) []expectation {
	if side, err := os.ReadFile(file + ".errors"); err == nil {
		var out []expectation
		for line := range strings.Lines(string(side)) {
			m := sidecarLine.FindStringSubmatch(strings.TrimSpace(line))
			if m == nil {
				t.Fatalf("%s.errors: bad line %q", file, line)
			}
			n, _ := strconv.Atoi(m[1])
			out = append(out, expectation{n, atoi(m[2]), compile(t, m[3])})
		}
		return out
	}
	var out []expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		for _, m := range errorMarker.FindAllStringSubmatch(sc.Text(), -1) {
			out = append(out, expectation{n, atoi(m[1]), compile(t, m[2])})
		}
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func compile(t *testing.T, quoted string) *regexp.Regexp {
	s, err := strconv.Unquote(quoted)
	if err != nil {
		t.Fatalf("bad marker %s: %v", quoted, err)
	}
	return regexp.MustCompile(s)
}

func TestRoundTripGood(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.good.gopage")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := gopage.Parse(file, src)
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, file, s)
		})
	}
}
