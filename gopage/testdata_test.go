package gopage_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/errtest"
)

// errorMarker is an inline expectation, as in go/parser's tests:
// `# ERROR "regexp"` checks the line, `# ERROR 7 "regexp"` line and column.
var errorMarker = regexp.MustCompile(`#\s*ERROR\s+(?:(\d+)\s+)?("(?:[^"\\]|\\.)*")`)

// sidecarLine is one line of a JSON file's NAME.errors: `LINE [COL] "regexp"`.
var sidecarLine = regexp.MustCompile(`^(\d+)\s+(?:(\d+)\s+)?("(?:[^"\\]|\\.)*")\s*$`)

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
			errtest.Check(t, file, got, want)
		})
	}
}

// expectations reads inline markers, or a sidecar NAME.errors for JSON files
// (JSON has no comments).
func expectations(t *testing.T, file string, src []byte) []errtest.Expectation {
	side, err := os.ReadFile(file + ".errors")
	if err != nil {
		return errtest.Markers(t, src, errorMarker)
	}
	var out []errtest.Expectation
	for line := range strings.Lines(string(side)) {
		m := sidecarLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			t.Fatalf("%s.errors: bad line %q", file, line)
		}
		out = append(out, errtest.Expectation{Line: errtest.Atoi(m[1]), Col: errtest.Atoi(m[2]), Re: errtest.Regexp(t, m[3])})
	}
	return out
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
