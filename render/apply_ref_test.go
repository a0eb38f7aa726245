package render_test

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/gen"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/style"
)

// The patch path against its slow reference, as style/manager_test.go
// checks the incremental cascade against a full one: for a pair of
// screens (a, b), a scene built from a and brought to b by Scene.Apply
// must be the scene Build(b) makes — the same widgets with the same nodes
// and computed styles, the same Fyne object tree with the same places,
// sizes, texts, colours and visibility, and the same pixels.
//
// Pairs come from gen.RandomPair (a random screen and a few random edits
// of it, over a style sheet whose rules match by type, id, class and
// combinators) and from testdata/apply/*.a.gopage and *.b.gopage: pairs
// that found a bug in Apply, kept as regressions.
//
// Run the fuzz target with
//
//	go test -tags migrated_fynedo -run '^$' -fuzz FuzzApply -fuzztime 60s ./render/

// applyPairs is how many random pairs TestApplyMatchesBuild checks: the
// same ones on every run (the seed is fixed).
const applyPairs = 60

// panel is the size of the window both scenes are shown in; the design
// size of a generated screen may differ, then the scene scales.
var panel = fyne.NewSize(400, 300)

func TestApplyMatchesBuild(t *testing.T) {
	for _, p := range regressionPairs(t) {
		t.Run(p.name, func(t *testing.T) { checkApplyMatchesBuild(t, p.a, p.b, true) })
	}
	r := rand.New(rand.NewPCG(9, 2026))
	for i := range applyPairs {
		a, b := gen.RandomPair(r, 14, 1+i%4)
		t.Run(fmt.Sprintf("random%03d", i), func(t *testing.T) { checkApplyMatchesBuild(t, a, b, true) })
	}
}

// FuzzApply: for any two screens that parse, Apply(diff(a, b)) on a scene
// of a is Build(b). Seeded with the regression pairs and random pairs.
func FuzzApply(f *testing.F) {
	for _, p := range regressionPairs(f) {
		f.Add(string(p.a), string(p.b))
	}
	r := rand.New(rand.NewPCG(1, 1))
	for i := range 20 {
		a, b := gen.RandomPair(r, 14, 1+i%4)
		f.Add(string(a), string(b))
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		checkApplyMatchesBuild(t, []byte(a), []byte(b), false)
	})
}

// FuzzApplyRandom: the same property over generated pairs, the fuzzer
// choosing the generator's seed, so that it explores valid screens and
// edits rather than YAML that does not parse. Run it with
//
//	go test -tags migrated_fynedo -run '^$' -fuzz FuzzApplyRandom -fuzztime 60s ./render/
func FuzzApplyRandom(f *testing.F) {
	f.Add(uint64(1), uint8(1))
	f.Add(uint64(2), uint8(3))
	f.Fuzz(func(t *testing.T, seed uint64, edits uint8) {
		a, b := gen.RandomPair(rand.New(rand.NewPCG(seed, 0)), 14, 1+int(edits%6))
		checkApplyMatchesBuild(t, a, b, true)
	})
}

type pair struct {
	name string
	a, b []byte
}

// regressionPairs reads testdata/apply/<name>.a.gopage and <name>.b.gopage.
func regressionPairs(t testing.TB) []pair {
	files, err := filepath.Glob("testdata/apply/*.a.gopage")
	if err != nil {
		t.Fatal(err)
	}
	var ps []pair
	for _, fa := range files {
		name := strings.TrimSuffix(filepath.Base(fa), ".a.gopage")
		a, err := os.ReadFile(fa)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(strings.TrimSuffix(fa, ".a.gopage") + ".b.gopage")
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, pair{name, a, b})
	}
	return ps
}

