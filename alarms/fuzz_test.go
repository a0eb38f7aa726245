package alarms_test

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds random files to DecodeFile and Compile: nothing
// panics, and every error names the file and a line of it.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -fuzz FuzzDecode -fuzztime 2m ./alarms/
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"alarms:\n  - {tag: Tank1.Level, hi: &a 90, lo: *a}\n",
		"alarms:\n  - name: !!str X\n    when: |\n      Pump1.Fault &&\n      Tank1.Levl > 2\n",
		"alarms: &l [ {when: Pump1.Fault, name: A}, *l ]\n",
		"{\"alarms\": [{\"tag\": \"Tank1.Level\", \"rate\": {\"limit\": \"x\"}}]}",
		"alarms:\n  - {when: \"a\\\"b {\", message: \"{ \\u00e9 {Tank1.Leve}\"}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 64<<10 {
			return // the project bounds a file; the decoder's own bounds are yamldec's
		}
		lines := countLines(src)
		errs := decodeCompile("f.yaml", src)
		for _, e := range errs {
			if e.Pos.Filename != "f.yaml" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
				t.Fatalf("bad position %v (source has %d lines): %s", e.Pos, lines, e.Msg)
			}
		}
	})
}

// countLines counts lines as yaml.v3 does: "\r\n", "\r", "\n", NEL, LS and
// PS end a line.
func countLines(src []byte) int {
	n := 1
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
			n++
			i++
		case src[i] == '\n' || src[i] == '\r':
			n++
		case src[i] == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
			n++
			i++
		case src[i] == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			n++
			i += 2
		}
	}
	return n
}
