package paint_test

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render/raster/paint"
)

// randomTree builds a scene of every primitive with random geometry and
// styles, some of it inside scrollers (clipping containers), some of it
// partly off the canvas.
func randomTree(r *rand.Rand, w, h float32, strs []string) []fyne.CanvasObject {
	col := func() color.Color {
		switch r.IntN(6) {
		case 0:
			return nil
		case 1:
			return color.NRGBA{R: uint8(r.UintN(256)), G: uint8(r.UintN(256)), B: uint8(r.UintN(256)), A: uint8(r.UintN(256))}
		}
		return color.NRGBA{R: uint8(r.UintN(256)), G: uint8(r.UintN(256)), B: uint8(r.UintN(256)), A: 0xff}
	}
	f := func(lo, hi float32) float32 { return lo + r.Float32()*(hi-lo) }
	str := func() string {
		if len(strs) > 0 && r.IntN(2) == 0 {
			return strs[r.IntN(len(strs))]
		}
		return []string{"42.7", "Pump 1", "ÄÖÜ ßé", "a\tb", "", "1234567890", "¼ ⌘"}[r.IntN(7)]
	}
	var obj func(depth int) fyne.CanvasObject
	obj = func(depth int) fyne.CanvasObject {
		var o fyne.CanvasObject
		switch k := r.IntN(13); {
		case k == 0:
			o = rect(col(), col(), f(0, 6), f(0, 30))
		case k == 1:
			rc := rect(col(), col(), f(0, 4), 0)
			rc.TopLeftCornerRadius, rc.BottomRightCornerRadius, rc.Aspect = f(0, 20), f(0, 20), float32(r.IntN(3))*0.7
			o = rc
		case k == 2:
			o = circle(col(), col(), f(0, 5))
		case k == 3:
			o = line(col(), f(0, 6), f(-20, w), f(-20, h), f(0, w+20), f(0, h+20))
		case k == 4:
			o = polygon(uint(r.IntN(9)), col(), col(), f(0, 4), f(0, 15), f(-180, 360))
		case k == 5:
			o = arc(f(-360, 360), f(-360, 360), f(-0.2, 1.2), col(), col(), f(0, 5), f(0, 15))
		case k == 6 || k == 7:
			t := text(str(), f(1, 40), fyne.TextStyle{Bold: r.IntN(2) == 0, Italic: r.IntN(3) == 0, Monospace: r.IntN(4) == 0}, col())
			t.Alignment = fyne.TextAlign(r.IntN(3))
			o = t
		case k == 8:
			i := canvas.NewImageFromResource([]fyne.Resource{theme.HomeIcon(), theme.WarningIcon(), checkerRes}[r.IntN(3)])
			i.FillMode, i.ScaleMode = canvas.ImageFill(r.IntN(4)), canvas.ImageScale(r.IntN(3))
			i.Translucency, i.CornerRadius = float64(f(-0.2, 1)), f(0, 10)
			o = i
		case k == 9:
			g := canvas.NewLinearGradient(col(), col(), float64(45*r.IntN(8)))
			o = g
		case k == 10:
			o = canvas.NewRadialGradient(col(), col())
		case k == 11:
			o = canvas.NewRasterWithPixels(func(x, y, w, h int) color.Color {
				return color.NRGBA{R: uint8(x), G: uint8(y), B: uint8(w + h), A: 0xc0}
			})
		default:
			if depth > 2 {
				o = widget.NewLabel(str())
				break
			}
			var kids []fyne.CanvasObject
			for range r.IntN(5) {
				kids = append(kids, obj(depth+1))
			}
			c := container.NewWithoutLayout(kids...)
			if r.IntN(2) == 0 {
				o = container.NewScroll(c) // clips its content
			} else {
				o = c
			}
			o.Resize(fyne.NewSize(f(10, w), f(10, h)))
			if s, ok := o.(*container.Scroll); ok {
				c.Resize(fyne.NewSize(f(10, w*2), f(10, h*2)))
				s.Offset = fyne.NewPos(f(0, 30), f(0, 30))
				s.Refresh()
			}
			o.Move(fyne.NewPos(f(-20, w), f(-20, h)))
			return o
		}
		if _, ok := o.(*canvas.Line); !ok {
			o.Resize(fyne.NewSize(f(0, w/2), f(0, h/2)))
			o.Move(fyne.NewPos(f(-20, w), f(-20, h)))
		}
		return o
	}
	var objs []fyne.CanvasObject
	for range 5 + r.IntN(30) {
		objs = append(objs, obj(0))
	}
	roots := scene(objs...)
	if r.IntN(2) == 0 { // an overlay
		roots = append(roots, place(rect(color.NRGBA{A: 0x80}, col(), 2, 8), f(0, w/2), f(0, h/2), f(10, w/2), f(10, h/2)))
	}
	return roots
}

