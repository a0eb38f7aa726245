package render_test

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/trends"
)

// memSource is an in-memory trends.Source: generated samples per tag,
// reduced to M4 columns by a plain scan. It records every query.
type memSource struct {
	mu      sync.Mutex
	samples map[string][]trends.Sample // by time
	queries []trends.Query
}

var _ trends.Source = (*memSource)(nil)

func (m *memSource) Query(_ context.Context, q trends.Query) ([]trends.Series, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queries = append(m.queries, q)
	out := make([]trends.Series, len(q.Tags))
	for i, tag := range q.Tags {
		out[i] = m4(tag, m.samples[tag], q)
	}
	return out, nil
}

// uncSource is a memSource that tells which columns hold Uncertain
// samples: those overlapping [from, to), and every series' Last.
type uncSource struct {
	*memSource
	from, to time.Time
}

var _ trends.UncertainSource = uncSource{}

func (u uncSource) QueryUncertain(ctx context.Context, q trends.Query) ([]trends.Series, []trends.Uncertainty, error) {
	ss, err := u.Query(ctx, q)
	unc := make([]trends.Uncertainty, len(ss))
	for i, s := range ss {
		unc[i] = trends.Uncertainty{Columns: make([]bool, len(s.Columns)), Last: true}
		for j, c := range s.Columns {
			unc[i].Columns[j] = c.N > 0 && c.From.Before(u.to) && u.from.Before(c.To)
		}
	}
	return ss, unc, err
}

func (m *memSource) last() trends.Query {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.queries[len(m.queries)-1]
}

// m4 reduces samples to q.Width columns: first, last, min and max of the
// good samples in each; a bad sample since the previous good one is a gap.
func m4(tag string, ss []trends.Sample, q trends.Query) trends.Series {
	s := trends.Series{Tag: tag, Columns: make([]trends.Column, q.Width)}
	span := q.To.Sub(q.From)
	edge := func(j int) time.Time { return q.From.Add(time.Duration(float64(span) * float64(j) / float64(q.Width))) }
	i := sort.Search(len(ss), func(i int) bool { return !ss[i].T.Before(q.From) })
	bad := false
	for j := range s.Columns {
		c := &s.Columns[j]
		c.From, c.To = edge(j), edge(j+1)
		for ; i < len(ss) && ss[i].T.Before(c.To); i++ {
			x := ss[i]
			if !x.Good {
				bad = true
				continue
			}
			if c.N == 0 {
				c.First, c.Min, c.Max, c.GapBefore = x, x, x, bad
				bad = false
			}
			if x.V < c.Min.V {
				c.Min = x
			}
			if x.V > c.Max.V {
				c.Max = x
			}
			c.Last = x
			c.N++
		}
	}
	if k := sort.Search(len(ss), func(k int) bool { return ss[k].T.After(q.To) }); k > 0 {
		s.Last = ss[k-1]
	}
	return s
}

// plantHistory is two hours of 1 Hz samples up to t0 of four signals;
// Tank2.Level is Bad from 4 to 3 minutes before t0.
func plantHistory() *memSource {
	m := &memSource{samples: map[string][]trends.Sample{}}
	start := t0.Add(-2 * time.Hour)
	for k := 0; k <= 7200; k++ {
		t := start.Add(time.Duration(k) * time.Second)
		x := float64(k)
		noise := math.Sin(x*12.9898) * 1.5
		m.samples["Tank1.Level"] = append(m.samples["Tank1.Level"], trends.Sample{T: t, V: 55 + 25*math.Sin(2*math.Pi*x/600) + noise, Good: true})
		good := !(t.After(t0.Add(-4*time.Minute)) && t.Before(t0.Add(-3*time.Minute)))
		m.samples["Tank2.Level"] = append(m.samples["Tank2.Level"], trends.Sample{T: t, V: 30 + 12*math.Cos(2*math.Pi*x/420), Good: good})
		m.samples["Pump1.Speed"] = append(m.samples["Pump1.Speed"], trends.Sample{T: t, V: 1400 + float64(k%300), Good: true})
		if k%5 == 0 {
			m.samples["Flow"] = append(m.samples["Flow"], trends.Sample{T: t, V: 3 + math.Floor(x/900), Good: true})
		}
	}
	return m
}

