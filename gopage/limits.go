package gopage

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Limits bound what a screen file can ask of the runtime. Each is far above
// what a screen written by hand needs, and far below what would stall the
// UI thread or exhaust a panel's memory: Fyne draws a canvas.Text as one
// image the width of the whole string, so a 1 MB label cost 37 s of UI
// thread and 7 GB, and the software painter allocates about 4 KB per
// character of a label (measured: 64 KB of text, 248 MB and 2.4 s per
// capture; 4 KB of text, 15 MB more than a short label).
const (
	// MaxFileSize is the largest screen file, in bytes. The 500-widget
	// benchmark screen is about 60 KB.
	MaxFileSize = 1 << 20
	// MaxText is the longest string value (a label's text, a title, an
	// expression, a tooltip), in bytes. A label is one line: 1024
	// characters are 8,000 pixels wide at 14 px, wider than any panel and
	// within the 16384-pixel textures of GL drivers at zoom 2.
	MaxText = 1024
	// MaxWidgets is the most widgets one screen holds.
	MaxWidgets = 5000
)

// TooLarge returns the error for a file of size bytes over limit, at
// file:1:1 as every error has a position.
func TooLarge(file string, size, limit int64) *Error {
	return &Error{Pos: Pos{Filename: file, Line: 1, Col: 1}, Msg: fmt.Sprintf("file too large: %d bytes (limit %d)", size, limit)}
}

// textFits reports a string value over MaxText; it returns false then.
func (p *parser) textFits(n *yaml.Node, name string) bool {
	if len(n.Value) <= MaxText {
		return true
	}
	p.errorAt(p.valuePos(n), fmt.Sprintf("%s: text too long: %d bytes (limit %d)", name, len(n.Value), MaxText))
	return false
}

// countWidget counts one more widget, reporting once when the screen has
// too many; it returns false from then on.
func (p *parser) countWidget(n *yaml.Node) bool {
	p.widgets++
	if p.widgets == MaxWidgets+1 {
		p.errorf(n, "too many widgets: a screen holds at most %d", MaxWidgets)
	}
	return p.widgets <= MaxWidgets
}
