package symbol

import (
	"image/color"
	"strconv"
)

// Palette holds every colour and the text size a symbol draws with. Symbols
// never consult the Fyne theme, so the same palette gives the same pixels
// under any theme.
type Palette struct {
	Background color.Color // screen background behind the symbols
	Surface    color.Color // light body parts: gauge face, inner marks on dark fills
	Fill       color.Color // process value: liquid level, bar, value arc, flowing pipe
	Empty      color.Color // the unfilled part of a vessel, bar or gauge track
	Stroke     color.Color // outlines in the normal state
	Text       color.Color // value text and labels
	Muted      color.Color // scale text, idle pipes
	Running    color.Color // running pump, open valve, lamp on
	Stopped    color.Color // stopped pump, closed valve, lamp off ("hollow")
	Alarm      color.Color // fault outline
	Warning    color.Color // Uncertain quality outline and mark
	Bad        color.Color // Bad quality outline and mark; must be unmistakable

	TextSize float32 // value and label text; scale text is 80 % of it
}

// DefaultPalette returns ISA-101 high-performance greys: a mid-grey screen,
// a dark blue-grey process fill, dark grey for running and near-white for
// stopped, red for alarms, amber for warnings and magenta for Bad quality.
func DefaultPalette() Palette {
	return Palette{
		Background: rgb(0xc8, 0xc8, 0xc8),
		Surface:    rgb(0xe4, 0xe4, 0xe4),
		Fill:       rgb(0x4f, 0x62, 0x78),
		Empty:      rgb(0xe8, 0xe8, 0xe8),
		Stroke:     rgb(0x40, 0x40, 0x40),
		Text:       rgb(0x10, 0x10, 0x10),
		Muted:      rgb(0x60, 0x60, 0x60),
		Running:    rgb(0x40, 0x40, 0x40),
		Stopped:    rgb(0xf4, 0xf4, 0xf4),
		Alarm:      rgb(0xe0, 0x10, 0x10),
		Warning:    rgb(0xff, 0xa0, 0x00),
		Bad:        rgb(0xff, 0x00, 0xff),
		TextSize:   14,
	}
}

// Status is the quality of the data behind a symbol.
type Status uint8

// Data qualities, from best to worst. The zero value is Good so a new symbol
// draws normally until told otherwise.
const (
	Good Status = iota
	Uncertain
	Bad
)

// String returns "good", "uncertain" or "bad".
func (s Status) String() string {
	switch s {
	case Good:
		return "good"
	case Uncertain:
		return "uncertain"
	case Bad:
		return "bad"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// outline returns the outline colour for quality s, given the colour the
// outline has when the data is good. fault overrides good and uncertain but
// not bad: with Bad data we do not know whether the fault is real.
func (p *Palette) outline(s Status, fault bool, normal color.Color) color.Color {
	switch {
	case s == Bad:
		return p.Bad
	case fault:
		return p.Alarm
	case s == Uncertain:
		return p.Warning
	}
	return normal
}

// outlineWidth is the stroke width for quality s: abnormal outlines are
// drawn heavier so they read at a glance, not only by colour.
func outlineWidth(s Status, fault bool) float32 {
	if s != Good || fault {
		return 3
	}
	return 1.5
}

// scaleSize is the size of small scale text (min/max labels).
func (p *Palette) scaleSize() float32 { return p.textSize() * 0.8 }

// em scales a length given for the default 14 px text to the palette's text
// size, so that symbols keep their proportions when a screen is zoomed.
func (p *Palette) em(v float32) float32 { return v * p.textSize() / 14 }

func (p *Palette) textSize() float32 {
	if p.TextSize <= 0 {
		return 14
	}
	return p.TextSize
}

func rgb(r, g, b uint8) color.Color { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }
