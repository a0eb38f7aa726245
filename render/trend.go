package render

import (
	"context"
	"image/color"
	"math"
	"strings"
	"time"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/trends"
)

// TrendOptions are what the trend widget reads and acts through. The zero
// value makes it show "history not available".
type TrendOptions struct {
	// Source answers the trend's range queries (the historian). It is
	// only called inside Async's work.
	Source trends.Source
	// Now is the clock of the live trend and of export names; nil means
	// time.Now.
	Now func() time.Time
	// Async runs work off the UI goroutine, on a goroutine the caller owns,
	// then runs the function work returns on the UI goroutine (as
	// [AlarmOptions.Async]). Queries and exports go through it. Nil runs
	// both at once on the calling goroutine: for tests and snapshots.
	Async func(work func() (apply func()))
	// ExportDir is where the Export button writes CSV files (the runtime's
	// data directory); "" turns the button off.
	ExportDir string
	// Unit returns the engineering unit of a tag for the legend; nil or
	// "" shows none.
	Unit func(tag string) string
}

func (o TrendOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o TrendOptions) async(work func() func()) {
	if o.Async == nil {
		if apply := work(); apply != nil {
			apply()
		}
		return
	}
	o.Async(work)
}

// Limits of the time axis.
const (
	trendMinSpan = 10 * time.Second
	trendMaxSpan = gopage.MaxSpan
)

// trendPresets are the span buttons of a trend without presets.
var trendPresets = []string{"1m", "10m", "1h", "8h", "24h"}

// HasTrends reports whether the scene shows a trend: the runtime calls
// [Scene.TrendTick] at 10 Hz while it does.
func (s *Scene) HasTrends() bool {
	for _, w := range s.order {
		if w.trend != nil {
			return true
		}
	}
	return false
}

// TrendTick moves the live trends of the scene to now: each asks its
// Source for [now-span, now) at its width and repaints only itself when the
// answer comes. A trend whose query is still out skips the tick. The
// runtime calls it on the UI goroutine, about 10 times a second, while
// [Scene.HasTrends].
func (s *Scene) TrendTick(now time.Time) {
	for _, w := range s.order {
		if v := w.trend; v != nil && v.live && v.opts.Source != nil && w.Object.Visible() {
			v.end = now
			if !v.running {
				v.request()
			}
		}
	}
}

// restyleTrends gives the trends and the alarm widgets the computed style
// of now. Their colours are custom properties (--pen-N, --alarm-*, --text,
// --surface): a theme or sheet change that moves only those makes no
// patch, since patches name typed properties only, so they are restyled
// here.
func (s *Scene) restyleTrends() {
	for _, w := range s.order {
		if w.trend != nil || w.alarm != nil {
			s.restyle(w)
		}
	}
}

// trendView is one trend: its pens and time range, live or in history,
// and what its Source answered last. UI goroutine.
type trendView struct {
	w    *Widget
	opts TrendOptions
	ui   *trendUI

	pens    []trendPen
	lo, hi  float64 // the left axis' fixed ends; NaN: from the data
	legend  bool
	presets []time.Duration
	labels  []string // the presets' button texts

	live   bool
	span   time.Duration
	end    time.Time // the right edge of the plot
	cursor time.Time // zero: none

	width   int // columns of the plot, from its layout
	running bool
	again   bool // asked for again while running
	shown   trends.Query
	series  []trendSeries        // the last answer, as the chart keeps it
	unc     []trends.Uncertainty // by series, when the Source tells (trends.UncertainSource)
	// spare is the last answer, kept in series, and spareUnc the
	// uncertainty before unc, for the next query to answer into when the
	// Source is a trends.ReuseSource.
	spare    []trends.Series
	spareUnc []trends.Uncertainty
	hidden   bool // its screen is not on show: see Scene.Hidden
	err      error
	queries  []trends.Query // every query sent, for tests
}

// configure reads the node's props; the time state (live, span, end,
// cursor) stays, so an edited pen list keeps its place in history.
func (v *trendView) configure(n *gopage.Node, look trendLook, first bool) {
	v.pens = v.pens[:0]
	if p := n.Props["pens"]; p != nil {
		for i, pen := range p.Pens {
			tp := trendPen{tag: pen.Tag, label: pen.Label, width: float32(pen.Width) * v.w.scene.zoom}
			if tp.label == "" {
				tp.label = pen.Tag
			}
			if tp.width <= 0 {
				tp.width = 2 * v.w.scene.zoom
			}
			tp.col = look.pens[i%len(look.pens)]
			if c, err := gopage.ParseColor(pen.Color); pen.Color != "" && err == nil {
				tp.col = color.NRGBAModel.Convert(c).(color.NRGBA)
			}
			switch pen.Axis {
			case "right":
				tp.axis = axisRight
			case "own":
				tp.axis = axisOwn
			}
			if v.opts.Unit != nil {
				tp.unit = v.opts.Unit(pen.Tag)
			}
			v.pens = append(v.pens, tp)
		}
	}
	v.lo, v.hi = math.NaN(), math.NaN()
	if p := n.Props["min"]; p != nil {
		v.lo = p.Num
	}
	if p := n.Props["max"]; p != nil {
		v.hi = p.Num
	}
	v.legend = n.Props["legend"] == nil || n.Props["legend"].Bool
	v.labels = trendPresets
	if p := n.Props["presets"]; p != nil {
		v.labels = p.List
	}
	v.presets = v.presets[:0]
	for _, s := range v.labels {
		d, _ := gopage.ParseDuration(s)
		v.presets = append(v.presets, d)
	}
	if first {
		v.span = 10 * time.Minute
		if s := str(n, "span", ""); s != "" {
			v.span, _ = gopage.ParseDuration(s)
		}
		v.span = clampSpan(v.span)
		v.live, v.end = true, v.opts.now()
	}
}

