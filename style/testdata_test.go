package style_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/style"
)

// errorMarker is an inline expectation, as in go/parser's tests:
// /* ERROR "regexp" */ checks the line, /* ERROR 7 "regexp" */ line and column.
var errorMarker = regexp.MustCompile(`/\*\s*ERROR\s+(?:(\d+)\s+)?("(?:[^"\\]|\\.)*")\s*\*/`)

type expectation struct {
	line, col int // col 0: any column
	re        *regexp.Regexp
}

func TestTestdata(t *testing.T) {
	files, err := filepath.Glob("testdata/*.css")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sheet, err := style.Parse(file, src)
			if sheet == nil {
				t.Fatal("Parse returned a nil sheet")
			}
			got := errorList(t, err)
			if strings.HasSuffix(file, ".good.css") {
				for _, e := range got {
					t.Errorf("unexpected error: %v", e)
				}
				if len(sheet.Rules) == 0 {
					t.Error("good sheet has no rules")
				}
				return
			}
			want := expectations(t, string(src))
			if len(want) == 0 {
				t.Fatal("bad file without ERROR expectations")
			}
			checkErrors(t, file, got, want)
		})
	}
}

func errorList(t *testing.T, err error) gopage.ErrorList {
	t.Helper()
	if err == nil {
		return nil
	}
	var list gopage.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, want gopage.ErrorList", err)
	}
	return list
}

func expectations(t *testing.T, src string) []expectation {
	t.Helper()
	var out []expectation
	for i, line := range strings.Split(src, "\n") {
		for _, m := range errorMarker.FindAllStringSubmatch(line, -1) {
			col := 0
			if m[1] != "" {
				col, _ = strconv.Atoi(m[1])
			}
			// Only \" is an escape: other backslashes belong to the regexp.
			pat := strings.ReplaceAll(m[2][1:len(m[2])-1], `\"`, `"`)
			re, err := regexp.Compile(pat)
			if err != nil {
				t.Fatalf("line %d: bad marker %s: %v", i+1, m[2], err)
			}
			out = append(out, expectation{i + 1, col, re})
		}
	}
	return out
}

// checkErrors matches every error to one expectation and back.
func checkErrors(t *testing.T, file string, got gopage.ErrorList, want []expectation) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, e := range got {
			if used[i] || e.Pos.Line != w.line || w.col != 0 && e.Pos.Col != w.col || !w.re.MatchString(e.Msg) {
				continue
			}
			if e.Pos.Filename != file {
				t.Errorf("%v: filename %q, want %q", e, e.Pos.Filename, file)
			}
			used[i], found = true, true
			break
		}
		if !found {
			t.Errorf("%s:%d:%d: missing error matching %q", file, w.line, w.col, w.re)
		}
	}
	for i, e := range got {
		if !used[i] {
			t.Errorf("unexpected error: %v", e)
		}
	}
}
