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