const trendScreen = `
screen: trends
size: 800x480
root:
  type: canvas
  children:
    - type: trend
      id: trend
      x: 0
      y: 0
      w: 800
      h: 480
      pens:
        - { tag: Tank1.Level, label: TK-101 }
        - { tag: Tank2.Level, label: TK-102 }
        - { tag: Pump1.Speed, label: P-101, axis: right }
        - { tag: Flow, axis: own, width: 1 }
      span: 10m
      min: 0
      max: 100
`

func trendOpts(t testing.TB, theme string, src trends.Source) render.Options {
	units := map[string]string{"Tank1.Level": "%", "Tank2.Level": "%", "Pump1.Speed": "rpm"}
	return render.Options{Sheets: demoSheets(t), Env: style.Env{Theme: theme, Width: 800, Height: 480},
		Trends: render.TrendOptions{Source: src, Now: func() time.Time { return t0 }, Unit: func(tag string) string { return units[tag] }}}
}

// buildTrend builds src at 800x480 and ticks it once at t0.
func buildTrend(t testing.TB, src string, opts render.Options) (*render.Scene, fyne.Window, *render.Widget) {
	t.Helper()
	scene, w := buildAlarms(t, src, opts)
	scene.TrendTick(t0)
	return scene, w, scene.Widget("trend")
}

// plotPos is the canvas position of the point frac across the plot's
// lines, half way down.
func plotPos(tw *render.Widget, frac float64) fyne.Position {
	p := render.TrendPlot(tw)
	r := render.TrendPlotRect(tw)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(p)
	return abs.Add(fyne.NewPos(float32(r.Min.X)+float32(frac*float64(r.Dx())), float32(r.Min.Y+r.Dy()/2)))
}

func TestTrendGolden(t *testing.T) {
	src := plantHistory()
	t.Run("live", func(t *testing.T) {
		scene, w, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
		if !scene.HasTrends() || !render.TrendLive(tw) {
			t.Fatal("not a live trend")
		}
		test.AssertImageMatches(t, "trend_live.png", w.Canvas().Capture())
	})
	t.Run("zoomed", func(t *testing.T) {
		_, w, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
		test.Drag(w.Canvas(), plotPos(tw, 0.5), 300, 0) // into history
		render.TrendPlot(tw).(fyne.Scrollable).Scrolled(&fyne.ScrollEvent{
			PointEvent: fyne.PointEvent{Position: localPos(tw, 0.5)}, Scrolled: fyne.Delta{DY: 30}})
		test.AssertImageMatches(t, "trend_zoomed.png", w.Canvas().Capture())
	})
	t.Run("gap", func(t *testing.T) {
		one := strings.Replace(trendScreen, "span: 10m", "span: 5m", 1)
		_, w, _ := buildTrend(t, one, trendOpts(t, "day", src))
		test.AssertImageMatches(t, "trend_gap.png", w.Canvas().Capture())
	})
	t.Run("uncertain", func(t *testing.T) {
		// Three minutes of Uncertain samples (a stale link, substituted
		// values) are drawn faded; the legend marks the last value "?".
		unc := uncSource{src, t0.Add(-6 * time.Minute), t0.Add(-3 * time.Minute)}
		_, w, tw := buildTrend(t, trendScreen, trendOpts(t, "day", unc))
		legend := render.TrendLegend(tw)
		if !strings.HasPrefix(legend[0], "TK-101 ") || !strings.HasSuffix(legend[0], "? %") || legend[3] != "Flow 11.00?" {
			t.Errorf("legend = %q, want every value marked ?", legend)
		}
		test.AssertImageMatches(t, "trend_uncertain.png", w.Canvas().Capture())
	})
	t.Run("night", func(t *testing.T) {
		_, w, tw := buildTrend(t, trendScreen, trendOpts(t, "night", src))
		test.TapAt(render.TrendPlot(tw).(fyne.Tappable), localPos(tw, 0.75))
		test.AssertImageMatches(t, "trend_night.png", w.Canvas().Capture())
	})
}

// localPos is plotPos in the plot's own coordinates.
func localPos(tw *render.Widget, frac float64) fyne.Position {
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(render.TrendPlot(tw))
	return plotPos(tw, frac).Subtract(abs)
}