func clampSpan(d time.Duration) time.Duration { return min(max(d, trendMinSpan), trendMaxSpan) }

// query is what the plot shows now.
func (v *trendView) query() trends.Query {
	tags := make([]string, len(v.pens))
	for i, p := range v.pens {
		tags[i] = p.tag
	}
	return trends.Query{Tags: tags, From: v.end.Add(-v.span), To: v.end, Width: min(max(v.width, 1), 8192)}
}

// request asks the Source for what the plot shows, off the UI goroutine;
// at most one query is out, and one asked for meanwhile runs after it.
func (v *trendView) request() {
	if v.opts.Source == nil || v.width <= 0 || len(v.pens) == 0 {
		v.ui.paint()
		return
	}
	if v.running {
		v.again = true
		return
	}
	v.running = true
	q, src := v.query(), v.opts.Source
	v.queries = append(v.queries, q)
	if len(v.queries) > 64 {
		v.queries = v.queries[len(v.queries)-32:]
	}
	// The query answers into the answer before last, which nothing
	// reads any more (see trends.ReuseSource).
	spare, spareUnc := v.spare, v.spareUnc
	v.spare, v.spareUnc = nil, nil
	v.opts.async(func() func() {
		ss, unc, err := queryTrend(src, q, spare, spareUnc)
		return func() {
			if err != nil {
				v.spare, v.spareUnc = spare, spareUnc
			}
			v.show(q, ss, unc, err)
		}
	})
}

// queryTrend asks src for q, and which columns hold Uncertain samples
// when src can tell; a trends.ReuseSource answers into ss and unc.
func queryTrend(src trends.Source, q trends.Query, ss []trends.Series, unc []trends.Uncertainty) ([]trends.Series, []trends.Uncertainty, error) {
	switch src := src.(type) {
	case trends.ReuseSource:
		return src.QueryInto(context.Background(), q, ss, unc)
	case trends.UncertainSource:
		return src.QueryUncertain(context.Background(), q)
	}
	ss, err := src.Query(context.Background(), q)
	return ss, nil, err
}

// show puts a query's answer on the plot (UI goroutine); the answer it
// replaces is kept for the next query to answer into.
func (v *trendView) show(q trends.Query, ss []trends.Series, unc []trends.Uncertainty, err error) {
	v.running = false
	v.err = err
	if err == nil {
		v.series = keepSeries(v.series, ss)
		v.spare, v.spareUnc = ss, v.unc
		if v.hidden { // nothing answers into it before the screen is shown again
			v.spare, v.spareUnc = nil, nil
		}
		v.shown, v.unc = q, unc
	}
	v.ui.paint()
	if v.again {
		v.again = false
		v.request()
	}
}

// chart is the frame the plot draws.
func (v *trendView) chart() *trendChart {
	c := &trendChart{from: v.shown.From, to: v.shown.To, pens: v.pens, lo: v.lo, hi: v.hi, cursor: v.cursor, look: v.ui.look, scale: 1}
	if v.shown.Width == 0 { // nothing came back yet
		c.from, c.to = v.end.Add(-v.span), v.end
	}
	// The answer's series are matched to the pens by tag: a pen added by
	// a reload shows once the next answer comes.
	c.series = make([]trendSeries, len(v.pens))
	c.unc = make([]trends.Uncertainty, len(v.pens))
	for i, p := range v.pens {
		for k, s := range v.series {
			if s.tag == p.tag {
				c.series[i] = s
				if k < len(v.unc) {
					c.unc[i] = v.unc[k]
				}
				break
			}
		}
	}
	return c
}

// pan moves the shown range by d (positive: later). Live stops; a range
// that reaches now goes live again.
func (v *trendView) pan(d time.Duration) {
	now := v.opts.now()
	end := v.end.Add(d)
	if !end.Before(now) {
		v.goLive()
		return
	}
	v.live, v.end = false, end
	v.request()
}

// zoom scales the span by f around the time at frac (0: left edge, 1:
// right edge) of the plot. A live trend stays live and keeps now at its
// right edge.
func (v *trendView) zoom(f float64, frac float64) {
	span := clampSpan(time.Duration(float64(v.span) * f))
	if span == v.span {
		return
	}
	if !v.live {
		at := v.end.Add(-v.span).Add(time.Duration(frac * float64(v.span)))
		end := at.Add(time.Duration((1 - frac) * float64(span)))
		if now := v.opts.now(); end.After(now) {
			end = now
		}
		v.end = end
	}
	v.span = span
	v.request()
}

