package paint_test

import (
	"testing"

	"fyne.io/fyne/v2/canvas"

	"github.com/gohmi/gohmi/render/raster/paint"
	"github.com/gohmi/gohmi/render/symbol"
)

// TestSymbols paints gohmi's process graphics (arcs, polygons, circles,
// rounded rectangles with strokes, text): what a panel shows.
func TestSymbols(t *testing.T) {
	newApp(t)
	pal := symbol.DefaultPalette()
	g := symbol.NewGauge()
	g.SetValue(62.5)
	tk := symbol.NewTank()
	tk.SetLabel("T-101")
	tk.SetUnit("%")
	tk.SetValue(62.5)
	pump, valve, lamp := symbol.NewPump(), symbol.NewValve(), symbol.NewLamp()
	roots := scene(
		place(canvas.NewRectangle(pal.Background), 0, 0, 420, 220),
		place(g, 10, 10, 150, 150),
		place(tk, 170, 10, 100, 200),
		place(pump, 280, 10, 60, 60),
		place(valve, 350, 10, 60, 60),
		place(lamp, 280, 90, 40, 40),
	)
	p := paint.New()
	golden(t, "symbols", paintAll(p, 420, 220, 1, roots), 2)
	golden(t, "symbols_x2", paintAll(p, 840, 440, 2, roots), 2)
}
