package render

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dropDown is Fyne's widget.Select, everything of it (look, focus,
// hover, tap animation, keys, pop-up menu), but its text is cut to fit
// with the driver's text measure, the one layout and pixels use
// (fyne.MeasureText), instead of its label's own truncation.
//
// Why: the Select's label truncates through Fyne's
// internal/painter.CachedFontFace, a second font cache beside the
// driver's. On the raster backend, which measures and paints with its
// own faces, that cache is the only user of Fyne's: the alarm widgets'
// drop-downs made it parse Noto Sans once more and, through fontscan,
// index the system's fonts and load one (3.5 MB of heap on the demo's
// alarms screen, README, Memory). Cut here, the text is the same where it
// fits; where it does not, it ends in "…" after the most runes that fit
// with it (Fyne's cut prefers a word boundary).
type dropDown struct {
	widget.Select
}

var _ fyne.Widget = (*dropDown)(nil)

// newDropDown returns a drop-down of opts calling changed (nil for none)
// with the choice made.
func newDropDown(opts []string, changed func(string)) *dropDown {
	d := &dropDown{}
	d.Options, d.OnChanged = opts, changed
	d.ExtendBaseWidget(d)
	return d
}

// CreateRenderer is the Select's renderer with its label's truncation off
// (it must be, before the label is first laid out) and the text cut by
// fit after each layout.
func (d *dropDown) CreateRenderer() fyne.WidgetRenderer {
	d.ExtendBaseWidget(d)
	r := d.Select.CreateRenderer()
	for _, o := range r.Objects() {
		if l, ok := o.(*widget.RichText); ok {
			l.Truncation = fyne.TextTruncateOff
			return &dropDownRenderer{WidgetRenderer: r, d: d, label: l}
		}
	}
	return r // a Fyne without the label: its own truncation then
}

// dropDownRenderer cuts the label's text after the Select's renderer laid
// it out or refreshed it.
type dropDownRenderer struct {
	fyne.WidgetRenderer
	d     *dropDown
	label *widget.RichText
}

// Layout lays the Select out and cuts its text to the label's new width.
func (r *dropDownRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.fit()
}

// Refresh refreshes the Select (which sets the whole text again) and cuts
// the text.
func (r *dropDownRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.fit()
}

// fit sets the label's text to the choice (or the placeholder), cut to
// the width the label gives its text.
func (r *dropDownRenderer) fit() {
	if len(r.label.Segments) != 1 {
		return
	}
	seg, ok := r.label.Segments[0].(*widget.TextSegment)
	if !ok {
		return
	}
	text := r.d.Selected
	if text == "" {
		text = r.d.PlaceHolder
	}
	th := r.d.Theme()
	// The label insets its text by its inner padding less the inset the
	// Select gives it (RichText.updateRowBounds).
	inset := th.Size(theme.SizeNameInnerPadding) - th.Size(theme.SizeNamePadding)
	width := r.label.Size().Width - 2*inset
	size := th.Size(theme.SizeNameText)
	if seg.Style.SizeName != "" {
		size = th.Size(seg.Style.SizeName)
	}
	cut := fitText(text, width, size, seg.Style.TextStyle) // alarm_row.go
	if cut != seg.Text {
		seg.Text = cut
		r.label.Refresh()
	}
}
