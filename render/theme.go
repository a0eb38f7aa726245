package render

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is gohmi's Fyne theme in the ISA-101 high-performance spirit: a grey
// palette for everything normal, so that colour is left to abnormal states.
// It always uses the light variant: a panel's look must not depend on the
// desktop it happens to run on. Zoom (0 means 1) scales every size, so a
// screen designed for 1280x800 keeps its proportions on an 800x480 panel.
// Colors, when set, come from the style sheets (see [ColorsFromVars]), so
// that Fyne's own parts (dialogs, keypads) follow a night theme too.
type Theme struct {
	Zoom   float32
	Colors *Colors
}

var _ fyne.Theme = Theme{}

// Color implements fyne.Theme.
func (t Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c := t.Colors.color(n); c != nil {
		return c
	}
	switch n {
	case theme.ColorNameBackground:
		return rgb(0xcc, 0xcc, 0xcc)
	case theme.ColorNameButton:
		return rgb(0xe2, 0xe2, 0xe2)
	case theme.ColorNameDisabledButton:
		return rgb(0xd4, 0xd4, 0xd4)
	case theme.ColorNameInputBackground:
		return rgb(0xf2, 0xf2, 0xf2)
	case theme.ColorNameInputBorder:
		return rgb(0x90, 0x90, 0x90)
	case theme.ColorNameForeground:
		return rgb(0x1e, 0x1e, 0x1e)
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return rgb(0x70, 0x70, 0x70)
	case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameSelection:
		return rgb(0x3c, 0x5a, 0x78)
	case theme.ColorNameForegroundOnPrimary:
		return color.White
	case theme.ColorNameHover:
		return color.NRGBA{A: 0x18}
	case theme.ColorNamePressed:
		return color.NRGBA{A: 0x30}
	case theme.ColorNameHeaderBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		return rgb(0xdc, 0xdc, 0xdc)
	case theme.ColorNameSeparator:
		return rgb(0xa8, 0xa8, 0xa8)
	case theme.ColorNameError:
		return rgb(0xc6, 0x28, 0x28)
	case theme.ColorNameShadow:
		return color.NRGBA{A: 0x40}
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font implements fyne.Theme with Fyne's bundled fonts.
func (Theme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon implements fyne.Theme.
func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (t Theme) Size(n fyne.ThemeSizeName) float32 {
	z := t.Zoom
	if z == 0 {
		z = 1
	}
	switch n {
	case theme.SizeNameText:
		return 15 * z
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 3 * z
	}
	return theme.DefaultTheme().Size(n) * z
}

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }
