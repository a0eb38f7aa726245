package render

import (
	"testing"
)

func TestFormatValue(t *testing.T) {
	for _, tt := range []struct {
		v        any
		layout   string
		decimals int
		want     string
	}{
		{62.54, "", 1, "62.5"},
		{62.55, "", 0, "63"},
		{int64(12840), "", 0, "12840"},
		{int64(3), "", 2, "3.00"},
		{true, "", 1, "ON"},
		{false, "", 1, "OFF"},
		{4.1234, "%.2f bar", 1, "4.12 bar"},
		{nil, "", 1, "—"},
		{"text", "", 1, "text"},
	} {
		if got := formatValue(tt.v, tt.layout, tt.decimals); got != tt.want {
			t.Errorf("formatValue(%v, %q, %d) = %q, want %q", tt.v, tt.layout, tt.decimals, got, tt.want)
		}
	}
}
