package render

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

func TestColorsFromVars(t *testing.T) {
	night := map[string]string{"--screen": "#1c1f24", "--surface": "#2a2e35", "--control": "#3a3f47", "--text": "#d8dde4"}
	for _, tt := range []struct {
		name string
		vars map[string]string
		ask  fyne.ThemeColorName
		want color.Color // nil: Theme's own grey
	}{
		{"none", nil, theme.ColorNameBackground, nil},
		{"not hex", map[string]string{"--screen": "var(--x)"}, theme.ColorNameBackground, nil},
		{"short hex", map[string]string{"--screen": "#abc"}, theme.ColorNameBackground, rgb(0xaa, 0xbb, 0xcc)},
		{"background", night, theme.ColorNameBackground, rgb(0x1c, 0x1f, 0x24)},
		{"dialog", night, theme.ColorNameOverlayBackground, rgb(0x2a, 0x2e, 0x35)},
		{"button", night, theme.ColorNameButton, rgb(0x3a, 0x3f, 0x47)},
		{"disabled button between control and surface", night, theme.ColorNameDisabledButton, rgb(0x32, 0x37, 0x3e)},
		{"text", night, theme.ColorNameForeground, rgb(0xd8, 0xdd, 0xe4)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ColorsFromVars(tt.vars).color(tt.ask)
			if tt.want == nil {
				if got != nil {
					t.Errorf("got %v, want Theme's own", got)
				}
				return
			}
			if got == nil || color.NRGBAModel.Convert(got) != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