// TestTrendLive: each tick asks for [now-span, now) at the plot's width
// and repaints only the chart.
func TestTrendLive(t *testing.T) {
	src := plantHistory()
	scene, _, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
	width := render.TrendPlotRect(tw).Dx()
	want := trends.Query{Tags: []string{"Tank1.Level", "Tank2.Level", "Pump1.Speed", "Flow"}, From: t0.Add(-10 * time.Minute), To: t0, Width: width}
	if q := src.last(); !sameQuery(q, want) {
		t.Errorf("query %s, want %s", showQuery(q), showQuery(want))
	}
	frames := render.TrendFrames(tw)
	scene.TrendTick(t0.Add(100 * time.Millisecond))
	if q := src.last(); !q.To.Equal(t0.Add(100*time.Millisecond)) || q.To.Sub(q.From) != 10*time.Minute {
		t.Errorf("tick queried %s", showQuery(q))
	}
	if render.TrendFrames(tw) != frames+1 {
		t.Errorf("a tick repainted %d times", render.TrendFrames(tw)-frames)
	}
	legend := render.TrendLegend(tw)
	if !strings.HasPrefix(legend[0], "TK-101 ") || !strings.HasSuffix(legend[0], " %") || legend[3] != "Flow 11.00" {
		t.Errorf("legend = %q", legend)
	}
}

// TestTrendGestures drives the trend through Fyne's test driver and checks
// the ranges the Source is asked for.
func TestTrendGestures(t *testing.T) {
	src := plantHistory()
	scene, w, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
	width := float64(render.TrendPlotRect(tw).Dx())
	span := 10 * time.Minute
	at := func(frac float64, s time.Duration, end time.Time) time.Time {
		return end.Add(-s).Add(time.Duration(frac * float64(s)))
	}

	// A drag to the right by a quarter of the plot shows earlier times:
	// the range moves back by a quarter of the span; live stops.
	test.Drag(w.Canvas(), plotPos(tw, 0.5), float32(width/4), 0)
	end := t0.Add(-span / 4)
	if q := src.last(); !near(q.To, end) || q.To.Sub(q.From) != span {
		t.Errorf("after drag: %s, want to %s", showQuery(q), end.Format(time.TimeOnly))
	}
	if render.TrendLive(tw) {
		t.Error("still live after a drag into history")
	}
	if b := button(t, w.Content(), "Live"); !b.Visible() {
		t.Error("no Live button in history")
	}
	// A live tick does not move a trend in history.
	n := len(src.queries)
	scene.TrendTick(t0.Add(time.Second))
	if len(src.queries) != n {
		t.Error("a trend in history follows the tick")
	}

	// The wheel zooms around the pointer: the time under it stays.
	pointer := at(0.25, span, end)
	render.TrendPlot(tw).(fyne.Scrollable).Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: localPos(tw, 0.25)}, Scrolled: fyne.Delta{DY: 10}})
	q := src.last()
	newSpan := time.Duration(float64(span) / 1.25)
	if d := q.To.Sub(q.From); d != newSpan {
		t.Errorf("wheel up: span %v, want %v", d, newSpan)
	}
	if got := q.From.Add(time.Duration(0.25 * float64(q.To.Sub(q.From)))); !near(got, pointer) {
		t.Errorf("time under the pointer moved from %s to %s", pointer.Format(time.TimeOnly), got.Format(time.TimeOnly))
	}
	// test.Scroll reaches it too (Fyne's helper gives no position: the left edge stays).
	from := q.From
	test.Scroll(w.Canvas(), plotPos(tw, 0.5), 0, -10)
	if q := src.last(); q.To.Sub(q.From) != span || !near(q.From, from) {
		t.Errorf("wheel down: %s, want span %v from %s", showQuery(q), span, from.Format(time.TimeOnly))
	}

	// The − and + buttons zoom around the middle.
	mid := src.last().From.Add(span / 2)
	test.Tap(button(t, w.Content(), "+"))
	if q := src.last(); q.To.Sub(q.From) != span/2 || !near(q.From.Add(span/4), mid) {
		t.Errorf("+: %s", showQuery(q))
	}

	// A tap shows a cursor with every pen's value in the column under it.
	test.TapAt(render.TrendPlot(tw).(fyne.Tappable), localPos(tw, 0.5))
	q = src.last()
	legend := render.TrendLegend(tw)
	cursorAt := q.From.Add(q.To.Sub(q.From) / 2)
	if want := "at " + cursorAt.Format("2006-01-02 15:04:05"); !near2(legend[4], want) {
		t.Errorf("cursor legend %q, want %q", legend[4], want)
	}
	ss, _ := src.Query(context.Background(), q)
	col := ss[0].Columns[q.Width/2]
	if want := fmt.Sprintf("TK-101 %.2f %%", col.Last.V); legend[0] != want {
		t.Errorf("cursor value %q, want %q", legend[0], want)
	}
	// A second tap on it clears it.
	test.TapAt(render.TrendPlot(tw).(fyne.Tappable), localPos(tw, 0.5))
	if legend := render.TrendLegend(tw); legend[4] != "" {
		t.Errorf("cursor still shown: %q", legend)
	}

	// A preset keeps the right edge.
	test.Tap(button(t, w.Content(), "1h"))
	if p := src.last(); p.To.Sub(p.From) != time.Hour || !p.To.Equal(q.To) {
		t.Errorf("1h preset: %s", showQuery(p))
	}

	// Live returns to now.
	test.Tap(button(t, w.Content(), "Live"))
	if q := src.last(); !q.To.Equal(t0) || !render.TrendLive(tw) {
		t.Errorf("Live: %s", showQuery(q))
	}
	// Dragging forward past now is live too.
	test.Drag(w.Canvas(), plotPos(tw, 0.5), float32(width/4), 0)
	test.Drag(w.Canvas(), plotPos(tw, 0.5), -float32(width), 0)
	if !render.TrendLive(tw) {
		t.Error("dragging past now does not return to live")
	}
}

