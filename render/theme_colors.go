package render

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colors are the few colours a style sheet gives Fyne's own parts: the
// screen behind everything, the surface of panels and dialogs, controls
// and text. A nil field keeps [Theme]'s grey.
type Colors struct {
	Screen, Surface, Control, Text color.Color
}

// ColorsFromVars reads a sheet's palette from its custom properties
// --screen, --surface, --control and --text (hex colours), as the demo's
// isa101.css defines them for day and night. It returns nil when none is
// set, so that a project without them keeps the built-in greys.
func ColorsFromVars(vars map[string]string) *Colors {
	c := &Colors{Screen: hexColor(vars["--screen"]), Surface: hexColor(vars["--surface"]),
		Control: hexColor(vars["--control"]), Text: hexColor(vars["--text"])}
	if c.Screen == nil && c.Surface == nil && c.Control == nil && c.Text == nil {
		return nil
	}
	return c
}

// color answers a Fyne colour name from the palette, or nil.
func (c *Colors) color(n fyne.ThemeColorName) color.Color {
	if c == nil {
		return nil
	}
	switch n {
	case theme.ColorNameBackground:
		return c.Screen
	case theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground, theme.ColorNameHeaderBackground:
		return c.Surface
	case theme.ColorNameButton, theme.ColorNameInputBackground:
		return c.Control
	case theme.ColorNameDisabledButton:
		return mix(c.Control, c.Surface, 0.5)
	case theme.ColorNameForeground:
		return c.Text
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return mix(c.Text, c.Surface, 0.55)
	case theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return mix(c.Text, c.Surface, 0.65)
	}
	return nil
}

// mix is a weighted blend of two opaque colours: t of the way from a to b.
// Either being nil gives nil.
func mix(a, b color.Color, t float64) color.Color {
	if a == nil || b == nil {
		return nil
	}
	x, y := color.NRGBAModel.Convert(a).(color.NRGBA), color.NRGBAModel.Convert(b).(color.NRGBA)
	f := func(p, q uint8) uint8 { return uint8(float64(p)*(1-t) + float64(q)*t + 0.5) }
	return color.NRGBA{R: f(x.R, y.R), G: f(x.G, y.G), B: f(x.B, y.B), A: 0xff}
}

// hexColor parses #rgb or #rrggbb; anything else gives nil.
func hexColor(s string) color.Color {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "#") {
		return nil
	}
	s = s[1:]
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	if len(s) != 6 {
		return nil
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return nil
	}
	return rgb(uint8(v>>16), uint8(v>>8), uint8(v))
}
