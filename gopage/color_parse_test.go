package gopage_test

import (
	"image/color"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

func TestParseColor(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want color.NRGBA
		bad  bool
	}{
		{in: "#fff", want: color.NRGBA{255, 255, 255, 255}},
		{in: "#d32f2f", want: color.NRGBA{0xd3, 0x2f, 0x2f, 0xff}},
		{in: "#11223344", want: color.NRGBA{0x11, 0x22, 0x33, 0x44}},
		{in: "Red", want: color.NRGBA{255, 0, 0, 255}},
		{in: "yellow", want: color.NRGBA{255, 255, 0, 255}},
		{in: "transparent", want: color.NRGBA{}},
		{in: "#12", bad: true},
		{in: "redd", bad: true},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := gopage.ParseColor(tt.in)
			if (err != nil) != tt.bad {
				t.Fatalf("ParseColor(%q) error = %v, want error %v", tt.in, err, tt.bad)
			}
			if !tt.bad && got != tt.want {
				t.Errorf("ParseColor(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
