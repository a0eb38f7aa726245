package paint_test

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/gohmi/gohmi/render/raster/paint"
)

func text(s string, size float32, style fyne.TextStyle, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize, t.TextStyle = size, style
	return t
}

func textScene() []fyne.CanvasObject {
	styles := []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}, {Symbol: true}}
	var objs []fyne.CanvasObject
	for i, st := range styles {
		s := "Pump 1: 42.7 °C\tok"
		if st.Symbol {
			s = "⌘ ⇧ ⌥ ⌃ ⎋" // the symbol font has symbols only
		}
		objs = append(objs, place(text(s, 14, st, dark), 5, float32(5+i*22), 250, 20))
	}
	left := place(text("left", 12, fyne.TextStyle{}, red), 5, 140, 250, 20)
	center := place(text("centre", 12, fyne.TextStyle{}, red), 5, 140, 250, 20)
	center.Alignment = fyne.TextAlignCenter
	right := place(text("right", 12, fyne.TextStyle{}, red), 5, 140, 250, 20)
	right.Alignment = fyne.TextAlignTrailing
	big := place(text("1234.5", 40, fyne.TextStyle{Bold: true}, blue), 5, 165, 250, 50)
	custom := place(text("custom font", 14, fyne.TextStyle{}, green), 5, 220, 250, 20)
	custom.FontSource = theme.DefaultTextBoldItalicFont()
	faded := place(text("translucent", 18, fyne.TextStyle{}, half), 120, 215, 130, 30)
	nilColour := place(text("theme colour", 14, fyne.TextStyle{}, nil), 5, 245, 250, 20)
	return scene(append(objs, place(rect(color.White, nil, 0, 0), 0, 138, 260, 24), place(rect(dark, nil, 0, 0), 0, 243, 260, 24), left, center, right, big, custom, faded, nilColour)...)
}

func TestText(t *testing.T) {
	newApp(t)
	p := paint.New()
	golden(t, "text", paintAll(p, 260, 270, 1, textScene()), 2)
	golden(t, "text_x2", paintAll(p, 520, 540, 2, textScene()), 2)
}

// TestTextSizeAgreesWithPixels: the measured size of a string holds every
// pixel it paints, and its ink reaches near each end: layout and pixels
// come from one shaping.
func TestTextSizeAgreesWithPixels(t *testing.T) {
	newApp(t)
	p := paint.New()
	for _, tc := range []struct {
		s     string
		size  float32
		style fyne.TextStyle
		scale float32
	}{
		{"12345.67", 14, fyne.TextStyle{}, 1},
		{"HMI", 30, fyne.TextStyle{Bold: true}, 1},
		{"Tank level", 14, fyne.TextStyle{}, 1.5},
		{"MMMM", 20, fyne.TextStyle{Monospace: true}, 2},
		{"HIM", 16, fyne.TextStyle{Italic: true}, 1},
	} {
		t.Run(tc.s, func(t *testing.T) {
			sz, base := p.TextSize(tc.s, tc.size, tc.style, nil)
			if sz.Width <= 0 || base <= 0 || base >= sz.Height {
				t.Fatalf("TextSize = %v, %v", sz, base)
			}
			o := text(tc.s, tc.size, tc.style, color.Black)
			o.Move(fyne.NewPos(10, 10))
			o.Resize(sz)
			w := int((sz.Width+40)*tc.scale) + 20
			h := int((sz.Height+20)*tc.scale) + 20
			img := image.NewRGBA(image.Rect(0, 0, w, h))
			p.Paint(img, img.Rect, tc.scale, color.White, scene(o))
			ink := inkBounds(img)
			box := image.Rect(int(10*tc.scale), int(10*tc.scale), int((10+sz.Width)*tc.scale)+1, int((10+sz.Height)*tc.scale)+1)
			if tc.style.Italic {
				box.Max.X += int(tc.size / 5 * tc.scale)
			}
			if !ink.In(box) {
				t.Errorf("ink %v outside the measured box %v", ink, box)
			}
			slack := int(tc.size * tc.scale / 4)
			if ink.Min.X-box.Min.X > slack || (10+sz.Width)*tc.scale-float32(ink.Max.X) > float32(slack) {
				t.Errorf("ink %v does not span the measured width %v (slack %d)", ink, box, slack)
			}
			baseline := int(10*tc.scale) + int(base*tc.scale+0.999)
			if ink.Max.Y < baseline-1 || ink.Max.Y > baseline+1 {
				t.Errorf("ink ends at y=%d, baseline at %d", ink.Max.Y, baseline)
			}
		})
	}
}

// inkBounds is the bounds of the non-white pixels.
func inkBounds(img *image.RGBA) image.Rectangle {
	var r image.Rectangle
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if c := img.RGBAAt(x, y); c.R < 0xf0 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// TestTextSizeMatchesFyne: TextSize measures as Fyne's own painters do
// (same shaping, tab stops, line height, baseline), so a layout made under
// Fyne's drivers is the layout made under ours.
func TestTextSizeMatchesFyne(t *testing.T) {
	newApp(t)
	p := paint.New()
	drv := fyne.CurrentApp().Driver()
	for _, s := range []string{"", " ", "42.7", "Pump 1: 42.7 °C", "a\tb\t\tc", "ÄÖÜ ßé – “quoted”", "WWWWWWWWWWWWWWWWWWWWWW", "fi fl ffi"} {
		for _, st := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}, {Monospace: true, TabWidth: 2}} {
			for _, size := range []float32{9, 14, 23.8, 40} {
				got, gotBase := p.TextSize(s, size, st, nil)
				want, wantBase := drv.RenderedTextSize(s, size, st, nil)
				if !near(got.Width, want.Width) || !near(got.Height, want.Height) || !near(gotBase, wantBase) {
					t.Errorf("TextSize(%q, %v, %+v) = %v, %v; Fyne: %v, %v", s, size, st, got, gotBase, want, wantBase)
				}
			}
		}
	}
}

func near(a, b float32) bool { return a-b < 0.01 && b-a < 0.01 }