// setSpan is a preset button: the right edge stays.
func (v *trendView) setSpan(d time.Duration) {
	v.span = clampSpan(d)
	v.request()
}

func (v *trendView) goLive() {
	v.live, v.end = true, v.opts.now()
	v.request()
}

// tap puts the cursor at frac of the plot, or takes it away when the tap
// is within tol of it.
func (v *trendView) tap(frac, tol float64) {
	from := v.shown.From
	span := v.shown.To.Sub(from)
	if v.shown.Width == 0 || span <= 0 {
		return
	}
	t := from.Add(time.Duration(frac * float64(span)))
	if !v.cursor.IsZero() && math.Abs(float64(t.Sub(v.cursor))) <= tol*float64(span) {
		v.cursor = time.Time{}
	} else {
		v.cursor = t
	}
	v.ui.paint()
}

// cursorValues are each pen's value at the cursor: the last value of the
// column under it; ok false where the column has none; unc true where the
// column holds an Uncertain sample.
func (v *trendView) cursorValues() (vals []float64, ok, unc []bool) {
	c := v.chart()
	span := c.to.Sub(c.from)
	for k, s := range c.series {
		n := len(s.cols)
		i := -1
		if n > 0 && span > 0 && !v.cursor.Before(c.from) && v.cursor.Before(c.to) {
			i = min(int(float64(v.cursor.Sub(c.from))/float64(span)*float64(n)), n-1)
		}
		if i >= 0 && s.cols[i].has {
			u := c.unc[k].Columns
			vals, ok, unc = append(vals, s.cols[i].last), append(ok, true), append(unc, i < len(u) && u[i])
		} else {
			vals, ok, unc = append(vals, 0), append(ok, false), append(unc, false)
		}
	}
	return vals, ok, unc
}

// trendLook is the colours and sizes of a trend, from its computed style:
// the pens take the sheet's --pen-1 … --pen-8 unless they set a colour;
// --trend-grid and --trend-cursor colour the grid and cursor; text and
// surface as the alarm widgets (--text, --surface), with defaults for a
// day and a night theme.
type trendLook struct {
	pens                       [8]color.NRGBA
	text, muted, surface       color.Color
	plotBg, grid, axis, cursor color.NRGBA
	size                       float32
}

// trendDefaults are the palettes used where a sheet sets no --pen-*.
var trendDefaults = map[bool]map[string]string{
	false: {"--pen-1": "#1f5fbf", "--pen-2": "#c62828", "--pen-3": "#2e7d32", "--pen-4": "#7b1fa2",
		"--pen-5": "#ef6c00", "--pen-6": "#00838f", "--pen-7": "#6d4c41", "--pen-8": "#ad1457",
		"--text": "#101010", "--surface": "#e4e4e4", "--trend-plot": "#f7f7f7", "--trend-grid": "#d4d4d4", "--trend-cursor": "#303030"},
	true: {"--pen-1": "#64b5f6", "--pen-2": "#ef5350", "--pen-3": "#81c784", "--pen-4": "#ce93d8",
		"--pen-5": "#ffb74d", "--pen-6": "#4dd0e1", "--pen-7": "#bcaaa4", "--pen-8": "#f48fb1",
		"--text": "#d8dde4", "--surface": "#2a2e35", "--trend-plot": "#1d2026", "--trend-grid": "#3a3f48", "--trend-cursor": "#e0e0e0"},
}

func (w *Widget) trendLook(c *style.Computed, pal symbol.Palette) trendLook {
	th := strings.ToLower(w.scene.env.Theme)
	l := trendLookFrom(c, strings.Contains(th, "night") || strings.Contains(th, "dark"))
	l.size = pal.TextSize
	if c.FontSize.Set && c.FontSize.Unit == style.Px {
		l.size = c.FontSize.Value * w.scene.zoom
	}
	return l
}

// trendLookFor is the default look of a day or a night theme.
func trendLookFor(night bool) trendLook { return trendLookFrom(&style.Computed{}, night) }

func trendLookFrom(c *style.Computed, night bool) trendLook {
	def := trendDefaults[night]
	v := func(name string) color.NRGBA {
		col := hexColor(c.Vars[name])
		if col == nil {
			col = hexColor(def[name])
		}
		return color.NRGBAModel.Convert(col).(color.NRGBA)
	}
	var l trendLook
	for i := range l.pens {
		l.pens[i] = v("--pen-" + string(rune('1'+i)))
	}
	l.text = colorOr(c.Color, v("--text"))
	l.surface = colorOr(c.Background, v("--surface"))
	l.muted = mix(l.text, l.surface, 0.4)
	l.plotBg, l.grid, l.cursor = v("--trend-plot"), v("--trend-grid"), v("--trend-cursor")
	l.axis = color.NRGBAModel.Convert(mix(l.text, l.plotBg, 0.55)).(color.NRGBA)
	return l
}
