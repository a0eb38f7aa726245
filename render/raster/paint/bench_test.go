package paint_test

import (
	"fmt"
	"image"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/internal/cputime"
	"github.com/gohmi/gohmi/render/raster/internal/tree"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// clock measures a benchmark's frames in wall time and in CPU time (the
// process's, GC included): a loaded machine inflates the first, not the
// second.
type clock struct {
	wall time.Time
	cpu  time.Duration
}

func startClock() clock { return clock{time.Now(), cputime.Process()} }

// report adds ms/frame (wall) and cpu-ms/frame for n frames.
func (c clock) report(b *testing.B, n int) {
	b.ReportMetric(float64(time.Since(c.wall).Microseconds())/1000/float64(n), "ms/frame")
	if cpu := cputime.Process() - c.cpu; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/frame")
	}
}

// Benchmarks (budgets from issue 12: a full repaint ≤ 20 ms, one value's
// repaint ≤ 5 % of it):
//
//	CGO_ENABLED=0 go test -tags migrated_fynedo,no_emoji -run '^$' -bench . ./render/raster/paint/
//
// Measured (amd64, 2 shared cores under load, so CPU time is the figure):
// a full frame 2.0–2.3 cpu-ms (7–9 ms wall); Fyne's software painter
// 130–175 cpu-ms for the same frame; one value's repaint 0.11–0.12 cpu-ms
// (≈5 % of a full frame, 0.11 % of the pixels), of which the tree walk
// alone (BenchmarkWalk, Fyne's renderer cache) is about half.

// screen is a 1280×800 HMI page of 500 objects: 125 cards, each a rounded
// background, a caption (a widget.Label) and a value (a canvas.Text that
// changes), 125 plain status rectangles, and 8 icons.
type screen struct {
	root   *fyne.Container
	values []*canvas.Text
}

func newScreen() *screen {
	s := &screen{root: container.NewWithoutLayout()}
	add := func(o fyne.CanvasObject, x, y, w, h float32) {
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, h))
		s.root.Add(o)
	}
	add(canvas.NewRectangle(color.NRGBA{R: 0x20, G: 0x24, B: 0x2a, A: 0xff}), 0, 0, 1280, 800)
	for i := range 125 {
		x, y := float32(10+(i%10)*127), float32(10+(i/10)*60)
		card := canvas.NewRectangle(color.NRGBA{R: 0x30, G: 0x36, B: 0x40, A: 0xff})
		card.CornerRadius, card.StrokeColor, card.StrokeWidth = 6, color.NRGBA{R: 0x50, G: 0x58, B: 0x66, A: 0xff}, 1
		add(card, x, y, 120, 54)
		add(widget.NewLabel(fmt.Sprintf("TT-%03d", i)), x, y, 80, 24)
		v := canvas.NewText("0.0", color.NRGBA{R: 0x8f, G: 0xd1, B: 0xff, A: 0xff})
		v.TextSize, v.TextStyle, v.Alignment = 18, fyne.TextStyle{Bold: true}, fyne.TextAlignTrailing
		add(v, x+4, y+26, 108, 24)
		s.values = append(s.values, v)
		add(canvas.NewRectangle(color.NRGBA{R: 0x2e, G: 0x9d, B: 0x4a, A: 0xff}), x+108, y+6, 6, 6)
	}
	icons := []fyne.Resource{theme.HomeIcon(), theme.WarningIcon(), theme.SettingsIcon(), theme.InfoIcon()}
	for i := range 8 {
		ic := canvas.NewImageFromResource(icons[i%len(icons)])
		ic.FillMode = canvas.ImageFillContain
		add(ic, float32(10+i*40), 766, 32, 32)
	}
	return s
}

// set changes every value (frame n's numbers), or only value i if i ≥ 0.
func (s *screen) set(n, i int) {
	for j, v := range s.values {
		if i < 0 || i == j {
			v.Text = fmt.Sprintf("%.1f", float64((n*7+j*13)%10000)/10)
		}
	}
}

func BenchmarkFullPaint(b *testing.B) {
	newApp(b)
	s := newScreen()
	p := paint.New()
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	roots := []fyne.CanvasObject{s.root}
	n := 0
	b.ReportAllocs()
	start := startClock()
	for b.Loop() {
		n++
		s.set(n, -1)
		p.Paint(dst, dst.Rect, 1, color.Black, roots)
	}
	start.report(b, n)
}

// BenchmarkFyneSoftware paints the same screen (same value changes) with
// Fyne's own software painter, for comparison.
func BenchmarkFyneSoftware(b *testing.B) {
	newApp(b)
	s := newScreen()
	c := software.NewCanvas()
	c.SetPadded(false)
	c.SetContent(s.root)
	c.Resize(fyne.NewSize(1280, 800))
	n := 0
	start := startClock()
	for b.Loop() {
		n++
		s.set(n, -1)
		c.Capture()
	}
	start.report(b, n)
}

// BenchmarkRepaintValue repaints what one value change damages: its text's
// old and new extents.
func BenchmarkRepaintValue(b *testing.B) {
	newApp(b)
	s := newScreen()
	p := paint.New()
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	roots := []fyne.CanvasObject{s.root}
	p.Paint(dst, dst.Rect, 1, color.Black, roots)
	v := s.values[42]
	pos := v.Position()
	n, pixels := 0, 0
	start := startClock()
	for b.Loop() {
		n++
		old := p.Extent(v, pos, 1)
		s.set(n, 42)
		clip := old.Union(p.Extent(v, pos, 1))
		pixels += clip.Dx() * clip.Dy()
		p.Paint(dst, clip, 1, color.Black, roots)
	}
	start.report(b, n)
	b.ReportMetric(100*float64(pixels)/float64(n)/(1280*800), "%pixels")
}

// BenchmarkWalk is the tree walk alone (package tree, Fyne's renderer
// cache), what every repaint pays however small its clip.
func BenchmarkWalk(b *testing.B) {
	newApp(b)
	s := newScreen()
	all := tree.Rect{Min: fyne.NewPos(-1e9, -1e9), Max: fyne.NewPos(1e9, 1e9)}
	n, objs := 0, 0
	start := startClock()
	for b.Loop() {
		n++
		tree.Walk(s.root, fyne.Position{}, all, func(fyne.CanvasObject, fyne.Position, tree.Rect) bool {
			objs++
			return true
		})
	}
	start.report(b, n)
	b.ReportMetric(float64(objs)/float64(n), "objects")
}
