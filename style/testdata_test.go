package style_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/errtest"
	"github.com/gohmi/gohmi/style"
)

// errorMarker is an inline expectation, as in go/parser's tests:
// /* ERROR "regexp" */ checks the line, /* ERROR 7 "regexp" */ line and column.
var errorMarker = regexp.MustCompile(`/\*\s*ERROR\s+(?:(\d+)\s+)?("(?:[^"\\]|\\.)*")\s*\*/`)

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
			want := errtest.Markers(t, src, errorMarker)
			if len(want) == 0 {
				t.Fatal("bad file without ERROR expectations")
			}
			errtest.Check(t, file, got, want)
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
