package hmi_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// writeProject writes hmi.yaml and an empty screens directory.
func writeProject(t *testing.T, yaml string) string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte(yaml), 0o644))
	must(t, os.Mkdir(filepath.Join(dir, "screens"), 0o755))
	return dir
}

// TestProjectDecoding: hmi.yaml goes through the same decoder as screens:
// byte columns (as gopage counts them), syntax errors where the mistake is,
// JSON read as JSON.
func TestProjectDecoding(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"columns count bytes",
			"start: a\nconnections: [{name: sim, type: sim}]\ntags:\n  - { description: \"Füllstand ÄÖÜ\", nme: T }\n",
			[]string{
				`hmi.yaml:4:5: tag: missing name`,
				`hmi.yaml:4:41: unknown key "nme" in tag, did you mean "name"?`,
			}},
		{"unclosed bracket",
			"start: a\nconnections:\n  - {name: sim, type: sim}\ntags:\n  - name: T\n    signal: { kind: memory\n  - name: U\n",
			[]string{`hmi.yaml:6:13: unclosed {: no matching } before the end of the file`}},
		{"tab",
			"start: a\nconnections:\n  - name: sim\n\t  type: sim\n",
			[]string{`hmi.yaml:4:1: tab character in indentation (YAML indents with spaces only)`}},
		{"JSON trailing comma",
			"{\n  \"start\": \"a\",\n  \"connections\": [{\"name\": \"sim\", \"type\": \"sim\"},]\n}\n",
			[]string{`hmi.yaml:3:49: JSON: trailing comma before ]`}},
		{"empty",
			"# nothing yet\n",
			[]string{`hmi.yaml:1:1: empty project file`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeProject(t, tt.yaml)
			_, err := hmi.Load(dir, drivers.Kinds())
			got := errorLines(err)
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], dir+string(filepath.Separator))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestProjectAliasBudget: a mapping of many keys named by many aliases is
// small on disk and quadratic to walk (every alias repeats every key): the
// walk stops at the budget, with one error for it and at most
// gopage.MaxErrors for the rest.
func TestProjectAliasBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("start: a\nconnections: [{name: sim, type: sim}]\nx: &m {")
	for i := range 20000 {
		fmt.Fprintf(&b, "k%d: 1, ", i)
	}
	b.WriteString("}\ntags: [")
	for range 20000 {
		b.WriteString("*m, ")
	}
	b.WriteString("]\n")
	dir := writeProject(t, b.String())
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := hmi.Load(dir, drivers.Kinds())
	runtime.ReadMemStats(&after)
	got := errorLines(err)
	if len(got) == 0 || len(got) > gopage.MaxErrors+1 || !strings.HasSuffix(got[0], "hmi.yaml:1:1: file too large: aliases expand to too many entries") {
		t.Errorf("%d errors, first %q", len(got), got[:min(len(got), 1)])
	}
	t.Logf("%d KB file: %d MB allocated", b.Len()>>10, (after.TotalAlloc-before.TotalAlloc)>>20)
	// 400 million entries without the budget; the budget is 16 a byte.
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<28 {
		t.Errorf("loading a %d KB file allocated %d MB", b.Len()>>10, n>>20)
	}
}
