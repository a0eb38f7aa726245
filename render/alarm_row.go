package render

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// The alarm widgets draw their rows from canvas primitives (a background,
// a priority chip, one text per column) in a fixed pool sized to the
// widget's height: a summary of 1,000 alarms has as many row objects as
// one page shows, and a refresh repaints only the rows whose content
// changed.

// column is one column of an alarm table.
type column struct {
	title string
	width float32 // design pixels; 0: what the fixed columns leave
	align fyne.TextAlign
}

// rowLook is how a row is drawn; rows compare it to skip repaints.
type rowLook struct {
	bg, text, chipFill, chipStroke, chipText color.Color
	bold                                     bool
}

// alarmRow is one line of an alarm table (or the banner): tappable.
type alarmRow struct {
	widget.BaseWidget
	cols    []column
	chipCol int // the column drawn on the priority chip; -1 for none
	zoom    float32
	size    float32 // text size

	bg    *canvas.Rectangle
	chip  *canvas.Rectangle
	cells []*canvas.Text
	full  []string // the cells' texts before fitting their column
	look  rowLook
	onTap func()
}

var _ fyne.Tappable = (*alarmRow)(nil)

func newAlarmRow(cols []column, chipCol int, zoom float32) *alarmRow {
	r := &alarmRow{cols: cols, chipCol: chipCol, zoom: zoom, bg: canvas.NewRectangle(color.Transparent),
		chip: canvas.NewRectangle(color.Transparent), full: make([]string, len(cols))}
	r.chip.CornerRadius = 3 * zoom
	for _, c := range cols {
		t := canvas.NewText("", color.Black)
		t.Alignment = c.align
		r.cells = append(r.cells, t)
	}
	r.ExtendBaseWidget(r)
	return r
}

// Tapped implements fyne.Tappable.
func (r *alarmRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// set gives the row its texts and look; it repaints only when one changed
// and reports whether it did.
func (r *alarmRow) set(texts []string, look rowLook, size float32) bool {
	same := look == r.look && size == r.size
	for i := range r.full {
		t := ""
		if i < len(texts) {
			t = texts[i]
		}
		if t != r.full[i] {
			r.full[i], same = t, false
		}
	}
	if same {
		return false
	}
	r.look, r.size = look, size
	r.bg.FillColor = look.bg
	r.chip.FillColor, r.chip.StrokeColor = look.chipFill, look.chipStroke
	r.chip.StrokeWidth = 2 * r.zoom
	for i, t := range r.cells {
		t.Color, t.TextSize, t.TextStyle.Bold = look.text, size, look.bold
		if i == r.chipCol {
			t.Color = look.chipText
		}
	}
	r.Refresh()
	return true
}

// setChip changes only the chip's colours and its text's (a flash).
func (r *alarmRow) setChip(fill, stroke, text color.Color) {
	r.chip.FillColor, r.chip.StrokeColor = fill, stroke
	r.chip.Refresh()
	if r.chipCol >= 0 {
		r.cells[r.chipCol].Color = text
		r.cells[r.chipCol].Refresh()
	}
}

// CreateRenderer implements fyne.Widget.
func (r *alarmRow) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{r.bg, r.chip}
	for _, c := range r.cells {
		objs = append(objs, c)
	}
	return &alarmRowRenderer{r: r, objs: objs}
}

type alarmRowRenderer struct {
	r    *alarmRow
	objs []fyne.CanvasObject
}

func (rr *alarmRowRenderer) Layout(size fyne.Size) {
	r := rr.r
	z := r.zoom
	pad := 6 * z
	r.bg.Move(fyne.Position{})
	r.bg.Resize(size)
	fixed := float32(0)
	for _, c := range r.cols {
		fixed += c.width * z
	}
	flex := max(size.Width-fixed-pad*float32(len(r.cols)+1), 0)
	x := pad
	r.chip.Hide()
	for i, c := range r.cols {
		w := c.width * z
		if c.width == 0 {
			w = flex
		}
		t := r.cells[i]
		t.Text = fitText(r.full[i], w, t.TextSize, t.TextStyle)
		h := fyne.MeasureText("Ag", t.TextSize, t.TextStyle).Height
		t.Move(fyne.NewPos(x, (size.Height-h)/2))
		t.Resize(fyne.NewSize(w, h))
		if i == r.chipCol && r.full[i] != "" {
			r.chip.Show()
			r.chip.Move(fyne.NewPos(x-pad/2, 5*z))
			r.chip.Resize(fyne.NewSize(w+pad, size.Height-10*z))
		}
		x += w + pad
	}
}

func (rr *alarmRowRenderer) MinSize() fyne.Size {
	w := float32(0)
	for _, c := range rr.r.cols {
		w += c.width
	}
	return fyne.NewSize((w+80)*rr.r.zoom, 44*rr.r.zoom)
}

func (rr *alarmRowRenderer) Objects() []fyne.CanvasObject { return rr.objs }

func (rr *alarmRowRenderer) Refresh() {
	rr.Layout(rr.r.Size())
	for _, o := range rr.objs {
		o.Refresh()
	}
}

func (rr *alarmRowRenderer) Destroy() {}

// fitText cuts s to fit width, ending it with "…" when cut.
func fitText(s string, width, size float32, st fyne.TextStyle) string {
	if s == "" || width <= 0 || fyne.MeasureText(s, size, st).Width <= width {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs) // the longest prefix that fits is in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(rs[:mid])+"…", size, st).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(rs[:lo]) + "…"
}

// rowList is the rows of a page: as many as fit its height, made the first
// time they are needed. fit is called with that number when it changes.
type rowList struct {
	widget.BaseWidget
	rowH  float32
	make  func() *alarmRow
	fit   func(n int)
	rows  []*alarmRow
	n     int
	empty *canvas.Text // shown when the page has no row
	objs  []fyne.CanvasObject
}

func newRowList(rowH float32, mk func() *alarmRow, fit func(int)) *rowList {
	l := &rowList{rowH: rowH, make: mk, fit: fit, empty: canvas.NewText("", color.Black)}
	l.objs = []fyne.CanvasObject{l.empty}
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *rowList) CreateRenderer() fyne.WidgetRenderer { return rowListRenderer{l} }

type rowListRenderer struct{ l *rowList }

func (r rowListRenderer) Layout(size fyne.Size) {
	l := r.l
	n := min(max(int(size.Height/l.rowH), 1), 200)
	for len(l.rows) < n {
		row := l.make()
		l.rows = append(l.rows, row)
		l.objs = append(l.objs, row)
	}
	for i, row := range l.rows {
		if i >= n {
			row.Hide()
			continue
		}
		row.Show()
		row.Move(fyne.NewPos(0, float32(i)*l.rowH))
		row.Resize(fyne.NewSize(size.Width, l.rowH))
	}
	l.empty.Move(fyne.NewPos(12*l.rowH/44, (l.rowH-l.empty.MinSize().Height)/2))
	if n != l.n {
		l.n = n
		l.fit(n)
	}
}

func (r rowListRenderer) MinSize() fyne.Size           { return fyne.NewSize(200, r.l.rowH*3) }
func (r rowListRenderer) Objects() []fyne.CanvasObject { return r.l.objs }
func (r rowListRenderer) Refresh() {
	r.Layout(r.l.Size())
	r.l.empty.Refresh()
}
func (r rowListRenderer) Destroy() {}

// atLeast is a layout that gives its objects at least a height (and
// width): touch targets a finger can hit.
type atLeast struct{ w, h float32 }

func (a atLeast) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (a atLeast) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(a.w, a.h)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