// TestTrendReload: an edited pen list patches the trend in place; it keeps
// its place in history and asks for the new tags.
func TestTrendReload(t *testing.T) {
	src := plantHistory()
	scene, w, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
	test.Drag(w.Canvas(), plotPos(tw, 0.5), 100, 0)
	before := src.last()
	edited := strings.Replace(trendScreen, "        - { tag: Flow, axis: own, width: 1 }\n", "", 1)
	edited = strings.Replace(edited, "label: TK-101", "label: Tank one", 1)
	s, err := gopage.Parse("sample.gopage", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	if res := scene.Apply(s, gopage.Diff(scene.Screen, s), trendOpts(t, "day", src)); len(res.Built) != 0 {
		t.Errorf("the reload built %v", res.Built)
	}
	if scene.Widget("trend") != tw {
		t.Fatal("the trend was built anew")
	}
	q := src.last()
	if !slices.Equal(q.Tags, []string{"Tank1.Level", "Tank2.Level", "Pump1.Speed"}) || !q.To.Equal(before.To) || render.TrendLive(tw) {
		t.Errorf("after the reload: %s (before %s)", showQuery(q), showQuery(before))
	}
	if legend := render.TrendLegend(tw); len(legend) != 4 || !strings.HasPrefix(legend[0], "Tank one ") {
		t.Errorf("legend = %q", legend)
	}
}

func TestTrendExportsCSV(t *testing.T) {
	src := plantHistory()
	dir := t.TempDir()
	opts := trendOpts(t, "day", src)
	opts.Trends.ExportDir = dir
	_, w, tw := buildTrend(t, trendScreen, opts)
	test.Tap(button(t, w.Content(), "Export"))
	path := dir + "/trend-20261129-143000.csv"
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	q := src.last()
	if len(lines) != q.Width+1 || lines[0] != "time,Tank1.Level,Tank1.Level quality,Tank2.Level,Tank2.Level quality,Pump1.Speed,Pump1.Speed quality,Flow,Flow quality" {
		t.Fatalf("%d lines, head %q", len(lines), lines[0])
	}
	ss, _ := src.Query(context.Background(), q)
	for j, c := range ss[0].Columns[:20] {
		want := c.From.Format("2006-01-02T15:04:05.000Z07:00") + ","
		if c.N > 0 {
			want += fmt.Sprint(c.Last.V)
		}
		if !strings.HasPrefix(lines[j+1], want+",") {
			t.Errorf("row %d = %q, want prefix %q", j+1, lines[j+1], want)
		}
	}
	if msg := render.TrendMessage(tw); msg != fmt.Sprintf("Wrote %d rows to %s", q.Width, path) {
		t.Errorf("message = %q", msg)
	}
}

func TestTrendWithoutSource(t *testing.T) {
	_, _, tw := buildTrend(t, trendScreen, trendOpts(t, "day", nil))
	if msg := render.TrendMessage(tw); msg != "history not available" {
		t.Errorf("message = %q", msg)
	}
}

// TestTrendAsync: the Source is asked off the UI goroutine; ticks while a
// query is out are skipped, a gesture meanwhile runs after it.
func TestTrendAsync(t *testing.T) {
	src := plantHistory()
	var pending []func() func()
	opts := trendOpts(t, "day", src)
	opts.Trends.Async = func(work func() func()) { pending = append(pending, work) }
	scene, w, tw := buildTrend(t, trendScreen, opts)
	run := func() {
		work := pending[0]
		pending = pending[1:]
		work()()
	}
	if len(pending) != 1 {
		t.Fatalf("%d queries out after the first tick", len(pending))
	}
	scene.TrendTick(t0.Add(time.Second))
	test.Drag(w.Canvas(), plotPos(tw, 0.5), 50, 0)
	if len(pending) != 1 {
		t.Fatalf("%d queries out at once", len(pending))
	}
	run()
	if len(pending) != 1 {
		t.Fatalf("the drag's query did not follow: %d out", len(pending))
	}
	run()
	if q := src.last(); render.TrendLive(tw) || !q.To.Before(t0) {
		t.Errorf("last query %s", showQuery(q))
	}
}

func sameQuery(a, b trends.Query) bool {
	return slices.Equal(a.Tags, b.Tags) && a.From.Equal(b.From) && a.To.Equal(b.To) && a.Width == b.Width
}

func showQuery(q trends.Query) string {
	return fmt.Sprintf("%v %s…%s (%v) ×%d", q.Tags, q.From.Format(time.TimeOnly), q.To.Format(time.TimeOnly), q.To.Sub(q.From), q.Width)
}

// near: within a second (pixel rounding of gestures).
func near(a, b time.Time) bool { return a.Sub(b).Abs() <= time.Second }

// near2 compares "at <time>" texts within a second.
func near2(got, want string) bool {
	g, err1 := time.ParseInLocation("at 2006-01-02 15:04:05", got, time.Local)
	w, err2 := time.ParseInLocation("at 2006-01-02 15:04:05", want, time.Local)
	return err1 == nil && err2 == nil && near(g, w)
}

// TestTrendThemeChange: a switch to the night theme repaints the chart in
// the night palette (the pens' --pen-N and the plot's background).
func TestTrendThemeChange(t *testing.T) {
	src := plantHistory()
	scene, w, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
	probe := func() (r, g, b uint8) {
		img := w.Canvas().Capture()
		pr := render.TrendPlotRect(tw)
		at := fyne.CurrentApp().Driver().AbsolutePositionForObject(render.TrendPlot(tw))
		c := img.At(int(at.X)+pr.Min.X+4, int(at.Y)+pr.Min.Y+4)
		r32, g32, b32, _ := c.RGBA()
		return uint8(r32 >> 8), uint8(g32 >> 8), uint8(b32 >> 8)
	}
	if r, g, b := probe(); r < 0xe0 || g < 0xe0 || b < 0xe0 {
		t.Errorf("day plot background %02x%02x%02x, want light", r, g, b)
	}
	frames := render.TrendFrames(tw)
	scene.SetEnv(style.Env{Theme: "night", Width: 800, Height: 480})
	if render.TrendFrames(tw) == frames {
		t.Error("the theme change did not repaint the chart")
	}
	if r, g, b := probe(); r > 0x40 || g > 0x40 || b > 0x40 {
		t.Errorf("night plot background %02x%02x%02x, want dark", r, g, b)
	}
}

// TestTrendHiDPI: on a canvas of scale 2 the chart has one column per
// device pixel, twice the columns of scale 1, and gestures still map to
// the same times.
func TestTrendHiDPI(t *testing.T) {
	src := plantHistory()
	scene, w := buildAlarms(t, trendScreen, trendOpts(t, "day", src))
	tw := scene.Widget("trend")
	scene.TrendTick(t0)
	cols := src.last().Width
	w.Canvas().(test.WindowlessCanvas).SetScale(2)
	w.Resize(fyne.NewSize(1600, 960)) // a new layout takes the scale
	w.Resize(fyne.NewSize(800, 480))
	render.Relayout(scene.Root)
	scene.TrendTick(t0)
	if got := src.last().Width; got < 2*cols-4 || got > 2*cols+4 {
		t.Errorf("scale 2: %d columns, want about %d", got, 2*cols)
	}
	test.Drag(w.Canvas(), fyne.NewPos(400, 200), 100, 0)
	q := src.last()
	plotW := float64(render.TrendPlotRect(tw).Dx()) / 2 // in Fyne units
	if want := t0.Add(-time.Duration(100 / plotW * float64(10*time.Minute))); !near(q.To, want) {
		t.Errorf("drag at scale 2: to %s, want %s", q.To.Format(time.TimeOnly), want.Format(time.TimeOnly))
	}
}

// flakySource fails while down is set.
type flakySource struct {
	*memSource
	down bool
}

func (f *flakySource) Query(ctx context.Context, q trends.Query) ([]trends.Series, error) {
	if f.down {
		return nil, fmt.Errorf("history: database is locked")
	}
	return f.memSource.Query(ctx, q)
}

// TestTrendSourceError: a failing Source is said under the chart, which
// keeps what it showed; the message goes when the Source answers again.
func TestTrendSourceError(t *testing.T) {
	src := &flakySource{memSource: plantHistory()}
	scene, _, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
	shown := render.TrendLegend(tw)[0]
	src.down = true
	scene.TrendTick(t0.Add(time.Second))
	if msg := render.TrendMessage(tw); msg != "History: history: database is locked" {
		t.Errorf("message = %q", msg)
	}
	if got := render.TrendLegend(tw)[0]; got != shown {
		t.Errorf("legend %q after a failure, want %q kept", got, shown)
	}
	src.down = false
	scene.TrendTick(t0.Add(2 * time.Second))
	if msg := render.TrendMessage(tw); msg != "" {
		t.Errorf("message after recovery = %q", msg)
	}
}

// reuseSource is a memSource that answers into the memory it is given
// (trends.ReuseSource), and records whether it was given any.
type reuseSource struct {
	*memSource
	given []bool // by query: whether it came with an earlier answer's memory
	// in and out are, by query, the first column of the memory it was
	// given (nil for none) and of its answer.
	in, out []*trends.Column
}

func (r *reuseSource) QueryUncertain(ctx context.Context, q trends.Query) ([]trends.Series, []trends.Uncertainty, error) {
	return r.QueryInto(ctx, q, nil, nil)
}

func (r *reuseSource) QueryInto(ctx context.Context, q trends.Query, ss []trends.Series, unc []trends.Uncertainty) ([]trends.Series, []trends.Uncertainty, error) {
	r.given = append(r.given, len(ss) > 0)
	var in *trends.Column
	if len(ss) > 0 && len(ss[0].Columns) > 0 {
		in = &ss[0].Columns[0]
	}
	r.in = append(r.in, in)
	defer func() {
		var out *trends.Column
		if len(ss) > 0 && len(ss[0].Columns) > 0 {
			out = &ss[0].Columns[0]
		}
		r.out = append(r.out, out)
	}()
	fresh, err := r.Query(ctx, q)
	ss, unc = ss[:0], unc[:0]
	for _, s := range fresh {
		var cols []trends.Column
		if len(ss) < cap(ss) {
			cols = ss[:len(ss)+1][len(ss)].Columns[:0]
		}
		ss = append(ss, trends.Series{Tag: s.Tag, Columns: append(cols, s.Columns...), Last: s.Last})
		unc = append(unc, trends.Uncertainty{Columns: make([]bool, len(s.Columns))})
	}
	return ss, unc, err
}

// TestTrendHiddenFreesPlot: a trend answers each query into the answer
// before last; while its screen is hidden it holds no image and no spare
// answer, whatever happens meanwhile (a theme change), and when shown
// again it paints the same pixels at once, from the answer it kept,
// without asking the Source.
func TestTrendHiddenFreesPlot(t *testing.T) {
	src := &reuseSource{memSource: plantHistory()}
	scene, w, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
	scene.TrendTick(t0.Add(100 * time.Millisecond))
	scene.TrendTick(t0.Add(200 * time.Millisecond))
	if n := len(src.given); n < 3 || src.given[0] || !src.given[n-1] {
		t.Fatalf("queries given an earlier answer to reuse: %v, want the first none and the last one", src.given)
	}
	if render.TrendSpare(tw) == 0 {
		t.Error("no answer kept to reuse")
	}
	before := w.Canvas().Capture()
	queries := len(render.TrendQueries(tw))

	scene.Hidden()
	if render.TrendImage(tw) != nil || render.TrendSpare(tw) != 0 {
		t.Fatalf("hidden: image %v, %d spare series; want none", render.TrendImage(tw) != nil, render.TrendSpare(tw))
	}
	scene.SetEnv(style.Env{Theme: "night", Width: 800, Height: 480})
	scene.SetEnv(style.Env{Theme: "day", Width: 800, Height: 480})
	if render.TrendImage(tw) != nil {
		t.Fatal("a theme change while hidden painted the plot")
	}

	scene.Shown()
	after := w.Canvas().Capture()
	if render.TrendImage(tw) == nil {
		t.Fatal("shown again: no image")
	}
	if n := len(render.TrendQueries(tw)); n != queries {
		t.Errorf("shown again: %d queries more, want none (the kept answer is drawn)", n-queries)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("shown again, the trend is not painted as before it was hidden")
	}
	scene.TrendTick(t0.Add(300 * time.Millisecond))
	if src.given[len(src.given)-1] {
		t.Error("the first query after showing again was given memory freed while hidden")
	}
}

// TestTrendPlotsShareImage: the trends of a screen draw their charts into
// one image, the size of the largest, when the window paints them, and
// each shows its own: the screen with both is, pixel for pixel, each of
// the screens with one of them. A frame that paints a plot again without
// a repaint of it draws no chart.
func TestTrendPlotsShareImage(t *testing.T) {
	trend := func(id string, y, h int, pens string) string {
		return fmt.Sprintf(`
    - type: trend
      id: %s
      x: 0
      y: %d
      w: 800
      h: %d
      pens: %s
      span: 10m`, id, y, h, pens)
	}
	a := trend("a", 0, 300, "[{ tag: Tank1.Level }, { tag: Tank2.Level }]")
	b := trend("b", 300, 180, "[{ tag: Pump1.Speed, axis: right }, { tag: Flow, axis: own }]")
	screen := func(trends ...string) string {
		return "screen: trends\nsize: 800x480\nroot:\n  type: canvas\n  children:" + strings.Join(trends, "")
	}
	src := plantHistory()
	capture := func(trends ...string) (*render.Scene, fyne.Window, image.Image) {
		scene, w := buildAlarms(t, screen(trends...), trendOpts(t, "day", src))
		scene.TrendTick(t0)
		return scene, w, w.Canvas().Capture()
	}
	_, _, onlyA := capture(a)
	_, _, onlyB := capture(b)
	scene, _, both := capture(a, b)
	ta, tb := scene.Widget("a"), scene.Widget("b")

	img := render.TrendImage(ta)
	if img == nil || img != render.TrendImage(tb) {
		t.Fatalf("the trends' images: %p and %p, want one", img, render.TrendImage(tb))
	}
	pa, pb := render.TrendPlot(ta).Size(), render.TrendPlot(tb).Size()
	if want := int(math.Ceil(float64(pa.Width))) * int(math.Ceil(float64(pa.Height))) * 4; cap(img.Pix) != want {
		t.Errorf("the shared image holds %d bytes, want %d (the larger plot, %v; the other %v)", cap(img.Pix), want, pa, pb)
	}
	half := func(m image.Image, r image.Rectangle) []color.Color {
		var px []color.Color
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				px = append(px, m.At(x, y))
			}
		}
		return px
	}
	sb := both.Bounds()
	top, bottom := image.Rect(0, 0, sb.Dx(), sb.Dy()*300/480), image.Rect(0, sb.Dy()*300/480, sb.Dx(), sb.Dy())
	if !reflect.DeepEqual(half(both, top), half(onlyA, top)) {
		t.Error("the top trend differs from the screen with it alone")
	}
	if !reflect.DeepEqual(half(both, bottom), half(onlyB, bottom)) {
		t.Error("the bottom trend differs from the screen with it alone")
	}

	// The raster backend paints only what is damaged: a plot is drawn
	// when it changed, or when damage over it comes while the image holds
	// the other plot's chart.
	t.Run("raster", func(t *testing.T) {
		prev := fyne.CurrentApp()
		t.Cleanup(func() { fyne.SetCurrentApp(prev) })
		app := raster.NewApp(raster.Options{Size: fyne.NewSize(800, 480), Painter: paint.New(), Theme: render.Theme{}})
		parsed, err := gopage.Parse("trends.gopage", []byte(screen(a, b)))
		if err != nil {
			t.Fatal(err)
		}
		scene := render.Build(parsed, trendOpts(t, "day", src))
		win := app.NewWindow("trends").(*raster.Window)
		win.SetPadded(false)
		win.SetContent(scene.Root)
		win.Resize(fyne.NewSize(800, 480))
		render.Relayout(scene.Root)
		scene.TrendTick(t0)
		win.Frame()
		ta, tb := scene.Widget("a"), scene.Widget("b")
		draws := func() [2]int { return [2]int{render.TrendDraws(ta), render.TrendDraws(tb)} }
		d0 := draws()
		if d0[0] == 0 || d0[1] == 0 {
			t.Fatalf("first frame: %v charts drawn, want both", d0)
		}
		for _, step := range []struct {
			name string
			do   func()
			want [2]int
		}{
			{"nothing", func() {}, [2]int{}},
			{"damage over the plot drawn last", func() { win.Canvas().Refresh(render.TrendPlot(tb)) }, [2]int{}},
			{"damage over the other plot", func() { win.Canvas().Refresh(render.TrendPlot(ta)) }, [2]int{1, 0}},
			{"a tick", func() { scene.TrendTick(t0.Add(time.Second)) }, [2]int{1, 1}},
		} {
			before := draws()
			step.do()
			win.Frame()
			after := draws()
			if got := [2]int{after[0] - before[0], after[1] - before[1]}; got != step.want {
				t.Errorf("%s: %v charts drawn, want %v", step.name, got, step.want)
			}
		}
	})
}

