package render

import (
	"image"
	"unsafe"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/trends"
)

// Test hooks of the trend widget, for the black-box tests.

// TrendPlot is a trend's chart: the object gestures go to.
func TrendPlot(w *Widget) fyne.CanvasObject { return w.trend.ui.plot }

// TrendPlotRect is where the chart draws its lines inside TrendPlot.
func TrendPlotRect(w *Widget) image.Rectangle { return w.trend.ui.plot.axes.plot }

// TrendQueries are the queries a trend sent, oldest first (the last 32 or more).
func TrendQueries(w *Widget) []trends.Query { return w.trend.queries }

// TrendLegend is the legend's texts: one per pen, then the cursor's time.
func TrendLegend(w *Widget) []string {
	var out []string
	for _, t := range w.trend.ui.items {
		out = append(out, t.Text)
	}
	return out
}

// TrendLive reports whether a trend follows now.
func TrendLive(w *Widget) bool { return w.trend.live }

// TrendFrames counts a trend's repaints of its chart.
func TrendFrames(w *Widget) int { return w.trend.ui.plot.frames }

// TrendMessage is the line under a trend's legend.
func TrendMessage(w *Widget) string { return w.trend.ui.msg.t.Text }

// TrendPaint returns a trend's chart as the window gets it when it paints
// the plot: drawn, unless its scene's image holds it already.
func TrendPaint(w *Widget) image.Image { return w.trend.ui.plot.image() }

// TrendDraws counts the charts a trend drew into its scene's image.
func TrendDraws(w *Widget) int { return w.trend.ui.plot.draws }

// TrendImage is the image a trend's chart is drawn into, the one its
// scene's plots share; nil while its screen is hidden.
func TrendImage(w *Widget) *image.RGBA { return w.scene.plots.img }

// TrendHeld is the bytes of columns a trend holds: of full answers (the
// one kept for the next query to answer into) and of what it keeps to
// draw.
func TrendHeld(w *Widget) (full, kept int) {
	for _, s := range w.trend.spare {
		full += cap(s.Columns) * int(unsafe.Sizeof(trends.Column{}))
	}
	for _, s := range w.trend.series {
		kept += cap(s.cols) * int(unsafe.Sizeof(trendCol{}))
	}
	return full, kept
}

// TrendSpare is how many series the trend keeps for the next query to
// answer into.
func TrendSpare(w *Widget) int { return len(w.trend.spare) }
