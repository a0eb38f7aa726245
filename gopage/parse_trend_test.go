package gopage_test

import (
	"testing"
	"time"

	"github.com/gohmi/gohmi/gopage"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{in: "10m", want: 10 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "7d", want: 7 * 24 * time.Hour},
		{in: "1d12h", want: 36 * time.Hour},
		{in: " 24h ", want: 24 * time.Hour},
		{in: "d", bad: true},
		{in: "-1d", bad: true},
		{in: "1dd", bad: true},
		{in: "10 minutes", bad: true},
		{in: "", bad: true},
	} {
		got, err := gopage.ParseDuration(tc.in)
		if (err != nil) != tc.bad || !tc.bad && got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.bad)
		}
	}
}

func TestTrendPens(t *testing.T) {
	s, err := gopage.Parse("t.gopage", []byte("screen: t\nroot:\n  type: trend\n  pens:\n    - Tank1.Level\n    - { tag: Tank2.Level, label: TK-102, color: navy, width: 3, axis: own }\n"))
	if err != nil {
		t.Fatal(err)
	}
	pens := s.Root.Props["pens"].Pens
	if len(pens) != 2 || pens[0].Tag != "Tank1.Level" || pens[0].TagPos.Line != 5 || pens[0].TagPos.Col != 7 {
		t.Fatalf("pens = %+v", pens)
	}
	p := pens[1]
	if p.Tag != "Tank2.Level" || p.Label != "TK-102" || p.Color != "navy" || p.Width != 3 || p.Axis != "own" || p.TagPos.Line != 6 || p.TagPos.Col != 14 {
		t.Errorf("pen = %+v", p)
	}
}