// TestTrendKeepsAnswerCompact: a trend keeps what it draws of an answer
// (64 bytes a column, not trends.Column's 224) and gives the answer
// itself to the next query at once: each query answers into the memory of
// the one before, and the trend holds no other full answer.
func TestTrendKeepsAnswerCompact(t *testing.T) {
	src := &reuseSource{memSource: plantHistory()}
	scene, _, tw := buildTrend(t, trendScreen, trendOpts(t, "day", src))
	for k := 1; k <= 3; k++ {
		scene.TrendTick(t0.Add(time.Duration(k) * 100 * time.Millisecond))
	}
	if len(src.in) < 3 {
		t.Fatalf("%d queries, want at least 3", len(src.in))
	}
	for k := 1; k < len(src.in); k++ {
		if src.in[k] == nil || src.in[k] != src.out[k-1] {
			t.Errorf("query %d answered into %p, want the memory of the answer before it (%p)", k, src.in[k], src.out[k-1])
		}
	}
	full, kept := render.TrendHeld(tw)
	qs := render.TrendQueries(tw)
	cols := 4 * qs[len(qs)-1].Width // 4 pens
	if one := cols * int(unsafe.Sizeof(trends.Column{})); full < one || full >= 2*one {
		t.Errorf("full answers held: %d bytes, want one answer's %d (and its allocation's slack)", full, one)
	}
	if kept > full/3 {
		t.Errorf("the kept answer: %d bytes, want at most a third of the full one's %d", kept, full)
	}
}
