package render

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// maxBannerLines caps the errors an expanded banner lists; the log has all.
const maxBannerLines = 20

// Banner is the non-modal strip across the top of the panel that shows why
// the last reload was refused: the first error, and every error (up to
// maxBannerLines) once tapped. It lies in a strip of its own above the
// screen ([Banner.Above]), never over it: the screen shrinks to make room,
// so its navigation and controls stay visible and tappable.
type Banner struct {
	Object   fyne.CanvasObject // the strip; Above lays it out
	bg       *canvas.Rectangle
	lines    *fyne.Container
	errs     []string
	expanded bool
	around   *fyne.Container // Above's: laid out again when the strip's height changes
}

// NewBanner returns a hidden banner.
func NewBanner() *Banner {
	b := &Banner{bg: canvas.NewRectangle(color.NRGBA{0xff, 0xe0, 0x82, 0xf0})}
	b.bg.StrokeColor, b.bg.StrokeWidth = color.NRGBA{0xb2, 0x6a, 0x00, 0xff}, 2
	b.lines = container.New(stackLayout{vertical: true, spacing: 2, padding: 8})
	tap := newTapArea(func() { b.expanded = !b.expanded; b.show() })
	b.Object = container.NewStack(b.bg, b.lines, tap)
	b.Object.Hide()
	return b
}

// Above returns screen with the banner in a strip of its own above it.
// While the banner is hidden the screen has the whole area; while it shows,
// the screen gets what is left below it.
func (b *Banner) Above(screen fyne.CanvasObject) fyne.CanvasObject {
	b.around = container.NewBorder(b.Object, nil, nil, nil, screen)
	return b.around
}

// SetErrors shows errs, or hides the banner when there are none.
func (b *Banner) SetErrors(errs []string) {
	b.errs = errs
	if len(errs) == 0 {
		b.expanded = false
		b.Object.Hide()
		b.relayout()
		return
	}
	b.Object.Show()
	b.show()
}

// relayout gives the screen the room the strip leaves.
func (b *Banner) relayout() {
	if b.around != nil {
		b.around.Refresh()
	}
}

// Errors returns what the banner shows.
func (b *Banner) Errors() []string { return b.errs }

func (b *Banner) show() {
	head := fmt.Sprintf("Reload refused: %d error(s), the last good version stays on screen. Tap for details.", len(b.errs))
	if b.expanded {
		head = fmt.Sprintf("Reload refused: %d error(s). Tap to fold.", len(b.errs))
	}
	objs := []fyne.CanvasObject{bannerText(head, true)}
	n := 1
	if b.expanded {
		n = min(len(b.errs), maxBannerLines)
	}
	for _, e := range b.errs[:n] {
		objs = append(objs, bannerText(e, false))
	}
	if b.expanded && len(b.errs) > n {
		objs = append(objs, bannerText(fmt.Sprintf("… and %d more in the log", len(b.errs)-n), false))
	}
	b.lines.Objects = objs
	b.lines.Refresh()
	b.Object.Refresh()
	b.relayout()
}

func bannerText(s string, bold bool) *canvas.Text {
	t := canvas.NewText(s, color.NRGBA{0x3e, 0x27, 0x00, 0xff})
	t.TextStyle.Bold = bold
	t.TextStyle.Monospace = !bold
	t.TextSize = 14
	return t
}

// tapArea is an invisible tappable region.
type tapArea struct {
	widget.BaseWidget
	onTap func()
}

func newTapArea(onTap func()) *tapArea {
	t := &tapArea{onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped implements fyne.Tappable.
func (t *tapArea) Tapped(*fyne.PointEvent) { t.onTap() }

// CreateRenderer implements fyne.Widget.
func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
