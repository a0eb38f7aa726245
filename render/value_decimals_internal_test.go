package render

import (
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

// TestValueShowsIntegersWithoutDecimals: a value widget without decimals:
// shows an int tag as "3", not "3.0"; an explicit decimals: still wins.
func TestValueShowsIntegersWithoutDecimals(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  string
		v    any
		want string
	}{
		{"int default", `{ type: value, value: A }`, int64(3), "3"},
		{"float default", `{ type: value, value: A }`, 3.0, "3.0"},
		{"int explicit", `{ type: value, value: A, decimals: 2 }`, int64(3), "3.00"},
		{"float explicit", `{ type: value, value: A, decimals: 0 }`, 2.6, "3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := gopage.Parse("t.gopage", []byte("screen: t\nroot: "+tt.src+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if got := formatValue(tt.v, "", valueDecimals(s.Root, tt.v)); got != tt.want {
				t.Errorf("shows %q, want %q", got, tt.want)
			}
		})
	}
}
