package pos_test

import (
	"strings"
	"testing"

	"github.com/gohmi/gohmi/pos"
)

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"abcdefghijk", 10, "abcdefg…"},
		{"ääääää", 8, "ää…"}, // never cuts a character
	}
	for _, tt := range tests {
		if got := pos.Clip(tt.in, tt.n); got != tt.want || len(got) > tt.n {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
	var l pos.ErrorList
	l.Add(pos.Pos{Filename: "f", Line: 1, Col: 1}, strings.Repeat("x", 10000))
	if len(l[0].Msg) > pos.MaxMsg {
		t.Errorf("Add kept a %d-byte message", len(l[0].Msg))
	}
}

func TestIndexOffset(t *testing.T) {
	ix := pos.NewIndex([]byte("ab\r\ncä\nd"))
	for off, want := range map[int]string{0: "f:1:1", 1: "f:1:2", 4: "f:2:1", 5: "f:2:2", 8: "f:3:1", 99: "f:3:2"} {
		if got := ix.Offset("f", off).String(); got != want {
			t.Errorf("Offset(%d) = %s, want %s", off, got, want)
		}
	}
}

// TestIndexAt checks At in any order of queries against a conversion from
// the line's start: At continues along a line from its last answer.
func TestIndexAt(t *testing.T) {
	src := []byte("\xEF\xBB\xBFaä€b\nplain line\nxö")
	naive := func(line, col int) int {
		b := strings.Split(strings.TrimPrefix(string(src), "\xEF\xBB\xBF"), "\n")[line-1]
		off := 0
		if line == 1 {
			off = 3
		}
		for c := 1; c < col && len(b) > 0; c++ {
			_, w := []rune(b)[0], len(string([]rune(b)[0]))
			b, off = b[w:], off+w
		}
		return off + 1
	}
	ix := pos.NewIndex(src)
	for _, q := range [][2]int{{1, 4}, {1, 2}, {1, 5}, {1, 9}, {2, 3}, {1, 1}, {3, 2}, {3, 3}, {3, 1}, {2, 20}, {1, 3}} {
		if got, want := ix.At("f", q[0], q[1]).Col, naive(q[0], q[1]); got != want {
			t.Errorf("At(%d, %d).Col = %d, want %d", q[0], q[1], got, want)
		}
	}
}
