package gopage

import (
	"errors"
	"image/color"
	"slices"
	"strconv"
	"strings"
)

// colorValues are the RGB values of colorNames, in the same order.
var colorValues = [...]uint32{
	0x00ffff, 0x000000, 0x0000ff, 0xa52a2a, 0x00ffff, 0xa9a9a9, 0x006400, 0x8b0000,
	0xff00ff, 0xffd700, 0x808080, 0x008000, 0x808080, 0xadd8e6, 0xd3d3d3, 0x90ee90,
	0x00ff00, 0xff00ff, 0x800000, 0x000080, 0x808000, 0xffa500, 0xffc0cb, 0x800080, 0xff0000,
	0xc0c0c0, 0x008080, 0x000000, 0xee82ee, 0xffffff, 0xffff00,
}

// ParseColor returns the colour of a value that Parse accepts for a Color
// property: #rgb, #rrggbb, #rrggbbaa or a colour name (any case).
func ParseColor(s string) (color.NRGBA, error) {
	if msg := checkColor(s); msg != "" {
		return color.NRGBA{}, errors.New(msg)
	}
	if hex, ok := strings.CutPrefix(s, "#"); ok {
		if len(hex) == 3 {
			hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
		}
		if len(hex) == 6 {
			hex += "ff"
		}
		v, _ := strconv.ParseUint(hex, 16, 32)
		return color.NRGBA{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v)}, nil
	}
	name := strings.ToLower(s)
	i, _ := slices.BinarySearch(colorNames[:], name)
	if name == "transparent" {
		return color.NRGBA{}, nil
	}
	v := colorValues[i]
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, nil
}