// checkApplyMatchesBuild builds a, applies diff(a, b) to it, builds b and
// compares the two scenes. Screens that do not parse fail the test when
// strict (generated pairs must be valid), else they are skipped (fuzzing).
func checkApplyMatchesBuild(t *testing.T, a, b []byte, strict bool) {
	sa, errA := gopage.Parse("a.gopage", a)
	sb, errB := gopage.Parse("b.gopage", b)
	if errA != nil || errB != nil || sa.Root == nil || sb.Root == nil {
		if strict {
			t.Fatalf("the pair does not parse: %v; %v", errA, errB)
		}
		return
	}
	sheet, err := style.Parse("random.css", gen.RandomSheet())
	if err != nil {
		t.Fatal(err)
	}
	opts := render.Options{Sheets: []*style.Sheet{sheet}}
	// An app per pair: Fyne's caches (renderers, a font face per themed
	// control) would otherwise grow with every pair and slow the rest.
	test.NewTempApp(t).Settings().SetTheme(render.Theme{})

	// Both scenes get the classes bound to data that a binder would turn on
	// if every expression were true: the live one before and after Apply.
	live := render.Build(sa, opts)
	lw := showScene(t, live)
	boundClassesOn(live)
	live.Apply(sb, gopage.Diff(sa, sb), opts)
	boundClassesOn(live)

	ref := render.Build(sb, opts)
	rw := showScene(t, ref)
	boundClassesOn(ref)
	// What Fyne's window does each frame after a minimum size changed (a
	// text got longer, a style gave padding): the headless canvas does not.
	render.Relayout(live.Root)
	render.Relayout(ref.Root)

	if d := sceneDiff(t, live, ref); d != "" {
		t.Fatalf("Apply(diff(a, b)) on a differs from Build(b): %s\n--- a:\n%s\n--- b:\n%s", d, a, b)
	}
	if d := pixelDiff(lw.Canvas().Capture(), rw.Canvas().Capture()); d != "" {
		t.Fatalf("Apply(diff(a, b)) on a draws other pixels than Build(b): %s\n--- a:\n%s\n--- b:\n%s", d, a, b)
	}

	// And they stay the same scene when data changes their classes: the
	// style manager must know every patched, moved and kept widget with its
	// parent of now.
	for _, s := range []*render.Scene{live, ref} {
		for i, w := range s.Widgets() {
			w.SetClass("hot", i%2 == 0)
		}
		render.Relayout(s.Root)
	}
	if d := sceneDiff(t, live, ref); d != "" {
		t.Fatalf("after a bound class toggled, Apply(diff(a, b)) on a differs from Build(b): %s\n--- a:\n%s\n--- b:\n%s", d, a, b)
	}
}

// boundClassesOn turns on every class bound to an expression in s.
func boundClassesOn(s *render.Scene) {
	for _, w := range s.Widgets() {
		for _, c := range w.Node.BoundClasses {
			w.SetClass(c.Name, true)
		}
	}
}

func showScene(t *testing.T, s *render.Scene) fyne.Window {
	w := test.NewTempWindow(t, s.Root)
	w.SetPadded(false)
	w.Resize(panel)
	return w
}

// sceneDiff describes the first difference between two scenes, or "".
func sceneDiff(t *testing.T, got, want *render.Scene) string {
	gw, ww := got.Widgets(), want.Widgets()
	for i := range max(len(gw), len(ww)) {
		if i >= len(gw) || i >= len(ww) {
			return fmt.Sprintf("%d widgets, want %d", len(gw), len(ww))
		}
		if d := widgetDiff(got, gw[i], ww[i]); d != "" {
			return fmt.Sprintf("widget %d (%s): %s", i, widgetPath(gw[i]), d)
		}
	}
	c := &objCompare{t: t, names: map[fyne.CanvasObject]string{}}
	for _, w := range gw {
		c.names[w.Object] = w.Node.Key()
	}
	return c.diff(got.Root, want.Root, "scene", true)
}

// widgetDiff compares two widgets' identity, node, style and state.
func widgetDiff(gs *render.Scene, g, w *render.Widget) string {
	switch {
	case g.Node.Key() != w.Node.Key():
		return fmt.Sprintf("key %q, want %q", g.Node.Key(), w.Node.Key())
	case !gopage.SameNode(g.Node, w.Node):
		return "the node is not the new screen's"
	case gs.Widget(g.Node.Key()) != g || g.Node.ID != "" && gs.Widget(g.Node.ID) != g:
		return "not found by its key or id"
	case widgetPath(g) != widgetPath(w):
		return fmt.Sprintf("parent chain %s, want %s", widgetPath(g), widgetPath(w))
	case !reflect.DeepEqual(g.Computed(), w.Computed()):
		return fmt.Sprintf("computed style\n got %+v\nwant %+v", g.Computed(), w.Computed())
	}
	gst, gwhy := g.Status()
	wst, wwhy := w.Status()
	if gst != wst || gwhy != wwhy {
		return fmt.Sprintf("status %v %q, want %v %q", gst, gwhy, wst, wwhy)
	}
	return ""
}

// widgetPath is the keys of w and its ancestors, root first.
func widgetPath(w *render.Widget) string {
	var keys []string
	for e := style.Element(w); e != nil; e = e.Parent() {
		keys = append(keys, e.(*render.Widget).Node.Key())
	}
	for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
		keys[i], keys[j] = keys[j], keys[i]
	}
	return strings.Join(keys, " > ")
}

// objCompare walks two Fyne object trees side by side.
type objCompare struct {
	t     *testing.T
	names map[fyne.CanvasObject]string // the live scene's widget objects: their keys
}

