package alarms_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/errtest"
	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags"
)

// errorMarker is an inline expectation: `# ERROR 7 "regexp"` checks line
// and column.
var errorMarker = regexp.MustCompile(`ERROR\s+(?:(\d+)\s+)?("(?:[^"\\]|\\.)*")`)

// TestTestdata decodes and compiles each testdata file: a *.good.* file
// has no error, a *.bad.* file exactly the errors its markers say.
func TestTestdata(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := decodeCompile(file, src)
			if strings.Contains(file, ".good.") {
				for _, e := range got {
					t.Errorf("unexpected error: %v", e)
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

// decodeCompile decodes src and compiles what it defines, whatever the
// decode found, as hmi does.
func decodeCompile(file string, src []byte) pos.ErrorList {
	defs, errs := alarms.DecodeFile(file, src, lookup)
	_, cerrs := alarms.Compile(defs, tags.NewEnv(decodeTags), known)
	errs = append(errs, cerrs...)
	errs.RemoveMultiples()
	return errs
}