var checkerRes fyne.Resource

// TestPartialEqualsFull is the fast path checked against the slow one:
// painting a tree into any clip rectangle gives exactly the pixels a
// whole repaint gives inside it, and leaves every pixel outside alone.
func TestPartialEqualsFull(t *testing.T) {
	newApp(t)
	checkerRes = checker(t)
	const w, h = 320, 240
	for seed := range uint64(12) {
		r := rand.New(rand.NewPCG(seed, 7))
		scale := []float32{1, 1.5, 2, 0.75}[seed%4]
		roots := randomTree(r, w/scale, h/scale, nil)
		p := paint.New()
		full := paintAll(p, w, h, scale, roots)
		for i := range 20 {
			x0, y0 := r.IntN(w+20)-10, r.IntN(h+20)-10
			clip := image.Rect(x0, y0, x0+1+r.IntN(w/2), y0+1+r.IntN(h/2))
			if i == 0 {
				clip = image.Rect(0, 0, w, h)
			}
			dst := sentinel(w, h)
			pp := p
			if i%3 == 2 {
				pp = paint.New() // cold caches paint the same
			}
			pp.Paint(dst, clip, scale, bg, roots)
			if bad := compareClip(full, dst, clip); bad != "" {
				t.Fatalf("seed %d clip %v: %s", seed, clip, bad)
			}
		}
	}
}

// sentinel is an image filled with a colour no paint produces here.
func sentinel(w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range dst.Pix {
		dst.Pix[i] = []uint8{1, 2, 3, 4}[i%4]
	}
	return dst
}

// compareClip checks dst against full inside clip and against the
// sentinel outside.
func compareClip(full, dst *image.RGBA, clip image.Rectangle) string {
	s := color.RGBA{1, 2, 3, 4}
	for y := full.Rect.Min.Y; y < full.Rect.Max.Y; y++ {
		for x := full.Rect.Min.X; x < full.Rect.Max.X; x++ {
			got := dst.RGBAAt(x, y)
			want := s
			if image.Pt(x, y).In(clip) {
				want = full.RGBAAt(x, y)
			}
			if got != want {
				return "pixel " + image.Pt(x, y).String() + " = " + rgbaString(got) + ", want " + rgbaString(want)
			}
		}
	}
	return ""
}

func rgbaString(c color.RGBA) string { return fmt.Sprint(c) }

// TestExtentHoldsPaint: no primitive paints outside its Extent, the
// rectangle a damage tracker marks when it changes.
func TestExtentHoldsPaint(t *testing.T) {
	newApp(t)
	checkerRes = checker(t)
	const w, h = 240, 180
	for seed := range uint64(8) {
		r := rand.New(rand.NewPCG(seed, 13))
		scale := []float32{1, 1.5, 2, 0.75}[seed%4]
		roots := randomTree(r, w/scale, h/scale, nil)
		p := paint.New()
		for _, o := range roots[0].(*fyne.Container).Objects {
			if _, ok := o.(*fyne.Container); ok {
				continue
			}
			if _, ok := o.(fyne.Widget); ok {
				continue
			}
			dst := sentinel(w, h)
			p.Paint(dst, dst.Rect, scale, nil, scene(o)) // no background: only o's pixels change
			ext := p.Extent(o, o.Position(), scale)
			if d := compareOutside(sentinel(w, h), dst, ext); d != "" {
				t.Fatalf("seed %d: %T at %v size %v, extent %v: %s", seed, o, o.Position(), o.Size(), ext, d)
			}
		}
	}
}