// diff returns the first difference under g and w, named by its path:
// widget keys where an object is a widget's, else type and index.
//
// Under a hidden object only what widget code sets outside of layout is
// compared: types, texts, colours, and whether widgets themselves are
// shown. Fyne neither draws nor lays out what is hidden (stack layouts
// skip it), so a live scene may keep the places, and whatever symbols
// derive from their size (corner radii, which parts show, alignment), that
// an object had before it was hidden; it is laid out when shown.
func (c *objCompare) diff(g, w fyne.CanvasObject, path string, shown bool) string {
	k, isWidget := c.names[g]
	if isWidget {
		path += " > " + k
	}
	if dg, dw := describe(g, shown, isWidget), describe(w, shown, isWidget); dg != dw {
		return fmt.Sprintf("%s:\n got %s\nwant %s", path, dg, dw)
	}
	shown = shown && g.Visible()
	gk, wk := c.children(g), c.children(w)
	if len(gk) != len(wk) {
		return fmt.Sprintf("%s: %d children, want %d", path, len(gk), len(wk))
	}
	for i := range gk {
		if d := c.diff(gk[i], wk[i], fmt.Sprintf("%s/%d", path, i), shown); d != "" {
			return d
		}
	}
	return ""
}

func (c *objCompare) children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch o := o.(type) {
	case *fyne.Container:
		return o.Objects
	case fyne.Widget:
		return test.TempWidgetRenderer(c.t, o).Objects()
	}
	return nil
}

// describe is an object's type and look; where its parent is shown, also
// its visibility, place, size and what layout derives from them.
func describe(o fyne.CanvasObject, shown, isWidget bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%T", o)
	if shown || isWidget {
		fmt.Fprintf(&b, " visible=%v", o.Visible())
	}
	shown = shown && o.Visible()
	if shown {
		p, s := o.Position(), o.Size()
		fmt.Fprintf(&b, " at (%s,%s) size %sx%s", fl(p.X), fl(p.Y), fl(s.Width), fl(s.Height))
	}
	switch o := o.(type) {
	case *canvas.Text:
		fmt.Fprintf(&b, " text=%q color=%s size=%s style=%+v", o.Text, col(o.Color), fl(o.TextSize), o.TextStyle)
		if shown {
			fmt.Fprintf(&b, " align=%v", o.Alignment)
		}
	case *canvas.Rectangle:
		fmt.Fprintf(&b, " fill=%s stroke=%s width=%s", col(o.FillColor), col(o.StrokeColor), fl(o.StrokeWidth))
		if shown {
			fmt.Fprintf(&b, " radius=%s", fl(o.CornerRadius))
		}
	case *canvas.Circle:
		fmt.Fprintf(&b, " fill=%s stroke=%s width=%s", col(o.FillColor), col(o.StrokeColor), fl(o.StrokeWidth))
	case *canvas.Line:
		fmt.Fprintf(&b, " stroke=%s width=%s", col(o.StrokeColor), fl(o.StrokeWidth))
		if shown {
			fmt.Fprintf(&b, " from (%s,%s) to (%s,%s)", fl(o.Position1.X), fl(o.Position1.Y), fl(o.Position2.X), fl(o.Position2.Y))
		}
	case *canvas.Image:
		fmt.Fprintf(&b, " file=%q fill=%v", o.File, o.FillMode)
	case *fyne.Container:
		fmt.Fprintf(&b, " layout=%T", o.Layout)
	case *widget.Button:
		fmt.Fprintf(&b, " text=%q importance=%v disabled=%v", o.Text, o.Importance, o.Disabled())
	case *widget.Check:
		fmt.Fprintf(&b, " text=%q checked=%v disabled=%v", o.Text, o.Checked, o.Disabled())
	case *widget.Entry:
		fmt.Fprintf(&b, " text=%q placeholder=%q disabled=%v", o.Text, o.PlaceHolder, o.Disabled())
	}
	return b.String()
}

// fl prints a coordinate rounded to a hundredth: layouts that reach the
// same place by other float operations are the same.
func fl(f float32) string { return fmt.Sprintf("%.2f", math.Round(float64(f)*100)/100+0) }

func col(c color.Color) string {
	if c == nil {
		return "nil"
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x%02x", n.R, n.G, n.B, n.A)
}

// pixelDiff describes the first differing pixel of two captures, or "".
func pixelDiff(g, w image.Image) string {
	if g.Bounds() != w.Bounds() {
		return fmt.Sprintf("bounds %v, want %v", g.Bounds(), w.Bounds())
	}
	r := g.Bounds()
	n, first := 0, image.Point{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.NRGBAModel.Convert(g.At(x, y)) != color.NRGBAModel.Convert(w.At(x, y)) {
				if n == 0 {
					first = image.Pt(x, y)
				}
				n++
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d pixels, the first at %v: %s, want %s", n, first, col(g.At(first.X, first.Y)), col(w.At(first.X, first.Y)))
}
