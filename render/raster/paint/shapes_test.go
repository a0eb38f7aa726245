package paint_test

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/gohmi/gohmi/render/raster/paint"
)

var (
	red   = color.NRGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff}
	blue  = color.NRGBA{R: 0x2b, G: 0x7d, B: 0xe9, A: 0xff}
	dark  = color.NRGBA{R: 0x30, G: 0x30, B: 0x30, A: 0xff}
	green = color.NRGBA{R: 0x2e, G: 0x9d, B: 0x4a, A: 0xff}
	half  = color.NRGBA{R: 0x20, G: 0x40, B: 0xc0, A: 0x80}
)

func rect(fill, stroke color.Color, sw, radius float32) *canvas.Rectangle {
	r := canvas.NewRectangle(fill)
	r.StrokeColor, r.StrokeWidth, r.CornerRadius = stroke, sw, radius
	return r
}

func rectScene() []fyne.CanvasObject {
	corners := rect(blue, dark, 2, 0)
	corners.TopLeftCornerRadius, corners.BottomRightCornerRadius = 20, 6
	square := rect(green, nil, 0, 0)
	square.Aspect = 1
	return scene(
		place(rect(red, nil, 0, 0), 10, 10, 60, 40),
		place(rect(red, dark, 3, 0), 80, 10, 60, 40),
		place(rect(nil, dark, 1, 0), 150, 10, 60, 40),
		place(rect(blue, nil, 0, 10), 10, 60, 60, 40),
		place(rect(blue, dark, 2, 10), 80, 60, 60, 40),
		place(rect(nil, red, 4, 12), 150, 60, 60, 40),
		place(corners, 10, 110, 80, 50),
		place(square, 100, 110, 90, 50),
		place(rect(half, nil, 0, 8), 30, 30, 150, 100), // translucent over the others
		place(rect(blue, half, 6, 25), 200, 110, 50, 50),
	)
}

func TestRectangles(t *testing.T) {
	newApp(t)
	p := paint.New()
	img := paintAll(p, 260, 170, 1, rectScene())
	golden(t, "rectangles", img, 2)
	expect(t, img, 11, 11, red)   // a plain rectangle's corner pixel
	expect(t, img, 81, 11, dark)  // its stroke lies inside its bounds
	expect(t, img, 79, 11, bg)    // and not outside
	expect(t, img, 84, 14, red)   // the fill starts after 3 px of stroke
	expect(t, img, 150, 10, dark) // a 1 px outline
	expect(t, img, 10, 60, bg)    // a rounded corner leaves the corner pixel
	expect(t, img, 40, 80, blend(blue, half))
	hi := paintAll(p, 520, 340, 2, rectScene())
	golden(t, "rectangles_x2", hi, 2)
}

// blend is c over b, as image/draw composites (premultiplied).
func blend(b, c color.Color) color.RGBA {
	br, bgc, bb, ba := b.RGBA()
	cr, cg, cb, ca := c.RGBA()
	a := 0xffff - ca
	return color.RGBA{
		R: uint8((br*a/0xffff + cr) >> 8), G: uint8((bgc*a/0xffff + cg) >> 8),
		B: uint8((bb*a/0xffff + cb) >> 8), A: uint8((ba*a/0xffff + ca) >> 8),
	}
}

func circle(fill, stroke color.Color, sw float32) *canvas.Circle {
	c := canvas.NewCircle(fill)
	c.StrokeColor, c.StrokeWidth = stroke, sw
	return c
}

func line(c color.Color, w, x1, y1, x2, y2 float32) *canvas.Line {
	l := canvas.NewLine(c)
	l.StrokeWidth = w
	l.Position1, l.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
	return l
}

func polygon(sides uint, fill, stroke color.Color, sw, radius, angle float32) *canvas.Polygon {
	p := canvas.NewPolygon(sides, fill)
	p.StrokeColor, p.StrokeWidth, p.CornerRadius, p.Angle = stroke, sw, radius, angle
	return p
}

func arc(start, end, cutout float32, fill, stroke color.Color, sw, radius float32) *canvas.Arc {
	a := canvas.NewArc(start, end, cutout, fill)
	a.StrokeColor, a.StrokeWidth, a.CornerRadius = stroke, sw, radius
	return a
}

func shapeScene() []fyne.CanvasObject {
	return scene(
		place(circle(red, nil, 0), 10, 10, 50, 50),
		place(circle(blue, dark, 3), 70, 10, 50, 50),
		place(circle(nil, green, 2), 130, 10, 70, 40), // a stadium, as GL draws it
		line(dark, 1, 10, 70, 200, 70),
		line(red, 3, 10, 80, 200, 80),
		line(blue, 1, 210, 10, 210, 100),
		line(green, 2, 10, 90, 200, 130),
		line(dark, 4.5, 220, 20, 250, 120),
		place(polygon(3, red, nil, 0, 0, 0), 10, 140, 50, 50),
		place(polygon(5, blue, dark, 2, 0, 0), 70, 140, 50, 50),
		place(polygon(6, green, dark, 1.5, 6, 30), 130, 140, 50, 50),
		place(polygon(3, nil, red, 3, 4, 90), 190, 140, 50, 50),
		place(arc(-135, 135, 0.7, green, nil, 0, 0), 10, 200, 70, 70),
		place(arc(-135, 45, 0.7, nil, dark, 1.5, 0), 10, 200, 70, 70),
		place(arc(0, 100, 0, red, nil, 0, 0), 90, 200, 70, 70),
		place(arc(30, 300, 0.5, blue, dark, 2, 6), 170, 200, 70, 70),
		place(arc(0, 360, 0.8, half, nil, 0, 0), 250, 200, 70, 70),
	)
}

func TestShapes(t *testing.T) {
	newApp(t)
	p := paint.New()
	img := paintAll(p, 330, 280, 1, shapeScene())
	golden(t, "shapes", img, 2)
	expect(t, img, 35, 35, red)   // a circle's centre
	expect(t, img, 11, 11, bg)    // not its bounding box's corner
	expect(t, img, 100, 69, dark) // a 1 px line at y=70 covers row 69
	expect(t, img, 100, 70, bg)
	expect(t, img, 100, 78, red) // a 3 px line at y=80 covers rows 78–80
	expect(t, img, 100, 80, red)
	expect(t, img, 100, 81, bg)
	golden(t, "shapes_x2", paintAll(p, 660, 560, 2, shapeScene()), 2)
}
